# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.child_checks import parents_writing


class SalesPerformanceSeasonality(models.Model):
    """Monthly weights used to split a yearly target into months (R-T1)."""

    _name = "sales.performance.seasonality"
    _description = "Seasonality Profile"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share.")
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "sales.performance.seasonality.line", "profile_id", string="Monthly Weights"
    )

    @api.constrains("line_ids")
    def _check_lines(self):
        for profile in self:
            months = profile.line_ids.mapped("month")
            if sorted(months) != list(range(1, 13)):
                raise ValidationError(
                    self.env._(
                        "Seasonality profile '%(name)s' must have exactly one "
                        "weight for each of the 12 months.",
                        name=profile.name,
                    )
                )
            if not any(profile.line_ids.mapped("weight")):
                raise ValidationError(
                    self.env._(
                        "Seasonality profile '%(name)s' has only zero weights: "
                        "give at least one month a positive weight.",
                        name=profile.name,
                    )
                )

    def write(self, vals):
        # the profile's form saves its weights one command at a time: the
        # weights leave the check to the profile's constraint (issue 21)
        with parents_writing(self):
            return super().write(vals)

    def _weight_of_month(self, month):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.month == month).weight
