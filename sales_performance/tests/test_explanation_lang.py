# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A statement line's arithmetic reads in the reader's language: the run
keeps each sentence's source and figures, the line shows them translated
(on screen, in the PDF in the employee's language, in the Excel export);
lines without a sentence (manual, computed before) show their text."""

from odoo.tests import tagged

from ..tools import explain
from .common import SalesPerformanceCommon

FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything
ENGLISH = "5,000.00 × 2 % = 100.00 (completion 50 %, band from 0 %)."
CHINESE = "5,000.00 × 2 % = 100.00（完成比例 50 %，区间起点 0 %）。"


@tagged("post_install", "-at_install")
class TestExplanationLanguage(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls._target(cls.member_a, cls.march, 10000.0)
        cls.rule = cls._rule("tiered", FLAT, name="Flat 2 %")

    def _line(self, env=None):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        env = env or self.env
        statement = env["sales.performance.statement"]._sp_run(
            self.plan.with_env(env),
            self.march.with_env(env),
            self.member_a.with_env(env),
        )
        return statement.filtered(lambda s: s.employee_id == self.emp_a).line_ids

    def test_line_reads_in_the_readers_language(self):
        line = self._line()
        self.assertEqual(line.explanation, ENGLISH)
        self.assertEqual(line.with_context(lang="zh_CN").explanation, CHINESE)
        # the figures are kept formatted, the names as they are
        self.assertEqual(
            line.explanation_data["msgid"],
            "%(base)s × %(rate)s = %(amount)s (completion %(completion)s, band from "
            "%(lower)s).",
        )
        self.assertEqual(line.explanation_data["params"]["base"], "5,000.00")

    def test_run_in_chinese_reads_in_english(self):
        """Who runs the commission does not choose the reader's language."""
        line = self._line(self.env(context=dict(self.env.context, lang="zh_CN")))
        self.assertEqual(line.explanation_text, CHINESE)
        self.assertEqual(line.with_context(lang="en_US").explanation, ENGLISH)

    def test_lines_without_a_sentence_show_their_text(self):
        line = self._line()
        statement = line.statement_id
        manual = self.env["sales.performance.statement.line"].create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "name": "Fair bonus",
                "amount": 30.0,
                "is_manual": True,
                "explanation": "Agreed in March.",
            }
        )
        self.assertFalse(manual.explanation_data)
        self.assertEqual(
            manual.with_context(lang="zh_CN").explanation, "Agreed in March."
        )
        # a line computed before the sentences were kept (18.0.1.1.0)
        line.sudo().write({"explanation_data": False})
        self.assertEqual(line.with_context(lang="zh_CN").explanation, ENGLISH)

    def test_nested_sentences_translate_too(self):
        env_zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        capped = explain.clawback_capped(
            self.env, explain.whole_band(self.env, 5000, 0.02, 100, 0.5, 0.0), 60
        )
        data = explain.to_data(capped)
        self.assertEqual(explain.render(self.env, data), capped)
        self.assertEqual(
            explain.render(env_zh, data),
            f"{CHINESE} 以 60.00 为上限：该发票已付提成减去之前的扣回（R-C11）。",
        )
        above = explain.above_list(
            self.env, "INV/1", 300, explain.above_list_basis(self.env, True), 0.5, 150
        )
        chinese = explain.render(env_zh, explain.to_data(above))
        self.assertIn("INV/1", chinese)
        self.assertNotIn("tax included", chinese)
        self.assertEqual(
            chinese,
            explain.above_list(
                env_zh, "INV/1", 300, explain.above_list_basis(env_zh, True), 0.5, 150
            ),
        )
        # plain text has no sentence to keep
        self.assertIsNone(explain.to_data("Agreed in March."))

    def test_pdf_in_the_employees_language(self):
        line = self._line()
        self.user_a.lang = "zh_CN"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sales_performance.report_statement", line.statement_id.ids
            )[0]
            .decode()
        )
        self.assertIn(CHINESE, html)
        self.assertNotIn(ENGLISH, html)
        self.assertNotIn("completion", html)
        self.assertIn("提成", html)

    def test_excel_in_the_readers_language(self):
        import io

        from openpyxl import load_workbook

        line = self._line()
        content = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render("sales_performance.statement_xlsx", line.statement_id.ids)[0]
        )
        rows = list(
            load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
        )
        self.assertEqual(rows[1][6], CHINESE)

    def test_reading_many_lines_costs_no_query_per_line(self):
        line = self._line()
        lines = line
        for month in ("2026-04", "2026-05", "2026-06"):
            period = self._period(month)
            self._target(self.member_a, period, 10000.0)
            self._invoice(self.user_a, f"{month}-05", quantity=5)
            lines |= (
                self.env["sales.performance.statement"]
                ._sp_run(self.plan, period, self.member_a)
                .filtered(lambda s: s.employee_id == self.emp_a)
                .line_ids
            )
        lines = lines.with_context(lang="zh_CN")
        lines[:1].mapped("explanation")  # the language's data, once
        lines.invalidate_recordset()
        # one read of the stored fields for all the lines, then no query
        lines.mapped("explanation_data")
        lines.mapped("explanation_text")
        with self.assertQueryCount(0):
            texts = lines.mapped("explanation")
        self.assertEqual(len(texts), 4)
        self.assertTrue(all("完成比例" in text for text in texts))


@tagged("post_install", "-at_install")
class TestLineNameLanguage(SalesPerformanceCommon):
    """The names the engine writes on lines (a refund clawed back, R-C11; a
    period recomputed, R-W2) read in the language of the statement's
    employee, whoever runs the commission; rule and invoice names stay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls.user_a.lang = "zh_CN"
        cls.approver = cls._create_salesperson(
            "Approver", "sp_name_approver", "sales_performance.group_sp_approver"
        )[0]
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._target(cls.member_a, cls.april, 10000.0)
        cls._rule("tiered", FLAT, name="Flat 2 %")

    def test_clawback_and_correction_names_in_the_employees_language(self):
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._invoice(self.user_a, "2026-03-06", quantity=1)
        march = self._run(self.march, self.member_a)[self.emp_a]
        march.with_user(self.approver).action_approve()
        # April: a refund of the first March invoice (clawback, R-C11), and a
        # March invoice posted late (March recomputed, R-W2), the run by an
        # English-speaking administrator
        self._refund(invoice, "2026-04-10")
        self._invoice(self.user_a, "2026-03-20", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        names = april.line_ids.filtered(lambda x: x.kind != "commission").mapped("name")
        self.assertIn(f"Flat 2 %：{invoice.name} 的退款", names)
        self.assertIn("Flat 2 %，2026-03 重新计算", names)
        self.assertFalse([n for n in names if "refund of" in n or "recomputed" in n])
