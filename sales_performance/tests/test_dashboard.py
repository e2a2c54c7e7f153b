# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestDashboard(SalesPerformanceCommon):
    """My Performance: progress, projection and what-if with the plan's own
    rules; Team Performance for managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        cls.plan.action_approve()
        cls._invoice(cls.user_a, "2026-03-02", quantity=3, price=1033.33)  # 3,099.99
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_2.id,
                "user_id": cls.user_a.id,
                "date_order": "2026-03-10 10:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_sofa.id,
                            "product_uom_qty": 2,
                            "price_unit": 1000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    @freeze_time("2026-03-16")
    def test_my_performance_progress_projection_and_what_if(self):
        self.plan.action_compute_achievements()
        dashboard = (
            self.env["sales.performance.dashboard"].with_user(self.user_a).create({})
        )
        self.assertEqual(dashboard.period_id, self.march)
        revenue = dashboard.achievement_ids.filtered(
            lambda a: a.metric_id == self.metric_revenue
        )
        # 3,099.99 of 10,000: 31 % progress.
        self.assertAlmostEqual(revenue.completion_percent, 31.0, places=1)
        # 3,099.99 x 2 % = 62.00 so far; at the pace of 16 of 31 days:
        # 3,099.99 / (16 / 31) = 6,006.23 x 2 % = 120.12.
        self.assertEqual(dashboard.commission_to_date, 62.0)
        self.assertAlmostEqual(dashboard.elapsed, 16 / 31)
        self.assertEqual(dashboard.commission_projected, 120.12)
        # If the 2,000 quotation is invoiced and paid: 5,099.99 x 2 % = 102.00.
        with Form(dashboard.with_user(self.user_a)) as form:
            form.whatif_order_ids.add(self.quotation)
            self.assertEqual(form.whatif_amount, 2000.0)
            self.assertEqual(form.whatif_commission, 102.0)
        self.assertFalse(dashboard.is_manager)

    @freeze_time("2026-03-16")
    def test_team_view_for_managers(self):
        self.plan.action_compute_achievements()
        manager_member = self.env["sales.performance.member"].search(
            [("employee_id", "=", self.emp_manager.id)]
        )
        self.assertFalse(manager_member)
        dashboard = (
            self.env["sales.performance.dashboard"]
            .with_user(self.user_manager)
            .create({})
        )
        self.assertTrue(dashboard.is_manager)
        self.assertEqual(
            dashboard.team_achievement_ids.employee_id, self.emp_a | self.emp_b
        )
        action = (
            self.env["sales.performance.dashboard"].with_user(self.user_a).action_open()
        )
        self.assertEqual(action["res_model"], "sales.performance.dashboard")
