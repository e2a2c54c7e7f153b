# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceProjectStage(models.Model):
    """A stage of a project deal and its default share of the credit (R-C5):
    information gathering 12.5 %, getting the project approved 37.5 %,
    closing 50 %."""

    _name = "sales.performance.project.stage"
    _description = "Project Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    share = fields.Float(string="Share (%)", digits=(16, 4), required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "share_range",
            "CHECK(share > 0 AND share <= 100)",
            "A stage share is more than 0 % and at most 100 %.",
        ),
    ]
