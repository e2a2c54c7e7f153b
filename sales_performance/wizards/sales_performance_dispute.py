# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceDispute(models.TransientModel):
    """Dispute a statement line (the salesperson) or resolve a dispute (the
    administrator)."""

    _name = "sales.performance.dispute"
    _description = "Statement Line Dispute"

    line_id = fields.Many2one("sales.performance.statement.line", required=True)
    mode = fields.Selection(
        [("dispute", "Dispute"), ("resolve", "Resolve")],
        required=True,
        default="dispute",
    )
    reason = fields.Text()
    decision = fields.Selection(
        [("accept", "Accept with an adjustment"), ("reject", "Reject")],
        default="accept",
    )
    amount = fields.Monetary(
        string="Adjustment",
        currency_field="currency_id",
        help="Amount of the adjustment line added to the employee's open statement.",
    )
    currency_id = fields.Many2one(related="line_id.currency_id")
    resolution = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "dispute":
            self.line_id.action_dispute(self.reason)
        else:
            self.line_id.action_resolve_dispute(
                self.decision == "accept", self.resolution or "", self.amount
            )
        return {"type": "ir.actions.act_window_close"}
