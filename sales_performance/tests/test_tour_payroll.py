# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The payroll accountant's day in the browser (R-W1, R-W3)."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestTourPayroll(HttpCase):
    """A payroll accountant with only the addon's *Payroll Posting* right
    (not OCA's payroll manager, not a plan member) posts the approved
    commission of March 2026 from the list the Sales app opens on, and finds
    it on the payslip in the Payroll app. The statement was approved by
    another user (R-W3: computing, approving and posting apart)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = env.company
        company.sp_separate_approve_post = True
        # the payee works in Chinese; the payroll accountant reads English
        # (issue 23)
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        seller = mail_new_test_user(
            env,
            login="sp_tour_payee",
            name="Tour Payee",
            lang="zh_CN",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "sales_performance.group_sp_user",
        )
        cls.officer = mail_new_test_user(
            env,
            login="sp_tour_payroll",
            name="Tour Payroll Accountant",
            groups="base.group_user,sales_performance.group_sp_payroll",
        )
        approver = mail_new_test_user(
            env,
            login="sp_tour_payroll_approver",
            name="Tour Approver",
            groups="base.group_user,sales_performance.group_sp_approver",
        )
        cls.employee = env["hr.employee"].create(
            {"name": "Tour Payee", "user_id": seller.id}
        )
        structure = env["hr.payroll.structure"].create(
            {"name": "Tour payroll", "code": "TOURPAY", "company_id": company.id}
        )
        structure.action_sp_add_rules()
        env["hr.contract"].create(
            {
                "name": "Tour Payee",
                "employee_id": cls.employee.id,
                "wage": 5000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": structure.id,
            }
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        plan = env["sales.performance.plan"].create(
            {
                "name": "Tour payroll plan",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
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
        plan.action_generate_periods()
        march = plan._sp_periods().filtered(lambda p: p.name == "2026-03")
        env["sales.performance.target"].create(
            {
                "plan_id": plan.id,
                "member_id": plan.member_ids.id,
                "period_id": march.id,
                "metric_id": revenue.id,
                "amount": 10000.0,
            }
        )
        plan.action_approve()
        partner = env["res.partner"].create({"name": "Tour Customer"})
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-03-10",
                "invoice_user_id": seller.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Sofa",
                            "quantity": 3,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        # 3,000.00 of March x 2 % = 60.00 (R-C1, one open band)
        cls.statement = env["sales.performance.statement"]._sp_run(plan, march)
        cls.statement.with_user(approver).action_approve()

    def test_payroll_accountant_posts_from_the_payroll_side(self):
        self.assertEqual(self.statement.state, "approved")
        self.assertEqual(self.statement.amount_total, 60.0)
        self.start_tour(
            "/odoo", "sales_performance_payroll_day", login="sp_tour_payroll"
        )
        self.assertEqual(self.statement.state, "posted")
        spcomm = self.statement.payslip_id.input_line_ids.filtered(
            lambda i: i.code == "SPCOMM"
        )
        self.assertEqual(spcomm.amount, 60.0)
        self.assertEqual(self.statement.payslip_id.employee_id, self.employee)
        # the note is written for the payee, in Chinese (the accountant read
        # it in English in the tour)
        posted = self.statement.message_ids.filtered(
            lambda m: (
                (m.sp_body_data or {}).get("msgid", "").startswith("Posted to payslip")
            )
        )
        self.assertIn("已过账到工资单", str(posted.body))
