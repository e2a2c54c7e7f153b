# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformancePlanModelGrade(models.Model):
    """A person's grade in one period of a plan model (issue 24): the final
    appraisal commission reads (R-C2), its real score and grade, and the
    score and grade it has with the model's scorecard weights (R-A2, R-A3),
    which the modelled pay is gated with."""

    _name = "sales.performance.plan.model.grade"
    _description = "Plan Model Grade"
    _order = "model_id, period_start, employee_id, id"

    model_id = fields.Many2one(
        "sales.performance.plan.model", required=True, ondelete="cascade", index=True
    )
    chunk_id = fields.Many2one(
        "sales.performance.plan.model.chunk", ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="model_id.plan_id", store=True)
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    period_id = fields.Many2one("date.range", required=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    appraisal_id = fields.Many2one(
        "sales.performance.appraisal", ondelete="set null", readonly=True
    )
    score = fields.Float(string="Real Score", digits=(16, 2))
    grade_id = fields.Many2one("sales.performance.grade", string="Real Grade")
    modelled_score = fields.Float(digits=(16, 2))
    modelled_grade_id = fields.Many2one("sales.performance.grade")
    changed = fields.Boolean(
        string="Grade Changed", compute="_compute_changed", store=True
    )

    @api.depends("grade_id", "modelled_grade_id")
    def _compute_changed(self):
        for line in self:
            line.changed = line.grade_id != line.modelled_grade_id
