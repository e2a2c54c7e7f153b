# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 21: every row of the README's Guarantees table, tried over
JSON-RPC (``/web/dataset/call_kw``, as the web client calls it) by the user
who broke it: the administrator who ran the month and approved it, the
approver who accepted +50,000.00 on a 3,028.00 line, bands entered on their
own model, published grades typed in, closed months' appraisals and honours
deleted, another company's period, disputes nobody hears of, absurd
targets and amounts."""

import json

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesPerformanceCommon


class RpcError(Exception):
    """A JSON-RPC error: the exception's class and message, as the web
    client shows them."""


class RpcCommon(SalesPerformanceCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Division Head", "sp_r21_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Payroll Officer",
            "sp_r21_payroll",
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager",
        )[0]
        # an approver who may post too: approving and posting are two people
        cls.user_approver_payroll = cls._create_salesperson(
            "Approver And Payroll",
            "sp_r21_both",
            "sales_performance.group_sp_approver,"
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager",
        )[0]
        cls.user_admin2 = mail_new_test_user(
            cls.env,
            login="sp_r21_admin2",
            name="Second Administrator",
            groups="base.group_user,sales_performance.group_sp_admin",
            company_id=cls.company.id,
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {"name": "Sales staff", "code": "R21SALES", "company_id": cls.company.id}
        )
        cls.structure.action_sp_add_rules()
        for employee in (cls.emp_a, cls.emp_b, cls.emp_c):
            cls.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": 7000.0,
                    "date_start": "2026-01-01",
                    "state": "open",
                    "struct_id": cls.structure.id,
                }
            )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        # Wang Wei: 5,000 x 2 % = 100.00; Li Na: 10,000 x 2 % = 200.00
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)
        cls._invoice(cls.user_b, "2026-03-06", quantity=10)
        for user in (
            cls.user_a,
            cls.user_b,
            cls.user_manager,
            cls.user_admin,
            cls.user_admin2,
            cls.user_approver,
            cls.user_payroll,
            cls.user_approver_payroll,
        ):
            user.password = f"{user.login}-r21-pw"

    def setUp(self):
        super().setUp()
        # the run computes in the request, as without a queue_job worker
        self.patch(
            self.env.registry["sales.performance.run"],
            "_sp_jobs_available",
            lambda self: False,
        )

    # ------------------------------------------------------------------
    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC as ``user``; an
        error raises :class:`RpcError` with its class and message."""
        if user is not None:
            self.authenticate(user.login, f"{user.login}-r21-pw")
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        self.env.invalidate_all()
        if "error" in body:
            data = body["error"]["data"]
            raise RpcError(f"{data['name']}: {data['message']}")
        return body["result"]

    def run_as(self, user, period=None, plan=None):
        """Run Commission (the wizard) as ``user``: the period's statements."""
        plan = plan or self.plan
        period = period or self.march
        wizard = self.rpc(
            user,
            "sales.performance.commission.run",
            "create",
            {"plan_id": plan.id, "period_id": period.id},
        )
        self.rpc(None, "sales.performance.commission.run", "action_run", [wizard])
        statements = self.env["sales.performance.statement"].search(
            [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
        )
        return {s.employee_id: s for s in statements}

    def messages(self, record):
        return " ".join(record.sudo().message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestSeparationOfDuties(RpcCommon):
    """R-W3: who computes, approves and posts are different people, unless
    the company lets one person do all."""

    def test_issue21_r_w3_who_computes_does_not_approve(self):
        self.plan.action_approve()
        statements = self.run_as(self.user_admin)
        wang = statements[self.emp_a]
        run = wang.run_id
        self.assertEqual(run.computed_uid, self.user_admin)
        self.assertEqual(wang.computed_uid, self.user_admin)
        # The administrator who ran the month approves it: refused, and the
        # message names the setting that would allow it.
        with self.assertRaisesRegex(
            RpcError,
            "UserError: You computed it: another user must approve .*"
            "One Person May Compute, Approve and Post",
        ):
            self.rpc(
                self.user_admin,
                "sales.performance.statement",
                "action_approve",
                wang.ids,
            )
        self.assertEqual(wang.state, "computed")
        # Another approver approves it; then the approver cannot post it
        # even with the payroll right (Approver Cannot Post, on by default).
        self.rpc(
            self.user_approver_payroll,
            "sales.performance.statement",
            "action_approve",
            wang.ids,
        )
        self.assertEqual(
            (wang.state, wang.approved_uid),
            ("approved", self.user_approver_payroll),
        )
        result = self.rpc(
            None, "sales.performance.statement", "action_post_to_payroll", wang.ids
        )
        self.assertIn("You approved it", result["params"]["message"])
        self.assertIn("Approver Cannot Post", result["params"]["message"])
        self.assertIn("One Person May Compute", result["params"]["message"])
        self.assertEqual(wang.state, "approved")
        # The payroll officer, who neither computed nor approved, posts.
        self.rpc(
            self.user_payroll,
            "sales.performance.statement",
            "action_post_to_payroll",
            wang.ids,
        )
        self.assertEqual((wang.state, wang.posted_uid), ("posted", self.user_payroll))

    def test_issue21_r_w3_who_accepts_the_review_does_not_approve(self):
        self.plan.max_statement_amount = 50.0
        wang = self._run(self.march, self.member_a)[self.emp_a]
        self.assertTrue(wang.review_reasons)
        self.rpc(
            self.user_admin2,
            "sales.performance.statement",
            "action_accept_review",
            wang.ids,
        )
        self.assertEqual(wang.review_accepted_uid, self.user_admin2)
        with self.assertRaisesRegex(RpcError, "You accepted its review"):
            self.rpc(None, "sales.performance.statement", "action_approve", wang.ids)
        self.rpc(
            self.user_approver,
            "sales.performance.statement",
            "action_approve",
            wang.ids,
        )
        self.assertEqual(wang.state, "approved")

    def test_issue21_r_w3_one_administrator_company_posts(self):
        """A company run by one person: the administrator (with the rights of
        a fresh database, Payroll Posting included) computes, approves and
        posts once the company allows it; each statement says so."""
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("sales_performance.group_sp_payroll"))
        admin.write(
            {
                "password": "admin-r21-pw",
                "company_ids": [Command.link(self.company.id)],
                "company_id": self.company.id,
            }
        )
        self.authenticate("admin", "admin-r21-pw")
        self.plan.action_approve()
        statements = self.run_as(None, plan=self.plan)
        wang = statements[self.emp_a]
        self.assertEqual(wang.computed_uid, admin)
        with self.assertRaisesRegex(RpcError, "One Person May Compute"):
            self.rpc(None, "sales.performance.statement", "action_approve", wang.ids)
        # The administrator turns the setting on (payroll settings).
        settings = self.rpc(
            None, "res.config.settings", "create", {"sp_one_person_duties": True}
        )
        self.rpc(None, "res.config.settings", "execute", [settings])
        self.assertTrue(self.company.sp_one_person_duties)
        self.rpc(None, "sales.performance.statement", "action_approve", wang.ids)
        self.assertEqual((wang.state, wang.approved_uid), ("approved", admin))
        self.assertIn(
            "approved the statement after they computed it", self.messages(wang)
        )
        self.rpc(
            None, "sales.performance.statement", "action_post_to_payroll", wang.ids
        )
        self.assertEqual((wang.state, wang.posted_uid), ("posted", admin))
        self.assertIn(
            "posted the statement after they computed it and approved it",
            self.messages(wang),
        )
        self.assertEqual(
            wang.payslip_id.input_line_ids.filtered(
                lambda i: i.code == "SPCOMM"
            ).amount,
            100.0,
        )

    def test_issue21_posting_unapproved_statements_says_why(self):
        wang = self._run(self.march, self.member_a)[self.emp_a]
        result = self.rpc(
            self.user_payroll,
            "sales.performance.statement",
            "action_post_to_payroll",
            wang.ids,
        )
        message = result["params"]["message"]
        self.assertIn("0 statement(s) posted to payroll, 1 not posted", message)
        self.assertIn("it is Computed, not approved", message)
        self.assertEqual(result["params"]["type"], "warning")


@tagged("post_install", "-at_install")
class TestDisputes(RpcCommon):
    def _disputed(self):
        wang = self._run(self.march, self.member_a)[self.emp_a]
        line = wang.line_ids
        self.rpc(
            self.user_a,
            "sales.performance.statement.line",
            "action_dispute",
            line.ids,
            "One invoice is missing.",
        )
        return wang, line

    def _answer(self, user, line, amount):
        wizard = self.rpc(
            user,
            "sales.performance.dispute",
            "create",
            {
                "line_id": line.id,
                "mode": "resolve",
                "decision": "accept",
                "amount": amount,
                "resolution": "Checked.",
            },
        )
        return self.rpc(None, "sales.performance.dispute", "action_confirm", [wizard])

    def test_issue21_dispute_adjustment_bounded_and_not_self_approved(self):
        wang, line = self._disputed()
        self.assertEqual(line.amount, 100.0)
        # +50,000.00 on a 100.00 line by a plain approver: refused.
        with self.assertRaisesRegex(RpcError, "at most the line's amount"):
            self._answer(self.user_approver, line, 50000.0)
        self.assertEqual(line.dispute_state, "open")
        self.assertEqual(wang.amount_total, 100.0)
        # Within the line's amount: accepted, as an adjustment line.
        self._answer(self.user_approver, line, 80.0)
        self.assertEqual(line.dispute_state, "accepted")
        self.assertEqual(wang.amount_total, 180.0)
        self.assertEqual(line.adjustment_line_id.create_uid, self.user_approver)
        # Who adjusted the statement does not approve it too (R-W3).
        with self.assertRaisesRegex(RpcError, "You adjusted it"):
            self.rpc(
                self.user_approver,
                "sales.performance.statement",
                "action_approve",
                wang.ids,
            )
        self.rpc(
            self.user_approver_payroll,
            "sales.performance.statement",
            "action_approve",
            wang.ids,
        )
        self.assertEqual(wang.state, "approved")

    def test_issue21_administrator_decides_larger_adjustments(self):
        wang, line = self._disputed()
        self._answer(self.user_admin, line, 300.0)
        self.assertEqual(wang.amount_total, 400.0)  # 100.00 + 300.00

    def test_issue21_dispute_reaches_the_plans_approver_and_says_who(self):
        self.plan.appraisal_approver_id = self.user_approver
        wang, line = self._disputed()
        self.assertEqual(line.dispute_handler_ids, self.user_approver)
        self.assertEqual(
            wang.activity_ids.filtered(lambda a: "dispute" in a.summary).user_id,
            self.user_approver,
        )
        self.assertIn("Division Head answers the dispute", line.dispute_note)
        self.authenticate("sp_wang", "sp_wang-r21-pw")
        page = self.url_open(f"/my/sp/statements/{wang.id}")
        self.assertIn("Division Head answers the dispute", page.text)


@tagged("post_install", "-at_install")
class TestDisputeWithoutApprover(HttpCase):
    """A company where nobody approves statements: the dispute goes to its
    administrators (who can name an approver), and the salesperson reads who
    got it (issue 21: it reached nobody, and the portal promised the plan's
    approver)."""

    def test_issue21_dispute_reaches_someone_without_approver(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        company = env["res.company"].create({"name": "No Approver Co"})
        boss = mail_new_test_user(
            env,
            login="sp_r21_boss",
            name="Settings Boss",
            groups="base.group_user,base.group_erp_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            password="sp_r21_boss-pw",
        )
        seller = mail_new_test_user(
            env,
            login="sp_r21_seller",
            name="Lonely Seller",
            groups="base.group_user,sales_performance.group_sp_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            password="sp_r21_seller-pw",
        )
        employee = env["hr.employee"].create(
            {"name": "Lonely Seller", "user_id": seller.id, "company_id": company.id}
        )
        plan = (
            env["sales.performance.plan"]
            .with_company(company)
            .create(
                {
                    "name": "No approver plan",
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "member_ids": [Command.create({"employee_id": employee.id})],
                }
            )
        )
        plan.action_generate_periods()
        march = plan._sp_periods().filtered(lambda p: p.name == "2026-03")
        statement = (
            env["sales.performance.statement"]
            .sudo()
            .create(
                {
                    "plan_id": plan.id,
                    "employee_id": employee.id,
                    "period_id": march.id,
                    "state": "computed",
                    "line_ids": [
                        Command.create({"name": "Commission", "amount": 10.0})
                    ],
                }
            )
        )
        line = statement.line_ids
        self.authenticate("sp_r21_seller", "sp_r21_seller-pw")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "sales.performance.statement.line",
                "method": "action_dispute",
                "args": [line.ids, "Where is my bonus?"],
                "kwargs": {},
            },
        )
        env.invalidate_all()
        self.assertEqual(line.dispute_handler_ids, boss)
        activity = statement.activity_ids
        self.assertEqual(activity.user_id, boss)
        self.assertIn("Nobody in the company has the Statement Approver", activity.note)
        self.assertIn("Settings Boss answers the dispute", line.dispute_note)
        page = self.url_open(f"/my/sp/statements/{statement.id}")
        self.assertIn("Settings Boss answers the dispute", page.text)
        self.assertNotIn("HR / approver of the plan", page.text)
        # Nobody at all (the administrator left): the dispute is refused
        # with a reason, never lost.
        boss.active = False
        line.sudo().write({"dispute_state": False, "dispute_handler_ids": False})
        with self.assertRaisesRegex(UserError, "Nobody in your company can answer"):
            line.with_user(seller).action_dispute("Again.")


