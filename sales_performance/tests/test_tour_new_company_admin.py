# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new company's administrator, end to end in the browser (issue 15), on
a database without demo data: grant a salesperson their right from the user
form (no developer mode), start a plan from a shared template, generate its
periods, split a yearly target into months, keep the template's rules,
approve the plan, run the commission of a fixed past month and approve the
statement."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestTourNewCompanyAdmin(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        data = cls.setup_other_company(name="Sunrise Trading Co.")
        cls.company_b = company = data["company"]
        # one person runs it: they compute and approve the statement, which
        # the company allows (R-W3, issue 21; recorded on the statement)
        company.sp_one_person_duties = True
        # the new company's administrator: settings, sales, HR, invoicing,
        # performance administrator and statement approver (a small company's
        # HR officer computes and approves; never their own statement, R-W3)
        cls.admin_b = mail_new_test_user(
            env,
            login="sp_sunrise_admin",
            name="Sunrise Admin",
            groups="base.group_user,base.group_erp_manager,base.group_system,"
            "sales_team.group_sale_manager,hr.group_hr_manager,"
            "account.group_account_manager,payroll.group_payroll_manager,"
            "sales_performance.group_sp_admin,sales_performance.group_sp_approver",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        # a salesperson of the new company without any sales performance right
        cls.seller = mail_new_test_user(
            env,
            login="sp_sunrise_seller",
            name="Sunrise Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.employee = env["hr.employee"].create(
            {
                "name": "Sunrise Seller",
                "user_id": cls.seller.id,
                "company_id": company.id,
            }
        )
        product = env["product.product"].create(
            {
                "name": "Sunrise Sofa",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
                "property_account_income_id": data["default_account_revenue"].id,
            }
        )
        partner = env["res.partner"].create({"name": "Sunrise Customer"})
        # two posted invoices in March 2026 (a fixed past month): 12,000.00
        for day, quantity in (("2026-03-05", 5), ("2026-03-20", 7)):
            invoice = (
                env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": day,
                        "date": day,
                        "invoice_user_id": cls.seller.id,
                        "currency_id": company.currency_id.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": quantity,
                                    "price_unit": 1000.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            invoice.action_post()

    def test_new_company_admin(self):
        # Without a queue_job worker in the test server, the run computes in
        # the request (as it does when queue_job is not installed).
        Run = self.env.registry["sales.performance.run"]
        self.patch(Run, "_sp_jobs_available", lambda self: False)
        self.start_tour(
            "/odoo", "sales_performance_new_company_admin", login="sp_sunrise_admin"
        )
        env = self.env(su=True)
        env.invalidate_all()
        seller = self.seller.with_env(env)
        self.assertTrue(seller.has_group("sales_performance.group_sp_user"))
        self.assertFalse(seller.has_group("sales_performance.group_sp_manager"))
        template = env.ref("sales_performance.plan_template_retail")
        self.assertTrue(template.is_template)
        self.assertFalse(template.company_id)
        plan = env["sales.performance.plan"].search(
            [("name", "=", "2026 Sunrise Sales Plan")]
        )
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.company_id, self.company_b)
        self.assertEqual(plan.currency_id, self.company_b.currency_id)
        self.assertFalse(plan.is_template)
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.rule_ids.mapped("name"), template.rule_ids.mapped("name"))
        year = plan.target_ids.filtered(lambda t: t.period_id.sp_period_type == "year")
        self.assertEqual(year.amount, 120000.0)
        self.assertEqual(len(year.child_ids), 12)
        self.assertEqual(set(year.child_ids.mapped("amount")), {10000.0})
        self.assertEqual(sum(year.child_ids.mapped("amount")), year.amount)
        statement = env["sales.performance.statement"].search(
            [("plan_id", "=", plan.id)]
        )
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.period_id.name, "2026-03")
        self.assertEqual(statement.employee_id, self.employee)
        self.assertEqual(statement.state, "approved")
        self.assertEqual(statement.approved_uid, self.admin_b)
        self.assertEqual(statement.computed_uid, self.admin_b)
        self.assertIn(
            "allowed by the company setting",
            " ".join(statement.message_ids.mapped("body")),
        )
        # "Salesperson and channel tiers" (R-C1, rate on the whole amount):
        # March's 12,000.00 invoiced on a 10,000.00 target is 120 %, in the
        # band [100 %, 150 %) at 2 %: 12,000.00 x 2 % = 240.00; the other
        # rules are for other roles.
        self.assertEqual(statement.amount_total, 240.0)
