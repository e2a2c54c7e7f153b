# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Inputs that came from statements are locked (issue 20, R-W1, R-W2): the
payroll user (the addon's right and OCA's payroll manager) cannot write,
delete or hand-make them, on a draft or a confirmed payslip, directly or
through the payslip; OCA payroll's own paths (form onchange, duplicate,
reset, confirm without recompute, cancel, refund) do not change what the
statements paid; commission leaves a payslip through its statement."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .payroll_common import PayrollCommon

LOCKED = "changes only through them"
RESERVED = "sales performance input code"


@tagged("post_install", "-at_install")
class TestPayrollInputs(PayrollCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.statement = cls.env["sales.performance.statement"]._sp_run(
            cls.plan, cls.march, cls.member_a
        )
        cls.statement.with_user(cls.user_approver).action_approve()
        cls.statement.with_user(cls.user_payroll).action_post_to_payroll()
        cls.payslip = cls.statement.payslip_id
        cls.spcomm = cls.payslip.input_line_ids.filtered(lambda i: i.code == "SPCOMM")

    def _as_payroll(self, records):
        return records.with_user(self.user_payroll)

    def _assert_paid_once(self, amount=100.0):
        self.assertEqual(self.statement.state, "posted")
        self.assertEqual(self._inputs(self.payslip, "SPCOMM").amount, amount)
        self.assertEqual(self.statement.line_ids.payslip_input_id, self.spcomm)

    def test_posted_input_write_refused(self):
        self.assertEqual(self.spcomm.amount, 100.0)
        for vals in ({"amount": 99999.0}, {"code": "OTHER"}, {"name": "Bonus"}):
            with self.assertRefused(UserError, LOCKED):
                self._as_payroll(self.spcomm).write(vals)
        # through the payslip's one2many, as the form saves it
        with self.assertRefused(UserError, LOCKED):
            self._as_payroll(self.payslip).write(
                {"input_line_ids": [Command.update(self.spcomm.id, {"amount": 99999})]}
            )
        # sudo too: nobody but the addon's path writes it
        with self.assertRefused(UserError, LOCKED):
            self.spcomm.sudo().amount = 1.0
        self._assert_paid_once()

    def test_posted_input_unlink_refused(self):
        with self.assertRefused(UserError, LOCKED):
            self._as_payroll(self.spcomm).unlink()
        for command in (Command.delete(self.spcomm.id), Command.unlink(self.spcomm.id)):
            with self.assertRefused(UserError, LOCKED):
                self._as_payroll(self.payslip).write({"input_line_ids": [command]})
        with self.assertRefused(UserError, LOCKED):
            self._as_payroll(self.payslip).write({"input_line_ids": [Command.clear()]})
        self._assert_paid_once()

    def test_confirmed_payslip_input_locked(self):
        self._as_payroll(self.payslip).action_payslip_done()
        self.assertEqual(self.statement.state, "paid")
        with self.assertRefused(UserError, LOCKED):
            self._as_payroll(self.spcomm).write({"amount": 99999.0})
        with self.assertRefused(UserError, LOCKED):
            self._as_payroll(self.spcomm).unlink()
        # a confirmed payslip paying commission is refunded, not reopened
        with self.assertRefused(UserError, "refund it"):
            self._as_payroll(self.payslip).action_payslip_draft()
        with self.assertRefused(UserError, "refund it"):
            self._as_payroll(self.payslip).compute_sheet()
        self.assertEqual(self.statement.state, "paid")
        self.assertEqual(self.spcomm.amount, 100.0)

    def test_reserved_codes_not_hand_made(self):
        draft = self.env["hr.payslip"].create(
            {
                "employee_id": self.emp_b.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "contract_id": self.contracts[self.emp_b].id,
                "struct_id": self.structure.id,
            }
        )
        codes = self.env["sales.performance.payout.code"].search([]).mapped("code")
        self.assertIn("SPCOMM", codes)
        for code in sorted(set(codes)):
            values = {
                "payslip_id": draft.id,
                "contract_id": draft.contract_id.id,
                "code": code,
                "name": "Hand-made",
                "amount": 500.0,
            }
            with self.assertRefused(UserError, RESERVED):
                self._as_payroll(self.env["hr.payslip.input"]).create(values)
            with self.assertRefused(UserError, RESERVED):
                self._as_payroll(self.env["hr.payslip.input"]).create(
                    dict(values, amount=0.0)
                )
        with self.assertRefused(UserError, RESERVED):
            self._as_payroll(draft).write(
                {
                    "input_line_ids": [
                        Command.create(
                            {
                                "contract_id": draft.contract_id.id,
                                "code": "SPCOMM",
                                "name": "Hand-made",
                                "amount": 500.0,
                            }
                        )
                    ]
                }
            )
        # an input of the company's own renamed to a reserved code
        other = self._as_payroll(self.env["hr.payslip.input"]).create(
            {
                "payslip_id": draft.id,
                "contract_id": draft.contract_id.id,
                "code": "MEAL",
                "name": "Meal vouchers",
                "amount": 50.0,
            }
        )
        with self.assertRefused(UserError, RESERVED):
            other.write({"code": "SPBONUS"})
        other.write({"amount": 60.0})  # the company's own inputs stay free
        self.assertEqual(other.amount, 60.0)
        # the addon's codes are not offered as empty inputs to fill in
        draft.onchange_employee()
        self.assertFalse(set(codes) & set(draft.input_line_ids.mapped("code")))

    def test_payslip_carrying_commission_keeps_employee_and_dates(self):
        for vals in (
            {"employee_id": self.emp_b.id},
            {"date_from": "2026-04-01", "date_to": "2026-04-30"},
            {"contract_id": self.contracts[self.emp_b].id},
        ):
            with self.assertRefused(UserError, "cannot change"):
                self._as_payroll(self.payslip).write(vals)
        # writing the same values, or other fields, is fine
        self._as_payroll(self.payslip).write(
            {"employee_id": self.emp_a.id, "note": "Checked."}
        )
        self._assert_paid_once()

    def test_form_onchange_keeps_commission(self):
        # Changing the period on the form recomputes the inputs from the
        # structure: the commission input stays on the form, and saving says
        # why the period cannot change, rather than deleting the input.
        payslip = self._as_payroll(self.payslip)
        payslip.action_payslip_draft()
        self.env.invalidate_all()
        form = Form(payslip)
        form.date_from = "2026-03-02"
        self.assertIn(
            "SPCOMM",
            [form.input_line_ids.edit(i).code for i in range(len(form.input_line_ids))],
        )
        with self.assertRefused(UserError, "cannot change"):
            form.save()
        self._assert_paid_once()

    def test_refetch_payslip_data_keeps_commission(self):
        # OCA's "Refetch Payslip Data" button recomputes worked days and
        # inputs of the saved payslip: the commission input stays, once.
        meal = self.env["hr.salary.rule"].create(
            {
                "name": "Meal",
                "code": "MEAL",
                "sequence": 50,
                "amount_select": "code",
                "amount_python_compute": "result = inputs.MEAL and inputs.MEAL.amount",
                "input_ids": [Command.create({"name": "Meal", "code": "MEAL"})],
            }
        )
        self.structure.rule_ids = [Command.link(meal.id)]
        self._as_payroll(self.payslip).onchange_employee()
        self.assertEqual(
            sorted(self.payslip.input_line_ids.mapped("code")), ["MEAL", "SPCOMM"]
        )
        self._as_payroll(self.payslip).compute_sheet()
        self._assert_paid_once()

    def test_duplicate_does_not_copy_commission(self):
        duplicate = self._as_payroll(self.payslip).copy()
        self.assertFalse(self._inputs(duplicate, "SPCOMM"))
        self.assertNotIn("SPCOMM", duplicate.line_ids.mapped("code"))
        self._assert_paid_once()

    def test_confirm_refuses_lines_older_than_inputs(self):
        # OCA's "Confirm payslips without recomputing", and payslip lines
        # edited by hand: the SPCOMM line must still be what the input pays.
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.prevent_compute_on_confirm", True
        )
        line = self.payslip.line_ids.filtered(lambda x: x.code == "SPCOMM")
        self.assertEqual(line.total, 100.0)
        self._as_payroll(line).write({"amount": 99999.0})
        with self.assertRefused(UserError, "compute the sheet"):
            self._as_payroll(self.payslip).action_payslip_done()
        self._as_payroll(self.payslip).compute_sheet()
        self._as_payroll(self.payslip).action_payslip_done()
        self.assertEqual(self.statement.state, "paid")
        paid = self.payslip.line_ids.filtered(lambda x: x.code == "SPCOMM")
        self.assertEqual(paid.total, 100.0)

    def test_cancelled_payslip_reset_and_confirmed_pays_nothing_twice(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.prevent_compute_on_confirm", True
        )
        payslip = self._as_payroll(self.payslip)
        payslip.action_payslip_cancel()
        self.assertEqual(self.statement.state, "approved")
        self.assertFalse(self._inputs(self.payslip, "SPCOMM"))
        self.assertIn("cancelled", self.statement.message_ids[0].body)
        # OCA lets a rejected payslip go back to draft and be confirmed:
        # its old SPCOMM line would pay the commission a second time.
        payslip.action_payslip_draft()
        with self.assertRefused(UserError, "compute the sheet"):
            payslip.action_payslip_done()
        # Posted again: once, on the payslip of March (back in draft).
        self.statement.with_user(self.user_payroll).action_post_to_payroll()
        self.assertEqual(self.statement.state, "posted")
        self.assertEqual(self.statement.payslip_id, self.payslip)
        self.assertEqual(self._payslips(self.emp_a)[self.emp_a], (1, 100.0))
        payslip.action_payslip_done()
        self.assertEqual(self.statement.state, "paid")

    def test_take_off_payroll_through_the_statement(self):
        statement = self.statement.with_user(self.user_payroll)
        with self.assertRefused(UserError, "Say why"):
            statement._sp_take_off_payroll(" ")
        with self.assertRaises(AccessError):
            self.statement.with_user(self.user_approver)._sp_take_off_payroll("No")
        action = statement.action_open_take_off_payroll()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_payroll)
            .with_context(**action["context"])
            .create({"reason": "Paid by the agency this month."})
        )
        wizard.action_confirm()
        self.assertEqual(self.statement.state, "approved")
        self.assertFalse(self.spcomm.exists())
        self.assertNotIn("SPCOMM", self.payslip.line_ids.mapped("code"))
        message = self.statement.message_ids[0].body
        self.assertIn("Paid by the agency this month.", message)
        self.assertIn("Payroll Officer", message)
        # A paid statement comes back by refunding its payslip only.
        statement.action_post_to_payroll()
        statement.payslip_id.action_payslip_done()
        with self.assertRefused(UserError, "refund"):
            statement._sp_take_off_payroll("Too late")
