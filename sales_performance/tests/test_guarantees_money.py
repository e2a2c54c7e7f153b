# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 12, the money half: every guarantee of the engine holds in the
model layer, tried as the user who would break it (a cold cache, then
``with_user``), as they would over JSON-RPC."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestGuaranteesMoney(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_g_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Payroll Officer",
            "sp_g_payroll",
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager",
        )[0]
        # The approver sells too: a member of the plan with a statement.
        cls.emp_approver = cls.user_approver.employee_ids
        cls.member_approver = cls.env["sales.performance.member"].create(
            {"plan_id": cls.plan.id, "employee_id": cls.emp_approver.id}
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {"name": "Sales staff", "code": "GSALES", "company_id": cls.company.id}
        )
        cls.structure.action_sp_add_rules()
        for employee in (cls.emp_a, cls.emp_b):
            cls.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": 7000.0,
                    "date_start": "2026-01-01",
                    "state": "open",
                    "struct_id": cls.structure.id,
                }
            )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 2 % x 5,000 = 100.00
        cls._invoice(cls.user_b, "2026-03-06", quantity=10)  # 2 % x 10,000 = 200.00
        cls._invoice(cls.user_approver, "2026-03-07", quantity=2)  # 40.00

    def _as(self, records, user):
        self.env.invalidate_all()
        return records.with_user(user)

    def _approved(self, members):
        statements = self._run(self.march, members)
        for statement in statements.values():
            self._as(statement, self.user_approver).action_approve()
        return statements

    def _post(self, statement):
        return self._as(statement, self.user_payroll).action_post_to_payroll()

    def _spcomm(self, employee):
        return (
            self.env["hr.payslip.input"]
            .sudo()
            .search(
                [("payslip_id.employee_id", "=", employee.id), ("code", "=", "SPCOMM")]
            )
        )

    # ------------------------------------------------------------------
    # The payroll officer (R-W2, R-W3)
    # ------------------------------------------------------------------
    def test_issue12_r_w3_payroll_officer_cannot_inflate_and_self_approve(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        line = statement.line_ids
        self.assertEqual(line.amount, 100.0)
        with self.assertRefused(UserError, "written by the commission run"):
            self._as(line, self.user_payroll).write({"amount": 50000.0})
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(statement, self.user_payroll).write({"state": "approved"})
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(statement, self.user_payroll).write(
                {"approved_uid": self.user_approver.id}
            )
        with self.assertRefused(UserError, "written by the commission run"):
            self._as(
                self.env["sales.performance.statement.line"], self.user_payroll
            ).create(
                {
                    "statement_id": statement.id,
                    "kind": "adjustment",
                    "is_manual": True,
                    "name": "Bonus",
                    "amount": 50000.0,
                }
            )
        # Nothing changed; posting a computed statement posts nothing.
        self._post(statement)
        self.assertEqual((statement.state, statement.amount_total), ("computed", 100.0))
        self.assertFalse(self._spcomm(self.emp_a))

    def test_issue12_r_w2_posted_inputs_cannot_be_unlinked_to_pay_twice(self):
        statement = self._approved(self.member_a)[self.emp_a]
        self._post(statement)
        self.assertEqual(statement.state, "posted")
        with self.assertRefused(UserError, "frozen|written by the commission run"):
            self._as(statement.line_ids, self.user_payroll).write(
                {"payslip_input_id": False}
            )
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(statement, self.user_payroll).write({"state": "approved"})
        self._post(statement)
        # Paid once: 100.00 on one SPCOMM input.
        self.assertEqual(self._spcomm(self.emp_a).mapped("amount"), [100.0])

    def test_issue12_r_w2_no_line_moved_into_a_posted_statement(self):
        posted = self._approved(self.member_a)[self.emp_a]
        self._post(posted)
        other = self._run(self.march, self.member_b)[self.emp_b]
        with self.assertRefused(UserError, "frozen"):
            self._as(other.line_ids, self.user_payroll).write(
                {"statement_id": posted.id}
            )
        # Not even the administrator's manual adjustment.
        adjustment = self.env["sales.performance.statement.line"].create(
            {
                "statement_id": other.id,
                "kind": "adjustment",
                "is_manual": True,
                "name": "Fair bonus",
                "amount": 30.0,
            }
        )
        with self.assertRefused(UserError, "frozen"):
            self._as(adjustment, self.user_admin).write({"statement_id": posted.id})
        self.assertEqual(posted.amount_total, 100.0)

    # ------------------------------------------------------------------
    # The approver (R-W3)
    # ------------------------------------------------------------------
    def test_issue12_r_w3_approver_cannot_approve_own_or_rewrite(self):
        statements = self._run(self.march, self.member_a | self.member_approver)
        own = statements[self.emp_approver]
        with self.assertRefused(UserError, "your own statement"):
            self._as(own, self.user_approver).action_approve()
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(own, self.user_approver).write({"state": "approved"})
        other = statements[self.emp_a]
        self._as(other, self.user_approver).action_approve()
        self.assertEqual(other.approved_uid, self.user_approver)
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(other, self.user_approver).write(
                {"approved_uid": self.user_admin.id}
            )
        self._post(other)
        self.assertEqual(other.state, "posted")
        # Reopening a posted statement to rerun, approve and post it again.
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(other, self.user_approver).write({"state": "computed"})
        with self.assertRefused(UserError, "change only through its actions"):
            self._as(other, self.user_approver).write({"amount_total": 1.0})
        with self.assertRefused(UserError, "Only an approved statement"):
            self._as(other, self.user_approver).action_reset_to_computed()
        self.assertEqual((other.state, other.amount_total), ("posted", 100.0))

    def test_issue12_r_w3_posting_needs_an_approver(self):
        # Approved without action_approve (only the engine can do that now):
        # posting refuses a statement nobody approved.
        statement = self._run(self.march, self.member_a)[self.emp_a]
        statement.sudo().write({"state": "approved"})
        self._post(statement)
        self.assertEqual(statement.state, "approved")
        self.assertIn("has no approver", statement.payroll_error)
        self.assertFalse(self._spcomm(self.emp_a))

    # ------------------------------------------------------------------
    # Manual adjustments, statements and runs by hand
    # ------------------------------------------------------------------
    def test_issue12_admin_adjusts_open_statements_only(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        Line = self._as(self.env["sales.performance.statement.line"], self.user_admin)
        adjustment = Line.create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "is_manual": True,
                "name": "Fair bonus",
                "amount": 30.0,
            }
        )
        adjustment.write({"amount": 40.0})
        self.assertEqual(statement.amount_total, 140.0)  # 100.00 + 40.00
        # A run line, or a line made to look like a run line, is not manual.
        with self.assertRefused(UserError, "written by the commission run"):
            self._as(statement.line_ids - adjustment, self.user_admin).write(
                {"amount": 1.0}
            )
        with self.assertRefused(UserError, "written by the commission run"):
            self._as(adjustment, self.user_admin).write({"kind": "commission"})
        with self.assertRefused(UserError, "written by the commission run"):
            self._as(adjustment, self.user_admin).write({"payslip_input_id": 1})
        with self.assertRefused(UserError, "created by commission runs"):
            self._as(self.env["sales.performance.statement"], self.user_admin).create(
                {
                    "plan_id": self.plan.id,
                    "employee_id": self.emp_b.id,
                    "period_id": self.march.id,
                    "line_ids": [Command.create({"name": "x", "amount": 1.0})],
                }
            )
        self._as(statement, self.user_approver).action_approve()
        with self.assertRefused(UserError, "frozen"):
            self._as(adjustment, self.user_admin).write({"amount": 50.0})
        with self.assertRefused(UserError, "frozen"):
            self._as(adjustment, self.user_admin).unlink()
        # The note stays editable.
        self._as(statement, self.user_admin).write({"note": "<p>Checked.</p>"})

    def test_issue12_runs_written_by_the_engine_only(self):
        run = self.env["sales.performance.run"]._sp_start(self.plan, self.march)
        Run = self._as(self.env["sales.performance.run"], self.user_admin)
        with self.assertRefused(UserError, "not created by hand"):
            Run.create({"plan_id": self.plan.id, "period_id": self.march.id})
        with self.assertRefused(UserError, "written by the run itself"):
            self._as(run, self.user_admin).write({"state": "done"})
        with self.assertRaises(UserError):  # AccessError is a UserError
            self._as(run, self.user_approver).write({"state": "done"})
