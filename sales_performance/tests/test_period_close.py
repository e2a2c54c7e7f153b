# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Closing a period (issue 20): what is still open is listed and the close
refused until it is settled or the administrator overrides it with a
reason; close and reopen are in the period's chatter; only the addon's
administrators close or reopen, in the model; an appeal decided after the
close does not get stuck; approving a running period asks first."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .payroll_common import PayrollCommon


@tagged("post_install", "-at_install")
class TestPeriodClose(PayrollCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.settings_user = mail_new_test_user(
            cls.env,
            login="sp_settings_only",
            name="Settings Only",
            groups="base.group_user,base.group_system",
            company_id=cls.company.id,
        )

    def _close_items(self, period):
        return "\n".join("; ".join(found) for _period, found in period._sp_open_items())

    def _settle_march(self):
        """Wang Wei's and Li Na's March statements approved, posted and
        paid (Chen Jie, without a contract, is not run)."""
        statements = self._approved(self.member_a | self.member_b)
        self._post(statements.values())
        for statement in statements.values():
            statement.payslip_id.with_user(self.user_payroll).action_payslip_done()
        return statements

    def test_close_lists_what_is_open_and_refuses(self):
        statements = self._run(self.march)
        admin = self.march.with_user(self.user_admin)
        action = admin.action_sp_close()
        # not closed: the dialog lists what is open
        self.assertEqual(self.march.sp_state, "open")
        self.assertEqual(action["res_model"], "sales.performance.period.close")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_admin)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn("3 statement(s) not approved", wizard.open_items)
        self.assertIn(statements[self.emp_a].name, wizard.open_items)
        # the model refuses without an override, also called directly
        with self.assertRefused(UserError, "Settle what is still open"):
            admin._sp_close()
        with self.assertRefused(UserError, "Settle what is still open"):
            wizard.action_close()
        self.assertEqual(self.march.sp_state, "open")
        # approved but not posted, then posted but not paid: listed each
        for statement in statements.values():
            statement.with_user(self.user_approver).action_approve()
        items = self._close_items(self.march)
        self.assertIn("3 approved statement(s) not posted", items)
        self._post(statements.values())
        items = self._close_items(self.march)
        self.assertIn("1 approved statement(s) not posted", items)  # Chen Jie
        self.assertIn("2 payslip(s) not confirmed", items)

    def test_close_lists_appeals_and_disputes(self):
        statements = self._settle_march()
        appraisal = self._appraise(self.emp_b, self.march, "B")
        appraisal.with_user(self.user_b).action_appeal("My big order slipped.")
        line = statements[self.emp_a].line_ids[:1]
        line.with_user(self.user_a).action_dispute("The rate is wrong.")
        items = self._close_items(self.march)
        self.assertIn("1 appeal(s) not decided: Li Na", items)
        self.assertIn("1 disputed statement line(s) not answered", items)

    def test_override_with_a_reason_closes_and_is_recorded(self):
        self._run(self.march)
        wizard = (
            self.env["sales.performance.period.close"]
            .with_user(self.user_admin)
            .create({"period_ids": [(6, 0, self.march.ids)], "override": True})
        )
        with self.assertRefused(UserError, "Settle what is still open"):
            wizard.action_close()  # no reason
        wizard.reason = "Audit deadline; statements follow in April."
        wizard.action_close()
        self.assertEqual(self.march.sp_state, "closed")
        self.assertEqual(self.march.sp_closed_uid, self.user_admin)
        body = self.march.message_ids[:3].mapped("body")
        self.assertTrue(
            any(
                "Audit deadline" in b and "3 statement(s) not approved" in b
                for b in body
            ),
            body,
        )

    def test_settled_period_closes_and_reopen_is_traced(self):
        self._settle_march()
        self.assertFalse(self.march._sp_open_items())
        self.assertIs(self.march.with_user(self.user_admin).action_sp_close(), True)
        self.assertEqual(self.march.sp_state, "closed")
        self.assertIn("Closed by Performance Admin", self.march.message_ids[0].body)
        self.march.with_user(self.user_admin).action_sp_reopen()
        self.assertEqual(self.march.sp_state, "open")
        self.assertFalse(self.march.sp_closed_uid)
        reopened = self.march.message_ids.filtered(
            lambda m: "Reopened by Performance Admin" in (m.body or "")
        )
        self.assertTrue(reopened)
        self.assertIn("closed by Performance Admin", reopened.body)

    def test_only_performance_administrators_close_or_reopen(self):
        self.march.sudo().write({"sp_state": "closed"})
        for user in (self.settings_user, self.user_payroll, self.user_approver):
            with self.assertRaises(AccessError):
                self.march.with_user(user).action_sp_reopen()
            with self.assertRaises(AccessError):
                self.april.with_user(user).action_sp_close()
        # The Settings right writes date ranges (OCA date_range): not the
        # state of a sales performance period.
        with self.assertRefused(UserError, "Close and Reopen buttons"):
            self.march.with_user(self.settings_user).write({"sp_state": "open"})
        with self.assertRefused(UserError, "Close and Reopen buttons"):
            self.march.with_user(self.user_admin).write({"sp_closed_uid": False})
        self.assertEqual(self.march.sp_state, "closed")

    def test_appeal_decided_after_close_is_not_stuck(self):
        appraisal = self._appraise(self.emp_b, self.march, "B")
        appraisal.with_user(self.user_b).action_appeal("My big order slipped.")
        self._run(self.march)
        self.march.with_user(self.user_admin)._sp_close(
            override_reason="Year-end audit."
        )
        decider = appraisal.with_user(self.user_admin)
        # Reopening the rating of a closed period is refused up front, saying
        # what can be done...
        with self.assertRefused(UserError, "uphold the appeal"):
            decider.action_decide_appeal("Rate again.", reopen=True)
        self.assertEqual(appraisal.state, "appeal")
        wizard = (
            self.env["sales.performance.appraisal.appeal"]
            .with_user(self.user_admin)
            .create({"appraisal_id": appraisal.id, "mode": "decide"})
        )
        self.assertTrue(wizard.period_closed)
        # ... and upholding it works in the closed period.
        decider.action_decide_appeal("The grade stands: the order was April's.")
        self.assertEqual(appraisal.state, "published")

    @freeze_time("2026-03-20")
    def test_approving_a_running_period_asks_first(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        approver = statement.with_user(self.user_approver)
        action = approver.action_approve()
        self.assertEqual(action["res_model"], "sales.performance.statement.approve")
        self.assertEqual(statement.state, "computed")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_approver)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn("2026-03 has not ended", action["context"]["default_message"])
        wizard.action_confirm()
        self.assertEqual(statement.state, "approved")

    @freeze_time("2026-04-01")
    def test_approving_an_ended_period_does_not_ask(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self.assertIs(statement.with_user(self.user_approver).action_approve(), True)
        self.assertEqual(statement.state, "approved")
