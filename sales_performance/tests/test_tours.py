# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours (headless Chromium): what people do in the UI."""

from datetime import date

from odoo import Command
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


@tagged("post_install", "-at_install")
class TestToursCommission(HttpCase):
    """The salesperson's dashboard and approving then posting a statement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = env.company
        today = date.today()
        user = mail_new_test_user(
            env,
            login="sp_tour_seller",
            name="Tour Salesperson",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "sales_performance.group_sp_user,account.group_account_invoice",
        )
        cls.employee = env["hr.employee"].create(
            {"name": "Tour Salesperson", "user_id": user.id}
        )
        admin = env.ref("base.user_admin")
        admin.groups_id |= (
            env.ref("sales_performance.group_sp_admin")
            | env.ref("sales_performance.group_sp_payroll")
            | env.ref("sales_team.group_sale_manager")
        )
        cls.company.sp_separate_approve_post = False
        structure = env["hr.payroll.structure"].create(
            {"name": "Tour", "code": "TOUR", "company_id": cls.company.id}
        )
        structure.action_sp_add_rules()
        env["hr.contract"].create(
            {
                "name": "Tour",
                "employee_id": cls.employee.id,
                "wage": 5000.0,
                "date_start": today.replace(month=1, day=1),
                "state": "open",
                "struct_id": structure.id,
            }
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        cls.plan = env["sales.performance.plan"].create(
            {
                "name": "Tour commission plan",
                "date_start": today.replace(month=1, day=1),
                "date_end": today.replace(month=12, day=31),
                "metric_ids": [Command.link(revenue.id)],
                "member_ids": [Command.create({"employee_id": cls.employee.id})],
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Flat 2 %",
                            "rule_type": "tiered",
                            "band_ids": [
                                Command.create(
                                    {"lower": 0.0, "upper": 0.0, "rate": 0.02}
                                )
                            ],
                        }
                    )
                ],
            }
        )
        cls.plan.action_generate_periods()
        cls.period = cls.plan._sp_periods().filtered(
            lambda p: p.date_start <= today <= p.date_end
        )
        env["sales.performance.target"].create(
            {
                "plan_id": cls.plan.id,
                "member_id": cls.plan.member_ids.id,
                "period_id": cls.period.id,
                "metric_id": revenue.id,
                "amount": 10000.0,
            }
        )
        cls.plan.action_approve()
        partner = env["res.partner"].create({"name": "Tour Customer"})
        product = env["product.product"].create(
            {"name": "Tour Sofa", "list_price": 1000.0}
        )
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_user_id": user.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 3,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        env["sale.order"].create(
            {
                "name": "Tour Quotation",
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 2,
                            "price_unit": 1000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.plan.action_compute_achievements()

    def test_salesperson_dashboard(self):
        self.start_tour(
            "/odoo", "sales_performance_my_dashboard", login="sp_tour_seller"
        )

    def test_approve_and_post_a_statement(self):
        statement = self.env["sales.performance.statement"]._sp_run(
            self.plan, self.period
        )
        self.start_tour("/odoo", "sales_performance_approve_post", login="admin")
        self.assertEqual(statement.state, "posted")
        self.assertEqual(
            statement.payslip_id.input_line_ids.filtered(
                lambda i: i.code == "SPCOMM"
            ).amount,
            60.0,
        )
