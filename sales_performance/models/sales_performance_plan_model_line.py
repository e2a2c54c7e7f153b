# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformancePlanModelLine(models.Model):
    """What one rule pays one person in one period of a plan model (issue
    24): modelled with the model's rules, next to what was paid for it under
    the versions in force, with the engine's arithmetic."""

    _name = "sales.performance.plan.model.line"
    _description = "Plan Model Line"
    _order = "model_id, period_start, employee_id, sequence, id"

    model_id = fields.Many2one(
        "sales.performance.plan.model", required=True, ondelete="cascade", index=True
    )
    chunk_id = fields.Many2one(
        "sales.performance.plan.model.chunk", ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="model_id.plan_id", store=True)
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    currency_id = fields.Many2one(related="model_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    period_id = fields.Many2one("date.range", required=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    lineage_id = fields.Many2one(
        "sales.performance.commission.rule", string="Rule", ondelete="set null"
    )
    rule_name = fields.Char()
    sequence = fields.Integer(related="lineage_id.sequence", store=True)
    modelled_amount = fields.Monetary(string="Modelled", currency_field="currency_id")
    paid_amount = fields.Monetary(string="Paid", currency_field="currency_id")
    difference = fields.Monetary(
        compute="_compute_difference", store=True, currency_field="currency_id"
    )
    base_amount = fields.Monetary(string="Base", currency_field="currency_id")
    rate = fields.Float(digits=(16, 6))
    explanation = fields.Text(string="Arithmetic")

    @api.depends("modelled_amount", "paid_amount")
    def _compute_difference(self):
        for line in self:
            line.difference = line.currency_id.round(
                line.modelled_amount - line.paid_amount
            )
