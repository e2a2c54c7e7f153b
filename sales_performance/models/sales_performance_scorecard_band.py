# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceScorecardBand(models.Model):
    """Band table of a quantitative indicator: completion ``[lower, upper)``
    gives ``score``."""

    _name = "sales.performance.scorecard.band"
    _description = "Scorecard Band"
    _order = "indicator_id, lower, id"

    indicator_id = fields.Many2one(
        "sales.performance.scorecard.indicator", required=True, ondelete="cascade"
    )
    lower = fields.Float(string="From", digits=(16, 4), required=True)
    upper = fields.Float(string="To", digits=(16, 4), help="Empty: no limit.")
    score = fields.Float(digits=(16, 2), required=True)
