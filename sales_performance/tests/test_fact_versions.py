# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 25: fingerprints read the documents' fact versions, not their rows.

Database triggers (``tools/fact_versions``) give a document a new version in
the transaction that changes anything the engine reads of it: its credits,
its ``FACT_MOVE_COLUMNS``, its product lines' ``FACT_LINE_COLUMNS``, however
it is written. A period's fingerprint digests its documents and their
versions, so it changes whenever the rows' digest (18.0.1.6.0's) does; an
approved month is then checked without reading its documents' rows."""

import re

from psycopg2.errors import SerializationFailure

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

from ..hooks import uninstall_hook
from ..tools import fact_versions
from ..tools.fact_versions import (
    FACT_LINE_COLUMNS,
    FACT_MOVE_COLUMNS,
    FACT_VERSION_TABLE,
)
from . import test_commission_history_cost as history
from .common import SalesPerformanceCommon

# a value different from any a column holds in these tests, by column
MOVE_VALUES = {
    "state": "'cancel'",
    "move_type": "'out_receipt'",
    "reversed_entry_id": "id",
    "invoice_date": "invoice_date + 1",
    "amount_untaxed_signed": "amount_untaxed_signed + 1",
    "sp_project_expenses": "COALESCE(sp_project_expenses, 0) + 1",
    "sp_company_negotiated": "NOT COALESCE(sp_company_negotiated, FALSE)",
    "sp_credit_sale": "NOT COALESCE(sp_credit_sale, FALSE)",
    "sp_credit_sale_approved": "NOT COALESCE(sp_credit_sale_approved, FALSE)",
}
LINE_VALUES = {
    "move_id": None,  # moved to another document: see the test
    "display_type": "'cogs'",
    "sp_above_list_amount": "COALESCE(sp_above_list_amount, 0) + 1",
    "sp_above_list_taxed": "COALESCE(sp_above_list_taxed, 0) + 1",
    "sp_cost_amount": "COALESCE(sp_cost_amount, 0) + 1",
}


