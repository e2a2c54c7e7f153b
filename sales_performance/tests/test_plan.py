# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPlan(SalesPerformanceCommon):
    def _target(self, member, period, amount, metric=None, **extra):
        return self.env["sales.performance.target"].create(
            dict(
                plan_id=self.plan.id,
                member_id=member.id,
                period_id=period.id,
                metric_id=(metric or self.metric_revenue).id,
                amount=amount,
                **extra,
            )
        )

    def test_generate_periods_is_idempotent(self):
        # 2026 monthly plan: 12 months, named YYYY-MM; generating again adds none.
        periods = self.plan.period_ids
        self.assertEqual(len(periods), 12)
        self.assertEqual(periods[0].name, "2026-01")
        self.assertEqual(str(periods[1].date_end), "2026-02-28")
        self.plan.action_generate_periods()
        self.assertEqual(self.plan._sp_periods(), periods)

    def test_approved_plan_is_locked_and_reset_is_tracked(self):
        target = self._target(self.member_a, self.march, 50000.0)
        self.plan.action_approve()
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.plan.approved_uid, self.env.user)
        with self.assertRefused(UserError, "reset it to draft"):
            target.amount = 60000.0
        with self.assertRefused(UserError, "reset it to draft"):
            self._target(self.member_b, self.march, 1000.0)
        with self.assertRefused(UserError, "reset it to draft"):
            self.plan.member_ids[0].date_to = "2026-06-30"
        with self.assertRefused(UserError, "reset it to draft"):
            self.plan.name = "Renamed"
        with self.assertRefused(UserError, "reset it to draft"):
            target.unlink()
        # Measurement is not configuration: it still runs on an approved plan.
        self.plan.action_compute_achievements()
        self.plan.with_context(
            tracking_disable=False, mail_notrack=False
        ).action_reset_draft()
        self.assertEqual(self.plan.state, "draft")
        self.assertIn("reset to draft", self.plan.message_ids[0].body)
        target.amount = 60000.0
        self.assertEqual(target.amount, 60000.0)

    def test_plan_lock_covers_rules_bands_and_moves_into_the_plan(self):
        """One lock for members, targets, rules and bands (the plan lock
        mixin): nothing of an approved plan changes, nothing moves into it;
        acknowledging it is not changing it."""
        self._target(self.member_a, self.march, 50000.0)
        rule = self._rule("tiered", [(0.0, 0.0, 0.01)], name="Tiers")
        draft = self.env["sales.performance.plan"].create(
            {
                "name": "2026 Other",
                "company_id": self.company.id,
                "currency_id": self.currency.id,
                "period_type": "month",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        other = self._rule("tiered", [(0.0, 0.0, 0.02)], plan=draft, name="Other")
        self.plan.action_approve()
        with self.assertRefused(UserError, "reset it to draft"):
            rule.name = "Renamed"
        with self.assertRefused(UserError, "reset it to draft"):
            rule.band_ids.rate = 0.03
        with self.assertRefused(UserError, "reset it to draft"):
            self.env["sales.performance.commission.band"].create(
                {"rule_id": rule.id, "lower": 2.0, "upper": 0.0, "rate": 0.05}
            )
        with self.assertRefused(UserError, "reset it to draft"):
            rule.band_ids.unlink()
        with self.assertRefused(UserError, "reset it to draft"):
            rule.unlink()
        with self.assertRefused(UserError, "reset it to draft"):
            other.plan_id = self.plan
        with self.assertRefused(UserError, "reset it to draft"):
            other.band_ids.rule_id = rule
        self.member_a._sp_acknowledge(self.member_a.user_id)
        self.assertTrue(self.member_a.acknowledged_date)
        other.band_ids.rate = 0.04  # the draft plan's rules still change
        self.assertEqual(other.band_ids.rate, 0.04)

    def test_state_change_tracked_in_chatter(self):
        plan = self.plan.with_context(tracking_disable=False, mail_notrack=False)
        # End the set-up "transaction": records created in the current one
        # are not tracked.
        self.env.flush_all()
        self.env.cr.precommit.run()
        plan.action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written on commit
        plan.invalidate_recordset(["message_ids"])
        tracked = plan.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracked[:1].new_value_char, "Approved")

    def test_r_t5_zero_or_negative_target_refused(self):
        with self.assertRefused(ValidationError, "must be positive"):
            self._target(self.member_a, self.march, 0.0)
        with self.assertRefused(ValidationError, "must be positive"):
            self._target(self.member_a, self.march, -10.0)
        self.assertFalse(
            self.env["sales.performance.target"].search(
                [("plan_id", "=", self.plan.id)]
            )
        )

    def test_r_t4_negative_minimum_refused(self):
        with self.assertRefused(ValidationError, "negative minimum"):
            self._target(self.member_a, self.march, 100.0, minimum_amount=-1.0)

    def test_duplicate_target_refused(self):
        self._target(self.member_a, self.march, 100.0)
        with self.assertRefused(ValidationError, "already has a"):
            self._target(self.member_a, self.march, 200.0)

    def test_target_metric_must_be_in_plan(self):
        with self.assertRefused(ValidationError, "does not measure"):
            self._target(self.member_a, self.march, 100.0, metric=self.metric_agents)

    def test_plan_without_currency_refused(self):
        with self.assertRefused(ValidationError, "has no currency"):
            self.plan.currency_id = False

    def test_member_without_employee_or_user_refused(self):
        with self.assertRefused(ValidationError, "has no employee"):
            self.plan.member_ids = [Command.create({"role_id": self.role_sales.id})]
        no_user = self.env["hr.employee"].create({"name": "Zhao Lei"})
        with self.assertRefused(ValidationError, "Zhao Lei.*no related user"):
            self.plan.member_ids = [Command.create({"employee_id": no_user.id})]
        self.assertEqual(
            self.env["sales.performance.member"].search_count(
                [("plan_id", "=", self.plan.id)]
            ),
            3,
        )

    def test_overlapping_membership_refused(self):
        self.member_a.date_to = "2026-06-30"
        # A second line for Wang Wei from July is fine ...
        self.plan.member_ids = [
            Command.create({"employee_id": self.emp_a.id, "date_from": "2026-07-01"})
        ]
        # ... a third one overlapping June is not.
        with self.assertRefused(ValidationError, "Wang Wei is twice a member"):
            self.plan.member_ids = [
                Command.create(
                    {
                        "employee_id": self.emp_a.id,
                        "date_from": "2026-06-01",
                        "date_to": "2026-06-30",
                    }
                )
            ]

    def test_plan_dates_checked(self):
        with self.assertRefused(ValidationError, "ends before it starts"):
            self.plan.date_end = "2025-12-31"

    def test_approve_refuses_unbalanced_split(self):
        parent = self.env["sales.performance.target"].create(
            {
                "plan_id": self.plan.id,
                "label": "Channel",
                "period_id": self.march.id,
                "metric_id": self.metric_revenue.id,
                "amount": 1000.0,
            }
        )
        self._target(self.member_a, self.march, 600.0, parent_id=parent.id)
        self._target(self.member_b, self.march, 300.0, parent_id=parent.id)
        with self.assertRefused(UserError, "children add up to 900"):
            self.plan.action_approve()
        self.assertEqual(self.plan.state, "draft")
