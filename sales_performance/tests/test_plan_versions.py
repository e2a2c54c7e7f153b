# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 19, money over time: a plan's history keeps the rules it was paid
under. A change of the rules is a version in force from a chosen period;
approved periods are corrected only by facts, or by a version that reaches
back to them explicitly, previewed and reviewed; a new reading of the engine
(an upgrade) never re-pays them."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon

# R-C1: below the target 1 %, from 100 % of it 2 % of the whole amount.
TIERS = [(0.0, 1.0, 0.01), (1.0, 0.0, 0.02)]


@tagged("post_install", "-at_install")
class TestPlanVersions(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_v_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.may = cls._period("2026-05")
        for period in (cls.march, cls.april, cls.may):
            cls._target(cls.member_a, period, 10000.0)
        cls.rule = cls._rule("tiered", TIERS, name="Promoter tiers")
        cls.plan.action_approve()
        # March: 12,000 of 10,000 = 120 %: 12,000 x 2 % = 240.00.
        cls._invoice(cls.user_a, "2026-03-05", quantity=12)

    def _run_as(self, period, user=None):
        self.env.invalidate_all()
        user = user or self.user_admin
        statements = (
            self.env["sales.performance.statement"]
            .with_user(user)
            ._sp_run(self.plan.with_user(user), period, self.member_a)
        )
        return statements.filtered(lambda s: s.employee_id == self.emp_a)

    def _approve(self, statement):
        self.env.invalidate_all()
        statement.with_user(self.user_approver).action_approve()

    def _march_approved(self, close=True):
        march = self._run_as(self.march)
        self.assertEqual(march.amount_total, 240.0)
        self._approve(march)
        if close:
            # approved, paid with a later payroll: closed with the
            # administrator's override (issue 20)
            self.env.invalidate_all()
            self.march.with_user(self.user_admin)._sp_close(
                override_reason="Posted with April's payroll."
            )
            self.assertEqual(self.march.sp_state, "closed")
        return march

    def _set_top_rate(self, rate):
        def edit(rules):
            rules.band_ids.filtered(lambda b: b.lower == 1.0).rate = rate

        return edit

    def test_rules_that_paid_are_changed_only_through_a_version(self):
        self._march_approved()
        band = self.rule.band_ids.filtered(lambda b: b.lower == 1.0)
        self.env.invalidate_all()
        admin_band = band.with_user(self.user_admin)
        admin_rule = self.rule.with_user(self.user_admin)
        self.plan.with_user(self.user_admin).action_reset_draft()
        # Even with the plan back in draft, the rule that paid March keeps
        # what March was paid with, for the administrator as for anyone.
        with self.assertRefused(UserError, "paid the approved statements of 2026-03"):
            admin_band.rate = 0.025
        with self.assertRefused(UserError, "Change Rules"):
            admin_rule.band_mode = "marginal"
        with self.assertRefused(UserError, "paid the approved statements"):
            admin_rule.active = False
        with self.assertRefused(UserError, "paid the approved statements"):
            admin_rule.unlink()
        with self.assertRefused(UserError, "paid the approved statements"):
            admin_band.unlink()
        with self.assertRefused(UserError, "versions"):
            admin_rule.date_to = "2026-03-31"
        # A name or a note changes no money.
        admin_rule.name = "Promoter tiers (store staff)"

    def test_change_from_the_first_open_period_books_nothing_for_closed_months(self):
        march = self._march_approved()
        self.env.invalidate_all()
        action = self.plan.with_user(self.user_admin).action_change_rules()
        version = self.env["sales.performance.plan.version"].browse(action["res_id"])
        # The change takes effect by default from the first open period.
        self.assertEqual(version.period_id, self.april)
        self.assertFalse(version.is_retroactive)
        self._set_top_rate(0.025)(version.with_user(self.user_admin).rule_ids)
        self.assertIn(
            "Promoter tiers: Band 100 % and above 2 % → 2.5 %.", version.pending_changes
        )
        version.with_user(self.user_admin).action_approve()
        self.assertEqual(version.state, "approved")
        self.assertEqual(version.approved_uid, self.user_admin)
        # April: 11,000 of 10,000 = 110 % at the new 2.5 % = 275.00, and no
        # correction of March (closed, paid 240.00 at 2 %).
        self._invoice(self.user_a, "2026-04-08", quantity=11)
        april = self._run_as(self.april)
        self.assertEqual(self._amounts(april), [275.0])
        self.assertFalse(april.line_ids.filtered("origin_statement_id"))
        self.assertEqual(march.amount_total, 240.0)
        # History: the rule paid March until 31 March, its new version from
        # 1 April; both of one lineage; the plan's chatter says who and what.
        old, new = self.plan.rule_history_ids.sorted("id")
        self.assertEqual(old, self.rule)
        self.assertEqual(str(old.date_to), "2026-03-31")
        self.assertEqual(str(new.date_from), "2026-04-01")
        self.assertEqual(new.lineage_id, old)
        self.assertEqual(self.plan.rule_ids, new)
        self.assertIn("2 % → 2.5 %", version.change_summary)
        note = self.plan.message_ids[0].body
        self.assertIn("in force from 2026-04", note)
        self.assertIn(self.user_admin.name, note)

    def test_a_rerun_of_an_earlier_period_keeps_its_own_rules(self):
        # March approved but not closed; April's version raises the rate.
        march = self._march_approved(close=False)
        self._change_rules(self.april, self._set_top_rate(0.03))
        # Rerunning March recomputes it with March's rules: nothing to
        # announce, nothing booked in May either.
        self._run_as(self.march)
        self.assertEqual(march.discrepancy_amount, 0.0)
        may = self._run_as(self.may)
        self.assertFalse(may.line_ids.filtered("origin_statement_id"))
        # A fact of March (a late invoice of 1,000 posted in May, dated in
        # March) is corrected with March's rules: 13,000 x 2 % = 260.00,
        # 20.00 more, not 13,000 x 3 %.
        self._invoice(self.user_a, "2026-03-20", quantity=1)
        may = self._run_as(self.may)
        correction = may.line_ids.filtered("origin_statement_id")
        self.assertEqual(correction.mapped("amount"), [20.0])
        self.assertEqual(correction.origin_statement_id, march)

    def test_facts_undone_after_a_correction_are_corrected_back(self):
        """R-C11, issue 19: a fact of an approved month that changes, is
        corrected, then changes back (a credit note posted by mistake and
        cancelled) is corrected back: the month's facts are again what it
        was first approved with, but not what is booked for it."""
        march = self._march_approved(close=False)
        invoice = self.env["account.move"].search(
            [
                ("invoice_user_id", "=", self.user_a.id),
                ("move_type", "=", "out_invoice"),
            ]
        )
        # April: a credit note of 2 of the 12 sofas, dated in March: March
        # is worth 10,000 of 10,000 = 100 % x 2 % = 200.00, -40.00 booked.
        refund = self._refund(invoice, "2026-03-25", quantity=2)
        april = self._run_as(self.april)
        self.assertEqual(self._amounts(april, "clawback"), [-40.0])
        self._approve(april)
        # May: the credit note was a mistake, cancelled. March's facts are
        # what it was approved with (240.00), but 200.00 is booked: +40.00.
        refund.button_draft()
        refund.button_cancel()
        may = self._run_as(self.may)
        correction = may.line_ids.filtered("origin_statement_id")
        self.assertEqual(correction.mapped("amount"), [40.0])
        self.assertEqual(correction.origin_statement_id, march)
        # Run again before approval, May books it the same, and once
        # approved nothing more.
        may = self._run_as(self.may)
        self.assertEqual(
            may.line_ids.filtered("origin_statement_id").mapped("amount"), [40.0]
        )
        self._approve(may)
        june = self._run_as(self._period("2026-06"))
        self.assertFalse(june.line_ids.filtered("origin_statement_id"))

    def test_a_change_reaching_back_is_previewed_reviewed_and_booked(self):
        march = self._march_approved()
        self._invoice(self.user_a, "2026-04-08", quantity=11)
        self.env.invalidate_all()
        admin_plan = self.plan.with_user(self.user_admin)
        version = self.env["sales.performance.plan.version"].browse(
            admin_plan.action_change_rules()["res_id"]
        )
        version = version.with_user(self.user_admin)
        version.period_id = self.march
        self._set_top_rate(0.03)(version.rule_ids)
        self.assertTrue(version.is_retroactive)
        self.assertEqual(version.repriced_period_ids, self.march)
        with self.assertRefused(UserError, "Write why in Reason"):
            version.action_approve()
        version.reason = "3 % was agreed in February; 2 % was a typing error."
        with self.assertRefused(UserError, "preview the corrections"):
            version.action_approve()
        version.action_preview()
        # March: 12,000 x 3 % = 360.00 instead of the 240.00 paid: +120.00.
        self.assertEqual(
            [(p.booked, p.new_amount, p.difference) for p in version.preview_line_ids],
            [(240.0, 360.0, 120.0)],
        )
        # Changed after the preview: it must be previewed again.
        self._set_top_rate(0.035)(version.rule_ids)
        self.assertFalse(version.preview_current)
        with self.assertRefused(UserError, "preview the corrections"):
            version.action_approve()
        self._set_top_rate(0.03)(version.rule_ids)
        version.action_preview()
        version.action_approve()
        # April's run books what was previewed, naming the version, and
        # waits for the administrator's review (a closed month corrected).
        april = self._run_as(self.april)
        correction = april.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(correction.mapped("amount"), [120.0])
        self.assertEqual(correction.origin_statement_id, march)
        self.assertIn(version.name, correction.explanation)
        # April itself: 11,000 x 3 % = 330.00.
        self.assertEqual(self._amounts(april, "commission"), [330.0])
        self.assertIn("correction(s) of closed periods", april.review_reasons)
        with self.assertRefused(UserError, "needs a performance administrator"):
            self._approve(april)
        self.env.invalidate_all()
        april.with_user(self.user_admin).action_accept_review()
        self._approve(april)
        # Booked once: May corrects nothing more.
        may = self._run_as(self.may)
        self.assertFalse(may.line_ids.filtered("origin_statement_id"))

    def test_a_new_reading_of_the_engine_never_repays_history(self):
        """What an upgrade does: the code reads the rule differently (here,
        10 % more on every tiered amount); approved months are kept at what
        was paid, and a later fact of such a month is corrected by its own
        effect only, once the migration has recorded the new reading
        (``_sp_rebaseline``)."""
        march = self._march_approved(close=False)
        Rule = type(self.env["sales.performance.commission.rule"])
        compute = Rule._compute_tiered

        def new_reading(rule, ctx, members):
            return [
                dict(p, amount=rule.currency_id.round(p["amount"] * 1.1))
                for p in compute(rule, ctx, members)
            ]

        self.patch(Rule, "_compute_tiered", new_reading)
        # Nothing of March changed: nothing re-paid (not 264.00 - 240.00).
        self._invoice(self.user_a, "2026-04-08", quantity=11)
        april = self._run_as(self.april)
        self.assertFalse(april.line_ids.filtered("origin_statement_id"))
        self._run_as(self.march)
        self.assertEqual(march.discrepancy_amount, 0.0)
        # The release's migration records the new reading of March: 264.00
        # against 240.00 paid, an offset of +24.00, booked nowhere.
        self.env["sales.performance.statement"].search([])._sp_rebaseline()
        self.assertEqual(march.interpretation_offsets, {str(self.rule.id): 24.0})
        # A late March invoice of 1,000: March is now worth 13,000 x 2 % x
        # 1.1 = 286.00; booked 240.00 and the new reading's 24.00 apart,
        # the fact's own effect is 22.00 (not 46.00).
        self._invoice(self.user_a, "2026-03-20", quantity=1)
        april = self._run_as(self.april)
        correction = april.line_ids.filtered("origin_statement_id")
        self.assertEqual(correction.mapped("amount"), [22.0])

    def test_only_the_administrator_changes_rules(self):
        self._march_approved()
        self.env.invalidate_all()
        with self.assertRefused(Exception, "performance administrator"):
            self.plan.with_user(self.user_approver).action_change_rules()
        version = self.plan._sp_new_version()
        self.env.invalidate_all()
        with self.assertRefused(Exception, "performance administrator"):
            version.with_user(self.user_approver).action_approve()
        with self.assertRefused(Exception, ""):
            version.with_user(self.user_a).rule_ids.band_ids.write({"rate": 0.5})


@tagged("post_install", "-at_install")
class TestRulebookTemplates(SalesPerformanceCommon):
    def test_retail_template_gates_the_manager_like_the_rulebook(self):
        """R-C2: the retail rulebook gates its managers too (C 40 %, B 60 %,
        A 80 %, from 80 % of the team's target)."""
        template = self.env.ref("sales_performance.plan_template_retail")
        self.env.invalidate_all()
        action = template.with_user(self.user_admin).action_sp_start_plan()
        plan = self.env["sales.performance.plan"].browse(action["res_id"])
        plan.write(
            {
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "member_ids": [
                    Command.create(
                        {
                            "employee_id": self.emp_manager.id,
                            "role_id": self.role_manager.id,
                        }
                    ),
                    Command.create(
                        {"employee_id": self.emp_a.id, "role_id": self.role_sales.id}
                    ),
                    Command.create(
                        {"employee_id": self.emp_b.id, "role_id": self.role_sales.id}
                    ),
                ],
            }
        )
        plan.action_generate_periods()
        manager = plan.member_ids.filtered(lambda m: m.employee_id == self.emp_manager)
        self._target(manager, self.march, 10000.0)
        self._appraise(self.emp_manager, self.march, "B", plan=plan)
        # The team sells 4,000 + 5,000 = 9,000 of the manager's 10,000: 90 %,
        # gated: 9,000 x the 1 % team rate x B's manager factor 60 % = 54.00.
        self._invoice(self.user_a, "2026-03-05", quantity=4)
        self._invoice(self.user_b, "2026-03-06", quantity=5)
        statement = self._run(self.march, manager, plan=plan)[self.emp_manager]
        line = statement.line_ids.filtered(lambda x: x.rule_id.rule_type == "manager")
        self.assertEqual(line.amount, 54.0)
        self.assertIn("B", line.explanation)


@tagged("post_install", "-at_install")
class TestGradeScaleHistory(SalesPerformanceCommon):
    def test_a_scale_that_graded_paid_months_keeps_its_factors(self):
        """Issue 19: the factor of a grade a closed month's pay read is what
        was paid; editing it is refused with the way out (a new scale)."""
        scale = self.env.ref("sales_performance.grade_scale_sabcd")
        grade_b = self._grade("B")
        self.env.invalidate_all()
        # unused yet: the administrator tunes it freely
        grade_b.with_user(self.user_admin).payout_factor = 0.45
        self._rule("perf_pay", share_rate=0.3, payout_kind="perf_pay")
        self.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": self.emp_a.id,
                "wage": 9000.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        self._appraise(self.emp_a, self.march, "B")
        approver = self._create_salesperson(
            "Approver", "sp_gs_approver", "sales_performance.group_sp_approver"
        )[0]
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.env.invalidate_all()
        march.with_user(approver).with_context(
            sp_no_statement_mail=True, sp_approve_running_period=True
        ).action_approve()
        self.env.invalidate_all()
        admin_grade = grade_b.with_user(self.user_admin)
        for vals in (
            {"perf_pay_coefficient": 1.5},
            {"payout_factor": 0.5},
            {"pool_coefficient": 2.0},
            {"score_from": 81.0},
        ):
            with self.assertRefused(UserError, "graded the pay of 2026-03"):
                admin_grade.write(vals)
        with self.assertRefused(UserError, "duplicate the scale"):
            admin_grade.unlink()
        with self.assertRefused(UserError, "graded the pay"):
            scale.with_user(self.user_admin).score_max = 110.0
        # a name changes no money
        admin_grade.name = "Good"
        # the way out: a copy of the scale, free to change
        copy = scale.with_user(self.user_admin).copy({"code": "SABCD2"})
        copy.grade_ids.filtered(lambda g: g.code == "B").perf_pay_coefficient = 1.5
