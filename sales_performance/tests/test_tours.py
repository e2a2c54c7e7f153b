# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours (headless Chromium): what people do in the UI."""

from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = mail_new_test_user(
            cls.env,
            login="sp_tour_sales",
            name="Tour Salesperson",
            groups="base.group_user,sales_performance.group_sp_user",
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Tour Salesperson", "user_id": user.id}
        )
        admin = cls.env.ref("base.user_admin")
        admin.groups_id |= cls.env.ref("sales_performance.group_sp_admin")
        admin.groups_id |= cls.env.ref("sales_team.group_sale_manager")
        # The year to split into months must exist as a period.
        cls.env.ref("sales_performance.date_range_type_year")._sp_generate_ranges(
            cls.env.company, date(2026, 1, 1), date(2026, 12, 31)
        )

    def test_configure_plan_from_the_menus(self):
        self.start_tour("/odoo", "sales_performance_configure_plan", login="admin")
        plan = self.env["sales.performance.plan"].search(
            [("name", "=", "Tour Plan 2026")]
        )
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.member_ids.employee_id, self.employee)
        self.assertEqual(len(plan.period_ids), 12)
        months = plan.target_ids.filtered("parent_id")
        self.assertEqual(len(months), 12)
        self.assertEqual(sum(months.mapped("amount")), 120000.0)
