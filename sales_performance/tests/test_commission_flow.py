# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon

FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything


@tagged("post_install", "-at_install")
class TestCommissionFlow(SalesPerformanceCommon):
    """Statements: runs, approval, cash before commission, clawbacks,
    corrections and disputes (R-C10, R-C11)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.may = cls._period("2026-05")
        for member in cls.plan.member_ids:
            for period in (cls.march, cls.april, cls.may):
                cls._target(member, period, 10000.0)
        cls.rule = cls._rule("tiered", FLAT, name="Flat 2 %")

    def _approve(self, *statements):
        for statement in statements:
            statement.with_user(self.user_approver).action_approve()

    def test_rerun_replaces_run_lines_and_keeps_manual_adjustments(self):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(statement), [100.0])
        self.env["sales.performance.statement.line"].create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "name": "Fair bonus",
                "amount": 30.0,
                "is_manual": True,
                "explanation": "Agreed in March.",
            }
        )
        self._invoice(self.user_a, "2026-03-06", quantity=5)
        again = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(again, statement)
        # 10,000 x 2 % = 200.00 replaces 100.00; the adjustment stays.
        self.assertEqual(self._amounts(statement), [30.0, 200.0])
        self.assertEqual(statement.amount_total, 230.0)

    def test_approved_statement_is_frozen_and_shows_discrepancy(self):
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self._approve(statement)
        self.assertEqual(statement.approved_uid, self.user_approver)
        with self.assertRefused(UserError, "frozen"):
            statement.line_ids.amount = 1.0
        with self.assertRefused(UserError, "frozen"):
            statement.unlink()
        # A March invoice cancelled after approval: rerunning March changes
        # nothing but shows the discrepancy (0 - 100.00).
        invoice.button_draft()
        invoice.button_cancel()
        self._run(self.march, self.member_a)
        self.assertEqual(self._amounts(statement), [100.0])
        self.assertEqual(statement.discrepancy_amount, -100.0)

    def test_r_c11_cancellation_after_approval_clawed_back_next_period(self):
        kept = self._invoice(self.user_a, "2026-03-05", quantity=5)
        cancelled = self._invoice(self.user_a, "2026-03-06", quantity=3)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(march), [160.0])  # 8,000 x 2 %
        self._approve(march)
        cancelled.button_draft()
        cancelled.button_cancel()
        self._invoice(self.user_a, "2026-04-10", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        # April: 2,000 x 2 % = 40.00; March recomputed 5,000 x 2 % = 100.00
        # instead of 160.00 approved: -60.00 clawback linked to March.
        clawback = april.line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(clawback.amount, -60.0)
        self.assertEqual(clawback.origin_statement_id, march)
        self.assertIn(cancelled, clawback.source_move_ids)
        self.assertNotIn(kept, clawback.source_move_ids)
        # 40.00 - 60.00 = -20.00: carried forward, April pays 0 (issue 19).
        self.assertEqual(self._amounts(april, "recovery"), [20.0])
        self.assertEqual(april.amount_total, 0.0)
        self.assertEqual(self._amounts(march), [160.0])
        # Rerunning April books it once only.
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-60.0])
        self.assertEqual(april.amount_total, 0.0)
        # Once April is approved, May has nothing more to correct; it brings
        # the 20.00 carried forward, earns nothing to take it from, and
        # carries it on: 0 - 20.00 = -20.00, so +20.00 forward, May pays 0.
        self._approve(april)
        may = self._run(self.may, self.member_a)[self.emp_a]
        self.assertFalse(
            may.line_ids.filtered(
                lambda line: line.origin_statement_id and line.kind != "recovery"
            )
        )
        self.assertEqual(sorted(self._amounts(may, "recovery")), [-20.0, 20.0])
        self.assertEqual(may.amount_total, 0.0)
        self.assertEqual(may.recovery_balance, 20.0)

    def test_r_c11_refund_after_approval_is_a_clawback_line(self):
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self._approve(march)
        # April: new sales 5,000 and a refund of 2 sofas (2,000) of the
        # commissioned March invoice: 5,000 x 2 % = 100.00 commission and
        # -2,000 x 2 % = -40.00 clawback linked to the refund.
        self._invoice(self.user_a, "2026-04-08", quantity=5)
        refund = self._refund(invoice, "2026-04-12", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        commission = april.line_ids.filtered(lambda line: line.kind == "commission")
        clawback = april.line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(commission.amount, 100.0)
        self.assertEqual(clawback.amount, -40.0)
        self.assertEqual(clawback.source_move_ids, refund)
        self.assertIn("R-C11", clawback.explanation)
        self.assertEqual(april.amount_total, 60.0)

    def test_r_c10_cash_before_commission_partial_and_late_payments(self):
        self.plan.write({"cash_basis": True, "payout_delay": 1})
        # 10,000 invoiced in March: 4,000 paid Mar 20th (partial), 6,000 paid
        # Apr 5th: the invoice earns in April (fully collected): 200.00,
        # paid with May's payroll (one period later).
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        self._pay(invoice, 4000.0, "2026-03-20")
        self._pay(invoice, 6000.0, "2026-04-05")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(march), [0.0])
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april), [200.0])
        self.assertEqual(april.pay_period_id, self.may)
        self.assertEqual(march.pay_period_id, self.april)

    def test_r_c10_credit_sale_needs_approval(self):
        self.plan.cash_basis = True
        term = self.env["account.payment.term"].create(
            {
                "name": "30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": 30}
                    )
                ],
            }
        )
        invoice = self._invoice(self.user_b, "2026-03-02", quantity=5, post=False)
        invoice.invoice_payment_term_id = term
        invoice.action_post()
        self.assertTrue(invoice.sp_credit_sale)
        self._pay(invoice, 5000.0, "2026-03-25")
        # Sold on credit without approval: earns nothing.
        self.assertEqual(
            self._amounts(self._run(self.march, self.member_b)[self.emp_b]), [0.0]
        )
        invoice.sp_credit_sale_approved = True
        # 5,000 x 2 % = 100.00 once approved.
        self.assertEqual(
            self._amounts(self._run(self.march, self.member_b)[self.emp_b]), [100.0]
        )

    def test_r_c10_payment_reversal_after_approval(self):
        self.plan.cash_basis = True
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        payment = self._pay(invoice, 5000.0, "2026-03-20")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(march), [100.0])
        self._approve(march)
        payment.move_id.line_ids.remove_move_reconcile()
        april = self._run(self.april, self.member_a)[self.emp_a]
        clawback = april.line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(clawback.amount, -100.0)
        self.assertEqual(clawback.origin_statement_id, march)

    def _gated_march_sale(self):
        """Only a gated 2 % rule (gate from 80 %, R-C2) and Wang Wei's March
        sale of 9,000 (90 % of target); returns the rule."""
        rule = self._rule(
            "tiered",
            [(1.0, 0.0, 0.02)],
            name="Gated",
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        self.rule.active = False
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        return rule

    def test_grade_arriving_after_approval_is_corrected(self):
        rule = self._gated_march_sale()
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.line_ids.line_state, "waiting_grade")
        self._approve(march)
        # Grade B published in April: 9,000 x 2 % x 40 % = 72.00 correction.
        self._appraise(self.emp_a, self.march, "B")
        april = self._run(self.april, self.member_a)[self.emp_a]
        correction = april.line_ids.filtered(lambda line: line.kind == "correction")
        self.assertEqual(correction.amount, 72.0)
        self.assertEqual(correction.rule_id, rule)

    def test_r_c11_grade_under_appeal_holds_until_decided(self):
        # Gated rule, 9,000 = 90 % of target: grade B pays 9,000 x 2 % x 40 %
        # = 72.00 in March (R-C2).
        self._gated_march_sale()
        appraisal = self._appraise(self.emp_a, self.march, "B")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 72.0)
        self._approve(march)
        # Wang Wei appeals in April: the B grade holds while HR decides, so
        # April books no clawback of March's 72.00 (R-C11 waits).
        appraisal.state = "appeal"
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertFalse(
            april.line_ids.filtered(lambda x: x.kind in ("clawback", "correction"))
        )
        # HR upholds the appeal with grade A: 9,000 x 2 % x 60 % = 108.00,
        # so April is corrected by 108.00 - 72.00 = 36.00.
        appraisal.write({"grade_id": self._grade("A").id, "state": "published"})
        april = self._run(self.april, self.member_a)[self.emp_a]
        correction = april.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(correction.amount, 36.0)

    def test_approval_rights_and_own_statement(self):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        statements = self._run(self.march)
        with self.assertRaises(AccessError):
            statements[self.emp_b].with_user(self.user_a).action_approve()
        self.user_approver.employee_ids.unlink()
        approver_member_emp = self.env["hr.employee"].create(
            {"name": "Approver", "user_id": self.user_approver.id}
        )
        self.plan.member_ids = [Command.create({"employee_id": approver_member_emp.id})]
        own = self._run(self.march)[approver_member_emp]
        with self.assertRefused(UserError, "own statement"):
            own.with_user(self.user_approver).action_approve()

    def test_salesperson_sees_and_disputes_only_own_lines(self):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._invoice(self.user_b, "2026-03-05", quantity=5)
        statements = self._run(self.march)
        mine = self.env["sales.performance.statement"].with_user(self.user_a).search([])
        self.assertEqual(mine, statements[self.emp_a])
        with self.assertRaises(AccessError):
            statements[self.emp_b].with_user(self.user_a).read(["amount_total"])
        line_b = statements[self.emp_b].line_ids
        with self.assertRaises(AccessError):
            line_b.with_user(self.user_a).action_dispute("Not mine")
        line_a = statements[self.emp_a].line_ids
        line_a.with_user(self.user_a).action_dispute("The March 5th deal was 6 sofas.")
        self.assertEqual(line_a.dispute_state, "open")
        self.assertEqual(line_a.dispute_uid, self.user_a)
        with self.assertRaises(AccessError):
            line_a.with_user(self.user_a).action_resolve_dispute(True, "ok", 20.0)

    def test_dispute_resolved_with_adjustment_in_next_open_statement(self):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self._approve(march)
        line = march.line_ids
        line.with_user(self.user_a).action_dispute("One sofa is missing.")
        line.with_user(self.user_admin).action_resolve_dispute(
            True, "Invoice corrected: +1,000 x 2 %.", 20.0
        )
        self.assertEqual(line.dispute_state, "accepted")
        adjustment = line.adjustment_line_id
        self.assertEqual(adjustment.amount, 20.0)
        self.assertEqual(adjustment.statement_id.period_id, self.april)
        self.assertTrue(adjustment.is_manual)
        # The April run keeps it and does not count it as a correction.
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(april, adjustment.statement_id)
        self.assertEqual(self._amounts(april), [0.0, 20.0])
        rejected = self._run(self.april, self.member_a)[self.emp_a].line_ids.filtered(
            lambda x: not x.is_manual
        )
        rejected.with_user(self.user_a).action_dispute("Where is my April?")
        rejected.with_user(self.user_admin).action_resolve_dispute(
            False, "No April sales."
        )
        self.assertEqual(rejected.dispute_state, "rejected")
        self.assertFalse(rejected.adjustment_line_id)

    def test_run_without_rules_or_on_closed_period_refused(self):
        self.rule.active = False
        with self.assertRefused(UserError, "no commission rules"):
            self._run(self.march)
        self.rule.active = True
        self.march.action_sp_close()
        with self.assertRefused(UserError, "is closed"):
            self._run(self.march)
        self.assertFalse(
            self.env["sales.performance.statement"].search(
                [("plan_id", "=", self.plan.id)]
            )
        )

    def test_pdf_statement_shows_the_arithmetic(self):
        import io

        from PyPDF2 import PdfReader

        self._invoice(self.user_a, "2026-03-05", quantity=5)
        statement = self._run(self.march, self.member_a)[self.emp_a]
        # A real PDF (wkhtmltopdf), not the HTML tests usually get.
        content, extension = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sales_performance.report_statement", statement.ids)
        )
        self.assertEqual(extension, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(content)).pages
        )
        # 5,000 x 2 % = 100.00, the line's sentence, is in the document.
        self.assertIn("5,000.00 × 2 % = 100.00 (completion 50 %, band from 0 %).", text)
        self.assertIn("Commission Statement", text)

    def test_approval_mails_the_pdf_statement(self):
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self._approve(statement)
        mail = self.env["mail.mail"].search(
            [("model", "=", statement._name), ("res_id", "=", statement.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("2026-03", mail.subject)
        self.assertIn(self.user_a.partner_id, mail.recipient_ids)
        self.assertTrue(mail.attachment_ids)
        self.assertIn("Statement", mail.attachment_ids.name)

    def test_excel_export(self):
        import io

        from openpyxl import load_workbook

        self._invoice(self.user_a, "2026-03-05", quantity=5)
        statement = self._run(self.march, self.member_a)[self.emp_a]
        content, extension = self.env["ir.actions.report"]._render(
            "sales_performance.statement_xlsx", statement.ids
        )
        self.assertEqual(extension, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][0], self.emp_a.name)
        self.assertEqual(
            rows[1][6], "5,000.00 × 2 % = 100.00 (completion 50 %, band from 0 %)."
        )
        self.assertEqual(rows[1][7], 100.0)
        # the file is named after the statement, as the PDF is (report_xlsx's
        # download names a single record's file by its print_report_name)
        from odoo.tools.safe_eval import safe_eval, time

        report = self.env.ref("sales_performance.action_report_statement_xlsx")
        self.assertEqual(
            safe_eval(report.print_report_name, {"object": statement, "time": time}),
            f"Statement - {statement.name}",
        )
