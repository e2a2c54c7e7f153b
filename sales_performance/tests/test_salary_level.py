# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestSalaryLevel(SalesPerformanceCommon):
    """R-P4 salary level proposals and R-P5 new-hire flags, with the default
    policy: 3 quarters below 40 %, a year below 50 %, up above 100 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_1 = cls.env.ref("sales_performance.salary_level_1")
        cls.level_2 = cls.env.ref("sales_performance.salary_level_2")
        cls.level_3 = cls.env.ref("sales_performance.salary_level_3")
        cls.level_4 = cls.env.ref("sales_performance.salary_level_4")
        cls.emp_a.sp_salary_level_id = cls.level_3
        cls.emp_b.sp_salary_level_id = cls.level_1
        cls.emp_c.sp_salary_level_id = cls.level_3
        cls.months = cls.plan._sp_periods()
        # 10,000 net revenue target every month: 30,000 a quarter, 120,000 a year.
        cls.env["sales.performance.target"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "member_id": member.id,
                    "period_id": month.id,
                    "metric_id": cls.metric_revenue.id,
                    "amount": 10000.0,
                }
                for member in cls.plan.member_ids
                for month in cls.months
            ]
        )
        Proposal = cls.env["sales.performance.level.proposal"]
        cls.Proposal = Proposal

    def _sell(self, user, amounts_by_month):
        for month, amount in amounts_by_month.items():
            self._invoice(user, f"2026-{month:02d}-15", price=amount)

    def _evaluate(self, date):
        months = self.months.filtered(lambda m: str(m.date_end) <= date)
        self.env["sales.performance.achievement"]._sp_compute(self.plan, months)
        proposals = self.Proposal._sp_generate(self.plan, self._date(date))
        return {p.employee_id: p for p in proposals}

    def test_r_p4_three_quarters_below_40_moves_down(self):
        # Wang Wei: Q1 9,000 / 30,000 = 30 %; Q2 10,500 = 35 %; Q3 6,000 = 20 %.
        self._sell(self.user_a, {2: 9000.0, 5: 10500.0, 8: 6000.0})
        # Chen Jie: Q1 30 %, Q2 13,500 = 45 %, Q3 30 %: not 3 in a row.
        self._sell(self.user_c, {2: 9000.0, 5: 13500.0, 8: 9000.0})
        # Li Na, at the lowest level: 10 % every quarter -> advised to leave.
        self._sell(self.user_b, {2: 3000.0, 5: 3000.0, 8: 3000.0})
        proposals = self._evaluate("2026-09-30")
        down = proposals[self.emp_a]
        self.assertEqual(down.kind, "down")
        self.assertEqual(down.current_level_id, self.level_3)
        self.assertEqual(down.proposed_level_id, self.level_2)
        self.assertIn("2026 Q1 30.0 %, 2026 Q2 35.0 %, 2026 Q3 20.0 %", down.reason)
        self.assertNotIn(self.emp_c, proposals)
        leave = proposals[self.emp_b]
        self.assertEqual(leave.kind, "leave")
        self.assertFalse(leave.proposed_level_id)
        self.assertIn("lowest level", leave.reason)

    def test_r_p4_quarter_under_way_does_not_break_the_streak(self):
        # Wang Wei: Q1 30 %, Q2 35 %, Q3 20 % as above, then October at
        # 10,000 / 10,000 = 100 %. On October 31st Q4 is under way: the last
        # three complete quarters are still Q1-Q3, all below 40 % -> down.
        self._sell(self.user_a, {2: 9000.0, 5: 10500.0, 8: 6000.0, 10: 10000.0})
        down = self._evaluate("2026-10-31")[self.emp_a]
        self.assertEqual((down.kind, down.proposed_level_id), ("down", self.level_2))
        self.assertIn("2026 Q1 30.0 %, 2026 Q2 35.0 %, 2026 Q3 20.0 %", down.reason)

    def test_r_p4_year_below_50_moves_down_at_year_end(self):
        # Chen Jie: 30 % / 45 % / 30 % / 45 %: no three failed quarters in a
        # row, but the year is 45,000 / 120,000 = 37.5 % < 50 %.
        self._sell(self.user_c, {2: 9000.0, 5: 13500.0, 8: 9000.0, 11: 13500.0})
        # Li Na: 3 x 30,000 + 40,000 = 130,000 / 120,000 = 108.3 % -> up.
        self.emp_b.sp_salary_level_id = self.level_3
        self._sell(self.user_b, {2: 30000.0, 5: 30000.0, 8: 30000.0, 11: 40000.0})
        # Wang Wei: exactly 100 %: keeps the level (no proposal).
        self._sell(self.user_a, {2: 30000.0, 5: 30000.0, 8: 30000.0, 11: 30000.0})
        proposals = self._evaluate("2026-12-31")
        down = proposals[self.emp_c]
        self.assertEqual((down.kind, down.proposed_level_id), ("down", self.level_2))
        self.assertIn("Year completion 37.5 % is below 50.0 %", down.reason)
        up = proposals[self.emp_b]
        self.assertEqual((up.kind, up.proposed_level_id), ("up", self.level_4))
        self.assertIn("108.3 %", up.reason)
        self.assertNotIn(self.emp_a, proposals)

    def test_r_p4_year_rules_wait_for_the_year_end(self):
        # 37.5 % over Q1-Q3 but evaluated in September: no yearly verdict yet.
        self._sell(self.user_c, {2: 9000.0, 5: 13500.0, 8: 11250.0})
        self.assertNotIn(self.emp_c, self._evaluate("2026-09-30"))

    def test_accept_and_reject(self):
        self._sell(self.user_a, {2: 9000.0, 5: 10500.0, 8: 6000.0})
        self._sell(self.user_c, {2: 9000.0, 5: 9000.0, 8: 9000.0})
        proposals = self._evaluate("2026-09-30")
        proposals[self.emp_a].action_accept()
        self.assertEqual(self.emp_a.sp_salary_level_id, self.level_2)
        self.assertEqual(proposals[self.emp_a].decided_uid, self.env.user)
        proposals[self.emp_c].action_reject()
        self.assertEqual(self.emp_c.sp_salary_level_id, self.level_3)
        with self.assertRefused(UserError, "already decided"):
            proposals[self.emp_c].action_accept()
        # Generating again replaces only the open proposals.
        again = self._evaluate("2026-09-30")
        self.assertEqual(again[self.emp_a].current_level_id, self.level_2)
        self.assertEqual(again[self.emp_a].proposed_level_id, self.level_1)
        self.assertEqual(proposals[self.emp_c].state, "rejected")

    def test_r_p5_new_hire_without_paid_deal_is_flagged(self):
        # Both hired Feb 1st: the window is Feb 1st - Apr 30th.
        for employee in (self.emp_a, self.emp_c):
            self.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": 8000.0,
                    "date_start": "2026-02-01",
                    "state": "open",
                }
            )
        # Wang Wei's March deal is paid on Apr 20th: fine.
        paid = self._invoice(self.user_a, "2026-03-10")
        self._pay(paid, 1000.0, "2026-04-20")
        # Chen Jie's March deal is paid on May 5th: too late.
        late = self._invoice(self.user_c, "2026-03-12")
        self._pay(late, 1000.0, "2026-05-05")
        proposals = self._evaluate("2026-05-15")
        flag = proposals[self.emp_c]
        self.assertEqual(flag.kind, "new_hire")
        self.assertIn("2026-04-30", flag.reason)
        self.assertNotIn(self.emp_a, proposals)
        # Li Na has no contract: no hire date, not evaluated.
        self.assertNotIn(self.emp_b, proposals)

    def test_manager_sees_team_proposals_only_admin_decides(self):
        self._sell(self.user_a, {2: 9000.0, 5: 10500.0, 8: 6000.0})
        self._sell(self.user_c, {2: 3000.0, 5: 3000.0, 8: 3000.0})
        proposals = self._evaluate("2026-09-30")
        # Li Na sold nothing (0 % three quarters running): also proposed.
        self.assertEqual(set(proposals), {self.emp_a, self.emp_b, self.emp_c})
        visible = self.Proposal.with_user(self.user_manager).search([])
        self.assertEqual(visible.employee_id, self.emp_a | self.emp_b)
        with self.assertRaises(AccessError):
            proposals[self.emp_a].with_user(self.user_manager).action_accept()
