# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.explain import recorder


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    sp_statement_ids = fields.Many2many(
        "sales.performance.statement",
        string="Commission Statements",
        compute="_compute_sp_statement_ids",
    )

    def _compute_sp_statement_ids(self):
        for payslip in self:
            payslip.sp_statement_ids = (
                payslip.input_line_ids.sudo().sp_statement_line_ids.statement_id
            )

    def _sp_reference(self):
        """The payslip as the addon's messages name it: its number, else its
        month (``2026-11``); not its name, which OCA payroll writes in the
        language of whoever created it ("Salary Slip of ... for
        November-2026") while the messages read in each reader's (issue
        23)."""
        self.ensure_one()
        return self.number or fields.Date.to_string(self.date_from)[:7]

    def _sp_statements(self):
        return self.sudo().input_line_ids.sp_statement_line_ids.statement_id

    def action_payslip_done(self):
        res = super().action_payslip_done()
        for payslip in self.filtered(lambda p: p.state == "done" and not p.credit_note):
            payslip._sp_statements()._sp_mark_paid(payslip)
        return res

    def action_payslip_cancel(self):
        statements = self._sp_statements()
        inputs = self.input_line_ids
        res = super().action_payslip_cancel()
        statements._sp_back_to_approved(
            recorder(self.env)._(
                "Payslip %(payslip)s was cancelled: the statement is approved again "
                "and can be posted on another payslip.",
                payslip=", ".join(self.mapped(lambda p: p._sp_reference())),
            ),
            inputs=inputs,
        )
        return res

    def refund_sheet(self):
        statements = self._sp_statements()
        inputs = self.input_line_ids
        res = super().refund_sheet()
        statements._sp_back_to_approved(
            recorder(self.env)._(
                "Payslip %(payslip)s was refunded: what it paid is taken back and "
                "the statement is approved again, to be posted on a later payslip.",
                payslip=", ".join(self.mapped(lambda p: p._sp_reference())),
            ),
            inputs=inputs,
        )
        return res

    def unlink(self):
        # Reopen first: the inputs go with the payslip (SQL cascade).
        self._sp_statements()._sp_back_to_approved(
            recorder(self.env)._(
                "Its payslip was deleted: the statement can be posted again."
            ),
            inputs=self.input_line_ids,
        )
        return super().unlink()
