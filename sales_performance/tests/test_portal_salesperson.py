# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal as a salesperson sees it: cards with pictograms, a dispute
that says what happens next, grades named as in the backend."""

from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestPortalSalesperson(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.owner = mail_new_test_user(
            env,
            login="sp_portal_seller",
            name="Portal Seller",
            groups="base.group_portal",
        )
        employee = env["hr.employee"].create(
            {"name": cls.owner.name, "user_id": cls.owner.id}
        )
        period = env["date.range"].create(
            {
                "name": "PORTAL-S-2026-03",
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "type_id": env.ref("sales_performance.date_range_type_month").id,
            }
        )
        plan = env["sales.performance.plan"].create(
            {
                "name": "Portal seller plan",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "metric_ids": [
                    Command.link(env.ref("sales_performance.metric_net_revenue").id)
                ],
                "member_ids": [Command.create({"employee_id": employee.id})],
            }
        )
        plan.action_approve()
        cls.statement = env["sales.performance.statement"].create(
            {
                "plan_id": plan.id,
                "employee_id": employee.id,
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
        )
        scale = env.ref("sales_performance.grade_scale_sabcd")
        cls.grade = scale.grade_ids.filtered(lambda g: g.code == "A")
        cls.appraisal = env["sales.performance.appraisal"].create(
            {
                "plan_id": plan.id,
                "employee_id": employee.id,
                "period_id": period.id,
                "scale_id": scale.id,
                "total_score": 91.0,
                "state": "published",
                "grade_id": cls.grade.id,
            }
        )

    def test_home_cards_have_pictograms(self):
        self.authenticate("sp_portal_seller", "sp_portal_seller")
        home = self.url_open("/my").text
        for name in ("appraisal", "plan"):
            url = f"/sales_performance/static/src/img/portal-{name}.svg"
            self.assertIn(url, home)
            self.assertEqual(self.url_open(url).status_code, 200)
        # the statements' coin shows the company's currency (issue 23)
        self.assertIn("/my/sp/statement-icon.svg", home)
        icon = self.url_open("/my/sp/statement-icon.svg")
        self.assertEqual(icon.status_code, 200)
        self.assertEqual(icon.headers["Content-Type"], "image/svg+xml")
        symbol = self.env.company.currency_id.symbol
        self.assertEqual(symbol, "$")
        self.assertIn(f">{symbol}</text>", icon.text)
        self.assertNotIn("¥", icon.text)

    def test_pages_follow_the_users_language_not_the_cookie(self):
        """On a shared computer the previous visitor's ``frontend_lang``
        cookie says English: the Chinese salesperson still reads Chinese
        (issue 23)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        self.owner.lang = "zh_CN"
        self.authenticate("sp_portal_seller", "sp_portal_seller")
        self.opener.cookies.set("frontend_lang", "en_US")
        page = self.url_open("/my/sp/statements")
        self.assertEqual(page.status_code, 200)
        self.assertIn("提成结算单", page.text)
        self.assertNotIn(">Commission Statements<", page.text)
        # and an English user keeps English whatever the cookie says
        self.owner.lang = "en_US"
        self.opener.cookies.set("frontend_lang", "zh_CN")
        page = self.url_open("/my/sp/statements")
        self.assertIn("Commission Statements", page.text)

    def test_dispute_says_what_happens_next(self):
        self.authenticate("sp_portal_seller", "sp_portal_seller")
        line = self.statement.line_ids
        url = f"/my/sp/statements/line/{line.id}/dispute"
        token = http.Request.csrf_token(self)
        page = self.url_open(
            url, data={"reason": "A deal is missing", "csrf_token": token}
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"disputed={line.id}", page.url)
        self.assertIn("Your dispute was sent.", page.text)
        self.assertIn("Commission: Disputed on", page.text)
        self.assertIn("A deal is missing", page.text)
        # who it went to, by name (issue 21: the page promised the plan's
        # approver whether or not anybody got it)
        self.env.invalidate_all()
        handlers = line.dispute_handler_ids
        self.assertTrue(handlers)
        self.assertIn(
            f"{', '.join(handlers.mapped('name'))} answers the dispute", page.text
        )
        self.assertNotIn("?message=disputed", page.url)
        self.assertTrue(line.dispute_date)
        # the note stays on the line; a second dispute says why not, readably
        again = self.url_open(url, data={"reason": "Again", "csrf_token": token})
        self.assertIn("already disputed", again.text)
        self.assertIn("o_sp_dispute_note", again.text)
        # the backend statement says the same
        self.assertIn("A deal is missing", self.statement.dispute_summary)

    def test_grade_named_as_in_the_backend(self):
        self.assertEqual(self.grade.display_name, "A – Excellent")
        self.authenticate("sp_portal_seller", "sp_portal_seller")
        listing = self.url_open("/my/sp/appraisals").text
        self.assertIn("A – Excellent", listing)
        page = self.url_open(f"/my/sp/appraisals/{self.appraisal.id}").text
        self.assertIn("A – Excellent", page)


