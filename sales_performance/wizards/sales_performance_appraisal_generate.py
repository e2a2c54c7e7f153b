# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceAppraisalGenerate(models.TransientModel):
    """Generate a period's appraisals for every eligible member of a plan."""

    _name = "sales.performance.appraisal.generate"
    _description = "Generate Appraisals"

    plan_id = fields.Many2one(
        "sales.performance.plan",
        required=True,
        domain="[('state', '=', 'approved'), ('is_template', '=', False)]",
    )
    period_id = fields.Many2one(
        "date.range",
        required=True,
        domain="[('sp_period_type', 'in', ('month', 'quarter', 'year')), "
        "('date_start', '>=', plan_date_start), ('date_end', '<=', plan_date_end), "
        "('sp_state', '=', 'open')]",
        help="A month, quarter or year: its cycle's scorecard is used (R-A1).",
    )
    plan_date_start = fields.Date(related="plan_id.date_start")
    plan_date_end = fields.Date(related="plan_id.date_end")

    def action_generate(self):
        self.ensure_one()
        appraisals = self.env["sales.performance.appraisal"]._sp_generate(
            self.plan_id, self.period_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_appraisal"
        )
        action["domain"] = [
            ("plan_id", "=", self.plan_id.id),
            ("period_id", "=", self.period_id.id),
        ]
        action["context"] = {}
        if not appraisals:
            action["help"] = self.env._("Every member already has an appraisal.")
        return action
