# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceHonourCondition(models.Model):
    """A dimension grade at least as good as ``min_grade_id`` (R-P3)."""

    _name = "sales.performance.honour.condition"
    _description = "Honour Condition"

    honour_id = fields.Many2one(
        "sales.performance.honour", required=True, ondelete="cascade"
    )
    dimension_id = fields.Many2one(
        "sales.performance.appraisal.dimension", required=True
    )
    min_grade_id = fields.Many2one(
        "sales.performance.grade",
        string="At Least",
        required=True,
        domain="[('scale_id', '=', scale_id)]",
    )
    scale_id = fields.Many2one(related="dimension_id.scale_id")
