# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceAppraisalAppeal(models.TransientModel):
    """Appeal a published appraisal (the employee) or decide an appeal (HR)."""

    _name = "sales.performance.appraisal.appeal"
    _description = "Appraisal Appeal"

    appraisal_id = fields.Many2one("sales.performance.appraisal", required=True)
    mode = fields.Selection(
        [("appeal", "Appeal"), ("decide", "Decide")], default="appeal"
    )
    reason = fields.Text()
    # What the employee asked, shown to HR who decides
    appeal_reason = fields.Text(
        related="appraisal_id.appeal_reason", string="Reason of the Appeal"
    )
    grade_id = fields.Many2one(related="appraisal_id.grade_id", string="Grade")
    period_closed = fields.Boolean(compute="_compute_period_closed")
    decision = fields.Text()
    reopen = fields.Boolean(
        string="Reopen the Rating",
        help="The manager rates again; else the result stands.",
    )

    def _compute_period_closed(self):
        for wizard in self:
            wizard.period_closed = (
                wizard.appraisal_id.sudo().period_id.sp_state == "closed"
            )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "appeal":
            self.appraisal_id.action_appeal(self.reason)
        else:
            self.appraisal_id.action_decide_appeal(self.decision, self.reopen)
        return {"type": "ir.actions.act_window_close"}
