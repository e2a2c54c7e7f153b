# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceStatementApprove(models.TransientModel):
    """Confirm the approval of statements of a period that has not ended
    (issue 20): what is approved is frozen, and the rest of the month is
    booked as corrections in a later period (R-C11)."""

    _name = "sales.performance.statement.approve"
    _description = "Approve Statements of a Running Period"

    statement_ids = fields.Many2many(
        "sales.performance.statement",
        "sales_performance_statement_approve_rel",
        "wizard_id",
        "statement_id",
        required=True,
    )
    message = fields.Text(readonly=True)

    def action_confirm(self):
        self.ensure_one()
        statements = self.statement_ids.with_context(sp_approve_running_period=True)
        if self.env["sales.performance.operation"]._sp_big(len(statements)):
            # confirmed: a big selection goes to the job queue (issue 25)
            return statements.action_approve_selected()
        return self.statement_ids.with_context(
            sp_approve_running_period=True
        ).action_approve()
