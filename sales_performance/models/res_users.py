# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def action_sp_view_achievements(self):
        """The user's achievements, through their employees."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_achievement"
        )
        action["domain"] = [("employee_id", "in", self.employee_ids.ids)]
        action["context"] = {}
        return action

    def _sp_may_answer_disputes(self):
        """Statement approvers (performance administrators included) answer
        the disputes of statement lines."""
        self.ensure_one()
        return self.has_group("sales_performance.group_sp_approver")
