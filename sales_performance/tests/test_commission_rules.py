# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SalesPerformanceCommon

# R-C1 rulebook tiers: [100 %, 150 %) 2 %, [150 %, 200 %) 2.5 %,
# [200 %, 300 %) 3 %, >= 300 % 3.5 %.
TIERS = [(1.0, 1.5, 0.02), (1.5, 2.0, 0.025), (2.0, 3.0, 0.03), (3.0, 0.0, 0.035)]


@tagged("post_install", "-at_install")
class TestCommissionRules(SalesPerformanceCommon):
    """Every rule type with hand-worked numbers (targets 10,000 in March)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)

    def _line(self, statements, employee, kind=None):
        lines = statements[employee].line_ids.filtered(
            lambda line: not kind or line.kind == kind
        )
        self.assertEqual(len(lines), 1, lines.mapped("explanation"))
        return lines

    def test_r_c1_tiers_on_the_whole_amount(self):
        self._rule("tiered", TIERS)
        # Wang Wei 16,000: 160 % -> 2.5 % x 16,000 = 400.00.
        self._invoice(self.user_a, "2026-03-05", quantity=16)
        # Li Na 31,000: 310 % -> 3.5 % x 31,000 = 1,085.00.
        self._invoice(self.user_b, "2026-03-06", quantity=31)
        # Chen Jie exactly 10,000: 100 % opens the first band: 2 % -> 200.00.
        self._invoice(self.user_c, "2026-03-07", quantity=10)
        statements = self._run(self.march)
        line_a = self._line(statements, self.emp_a)
        self.assertEqual(line_a.amount, 400.0)
        self.assertEqual(line_a.rate, 0.025)
        self.assertIn("16,000.00 × 2.5 % = 400.00", line_a.explanation)
        self.assertEqual(self._line(statements, self.emp_b).amount, 1085.0)
        self.assertEqual(self._line(statements, self.emp_c).amount, 200.0)
        self.assertEqual(statements[self.emp_a].state, "computed")
        self.assertEqual(statements[self.emp_a].amount_total, 400.0)

    def test_r_c1_marginal_bands(self):
        # 16,000 on a 10,000 target: 5,000 in [100 %, 150 %) x 2 % = 100
        # + 1,000 in [150 %, 200 %) x 2.5 % = 25 -> 125.00.
        self._rule("tiered", TIERS, band_mode="marginal")
        self._invoice(self.user_a, "2026-03-05", quantity=16)
        line = self._line(self._run(self.march, self.member_a), self.emp_a)
        self.assertEqual(line.amount, 125.0)
        self.assertIn("5,000.00 × 2 % + 1,000.00 × 2.5 %", line.explanation)

    def test_r_c2_grade_gate_each_grade_and_boundaries(self):
        self._rule("tiered", TIERS, gate_enabled=True, gate_min_completion=0.8)
        # 9,000 = 90 %: 9,000 x 2 % = 180.00 due, paid by grade:
        # S 60 % = 108, A 60 % = 108, B 40 % = 72, C 20 % = 36, D 0.
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        expected = {"S": 108.0, "A": 108.0, "B": 72.0, "C": 36.0, "D": 0.0}
        appraisal = self._appraise(self.emp_a, self.march, "S")
        for code, amount in expected.items():
            appraisal.grade_id = self._grade(code)
            line = self._line(self._run(self.march, self.member_a), self.emp_a)
            self.assertEqual(line.amount, amount, code)
        self.assertIn(
            "180.00 due at 90 % completion; grade D pays 0 % → 0.00", line.explanation
        )

    def test_r_c2_gate_boundaries_79_99_80_100(self):
        self._rule("tiered", TIERS, gate_enabled=True, gate_min_completion=0.8)
        self._appraise(self.emp_a, self.march, "C")
        self._appraise(self.emp_b, self.march, "C")
        self._appraise(self.emp_c, self.march, "C")
        # 7,999 = 79.99 %: below the gate: nothing.
        self._invoice(self.user_a, "2026-03-05", price=7999.0)
        # 8,000 = 80 %: 8,000 x 2 % = 160 due; grade C pays 20 % -> 32.00.
        self._invoice(self.user_b, "2026-03-05", price=8000.0)
        # 10,000 = 100 %: first band, no gate: 2 % -> 200.00.
        self._invoice(self.user_c, "2026-03-05", price=10000.0)
        statements = self._run(self.march)
        below = self._line(statements, self.emp_a)
        self.assertEqual(below.amount, 0.0)
        self.assertEqual(below.line_state, "info")
        self.assertEqual(self._line(statements, self.emp_b).amount, 32.0)
        self.assertEqual(self._line(statements, self.emp_c).amount, 200.0)

    def test_r_c2_managers_factor_and_missing_appraisal(self):
        self._rule("tiered", TIERS, gate_enabled=True, gate_min_completion=0.8)
        self.member_b.role_id = self.role_manager
        self._appraise(self.emp_b, self.march, "B")
        # 9,000: 180 due; a manager with grade B gets 60 % -> 108.00.
        self._invoice(self.user_b, "2026-03-05", quantity=9)
        # Wang Wei, 90 % but no approved appraisal: pays nothing, says why.
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        statements = self._run(self.march, self.member_a | self.member_b)
        self.assertEqual(self._line(statements, self.emp_b).amount, 108.0)
        waiting = self._line(statements, self.emp_a)
        self.assertEqual(waiting.amount, 0.0)
        self.assertEqual(waiting.line_state, "waiting_grade")
        self.assertIn("no approved appraisal for 2026-03", waiting.explanation)
        # A draft appraisal does not count.
        draft = self._appraise(self.emp_a, self.march, "A")
        draft.state = "manager_review"
        self.assertEqual(
            self._line(self._run(self.march, self.member_a), self.emp_a).amount, 0.0
        )
        # Once published it pays: 180 x 60 % = 108.00.
        draft.state = "published"
        self.assertEqual(
            self._line(self._run(self.march, self.member_a), self.emp_a).amount, 108.0
        )

    def test_r_c3_manager_team_total_and_excess(self):
        manager = self.env["sales.performance.member"].create(
            {
                "plan_id": self.plan.id,
                "employee_id": self.emp_manager.id,
                "role_id": self.role_manager.id,
            }
        )
        self._target(manager, self.march, 40000.0)
        self._rule(
            "manager",
            role_ids=[Command.set(self.role_manager.ids)],
            team_rate=0.01,
            excess_rate=0.02,
        )
        # Team: Wang Wei 16,000 + Li Na 31,000 = 47,000 (Chen Jie is not
        # under Zhang Min). 47,000 x 1 % = 470 + (47,000 - 40,000) x 2 % = 140
        # -> 610.00.
        self._invoice(self.user_a, "2026-03-05", quantity=16)
        self._invoice(self.user_b, "2026-03-05", quantity=31)
        self._invoice(self.user_c, "2026-03-05", quantity=50)
        statements = self._run(self.march, manager)
        line = self._line(statements, self.emp_manager)
        self.assertEqual(line.amount, 610.0)
        self.assertIn("Team of 2", line.explanation)

    def test_r_c4_pool_by_grade_coefficient(self):
        self._rule("pool", pool_rate=0.01, payout_kind="pool_share")
        # B = (16,000 + 31,000 + 10,000) x 1 % = 570.00; F: A 1.2, B 1.0,
        # C 0.8 -> TF 3.0, R = 190: 228.00 / 190.00 / 152.00.
        self._invoice(self.user_a, "2026-03-05", quantity=16)
        self._invoice(self.user_b, "2026-03-05", quantity=31)
        self._invoice(self.user_c, "2026-03-05", quantity=10)
        self._appraise(self.emp_a, self.march, "A")
        self._appraise(self.emp_b, self.march, "B")
        self._appraise(self.emp_c, self.march, "C")
        statements = self._run(self.march)
        amounts = [
            self._line(statements, e).amount
            for e in (self.emp_a, self.emp_b, self.emp_c)
        ]
        self.assertEqual(amounts, [228.0, 190.0, 152.0])
        self.assertEqual(self._line(statements, self.emp_a).kind, "pool_share")

    def test_r_c4_pool_rounding_to_the_cent(self):
        # B = 10,000 x 1 % = 100.00, three B grades (F 1.0 each): 33.33 x 3 =
        # 99.99; the cent goes to the first (largest F, first on ties).
        self._rule("pool", pool_rate=0.01, payout_kind="pool_share")
        self._invoice(self.user_a, "2026-03-05", quantity=10)
        for employee in (self.emp_a, self.emp_b, self.emp_c):
            self._appraise(employee, self.march, "B")
        statements = self._run(self.march)
        amounts = [
            self._line(statements, e).amount
            for e in (self.emp_a, self.emp_b, self.emp_c)
        ]
        self.assertEqual(amounts, [33.34, 33.33, 33.33])
        self.assertAlmostEqual(sum(amounts), 100.0, places=2)

    def test_r_c4_pool_member_without_grade_waits(self):
        self._rule("pool", pool_rate=0.01, payout_kind="pool_share")
        self._invoice(self.user_a, "2026-03-05", quantity=10)
        self._appraise(self.emp_a, self.march, "A")
        self._appraise(self.emp_b, self.march, "C")
        # TF = 1.2 + 0.8 = 2.0; 100.00 -> 60.00 / 40.00; Chen Jie waits.
        statements = self._run(self.march)
        self.assertEqual(self._line(statements, self.emp_a).amount, 60.0)
        self.assertEqual(self._line(statements, self.emp_b).amount, 40.0)
        self.assertEqual(self._line(statements, self.emp_c).line_state, "waiting_grade")

    def test_r_c5_project_manager_and_stage_shares(self):
        pm_role = self.env.ref("sales_performance.role_project_manager")
        stages = [
            self.env.ref(f"sales_performance.project_stage_{x}")
            for x in ("information", "approval", "closing")
        ]
        self._rule(
            "project", min_contract=100000.0, pm_rate=0.01, project_pool_rate=0.02
        )
        # Contract 200,000: Wang Wei project manager (information stage,
        # 12.5 %), Li Na approval 37.5 %, Chen Jie closing 50 %.
        invoice = self._invoice(self.user_a, "2026-03-10", price=200000.0, post=False)
        invoice.sp_split_ids = [
            Command.create(
                {
                    "employee_id": self.emp_a.id,
                    "role_id": pm_role.id,
                    "stage_id": stages[0].id,
                    "share": 12.5,
                }
            ),
            Command.create(
                {"employee_id": self.emp_b.id, "stage_id": stages[1].id, "share": 37.5}
            ),
            Command.create(
                {"employee_id": self.emp_c.id, "stage_id": stages[2].id, "share": 50.0}
            ),
        ]
        invoice.action_post()
        # A contract under the minimum earns nothing: 90,000 < 100,000.
        self._invoice(self.user_b, "2026-03-11", price=90000.0)
        statements = self._run(self.march)
        # PM: 200,000 x 1 % = 2,000.00. Pool 200,000 x 2 % = 4,000 over the
        # other shares 87.5: Li Na 37.5 / 87.5 = 1,714.29, Chen Jie 50 / 87.5
        # = 2,285.71 (together 4,000.00).
        self.assertEqual(self._line(statements, self.emp_a).amount, 2000.0)
        self.assertEqual(self._line(statements, self.emp_b).amount, 1714.29)
        self.assertEqual(self._line(statements, self.emp_c).amount, 2285.71)
        self.assertEqual(self._line(statements, self.emp_c).source_move_ids, invoice)

    def test_r_c6_price_ratio_below_and_above_100(self):
        self._rule(
            "price_ratio",
            [
                (0.0, 0.6, 0.005),
                (0.6, 0.7, 0.015),
                (0.7, 0.8, 0.025),
                (0.8, 0.9, 0.035),
                (0.9, 1.0, 0.045),
                (1.0, 0.0, 0.055),
            ],
            cost_factor=1.8,
            over_base_rate=0.055,
            over_excess_rate=0.10,
        )
        # 10 sofas at 1,000, cost 600: base price 1.8 x 6,000 = 10,800; net
        # 10,000; ratio 92.59 % -> 4.5 % x 10,000 = 450.00.
        self._invoice(self.user_a, "2026-03-05", quantity=10)
        # 10 at 1,500 with 1,200 of expenses: net 13,800, ratio 127.8 %:
        # 10,800 x 5.5 % + (13,800 - 10,800) x 10 % = 594 + 300 = 894.00.
        above = self._invoice(
            self.user_b, "2026-03-05", quantity=10, price=1500.0, post=False
        )
        above.sp_project_expenses = 1200.0
        above.action_post()
        # No cost at all: reported, nothing paid.
        free = self.env["product.product"].create(
            {"name": "Service", "standard_price": 0.0}
        )
        self._invoice(self.user_c, "2026-03-05", product=free)
        statements = self._run(self.march)
        self.assertEqual(self._line(statements, self.emp_a).amount, 450.0)
        line_b = self._line(statements, self.emp_b)
        self.assertEqual(line_b.amount, 894.0)
        self.assertIn("10,800.00 × 5.5 % + 3,000.00 × 10 %", line_b.explanation)
        missing = self._line(statements, self.emp_c)
        self.assertEqual(missing.amount, 0.0)
        self.assertIn("no product cost", missing.explanation)

    def test_r_c7_above_list_price_unless_company_negotiated(self):
        self._rule("above_list", share_rate=0.5)
        # 2 sofas at 1,200 (list 1,000): 400 above list x 50 % = 200.00.
        self._invoice(self.user_a, "2026-03-05", quantity=2, price=1200.0)
        negotiated = self._invoice(
            self.user_b, "2026-03-05", quantity=2, price=1200.0, post=False
        )
        negotiated.sp_company_negotiated = True
        negotiated.action_post()
        statements = self._run(self.march, self.member_a | self.member_b)
        self.assertEqual(self._line(statements, self.emp_a).amount, 200.0)
        skipped = self._line(statements, self.emp_b)
        self.assertEqual(skipped.amount, 0.0)
        self.assertIn("company negotiated", skipped.explanation)

    def test_r_c8_hard_target_formula(self):
        # (12,000 / 10,000) x 12,000 x 15 % = 2,160.00.
        self._rule("hard_target", share_rate=0.15)
        self._invoice(self.user_a, "2026-03-05", quantity=12)
        line = self._line(self._run(self.march, self.member_a), self.emp_a)
        self.assertEqual(line.amount, 2160.0)

    def test_r_c9_single_deal_share_for_non_sales_staff(self):
        non_sales = self.env.ref("sales_performance.role_non_sales")
        self.member_c.role_id = non_sales
        self._rule(
            "single_deal", role_ids=[Command.set(non_sales.ids)], share_rate=0.05
        )
        # Chen Jie brought 30 % of a 5,000 deal: 1,500 x 5 % = 75.00.
        invoice = self._invoice(self.user_a, "2026-03-05", price=5000.0, post=False)
        invoice.sp_split_ids = [
            Command.create({"employee_id": self.emp_a.id, "share": 70.0}),
            Command.create({"employee_id": self.emp_c.id, "share": 30.0}),
        ]
        invoice.action_post()
        statements = self._run(self.march)
        self.assertEqual(self._line(statements, self.emp_c).amount, 75.0)
        self.assertFalse(statements[self.emp_a].line_ids)

    def test_r_c12_quarterly_threshold(self):
        self._rule(
            "threshold",
            threshold_amount=20000.0,
            threshold_window="quarter",
            bonus_rate=0.01,
            payout_kind="bonus",
        )
        # Wang Wei Q1: 5,000 + 8,000 + 10,000 = 23,000 >= 20,000 -> 230.00 in
        # March (quarter end); Li Na 15,000: below.
        invoices = self.env["account.move"]
        for date, quantity in (
            ("2026-01-10", 5),
            ("2026-02-10", 8),
            ("2026-03-10", 10),
        ):
            invoices |= self._invoice(self.user_a, date, quantity=quantity)
        self._invoice(self.user_b, "2026-03-10", quantity=15)
        february = self._run(self._period("2026-02"), self.member_a)
        self.assertFalse(february[self.emp_a].line_ids)
        statements = self._run(self.march, self.member_a | self.member_b)
        bonus = self._line(statements, self.emp_a)
        self.assertEqual((bonus.kind, bonus.amount), ("bonus", 230.0))
        # Traced to the quarter's three invoices, not only March's (R-W1).
        self.assertEqual(bonus.source_move_ids, invoices)
        self.assertEqual(self._line(statements, self.emp_b).amount, 0.0)

    def test_r_p2_year_end_bonus_by_yearly_sales(self):
        self._rule(
            "year_end",
            [(0.0, 400000.0, 0.005), (400000.0, 0.0, 0.01)],
            payout_kind="bonus",
        )
        # Wang Wei 450,000 in the year -> 1 % = 4,500.00; Li Na 300,000 ->
        # 0.5 % = 1,500.00. Only the year's last period pays.
        self._invoice(self.user_a, "2026-06-10", price=300000.0)
        self._invoice(self.user_a, "2026-12-01", price=150000.0)
        self._invoice(self.user_b, "2026-09-10", price=300000.0)
        self.assertFalse(self._run(self.march, self.member_a)[self.emp_a].line_ids)
        december = self._run(self._period("2026-12"), self.member_a | self.member_b)
        self.assertEqual(self._line(december, self.emp_a).amount, 4500.0)
        self.assertEqual(self._line(december, self.emp_b).amount, 1500.0)

    def test_bad_bands_and_rates_refused(self):
        with self.assertRefused(ValidationError, "overlap or leave a gap"):
            self._rule("tiered", [(1.0, 1.5, 0.02), (1.6, 0.0, 0.03)])
        with self.assertRefused(ValidationError, "overlap or leave a gap"):
            self._rule("tiered", [(1.0, 1.5, 0.02), (1.4, 0.0, 0.03)])
        with self.assertRefused(ValidationError, "negative rate"):
            self._rule("tiered", [(1.0, 0.0, -0.02)])
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._rule("pool", pool_rate=-0.01)
        with self.assertRefused(ValidationError, "needs at least one band"):
            self._rule("tiered")
        self.assertFalse(self.plan.rule_ids)
