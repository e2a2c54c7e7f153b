# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Performance leads with what motivates, from the engine's own figures
(issue 23): the manager's pace from the same rules as the pay (a team rule
projects the team, R-C3), the next band and what it pays (R-C1), the year so
far, where one stands in the team, the what-if's increase; and a group's
completion is its total actual over its total target over the same rows
everywhere (R-T5)."""

import re

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..tools import readers
from .common import SalesPerformanceCommon

BANDS = [(0.0, 1.0, 0.01), (1.0, 1.5, 0.02), (1.5, 0.0, 0.03)]


@tagged("post_install", "-at_install")
class TestMyPerformance(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_member = cls.env["sales.performance.member"].create(
            {
                "plan_id": cls.plan.id,
                "employee_id": cls.emp_manager.id,
                "role_id": cls.role_manager.id,
            }
        )
        # A salesperson of Zhang Min's team without a target of their own.
        cls.user_d, cls.emp_d = cls._create_salesperson(
            "Zhou Ting", "sp_zhou", manager=cls.emp_manager
        )
        cls.member_d = cls.env["sales.performance.member"].create(
            {
                "plan_id": cls.plan.id,
                "employee_id": cls.emp_d.id,
                "role_id": cls.role_sales.id,
            }
        )
        cls.february = cls._period("2026-02")
        cls._target(cls.manager_member, cls.march, 40000.0)
        for member in (cls.member_a, cls.member_b):
            cls._target(member, cls.february, 10000.0)
            cls._target(member, cls.march, 10000.0)
        # R-C1 whole-band tiers for the salespeople, R-C3 for the manager
        cls._rule(
            "tiered",
            BANDS,
            name="Salesperson tiers",
            role_ids=[Command.set(cls.role_sales.ids)],
        )
        cls._rule(
            "manager",
            name="Team",
            role_ids=[Command.set(cls.role_manager.ids)],
            team_rate=0.01,
            excess_rate=0.02,
        )
        cls.plan.action_approve()
        # March so far (to the 16th): Wang Wei 8,000, Li Na 12,000, Zhou Ting
        # 4,000 (no target); February: Wang Wei 9,000.
        cls._invoice(cls.user_a, "2026-03-05", quantity=8)
        cls._invoice(cls.user_b, "2026-03-06", quantity=12)
        cls._invoice(cls.user_d, "2026-03-07", quantity=4)
        cls._invoice(cls.user_a, "2026-02-10", quantity=9)
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_2.id,
                "user_id": cls.user_a.id,
                "date_order": "2026-03-10 10:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_sofa.id,
                            "product_uom_qty": 3,
                            "price_unit": 1000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _dashboard(self, user):
        return self.env["sales.performance.dashboard"].with_user(user).create({})

    def _money(self, amount):
        return readers.amount(self.env, amount, self.currency)

    @freeze_time("2026-03-16")
    def test_managers_pace_projects_the_team(self):
        self.plan.action_compute_achievements()
        dashboard = self._dashboard(self.user_manager)
        self.assertEqual(dashboard.member_id, self.manager_member)
        # R-C3 on the team (Wang Wei, Li Na, Zhou Ting): 24,000 so far.
        # Earned: 24,000 x 1 % = 240.00 (below the 40,000 target).
        self.assertEqual(dashboard.commission_to_date, 240.0)
        # At the pace of 16 of 31 days each sells 31/16 of it: 8,000 ->
        # 15,500, 12,000 -> 23,250, 4,000 -> 7,750; the team 46,500:
        # 46,500 x 1 % = 465.00 + (46,500 - 40,000) x 2 % = 130.00 -> 595.00.
        self.assertEqual(dashboard.commission_projected, 595.0)
        self.assertIn("team", dashboard.commission_note)

    @freeze_time("2026-03-16")
    def test_salespersons_pace_is_their_own(self):
        self.plan.action_compute_achievements()
        dashboard = self._dashboard(self.user_a)
        # 8,000 of 10,000 (80 %, band 1 %): 80.00; at this pace 15,500
        # (155 %, band 3 %): 465.00.
        self.assertEqual(dashboard.commission_to_date, 80.0)
        self.assertEqual(dashboard.commission_projected, 465.0)

    @freeze_time("2026-03-16")
    def test_next_band_and_what_it_pays(self):
        self.plan.action_compute_achievements()
        dashboard = self._dashboard(self.user_a)
        # 80 % of 10,000: 2,000 more reach the 100 % band (2 %):
        # 10,000 x 2 % = 200.00, 120.00 more than the 80.00 earned.
        self.assertEqual(dashboard.next_band_amount, 2000.0)
        self.assertEqual(dashboard.next_band_commission, 200.0)
        note = dashboard.next_band_note
        self.assertIn(self._money(2000.0), note)
        self.assertIn("100 %", note)
        self.assertIn(self._money(200.0), note)
        self.assertIn(self._money(120.0), note)
        self.assertIn("Salesperson tiers", note)
        # Li Na (120 %) is 3,000 from the 150 % band (3 %): 15,000 x 3 %.
        other = self._dashboard(self.user_b)
        self.assertEqual(other.next_band_amount, 3000.0)
        self.assertEqual(other.next_band_commission, 450.0)

    @freeze_time("2026-03-16")
    def test_year_so_far_and_team_standing(self):
        self.plan.action_compute_achievements()
        february = self._run(self.february, self.member_a)[self.emp_a]
        # paid through payroll in the company's month (the payroll flow is
        # tested in test_payroll.py): here only its state matters
        february.sudo().write({"state": "paid"})
        dashboard = self._dashboard(self.user_a)
        chart = str(dashboard.year_chart)
        self.assertIn("<svg", chart)
        for label in ("2026-01", "2026-02", "2026-03"):
            self.assertIn(label, chart)
        self.assertNotIn("2026-04", chart)
        # February: 9,000 of 10,000 at 1 % = 90.00, paid; March: 80.00
        # earned so far, not paid
        self.assertEqual(february.amount_total, 90.0)
        rows = {r["label"]: r for r in dashboard._sp_year_rows()}
        self.assertEqual(
            (rows["2026-02"]["target"], rows["2026-02"]["actual"]), (10000.0, 9000.0)
        )
        self.assertEqual(rows["2026-02"]["earned"], 90.0)
        self.assertEqual(rows["2026-02"]["paid"], 90.0)
        self.assertEqual(rows["2026-03"]["earned"], 80.0)
        self.assertEqual(rows["2026-03"]["paid"], 0.0)
        self.assertIn("o_sp_dot_paid", chart)
        self.assertIn("90.00", chart)
        # In Zhang Min's team with a target: Li Na 120 %, Wang Wei 80 %.
        self.assertIn("2 of 2", dashboard.team_standing)
        self.assertIn("(yours: 80 %)", dashboard.team_standing)
        self.assertIn("1 of 2", self._dashboard(self.user_b).team_standing)

    @freeze_time("2026-03-16")
    def test_what_if_picker_shows_customer_amount_and_increase(self):
        self.plan.action_compute_achievements()
        Order = self.env["sale.order"].with_user(self.user_a)
        shown = Order.with_context(sp_whatif=True).browse(self.quotation.id)
        self.assertEqual(
            shown.display_name,
            f"{self.quotation.name} · Customer Two · {self._money(3000.0)}",
        )
        found = Order.with_context(sp_whatif=True).name_search("Customer Two")
        self.assertIn(self.quotation.id, [id_ for id_, __ in found])
        dashboard = self._dashboard(self.user_a)
        dashboard.whatif_order_ids = self.quotation
        # 11,000 (110 %, band 2 %) = 220.00: 140.00 more than 80.00
        self.assertEqual(dashboard.whatif_commission, 220.0)
        self.assertEqual(dashboard.whatif_increase, 140.0)

    @freeze_time("2026-03-16")
    def test_team_completion_over_the_same_rows_everywhere(self):
        self.plan.action_compute_achievements()
        Achievement = self.env["sales.performance.achievement"].with_user(
            self.user_manager
        )
        domain = [
            ("manager_id", "=", self.emp_manager.id),
            ("period_id", "=", self.march.id),
            ("metric_id", "=", self.metric_revenue.id),
        ]
        # Team Performance's pivot: Actual 24,000 (Zhou Ting's 4,000
        # without a target included), Target 20,000: 120.0 %, not
        # 20,000 / 20,000 = 100 %.
        [(target, actual, ratio, percent)] = Achievement._read_group(
            domain,
            [],
            [
                "target_amount:sum",
                "actual:sum",
                "completion:avg",
                "completion_percent:avg",
            ],
        )
        self.assertEqual((target, actual), (20000.0, 24000.0))
        self.assertAlmostEqual(ratio, 1.2)
        self.assertAlmostEqual(percent, 120.0)
        # one decimal on screen
        self.assertEqual(
            Achievement._fields["completion_percent"].get_digits(self.env), (16, 1)
        )
        # a metric without any target stays out (cash collected)
        [(cash,)] = Achievement._read_group(
            [*domain[:2], ("metric_id", "=", self.metric_cash.id)],
            [],
            ["completion:avg"],
        )
        self.assertFalse(cash)
        # My Team lists the same rows and says the same total
        dashboard = self._dashboard(self.user_manager)
        rows = dashboard.team_achievement_ids.filtered(
            lambda a: a.metric_id == self.metric_revenue
        )
        self.assertEqual(rows.employee_id, self.emp_a | self.emp_b | self.emp_d)
        self.assertEqual(sum(rows.mapped("actual")), 24000.0)
        self.assertIn(
            f"{self._money(24000.0)} of {self._money(20000.0)}, 120 %",
            dashboard.team_total,
        )
        self.assertIn("2026-03", str(dashboard.team_chart))

    def test_my_targets_without_waiting_for_the_daily_job(self):
        """Approving the plan measures today's period; the first visit
        measures it if nobody did (issue 23)."""
        Achievement = self.env["sales.performance.achievement"]
        with freeze_time("2026-03-16"):
            plan = self.env["sales.performance.plan"].create(
                {
                    "name": "2026 Sales, approved in March",
                    "company_id": self.company.id,
                    "currency_id": self.currency.id,
                    "period_type": "month",
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "metric_ids": [Command.set(self.metric_revenue.ids)],
                    "member_ids": [Command.create({"employee_id": self.emp_c.id})],
                }
            )
            plan.action_generate_periods()
            march = plan._sp_periods().filtered(lambda p: p.name == "2026-03")
            self._target(plan.member_ids, march, 5000.0)
            plan.action_approve()
            rows = Achievement.search(
                [("plan_id", "=", plan.id), ("period_id", "=", march.id)]
            )
            self.assertTrue(rows.filtered(lambda a: a.state == "measured"))
            # nobody measured the plan of the others: the first visit does
            Achievement.search(
                [("plan_id", "=", self.plan.id), ("period_id", "=", self.march.id)]
            ).sudo().unlink()
            action = (
                self.env["sales.performance.dashboard"]
                .with_user(self.user_a)
                .action_open()
            )
            dashboard = self.env["sales.performance.dashboard"].browse(action["res_id"])
            self.assertEqual(dashboard.with_user(self.user_a).period_id, self.march)
            targets = dashboard.with_user(self.user_a).achievement_ids
            revenue = targets.filtered(lambda a: a.metric_id == self.metric_revenue)
            self.assertEqual(revenue.target_amount, 10000.0)
            self.assertEqual(revenue.actual, 8000.0)

    def test_team_ranking_counts_within_the_team_shown(self):
        """Zhou Ting reports to Li Na, who reports to Zhang Min: Zhang Min's
        ranking ranks the three of them together, not Zhou Ting by her rank
        in Li Na's team (issue 23)."""
        self.emp_d.parent_id = self.emp_b
        scores = {self.emp_a: 90.0, self.emp_b: 80.0, self.emp_d: 85.0}
        appraisals = self.env["sales.performance.appraisal"]
        for employee, score in scores.items():
            appraisal = self._appraise(employee, self.march, "A")
            appraisal.sudo().total_score = score
            appraisals |= appraisal
        appraisals._sp_rank_periods()
        # stored: team ranks within each manager's direct team (R-A7)
        self.assertEqual(
            appraisals.sudo().mapped("team_rank"), [1, 2, 1], appraisals.mapped("name")
        )
        table = str(self._dashboard(self.user_manager).ranking_table)
        rows = re.findall(r"<td>(\d+)</td>\s*<td>([^<]+)</td>", table)
        self.assertEqual(rows, [("1", "Wang Wei"), ("2", "Zhou Ting"), ("3", "Li Na")])
