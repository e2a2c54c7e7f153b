# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformancePayrollUnpost(models.TransientModel):
    """Take posted statements off their payslips, with a reason (issue 20):
    the only way commission leaves a payslip that is not cancelled, refunded
    or deleted."""

    _name = "sales.performance.payroll.unpost"
    _description = "Take Commission Off Payroll"

    statement_ids = fields.Many2many(
        "sales.performance.statement",
        "sales_performance_payroll_unpost_statement_rel",
        "wizard_id",
        "statement_id",
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.statement_ids._sp_take_off_payroll(self.reason)
        return {"type": "ir.actions.act_window_close"}
