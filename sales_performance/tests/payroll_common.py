# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll fixtures: a salary structure with basic and net pay and the
sales performance rules, contracts for Wang Wei (7,000.00) and Li Na
(8,000.00), a flat 2 % rule and March 2026 invoices: Wang Wei 5,000.00
(commission 100.00), Li Na 10,000.00 (200.00), Chen Jie 4,000.00 (80.00,
no contract). The approver approves, the payroll officer (the addon's
right and OCA's payroll manager) posts and generates batches."""

from odoo import Command

from .common import SalesPerformanceCommon


class PayrollCommon(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Payroll Officer",
            "sp_payroll",
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager,"
            "account.group_account_invoice",
        )[0]
        Rule = cls.env["hr.salary.rule"]
        basic = Rule.create(
            {
                "name": "Basic",
                "code": "BASIC",
                "sequence": 1,
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage",
            }
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "Sales staff",
                "code": "SALES",
                "rule_ids": [Command.set(basic.ids)],
                "company_id": cls.company.id,
            }
        )
        cls.structure.action_sp_add_rules()
        cls.contracts = {}
        for employee, wage in ((cls.emp_a, 7000.0), (cls.emp_b, 8000.0)):
            cls.contracts[employee] = cls.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": wage,
                    "date_start": "2026-01-01",
                    "state": "open",
                    "struct_id": cls.structure.id,
                    "journal_id": cls.company_data["default_journal_misc"].id,
                }
            )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 5,000 x 2 % = 100.00
        cls._invoice(cls.user_b, "2026-03-06", quantity=10)  # 10,000 x 2 % = 200.00
        cls._invoice(cls.user_c, "2026-03-07", quantity=4)  # 80.00, no contract

    def _team(self, count, prefix):
        """``count`` salespeople of the plan with a running contract and a
        March invoice each; their statements computed and approved by the
        approver. Returns the statements."""
        members = self.env["sales.performance.member"]
        for index in range(count):
            user, employee = self._create_salesperson(
                f"{prefix} {index}", f"{prefix.lower()}_{index}"
            )
            self.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": 6000.0,
                    "date_start": "2026-01-01",
                    "state": "open",
                    "struct_id": self.structure.id,
                }
            )
            member = self.env["sales.performance.member"].create(
                {
                    "plan_id": self.plan.id,
                    "employee_id": employee.id,
                    "role_id": self.role_sales.id,
                }
            )
            self._target(member, self.march, 10000.0)
            self._invoice(user, "2026-03-10", quantity=index + 1)
            members |= member
        statements = self.env["sales.performance.statement"].union(
            *self._run(self.march, members).values()
        )
        statements.with_user(self.user_approver).action_approve_selected()
        self.assertEqual(set(statements.mapped("state")), {"approved"})
        return statements

    def _approved(self, members=None):
        statements = self._run(self.march, members)
        for statement in statements.values():
            statement.with_user(self.user_approver).action_approve()
        return statements

    def _post(self, statements, user=None):
        records = self.env["sales.performance.statement"].union(*statements)
        return records.with_user(user or self.user_payroll).action_post_to_payroll()

    def _inputs(self, payslip, code):
        return payslip.input_line_ids.filtered(lambda i: i.code == code)

    def _batch(self, employees, user=None, name="March 2026"):
        """A March batch whose Generate Payslips ``user`` runs (the payroll
        officer by default) for ``employees``; returns (batch, action)."""
        run = self.env["hr.payslip.run"].create(
            {
                "name": name,
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
            }
        )
        user = user or self.user_payroll
        action = (
            self.env["hr.payslip.employees"]
            .with_user(user)
            .with_context(active_id=run.id)
            .create({"employee_ids": [Command.set(employees.ids)]})
            .compute_sheet()
        )
        return run, action

    def _payslips(self, employees):
        """{employee: (payslips of March 2026 not refunds, SPCOMM paid)}."""
        result = {}
        for employee in employees:
            slips = self.env["hr.payslip"].search(
                [
                    ("employee_id", "=", employee.id),
                    ("date_from", "=", "2026-03-01"),
                    ("credit_note", "=", False),
                    ("state", "!=", "cancel"),
                ]
            )
            result[employee] = (
                len(slips),
                sum(self._inputs(slips, "SPCOMM").mapped("amount")),
            )
        return result
