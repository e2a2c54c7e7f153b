# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceCommissionBand(models.Model):
    """A half-open band ``[lower, upper)`` of a rule and its rate (R-C1).

    The band's unit depends on the rule: a completion ratio (tiered), a
    price ratio (R-C6) or an amount (year-end, R-P2). An empty upper bound
    means no upper limit.
    """

    _name = "sales.performance.commission.band"
    _description = "Commission Band"
    _inherit = ["sales.performance.plan.lock.mixin"]
    _sp_plan_path = "rule_id.plan_id"
    _order = "rule_id, lower, id"

    rule_id = fields.Many2one(
        "sales.performance.commission.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    lower = fields.Float(string="From", digits=(16, 4), required=True, help="Included.")
    upper = fields.Float(
        string="To", digits=(16, 4), help="Excluded; empty (zero) means no limit."
    )
    rate = fields.Float(digits=(16, 6), required=True, help="e.g. 2.5 %.")

    def _contains(self, value):
        self.ensure_one()
        return self.lower <= value and (not self.upper or value < self.upper)
