# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

FINAL_STATES = ("published", "closed")


class SalesPerformanceAppraisal(models.Model):
    """An appraisal (绩效考核) of an employee for a period (R-A1..R-A7).

    Its grade is what commission gates on (R-C2), pools are shared by (R-C4)
    and performance pay multiplies (R-P1): only appraisals in a final state
    count (:meth:`_sp_final_grades`).
    """

    _name = "sales.performance.appraisal"
    _description = "Sales Performance Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_start desc, employee_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    member_id = fields.Many2one(
        "sales.performance.member", domain="[('plan_id', '=', plan_id)]", index=True
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", store=True, string="Manager"
    )
    period_id = fields.Many2one("date.range", required=True, index=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    scale_id = fields.Many2one("sales.performance.grade.scale", required=True)
    total_score = fields.Float(digits=(16, 2), tracking=True)
    grade_id = fields.Many2one(
        "sales.performance.grade",
        domain="[('scale_id', '=', scale_id)]",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("self_assessment", "Self-Assessment"),
            ("manager_review", "Manager Rating"),
            ("to_approve", "To Approve"),
            ("published", "Published"),
            ("appeal", "Under Appeal"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )

    @api.depends("employee_id", "period_id")
    def _compute_name(self):
        for appraisal in self:
            appraisal.name = " / ".join(
                filter(None, [appraisal.employee_id.name, appraisal.period_id.name])
            )

    @api.model
    def _sp_final_grades(self, employees, period):
        """``{employee_id: grade}`` of the final (published or closed)
        appraisals of ``employees`` for exactly ``period``. Employees without
        one are missing from the result."""
        appraisals = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("period_id", "=", period.id),
                ("state", "in", FINAL_STATES),
                ("grade_id", "!=", False),
            ],
            order="id desc",
        )
        grades = {}
        for appraisal in appraisals:
            grades.setdefault(appraisal.employee_id.id, appraisal.grade_id)
        return grades
