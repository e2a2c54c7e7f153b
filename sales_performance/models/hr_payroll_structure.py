# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, models


class HrPayrollStructure(models.Model):
    _inherit = "hr.payroll.structure"

    @api.model
    def _sp_salary_rules(self):
        """The salary rules reading sales performance payslip inputs."""
        category = self.env.ref(
            "sales_performance.salary_rule_category_sales_performance"
        )
        return self.env["hr.salary.rule"].search([("category_id", "=", category.id)])

    def action_sp_add_rules(self):
        """Add the sales performance salary rules to these structures."""
        rules = self._sp_salary_rules()
        self.write({"rule_ids": [Command.link(rule.id) for rule in rules]})
        return True

    def _sp_missing_codes(self, codes):
        """Input codes among ``codes`` that no rule of the structure (or its
        parents) reads."""
        self.ensure_one()
        rules = self.get_structure_with_parents().get_all_rules()
        known = set(rules.input_ids.mapped("code"))
        return [code for code in codes if code not in known]
