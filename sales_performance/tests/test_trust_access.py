# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 12, access half: every guarantee proven as the user who would
break it. Each step runs as its user after ``env.invalidate_all()``: a warm
cache filled by the superuser hides AccessErrors."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesPerformanceCommon


class TrustCommon(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Division Head", "sp_trust_head", "sales_performance.group_sp_approver"
        )[0]
        cls.plan.appraisal_approver_id = cls.user_approver
        # Monthly scorecard: revenue 50 % (quantitative), teamwork 50 %
        # (self 30 % / manager 70 %).
        cls.indicators = cls.env["sales.performance.scorecard.indicator"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Revenue",
                    "weight": 50,
                    "kind": "quantitative",
                    "metric_id": cls.metric_revenue.id,
                    "dimension_id": cls.env.ref(
                        "sales_performance.dimension_ability"
                    ).id,
                },
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Teamwork",
                    "weight": 50,
                    "kind": "qualitative",
                    "scorer": "both",
                    "self_weight": 30,
                    "dimension_id": cls.env.ref(
                        "sales_performance.dimension_teamwork"
                    ).id,
                },
            ]
        )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)

    def as_user(self, records, user):
        """``records`` as ``user`` on a cold cache."""
        self.env.invalidate_all()
        return records.with_user(user)

    def _appraisals(self):
        # appraisals are generated for an approved plan (issue 21)
        if self.plan.state == "draft":
            self.plan.action_approve()
        appraisals = self.env["sales.performance.appraisal"]._sp_generate(
            self.plan, self.march
        )
        return {a.employee_id: a for a in appraisals}

    def _teamwork(self, appraisal):
        return appraisal.line_ids.filtered(lambda x: x.name == "Teamwork")

    def _publish(self, appraisal, self_score=90, manager_score=80):
        """Self-assessment, rating and approval, each by its own user."""
        employee = appraisal.user_id
        self.as_user(self._teamwork(appraisal), employee).self_score = self_score
        self.as_user(appraisal, employee).action_submit_self()
        manager = appraisal.employee_id.parent_id.user_id
        self.as_user(self._teamwork(appraisal), manager).manager_score = manager_score
        self.as_user(appraisal, manager).action_submit_manager()
        # No March sales: revenue scores 0, an extreme grade (R-A5).
        self.as_user(appraisal, self.user_approver).justification = "No sale."
        self.as_user(appraisal, self.user_approver).action_approve()
        self.assertEqual(appraisal.state, "published")


