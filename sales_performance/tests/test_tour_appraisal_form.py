# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The salesperson's appraisal form (issue 23): only their own score column
is editable during the self-assessment (not the manager's), a comment typed
in the scorecard survives switching tabs (the list renderer crashed when a
comment cell was being edited and another tab was clicked), and saving says
what is refused in words, not field names."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestTourAppraisalForm(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        manager = mail_new_test_user(
            env,
            login="sp_form_manager",
            name="Form Manager",
            groups="base.group_user,sales_performance.group_sp_manager",
        )
        cls.seller = mail_new_test_user(
            env,
            login="sp_form_seller",
            name="Form Seller",
            groups="base.group_user,sales_performance.group_sp_user",
        )
        boss = env["hr.employee"].create({"name": manager.name, "user_id": manager.id})
        employee = env["hr.employee"].create(
            {"name": cls.seller.name, "user_id": cls.seller.id, "parent_id": boss.id}
        )
        plan = env["sales.performance.plan"].create(
            {
                "name": "Form plan 2025",
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
                "member_ids": [Command.create({"employee_id": employee.id})],
            }
        )
        plan.action_generate_periods()
        march = plan._sp_periods().filtered(lambda p: p.date_start == date(2025, 3, 1))
        cls.appraisal = env["sales.performance.appraisal"].create(
            {
                "plan_id": plan.id,
                "member_id": plan.member_ids.id,
                "employee_id": employee.id,
                "period_id": march.id,
                "scale_id": env.ref("sales_performance.grade_scale_sabcd").id,
                "state": "self_assessment",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Teamwork",
                            "kind": "qualitative",
                            "scorer": "both",
                            "self_weight": 30.0,
                            "weight": 100.0,
                        }
                    )
                ],
            }
        )

    def test_salesperson_scores_and_comments_their_appraisal(self):
        self.start_tour(
            "/odoo/action-sales_performance.action_sales_performance_appraisal/"
            f"{self.appraisal.id}",
            "sales_performance_appraisal_form",
            login="sp_form_seller",
        )
        line = self.appraisal.line_ids
        self.assertEqual(line.self_score, 88.0)
        self.assertEqual(line.comment, "Helped the store team at the fair.")
        self.assertEqual(line.manager_score, 0.0)

    def test_refusal_names_the_fields_in_words(self):
        line = self.appraisal.line_ids.with_user(self.seller)
        with self.assertRaisesRegex(AccessError, "Self Score|Comment") as caught:
            line.write({"manager_score": 50.0})
        self.assertNotIn("self_score", str(caught.exception))
        self.assertNotIn("manager_score", str(caught.exception))
