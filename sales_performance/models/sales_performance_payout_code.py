# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .sales_performance_statement_line import LINE_KINDS


class SalesPerformancePayoutCode(models.Model):
    """Which payslip input code each kind of statement line is posted as
    (R-W1): one code per kind, read by its own salary rule."""

    _name = "sales.performance.payout.code"
    _description = "Payroll Input Code"
    _order = "kind"
    _rec_name = "code"

    kind = fields.Selection(LINE_KINDS, required=True)
    code = fields.Char(required=True, help="Payslip input code, e.g. SPCOMM.")
    name = fields.Char(string="Input Description", required=True, translate=True)
    salary_rule_id = fields.Many2one(
        "hr.salary.rule", help="The salary rule reading this input code."
    )

    _sql_constraints = [
        ("kind_uniq", "unique(kind)", "One payroll input code per kind of line."),
    ]

    def _code_map(self):
        return {row.kind: row for row in self.sudo().search([])}

    def _code_map_codes(self):
        """The input codes reserved to the addon (issue 20)."""
        return self.sudo().search([]).mapped("code")
