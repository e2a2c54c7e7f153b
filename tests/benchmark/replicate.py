# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Replicate the documents of a seed group of salespeople onto the others.

Posting, reconciling and settling 100,000 invoices through the ORM takes
hours on two cores. The benchmark therefore generates the documents of a
*seed* group of salespeople through the ORM (invoices, refunds, full,
partial and late payments: every row Odoo, OCA commission and
sales_performance write for them), then copies those rows once per other
group in SQL, mapping each seed customer, salesperson, agent and employee to
its counterpart. The copies are the same posted, reconciled records with
other partners and people: same amounts, dates, reconciliations, credits and
OCA commission lines; new ids, new document numbers.

What is copied is found, not listed: every table whose rows grew while the
seed documents were written. A table that grew and is neither copied nor
known to be irrelevant stops the generation (a new module writing rows on
posting must be looked at, not silently left out). :func:`check` then
verifies the copies with the ORM itself.
"""

# Tables that grow while documents are posted and paid but hold nothing the
# copies need: chatter, followers, transient wizards, caches, sequences.
IGNORED_PREFIXES = ("mail_", "bus_", "ir_", "queue_job", "res_users_log")

# Tables whose seed rows are mapped to their counterparts, not copied.
MAPPED = ("res_partner", "res_users", "hr_employee")


def _seed_id(column, mark, span):
    """SQL: the id of the seed row that the copied row ``column`` repeats
    (copy c of seed row s has id s + c * span)."""
    return f"{mark} + 1 + ({column} - {mark} - 1) % {span}"


def _tables_with_id(cr):
    cr.execute(
        """
        SELECT c.table_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = 'public' AND c.column_name = 'id'
           AND t.table_type = 'BASE TABLE'
        """
    )
    return sorted(r[0] for r in cr.fetchall())


def watermarks(cr):
    """The highest id of every table, before the seed documents."""
    marks = {}
    for table in _tables_with_id(cr):
        cr.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        marks[table] = cr.fetchone()[0]
    return marks


def _transient_tables(env):
    return {model._table for model in env.registry.values() if model._transient}


def _foreign_keys(cr):
    """{table: {column: referenced table}} for single-column foreign keys."""
    cr.execute(
        """
        SELECT src.relname, att.attname, dst.relname
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_class dst ON dst.oid = con.confrelid
          JOIN pg_attribute att
            ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
         WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1
        """
    )
    keys = {}
    for table, column, target in cr.fetchall():
        keys.setdefault(table, {})[column] = target
    return keys


def _columns(cr, table):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = %s
         ORDER BY ordinal_position
        """,
        (table,),
    )
    return [r[0] for r in cr.fetchall()]


def grown_tables(env, marks, transient):
    """Tables with rows written since ``marks``, split into those to copy and
    those ignored; raise on any other."""
    cr = env.cr
    copy, ignored = {}, []
    for table, mark in marks.items():
        cr.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        top = cr.fetchone()[0]
        if top <= mark:
            continue
        if table in transient or table.startswith(IGNORED_PREFIXES):
            ignored.append(table)
        elif table in MAPPED:
            raise RuntimeError(
                f"{table} grew while the seed documents were written: "
                "the replication cannot map rows it did not create"
            )
        else:
            copy[table] = (mark, top)
    return copy, ignored


