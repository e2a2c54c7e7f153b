# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformanceTargetDecomposeLine(models.TransientModel):
    _name = "sales.performance.target.decompose.line"
    _description = "Decompose a Sales Target: Line"

    wizard_id = fields.Many2one(
        "sales.performance.target.decompose", required=True, ondelete="cascade"
    )
    period_id = fields.Many2one("date.range")
    member_id = fields.Many2one("sales.performance.member")
    label = fields.Char(string="Node")
    weight = fields.Float(
        string="Weight / Share (%)",
        digits=(16, 4),
        help="Seasonal weight (periods) or share in percent (members).",
    )
    amount = fields.Float(compute="_compute_amount", digits=(16, 2))
    rounding_adjustment = fields.Float(
        string="Rounding", compute="_compute_amount", digits=(16, 2)
    )

    @api.depends("weight", "wizard_id.total_amount", "wizard_id.line_ids.weight")
    def _compute_amount(self):
        for wizard in self.wizard_id:
            amounts, adjustments = wizard._allocation()
            lines = wizard.line_ids
            for line, amount, adjustment in zip(
                lines, amounts, adjustments, strict=False
            ):
                line.amount = amount
                line.rounding_adjustment = adjustment
            for line in lines[len(amounts) :]:
                line.amount = line.rounding_adjustment = 0.0
        for line in self.filtered(lambda line: not line.wizard_id):
            line.amount = line.rounding_adjustment = 0.0
