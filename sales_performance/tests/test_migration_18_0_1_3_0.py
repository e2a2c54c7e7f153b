# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 22: the 18.0.1.3.0 migrations on the tables they repair, in the
states older databases leave them in. Each script runs twice: the second run
must change nothing (a script may run again, e.g. after a failed upgrade)."""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.tests import tagged
from odoo.tools import sql

from ..tools import explain
from .common import SalesPerformanceCommon

FOLDER = Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.3.0"


def _module(name):
    spec = importlib.util.spec_from_file_location(
        f"sp_migration_{name.replace('-', '_')}", FOLDER / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _migration(name):
    return _module(name).migrate


TABLE = "sales_performance_statement_line"


@tagged("post_install", "-at_install")
class TestMigrationExplanationText(SalesPerformanceCommon):
    """pre-explanation_text: the text as written ends up in
    ``explanation_text`` whatever state 18.0.1.0.0 to 18.0.1.2.0 left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migrate = staticmethod(_migration("pre-explanation_text"))
        cls._rule("flat", flat_rate=0.01)
        statement = cls.env["sales.performance.statement"]._sp_run(
            cls.plan, cls.march, cls.member_a
        )
        cls.line = cls.env["sales.performance.statement.line"].create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "name": "Fair bonus",
                "amount": 30.0,
                "is_manual": True,
                "explanation": "Agreed in March.",
            }
        )

    def _text(self):
        self.env.cr.execute(
            "SELECT explanation_text FROM sales_performance_statement_line "
            "WHERE id = %s",
            [self.line.id],
        )
        return self.env.cr.fetchone()[0]

    def _columns(self):
        return {
            name
            for name in ("explanation", "explanation_text")
            if sql.column_exists(self.env.cr, TABLE, name)
        }

    def test_column_of_18_0_1_1_0_is_renamed(self):
        # 18.0.1.0.0 and 18.0.1.1.0 kept the text in ``explanation``.
        self.env.flush_all()
        sql.rename_column(self.env.cr, TABLE, "explanation_text", "explanation")
        self.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self._columns(), {"explanation_text"})
        self.assertEqual(self._text(), "Agreed in March.")
        self.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self._text(), "Agreed in March.")

    def test_database_upgraded_before_the_move_arrived_gets_its_text_back(self):
        # Upgraded to 18.0.1.2.0 code without its migration: Odoo added an
        # empty explanation_text and left the text in the old column, so
        # the line showed no explanation at all.
        self.env.flush_all()
        self.env.cr.execute(f"ALTER TABLE {TABLE} ADD COLUMN explanation text")
        self.env.cr.execute(
            "UPDATE sales_performance_statement_line "
            "SET explanation = explanation_text, explanation_text = NULL, "
            "explanation_data = NULL WHERE id = %s",
            [self.line.id],
        )
        self.env.invalidate_all()
        self.assertFalse(self.line.explanation)  # what users saw
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._columns(), {"explanation_text"})
        self.assertEqual(self._text(), "Agreed in March.")
        self.env.invalidate_all()
        self.assertEqual(self.line.explanation, "Agreed in March.")
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._text(), "Agreed in March.")

    def test_text_written_since_is_kept(self):
        # A line written after the code moved (explanation_text set) keeps
        # it; the stale old column never overwrites it.
        self.env.flush_all()
        self.env.cr.execute(f"ALTER TABLE {TABLE} ADD COLUMN explanation text")
        self.env.cr.execute(
            f"UPDATE {TABLE} SET explanation = 'Old text' WHERE id = %s",
            [self.line.id],
        )
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._text(), "Agreed in March.")

    def test_current_schema_is_left_alone(self):
        self.env.flush_all()
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._columns(), {"explanation_text"})
        self.assertEqual(self._text(), "Agreed in March.")


