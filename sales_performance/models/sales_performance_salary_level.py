# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceSalaryLevel(models.Model):
    """A salary level (工资级别, R-P4); the order goes from lowest to highest."""

    _name = "sales.performance.salary.level"
    _description = "Salary Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="Lowest level first.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share.")
    wage = fields.Monetary(
        string="Reference Wage",
        currency_field="currency_id",
        help="Indicative monthly wage of the level; contracts keep their own wage.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )

    _sql_constraints = [
        ("code_uniq", "unique(code, company_id)", "A level code must be unique."),
    ]

    def _sp_neighbour(self, step):
        """The level ``step`` places above (positive) or below this one, or
        an empty recordset past the ends of the ladder."""
        self.ensure_one()
        ladder = self.search(
            [("company_id", "in", (self.company_id.id, False))], order="sequence, id"
        )
        index = list(ladder).index(self) + step
        return ladder[index] if 0 <= index < len(ladder) else self.browse()
