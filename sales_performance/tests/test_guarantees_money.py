# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 12, the money half: every guarantee of the engine holds in the
model layer, tried as the user who would break it (a cold cache, then
``with_user``), as they would over JSON-RPC."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
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
        self.plan.action_approve()
        run = self.env["sales.performance.run"]._sp_start(self.plan, self.march)
        Run = self._as(self.env["sales.performance.run"], self.user_admin)
        with self.assertRefused(UserError, "not created by hand"):
            Run.create({"plan_id": self.plan.id, "period_id": self.march.id})
        with self.assertRefused(UserError, "written by the run itself"):
            self._as(run, self.user_admin).write({"state": "done"})
        with self.assertRaises(UserError):  # AccessError is a UserError
            self._as(run, self.user_approver).write({"state": "done"})
        # a failed run is not deleted to let its period pass as complete
        run.sudo().state = "failed"
        with self.assertRefused(UserError, "is not complete"):
            self._as(run, self.user_admin).unlink()

    # ------------------------------------------------------------------
    # Periods: only the plan's own (issue 12)
    # ------------------------------------------------------------------
    def test_issue12_run_refuses_periods_outside_the_plan(self):
        quarters = self._create_ranges(self.quarter_type)
        q4 = quarters.filtered(lambda q: str(q.date_start) == "2026-10-01")
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["date.range"].create(
            {
                "name": "Other 2026-12",
                "date_start": "2026-12-01",
                "date_end": "2026-12-31",
                "type_id": self.month_type.id,
                "company_id": other_company.id,
            }
        )
        before = self._run(self.march, self.member_a)[self.emp_a]
        self.plan.action_approve()
        for period in (q4, foreign):
            with self.assertRefused(UserError, "is not a period of plan"):
                self._run(period)
            with self.assertRefused(UserError, "is not a period of plan"):
                self._as(self.env["sales.performance.run"], self.user_admin)._sp_start(
                    self.plan, period
                )
            with self.assertRefused(UserError, "is not a period of plan"):
                self._as(
                    self.env["sales.performance.commission.run"], self.user_admin
                ).create({"plan_id": self.plan.id, "period_id": period.id})
            with self.assertRefused(UserError, "is not a period of plan"):
                self.env["sales.performance.run"].sudo().create(
                    {"plan_id": self.plan.id, "period_id": period.id}
                )
        # Nothing was re-paid: March alone, 100.00.
        self.assertEqual(
            self.env["sales.performance.statement"].search(
                [("plan_id", "=", self.plan.id)]
            ),
            before,
        )

    # ------------------------------------------------------------------
    # Rights on actions (issue 12)
    # ------------------------------------------------------------------
    def test_issue12_computing_is_for_the_administrator(self):
        for user in (self.user_a, self.user_manager, self.user_approver):
            plan = self._as(self.plan, user)
            for action in (
                plan.action_compute_achievements,
                plan.action_propose_levels,
                plan.action_generate_periods,
                plan.action_approve,
                plan.action_reset_draft,
                plan.action_run_commission,
                plan.action_generate_appraisals,
                plan.action_open_decompose,
            ):
                with self.assertRefused(AccessError, "performance administrator"):
                    action()
        self.assertFalse(self.plan.achievement_ids)
        # the administrator may
        self._as(self.plan, self.user_admin).action_compute_achievements()
        self.assertTrue(self.plan.achievement_ids)

    # ------------------------------------------------------------------
    # Bad configuration (issue 12)
    # ------------------------------------------------------------------
    def test_issue12_bad_configuration_refused(self):
        with self.assertRefused(ValidationError, "negative payout delay"):
            self.plan.payout_delay = -1
        with self.assertRefused(ValidationError, "negative review amount"):
            self.plan.max_statement_amount = -1.0
        Run = self._as(self.env["sales.performance.run"], self.user_admin)
        with self.assertRefused(UserError, "is not approved"):
            Run._sp_start(self.plan, self.march)
        self.plan.action_approve()
        with self.assertRefused(UserError, "chunk size of at least 1"):
            Run._sp_start(self.plan, self.march, chunk_size=0)
        # A plan in a year without periods cannot be approved.
        empty = self.plan.copy({"date_start": "2040-01-01", "date_end": "2040-12-31"})
        with self.assertRefused(UserError, "has no periods"):
            self._as(empty, self.user_admin).action_approve()
        # A grade band edited on the grade leaves a gap in its scale.
        grade_a = self._grade("A")
        with self.assertRefused(ValidationError, "has a (gap|overlap)"):
            self._as(grade_a, self.user_admin).write(
                {"score_from": grade_a.score_from + 1.0}
            )
        # A member without a user: nobody could see the statements; refused
        # when the member is added (and again at the plan's approval).
        self.plan.action_reset_draft()
        nobody = self.env["hr.employee"].create({"name": "No User"})
        with self.assertRefused(ValidationError, "No User .* has no related user"):
            self.env["sales.performance.member"].create(
                {"plan_id": self.plan.id, "employee_id": nobody.id}
            )

    def test_issue12_statement_above_review_amount_needs_the_administrator(self):
        # A 1e12 invoice would pay 2e10 in commission: a plan set to review
        # statements above 50.00 stops the 100.00 statement at approval.
        self.plan.max_statement_amount = 50.0
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self.assertIn("above the plan's review amount", statement.review_reasons)
        with self.assertRefused(UserError, "needs a performance administrator"):
            self._as(statement, self.user_approver).action_approve()
        with self.assertRefused(AccessError, "accepts a review"):
            self._as(statement, self.user_approver).action_accept_review()
        self._as(statement, self.user_admin).action_accept_review()
        self.assertEqual(statement.review_accepted_uid, self.user_admin)
        self._as(statement, self.user_approver).action_approve()
        self.assertEqual(statement.state, "approved")

    def test_issue12_corrections_of_closed_months_need_review(self):
        # March approved at 2 % (100.00) and closed; a version of the plan
        # raises the band rate to 3 % from March (reaching back, issue 19):
        # April's run books 5,000 x 1 % = 50.00 for March, which waits for
        # the administrator's review.
        self.plan.max_statement_amount = 0.0
        march = self._approved(self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 100.0)
        # approved, not posted: closed with an override (issue 20)
        self.march._sp_close(override_reason="Posted with April's payroll.")
        self._change_rules(
            self.march,
            lambda rules: rules.band_ids.write({"rate": 0.03}),
            reason="The 3 % agreed in February was entered as 2 %.",
        )
        april = self._run(self.april, self.member_a)[self.emp_a]
        correction = april.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(correction.mapped("amount"), [50.0])
        self.assertIn("1 correction(s) of closed periods", april.review_reasons)
        with self.assertRefused(UserError, "needs a performance administrator"):
            self._as(april, self.user_approver).action_approve()
        self._as(april, self.user_admin).action_accept_review()
        self._as(april, self.user_approver).action_approve()
        self.assertEqual(april.state, "approved")
