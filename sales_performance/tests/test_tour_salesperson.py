# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The salesperson's day, in Chinese (issue 15): a salesperson with the
whose language is zh_CN, lands on My Performance, tries
the what-if, submits the self-assessment, reads an approved statement whose
arithmetic is in Chinese and disputes its line."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..demo.story import plan as demo_plan
from ..demo.story.common import chinese_name

CHINESE = "5,000.00 × 2 % = 100.00（完成比例 50 %，区间起点 0 %）。"


@tagged("post_install", "-at_install")
class TestTourSalespersonZh(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the whole interface in Chinese, as the demo installs it
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations("zh_CN")
        today = date.today()
        # A fixed month of last year for the statement and the appraisal:
        # never the month the dashboard shows.
        cls.month_start = date(today.year - 1, 3, 1)
        manager = mail_new_test_user(
            env,
            login="sp_zh_manager",
            name="张敏 Zhang Min",
            groups="base.group_user,sales_performance.group_sp_manager",
        )
        cls.user = mail_new_test_user(
            env,
            login="sp_zh_seller",
            name="王伟 Wang Wei",
            lang="zh_CN",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "sales_performance.group_sp_user",
        )
        boss = env["hr.employee"].create({"name": manager.name, "user_id": manager.id})
        cls.employee = env["hr.employee"].create(
            {"name": cls.user.name, "user_id": cls.user.id, "parent_id": boss.id}
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        # the company's names, in English, with their Chinese values
        cls.plan = env["sales.performance.plan"].create(
            {
                "name": "East China 2 % plan",
                "appraisal_scale_id": env.ref("sales_performance.grade_scale_sabcd").id,
                "date_start": date(today.year - 1, 1, 1),
                "date_end": date(today.year, 12, 31),
                "metric_ids": [Command.link(revenue.id)],
                "member_ids": [Command.create({"employee_id": cls.employee.id})],
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Commission 2 %",
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
        chinese_name(cls.plan, "华东 2 % 方案")
        chinese_name(cls.plan.rule_ids, "提成 2 %")
        # the demo's own scorecards, their indicators named in Chinese
        demo_plan._scorecards(env, cls.plan)
        cls.plan.action_generate_periods()
        periods = cls.plan._sp_periods()
        cls.march = periods.filtered(lambda p: p.date_start == cls.month_start)
        cls.current = periods.filtered(lambda p: p.date_start <= today <= p.date_end)
        for period in cls.march | cls.current:
            env["sales.performance.target"].create(
                {
                    "plan_id": cls.plan.id,
                    "member_id": cls.plan.member_ids.id,
                    "period_id": period.id,
                    "metric_id": revenue.id,
                    "amount": 10000.0,
                }
            )
        cls.plan.action_approve()
        partner = env["res.partner"].create({"name": "华夏家居"})
        product = env["product.product"].create({"name": "沙发", "list_price": 1000.0})
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date(today.year - 1, 3, 5),
                "invoice_user_id": cls.user.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 5,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        # An open quotation for the what-if: 2,000 x 2 % = 40.00
        env["sale.order"].create(
            {
                "name": "ZH-Q-001",
                "partner_id": partner.id,
                "user_id": cls.user.id,
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
        cls.statement = env["sales.performance.statement"]._sp_run(cls.plan, cls.march)
        approver = mail_new_test_user(
            env,
            login="sp_zh_approver",
            name="孙丽 Sun Li",
            groups="base.group_user,sales_performance.group_sp_approver",
        )
        cls.statement.with_user(approver).action_approve()
        # the month's appraisal, generated from the scorecard (an English
        # administrator starts it: the self-assessment reads in Chinese)
        cls.appraisal = env["sales.performance.appraisal"]._sp_generate(
            cls.plan, cls.march
        )
        cls.teamwork = cls.appraisal.line_ids.filtered(
            lambda x: x.indicator_id.name == "Teamwork"
        )

    def test_salesperson_day_in_chinese(self):
        self.assertEqual(self.statement.state, "approved")
        self.assertEqual(
            self.statement.line_ids.with_context(lang="zh_CN").explanation, CHINESE
        )
        self.start_tour(
            "/odoo", "sales_performance_salesperson_day_zh", login="sp_zh_seller"
        )
        self.assertEqual(self.appraisal.state, "manager_review")
        self.assertEqual(self.teamwork.self_score, 95.0)
        self.assertIn("客户", self.appraisal.self_note)
        line = self.statement.line_ids
        self.assertEqual(line.dispute_state, "open")
        self.assertEqual(line.dispute_reason, "漏算了一张发票")
        self.assertEqual(line.dispute_uid, self.user)
        self.assertEqual(self.statement.state, "approved")

    def test_salesperson_without_the_sales_app_lands_on_my_performance(self):
        action = self.env.ref("sales_performance.action_server_my_performance")

        def home(login):
            self.authenticate(login, login)
            info = self.make_jsonrpc_request("/web/session/get_session_info")
            return info["home_action_id"]

        # a member of an approved plan, with the Sales app or not
        self.assertEqual(home("sp_zh_seller"), action.id)
        self.user.groups_id -= self.env.ref("sales_team.group_sale_salesman")
        self.assertEqual(home("sp_zh_seller"), action.id)
        # not a member (the manager, the approver): as before
        self.assertFalse(home("sp_zh_manager"))
        self.assertFalse(home("sp_zh_approver"))
        # a home action of their own stays theirs
        other = self.env.ref("sales_performance.action_sales_performance_my_statement")
        self.user.action_id = self.env["ir.actions.actions"].browse(other.id)
        self.assertEqual(home("sp_zh_seller"), other.id)
        menu = self.env.ref("sales_performance.menu_sales_performance_app")
        visible = self.env["ir.ui.menu"].with_user(self.user)._visible_menu_ids()
        self.assertIn(menu.id, visible)

    def test_scores_saved_through_the_form_keep_the_rights(self):
        """The form saves scores as line_ids updates: the employee's own
        scores pass, adding lines or the manager's score do not."""
        from odoo.exceptions import AccessError

        appraisal = self.appraisal.with_user(self.user)
        line = self.teamwork.with_user(self.user)
        appraisal.write({"line_ids": [Command.update(line.id, {"self_score": 90.0})]})
        self.assertEqual(line.self_score, 90.0)
        with self.assertRaises(AccessError):
            appraisal.write(
                {"line_ids": [Command.update(line.id, {"manager_score": 50.0})]}
            )
        with self.assertRaises(AccessError):
            appraisal.write(
                {
                    "line_ids": [
                        Command.create(
                            {"name": "Mine", "kind": "qualitative", "weight": 10.0}
                        )
                    ]
                }
            )
