# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.explain import recorder


class HrPayslipInput(models.Model):
    _inherit = "hr.payslip.input"

    sp_statement_line_ids = fields.One2many(
        "sales.performance.statement.line",
        "payslip_input_id",
        string="Statement Lines",
        help="The commission statement lines this input pays (R-W1).",
    )

    def unlink(self):
        self.sudo().sp_statement_line_ids.statement_id._sp_back_to_approved(
            recorder(self.env)._(
                "A payslip input was removed: its lines can be posted again."
            ),
            inputs=self,
        )
        return super().unlink()