@tagged("post_install", "-at_install")
class TestPortalPerformance(HttpCase):
    """My Performance on the portal (issue 23): what the backend page shows,
    from the same engine figures. The plan covers this year; figures are
    of the current month, whichever it is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        today = date.today()
        cls.owner = mail_new_test_user(
            env,
            login="sp_portal_perf",
            name="Portal Performer",
            groups="base.group_portal",
        )
        employee = env["hr.employee"].create(
            {"name": cls.owner.name, "user_id": cls.owner.id}
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        plan = env["sales.performance.plan"].create(
            {
                "name": "Portal performance plan",
                "date_start": date(today.year, 1, 1),
                "date_end": date(today.year, 12, 31),
                "metric_ids": [Command.link(revenue.id)],
                "member_ids": [Command.create({"employee_id": employee.id})],
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Portal tiers",
                            "rule_type": "tiered",
                            "band_ids": [
                                Command.create(
                                    {"lower": 0.0, "upper": 1.0, "rate": 0.01}
                                ),
                                Command.create(
                                    {"lower": 1.0, "upper": 0.0, "rate": 0.02}
                                ),
                            ],
                        }
                    )
                ],
            }
        )
        plan.action_generate_periods()
        cls.current = plan._sp_periods().filtered(
            lambda p: p.date_start <= today <= p.date_end
        )
        env["sales.performance.target"].create(
            {
                "plan_id": plan.id,
                "member_id": plan.member_ids.id,
                "period_id": cls.current.id,
                "metric_id": revenue.id,
                "amount": 10000.0,
            }
        )
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": env["res.partner"].create({"name": "Portal Buyer"}).id,
                "invoice_date": today,
                "invoice_user_id": cls.owner.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Sofa",
                            "quantity": 8,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        # approved after the invoice: approving measures this period
        plan.action_approve()

    def test_my_performance_on_the_portal(self):
        self.authenticate("sp_portal_perf", "sp_portal_perf")
        home = self.url_open("/my").text
        self.assertIn("/my/sp/performance", home)
        page = self.url_open("/my/sp/performance")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn("Portal performance plan", text)
        self.assertIn(self.current.name, text)
        # 8,000 of 10,000 (80 %, 1 %): 80.00 earned; 2,000 more reach the
        # 100 % band (2 %): 10,000 x 2 % = 200.00, 120.00 more
        self.assertIn("80.00", text)
        self.assertIn("o_sp_next_band", text)
        self.assertIn("2,000.00", text)
        self.assertIn("200.00", text)
        self.assertIn("120.00", text)
        self.assertIn("<svg", text)
        self.assertIn("o_sp_year_table", text)
        self.assertIn("10,000.00", text)  # My Targets, measured on approval
        self.assertIn("8,000.00", text)
