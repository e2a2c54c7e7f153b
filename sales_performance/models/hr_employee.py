# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    sp_salary_level_id = fields.Many2one(
        "sales.performance.salary.level",
        string="Salary Level",
        tracking=True,
        prefetch=False,
        # Restricted: not copied, or an HR user outside these groups could not
        # duplicate an employee (copy() reads copied fields as the user).
        copy=False,
        groups="sales_performance.group_sp_manager,hr.group_hr_user",
        help="Current salary level (工资级别, R-P4).",
    )
    sp_honour_award_ids = fields.One2many(
        "sales.performance.honour.award",
        "employee_id",
        string="Honours",
        groups="sales_performance.group_sp_user",
    )
    sp_current_achievement_ids = fields.Many2many(
        "sales.performance.achievement",
        string="Current Achievements",
        compute="_compute_sp_current",
        groups="sales_performance.group_sp_user",
    )
    sp_current_target_ids = fields.Many2many(
        "sales.performance.target",
        string="Current Targets",
        compute="_compute_sp_current",
        groups="sales_performance.group_sp_user",
    )
    sp_target_count = fields.Integer(
        compute="_compute_sp_current", groups="sales_performance.group_sp_user"
    )

    @api.depends_context("uid")
    def _compute_sp_current(self):
        today = fields.Date.context_today(self)
        current = [
            ("employee_id", "in", self.ids),
            ("period_start", "<=", today),
            ("period_end", ">=", today),
        ]
        achievements = self.env["sales.performance.achievement"].search(current)
        targets = self.env["sales.performance.target"].search(current)
        counts = dict(
            self.env["sales.performance.target"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.sp_current_achievement_ids = achievements.filtered(
                lambda a, e=employee: a.employee_id == e
            )
            employee.sp_current_target_ids = targets.filtered(
                lambda t, e=employee: t.employee_id == e
            )
            employee.sp_target_count = counts.get(employee, 0)

    def action_sp_view_targets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_target"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_sp_view_achievements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_achievement"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {}
        return action