@tagged("post_install", "-at_install")
class TestFactVersions(SalesPerformanceCommon):
    """January to May 2026, 1,000 a person a month for A, B and C, 3 %
    flat: 30.00 a person a month."""

    _run_as = history.TestCommissionHistoryCost._run_as
    _approve_months = history.TestCommissionHistoryCost._approve_months
    _payout_calls = history.TestCommissionHistoryCost._payout_calls

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        history.five_months(cls, "sp_v_approver")
        cls.env.flush_all()
        cls.january = cls._moves(cls.user_a, cls.months[0])
        cls.february = cls._moves(cls.user_b, cls.months[1])

    @classmethod
    def _moves(cls, user, period):
        return cls.env["account.move"].search(
            [
                ("invoice_user_id", "=", user.id),
                ("invoice_date", ">=", period.date_start),
                ("invoice_date", "<=", period.date_end),
                ("state", "=", "posted"),
            ]
        )

    def _version(self, move):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT version FROM %s WHERE move_id = %s",
                SQL.identifier(FACT_VERSION_TABLE),
                move.id,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0

    def _checks(self, by_rows=False):
        """``{period name: fingerprint}`` of January to May."""
        plan = self.plan.sudo()
        months = self.env["date.range"].union(*self.months)
        self.env.flush_all()
        return {
            period.name: plan._sp_fact_checks(months, by_rows=by_rows)[period.id][0]
            for period in months
        }

    def _changed(self, before, after):
        return sorted(name for name in before if before[name] != after[name])

    def _assert_noticed(self, change, moves, months):
        """``change`` (a function writing in SQL) gives each of ``moves`` a
        new version and changes the fingerprints of ``months`` exactly, as
        it changes the rows' digests of those months (18.0.1.6.0)."""
        versions = [self._version(move) for move in moves]
        rows, now = self._checks(by_rows=True), self._checks()
        with self.env.cr.savepoint(flush=False) as savepoint:
            change()
            self.env.invalidate_all()
            for move, version in zip(moves, versions, strict=True):
                self.assertGreater(self._version(move), version, move.name)
            self.assertEqual(self._changed(rows, self._checks(by_rows=True)), months)
            self.assertEqual(self._changed(now, self._checks()), months)
            savepoint.rollback()
        self.env.invalidate_all()

    def _sql(self, query, *args):
        return lambda: self.env.cr.execute(SQL(query, *args))

    def test_the_rows_read_only_watched_columns(self):
        """Every column of a document or a line that the rows' digest reads
        is one the triggers watch: the two lists cannot drift apart."""
        plan = self.plan.sudo()
        lines = plan._sp_fact_lines().code
        row = plan._sp_fact_row().code
        self.assertLessEqual(
            set(re.findall(r"\bl\.(\w+)", lines)), set(FACT_LINE_COLUMNS)
        )
        self.assertEqual(
            set(re.findall(r'"m"\."(\w+)"', row)) | set(re.findall(r"\bm\.(\w+)", row)),
            set(FACT_MOVE_COLUMNS),
        )

    def test_every_document_column_read_is_versioned(self):
        """Each column of the document the fingerprint reads, changed in
        SQL (as another module or a script would), changes January's
        fingerprint and the document's version."""
        self.assertEqual(set(MOVE_VALUES), set(FACT_MOVE_COLUMNS))
        for column in FACT_MOVE_COLUMNS:
            with self.subTest(column=column):
                self._assert_noticed(
                    self._sql(
                        "UPDATE account_move SET %s = %s WHERE id = %s",
                        SQL.identifier(column),
                        SQL(MOVE_VALUES[column]),
                        self.january.id,
                    ),
                    self.january,
                    ["2026-01"],
                )

    def test_every_line_column_read_is_versioned(self):
        """Each column of the product lines the fingerprint reads, changed
        in SQL; a product line inserted or deleted; a line moved from
        January's document to February's changes both."""
        self.assertEqual(set(LINE_VALUES), set(FACT_LINE_COLUMNS))
        line = self.january.invoice_line_ids[:1]
        for column in FACT_LINE_COLUMNS:
            if column == "move_id":
                continue
            with self.subTest(column=column):
                self._assert_noticed(
                    self._sql(
                        "UPDATE account_move_line SET %s = %s WHERE id = %s",
                        SQL.identifier(column),
                        SQL(LINE_VALUES[column]),
                        line.id,
                    ),
                    self.january,
                    ["2026-01"],
                )
        with self.subTest(change="move_id"):
            self._assert_noticed(
                self._sql(
                    "UPDATE account_move_line SET move_id = %s WHERE id = %s",
                    self.february.id,
                    line.id,
                ),
                self.january | self.february,
                ["2026-01", "2026-02"],
            )
        with self.subTest(change="insert"):
            self._assert_noticed(
                self._sql(
                    "INSERT INTO account_move_line SELECT (jsonb_populate_record("
                    "l, jsonb_build_object('id', nextval('account_move_line_id_seq'))"
                    ")).* FROM account_move_line l WHERE l.id = %s",
                    line.id,
                ),
                self.january,
                ["2026-01"],
            )
        with self.subTest(change="delete"):
            self._assert_noticed(
                self._sql("DELETE FROM account_move_line WHERE id = %s", line.id),
                self.january,
                ["2026-01"],
            )

    def test_credits_written_anyhow_are_versioned(self):
        """A credit updated, inserted or deleted in SQL."""
        credit = self.january.sudo().sp_credit_ids[:1]
        self.assertTrue(credit)
        for change, query in (
            (
                "update",
                SQL(
                    "UPDATE sales_performance_credit SET amount_revenue = "
                    "amount_revenue + 1 WHERE id = %s",
                    credit.id,
                ),
            ),
            (
                "insert",
                SQL(
                    "INSERT INTO sales_performance_credit SELECT (jsonb_populate_"
                    "record(c, jsonb_build_object('id', nextval("
                    "'sales_performance_credit_id_seq')))).* "
                    "FROM sales_performance_credit c WHERE c.id = %s",
                    credit.id,
                ),
            ),
            (
                "delete",
                SQL("DELETE FROM sales_performance_credit WHERE id = %s", credit.id),
            ),
        ):
            with self.subTest(change=change):
                self._assert_noticed(
                    lambda query=query: self.env.cr.execute(query),
                    self.january,
                    ["2026-01"],
                )

    def test_what_is_not_read_keeps_the_version(self):
        """A column the fingerprint does not read, a line that is not a
        product line: no new version, no fingerprint changed. A document
        without credits (a draft) is versioned as well, but is in no
        month's documents: no fingerprint changes."""
        draft = self._invoice(self.user_a, "2026-01-15", post=False)
        self.env.flush_all()
        version, checks = self._version(self.january), self._checks()
        drafted = self._version(draft)
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET ref = 'seen' WHERE id = %s; "
                "UPDATE account_move_line SET name = 'seen' WHERE move_id = %s "
                "AND display_type != 'product'",
                self.january.id,
                self.january.id,
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self._version(self.january), version)
        self.assertEqual(self._checks(), checks)
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET invoice_date = invoice_date + 1 WHERE id = %s",
                draft.id,
            )
        )
        self.env.invalidate_all()
        self.assertGreater(self._version(draft), drafted)
        self.assertEqual(self._checks(), checks)

    def test_late_facts_change_what_the_rows_change(self):
        """Late facts through the ORM, as users make them: a payment of
        January's invoice in March, a credit note of February's, a new
        March invoice. The months whose fingerprint changes are those
        whose rows changed (the 18.0.1.6.0 digest)."""
        steps = (
            ("payment", lambda: self._pay(self.january, 1000.0, "2026-03-05")),
            ("refund", lambda: self._refund(self.february, "2026-03-06")),
            ("invoice", lambda: self._invoice(self.user_c, "2026-03-20")),
        )
        for name, step in steps:
            with self.subTest(step=name):
                rows, now = self._checks(by_rows=True), self._checks()
                step()
                changed = self._changed(rows, self._checks(by_rows=True))
                self.assertTrue(changed)
                self.assertEqual(self._changed(now, self._checks()), changed)

    def test_a_fact_written_in_sql_is_booked_by_the_next_run(self):
        """January and February approved; A's January credit is corrected
        in SQL to 2,000 of revenue (a data fix, no ORM). March's run
        recomputes January alone and books 3 % x 1,000 = 30.00 once; a
        second run books the same, not twice."""
        self._approve_months(2)
        self.env.cr.execute(
            SQL(
                "UPDATE sales_performance_credit SET amount_revenue = 2000 "
                "WHERE move_id = %s",
                self.january.id,
            )
        )
        self.env.invalidate_all()
        calls, patched = self._payout_calls()
        with patched:
            march = self._run_as(self.months[2])
        self.assertEqual(
            sorted({period.name for period, __ in calls}), ["2026-01", "2026-03"]
        )
        corrections = [
            (line.employee_id, line.origin_period_id.name, line.amount)
            for line in march.line_ids
            if line.kind == "correction"
        ]
        self.assertEqual(corrections, [(self.emp_a, "2026-01", 30.0)])
        march = self._run_as(self.months[2])
        self.assertEqual(
            sum(
                march.line_ids.filtered(lambda x: x.kind == "correction").mapped(
                    "amount"
                )
            ),
            30.0,
        )

    def test_triggers_made_by_install_and_dropped_by_uninstall(self):
        cr = self.env.cr

        def triggers():
            cr.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                "WHERE tgname LIKE '%%sp_fact%%' ORDER BY 1, 2"
            )
            return cr.fetchall()

        made = [
            ("account_move", "account_move_sp_fact_update"),
            ("account_move_line", "account_move_line_sp_fact_delete"),
            ("account_move_line", "account_move_line_sp_fact_insert"),
            ("account_move_line", "account_move_line_sp_fact_update"),
            ("sales_performance_credit", "sales_performance_credit_sp_fact_delete"),
            ("sales_performance_credit", "sales_performance_credit_sp_fact_insert"),
            ("sales_performance_credit", "sales_performance_credit_sp_fact_update"),
        ]
        self.assertEqual(triggers(), made)
        fact_versions.install(cr)  # again, as every upgrade does
        self.assertEqual(triggers(), made)
        uninstall_hook(self.env)
        self.assertEqual(triggers(), [])
        cr.execute("SELECT to_regclass(%s)", [FACT_VERSION_TABLE])
        self.assertIsNone(cr.fetchone()[0])


