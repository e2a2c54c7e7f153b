# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who answers a dispute (the plan's HR / approver, else the statement
approvers; never OdooBot), what the answer dialog shows, what answering does
(issue 15)."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon

FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything
REASON = "The March 5th deal was 6 sofas, not 5."


@tagged("post_install", "-at_install")
class TestDisputeAnswer(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr, cls.emp_hr = cls._create_salesperson(
            "Sun Li", "sp_hr", "sales_performance.group_sp_approver"
        )
        cls.user_approver_2 = cls._create_salesperson(
            "Second Approver", "sp_approver_2", "sales_performance.group_sp_approver"
        )[0]
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._rule("tiered", FLAT, name="Flat 2 %")
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)

    def _disputed_line(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        line = statement.line_ids
        line.with_user(self.user_a).action_dispute(REASON)
        return statement, line

    def _activities(self, statement):
        return statement.activity_ids.filtered(
            lambda a: (a.summary or "").startswith("Answer the dispute")
        )

    def test_activity_goes_to_the_plans_hr_approver(self):
        self.plan.appraisal_approver_id = self.user_hr
        statement, line = self._disputed_line()
        activity = self._activities(statement)
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertEqual(activity.summary, f"Answer the dispute of {line.name}")
        self.assertIn(REASON, str(activity.note))

    def test_without_hr_approver_the_approvers_get_it_never_odoobot(self):
        self.plan.appraisal_approver_id = False
        statement, _line = self._disputed_line()
        users = self._activities(statement).user_id
        self.assertIn(self.user_hr, users)
        self.assertIn(self.user_approver_2, users)
        self.assertIn(self.user_admin, users)  # administrators approve too
        self.assertNotIn(self.env.ref("base.user_root"), users)
        self.assertNotIn(self.user_a, users)
        self.assertFalse(users.filtered("share"))

    def test_hr_approver_who_may_not_answer_is_skipped(self):
        # A plain salesperson named as HR / approver could not answer: the
        # statement approvers get the dispute.
        self.plan.appraisal_approver_id = self.user_b
        statement, _line = self._disputed_line()
        users = self._activities(statement).user_id
        self.assertNotIn(self.user_b, users)
        self.assertIn(self.user_hr, users)

    def test_answer_dialog_shows_the_reason(self):
        self.plan.appraisal_approver_id = self.user_hr
        statement, line = self._disputed_line()
        action = line.with_user(self.user_hr).action_open_dispute()
        self.assertEqual(action["name"], "Answer the dispute")
        wizard_env = self.env(user=self.user_hr, context=action["context"])
        with Form(wizard_env["sales.performance.dispute"]) as form:
            self.assertEqual(form.mode, "resolve")
            self.assertEqual(form.dispute_reason, REASON)
            self.assertEqual(form.dispute_uid, self.user_a)
            self.assertEqual(form.statement_id, statement)
            self.assertEqual(form.line_amount, 100.0)
            form.decision = "reject"
            form.resolution = "The sixth sofa was invoiced in April."
        form.record.action_confirm()
        self.assertEqual(line.dispute_state, "rejected")
        self.assertEqual(
            line.with_user(self.user_a).action_open_dispute()["name"],
            "Dispute a line",
        )

    def test_answering_closes_the_activity_posts_and_notifies(self):
        self.plan.appraisal_approver_id = self.user_hr
        statement, line = self._disputed_line()
        activity = self._activities(statement)
        answer = "The sixth sofa was invoiced in April."
        line.with_user(self.user_hr).action_resolve_dispute(False, answer)
        self.assertEqual(line.dispute_state, "rejected")
        self.assertEqual(line.dispute_resolution, answer)
        self.assertFalse(self._activities(statement))
        self.assertFalse(activity.exists() and activity.active)
        messages = statement.message_ids
        done = messages.filtered(lambda m: m.mail_activity_type_id)
        self.assertIn(answer, str(done[:1].body))
        verdict = messages.filtered(lambda m: "rejected by Sun Li" in str(m.body))
        self.assertIn(answer, str(verdict.body))
        self.assertIn(self.user_a.partner_id, verdict.partner_ids)
        # then the same approver approves the statement (R-W3: not their own)
        statement.with_user(self.user_hr).action_approve()
        self.assertEqual(statement.state, "approved")
        self.assertEqual(statement.approved_uid, self.user_hr)

    def test_who_may_answer(self):
        _statement, line = self._disputed_line()
        with self.assertRaises(AccessError):
            line.with_user(self.user_b).action_resolve_dispute(False, "No.")
        with self.assertRaises(AccessError):
            line.with_user(self.user_a).action_resolve_dispute(False, "No.")
        # an approver does not answer the dispute of their own statement
        self.plan.member_ids = [Command.create({"employee_id": self.emp_hr.id})]
        member_hr = self.plan.member_ids.filtered(
            lambda m: m.employee_id == self.emp_hr
        )
        own = self._run(self.march, member_hr)[self.emp_hr]
        own.line_ids.with_user(self.user_hr).action_dispute("Mine is wrong.")
        self.assertNotIn(self.user_hr, self._activities(own).user_id)
        with self.assertRefused(UserError, "your own statement"):
            own.line_ids.with_user(self.user_hr).action_resolve_dispute(False, "No.")
        line.with_user(self.user_approver_2).action_resolve_dispute(False, "No.")
        self.assertEqual(line.dispute_state, "rejected")


@tagged("post_install", "-at_install")
class TestAppealDecider(SalesPerformanceCommon):
    """The appraisal appeal goes to the plan's HR / approver, who decides it;
    without one, to the performance administrators (never OdooBot)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr = cls._create_salesperson(
            "Sun Li", "sp_hr", "sales_performance.group_sp_approver"
        )[0]
        cls.appraisal = cls._appraise(cls.emp_a, cls.march, "B")

    def _appeal(self):
        self.appraisal.with_user(self.user_a).action_appeal("Two answers only.")
        return self.appraisal.activity_ids

    def test_appeal_goes_to_the_hr_approver_who_decides(self):
        self.plan.appraisal_approver_id = self.user_hr
        activity = self._appeal()
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertIn("Two answers only.", str(activity.note))
        with self.assertRaises(AccessError):
            self.appraisal.with_user(self.user_manager).action_decide_appeal("No")
        action = self.appraisal.with_user(self.user_hr).action_open_appeal()
        self.assertEqual(action["name"], "Decide the appeal")
        wizard_env = self.env(user=self.user_hr, context=action["context"])
        with Form(wizard_env["sales.performance.appraisal.appeal"]) as form:
            self.assertEqual(form.appeal_reason, "Two answers only.")
            form.decision = "The result stands."
        form.record.action_confirm()
        self.assertEqual(self.appraisal.state, "published")
        self.assertFalse(self.appraisal.activity_ids)
        self.assertEqual(self.appraisal.appeal_decision, "The result stands.")

    def test_without_hr_approver_the_administrators_decide(self):
        self.plan.appraisal_approver_id = False
        users = self._appeal().user_id
        self.assertIn(self.user_admin, users)
        self.assertNotIn(self.env.ref("base.user_root"), users)
        self.assertNotIn(self.user_hr, users)
        with self.assertRaises(AccessError):
            self.appraisal.with_user(self.user_hr).action_decide_appeal("No")
