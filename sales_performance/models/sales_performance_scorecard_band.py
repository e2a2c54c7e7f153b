# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.child_checks import check_parents


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

    # Issue 21: a band created, written or deleted on its own checks its
    # indicator at once, as the indicator's form does.
    @api.model
    def _sp_check_indicators(self, indicators):
        def check(records):
            records._check_score_bands()
            records._check_indicator()

        check_parents(indicators, check)

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        self._sp_check_indicators(bands.indicator_id)
        return bands

    def write(self, vals):
        indicators = self.indicator_id
        res = super().write(vals)
        self._sp_check_indicators(indicators | self.indicator_id)
        return res

    def unlink(self):
        indicators = self.indicator_id
        res = super().unlink()
        self._sp_check_indicators(indicators)
        return res
