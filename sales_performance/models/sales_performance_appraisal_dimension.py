# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceAppraisalDimension(models.Model):
    """A dimension graded on its own scale (R-A3): business ability, service
    quality, teamwork; honours are awarded on dimension grades (R-P3)."""

    _name = "sales.performance.appraisal.dimension"
    _description = "Appraisal Dimension"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    scale_id = fields.Many2one(
        "sales.performance.grade.scale",
        required=True,
        help="Scale the dimension's score is graded on.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A dimension code must be unique.")
    ]