@tagged("post_install", "-at_install")
class TestTrustAppraisal(TrustCommon):
    def test_r_a4_salesperson_opens_self_assesses_and_appeals_own_appraisal(self):
        appraisals = self._appraisals()
        wang = appraisals[self.emp_a]
        Appraisal = self.env["sales.performance.appraisal"]
        # List and form, as Wang Wei: only his own (``rank`` was in _order and
        # restricted to managers: every search raised an AccessError).
        found = self.as_user(Appraisal, self.user_a).search([])
        self.assertEqual(found, wang)
        self.as_user(wang, self.user_a).web_read(
            {"name": {}, "state": {}, "total_score": {}, "line_ids": {}}
        )
        self.assertEqual(
            self.as_user(Appraisal, self.user_a).search_count([]), 1, "own only"
        )
        # Self-assessment: 90 on teamwork, submitted by him.
        self.as_user(self._teamwork(wang), self.user_a).self_score = 90
        self.as_user(wang, self.user_a).action_submit_self()
        self.assertEqual(wang.state, "manager_review")
        self.as_user(self._teamwork(wang), self.user_manager).manager_score = 80
        self.as_user(wang, self.user_manager).action_submit_manager()
        self.as_user(wang, self.user_approver).justification = "No sale in March."
        self.as_user(wang, self.user_approver).action_approve()
        # The published result, read and appealed through the wizard by him.
        published = self.as_user(Appraisal, self.user_a).search(
            [("state", "=", "published")]
        )
        self.assertEqual(published, wang)
        self.assertTrue(published.read(["grade_id", "total_score", "feedback"]))
        with self.assertRaises(AccessError):
            self.as_user(wang, self.user_a).read(["rank"])
        wizard = self.as_user(
            self.env["sales.performance.appraisal.appeal"], self.user_a
        ).create({"appraisal_id": wang.id, "reason": "Teamwork survey was wrong."})
        wizard.action_confirm()
        self.assertEqual(wang.state, "appeal")

    def test_r_a4_only_manager_or_admin_cancels_or_starts(self):
        wang = self._appraisals()[self.emp_a]
        self.assertEqual(wang.state, "self_assessment")
        # Not the employee (a bad month would just disappear), not a colleague.
        for user in (self.user_a, self.user_b):
            with self.assertRaises(AccessError):
                self.as_user(wang, user).action_cancel()
        self.assertEqual(wang.state, "self_assessment")
        self.as_user(wang, self.user_manager).action_cancel()
        self.assertEqual(wang.state, "cancel")
        li = self.env["sales.performance.appraisal"].search(
            [("employee_id", "=", self.emp_b.id), ("period_id", "=", self.march.id)]
        )
        li.sudo().state = "draft"
        with self.assertRaises(AccessError):
            self.as_user(li, self.user_b).action_start()
        self.as_user(li, self.user_admin).action_start()
        self.assertEqual(li.state, "self_assessment")

    def test_closed_period_grade_not_reopened_by_appeal(self):
        appraisals = self._appraisals()
        wang, li = appraisals[self.emp_a], appraisals[self.emp_b]
        self._publish(wang)
        self._publish(li)
        grade, score = wang.grade_id, wang.total_score
        self.as_user(wang, self.user_a).action_appeal("Teamwork survey was wrong.")
        # the open appeal is listed: closed with an override (issue 20)
        self.march._sp_close(override_reason="Closed with the appeal open.")
        # HR reopening the rating would re-rate a closed month (it went through
        # a sudo state change that skipped the frozen check).
        with self.assertRefused(UserError, "cannot be reopened"):
            self.as_user(wang, self.user_admin).action_decide_appeal(
                "Rate again.", reopen=True
            )
        self.assertEqual(wang.state, "appeal")
        # Upholding it is allowed: the result stands.
        self.as_user(wang, self.user_admin).action_decide_appeal("Result stands.")
        self.assertEqual(wang.state, "published")
        self.assertEqual((wang.grade_id, wang.total_score), (grade, score))
        # A new appeal, a rescoring or a sudo grade change: all refused.
        with self.assertRefused(UserError, "is closed: the grade of"):
            self.as_user(li, self.user_b).action_appeal("Too late.")
        with self.assertRefused(UserError, "is closed: the grade of"):
            self._teamwork(wang).sudo().manager_score = 100
        with self.assertRefused(UserError, "is closed: the grade of"):
            wang.sudo().write({"state": "manager_review"})
        # Closing after the feedback talk still works.
        self.as_user(wang, self.user_manager).action_close()
        self.assertEqual(wang.state, "closed")


