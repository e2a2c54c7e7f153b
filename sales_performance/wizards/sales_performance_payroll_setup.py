# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll set-up in one step (R-W1, issue 20).

OCA payroll starts without categories, rules or structures, and
``payroll_account`` wants a salary journal on every contract. This
checklist creates what is missing for a company (a salary structure with
basic, gross and net pay and the sales performance rules counted in gross
pay, a salary journal and its accounts) and checks each plan member (user,
employee, running contract, salary structure, salary journal), with a
button to fix each missing item."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError

ITEMS = [
    ("categories", "Salary rule categories"),
    ("structure", "Salary structure"),
    ("accounts", "Accounts of the salary rules"),
    ("journal", "Salary journal"),
    ("user", "User"),
    ("employee", "Employee"),
    ("contract", "Running contract"),
    ("contract_structure", "Contract's salary structure"),
    ("contract_journal", "Contract's salary journal"),
]
# What "Set Up Payroll" fixes without asking anything.
AUTOMATIC = {
    "categories",
    "structure",
    "accounts",
    "journal",
    "contract_structure",
    "contract_journal",
}


class SalesPerformancePayrollSetup(models.TransientModel):
    _name = "sales.performance.payroll.setup"
    _description = "Payroll Set-up"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    plan_id = fields.Many2one(
        "sales.performance.plan",
        domain="[('company_id', '=', company_id), ('is_template', '=', False)]",
        help="The plan whose members are checked; all the company's plans if empty.",
    )
    structure_id = fields.Many2one(
        "hr.payroll.structure",
        string="Salary Structure",
        domain="[('company_id', '=', company_id)]",
        help="The structure the plan members' contracts use. Empty: the "
        "company's default structure, else one is created with basic, gross "
        "and net pay and the sales performance rules.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Salary Journal",
        domain="[('company_id', '=', company_id), ('type', '=', 'general')]",
        help="The journal of the payslips' entries. Empty: a Salaries journal "
        "is created.",
    )
    line_ids = fields.One2many(
        "sales.performance.payroll.setup.line", "setup_id", string="Checklist"
    )
    missing_count = fields.Integer(compute="_compute_missing_count")

    @api.depends("line_ids.state")
    def _compute_missing_count(self):
        for setup in self:
            setup.missing_count = len(
                setup.line_ids.filtered(lambda line: line.state == "missing")
            )

    # ------------------------------------------------------------------
    # Opening
    # ------------------------------------------------------------------
    @api.model
    def action_open(self, company=None, plan=None):
        """The checklist of ``company`` (``plan``'s members only if given)."""
        company = company or (plan and plan.company_id) or self.env.company
        setup = self.create(
            {
                "company_id": company.id,
                "plan_id": plan.id if plan else False,
            }
        )
        setup._sp_refresh()
        return setup._sp_reopen()

    def _sp_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payroll Set-up"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"active_test": True},
        }

    # ------------------------------------------------------------------
    # The checklist
    # ------------------------------------------------------------------
    def _sp_env(self):
        return self.with_company(self.company_id).with_context(
            allowed_company_ids=(self.company_id | self.env.companies).ids
        )

    def _sp_refresh(self):
        """Rebuild the checklist from what exists now."""
        self.ensure_one()
        self.line_ids.unlink()
        # read as the engine: the checklist says what exists, whatever the
        # user may read of contracts and accounts; fixing needs their rights
        setup = self.sudo()._sp_env()
        values = setup._sp_company_checks() + setup._sp_member_checks()
        for sequence, vals in enumerate(values):
            vals["sequence"] = sequence
        self.write({"line_ids": [Command.create(vals) for vals in values]})

    def _sp_company_checks(self):
        company = self.company_id
        structure = self._sp_structure()
        journal = self._sp_journal()
        category = self._sp_category_sales()
        missing_accounts = self._sp_rules_without_accounts(structure)
        checks = [
            {
                "item": "categories",
                "state": "ok" if category.parent_id else "missing",
                "note": self.env._(
                    "Sales Performance Pay counts in %(parent)s.",
                    parent=category.parent_id.name,
                )
                if category.parent_id
                else self.env._(
                    "Sales Performance Pay has no parent category: commission "
                    "would not count in gross and net pay. Set Up puts it under "
                    "Allowance (ALW), counted in gross pay."
                ),
            },
            {
                "item": "structure",
                "state": "ok"
                if structure and not self._sp_missing(structure)
                else "missing",
                "note": self.env._(
                    "%(structure)s reads every sales performance input.",
                    structure=structure.name,
                )
                if structure and not self._sp_missing(structure)
                else self.env._(
                    "%(structure)s has no rule reading %(codes)s: Set Up adds the "
                    "sales performance rules.",
                    structure=structure.name,
                    codes=", ".join(self._sp_missing(structure)),
                )
                if structure
                else self.env._(
                    "%(company)s has no salary structure: Set Up creates Sales "
                    "Staff with basic salary, gross pay, net salary and the sales "
                    "performance rules.",
                    company=company.name,
                ),
            },
            {
                "item": "journal",
                "state": "ok" if journal else "missing",
                "note": self.env._(
                    "Payslip entries go to %(journal)s.", journal=journal.name
                )
                if journal
                else self.env._(
                    "No salary journal: Set Up creates a Salaries journal (its "
                    "default account is Salaries Payable)."
                ),
            },
            {
                "item": "accounts",
                "state": "missing" if missing_accounts else "ok",
                "note": self.env._(
                    "No account on %(rules)s: Set Up creates and sets Salaries and "
                    "Wages, Sales Commission (expenses) and Salaries Payable.",
                    rules=", ".join(missing_accounts.mapped("code")),
                )
                if missing_accounts
                else self.env._("Every rule that books an amount has its accounts."),
            },
        ]
        return [dict(check, scope="company") for check in checks]

    def _sp_members(self):
        plans = self.plan_id or self.env["sales.performance.plan"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("is_template", "=", False),
            ]
        )
        members = plans.member_ids
        seen, unique = set(), members.browse()
        for member in members.sorted(lambda m: (m.employee_id.name or "", m.id)):
            if member.employee_id not in seen:
                seen.add(member.employee_id)
                unique |= member
        return unique

    def _sp_member_checks(self):
        checks = []
        structure = self._sp_structure()
        journal = self._sp_journal()
        for member in self._sp_members():
            employee = member.employee_id
            base = {
                "scope": "member",
                "member_id": member.id,
                "employee_id": employee.id,
            }
            user_ok = bool(employee.user_id)
            checks.append(
                dict(
                    base,
                    item="user",
                    state="ok" if user_ok else "missing",
                    note=self.env._("Logs in as %(user)s.", user=employee.user_id.name)
                    if user_ok
                    else self.env._(
                        "No user: invoices are credited to the employee of their "
                        "salesperson, and they cannot see their figures. Link a user "
                        "on the employee's form."
                    ),
                )
            )
            employee_ok = employee.active and employee.company_id == self.company_id
            checks.append(
                dict(
                    base,
                    item="employee",
                    state="ok" if employee_ok else "missing",
                    note=self.env._(
                        "Employee of %(company)s.", company=employee.company_id.name
                    )
                    if employee_ok
                    else self.env._(
                        "The employee is archived or belongs to another company."
                    ),
                )
            )
            contract = self._sp_contract(member)
            checks.append(
                dict(
                    base,
                    item="contract",
                    contract_id=contract.id,
                    state="ok" if contract else "missing",
                    note=self.env._("%(contract)s, running.", contract=contract.name)
                    if contract
                    else self.env._(
                        "No running contract during the plan: Fix opens a new one "
                        "(enter the wage)."
                    ),
                )
            )
            if not contract:
                continue
            struct_ok = contract.struct_id and not self._sp_missing(contract.struct_id)
            checks.append(
                dict(
                    base,
                    item="contract_structure",
                    contract_id=contract.id,
                    state="ok" if struct_ok else "missing",
                    note=self.env._("%(structure)s.", structure=contract.struct_id.name)
                    if struct_ok
                    else self.env._(
                        "The contract's structure does not pay sales performance "
                        "inputs: Fix sets %(structure)s.",
                        structure=structure.name
                        or self.env._("the structure Set Up creates"),
                    ),
                )
            )
            checks.append(
                dict(
                    base,
                    item="contract_journal",
                    contract_id=contract.id,
                    state="ok" if contract.journal_id else "missing",
                    note=self.env._("%(journal)s.", journal=contract.journal_id.name)
                    if contract.journal_id
                    else self.env._(
                        "No salary journal: the payslip cannot be confirmed. Fix sets "
                        "%(journal)s.",
                        journal=journal.name
                        or self.env._("the journal Set Up creates"),
                    ),
                )
            )
        return checks

    # ------------------------------------------------------------------
    # What exists
    # ------------------------------------------------------------------
    def _sp_missing(self, structure):
        codes = self.env["sales.performance.payout.code"]._code_map_codes()
        return structure._sp_missing_codes(sorted(set(codes)))

    def _sp_category_sales(self):
        return self.env.ref(
            "sales_performance.salary_rule_category_sales_performance"
        ).sudo()

    def _sp_structure(self):
        """The structure to use: chosen, else the company's default, else
        one of the company's structures paying sales performance."""
        if self.structure_id:
            return self.structure_id
        company = self.company_id
        if company.payroll_structure_id:
            return company.payroll_structure_id
        Structure = self.env["hr.payroll.structure"]
        spcomm = self.env.ref("sales_performance.salary_rule_spcomm")
        return Structure.search(
            [("company_id", "=", company.id), ("rule_ids", "in", spcomm.ids)],
            limit=1,
            order="id",
        )

    def _sp_journal(self):
        if self.journal_id:
            return self.journal_id
        contracts = self.env["hr.contract"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("journal_id", "!=", False),
                ("state", "=", "open"),
            ],
            limit=1,
            order="id desc",
        )
        return contracts.journal_id or self.env["account.journal"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("type", "=", "general"),
                ("code", "=", "SAL"),
            ],
            limit=1,
        )

    def _sp_rules_without_accounts(self, structure):
        """The rules whose amount has no account in the company: the sales
        performance rules and the basic salary (debit, expenses), the net
        salary (credit, payable). Other rules of a structure are the
        company's own business."""
        rules = self.env["hr.payroll.structure"]._sp_salary_rules()
        if structure:
            rules |= (
                structure.get_structure_with_parents()
                .get_all_rules()
                .filtered(lambda rule: rule.code in ("BASIC", "NET"))
            )
        return rules.with_company(self.company_id).filtered(
            lambda rule: (
                not (rule.account_credit if rule.code == "NET" else rule.account_debit)
            )
        )

    def _sp_contract(self, member):
        date_from, date_to = member._effective_dates()
        return member.employee_id._get_contracts(date_from, date_to)[:1]

    # ------------------------------------------------------------------
    # Fixing
    # ------------------------------------------------------------------
    def _sp_check_rights(self, accounting=False):
        user = self.env.user
        if not user.has_group("payroll.group_payroll_manager"):
            raise AccessError(
                self.env._(
                    "Setting payroll up needs the Payroll Administrator right "
                    "(Payroll: Manager)."
                )
            )
        if accounting and not user.has_group("account.group_account_manager"):
            raise AccessError(
                self.env._(
                    "Creating the salary journal and its accounts needs the "
                    "Accounting Administrator right."
                )
            )

    def action_setup_all(self):
        """Create what is missing for the company and fix what needs no
        data entry on the members' contracts."""
        self.ensure_one()
        setup = self._sp_env()
        setup._sp_refresh()
        for line in setup.line_ids.filtered(
            lambda x: x.state == "missing" and x.item in AUTOMATIC
        ):
            line._sp_fix()
        setup._sp_refresh()
        return self._sp_reopen()

    def action_refresh(self):
        self._sp_refresh()
        return self._sp_reopen()

    def _sp_ensure_categories(self):
        """Sales Performance Pay under a shared Allowance category (ALW),
        which the gross and net rules sum. Shared by every company, as the
        sales performance rules are."""
        self._sp_check_rights()
        Category = self.env["hr.salary.rule.category"]
        categories = {}
        for code, name in (
            ("BASIC", self.env._("Basic")),
            ("ALW", self.env._("Allowance")),
            ("GROSS", self.env._("Gross")),
            ("DED", self.env._("Deduction")),
            ("NET", self.env._("Net")),
        ):
            categories[code] = Category.search(
                [("code", "=", code), ("company_id", "=", False)], limit=1
            ) or Category.create({"name": name, "code": code, "company_id": False})
        sales = self._sp_category_sales()
        if not sales.parent_id:
            sales.parent_id = categories["ALW"]
        return categories

    def _sp_ensure_structure(self):
        self._sp_check_rights()
        structure = self._sp_structure()
        if not structure:
            categories = self._sp_ensure_categories()
            Rule = self.env["hr.salary.rule"]
            company = self.company_id
            rules = Rule.create(
                [
                    {
                        "name": self.env._("Basic Salary"),
                        "code": "BASIC",
                        "sequence": 1,
                        "company_id": company.id,
                        "category_id": categories["BASIC"].id,
                        "amount_select": "code",
                        "amount_python_compute": "result = contract.wage",
                    },
                    {
                        "name": self.env._("Gross"),
                        "code": "GROSS",
                        # after the sales performance rules (150-156)
                        "sequence": 190,
                        "company_id": company.id,
                        "category_id": categories["GROSS"].id,
                        "amount_select": "code",
                        "amount_python_compute": (
                            "result = categories.BASIC + categories.ALW"
                        ),
                    },
                    {
                        "name": self.env._("Net Salary"),
                        "code": "NET",
                        "sequence": 200,
                        "company_id": company.id,
                        "category_id": categories["NET"].id,
                        "amount_select": "code",
                        "amount_python_compute": (
                            "result = categories.BASIC + categories.ALW "
                            "+ categories.DED"
                        ),
                    },
                ]
            )
            structure = self.env["hr.payroll.structure"].create(
                {
                    "name": self.env._("Sales Staff"),
                    "code": self._sp_free_structure_code(),
                    "company_id": company.id,
                    "parent_id": False,
                    "rule_ids": [Command.set(rules.ids)],
                }
            )
        if self._sp_missing(structure):
            structure.action_sp_add_rules()
        if not self.company_id.payroll_structure_id:
            self.company_id.sudo().payroll_structure_id = structure
        self.structure_id = structure
        return structure

    def _sp_free_structure_code(self):
        Structure = self.env["hr.payroll.structure"].sudo()
        code, index = "SP_SALES", 1
        while Structure.search_count([("code", "=", code)]):
            index += 1
            code = f"SP_SALES{index}"
        return code

    def _sp_ensure_accounts(self):
        """Salaries and Wages and Sales Commission (expenses), Salaries
        Payable (current liability), set on the rules without accounts."""
        self._sp_check_rights(accounting=True)
        structure = self._sp_ensure_structure()
        rules = self._sp_rules_without_accounts(structure)
        if not rules:
            return
        wages = self._sp_account("expense", self.env._("Salaries and Wages"), "6000")
        commission = self._sp_account("expense", self.env._("Sales Commission"), "6000")
        payable = self._sp_payable()
        sales_rules = self.env["hr.payroll.structure"]._sp_salary_rules()
        for rule in rules.with_company(self.company_id):
            if rule.code == "NET":
                rule.account_credit = payable
            elif rule in sales_rules:
                rule.account_debit = commission
            else:
                rule.account_debit = wages

    def _sp_payable(self):
        return self._sp_account(
            "liability_current", self.env._("Salaries Payable"), "2000"
        )

    def _sp_account(self, account_type, name, fallback_code):
        Account = self.env["account.account"].with_company(self.company_id)
        account = Account.search(
            [
                ("company_ids", "in", self.company_id.ids),
                ("account_type", "=", account_type),
                ("name", "=", name),
            ],
            limit=1,
        )
        if account:
            return account
        start = Account.search(
            [
                ("company_ids", "in", self.company_id.ids),
                ("account_type", "=", account_type),
            ],
            order="code desc",
            limit=1,
        ).code
        code = Account._search_new_account_code(start or fallback_code)
        return Account.create(
            {
                "name": name,
                "code": code,
                "account_type": account_type,
                "company_ids": [Command.set(self.company_id.ids)],
            }
        )

    def _sp_ensure_journal(self):
        self._sp_check_rights(accounting=True)
        journal = self._sp_journal()
        if not journal:
            Journal = self.env["account.journal"].with_company(self.company_id)
            code, index = "SAL", 1
            while Journal.search_count(
                [("company_id", "=", self.company_id.id), ("code", "=", code)]
            ):
                index += 1
                code = f"SAL{index}"
            journal = Journal.create(
                {
                    "name": self.env._("Salaries"),
                    "code": code,
                    "type": "general",
                    "company_id": self.company_id.id,
                    "default_account_id": self._sp_payable().id,
                }
            )
        self.journal_id = journal
        return journal


