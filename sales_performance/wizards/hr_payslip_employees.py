# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HrPayslipEmployees(models.TransientModel):
    _inherit = "hr.payslip.employees"

    def compute_sheet(self):
        """Payslips generated in a batch get their commission too: the
        approved statements paid in the batch's period are posted on them
        (the batch wizard alone creates no input amounts)."""
        res = super().compute_sheet()
        run = self.env["hr.payslip.run"].browse(self.env.context.get("active_id"))
        if not run or not self.env.user.has_group("sales_performance.group_sp_payroll"):
            return res
        Statement = self.env["sales.performance.statement"]
        statements = Statement.search(
            [
                ("state", "=", "approved"),
                ("employee_id", "in", self.employee_ids.ids),
                "|",
                "&",
                ("pay_period_id", "!=", False),
                "&",
                ("pay_period_id.date_start", "<=", run.date_end),
                ("pay_period_id.date_end", ">=", run.date_start),
                "&",
                ("pay_period_id", "=", False),
                "&",
                ("period_start", "<=", run.date_end),
                ("period_end", ">=", run.date_start),
            ]
        )
        if statements:
            statements.action_post_to_payroll()
        return res
