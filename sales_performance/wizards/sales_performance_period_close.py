# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformancePeriodClose(models.TransientModel):
    """Closing a period with something still open (issue 20): the list of
    what is open, and the administrator's explicit override with its
    reason; without both, the period stays open."""

    _name = "sales.performance.period.close"
    _description = "Close a Sales Performance Period"

    period_ids = fields.Many2many(
        "date.range",
        "sales_performance_period_close_rel",
        "wizard_id",
        "period_id",
        required=True,
    )
    open_items = fields.Text(compute="_compute_open_items")
    override = fields.Boolean(
        string="Close with these items open",
        help="The items stay open in a closed period: what they change later "
        "is booked in the next open period.",
    )
    reason = fields.Text(help="Why the period closes before they are settled.")

    @api.depends("period_ids")
    def _compute_open_items(self):
        for wizard in self:
            wizard.open_items = (
                self.env["date.range"]._sp_open_items_text(
                    wizard.period_ids._sp_open_items()
                )
                or False
            )

    def action_close(self):
        self.ensure_one()
        self.period_ids._sp_close(override_reason=self.override and self.reason)
        return {"type": "ir.actions.act_window_close"}
