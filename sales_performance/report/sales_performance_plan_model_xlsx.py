# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SalesPerformancePlanModelXlsx(models.AbstractModel):
    """Excel export of plan models (issue 24): a sheet of the change per
    person, a sheet of every modelled line with its arithmetic."""

    _name = "report.sales_performance.plan_model_xlsx"
    _description = "Plan Model (Excel)"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, plan_models):
        plan_models.env["sales.performance.plan"]._sp_check_admin()
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        pct = workbook.add_format({"num_format": "0.00%"})
        people = workbook.add_worksheet(self.env._("Change per Person")[:31])
        headers = [
            self.env._("Model"),
            self.env._("Employee"),
            self.env._("Net Revenue"),
            self.env._("Paid"),
            self.env._("Modelled"),
            self.env._("Difference"),
            self.env._("Change %"),
            self.env._("Paid % of Revenue"),
            self.env._("Modelled % of Revenue"),
        ]
        for col, header in enumerate(headers):
            people.write(0, col, header, bold)
        row = 1
        for model in plan_models:
            for person in model.person_ids:
                people.write(row, 0, model.name)
                people.write(row, 1, person.employee_id.name)
                for col, value in enumerate(
                    (
                        person.revenue,
                        person.paid_amount,
                        person.modelled_amount,
                        person.difference,
                    ),
                    start=2,
                ):
                    people.write_number(row, col, value, money)
                for col, value in enumerate(
                    (person.difference_pct, person.paid_pct, person.modelled_pct),
                    start=6,
                ):
                    people.write_number(row, col, value, pct)
                row += 1
            people.write(row, 0, model.name, bold)
            people.write(row, 1, self.env._("Total"), bold)
            for col, value in enumerate(
                (
                    model.revenue,
                    model.paid_amount,
                    model.modelled_amount,
                    model.difference,
                ),
                start=2,
            ):
                people.write_number(row, col, value, money)
            people.write_number(row, 7, model.paid_pct, pct)
            people.write_number(row, 8, model.modelled_pct, pct)
            row += 2
        people.set_column(0, 1, 24)
        people.set_column(2, 8, 14)
        lines = workbook.add_worksheet(self.env._("Modelled Lines")[:31])
        headers = [
            self.env._("Model"),
            self.env._("Period"),
            self.env._("Employee"),
            self.env._("Rule"),
            self.env._("Base"),
            self.env._("Paid"),
            self.env._("Modelled"),
            self.env._("Difference"),
            self.env._("Arithmetic"),
            self.env._("Currency"),
        ]
        for col, header in enumerate(headers):
            lines.write(0, col, header, bold)
        row = 1
        for model in plan_models:
            for line in model.line_ids:
                lines.write(row, 0, model.name)
                lines.write(row, 1, line.period_id.name)
                lines.write(row, 2, line.employee_id.name)
                lines.write(row, 3, line.rule_name or "")
                for col, value in enumerate(
                    (
                        line.base_amount,
                        line.paid_amount,
                        line.modelled_amount,
                        line.difference,
                    ),
                    start=4,
                ):
                    lines.write_number(row, col, value, money)
                lines.write(row, 8, line.explanation or "")
                lines.write(row, 9, model.currency_id.name)
                row += 1
        lines.set_column(0, 3, 20)
        lines.set_column(4, 7, 14)
        lines.set_column(8, 8, 80)
