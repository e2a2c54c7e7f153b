# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceSeasonalityLine(models.Model):
    _name = "sales.performance.seasonality.line"
    _description = "Seasonality Weight"
    _order = "month"

    profile_id = fields.Many2one(
        "sales.performance.seasonality", required=True, ondelete="cascade"
    )
    month = fields.Integer(required=True, help="Month number, 1 to 12.")
    weight = fields.Float(
        required=True,
        default=1.0,
        digits=(16, 4),
        help="Relative weight of the month; weights need not add up to 100.",
    )

    _sql_constraints = [
        (
            "weight_positive",
            "CHECK(weight >= 0)",
            "A seasonal weight cannot be negative.",
        ),
        ("month_uniq", "unique(profile_id, month)", "One weight per month."),
        (
            "month_range",
            "CHECK(month BETWEEN 1 AND 12)",
            "A month is a number from 1 to 12.",
        ),
    ]