def replicate(env, marks, copies, mapping, log=print):
    """Copy the seed rows (ids above ``marks``) ``copies - 1`` times.

    ``mapping``: {(table, seed id): [id in copy 1, id in copy 2, ...]} for
    the partners, users and employees of the seed group.
    """
    cr = env.cr
    env.flush_all()
    if copies < 2:
        return {}
    transient = _transient_tables(env)
    tables, ignored = grown_tables(env, marks, transient)
    log(f"    replicating {sorted(tables)} x{copies - 1} (ignored: {sorted(ignored)})")
    keys = _foreign_keys(cr)
    # Relation tables (no id) between copied rows, e.g. payments <-> invoices.
    relations = [
        table
        for table, cols in keys.items()
        if table not in marks
        and any(target in tables for target in cols.values())
        and table not in transient
    ]
    cr.execute(
        "CREATE TEMP TABLE sp_bench_map (c int, tbl text, old int, new int) "
        "ON COMMIT DROP"
    )
    rows = [
        (c + 1, table, old, new)
        for (table, old), news in mapping.items()
        for c, new in enumerate(news)
    ]
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        cr.execute(
            "INSERT INTO sp_bench_map VALUES "
            + ",".join(["(%s, %s, %s, %s)"] * len(chunk)),
            [v for row in chunk for v in row],
        )
    cr.execute("CREATE INDEX ON sp_bench_map (tbl, old, c)")
    spans = {table: top - mark for table, (mark, top) in tables.items()}

    special = _numbering(cr, tables, spans)

    def select(table, columns, where, deferred=()):
        exprs, joins = [], []
        fks = keys.get(table, {})
        for column in columns:
            target = fks.get(column)
            if (table, column) in special:
                exprs.append(special[table, column])
            elif column in deferred:
                exprs.append("NULL")
            elif column == "id":
                exprs.append(f"t.id + g.c * {spans[table]}")
            elif target in tables:
                mark = tables[target][0]
                exprs.append(
                    f'CASE WHEN t."{column}" > {mark} '
                    f'THEN t."{column}" + g.c * {spans[target]} ELSE t."{column}" END'
                )
            elif target in MAPPED and column not in ("create_uid", "write_uid"):
                alias = f"m{len(joins)}"
                joins.append(
                    f"LEFT JOIN sp_bench_map {alias} ON {alias}.tbl = '{target}' "
                    f'AND {alias}.old = t."{column}" AND {alias}.c = g.c'
                )
                exprs.append(f'COALESCE({alias}.new, t."{column}")')
            else:
                exprs.append(f't."{column}"')
        return (
            f'SELECT {", ".join(exprs)} FROM "{table}" t '
            f"CROSS JOIN generate_series(1, {copies - 1}) g(c) "
            f"{' '.join(joins)} WHERE {where}"
        )

    order, deferred = _insert_order(cr, tables, keys)
    for table in order:
        columns = _columns(cr, table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        query = select(table, columns, f"t.id > {tables[table][0]}", deferred[table])
        cr.execute(f'INSERT INTO "{table}" ({quoted}) {query}')
        cr.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f'(SELECT MAX(id) FROM "{table}"))',
            (table,),
        )
    # Foreign keys of a cycle (a payment and its journal entry) are set once
    # both sides exist.
    for table, columns in deferred.items():
        mark, top = tables[table]
        for column in columns:
            target = keys[table][column]
            tmark = tables[target][0]
            cr.execute(
                f"""
                UPDATE "{table}" n
                   SET "{column}" = o."{column}"
                       + ((n.id - {mark} - 1) / {spans[table]}) * {spans[target]}
                  FROM "{table}" o
                 WHERE n.id > {top}
                   AND o.id = {_seed_id("n.id", mark, spans[table])}
                   AND o."{column}" > {tmark}
                """
            )
    for table in relations:
        columns = _columns(cr, table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        seed = " OR ".join(
            f't."{column}" > {tables[target][0]}'
            for column, target in keys[table].items()
            if target in tables
        )
        cr.execute(f'INSERT INTO "{table}" ({quoted}) {select(table, columns, seed)}')
    _renumber(cr, tables, spans)
    # Posting ranks the customers (account's _increase_rank).
    cr.execute(
        """
        UPDATE res_partner p SET customer_rank = o.customer_rank
          FROM sp_bench_map m JOIN res_partner o ON o.id = m.old
         WHERE m.tbl = 'res_partner' AND p.id = m.new
        """
    )
    env.invalidate_all()
    return tables


def _insert_order(cr, tables, keys):
    """Tables in an order where each row's references to other copied rows
    exist when it is inserted; in a cycle, the nullable references that
    close it are deferred: ``(order, {table: [deferred columns]})``."""
    cr.execute(
        """
        SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND is_nullable = 'YES'
        """
    )
    nullable = set(cr.fetchall())
    needs = {
        table: {
            column: target
            for column, target in keys.get(table, {}).items()
            if target in tables and target != table
        }
        for table in tables
    }
    order, deferred = [], {table: [] for table in tables}
    left = sorted(tables)
    while left:
        ready = [
            t
            for t in left
            if all(
                target in order or column in deferred[t]
                for column, target in needs[t].items()
            )
        ]
        if not ready:
            # break a cycle (a table and a table referring back to it) at a
            # nullable reference
            candidates = [
                (t, c)
                for t in left
                for c, target in needs[t].items()
                if target not in order and c not in deferred[t] and (t, c) in nullable
            ]
            table, column = next(
                ((t, c) for t, c in candidates if t in needs[needs[t][c]].values()),
                candidates[0],
            )
            deferred[table].append(column)
            continue
        order += ready
        left = [t for t in left if t not in ready]
    return order, deferred


def _numbering(cr, tables, spans):
    """Numbers and names of the copied moves: copy c of a move numbered n
    in the seed is numbered n + c * (the seed's highest number), in the same
    journal and prefix, so that every copy keeps a unique name. Their lines
    and payments repeat that name, and the lines' matching numbers name the
    copied reconciliation."""
    mark, top = tables["account_move"]
    cr.execute(
        "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move WHERE id > %s "
        "AND id <= %s",
        (mark, top),
    )
    numbers = cr.fetchone()[0]
    numbered = "t.sequence_prefix IS NOT NULL AND t.name != '/'"
    number = f"(t.sequence_number + g.c * {numbers})"
    copied_move = (
        f"(SELECT m.name FROM account_move m "
        f"WHERE m.id = t.move_id + g.c * {spans['account_move']})"
    )
    full = tables.get("account_full_reconcile", (0, 0))[0]
    partial = tables.get("account_partial_reconcile", (0, 0))[0]
    partial_number = "substr(t.matching_number, 2)::int"
    return {
        ("account_move_line", "move_name"): (
            f"CASE WHEN t.move_id > {mark} THEN {copied_move} ELSE t.move_name END"
        ),
        ("account_move_line", "matching_number"): (
            f"CASE WHEN t.full_reconcile_id > {full} "
            f"THEN (t.full_reconcile_id + g.c * "
            f"{spans.get('account_full_reconcile', 0)})::text "
            f"WHEN t.matching_number LIKE 'P%' AND {partial_number} > {partial} "
            f"THEN 'P' || ({partial_number} + g.c * "
            f"{spans.get('account_partial_reconcile', 0)})::text "
            "ELSE t.matching_number END"
        ),
        ("account_payment", "name"): (
            f"CASE WHEN t.move_id > {mark} THEN {copied_move} ELSE t.name END"
        ),
        ("account_move", "sequence_number"): (
            f"CASE WHEN {numbered} THEN {number} ELSE t.sequence_number END"
        ),
        ("account_move", "name"): (
            f"CASE WHEN {numbered} THEN t.sequence_prefix || lpad({number}::text, "
            f"GREATEST(length(t.name) - length(t.sequence_prefix), "
            f"length({number}::text)), '0') ELSE t.name END"
        ),
    }


def _renumber(cr, tables, spans):
    """Names and labels that repeat the copied moves' new names."""
    mark, top = tables["account_move"]
    span = spans["account_move"]
    cr.execute(
        f"""
        UPDATE account_move m
           SET payment_reference = m.name
          FROM account_move o
         WHERE m.id > {top} AND o.id = {_seed_id("m.id", mark, span)}
           AND m.payment_reference = o.name
        """
    )
    cr.execute(
        f"""
        UPDATE account_move m
           SET invoice_partner_display_name = p.complete_name
          FROM res_partner p
         WHERE m.id > {top} AND p.id = m.partner_id
        """
    )
    cr.execute(
        f"""
        UPDATE account_move m
           SET ref = replace(m.ref, o.name, r.name)
          FROM account_move r, account_move o
         WHERE m.id > {top} AND m.reversed_entry_id = r.id
           AND o.id = {_seed_id("r.id", mark, span)}
           AND m.ref IS NOT NULL
        """
    )


def check(env, tables, sample=40):
    """The copies are what the ORM would have written: a sample of copied
    invoices gives the same residuals, payment states and credits when Odoo
    and sales_performance recompute them, and every reconciliation joins
    lines of the same copy and partner."""
    cr = env.cr
    top = tables["account_move"][1]
    lmark, ltop = tables["account_move_line"]
    lspan = ltop - lmark
    cr.execute(
        f"""
        SELECT COUNT(*) FROM account_partial_reconcile p
          JOIN account_move_line d ON d.id = p.debit_move_id
          JOIN account_move_line c ON c.id = p.credit_move_id
         WHERE p.id > {tables["account_partial_reconcile"][0]}
           AND ((d.id - {lmark} - 1) / {lspan} != (c.id - {lmark} - 1) / {lspan}
                OR d.partner_id IS DISTINCT FROM c.partner_id
                OR d.account_id != c.account_id)
        """
    )
    bad = cr.fetchone()[0]
    if bad:
        raise RuntimeError(f"{bad} copied reconciliations join unrelated lines")
    cr.execute(
        f"""
        SELECT COUNT(*) FROM account_move_line l JOIN account_move m ON m.id = l.move_id
         WHERE l.id > {lmark} AND l.partner_id IS DISTINCT FROM m.commercial_partner_id
           AND m.move_type IN ('out_invoice', 'out_refund')
        """
    )
    bad = cr.fetchone()[0]
    if bad:
        raise RuntimeError(f"{bad} copied invoice lines have another partner")
    cr.execute(
        f"""
        SELECT id FROM account_move
         WHERE id > {top} AND move_type IN ('out_invoice', 'out_refund')
         ORDER BY id DESC LIMIT {sample}
        """
    )
    moves = env["account.move"].browse([r[0] for r in cr.fetchall()])
    fields = ["amount_residual", "payment_state", "amount_total", "invoice_user_id"]
    before = {m.id: [m[f] for f in fields] for m in moves}
    credits_before = _credits(env, moves)
    env.invalidate_all()
    lines = moves.line_ids
    for name in ("amount_residual", "reconciled"):
        env.add_to_compute(lines._fields[name], lines)
    for name in ("amount_residual", "amount_total", "payment_state"):
        env.add_to_compute(moves._fields[name], moves)
    after = {m.id: [m[f] for f in fields] for m in moves}
    if before != after:
        raise RuntimeError("copied invoices do not recompute to their stored values")
    env["sales.performance.credit"]._sp_sync_for(moves)
    env.flush_all()
    if _credits(env, moves) != credits_before:
        raise RuntimeError("copied invoices' credits differ from a re-sync")
    return len(moves)


def _credits(env, moves):
    credits = env["sales.performance.credit"].search([("move_id", "in", moves.ids)])
    return sorted(
        (
            c.move_id.id,
            c.kind,
            c.employee_id.id,
            str(c.date),
            round(c.amount_revenue, 2),
            round(c.amount_collected, 2),
        )
        for c in credits
    )
