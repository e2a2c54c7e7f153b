# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The facts a period of a plan is computed from, as one digest (issue 19).

An approved statement is worth what was booked for it until a fact of its
period changes: a document, a payment, a split, a grade, a target, a wage,
a member. The fingerprint is a digest of those facts as the engine reads
them, computed in SQL; the engine recomputes a frozen statement only when
its period's fingerprint (or the rules in force in it) changed since it was
computed. It is deliberately generous: it may include what does not change
money (a recomputation then finds nothing to book), never leave out what
does. Rules, scales, configuration and the engine's own code are not facts:
changing them never re-prices an approved period.

The credits part of a fingerprint is read as each document's fact version
(issue 25): a number that database triggers (:mod:`..tools.fact_versions`)
change in the transaction that changes anything the engine reads of the
document (its credits, the columns of ``FACT_MOVE_COLUMNS``, its product
lines' ``FACT_LINE_COLUMNS``), however it is written. A year's approved
months are then checked from the documents' numbers, not from their rows.
"""

import hashlib
from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..tools.fact_versions import FACT_MOVE_COLUMNS, FACT_VERSION_TABLE
from ..tools.pg import without_jit


def month_pieces(start, end):
    """``[(start, end)]``: the calendar months of the dates from ``start`` to
    ``end``, the first and last cut to them (issue 25)."""
    pieces = []
    while start <= end:
        following = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        pieces.append((start, min(end, following - timedelta(days=1))))
        start = following
    return pieces


class SalesPerformancePlan(models.Model):
    _inherit = "sales.performance.plan"

    def _sp_rule_stamp(self, period):
        """The rule rows in force in ``period``, as a stamp (ids)."""
        self.ensure_one()
        return ",".join(str(i) for i in sorted(self._sp_rules_for(period).ids))

    def _sp_fact_window(self, period):
        """``(start, end)`` of the dates a computation of ``period`` reads:
        the period, widened to the quarter or year of the cumulative rules
        (R-C12 thresholds, R-P2 year-end) in force in it."""
        self.ensure_one()
        start = period.date_start
        for rule in self._sp_rules_for(period):
            window = rule._sp_fact_window_start(period)
            if window and window < start:
                start = window
        return start, period.date_end

    def _sp_fact_fingerprint(self, period):
        """A digest of every fact a computation of ``period`` reads."""
        self.ensure_one()
        return self._sp_fact_checks(period)[period.id][0]

    def _sp_fact_checks(self, periods, by_rows=False):
        """``{period id: (fingerprint, rule stamp)}`` of ``periods`` as they
        are now, the credits of all the periods read in one query (issue
        25): a run reads what its earlier periods' facts are once, not once
        a period, a chunk or a statement.

        A window's credits are read as the calendar months it spans (its
        pieces, :func:`month_pieces`), each piece's digest once whatever the
        number of windows spanning it: a year's eleven approved months read
        the year's documents once, not the year's running windows one by
        one (January's documents eleven times). A document is in a window
        when one of its dates is; the window's documents are those of its
        pieces, so its fingerprint changes exactly when one of its pieces'
        digests does.

        A piece's digest is that of its documents and their fact versions
        (:meth:`_sp_credit_versions_windows`); ``by_rows``: of their rows
        instead (:meth:`_sp_credit_facts_windows`), as 18.0.1.6.0 read them
        (its statements' fingerprints, which the 18.0.1.7.0 migration
        compares with)."""
        self.ensure_one()
        periods = periods.sorted("date_start")
        if not periods:
            return {}
        windows = {period: self._sp_fact_window(period) for period in periods}
        pieces = sorted(
            {piece for window in windows.values() for piece in month_pieces(*window)}
        )
        employees = self.member_ids.employee_id.ids or [0]
        self._sp_flush_facts()
        reader = (
            self._sp_credit_facts_windows
            if by_rows
            else self._sp_credit_versions_windows
        )
        # its JIT compilation cost more than its execution saved (issue 25)
        with without_jit(self.env.cr):
            self.env.cr.execute(
                reader(
                    employees,
                    [(key, start, end) for key, (start, end) in enumerate(pieces)],
                )
            )
            credits = dict(self.env.cr.fetchall())
        empty = hashlib.md5(b"", usedforsecurity=False).hexdigest()
        digests = {piece: credits.get(key) or empty for key, piece in enumerate(pieces)}
        result = {}
        for period, (start, end) in windows.items():
            self.env.cr.execute(self._sp_people_facts(period, employees, start, end))
            people = self.env.cr.fetchone()[0]
            digest = hashlib.sha1(usedforsecurity=False)
            for piece in month_pieces(start, end):
                digest.update(f"{piece[0]}|{piece[1]}|{digests[piece]}\n".encode())
            digest.update((people or "").encode())
            result[period.id] = (digest.hexdigest(), self._sp_rule_stamp(period))
        return result

    def _sp_fact_digests(self, period):
        """``{employee id: digest}`` of the facts one person's statement of
        ``period`` reads (issue 25): the plan's people facts (members,
        targets, grades, wages, hierarchy, rate) and the credits of every
        document the person is credited on, whoever else is (splits, deal
        contributors). In a plan whose rules pay nobody on anybody else's
        sales (``_sp_separable``), a statement whose digest is unchanged is
        worth what it was when the digest was recorded, even when the
        period's fingerprint changed because of someone else's facts."""
        self.ensure_one()
        start, end = self._sp_fact_window(period)
        employees = self.member_ids.employee_id.ids or [0]
        self._sp_flush_facts()
        self.env.cr.execute(self._sp_people_facts(period, employees, start, end))
        people = (self.env.cr.fetchone()[0] or "").encode()
        self.env.cr.execute(self._sp_credit_facts(employees, start, end))
        credits = dict(self.env.cr.fetchall())
        result = {}
        for employee in self.member_ids.employee_id.ids:
            digest = hashlib.sha1(people, usedforsecurity=False)
            digest.update(b"\n")
            digest.update((credits.get(employee) or "").encode())
            result[employee] = digest.hexdigest()
        return result

    def _sp_separable(self, period):
        """Whether each person's commission of ``period`` reads only their
        own documents (and the plan's people facts): no pool (R-C4), no
        manager on a team total (R-C3), no manager member measured on a
        team (R-C2). Then only the statements of the people whose facts
        changed are recomputed (issue 25)."""
        self.ensure_one()
        rules = self._sp_rules_for(period)
        if any(r._sp_is_collective() or r.rule_type == "manager" for r in rules):
            return False
        return not any(m.role_id.is_manager for m in self.member_ids)

    def _sp_flush_facts(self):
        for model in (
            "sales.performance.credit",
            "sales.performance.target",
            "sales.performance.appraisal",
            "sales.performance.appraisal.line",
            "sales.performance.member",
            "account.move",
            "account.move.line",
            "hr.contract",
            "hr.employee",
        ):
            self.env[model].flush_model()

    def _sp_credit_facts(self, employees, start, end, windows=None):
        """The credits (and their documents) of the plan's people dated in
        the window, paid in it (R-C10), or refunding an invoice paid in it
        (R-C11), with what deal rules read of their documents; for a credit
        note linked to no invoice, the credits its match reads (R-C11). One
        digest per person credited on the documents, of all the rows of
        their documents (:meth:`_sp_fact_row`), as ``(employee id,
        digest)`` rows. ``windows``: ``[(key, start, end)]``, one digest per
        window instead (:meth:`_sp_credit_facts_windows`; the 18.0.1.6.0
        migration reads them so)."""
        if windows is not None:
            return self._sp_credit_facts_windows(employees, windows)
        return SQL(
            """
            WITH moves AS (
                SELECT DISTINCT c.move_id AS id
                  FROM sales_performance_credit c
                 WHERE c.company_id = %(company)s
                   AND c.employee_id = ANY(%(employees)s)
                   AND (c.date BETWEEN %(start)s AND %(end)s
                        OR c.full_paid_date BETWEEN %(start)s AND %(end)s
                        OR c.origin_date BETWEEN %(start)s AND %(end)s)
                UNION
                SELECT r.id
                  FROM account_move r
                  JOIN sales_performance_credit o
                    ON o.move_id = r.reversed_entry_id
                 WHERE o.company_id = %(company)s
                   AND o.full_paid_date BETWEEN %(start)s AND %(end)s
                UNION
                -- a credit note linked to no invoice is matched with the
                -- salesperson's invoices to the customer and what is left
                -- of them (R-C11): their later credit notes and payments
                -- move the match, so they are facts of its period too
                SELECT k.move_id
                  FROM sales_performance_credit u
                  JOIN account_move um ON um.id = u.move_id
                  JOIN sales_performance_credit k
                    ON k.employee_id = u.employee_id
                   AND k.partner_id = u.partner_id
                   AND k.kind = 'invoice'
                 WHERE u.company_id = %(company)s
                   AND u.employee_id = ANY(%(employees)s)
                   AND u.kind = 'invoice'
                   AND um.move_type = 'out_refund'
                   AND um.reversed_entry_id IS NULL
                   AND u.date BETWEEN %(start)s AND %(end)s
            ),
            %(lines)s,
            facts AS (
                SELECT c.move_id, %(row)s AS row
                  FROM sales_performance_credit c
                  JOIN account_move m ON m.id = c.move_id
                  LEFT JOIN lines l ON l.move_id = c.move_id
                 WHERE c.move_id IN (SELECT id FROM moves)
            )
            SELECT who.employee_id,
                   md5(string_agg(facts.row, ';' ORDER BY facts.row))
              FROM facts
              JOIN (SELECT DISTINCT move_id, employee_id
                      FROM sales_performance_credit
                     WHERE move_id IN (SELECT id FROM moves)) who
                ON who.move_id = facts.move_id
             GROUP BY who.employee_id
            """,
            lines=self._sp_fact_lines(),
            row=self._sp_fact_row(),
            company=self.company_id.id,
            employees=employees,
            start=start,
            end=end,
        )

    def _sp_fact_lines(self):
        """SQL: the ``lines`` CTE, what deal rules read of the product lines
        of the documents of ``moves`` (their ``FACT_LINE_COLUMNS``)."""
        return SQL(
            """
            lines AS (
                SELECT l.move_id,
                       SUM(COALESCE(l.sp_above_list_amount, 0)) AS above,
                       SUM(COALESCE(l.sp_above_list_taxed, 0)) AS above_taxed,
                       SUM(COALESCE(l.sp_cost_amount, 0)) AS cost
                  FROM account_move_line l
                 WHERE l.move_id IN (SELECT id FROM moves)
                   AND l.display_type = 'product'
                 GROUP BY l.move_id
            )
            """
        )

    def _sp_fact_row(self):
        """SQL: the row of facts of a credit ``c`` of document ``m`` (its
        ``FACT_MOVE_COLUMNS``), ``l`` its lines' sums."""
        return SQL(
            """
            concat_ws('|', c.move_id, c.kind, c.employee_id, c.role_id, c.share,
                      c.amount_revenue, c.amount_cost, c.amount_margin,
                      c.amount_total, c.quantity, c.amount_collected,
                      c.is_fully_paid, c.full_paid_date, c.date, c.origin_date,
                      c.is_adjustment, c.partial_ref, c.partner_id, %s,
                      l.above, l.above_taxed, l.cost)
            """,
            SQL(", ").join(SQL.identifier("m", name) for name in FACT_MOVE_COLUMNS),
        )

    def _sp_fact_moves_windows(self, employees, windows):
        """SQL: the CTEs ``w`` (``windows``: ``[(key, start, end)]``) and
        ``moves`` (``key``, document ``id``): the documents whose facts a
        computation of each window reads, as :meth:`_sp_credit_facts`
        finds them for one window."""
        return SQL(
            """
            WITH w AS (
                SELECT * FROM unnest(%(keys)s::int[], %(starts)s::date[],
                                     %(ends)s::date[]) AS w(key, ws, we)
            ),
            moves AS (
                SELECT w.key, c.move_id AS id
                  FROM sales_performance_credit c
                  JOIN w ON c.date BETWEEN w.ws AND w.we
                         OR c.full_paid_date BETWEEN w.ws AND w.we
                         OR c.origin_date BETWEEN w.ws AND w.we
                 WHERE c.company_id = %(company)s
                   AND c.employee_id = ANY(%(employees)s)
                UNION
                SELECT w.key, r.id
                  FROM account_move r
                  JOIN sales_performance_credit o
                    ON o.move_id = r.reversed_entry_id
                  JOIN w ON o.full_paid_date BETWEEN w.ws AND w.we
                 WHERE o.company_id = %(company)s
                UNION
                SELECT w.key, k.move_id
                  FROM sales_performance_credit u
                  JOIN w ON u.date BETWEEN w.ws AND w.we
                  JOIN account_move um ON um.id = u.move_id
                  JOIN sales_performance_credit k
                    ON k.employee_id = u.employee_id
                   AND k.partner_id = u.partner_id
                   AND k.kind = 'invoice'
                 WHERE u.company_id = %(company)s
                   AND u.employee_id = ANY(%(employees)s)
                   AND u.kind = 'invoice'
                   AND um.move_type = 'out_refund'
                   AND um.reversed_entry_id IS NULL
            )
            """,
            keys=[key for key, __, __ in windows],
            starts=[start for __, start, __ in windows],
            ends=[end for __, __, end in windows],
            company=self.company_id.id,
            employees=employees,
        )

    def _sp_credit_facts_windows(self, employees, windows):
        """The documents of :meth:`_sp_credit_facts` for several windows at
        once (``[(key, start, end)]``), as ``(key, digest)`` rows: the
        digest of all the rows of each window's documents (none for a
        window without any), as 18.0.1.6.0 read them (issue 25)."""
        return SQL(
            """
            %(moves)s,
            %(lines)s,
            facts AS (
                SELECT mv.key, %(row)s AS row
                  FROM moves mv
                  JOIN sales_performance_credit c ON c.move_id = mv.id
                  JOIN account_move m ON m.id = c.move_id
                  LEFT JOIN lines l ON l.move_id = c.move_id
            )
            SELECT key, md5(string_agg(row, ';' ORDER BY row))
              FROM facts
             GROUP BY key
            """,
            moves=self._sp_fact_moves_windows(employees, windows),
            lines=self._sp_fact_lines(),
            row=self._sp_fact_row(),
        )

    def _sp_credit_versions_windows(self, employees, windows):
        """The documents of :meth:`_sp_credit_facts` for several windows at
        once (``[(key, start, end)]``), as ``(key, digest)`` rows: the
        digest of each window's documents and their fact versions (none for
        a window without any document). A document's version changes
        whenever one of its rows does (:mod:`..tools.fact_versions`), so the
        digest changes when the rows' digest would, without reading the
        rows: a year of documents is read from one small table (issue 25).
        A document never changed since the versions exist is version 0."""
        return SQL(
            """
            %(moves)s
            SELECT mv.key,
                   md5(string_agg(concat(mv.id, ':', COALESCE(v.version, 0)), ';'
                                  ORDER BY mv.id))
              FROM moves mv
              LEFT JOIN %(versions)s v ON v.move_id = mv.id
             GROUP BY mv.key
            """,
            moves=self._sp_fact_moves_windows(employees, windows),
            versions=SQL.identifier(FACT_VERSION_TABLE),
        )

    def _sp_people_facts(self, period, employees, start, end):
        """Members, targets, appraisals (grades and scores), contracts
        (wages), the hierarchy (teams) and the plan currency's rate."""
        return SQL(
            """
            SELECT md5(COALESCE(string_agg(row, ';' ORDER BY row), ''))
              FROM (
                SELECT concat_ws('|', 'member', m.id, m.employee_id, m.role_id,
                                 m.date_from, m.date_to) AS row
                  FROM sales_performance_member m
                 WHERE m.plan_id = %(plan)s
                UNION ALL
                SELECT concat_ws('|', 'target', t.member_id, t.metric_id,
                                 t.amount, t.parent_id)
                  FROM sales_performance_target t
                 WHERE t.plan_id = %(plan)s AND t.period_id = %(period)s
                UNION ALL
                SELECT concat_ws('|', 'appraisal', a.id, a.employee_id,
                                 a.plan_id, a.period_id, a.state, a.grade_id,
                                 a.write_date,
                                 (SELECT max(l.write_date)
                                    FROM sales_performance_appraisal_line l
                                   WHERE l.appraisal_id = a.id))
                  FROM sales_performance_appraisal a
                 WHERE a.employee_id = ANY(%(employees)s)
                   AND a.period_start <= %(end)s AND a.period_end >= %(start)s
                UNION ALL
                SELECT concat_ws('|', 'contract', c.id, c.employee_id, c.wage,
                                 c.state, c.date_start, c.date_end)
                  FROM hr_contract c
                 WHERE c.employee_id = ANY(%(employees)s)
                   AND c.date_start <= %(end)s
                UNION ALL
                SELECT concat_ws('|', 'employee', e.id, e.parent_id, e.user_id)
                  FROM hr_employee e
                 WHERE e.company_id = %(company)s OR e.id = ANY(%(employees)s)
                UNION ALL
                SELECT concat_ws('|', 'rate', r.currency_id, r.name, r.rate)
                  FROM (SELECT currency_id, name, rate
                          FROM res_currency_rate
                         WHERE currency_id = %(currency)s
                           AND (company_id = %(company)s OR company_id IS NULL)
                           AND name <= %(end)s
                         ORDER BY name DESC LIMIT 1) r
              ) facts
            """,
            plan=self.id,
            period=period.id,
            employees=employees,
            start=start,
            end=end,
            currency=self.currency_id.id,
            company=self.company_id.id,
        )
