# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Posting set-wise (issue 25) takes OCA payroll's path whenever another
module overrides what it replaces: a company's own payroll module (social
insurance, local taxes, its own worked days or payslip numbers) must compute
the payslips that pay commission exactly as it computes any other.

The overrides are real classes of another module (``custom_payroll``) put
in the model's classes below this addon's, where a module loaded before it
stands: the set-wise path would skip them without a word. Amounts: 2 % of
March invoices, the team's seller i sells (i + 1) x 1,000.00 -> (i + 1) x
20.00 (R-W1)."""

from odoo import models
from odoo.tests import tagged

from .payroll_common import PayrollCommon

# what the overrides below did, by test (cleared by each test)
CALLS = []


class CustomComputeSheet(models.Model):
    """custom_payroll's compute_sheet: its own line on each payslip."""

    _register = False
    _module = "custom_payroll"
    _name = "hr.payslip"

    def compute_sheet(self):
        CALLS.extend(self.ids)
        result = super().compute_sheet()
        self.env["hr.payslip.line"].create(
            [
                {
                    "slip_id": payslip.id,
                    "name": "Custom",
                    "code": "CUSTOM",
                    "category_id": payslip.line_ids[:1].category_id.id,
                    "salary_rule_id": payslip.line_ids[:1].salary_rule_id.id,
                    "employee_id": payslip.employee_id.id,
                    "contract_id": payslip.contract_id.id,
                    "amount": 1.0,
                }
                for payslip in self
            ]
        )
        return result


class CustomWorkedDays(models.Model):
    """custom_payroll's worked days: a line of its own per contract."""

    _register = False
    _module = "custom_payroll"
    _name = "hr.payslip"

    def get_worked_day_lines(self, contracts, date_from, date_to):
        lines = super().get_worked_day_lines(contracts, date_from, date_to)
        return lines + [
            {
                "name": "Custom days",
                "sequence": 9,
                "code": "CUSTOM",
                "number_of_days": 2.0,
                "number_of_hours": 16.0,
                "contract_id": contract.id,
            }
            for contract in contracts
        ]


class CustomNumbers(models.Model):
    """custom_payroll's payslip numbers (next_by_code of the payslip
    sequence)."""

    _register = False
    _module = "custom_payroll"
    _name = "ir.sequence"

    def next_by_code(self, sequence_code, sequence_date=None):
        if sequence_code != "salary.slip":
            return super().next_by_code(sequence_code, sequence_date)
        CALLS.append(f"CUSTOM/{len(CALLS) + 1:03d}")
        return CALLS[-1]


@tagged("post_install", "-at_install")
class TestPayrollOverrides(PayrollCommon):
    def setUp(self):
        super().setUp()
        CALLS.clear()

    def _below_this_addon(self, model, override):
        """Put ``override`` among the classes of ``model`` just below this
        addon's (on top of them if this addon does not extend ``model``),
        for the test."""
        Model = self.registry[model]
        bases = Model.__bases__
        ours = next(
            (
                index
                for index, cls in enumerate(bases)
                if vars(cls).get("_module") == "sales_performance"
            ),
            -1,
        )
        Model.__bases__ = bases[: ours + 1] + (override,) + bases[ours + 1 :]
        self.addCleanup(setattr, Model, "__bases__", bases)
        self.assertIn(override, Model.__mro__)

    def test_another_module_s_compute_sheet_is_called(self):
        """Every payslip posting computes has custom_payroll's line, next to
        the commission."""
        self._below_this_addon("hr.payslip", CustomComputeSheet)
        team = self._team(3, "Custom")
        self.assertFalse(self.env["hr.payslip"]._sp_compute_sheet_is_payroll())
        self._post(team)
        self.assertEqual(set(team.mapped("state")), {"posted"})
        payslips = team.payslip_id
        self.assertEqual(len(payslips), 3)
        self.assertEqual(set(CALLS), set(payslips.ids))
        self.env.invalidate_all()
        for statement in team:
            codes = statement.payslip_id.line_ids.mapped("code")
            self.assertIn("CUSTOM", codes)
            self.assertEqual(
                statement.payslip_id.line_ids.filtered(
                    lambda line: line.code == "SPCOMM"
                ).total,
                statement.amount_total,
            )
        self.assertEqual(sorted(team.mapped("amount_total")), [20.0, 40.0, 60.0])

    def test_another_module_s_worked_days_are_used(self):
        """The payslips posting creates carry custom_payroll's worked days
        (the worked days computed for all payslips at once would not)."""
        self._below_this_addon("hr.payslip", CustomWorkedDays)
        self.assertFalse(self.env["hr.payslip"]._sp_worked_days_are_payroll())
        team = self._team(3, "Days")
        self._post(team)
        self.assertEqual(set(team.mapped("state")), {"posted"})
        self.env.invalidate_all()
        for statement in team:
            custom = statement.payslip_id.worked_days_line_ids.filtered(
                lambda line: line.code == "CUSTOM"
            )
            self.assertEqual(len(custom), 1)
            self.assertEqual(custom.number_of_days, 2.0)
            # and payroll's own days next to it
            codes = statement.payslip_id.worked_days_line_ids.mapped("code")
            self.assertIn("WORK100", codes)

    def test_another_module_s_payslip_numbers_are_used(self):
        """The payslips posting computes together get custom_payroll's
        numbers, one each, not the sequence's drawn around it."""
        self.env["ir.sequence"].create(
            {
                "name": "Payslips",
                "code": "salary.slip",
                "company_id": self.company.id,
                "prefix": "PAY/",
                "padding": 4,
            }
        )
        self._below_this_addon("ir.sequence", CustomNumbers)
        self.assertFalse(self.env["hr.payslip"]._sp_compute_sheet_is_payroll())
        team = self._team(3, "Numbers")
        self._post(team)
        self.assertEqual(set(team.mapped("state")), {"posted"})
        payslips = team.payslip_id
        self.assertEqual(len(payslips), 3)
        self.assertEqual(
            sorted(payslips.mapped("number")),
            ["CUSTOM/001", "CUSTOM/002", "CUSTOM/003"],
        )
        self.assertEqual(sorted(CALLS), sorted(payslips.mapped("number")))
