# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformancePlanModelPerson(models.Model):
    """The change a plan model makes to one person over its window (issue
    24): who gains, who loses, by how much, and commission as a share of
    their net revenue."""

    _name = "sales.performance.plan.model.person"
    _description = "Plan Model Change per Person"
    _order = "model_id, difference desc, id"

    model_id = fields.Many2one(
        "sales.performance.plan.model", required=True, ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="model_id.plan_id", store=True)
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    currency_id = fields.Many2one(related="model_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    revenue = fields.Monetary(string="Net Revenue", currency_field="currency_id")
    modelled_amount = fields.Monetary(string="Modelled", currency_field="currency_id")
    paid_amount = fields.Monetary(string="Paid", currency_field="currency_id")
    difference = fields.Monetary(
        compute="_compute_figures", store=True, currency_field="currency_id"
    )
    difference_pct = fields.Float(
        string="Change %",
        compute="_compute_figures",
        store=True,
        aggregator=False,
        digits=(16, 6),
    )
    modelled_pct = fields.Float(
        string="Modelled % of Revenue",
        compute="_compute_figures",
        store=True,
        aggregator=False,
        digits=(16, 6),
    )
    paid_pct = fields.Float(
        string="Paid % of Revenue",
        compute="_compute_figures",
        store=True,
        aggregator=False,
        digits=(16, 6),
    )

    @api.depends("modelled_amount", "paid_amount", "revenue")
    def _compute_figures(self):
        for person in self:
            person.difference = person.currency_id.round(
                person.modelled_amount - person.paid_amount
            )
            person.difference_pct = (
                person.difference / person.paid_amount if person.paid_amount else 0.0
            )
            person.modelled_pct = (
                person.modelled_amount / person.revenue if person.revenue else 0.0
            )
            person.paid_pct = (
                person.paid_amount / person.revenue if person.revenue else 0.0
            )