@tagged("post_install", "-at_install")
class TestFactVersionRace(BaseCase):
    """Two workers in committed transactions: one writes the first credit of
    an invoice while the other changes a fact column of it. The second
    cannot see the credit (repeatable read); its change must still give the
    invoice a new version, or a run between the two commits would record
    the invoice's version with the old value and never see the new one. The
    two meet on the invoice's version row: the later is refused (and
    retried by Odoo), never lost."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            employee = env["hr.employee"].create({"name": "Fact version race"})
            cr.execute(
                """
                INSERT INTO account_move (journal_id, company_id, currency_id,
                                          state, move_type, auto_post, date)
                SELECT j.id, j.company_id, c.currency_id, 'posted',
                       'out_invoice', 'no', '2032-03-05'
                  FROM account_journal j
                  JOIN res_company c ON c.id = j.company_id
                 WHERE j.type = 'sale'
                 ORDER BY j.id LIMIT 1
                RETURNING id, company_id, currency_id
                """
            )
            self.move, self.company, self.currency = cr.fetchone()
            self.employee = employee.id
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM sales_performance_credit WHERE move_id = %s; "
                "DELETE FROM account_move WHERE id = %s; "
                f"DELETE FROM {FACT_VERSION_TABLE} WHERE move_id = %s",
                [self.move, self.move, self.move],
            )
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["hr.employee"].browse(self.employee).unlink()

    def test_a_change_beside_the_first_credit_is_never_lost(self):
        with self.registry.cursor() as first, self.registry.cursor() as second:
            # the first worker's snapshot: the invoice has no credit yet
            first.execute(
                "SELECT count(*) FROM sales_performance_credit WHERE move_id = %s",
                [self.move],
            )
            self.assertEqual(first.fetchone()[0], 0)
            second.execute(
                "INSERT INTO sales_performance_credit (company_id, currency_id, "
                "move_id, employee_id, kind, date) "
                "VALUES (%s, %s, %s, %s, 'invoice', '2032-03-05')",
                [self.company, self.currency, self.move, self.employee],
            )
            second.commit()  # pylint: disable=invalid-commit
            with (
                self.assertRaises(SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                first.execute(
                    "UPDATE account_move SET sp_credit_sale_approved = TRUE "
                    "WHERE id = %s",
                    [self.move],
                )
            first.rollback()
