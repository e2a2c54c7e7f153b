# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fact versions of documents (issue 25).

A fingerprint (``sales_performance_plan_facts``) digests every fact a
computation of a period reads; the credits part of it used to digest the
rows of the period's documents (their credits, their own columns, their
product lines' sums), which made a run with a year of approved months read
the year's documents again (2 s at 100,000 invoices) to find that nothing
changed.

Instead each document has a version number here, changed by database
triggers in the transaction that changes any of those rows, however it is
written (the ORM, SQL, another module): a credit inserted, updated or
deleted; one of the document's ``FACT_MOVE_COLUMNS`` updated; a product line
inserted, deleted or one of its ``FACT_LINE_COLUMNS`` updated. The
fingerprint digests the documents and their versions: it changes whenever
the rows' digest would (and may change when it would not, which only makes
an approved period checked again: generous, never blind).

Every document is versioned, with credits or not: a filter on "has
credits" would read them in the writer's snapshot, blind to the first
credits another transaction is committing at the same time (repeatable
read), and the writer's change would then be missed. Versioning the document
unconditionally also makes two transactions that change facts of the same
document meet on its version row: the second is retried, never lost. A
document never changed since the triggers exist has no row: version 0.

The triggers are statement-level with transition tables (PostgreSQL 10 and
newer): one ``INSERT ... ON CONFLICT`` per statement that changed facts,
none for the others. They are (re)made by ``account.move.init`` at install
and at every upgrade, and dropped by the uninstall hook.
"""

from odoo.tools import SQL

FACT_VERSION_TABLE = "sales_performance_fact_version"
FACT_VERSION_SEQUENCE = "sales_performance_fact_version_seq"

# What a fingerprint reads of a document besides its credits (all their
# columns): the document's columns, and its product lines' (issue 19). The
# row digest (``_sp_fact_row``, ``_sp_fact_lines``) reads them; a change of
# any of them changes the document's version.
FACT_MOVE_COLUMNS = (
    "state",
    "move_type",
    "reversed_entry_id",
    "invoice_date",
    "amount_untaxed_signed",
    "sp_project_expenses",
    "sp_company_negotiated",
    "sp_credit_sale",
    "sp_credit_sale_approved",
)
FACT_LINE_COLUMNS = (
    "move_id",
    "display_type",
    "sp_above_list_amount",
    "sp_above_list_taxed",
    "sp_cost_amount",
)

# (table, trigger function) of each versioned table
TRIGGERS = (
    ("sales_performance_credit", "sales_performance_fact_credit"),
    ("account_move", "sales_performance_fact_move"),
    ("account_move_line", "sales_performance_fact_line"),
)
EVENTS = {
    "INSERT": "REFERENCING NEW TABLE AS sp_new",
    "UPDATE": "REFERENCING OLD TABLE AS sp_old NEW TABLE AS sp_new",
    "DELETE": "REFERENCING OLD TABLE AS sp_old",
}
# a document's own row is never inserted with facts (its credits come
# after it) and its deletion deletes its credits (cascade)
MOVE_EVENTS = ("UPDATE",)


def _changed(columns):
    """SQL: ``(n.a, n.b) IS DISTINCT FROM (o.a, o.b)``."""
    return SQL(
        "(%s) IS DISTINCT FROM (%s)",
        SQL(", ").join(SQL.identifier("n", name) for name in columns),
        SQL(", ").join(SQL.identifier("o", name) for name in columns),
    )


def _trigger_name(table, event):
    return f"{table}_sp_fact_{event.lower()}"


def install(cr):
    """Make (or make again) the version table, its sequence, the trigger
    functions and the triggers. Idempotent."""
    cr.execute(
        SQL(
            """
            CREATE TABLE IF NOT EXISTS %(table)s (
                move_id integer PRIMARY KEY,
                version bigint NOT NULL
            );
            CREATE SEQUENCE IF NOT EXISTS %(sequence)s;

            -- a new version for each of ``moves``, in the order of their
            -- ids (two transactions lock their rows in the same order)
            CREATE OR REPLACE FUNCTION sales_performance_fact_bump(moves integer[])
            RETURNS void LANGUAGE sql AS $$
                INSERT INTO %(table)s AS v (move_id, version)
                SELECT d.move, nextval(%(sequence_name)s)
                  FROM (SELECT DISTINCT m.move FROM unnest(moves) AS m(move)
                         WHERE m.move IS NOT NULL) d
                 ORDER BY d.move
                ON CONFLICT (move_id) DO UPDATE SET version = EXCLUDED.version
            $$;

            CREATE OR REPLACE FUNCTION sales_performance_fact_credit()
            RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM sales_performance_fact_bump(
                        ARRAY(SELECT move_id FROM sp_new));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM sales_performance_fact_bump(
                        ARRAY(SELECT move_id FROM sp_old));
                ELSE
                    PERFORM sales_performance_fact_bump(ARRAY(
                        SELECT unnest(ARRAY[o.move_id, n.move_id])
                          FROM sp_new n JOIN sp_old o ON o.id = n.id
                         WHERE n IS DISTINCT FROM o));
                END IF;
                RETURN NULL;
            END $$;

            CREATE OR REPLACE FUNCTION sales_performance_fact_move()
            RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM sales_performance_fact_bump(ARRAY(
                    SELECT n.id
                      FROM sp_new n JOIN sp_old o ON o.id = n.id
                     WHERE %(move_changed)s));
                RETURN NULL;
            END $$;

            CREATE OR REPLACE FUNCTION sales_performance_fact_line()
            RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                moves integer[];
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    moves := ARRAY(SELECT move_id FROM sp_new
                                    WHERE display_type = 'product');
                ELSIF TG_OP = 'DELETE' THEN
                    moves := ARRAY(SELECT move_id FROM sp_old
                                    WHERE display_type = 'product');
                ELSE
                    moves := ARRAY(
                        SELECT unnest(ARRAY[o.move_id, n.move_id])
                          FROM sp_new n JOIN sp_old o ON o.id = n.id
                         WHERE %(line_changed)s);
                END IF;
                IF cardinality(moves) > 0 THEN
                    PERFORM sales_performance_fact_bump(moves);
                END IF;
                RETURN NULL;
            END $$;
            """,
            table=SQL.identifier(FACT_VERSION_TABLE),
            sequence=SQL.identifier(FACT_VERSION_SEQUENCE),
            sequence_name=SQL("%s", FACT_VERSION_SEQUENCE),
            move_changed=_changed(FACT_MOVE_COLUMNS),
            line_changed=_changed(FACT_LINE_COLUMNS),
        )
    )
    for table, function in TRIGGERS:
        events = MOVE_EVENTS if table == "account_move" else tuple(EVENTS)
        for event, referencing in EVENTS.items():
            name = SQL.identifier(_trigger_name(table, event))
            cr.execute(
                SQL("DROP TRIGGER IF EXISTS %s ON %s", name, SQL.identifier(table))
            )
            if event not in events:
                continue
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON %s %s FOR EACH STATEMENT "
                    "EXECUTE FUNCTION %s()",
                    name,
                    SQL(event),
                    SQL.identifier(table),
                    SQL(referencing),
                    SQL.identifier(function),
                )
            )


def uninstall(cr):
    """Drop the triggers, their functions, the table and its sequence."""
    for table, function in TRIGGERS:
        for event in EVENTS:
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(_trigger_name(table, event)),
                    SQL.identifier(table),
                )
            )
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
    cr.execute(SQL("DROP FUNCTION IF EXISTS sales_performance_fact_bump(integer[])"))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(FACT_VERSION_TABLE)))
    cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(FACT_VERSION_SEQUENCE)))