@tagged("post_install", "-at_install")
class TestTrustPeriodLock(TrustCommon):
    def test_closed_period_target_frozen_after_reset_to_draft(self):
        target_a = self.plan.target_ids.filtered(
            lambda t: t.member_id == self.member_a and t.period_id == self.march
        )
        self.plan.action_approve()
        self.march.action_sp_close()
        self.as_user(self.plan, self.user_admin).action_reset_draft()
        self.assertEqual(self.plan.state, "draft")
        with self.assertRefused(UserError, "is closed: its target"):
            self.as_user(target_a, self.user_admin).amount = 1.0
        with self.assertRefused(UserError, "is closed: its target"):
            self.as_user(target_a, self.user_admin).unlink()
        with self.assertRefused(UserError, "is closed: its target"):
            self._target(self.member_a, self.march, 5.0, metric=self.metric_cash)
        with self.assertRefused(UserError, "is closed: its target"):
            target_a.sudo().amount = 1.0
        self.assertEqual(target_a.amount, 10000.0)
        # April is open: edited as usual.
        april = self._target(self.member_a, self.april, 8000.0)
        self.as_user(april, self.user_admin).amount = 9000.0
        self.assertEqual(april.amount, 9000.0)

    def test_closed_period_achievements_frozen_for_everyone(self):
        self._invoice(self.user_a, "2026-03-10")
        self.march.action_sp_close()
        march = self.plan.achievement_ids.filtered(lambda a: a.period_id == self.march)
        self.assertTrue(march)
        with self.assertRefused(UserError, "is closed: its achievements"):
            march.sudo().write({"actual": 1.0})
        with self.assertRefused(UserError, "is closed: its achievements"):
            march.sudo().unlink()
        member = march[0].member_id
        with self.assertRefused(UserError, "is closed: its achievements"):
            self.env["sales.performance.achievement"].sudo().create(
                {
                    "plan_id": self.plan.id,
                    "member_id": member.id,
                    "employee_id": member.employee_id.id,
                    "period_id": self.march.id,
                    "metric_id": self.metric_agents.id,
                }
            )

    @freeze_time("2026-04-10")
    def test_backdated_payment_does_not_rewrite_closed_credit(self):
        # Invoice 3,000 on Mar 5th; March closed; paid in full by a payment
        # backdated to Mar 20th (a closed day).
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=3)
        self.march.action_sp_close()
        frozen = self._credits(invoice)
        self.assertFalse(frozen.is_fully_paid)
        self._pay(invoice, 3000.0, "2026-03-20")
        # The cash lands on Apr 1st, and so does the full payment of the frozen
        # invoice row (cash-basis commission counts it in April, not in the
        # closed March): Mar 20th is never written on a March row.
        cash = self._credits(invoice, "payment")
        self.assertEqual(str(cash.date), "2026-04-01")
        self.assertEqual(self._credits(invoice), frozen)
        self.assertEqual(frozen.amount_revenue, 3000.0)
        self.assertTrue(frozen.is_fully_paid)
        self.assertEqual(str(frozen.full_paid_date), "2026-04-01")
        # The model refuses any figure change of a frozen row, even as sudo.
        with self.assertRefused(UserError, "dated in a closed period"):
            frozen.sudo().amount_revenue = 1.0
        with self.assertRefused(UserError, "dated in a closed period"):
            frozen.sudo().full_paid_date = "2026-03-25"
        with self.assertRefused(UserError, "dated in a closed period"):
            frozen.sudo().unlink()


@tagged("post_install", "-at_install")
class TestTrustDashboardHonour(TrustCommon):
    @freeze_time("2026-03-16")
    def test_dashboard_shows_only_own_figures_whatever_user_id(self):
        self._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        self.plan.action_approve()
        # Chen Jie sold 10,000: 2 % = 200 of commission. Wang Wei sold nothing.
        self._invoice(self.user_c, "2026-03-02", quantity=10)
        Dashboard = self.env["sales.performance.dashboard"]
        own = self.as_user(Dashboard, self.user_c).create({})
        self.assertEqual(own.commission_to_date, 200.0)
        spy = self.as_user(Dashboard, self.user_a).create({"user_id": self.user_c.id})
        self.env.invalidate_all()
        self.assertEqual(spy.user_id, self.user_a)
        self.assertEqual(spy.employee_id, self.emp_a)
        self.assertEqual(spy.commission_to_date, 0.0)
        spy.write({"user_id": self.user_c.id})
        self.env.invalidate_all()
        self.assertEqual(spy.user_id, self.user_a)
        self.assertEqual(spy.commission_projected, 0.0)

    def test_honour_awards_own_team_all_and_company(self):
        honour = self.env["sales.performance.honour"].search([], limit=1)
        Award = self.env["sales.performance.honour.award"]
        awards = Award.create(
            [
                {
                    "honour_id": honour.id,
                    "employee_id": employee.id,
                    "period_id": self.march.id,
                    "appraisal_id": self._appraise(employee, self.march, "S").id,
                }
                for employee in (self.emp_a, self.emp_b, self.emp_c)
            ]
        )
        award_a, award_b, award_c = awards
        self.assertEqual(self.as_user(Award, self.user_a).search([]), award_a)
        with self.assertRaises(AccessError):
            self.as_user(award_b, self.user_a).read(["amount"])
        self.assertEqual(
            self.as_user(Award, self.user_manager).search([]), award_a | award_b
        )
        self.assertEqual(self.as_user(Award, self.user_admin).search([]), awards)
        # Another company's administrator sees none of them, nor this
        # company's commission bands and scorecard indicators.
        other = self.setup_other_company()["company"]
        user_x = self._create_salesperson(
            "Other Co Admin",
            "sp_trust_other",
            "sales_performance.group_sp_admin",
            company=other,
        )[0]
        user_x.company_ids = other
        rule = self._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        for records in (awards, rule.band_ids, self.indicators):
            self.assertFalse(
                self.as_user(records.browse(), user_x).search(
                    [("id", "in", records.ids)]
                ),
                records._name,
            )
            with self.assertRaises(AccessError):
                self.as_user(records, user_x).read(["id"])
        self.assertTrue(award_c.exists())