class SalesPerformancePayrollSetupLine(models.TransientModel):
    _name = "sales.performance.payroll.setup.line"
    _description = "Payroll Set-up Item"
    _order = "sequence, id"

    setup_id = fields.Many2one(
        "sales.performance.payroll.setup", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    scope = fields.Selection([("company", "Company"), ("member", "Plan Member")])
    item = fields.Selection(ITEMS, required=True)
    member_id = fields.Many2one("sales.performance.member")
    employee_id = fields.Many2one("hr.employee")
    contract_id = fields.Many2one("hr.contract")
    state = fields.Selection([("ok", "Done"), ("missing", "Missing")], required=True)
    note = fields.Char()

    def action_fix(self):
        self.ensure_one()
        result = self._sp_fix()
        if isinstance(result, dict):
            return result
        self.setup_id._sp_refresh()
        return self.setup_id._sp_reopen()

    def _sp_fix(self):
        """Fix the item: create or set what is missing, or open the form
        where the user enters it."""
        self.ensure_one()
        setup = self.setup_id._sp_env()
        if self.item == "categories":
            setup._sp_ensure_categories()
        elif self.item == "structure":
            setup._sp_ensure_structure()
        elif self.item == "accounts":
            setup._sp_ensure_accounts()
        elif self.item == "journal":
            setup._sp_ensure_journal()
        elif self.item == "contract_structure":
            setup._sp_check_rights()
            self.contract_id.struct_id = setup._sp_ensure_structure()
        elif self.item == "contract_journal":
            setup._sp_check_rights(accounting=not setup._sp_journal())
            self.contract_id.journal_id = setup._sp_ensure_journal()
        elif self.item in ("user", "employee"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "hr.employee",
                "res_id": self.employee_id.id,
                "view_mode": "form",
                "target": "current",
            }
        elif self.item == "contract":
            return self._sp_new_contract(setup)
        return True

    def _sp_new_contract(self, setup):
        """A running contract of the member over the plan, with the salary
        structure and journal: the user enters the wage and saves."""
        date_from = self.member_id._effective_dates()[0]
        structure = setup._sp_structure()
        journal = setup._sp_journal()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "New contract of %(employee)s", employee=self.employee_id.name
            ),
            "res_model": "hr.contract",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_employee_id": self.employee_id.id,
                "default_name": self.employee_id.name,
                "default_company_id": setup.company_id.id,
                "default_date_start": fields.Date.to_string(date_from),
                "default_state": "open",
                "default_struct_id": structure.id,
                "default_journal_id": journal.id,
            },
        }
