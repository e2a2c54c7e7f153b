# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tour of the HR officer / statement approver: answer the dispute
a salesperson raised, then approve the statement (issue 15)."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

# The salesperson works in Chinese and writes so; the HR officer reads
# English (issue 23).
REASON = "3 月 5 日那单是 4 张沙发，不是 3 张。"
ANSWER = "The fourth sofa was invoiced in April: it counts next month."


@tagged("post_install", "-at_install")
class TestTourHr(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # The HR officer approves statements and answers disputes: the
        # approver right only (not a performance administrator).
        cls.user_hr = mail_new_test_user(
            env,
            login="sp_tour_hr",
            name="Tour HR Officer",
            groups="base.group_user,sales_performance.group_sp_approver",
        )
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls.user_seller = mail_new_test_user(
            env,
            login="sp_tour_disputer",
            name="Tour Disputer",
            lang="zh_CN",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "sales_performance.group_sp_user",
        )
        employee = env["hr.employee"].create(
            {"name": "Tour Disputer", "user_id": cls.user_seller.id}
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        plan = env["sales.performance.plan"].create(
            {
                "name": "Tour dispute plan 2025",
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
                "metric_ids": [Command.link(revenue.id)],
                "member_ids": [Command.create({"employee_id": employee.id})],
                "appraisal_approver_id": cls.user_hr.id,
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
        march = plan._sp_periods().filtered(lambda p: p.date_start == date(2025, 3, 1))
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
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": env["res.partner"].create({"name": "Tour Buyer"}).id,
                "invoice_date": date(2025, 3, 5),
                "invoice_user_id": cls.user_seller.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Tour Sofa",
                            "quantity": 3,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        plan.action_compute_achievements()
        cls.statement = env["sales.performance.statement"]._sp_run(plan, march)
        # The salesperson disputes their line (as themselves).
        env.invalidate_all()
        cls.statement.line_ids.with_user(cls.user_seller).with_context(
            lang="zh_CN"
        ).action_dispute(REASON)

    def test_hr_answers_the_dispute_then_approves(self):
        statement = self.statement
        self.assertEqual(statement.line_ids.amount, 60.0)
        activity = statement.activity_ids
        self.assertEqual(activity.user_id, self.user_hr)
        self.start_tour(
            "/odoo/action-sales_performance.action_sales_performance_statement",
            "sales_performance_hr_answer_dispute",
            login="sp_tour_hr",
        )
        self.env.invalidate_all()
        line = statement.line_ids
        self.assertEqual(line.dispute_state, "rejected")
        self.assertEqual(line.dispute_resolution, ANSWER)
        self.assertFalse(statement.activity_ids)
        self.assertFalse(activity.exists() and activity.active)
        answers = statement.message_ids.filtered(lambda m: ANSWER in str(m.body))
        self.assertTrue(answers.filtered(lambda m: m.mail_activity_type_id))
        # the answer notifies the salesperson in Chinese (the HR officer
        # read it in English in the tour)
        verdict = answers.filtered(
            lambda m: (
                (m.sp_body_data or {})
                .get("msgid", "")
                .endswith("rejected by %(user)s: %(resolution)s")
            )
        )
        self.assertIn(self.user_seller.partner_id, verdict.partner_ids)
        self.assertIn("已由 Tour HR Officer 驳回", str(verdict.body))
        self.assertEqual(statement.state, "approved")
        self.assertEqual(statement.approved_uid, self.user_hr)
