# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools.payroll import on_payroll_path
from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPayroll(SalesPerformanceCommon):
    """Posting approved statements to OCA payroll payslips (R-W1..R-W3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Payroll Officer",
            "sp_payroll",
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager",
        )[0]
        basic = cls.env["hr.salary.rule"].create(
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
                }
            )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 100.00
        cls._invoice(cls.user_b, "2026-03-06", quantity=10)  # 200.00
        cls._invoice(cls.user_c, "2026-03-07", quantity=4)  # 80.00, no contract

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

    def test_r_w1_posting_creates_inputs_and_payslip_lines(self):
        statements = self._approved(self.member_a)
        statement = statements[self.emp_a]
        self._post([statement])
        payslip = statement.payslip_id
        self.assertTrue(payslip, statement.payroll_error)
        self.assertEqual(statement.state, "posted")
        self.assertEqual(statement.posted_uid, self.user_payroll)
        self.assertEqual(
            (str(payslip.date_from), str(payslip.date_to)), ("2026-03-01", "2026-03-31")
        )
        commission = self._inputs(payslip, "SPCOMM")
        self.assertEqual(len(commission), 1)
        self.assertEqual(commission.amount, 100.0)
        self.assertEqual(commission.sp_statement_line_ids, statement.line_ids)
        self.assertEqual(statement.line_ids.payslip_input_id, commission)
        # The computed payslip carries it: BASIC 7,000 + SPCOMM 100.
        totals = {line.code: line.total for line in payslip.line_ids}
        self.assertEqual(totals["BASIC"], 7000.0)
        self.assertEqual(totals["SPCOMM"], 100.0)
        self.assertNotIn("SPADJ", totals)
        # A recompute keeps the input.
        payslip.compute_sheet()
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 100.0)

    def test_r_w3_approver_without_payroll_rights_opens_posted_statement(self):
        # R-W3: who approves need not see payroll; the posted statement's form
        # still opens for them (the payslip link shows to payroll only).
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        self.assertTrue(statement.payslip_id)
        self.assertFalse(self.user_approver.has_group("payroll.group_payroll_user"))
        self.env.invalidate_all()  # nothing computed as the superuser is reused
        form = Form(statement.with_user(self.user_approver))
        self.assertEqual((form.state, form.amount_total), ("posted", 100.0))
        with self.assertRaises(AccessError):
            statement.with_user(self.user_approver).payslip_id.read(["name"])

    def test_r_w1_each_kind_its_own_input(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self.env["sales.performance.statement.line"].create(
            {
                "statement_id": statement.id,
                "kind": "adjustment",
                "name": "Bonus agreed",
                "amount": 30.0,
                "is_manual": True,
                "explanation": "March fair.",
            }
        )
        statement.with_user(self.user_approver).action_approve()
        self._post([statement])
        payslip = statement.payslip_id
        totals = {line.code: line.total for line in payslip.line_ids}
        self.assertEqual((totals["SPCOMM"], totals["SPADJ"]), (100.0, 30.0))
        # Commission leaves a payslip through its statement only, with a
        # reason (issue 20): both inputs go, the payslip is recomputed, and
        # posting again adds each amount back once.
        statement.with_user(self.user_payroll)._sp_take_off_payroll(
            "Wrong pay period agreed with the employee."
        )
        self.assertEqual(statement.state, "approved")
        self.assertFalse(statement.line_ids.payslip_input_id)
        self.assertFalse(
            self._inputs(payslip, "SPCOMM") | self._inputs(payslip, "SPADJ")
        )
        self.assertFalse({"SPCOMM", "SPADJ"} & set(payslip.line_ids.mapped("code")))
        self.assertIn("Wrong pay period agreed", statement.message_ids[0].body)
        self._post([statement])
        self.assertEqual(statement.payslip_id, payslip)
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 100.0)
        self.assertEqual(self._inputs(payslip, "SPADJ").amount, 30.0)

    def test_r_w2_posting_twice_changes_nothing(self):
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        payslip = statement.payslip_id
        inputs = payslip.input_line_ids
        self._post([statement])
        statement.with_user(self.user_payroll)._sp_post_one()
        self.assertEqual(payslip.input_line_ids, inputs)
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 100.0)
        self.assertEqual(
            self.env["hr.payslip"].search_count([("employee_id", "=", self.emp_a.id)]),
            1,
        )

    def test_existing_draft_payslip_is_used(self):
        # The payroll officer made the payslip first: the addon's input codes
        # are not offered to type amounts in (issue 20); posting puts the
        # commission on that payslip, not on a second one.
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.emp_a.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "contract_id": self.contracts[self.emp_a].id,
                "struct_id": self.structure.id,
            }
        )
        payslip.onchange_employee()
        self.assertFalse(self._inputs(payslip, "SPCOMM"))
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        self.assertEqual(statement.payslip_id, payslip)
        self.assertEqual(len(self._inputs(payslip, "SPCOMM")), 1)
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 100.0)

    def test_existing_empty_input_of_older_payslip_is_filled(self):
        # Payroll before 18.0.1.3.0 offered an empty SPCOMM input: posting
        # fills it rather than adding a second one.
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.emp_a.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "contract_id": self.contracts[self.emp_a].id,
                "struct_id": self.structure.id,
            }
        )
        on_payroll_path(self.env["hr.payslip.input"]).create(
            {
                "payslip_id": payslip.id,
                "contract_id": payslip.contract_id.id,
                "code": "SPCOMM",
                "name": "Sales Commission",
            }
        )
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        self.assertEqual(statement.payslip_id, payslip)
        self.assertEqual(len(self._inputs(payslip, "SPCOMM")), 1)
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 100.0)

    def test_batch_payslips_get_the_commission(self):
        statements = self._approved(self.member_a | self.member_b)
        run = self.env["hr.payslip.run"].create(
            {
                "name": "March 2026",
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "struct_id": self.structure.id,
            }
        )
        self.env["hr.payslip.employees"].with_user(self.user_payroll).with_context(
            active_id=run.id
        ).create(
            {"employee_ids": [Command.set((self.emp_a | self.emp_b).ids)]}
        ).compute_sheet()
        self.assertEqual(len(run.slip_ids), 2)
        for employee, amount in ((self.emp_a, 100.0), (self.emp_b, 200.0)):
            slip = run.slip_ids.filtered(lambda s, e=employee: s.employee_id == e)
            self.assertEqual(self._inputs(slip, "SPCOMM").amount, amount)
            totals = {line.code: line.total for line in slip.line_ids}
            self.assertEqual(totals["SPCOMM"], amount)
            self.assertEqual(statements[employee].state, "posted")

    def test_payslip_done_paid_cancel_and_refund_reopen(self):
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        payslip = statement.payslip_id
        payslip.action_payslip_done()
        self.assertEqual(statement.state, "paid")
        # Refunding the payslip takes the money back: approved again, visibly.
        refund_action = payslip.refund_sheet()
        refund = self.env["hr.payslip"].search(refund_action["domain"])
        self.assertTrue(refund.credit_note)
        self.assertEqual(self._inputs(refund, "SPCOMM").amount, 100.0)
        self.assertEqual(statement.state, "approved")
        self.assertFalse(statement.line_ids.payslip_input_id)
        self.assertIn("refunded", statement.message_ids[0].body)
        # Posted again: the March payslip was refunded, so a new one pays it,
        # once.
        self._post([statement])
        self.assertEqual(statement.state, "posted", statement.payroll_error)
        self.assertNotIn(statement.payslip_id, payslip | refund)
        self.assertEqual(self._inputs(statement.payslip_id, "SPCOMM").amount, 100.0)

    def test_confirmed_payslip_of_the_period_refuses_a_second(self):
        statement = self._approved(self.member_a)[self.emp_a]
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.emp_a.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "contract_id": self.contracts[self.emp_a].id,
                "struct_id": self.structure.id,
            }
        )
        payslip.action_payslip_done()
        self._post([statement])
        self.assertEqual(statement.state, "approved")
        self.assertIn("already confirmed", statement.payroll_error)

    def test_payslip_cancel_reopens(self):
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        payslip = statement.payslip_id
        payslip.action_payslip_cancel()
        self.assertEqual(statement.state, "approved")
        self.assertFalse(statement.line_ids.payslip_input_id)
        # The cancelled payslip keeps nothing to pay twice if reset to draft.
        self.assertFalse(self._inputs(payslip, "SPCOMM"))
        # Removing the input by hand is refused: the statement takes it off.
        self._post([statement])
        self.assertEqual(statement.state, "posted")
        with self.assertRefused(UserError, "changes only through them"):
            self._inputs(statement.payslip_id, "SPCOMM").with_user(
                self.user_payroll
            ).unlink()
        statement.with_user(self.user_payroll)._sp_take_off_payroll("Paid in cash.")
        self.assertEqual(statement.state, "approved")
        # ... and deleting a draft payslip reopens it too.
        self._post([statement])
        payslip = statement.payslip_id
        payslip.action_payslip_draft()
        payslip.unlink()
        self.assertEqual(statement.state, "approved")
        self.assertFalse(statement.line_ids.payslip_input_id)

    def test_bad_input_reported_and_batch_goes_on(self):
        statements = self._approved()
        # Chen Jie has no contract; the others post fine.
        self._post(statements.values())
        self.assertEqual(statements[self.emp_a].state, "posted")
        self.assertEqual(statements[self.emp_b].state, "posted")
        failed = statements[self.emp_c]
        self.assertEqual(failed.state, "approved")
        self.assertIn("no running contract", failed.payroll_error)
        self.assertIn("no running contract", failed.message_ids[0].body)

    def test_structure_without_rules_refused(self):
        bare = self.env["hr.payroll.structure"].create(
            {"name": "Bare", "code": "BARE", "company_id": self.company.id}
        )
        self.contracts[self.emp_a].struct_id = bare
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        self.assertEqual(statement.state, "approved")
        self.assertIn("has no rule reading SPCOMM", statement.payroll_error)

    def test_no_payslip_creation_when_company_forbids_it(self):
        self.company.sp_payroll_create_payslip = False
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        self.assertIn("does not create them", statement.payroll_error)

    def test_r_w3_rights_and_segregation(self):
        statement = self._approved(self.member_a)[self.emp_a]
        with self.assertRaises(AccessError):
            statement.with_user(self.user_approver).action_post_to_payroll()
        with self.assertRaises(AccessError):
            statement.with_user(self.user_a).action_post_to_payroll()
        # The same person approving and posting is refused by the company
        # option, and allowed without it.
        self.user_payroll.groups_id |= self.env.ref(
            "sales_performance.group_sp_approver"
        )
        other = self._run(self.march, self.member_b)[self.emp_b]
        other.with_user(self.user_payroll).action_approve()
        self._post([other])
        self.assertEqual(other.state, "approved")
        self.assertIn("another payroll officer", other.payroll_error)
        self.company.sp_separate_approve_post = False
        self._post([other])
        self.assertEqual(other.state, "posted")
        with self.assertRefused(UserError, "through payroll only"):
            statement.with_user(self.user_admin).write({"state": "posted"})

    def test_journal_entry_with_payroll_account(self):
        expense = self.company_data["default_account_expense"]
        payable = self.env["account.account"].create(
            {
                "name": "Commission payable",
                "code": "SPPAY",
                "account_type": "liability_current",
            }
        )
        journal = self.company_data["default_journal_misc"]
        rule = self.env.ref("sales_performance.salary_rule_spcomm")
        rule.sudo().write({"account_debit": expense.id, "account_credit": payable.id})
        self.contracts[self.emp_a].journal_id = journal
        statement = self._approved(self.member_a)[self.emp_a]
        self._post([statement])
        payslip = statement.payslip_id
        payslip.action_payslip_done()
        move_lines = payslip.move_id.line_ids.filtered(
            lambda line: line.account_id in (expense | payable)
        )
        self.assertEqual(
            sum(move_lines.filtered(lambda x: x.account_id == expense).mapped("debit")),
            100.0,
        )
        self.assertEqual(
            sum(
                move_lines.filtered(lambda x: x.account_id == payable).mapped("credit")
            ),
            100.0,
        )


@tagged("post_install", "-at_install")
class TestPayrollApp(SalesPerformanceCommon):
    """The payroll accountant's day in the Payroll app (R-W1, R-W3): a user
    with only the addon's *Payroll Posting* right (not OCA's payroll
    manager) lands on the approved statements to post, posts them from the
    Payroll app's list, and can open the payslip batches whose *Generate
    Payslips* picks statements up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = mail_new_test_user(
            cls.env,
            login="sp_payroll_only",
            name="Payroll Accountant",
            groups="base.group_user,sales_performance.group_sp_payroll",
            company_id=cls.company.id,
        )
        cls.approver = cls._create_salesperson(
            "Approver", "sp_app_approver", "sales_performance.group_sp_approver"
        )[0]
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._rule("tiered", [(0.0, 0.0, 0.02)], name="Flat 2 %")
        structure = cls.env["hr.payroll.structure"].create(
            {"name": "Sales staff", "code": "SALESAPP", "company_id": cls.company.id}
        )
        structure.action_sp_add_rules()
        cls.env["hr.contract"].create(
            {
                "name": cls.emp_a.name,
                "employee_id": cls.emp_a.id,
                "wage": 7000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": structure.id,
            }
        )
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 5,000.00 x 2 % = 100.00
        cls.statement = cls.env["sales.performance.statement"]._sp_run(
            cls.plan, cls.march, cls.member_a
        )
        cls.statement.with_user(cls.approver).action_approve()

    def test_landing_is_the_commission_to_post(self):
        self.env.invalidate_all()
        action = (
            self.env["sales.performance.dashboard"]
            .with_user(self.officer)
            .action_open()
        )
        self.assertEqual(action["res_model"], "sales.performance.statement")
        self.assertEqual(action["domain"], "[('state', '=', 'approved')]")
        self.assertEqual(action["name"], "Commission to Post")

    def test_post_from_the_payroll_app_list(self):
        self.env.invalidate_all()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_statement_to_post"
        )
        Statement = self.env["sales.performance.statement"].with_user(self.officer)
        to_post = Statement.search(safe_eval(action["domain"]))
        self.assertEqual(to_post, self.statement)
        to_post.action_post_to_payroll()
        self.assertEqual(self.statement.state, "posted")
        spcomm = self.statement.payslip_id.input_line_ids.filtered(
            lambda i: i.code == "SPCOMM"
        )
        self.assertEqual(spcomm.amount, 100.0)
        # nothing left to post; the statement is under Posted
        self.assertFalse(Statement.search(safe_eval(action["domain"])))
        posted = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_statement_posted"
        )
        self.assertEqual(Statement.search(safe_eval(posted["domain"])), self.statement)

    def test_officer_opens_batches_and_menu(self):
        self.env.invalidate_all()
        # a batch the payroll manager opened (with payroll_account, creating
        # one reads the salary journals, an accounting right)
        batch = self.env["hr.payslip.run"].create(
            {"name": "March", "date_start": "2026-03-01", "date_end": "2026-03-31"}
        )
        self.env.invalidate_all()
        Run = self.env["hr.payslip.run"].with_user(self.officer)
        self.assertEqual(Run.search([("id", "=", batch.id)]), batch)
        Run.browse(batch.id).write({"name": "March 2026"})
        self.assertEqual(batch.name, "March 2026")
        with self.assertRaises(AccessError):
            Run.browse(batch.id).unlink()
        menus = self.env["ir.ui.menu"].with_user(self.officer)._visible_menu_ids()
        for xmlid in (
            "sales_performance.menu_payroll_statement_to_post",
            "payroll.hr_payslip_run_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus, xmlid)