@tagged("post_install", "-at_install")
class TestTrustSplit(TrustCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_a = cls._invoice(cls.user_a, "2026-03-02")
        cls.inv_c = cls._invoice(cls.user_c, "2026-03-03")
        cls.Split = cls.env["sales.performance.split"]

    def test_split_manager_splits_only_team_documents_among_team(self):
        # Chen Jie's invoice is not of his team: no crediting it to Wang Wei.
        with self.assertRaises(AccessError):
            self.as_user(self.inv_c, self.user_manager).write(
                {
                    "sp_split_ids": [
                        Command.create({"employee_id": self.emp_a.id, "share": 100.0})
                    ]
                }
            )
        # His team's invoice, but shared with an outsider: refused too.
        with self.assertRaises(AccessError):
            self.as_user(self.inv_a, self.user_manager).write(
                {
                    "sp_split_ids": [
                        Command.create({"employee_id": self.emp_a.id, "share": 50.0}),
                        Command.create({"employee_id": self.emp_c.id, "share": 50.0}),
                    ]
                }
            )
        self.assertFalse(self.inv_a.sp_split_ids | self.inv_c.sp_split_ids)
        # Among his team: fine.
        self.as_user(self.inv_a, self.user_manager).write(
            {
                "sp_split_ids": [
                    Command.create({"employee_id": self.emp_a.id, "share": 50.0}),
                    Command.create({"employee_id": self.emp_b.id, "share": 50.0}),
                ]
            }
        )
        self.assertEqual(self._credits(self.inv_a).employee_id, self.emp_a | self.emp_b)

    def test_split_adds_up_to_100_per_document(self):
        # A 50 % line saved on its own (the split model directly) is refused:
        # it credited half the invoice and broke payment registration.
        with self.assertRefused(ValidationError, "adds up to 50.0 %"):
            self.as_user(self.Split, self.user_manager).create(
                {"move_id": self.inv_a.id, "employee_id": self.emp_a.id, "share": 50.0}
            )
        split_a = self.as_user(self.Split, self.user_manager).create(
            {"move_id": self.inv_a.id, "employee_id": self.emp_a.id, "share": 100.0}
        )
        with self.assertRefused(ValidationError, "adds up to 60.0 %"):
            self.as_user(split_a, self.user_manager).share = 60.0
        # Through the invoice, the commands are checked once all have run:
        # 100 % -> 50 % + a new 50 % line is accepted.
        self.as_user(self.inv_a, self.user_manager).write(
            {
                "sp_split_ids": [
                    Command.update(split_a.id, {"share": 50.0}),
                    Command.create({"employee_id": self.emp_b.id, "share": 50.0}),
                ]
            }
        )
        self.assertEqual(sorted(self.inv_a.sp_split_ids.mapped("share")), [50, 50])
        # Deleting one of the two halves leaves 50 %: refused.
        with self.assertRefused(ValidationError, "adds up to 50.0 %"):
            self.as_user(split_a, self.user_manager).unlink()
        # Payment registration works on the valid split: 1,000 paid, halved.
        self._pay(self.inv_a, 1000.0, "2026-03-20")
        self.assertEqual(
            sorted(self._credits(self.inv_a, "payment").mapped("amount_collected")),
            [500.0, 500.0],
        )

    def test_plain_sales_user_duplicates_quotation_with_split(self):
        # A sales user without any addon group (the host ERP's own flow).
        plain = mail_new_test_user(
            self.env,
            login="sp_trust_plain",
            name="Plain Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=self.company.id,
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_1.id,
                "user_id": plain.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product_sofa.id, "product_uom_qty": 1}
                    )
                ],
                "sp_split_ids": [
                    Command.create({"employee_id": self.emp_a.id, "share": 60.0}),
                    Command.create({"employee_id": self.emp_b.id, "share": 40.0}),
                ],
            }
        )
        copy = self.as_user(order, plain).copy()
        self.assertEqual(sorted(copy.sudo().sp_split_ids.mapped("share")), [40.0, 60.0])
        self.assertEqual(copy.sudo().sp_split_ids.employee_id, self.emp_a | self.emp_b)
