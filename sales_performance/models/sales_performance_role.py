# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceRole(models.Model):
    """A member's role in a plan: which commission table applies (R-C1)."""

    _name = "sales.performance.role"
    _description = "Sales Performance Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_manager = fields.Boolean(
        string="Manager Role",
        help="Managers earn on their team and get the managers' payout "
        "factors (R-C2, R-C3).",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A role code must be unique."),
    ]