@tagged("post_install", "-at_install")
class TestConfigurationChecks(RpcCommon):
    """Child models check themselves (bad configuration is refused when it
    is entered, on whichever model)."""

    def test_issue21_commission_bands_check_their_rule(self):
        rule = self._rule(
            "tiered",
            [(0.0, 1.0, 0.01), (1.0, 1.5, 0.02), (1.5, 0.0, 0.03)],
            name="Tiers",
        )
        low, mid, __ = rule.band_ids.sorted("lower")
        Band = "sales.performance.commission.band"
        admin = self.user_admin
        with self.assertRaisesRegex(RpcError, "negative rate"):
            self.rpc(admin, Band, "write", mid.ids, {"rate": -0.02})
        with self.assertRaisesRegex(RpcError, "overlap or leave a gap"):
            self.rpc(
                None, Band, "create", {"rule_id": rule.id, "lower": 1.2, "rate": 0.05}
            )
        with self.assertRaisesRegex(RpcError, "overlap or leave a gap"):
            self.rpc(None, Band, "unlink", mid.ids)
        with self.assertRaisesRegex(RpcError, "ends before it starts"):
            self.rpc(None, Band, "write", low.ids, {"upper": -1.0})
        self.assertEqual(rule.band_ids.mapped("rate"), [0.01, 0.02, 0.03])
        # The rule's form saves its bands one command at a time: moving a
        # bound through an overlap is accepted once every command has run.
        self.rpc(
            None,
            "sales.performance.commission.rule",
            "write",
            rule.ids,
            {
                "band_ids": [
                    Command.update(low.id, {"upper": 1.2}),
                    Command.update(mid.id, {"lower": 1.2}),
                ]
            },
        )
        self.assertEqual(low.upper, 1.2)

    def test_issue21_scorecard_bands_and_seasonality_check_their_parent(self):
        indicator = self.env["sales.performance.scorecard.indicator"].create(
            {
                "plan_id": self.plan.id,
                "name": "Revenue",
                "weight": 100.0,
                "kind": "quantitative",
                "metric_id": self.metric_revenue.id,
                "scoring": "bands",
                "band_ids": [
                    Command.create({"lower": 0.0, "upper": 1.0, "score": 60.0}),
                    Command.create({"lower": 1.0, "score": 100.0}),
                ],
            }
        )
        first, last = indicator.band_ids.sorted("lower")
        Band = "sales.performance.scorecard.band"
        with self.assertRaisesRegex(RpcError, "overlap or leave a gap"):
            self.rpc(
                self.user_admin,
                Band,
                "create",
                {"indicator_id": indicator.id, "lower": 0.5, "score": 80.0},
            )
        with self.assertRaisesRegex(RpcError, "outside the grade scale"):
            self.rpc(None, Band, "write", last.ids, {"score": 1000.0})
        with self.assertRaisesRegex(RpcError, "scores by bands but has none"):
            self.rpc(None, Band, "unlink", (first | last).ids)
        self.assertEqual(len(indicator.band_ids), 2)
        # Seasonality: twelve months, not all zero.
        profile = self.env.ref("sales_performance.seasonality_flat")
        january = profile.line_ids.filtered(lambda x: x.month == 1)
        Line = "sales.performance.seasonality.line"
        with self.assertRaisesRegex(RpcError, "exactly one weight for each"):
            self.rpc(None, Line, "unlink", january.ids)
        with self.assertRaisesRegex(RpcError, "only zero weights"):
            self.rpc(None, Line, "write", profile.line_ids.ids, {"weight": 0.0})
        self.assertEqual(len(profile.line_ids), 12)