@tagged("post_install", "-at_install")
class TestMigrationAboveListTaxed(SalesPerformanceCommon):
    """post-above_list_taxed (R-C7): invoice lines posted before the
    tax-included above-list amount existed get it from the above-list amount
    frozen at their posting; switching a rule to the tax-included basis
    then claws back nothing already paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migrate = staticmethod(_migration("post-above_list_taxed"))
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_mig_approver", "sales_performance.group_sp_approver"
        )[0]
        for member in cls.plan.member_ids:
            for period in (cls.march, cls.april):
                cls._target(member, period, 10000.0)
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "VAT 13 %",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        # Listed at 1,000 without VAT (13 % on top).
        cls.sofa = cls.env["product.product"].create(
            {
                "name": "Sofa (VAT on top)",
                "list_price": 1000.0,
                "standard_price": 600.0,
                "taxes_id": [Command.set(cls.vat.ids)],
            }
        )

    def _invoice_as_before(self, price=1200.0, quantity=2, tax=None):
        """An invoice posted before 18.0.1.2.0: its above-list amount frozen,
        the tax-included one never written (NULL)."""
        move = self._invoice(
            self.user_a,
            "2026-03-05",
            quantity=quantity,
            price=price,
            post=False,
            product=self.sofa,
        )
        move.invoice_line_ids.tax_ids = tax or self.vat
        move.action_post()
        line = move.invoice_line_ids
        self._before_the_field(line)
        return move, line

    def _before_the_field(self, line):
        """``line`` as a line created before the database had the field."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE account_move_line
               SET sp_above_list_taxed = NULL,
                   create_date = field.create_date - interval '1 day'
              FROM ir_model_data field
             WHERE field.module = 'sales_performance'
               AND field.name = 'field_account_move_line__sp_above_list_taxed'
               AND account_move_line.id = %s
            """,
            [line.id],
        )
        self.env.invalidate_all()

    def _taxed(self, line):
        self.env.cr.execute(
            "SELECT sp_above_list_taxed FROM account_move_line WHERE id = %s",
            [line.id],
        )
        return self.env.cr.fetchone()[0]

    def test_backfill_from_the_frozen_amount_with_the_lines_taxes(self):
        # 2 x 1,200 = 2,400 untaxed, list 2 x 1,000: 400.00 above list after
        # tax; with the line's 13 % VAT: 2,712 / 2,400 x 400 = 452.00.
        __, line = self._invoice_as_before()
        self.assertEqual(line.sp_above_list_amount, 400.0)
        self.assertIsNone(self._taxed(line))
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._taxed(line), 452.0)
        self.assertEqual(line.sp_above_list_amount, 400.0)  # stays as frozen
        # what posting computes today for the same line
        line.sp_above_list_taxed = False
        line._sp_store_costs()
        self.assertEqual(line.sp_above_list_taxed, 452.0)

    def test_frozen_amount_is_the_basis_not_todays_list_price(self):
        # The list price went up to 1,100 since: the line was sold against
        # 1,000, its frozen 400.00 is what was paid on, 452.00 taxed.
        __, line = self._invoice_as_before()
        self.sofa.list_price = 1100.0
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._taxed(line), 452.0)

    def test_refund_is_negative_and_rerun_changes_nothing(self):
        move, line = self._invoice_as_before()
        refund = self._refund(move, "2026-03-20")
        refund_line = refund.invoice_line_ids
        self._before_the_field(refund_line)
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._taxed(refund_line), -452.0)
        # lines already filled are never touched again
        self.env.cr.execute(
            "UPDATE account_move_line SET sp_above_list_taxed = 1.0 WHERE id = %s",
            [line.id],
        )
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._taxed(line), 1.0)
        self.assertEqual(self._taxed(refund_line), -452.0)

    def test_lines_computed_since_keep_what_posting_froze(self):
        # Sold without VAT on the line, the sofa listed at 1,000 + 13 % VAT:
        # 1,100 is 100.00 above list after tax, not above 1,130 tax
        # included: posting froze 0 (stored empty). The line was posted
        # after the field existed: the script leaves it at 0.
        move = self._invoice(
            self.user_a, "2026-03-05", price=1100.0, post=False, product=self.sofa
        )
        move.invoice_line_ids.tax_ids = False
        move.action_post()
        line = move.invoice_line_ids
        self.assertEqual(line.sp_above_list_amount, 100.0)
        self.assertEqual(line.sp_above_list_taxed, 0.0)
        self.env.flush_all()
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertIsNone(self._taxed(line))

    def test_withholding_tax_never_lowers_it_below_the_untaxed_amount(self):
        # A -10 % withholding makes the tax-included total smaller than the
        # untaxed subtotal: the after-tax 400.00 it was paid on is kept.
        withholding = self.env["account.tax"].create(
            {
                "name": "Withholding -10 %",
                "amount": -10.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": self.company.id,
            }
        )
        __, line = self._invoice_as_before(tax=withholding)
        self.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self._taxed(line), 400.0)

    def test_switching_to_the_taxed_basis_claws_back_nothing_paid(self):
        # March paid after tax: 400.00 above list x 50 % = 200.00, approved.
        rule = self._rule("above_list", share_rate=0.5)
        self._invoice_as_before()
        self.migrate(self.env.cr, "18.0.1.2.0")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 200.0)
        self.env.invalidate_all()
        march.with_user(self.user_approver).action_approve()
        # The rule moves to the tax-included basis from April (a version of
        # the plan, issue 19): April's run books no clawback of March's
        # above-list commission.
        self.assertTrue(rule)
        self._change_rules(
            self.april, lambda rules: rules.write({"above_list_basis": "taxed"})
        )
        april = self._run(self.april, self.member_a)[self.emp_a]
        clawed = april.line_ids.filtered(
            lambda x: x.amount < 0 and x.origin_period_id == self.march
        )
        self.assertFalse(clawed, clawed.mapped("explanation"))


@tagged("post_install", "-at_install")
class TestMigrationDisputeDate(SalesPerformanceCommon):
    """post-dispute_date: a line disputed before 18.0.1.2.0 gets the date of
    its dispute, read from the message the dispute posted."""

    def test_dispute_date_from_the_dispute_message(self):
        migrate = _migration("post-dispute_date")
        self._rule("flat", flat_rate=0.01)
        self._invoice(self.user_a, "2026-03-05")
        statement = self.env["sales.performance.statement"]._sp_run(
            self.plan, self.march, self.member_a
        )
        line = statement.line_ids[:1]
        self.env.invalidate_all()
        line.with_user(self.user_a).action_dispute("The rate is wrong.")
        message = statement.message_ids.filtered(
            lambda m: m.author_id == self.user_a.partner_id
        )[:1]
        self.assertTrue(message)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sales_performance_statement_line SET dispute_date = NULL "
            "WHERE id = %s",
            [line.id],
        )
        self.env.invalidate_all()
        self.assertIn("Disputed on -:", line.dispute_note)
        migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(line.dispute_date, message.date)
        # lines without a dispute stay without a date
        others = statement.line_ids - line
        self.assertFalse(any(others.mapped("dispute_date")))


FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything
ENGLISH = "5,000.00 × 2 % = 100.00 (completion 50 %, band from 0 %)."
CHINESE = "5,000.00 × 2 % = 100.00（完成比例 50 %，区间起点 0 %）。"


@tagged("post_install", "-at_install")
class TestMigrationExplanationData(SalesPerformanceCommon):
    """post-explanation_data: a line computed before 18.0.1.2.0 (its text
    as written, no sentence) is read back into its sentence when its text is
    one of tools/explain.py's, in English or in Chinese, and then reads in
    the reader's language; other texts stay as written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls.migration = _module("post-explanation_data")
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._rule("tiered", FLAT, name="Flat 2 %")

    def _old_line(self, lang="en_US"):
        """A line as 18.0.1.1.0 left it: its text as written in ``lang``."""
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        env = self.env(context=dict(self.env.context, lang=lang))
        statement = env["sales.performance.statement"]._sp_run(
            self.plan.with_env(env), self.march.with_env(env), self.member_a
        )
        line = statement.filtered(lambda s: s.employee_id == self.emp_a).line_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sales_performance_statement_line SET explanation_data = NULL "
            "WHERE id IN %s",
            [tuple(line.ids)],
        )
        self.env.invalidate_all()
        return line

    def _read(self, line, lang):
        self.env.invalidate_all()
        return line.with_context(lang=lang).explanation

    def test_english_text_reads_in_chinese(self):
        line = self._old_line()
        self.assertEqual(self._read(line, "zh_CN"), ENGLISH)  # before
        self.migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self._read(line, "zh_CN"), CHINESE)
        self.assertEqual(self._read(line, "en_US"), ENGLISH)
        self.assertEqual(line.explanation_text, ENGLISH)  # as written, kept
        self.assertEqual(line.explanation_data["params"]["base"], "5,000.00")
        # again: nothing changes
        self.migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self._read(line, "zh_CN"), CHINESE)

    def test_chinese_text_reads_in_english(self):
        # a run done in Chinese before 18.0.1.2.0 wrote Chinese
        line = self._old_line(lang="zh_CN")
        self.assertEqual(self._read(line, "en_US"), CHINESE)
        self.migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self._read(line, "en_US"), ENGLISH)

    def test_manual_and_other_texts_stay_as_written(self):
        line = self._old_line()
        statement = line.statement_id
        manual = self.env["sales.performance.statement.line"].create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "name": "Fair bonus",
                "amount": 30.0,
                "is_manual": True,
                # a person's words that happen to read like a sentence
                "explanation": ENGLISH,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sales_performance_statement_line SET explanation_data = NULL, "
            "explanation_text = %s WHERE id = %s",
            [ENGLISH.replace("band from", "band since"), line.id],
        )
        self.env.cr.execute(
            "UPDATE sales_performance_statement_line SET explanation_data = NULL "
            "WHERE id = %s",
            [manual.id],
        )
        self.migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertFalse(line.explanation_data)
        self.assertFalse(manual.explanation_data)
        self.assertEqual(self._read(manual, "zh_CN"), ENGLISH)

    def test_sentences_inside_sentences_are_read_back(self):
        env_zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        templates = self.migration._templates()
        above = explain.above_list(
            self.env, "INV/1", 300, explain.above_list_basis(self.env, True), 0.5, 150
        )
        capped = explain.clawback_capped(
            self.env, explain.whole_band(self.env, 5000, 0.02, 100, 0.5, 0.0), 60
        )
        for sentence in (above, capped):
            data = self.migration._read(str(sentence), templates)
            self.assertEqual(explain.render(self.env, data), sentence)
            self.assertEqual(
                explain.render(env_zh, data),
                explain.render(env_zh, explain.to_data(sentence)),
            )
        self.assertIsNone(self.migration._read("Agreed in March.", templates))
