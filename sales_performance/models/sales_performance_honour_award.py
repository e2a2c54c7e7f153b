# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesPerformanceHonourAward(models.Model):
    """An honour recorded on the employee (R-P3), with the period, the
    appraisal it comes from and the statement line that pays its bonus."""

    _name = "sales.performance.honour.award"
    _description = "Honour Award"
    _order = "period_start desc, id desc"

    honour_id = fields.Many2one(
        "sales.performance.honour", required=True, ondelete="restrict"
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    period_id = fields.Many2one("date.range", required=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    appraisal_id = fields.Many2one("sales.performance.appraisal", required=True)
    line_id = fields.Many2one(
        "sales.performance.statement.line", string="Paid By", ondelete="cascade"
    )
    amount = fields.Monetary(related="line_id.amount")
    currency_id = fields.Many2one(related="line_id.currency_id")
