# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
    """Salespeople without backend access see and download their statements
    and appraisals, dispute lines and acknowledge their plan; nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.owner = mail_new_test_user(
            env,
            login="sp_portal_owner",
            name="Portal Owner",
            groups="base.group_portal",
        )
        cls.other = mail_new_test_user(
            env,
            login="sp_portal_other",
            name="Portal Other",
            groups="base.group_portal",
        )
        employees = env["hr.employee"].create(
            [{"name": user.name, "user_id": user.id} for user in (cls.owner, cls.other)]
        )
        period = env["date.range"].create(
            {
                "name": "PORTAL-2026-03",
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "type_id": env.ref("sales_performance.date_range_type_month").id,
            }
        )
        cls.plan = env["sales.performance.plan"].create(
            {
                "name": "Portal plan",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "metric_ids": [
                    Command.link(env.ref("sales_performance.metric_net_revenue").id)
                ],
                "member_ids": [
                    Command.create({"employee_id": e.id}) for e in employees
                ],
            }
        )
        cls.plan.action_approve()
        cls.statements = env["sales.performance.statement"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "employee_id": e.id,
                    "period_id": period.id,
                    "state": "computed",
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Commission",
                                "kind": "commission",
                                "amount": 100.0,
                                "explanation": "5,000.00 × 2 % = 100.00",
                            }
                        )
                    ],
                }
                for e in employees
            ]
        )
        scale = env.ref("sales_performance.grade_scale_sabcd")
        cls.appraisal = env["sales.performance.appraisal"].create(
            {
                "plan_id": cls.plan.id,
                "employee_id": employees[0].id,
                "period_id": period.id,
                "scale_id": scale.id,
                "total_score": 91.0,
                "state": "published",
                "grade_id": scale.grade_ids.filtered(lambda g: g.code == "A").id,
            }
        )
        cls.mine, cls.theirs = cls.statements
        cls.member = cls.plan.member_ids.filtered(lambda m: m.user_id == cls.owner)

    def test_owner_sees_statement_others_get_404(self):
        self.authenticate("sp_portal_owner", "sp_portal_owner")
        listing = self.url_open("/my/sp/statements")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f"/my/sp/statements/{self.mine.id}", listing.text)
        self.assertNotIn(f'/my/sp/statements/{self.theirs.id}"', listing.text)
        page = self.url_open(f"/my/sp/statements/{self.mine.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("5,000.00 × 2 % = 100.00", page.text)
        self.assertEqual(
            self.url_open(f"/my/sp/statements/{self.theirs.id}").status_code, 404
        )
        pdf = self.url_open(
            f"/my/sp/statements/{self.mine.id}?report_type=pdf&download=1"
        )
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(
            self.url_open(
                f"/my/sp/statements/{self.theirs.id}?report_type=pdf"
            ).status_code,
            404,
        )
        self.assertEqual(
            self.url_open(f"/my/sp/appraisals/{self.appraisal.id}").status_code, 200
        )
        self.assertIn(
            "91.0", self.url_open(f"/my/sp/appraisals/{self.appraisal.id}").text
        )

    def test_other_salesperson_refused(self):
        self.authenticate("sp_portal_other", "sp_portal_other")
        self.assertEqual(
            self.url_open(f"/my/sp/statements/{self.mine.id}").status_code, 404
        )
        self.assertEqual(
            self.url_open(f"/my/sp/appraisals/{self.appraisal.id}").status_code, 404
        )
        response = self.url_open(
            f"/my/sp/statements/line/{self.mine.line_ids.id}/dispute",
            data={"reason": "Not mine", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.mine.line_ids.dispute_state)

    def test_dispute_and_acknowledge_from_the_portal(self):
        self.authenticate("sp_portal_owner", "sp_portal_owner")
        response = self.url_open(
            f"/my/sp/statements/line/{self.mine.line_ids.id}/dispute",
            data={
                "reason": "One deal is missing.",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.mine.line_ids.dispute_state, "open")
        self.assertEqual(self.mine.line_ids.dispute_uid, self.owner)
        self.assertIn("/my/sp/plans", self.url_open("/my").text)
        response = self.url_open(
            f"/my/sp/plans/{self.member.id}/acknowledge",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.member.acknowledged_uid, self.owner)
        self.assertTrue(self.member.acknowledged_date)
