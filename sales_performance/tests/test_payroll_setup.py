# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll set-up in one step (issue 20, R-W1): on a company without any
payroll configuration (no structure, rule, category or salary journal),
the set-up creates what is missing, checks every plan member and fixes
what needs no data entry; the company's administrator then pays March's
commission through a confirmed payslip and its journal entry."""

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPayrollSetup(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_admin = mail_new_test_user(
            cls.env,
            login="sp_setup_admin",
            name="Setup Admin",
            groups="base.group_user,sales_performance.group_sp_admin,"
            "payroll.group_payroll_manager,account.group_account_manager,"
            "hr.group_hr_manager",
            company_id=cls.company.id,
        )
        cls.payroll_user = mail_new_test_user(
            cls.env,
            login="sp_setup_payroll",
            name="Setup Payroll",
            groups="base.group_user,sales_performance.group_sp_payroll,"
            "payroll.group_payroll_manager,account.group_account_invoice",
            company_id=cls.company.id,
        )
        # Wang Wei has a contract without structure or journal; Li Na none;
        # Chen Jie left his user behind (unlinked after he joined the plan).
        cls.contract_a = cls.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": cls.emp_a.id,
                "wage": 7000.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        cls.emp_c.user_id = False

    def _setup(self, user=None):
        action = (
            self.env["sales.performance.payroll.setup"]
            .with_user(user or self.hr_admin)
            .action_open(plan=self.plan)
        )
        return (
            self.env[action["res_model"]]
            .with_user(user or self.hr_admin)
            .browse(action["res_id"])
        )

    def _state(self, setup):
        return {
            (line.employee_id.name or "", line.item): line.state
            for line in setup.line_ids
        }

    def test_setup_a_company_without_payroll(self):
        category = self.env.ref(
            "sales_performance.salary_rule_category_sales_performance"
        )
        self.assertFalse(category.parent_id)
        setup = self._setup()
        state = self._state(setup)
        for item in ("categories", "structure", "journal", "accounts"):
            self.assertEqual(state[("", item)], "missing", item)
        self.assertEqual(state[("Wang Wei", "contract")], "ok")
        self.assertEqual(state[("Wang Wei", "contract_structure")], "missing")
        self.assertEqual(state[("Wang Wei", "contract_journal")], "missing")
        self.assertEqual(state[("Li Na", "contract")], "missing")
        self.assertEqual(state[("Chen Jie", "user")], "missing")
        self.assertEqual(state[("Li Na", "user")], "ok")

        setup.action_setup_all()
        state = self._state(setup)
        for item in ("categories", "structure", "journal", "accounts"):
            self.assertEqual(state[("", item)], "ok", item)
        self.assertEqual(state[("Wang Wei", "contract_structure")], "ok")
        self.assertEqual(state[("Wang Wei", "contract_journal")], "ok")
        # what needs a person stays, with its Fix button
        self.assertEqual(state[("Li Na", "contract")], "missing")
        self.assertEqual(state[("Chen Jie", "user")], "missing")

        structure = self.contract_a.struct_id
        self.assertEqual(structure.company_id, self.company)
        self.assertEqual(self.company.payroll_structure_id, structure)
        codes = structure.get_all_rules().mapped("code")
        for code in ("BASIC", "GROSS", "NET", "SPCOMM", "SPBONUS", "SPPERF", "SPADJ"):
            self.assertIn(code, codes)
        self.assertEqual(category.parent_id.code, "ALW")
        self.assertFalse(category.parent_id.company_id)  # shared, as the rules
        journal = self.contract_a.journal_id
        self.assertEqual((journal.type, journal.company_id), ("general", self.company))
        self.assertEqual(journal.default_account_id.account_type, "liability_current")
        spcomm = self.env.ref("sales_performance.salary_rule_spcomm").with_company(
            self.company
        )
        self.assertEqual(spcomm.account_debit.account_type, "expense")
        self.assertEqual(spcomm.account_debit.name, "Sales Commission")

        # Li Na's contract: Fix opens the contract form with the structure
        # and journal; the administrator enters the wage and saves.
        line = setup.line_ids.filtered(
            lambda x: x.employee_id == self.emp_b and x.item == "contract"
        )
        action = line.action_fix()
        self.assertEqual(action["res_model"], "hr.contract")
        form = Form(
            self.env["hr.contract"]
            .with_user(self.hr_admin)
            .with_context(**action["context"])
        )
        form.wage = 8000.0
        contract_b = form.save()
        self.assertEqual(contract_b.state, "open")
        self.assertEqual(contract_b.struct_id, structure)
        self.assertEqual(contract_b.journal_id, journal)
        self.assertEqual(str(contract_b.date_start), "2026-01-01")
        setup.action_refresh()
        state = self._state(setup)
        self.assertEqual(state[("Li Na", "contract")], "ok")
        self.assertEqual(state[("Li Na", "contract_journal")], "ok")

        # Set up again: nothing created twice.
        counts = {
            model: self.env[model].search_count([])
            for model in (
                "hr.payroll.structure",
                "hr.salary.rule",
                "hr.salary.rule.category",
                "account.journal",
                "account.account",
            )
        }
        setup.action_setup_all()
        for model, count in counts.items():
            self.assertEqual(self.env[model].search_count([]), count, model)

    def test_commission_paid_with_its_journal_entry(self):
        self._setup().action_setup_all()
        self._target(self.member_a, self.march, 10000.0)
        self._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        self._invoice(self.user_a, "2026-03-05", quantity=5)  # 5,000 x 2 % = 100
        statement = self._run(self.march, self.member_a)[self.emp_a]
        statement.with_user(self.user_admin).action_approve()
        statement.with_user(self.payroll_user).action_post_to_payroll()
        payslip = statement.payslip_id
        self.assertEqual(statement.state, "posted", statement.payroll_error)
        totals = {line.code: line.total for line in payslip.line_ids}
        # BASIC 7,000 + SPCOMM 100: gross and net 7,100 (Sales Performance
        # Pay counts in Allowance, summed by gross and net)
        self.assertEqual(
            (totals["BASIC"], totals["SPCOMM"], totals["GROSS"], totals["NET"]),
            (7000.0, 100.0, 7100.0, 7100.0),
        )
        payslip.with_user(self.payroll_user).action_payslip_done()
        self.assertEqual(statement.state, "paid")
        move = payslip.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.contract_a.journal_id)
        by_account = {}
        for line in move.line_ids:
            key = line.account_id.name
            by_account[key] = by_account.get(key, 0.0) + line.debit - line.credit
        self.assertEqual(
            by_account,
            {
                "Salaries and Wages": 7000.0,
                "Sales Commission": 100.0,
                "Salaries Payable": -7100.0,
            },
        )

    def test_setup_needs_payroll_and_accounting_rights(self):
        performance_only = mail_new_test_user(
            self.env,
            login="sp_setup_perf_only",
            name="Performance Only",
            groups="base.group_user,sales_performance.group_sp_admin",
            company_id=self.company.id,
        )
        setup = self._setup(user=performance_only)
        self.assertTrue(setup.missing_count)  # the checklist is readable
        with self.assertRaises(AccessError):
            setup.action_setup_all()
        no_accounting = mail_new_test_user(
            self.env,
            login="sp_setup_payroll_only",
            name="Payroll Only",
            groups="base.group_user,payroll.group_payroll_manager",
            company_id=self.company.id,
        )
        setup = self._setup(user=no_accounting)
        journal = setup.line_ids.filtered(lambda x: x.item == "journal")
        with self.assertRaisesRegex(AccessError, "Accounting Administrator"):
            journal.action_fix()