@tagged("post_install", "-at_install")
class TestAppraisalGuarantees(RpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Zhang Min is a manager and is appraised too, by the director.
        cls.user_director, cls.emp_director = cls._create_salesperson(
            "Director", "sp_r21_director", "sales_performance.group_sp_manager"
        )
        cls.user_director.password = "sp_r21_director-r21-pw"
        cls.emp_manager.parent_id = cls.emp_director
        cls.env["sales.performance.member"].create(
            {"plan_id": cls.plan.id, "employee_id": cls.emp_manager.id}
        )
        cls.zhang = cls._appraise(cls.emp_manager, cls.march, "A")
        cls.zhang.sudo().sp_manager_note = "Considered for demotion."
        cls.wang = cls._appraise(cls.emp_a, cls.march, "B")

    def test_issue21_published_grade_only_through_actions(self):
        Appraisal = "sales.performance.appraisal"
        grade_s = self._grade("S")
        other_scale = self._grade("A", scale="grade_scale_abcde")
        for vals in (
            {"grade_id": grade_s.id},
            {"state": "to_approve"},
            {"total_score": 104.0},
            {"approved_uid": self.user_admin.id},
        ):
            with self.assertRaisesRegex(RpcError, "only through its actions"):
                self.rpc(self.user_admin, Appraisal, "write", self.wang.ids, vals)
        self.assertEqual(self.wang.grade_id.code, "B")
        with self.assertRaisesRegex(RpcError, "not created by hand"):
            self.rpc(
                None,
                Appraisal,
                "create",
                {
                    "plan_id": self.plan.id,
                    "employee_id": self.emp_b.id,
                    "period_id": self.march.id,
                    "scale_id": grade_s.scale_id.id,
                    "grade_id": grade_s.id,
                    "state": "published",
                },
            )
        # The engine neither gives a grade of another scale.
        with self.assertRaisesRegex(ValidationError, "not a grade of the scale"):
            self.wang.sudo().grade_id = other_scale
        # A published appraisal is not deleted; a closed month's neither,
        # not even by the engine.
        with self.assertRaisesRegex(RpcError, "cannot be deleted"):
            self.rpc(None, Appraisal, "unlink", self.wang.ids)
        self.march.action_sp_close()
        with self.assertRaisesRegex(UserError, "is closed: the appraisal"):
            self.wang.sudo().unlink()
        self.assertTrue(self.wang.exists())

    def test_issue21_generate_respects_plan_state_and_dates(self):
        self.env["sales.performance.scorecard.indicator"].create(
            {
                "plan_id": self.plan.id,
                "name": "Teamwork",
                "weight": 100.0,
                "kind": "qualitative",
            }
        )
        april = self._period("2026-04")
        Wizard = "sales.performance.appraisal.generate"
        wizard = self.rpc(
            self.user_admin,
            Wizard,
            "create",
            {"plan_id": self.plan.id, "period_id": april.id},
        )
        with self.assertRaisesRegex(RpcError, "is not approved"):
            self.rpc(None, Wizard, "action_generate", [wizard])
        self.plan.action_approve()
        next_year = self.env["date.range"].create(
            {
                "name": "2027-01",
                "date_start": "2027-01-01",
                "date_end": "2027-01-31",
                "type_id": self.month_type.id,
                "company_id": self.company.id,
            }
        )
        wizard = self.rpc(
            None, Wizard, "create", {"plan_id": self.plan.id, "period_id": next_year.id}
        )
        with self.assertRaisesRegex(RpcError, "is not one of plan"):
            self.rpc(None, Wizard, "action_generate", [wizard])
        self.assertFalse(
            self.env["sales.performance.appraisal"].search(
                [("period_id", "in", (april | next_year).ids)]
            )
        )
        wizard = self.rpc(
            None, Wizard, "create", {"plan_id": self.plan.id, "period_id": april.id}
        )
        self.rpc(None, Wizard, "action_generate", [wizard])
        self.assertEqual(
            len(
                self.env["sales.performance.appraisal"].search(
                    [("period_id", "=", april.id)]
                )
            ),
            4,
        )

    def test_issue21_private_note_hidden_from_the_appraised(self):
        Appraisal = "sales.performance.appraisal"
        # His director reads it.
        [row] = self.rpc(
            self.user_director, Appraisal, "read", self.zhang.ids, ["manager_note"]
        )
        self.assertEqual(row["manager_note"], "Considered for demotion.")
        # Zhang Min, a manager himself, on his own appraisal: empty in the
        # form, in read, search_read and exports; the stored field refused.
        self.user_manager.groups_id |= self.env.ref("base.group_allow_export")
        self.authenticate("sp_manager", "sp_manager-r21-pw")
        [row] = self.rpc(None, Appraisal, "read", self.zhang.ids, ["manager_note"])
        self.assertFalse(row["manager_note"])
        form = self.rpc(
            None,
            Appraisal,
            "web_read",
            self.zhang.ids,
            specification={"manager_note": {}, "name": {}},
        )
        self.assertFalse(form[0]["manager_note"])
        rows = self.rpc(
            None,
            Appraisal,
            "search_read",
            [("id", "=", self.zhang.id)],
            ["manager_note"],
        )
        self.assertFalse(rows[0]["manager_note"])
        exported = self.rpc(
            None, Appraisal, "export_data", self.zhang.ids, ["manager_note"]
        )
        self.assertEqual(exported["datas"], [[""]])
        with self.assertRaisesRegex(RpcError, "AccessError|not allowed|Invalid field"):
            self.rpc(None, Appraisal, "read", self.zhang.ids, ["sp_manager_note"])
        # As his team's manager, he still reads his salespeople's notes.
        self.wang.sudo().sp_manager_note = "Good month."
        [row] = self.rpc(None, Appraisal, "read", self.wang.ids, ["manager_note"])
        self.assertEqual(row["manager_note"], "Good month.")
        # The portal page of his appraisal does not show it either.
        page = self.url_open(f"/my/sp/appraisals/{self.zhang.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Considered for demotion", page.text)


@tagged("post_install", "-at_install")
class TestHonourAwards(RpcCommon):
    def test_issue21_honour_awards_of_closed_periods_are_history(self):
        honour = self.env["sales.performance.honour"].search([], limit=1)
        appraisal = self._appraise(self.emp_a, self.march, "S")
        award = self.env["sales.performance.honour.award"].create(
            {
                "honour_id": honour.id,
                "employee_id": self.emp_a.id,
                "period_id": self.march.id,
                "appraisal_id": appraisal.id,
            }
        )
        self.march.action_sp_close()
        Award = "sales.performance.honour.award"
        vals = {
            "honour_id": honour.id,
            "employee_id": self.emp_b.id,
            "period_id": self.march.id,
            "appraisal_id": appraisal.id,
        }
        with self.assertRaisesRegex(RpcError, "is closed: the honour"):
            self.rpc(self.user_admin, Award, "create", vals)
        with self.assertRaisesRegex(RpcError, "is closed: the honour"):
            self.rpc(None, Award, "copy", award.ids)
        with self.assertRaisesRegex(RpcError, "is closed: the honour"):
            self.rpc(None, Award, "unlink", award.ids)
        with self.assertRaisesRegex(RpcError, "is closed: the honour"):
            self.rpc(None, Award, "write", award.ids, {"employee_id": self.emp_b.id})
        with self.assertRaisesRegex(UserError, "is closed: the honour"):
            award.sudo().unlink()
        self.assertEqual(
            self.env[Award].search([("period_id", "=", self.march.id)]), award
        )
        # An open month's honours are recorded and removed as usual.
        april = self._period("2026-04")
        new = self.rpc(None, Award, "create", dict(vals, period_id=april.id))
        self.rpc(None, Award, "unlink", [new])


@tagged("post_install", "-at_install")
class TestCompaniesAndInputs(RpcCommon):
    def test_issue21_target_on_another_companys_period(self):
        other = self.setup_other_company(name="Other Co 21")["company"]
        admin_x, emp_x = self._create_salesperson(
            "Other Admin",
            "sp_r21_other",
            "sales_performance.group_sp_admin",
            company=other,
        )
        admin_x.write({"company_ids": [Command.set(other.ids)], "company_id": other.id})
        admin_x.password = "sp_r21_other-r21-pw"
        plan_x = (
            self.env["sales.performance.plan"]
            .sudo()
            .create(
                {
                    "name": "Plan of B",
                    "company_id": other.id,
                    "currency_id": other.currency_id.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "metric_ids": [Command.set(self.metric_revenue.ids)],
                    "member_ids": [Command.create({"employee_id": emp_x.id})],
                }
            )
        )
        plan_x.action_generate_periods()
        vals = {
            "plan_id": plan_x.id,
            "member_id": plan_x.member_ids.id,
            "metric_id": self.metric_revenue.id,
            "period_id": self.march.id,  # company A's March
            "amount": 1000.0,
        }
        with self.assertRaisesRegex(RpcError, "belongs to another company") as caught:
            self.rpc(admin_x, "sales.performance.target", "create", vals)
        self.assertNotIn("2026-03", str(caught.exception))
        # One entered before the check existed (moved by SQL, as an older
        # version let it be): the plan does not approve with it.
        target = (
            self.env["sales.performance.target"]
            .sudo()
            .create(dict(vals, period_id=plan_x._sp_periods()[2].id))
        )
        self.env.cr.execute(
            "UPDATE sales_performance_target SET period_id = %s WHERE id = %s",
            (self.march.id, target.id),
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(RpcError, "belongs to another company"):
            self.rpc(admin_x, "sales.performance.plan", "action_approve", plan_x.ids)
        self.assertEqual(plan_x.state, "draft")

    def test_issue21_error_names_only_what_the_user_reads(self):
        # A manager who reads only his own documents (no invoicing right)
        # splits Chen Jie's invoice: the message names neither the invoice
        # nor anyone of another company.
        self.user_manager.groups_id -= self.env.ref("account.group_account_invoice")
        invoice = self._invoice(self.user_c, "2026-03-09")
        with self.assertRaisesRegex(RpcError, "not in it") as caught:
            self.rpc(
                self.user_manager,
                "sales.performance.split",
                "create",
                {"move_id": invoice.id, "employee_id": self.emp_a.id, "share": 100.0},
            )
        self.assertNotIn(invoice.name, str(caught.exception))
        self.assertIn("you cannot see", str(caught.exception))

    def test_issue21_absurd_target_and_amount(self):
        with self.assertRaisesRegex(RpcError, "above the company's largest target"):
            self.rpc(
                self.user_admin,
                "sales.performance.target",
                "create",
                {
                    "plan_id": self.plan.id,
                    "member_id": self.member_a.id,
                    "metric_id": self.metric_revenue.id,
                    "period_id": self.april.id,
                    "amount": 1e15,
                },
            )
        # The plan's review amount is 0: an invoice of 1e12 in March pays
        # 2e10, above the plan's share (1.0) of the largest March target
        # (10,000.00): the approver cannot approve it before the review.
        self.assertFalse(self.plan.max_statement_amount)
        self._invoice(self.user_b, "2026-03-20", quantity=1e9)
        li = self._run(self.march, self.member_b)[self.emp_b]
        self.assertIn("above 10,000.00", li.review_reasons)
        with self.assertRaisesRegex(RpcError, "needs a performance administrator"):
            self.rpc(
                self.user_approver,
                "sales.performance.statement",
                "action_approve",
                li.ids,
            )
        self.assertEqual(li.state, "computed")

    def test_issue21_statement_nobody_sees_is_flagged(self):
        # Wang Wei's user is archived after he joined the plan: his statement
        # would be seen by nobody.
        wang = self._run(self.march, self.member_a)[self.emp_a]
        self.assertFalse(wang.review_reasons)
        self.user_a.active = False
        self.env.invalidate_all()
        self.assertIn("has no active user", wang.review_reasons)
        with self.assertRaisesRegex(RpcError, "needs a performance administrator"):
            self.rpc(
                self.user_approver,
                "sales.performance.statement",
                "action_approve",
                wang.ids,
            )
