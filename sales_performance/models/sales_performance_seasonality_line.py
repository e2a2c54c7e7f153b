# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.child_checks import check_parents


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

    # Issue 21: a weight created, written or deleted on its own checks its
    # profile at once (twelve months, not all zero), as the profile's form
    # does.
    @api.model
    def _sp_check_profiles(self, profiles):
        check_parents(profiles, lambda records: records._check_lines())

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._sp_check_profiles(lines.profile_id)
        return lines

    def write(self, vals):
        profiles = self.profile_id
        res = super().write(vals)
        self._sp_check_profiles(profiles | self.profile_id)
        return res

    def unlink(self):
        profiles = self.profile_id
        res = super().unlink()
        self._sp_check_profiles(profiles)
        return res
