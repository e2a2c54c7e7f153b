# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceDispute(models.TransientModel):
    """Dispute a statement line (the salesperson) or answer a dispute (a
    statement approver: the plan's HR / approver)."""

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
    # What was asked, shown to who answers (read as them: the approver reads
    # every statement line)
    statement_id = fields.Many2one(
        related="line_id.statement_id", string="Statement", readonly=True
    )
    line_amount = fields.Monetary(
        related="line_id.amount",
        string="Amount in Question",
        currency_field="currency_id",
        readonly=True,
    )
    line_explanation = fields.Text(
        related="line_id.explanation", string="How It Was Computed", readonly=True
    )
    dispute_uid = fields.Many2one(
        related="line_id.dispute_uid", string="Disputed By", readonly=True
    )
    dispute_reason = fields.Text(
        related="line_id.dispute_reason", string="Reason of the Dispute", readonly=True
    )
    resolution = fields.Text(
        string="Answer", help="Posted on the statement and sent to the employee."
    )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "dispute":
            self.line_id.action_dispute(self.reason)
        else:
            self.line_id.action_resolve_dispute(
                self.decision == "accept", self.resolution or "", self.amount
            )
        return {"type": "ir.actions.act_window_close"}
