# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceCommissionRun(models.TransientModel):
    """Run the commission of a plan for a period: all members in one pass."""

    _name = "sales.performance.commission.run"
    _description = "Run Commission"

    plan_id = fields.Many2one("sales.performance.plan", required=True)
    period_id = fields.Many2one(
        "date.range",
        required=True,
        domain="[('id', 'in', allowed_period_ids), ('sp_state', '=', 'open')]",
    )
    allowed_period_ids = fields.Many2many(related="plan_id.period_ids")
    member_ids = fields.Many2many(
        "sales.performance.member",
        string="Only Members",
        domain="[('plan_id', '=', plan_id)]",
        help="Leave empty to run every member of the plan.",
    )

    def action_run(self):
        self.ensure_one()
        statements = self.env["sales.performance.statement"]._sp_run(
            self.plan_id, self.period_id, self.member_ids or None
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_statement"
        )
        action["domain"] = [("id", "in", statements.ids)]
        action["context"] = {}
        return action
