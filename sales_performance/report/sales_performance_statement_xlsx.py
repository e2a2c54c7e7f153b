# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SalesPerformanceStatementXlsx(models.AbstractModel):
    """Excel export of statements (OCA report_xlsx): one sheet, one row per
    line with its arithmetic sentence."""

    _name = "report.sales_performance.statement_xlsx"
    _description = "Commission Statement (Excel)"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, statements):
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet = workbook.add_worksheet(self.env._("Statements")[:31])
        headers = [
            self.env._("Employee"),
            self.env._("Plan"),
            self.env._("Period"),
            self.env._("Status"),
            self.env._("Kind"),
            self.env._("Description"),
            self.env._("Arithmetic"),
            self.env._("Amount"),
            self.env._("Currency"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        states = dict(statements._fields["state"]._description_selection(self.env))
        Line = self.env["sales.performance.statement.line"]
        kinds = dict(Line._fields["kind"]._description_selection(self.env))
        row = 1
        for statement in statements:
            for line in statement.line_ids:
                values = [
                    statement.employee_id.name,
                    statement.plan_id.name,
                    statement.period_id.name,
                    states.get(statement.state),
                    kinds.get(line.kind),
                    line.name,
                    line.explanation or "",
                ]
                for col, value in enumerate(values):
                    sheet.write(row, col, value)
                sheet.write_number(row, 7, line.amount, money)
                sheet.write(row, 8, statement.currency_id.name)
                row += 1
        sheet.set_column(0, 2, 18)
        sheet.set_column(5, 5, 28)
        sheet.set_column(6, 6, 70)
