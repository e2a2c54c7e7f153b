# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 13: worked cases of the rulebooks that did not come out to the
cent, one test per point, numbers worked by hand from the rule tag."""

from odoo import Command
from odoo.tests import tagged

from .common import SalesPerformanceCommon

TIERS = [(1.0, 1.5, 0.02), (1.5, 2.0, 0.025), (2.0, 3.0, 0.03), (3.0, 0.0, 0.035)]


@tagged("post_install", "-at_install")
class TestCommissionRuleGaps(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_gap_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.may = cls._period("2026-05")
        for member in cls.plan.member_ids:
            for period in (cls.march, cls.april, cls.may):
                cls._target(member, period, 10000.0)

    def _approve(self, *statements):
        self.env.invalidate_all()
        for statement in statements:
            statement.with_user(self.user_approver).action_approve()

    def _lines(self, statement, kind=None):
        return statement.line_ids.filtered(lambda line: not kind or line.kind == kind)

    def _manager_member(self):
        return self.env["sales.performance.member"].create(
            {
                "plan_id": self.plan.id,
                "employee_id": self.emp_manager.id,
                "role_id": self.role_manager.id,
            }
        )

    # ------------------------------------------------------------------
    # 1. R-C2 gate for a manager paid on the team total (R-C3)
    # ------------------------------------------------------------------
    def test_r_c2_r_c3_manager_on_team_total_gated_by_grade(self):
        manager = self._manager_member()
        # Team target 20,000 (Wang Wei 10,000 + Li Na 10,000: no own target).
        self._rule(
            "manager",
            role_ids=[Command.set(self.role_manager.ids)],
            team_rate=0.01,
            excess_rate=0.02,
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        # Team 9,000 + 8,000 = 17,000 of 20,000 = 85 %: gated (R-C2):
        # 17,000 x 1 % = 170.00 due; the manager factors C 40 % = 68.00,
        # B 60 % = 102.00, A 80 % = 136.00, D nothing.
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        self._invoice(self.user_b, "2026-03-05", quantity=8)
        appraisal = self._appraise(self.emp_manager, self.march, "C")
        for code, amount in (("C", 68.0), ("B", 102.0), ("A", 136.0), ("D", 0.0)):
            appraisal.grade_id = self._grade(code)
            line = self._lines(self._run(self.march, manager)[self.emp_manager])
            self.assertEqual(line.amount, amount, code)
        self.assertIn("85 % completion", line.explanation)
        # Below the minimum: team 15,000 = 75 % < 80 %: nothing, whatever
        # the grade (A).
        appraisal.grade_id = self._grade("A")
        self._refund(
            self.env["account.move"].search(
                [
                    ("invoice_user_id", "=", self.user_b.id),
                    ("move_type", "=", "out_invoice"),
                ]
            ),
            "2026-03-20",
            quantity=6,
        )
        line = self._lines(self._run(self.march, manager)[self.emp_manager])
        self.assertEqual((line.amount, line.line_state), (0.0, "info"))

    def test_r_c2_tiered_gate_on_team_for_manager_without_own_sales(self):
        manager = self._manager_member()
        # The tiered rule with the gate, for a manager who sells nothing:
        # the completion is the team's: 9,000 + 8,000 = 17,000 of 20,000 =
        # 85 %; 17,000 x 2 % (first band) = 340.00 due, grade B manager 60 %
        # -> 204.00 (R-C2 "the gate applies to a manager paid on the team
        # total with the team's completion").
        self._rule(
            "tiered",
            TIERS,
            role_ids=[Command.set(self.role_manager.ids)],
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        self._invoice(self.user_b, "2026-03-05", quantity=8)
        self._appraise(self.emp_manager, self.march, "B")
        line = self._lines(self._run(self.march, manager)[self.emp_manager])
        self.assertEqual(line.amount, 204.0)
