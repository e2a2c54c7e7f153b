# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 20 in the browser, on a database without demo data: a new company
(chart of accounts, no payroll configuration at all) pays March's
commission through payroll. The company's administrator sets payroll up
with the addon's Payroll Set-up (no developer mode, no Python), fixes the
missing contract, runs and approves March; the payroll accountant posts
it, confirms the payslip from its form and finds its journal entry. A
second tour generates a payslip batch after posting and finds one payslip
per employee with the commission.

The plan itself (approved, one flat 2 % band, March targets of 10,000.00)
is made here: configuring a plan from a template in the browser is the
tour of ``test_tour_new_company_admin.py``."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestTourPayrollSetup(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixtures are written as the superuser (the test user of the
        # invoicing fixtures has no performance right)
        env = cls.env(su=True, context=dict(cls.env.context, tracking_disable=True))
        data = cls.setup_other_company(name="Sunrise Payroll Co.")
        cls.company_b = company = data["company"]
        # a small company: its administrator runs and approves the month,
        # the payroll accountant posts (R-W3, issue 21's one-person setting)
        company.with_env(env).sp_one_person_duties = True
        in_company = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        cls.admin_b = mail_new_test_user(
            env,
            login="sp_pay_admin",
            name="Sunrise Payroll Admin",
            groups="base.group_user,base.group_erp_manager,base.group_system,"
            "sales_team.group_sale_manager,hr.group_hr_manager,"
            "account.group_account_manager,payroll.group_payroll_manager,"
            "sales_performance.group_sp_admin,sales_performance.group_sp_approver",
            **in_company,
        )
        cls.accountant = mail_new_test_user(
            env,
            login="sp_pay_accountant",
            name="Sunrise Payroll Accountant",
            groups="base.group_user,sales_performance.group_sp_payroll,"
            "payroll.group_payroll_manager,account.group_account_invoice",
            **in_company,
        )
        cls.employees = {}
        for name in ("Sunrise Zhao Yun", "Sunrise Li Ming"):
            seller = mail_new_test_user(
                env,
                login=name.lower().replace(" ", "_"),
                name=name,
                groups="base.group_user,sales_team.group_sale_salesman,"
                "sales_performance.group_sp_user",
                **in_company,
            )
            cls.employees[name] = (
                seller,
                env["hr.employee"].create(
                    {"name": name, "user_id": seller.id, "company_id": company.id}
                ),
            )
        cls.zhao, cls.emp_zhao = cls.employees["Sunrise Zhao Yun"]
        cls.li, cls.emp_li = cls.employees["Sunrise Li Ming"]
        # Li Ming has a contract from before the addon (no structure, no
        # journal); Zhao Yun none yet.
        cls.contract_li = env["hr.contract"].create(
            {
                "name": "Li Ming",
                "employee_id": cls.emp_li.id,
                "company_id": company.id,
                "wage": 5000.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        revenue = env.ref("sales_performance.metric_net_revenue")
        plan = (
            env["sales.performance.plan"]
            .with_company(company)
            .create(
                {
                    "name": "2026 Sunrise Payroll Plan",
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "metric_ids": [Command.link(revenue.id)],
                    "member_ids": [
                        Command.create({"employee_id": cls.emp_zhao.id}),
                        Command.create({"employee_id": cls.emp_li.id}),
                    ],
                    "rule_ids": [
                        Command.create(
                            {
                                "name": "Flat 2 %",
                                "rule_type": "tiered",
                                "band_ids": [
                                    Command.create(
                                        {"lower": 0.0, "upper": 0.0, "rate": 0.02}
                                    )
                                ],
                            }
                        )
                    ],
                }
            )
        )
        plan.action_generate_periods()
        cls.march = plan._sp_periods().filtered(lambda p: p.name == "2026-03")
        for member in plan.member_ids:
            env["sales.performance.target"].create(
                {
                    "plan_id": plan.id,
                    "member_id": member.id,
                    "period_id": cls.march.id,
                    "metric_id": revenue.id,
                    "amount": 10000.0,
                }
            )
        plan.action_approve()
        cls.plan = plan
        product = env["product.product"].create(
            {
                "name": "Sunrise Sofa",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
                "property_account_income_id": data["default_account_revenue"].id,
            }
        )
        partner = env["res.partner"].create({"name": "Sunrise Payroll Customer"})
        # March 2026: Zhao Yun 12,000.00 (x 2 % = 240.00), Li Ming 5,000.00
        # (x 2 % = 100.00)
        for seller, quantity in ((cls.zhao, 12), (cls.li, 5)):
            invoice = (
                env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": "2026-03-10",
                        "date": "2026-03-10",
                        "invoice_user_id": seller.id,
                        "currency_id": company.currency_id.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": quantity,
                                    "price_unit": 1000.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            invoice.action_post()

    def setUp(self):
        super().setUp()
        # Without a queue_job worker in the test server, the run computes in
        # the request (as it does when queue_job is not installed).
        Run = self.env.registry["sales.performance.run"]
        self.patch(Run, "_sp_jobs_available", lambda self: False)

    def _statements(self):
        env = self.env(su=True)
        env.invalidate_all()
        return {
            s.employee_id: s
            for s in env["sales.performance.statement"].search(
                [("plan_id", "=", self.plan.id)]
            )
        }

    def test_set_up_and_pay_commission(self):
        self.start_tour(
            "/odoo", "sales_performance_payroll_setup_admin", login="sp_pay_admin"
        )
        env = self.env(su=True)
        env.invalidate_all()
        company = self.company_b.with_env(env)
        structure = company.payroll_structure_id
        self.assertEqual(structure.company_id, company)
        self.assertIn("SPCOMM", structure.get_all_rules().mapped("code"))
        contract = env["hr.contract"].search([("employee_id", "=", self.emp_zhao.id)])
        self.assertEqual(
            (contract.wage, contract.state, contract.struct_id),
            (6000.0, "open", structure),
        )
        self.assertEqual(contract.journal_id.code, "SAL")
        self.assertEqual(self.contract_li.with_env(env).struct_id, structure)
        statement = self._statements()[self.emp_zhao.with_env(env)]
        self.assertEqual(statement.state, "approved")
        self.assertEqual(statement.amount_total, 240.0)

        self.start_tour(
            "/odoo",
            "sales_performance_payroll_setup_accountant",
            login="sp_pay_accountant",
        )
        env.invalidate_all()
        self.assertEqual(statement.state, "paid")
        payslip = statement.payslip_id
        self.assertEqual(payslip.state, "done")
        totals = {line.code: line.total for line in payslip.line_ids}
        # BASIC 6,000 + SPCOMM 240: gross and net 6,240
        self.assertEqual(
            (totals["BASIC"], totals["SPCOMM"], totals["GROSS"], totals["NET"]),
            (6000.0, 240.0, 6240.0, 6240.0),
        )
        move = payslip.move_id
        self.assertEqual((move.state, move.journal_id.code), ("posted", "SAL"))
        commission = move.line_ids.filtered(
            lambda line: line.account_id.name == "Sales Commission"
        )
        self.assertEqual(sum(commission.mapped("debit")), 240.0)
        self.assertEqual(sum(move.line_ids.mapped("debit")), 6240.0)
        self.assertEqual(sum(move.line_ids.mapped("credit")), 6240.0)

    def test_batch_after_posting(self):
        # Payroll set up as the first tour does it, by the administrator.
        Setup = self.env["sales.performance.payroll.setup"].with_user(self.admin_b)
        setup = Setup.browse(Setup.action_open(plan=self.plan)["res_id"])
        setup.action_setup_all()
        self.env(su=True)["hr.contract"].create(
            {
                "name": "Zhao Yun",
                "employee_id": self.emp_zhao.id,
                "company_id": self.company_b.id,
                "wage": 6000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": setup.structure_id.id,
                "journal_id": setup.journal_id.id,
            }
        )
        statements = (
            self.env(su=True)["sales.performance.statement"]
            ._sp_run(self.plan, self.march)
            .with_env(self.env)
        )
        statements.with_user(self.admin_b).action_approve()
        self.assertEqual(sorted(statements.mapped("amount_total")), [100.0, 240.0])
        self.start_tour(
            "/odoo",
            "sales_performance_payroll_batch_after_posting",
            login="sp_pay_accountant",
        )
        env = self.env(su=True)
        env.invalidate_all()
        run = env["hr.payslip.run"].search([("name", "=", "March 2026")])
        self.assertEqual(len(run), 1)
        for employee, amount in ((self.emp_zhao, 240.0), (self.emp_li, 100.0)):
            payslips = env["hr.payslip"].search(
                [("employee_id", "=", employee.id), ("credit_note", "=", False)]
            )
            self.assertEqual(len(payslips), 1, employee.name)
            self.assertEqual(payslips.payslip_run_id, run)
            spcomm = payslips.input_line_ids.filtered(lambda i: i.code == "SPCOMM")
            self.assertEqual(spcomm.amount, amount)
        self.assertEqual(set(statements.with_env(env).mapped("state")), {"posted"})
