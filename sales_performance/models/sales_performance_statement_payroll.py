# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll bridge of statements: post approved lines to OCA payroll payslips
as inputs, once and traceably (R-W1, R-W2), by a payroll officer who is not
the approver when the company says so (R-W3)."""

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, LazyTranslate

from ..tools.payroll import Money, on_payroll_path, post, render, with_worked_days
from ..tools.states import PAYSLIP_OPEN_STATES, POSTED_STATES

_lt = LazyTranslate(__name__)

POSTED = _lt("Posted to payslip %(payslip)s: %(amount)s.")
POSTED_SUMMARY = _lt(
    "%(posted)s statement(s) posted to payroll, %(failed)s not posted."
)
NOT_POSTED = _lt("Not posted to payroll: %(reason)s")
PAID = _lt("Paid with payslip %(payslip)s.")
NOTHING_TO_PAY = _lt(
    "Nothing to pay through payroll (no payable amount): settled without a payslip."
)
TAKEN_OFF = _lt(
    "Taken off payslip %(payslip)s (%(amount)s) by %(user)s: %(reason)s. The "
    "statement is approved again and can be posted again."
)


class StatementBusy(UserError):
    """The statement is being posted in another session (row locked)."""


class SalesPerformanceStatement(models.Model):
    _inherit = "sales.performance.statement"

    payslip_id = fields.Many2one(
        "hr.payslip",
        compute="_compute_payslip_id",
        help="The payslip the statement's lines are posted on.",
    )
    posted_uid = fields.Many2one(
        "res.users", string="Posted By", readonly=True, copy=False
    )
    posted_date = fields.Datetime(string="Posted On", readonly=True, copy=False)
    payroll_error = fields.Char(
        readonly=True, copy=False, help="Why the last posting attempt failed."
    )

    @api.depends("line_ids.payslip_id")
    def _compute_payslip_id(self):
        # The lines store their payslip: no payroll right is needed to know it
        # (HR officers open posted statements; the link shows to payroll only).
        for statement in self:
            statement.payslip_id = statement.line_ids.payslip_id[:1]

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def action_post_to_payroll(self):
        """Server action "Post to payroll": every approved statement is posted
        or says why not; one failure does not stop the others. Above the
        company's background threshold with queue_job: in chunks of jobs
        (issue 25)."""
        self._sp_check_payroll_right()
        Operation = self.env["sales.performance.operation"]
        if Operation._sp_big(len(self)):
            return Operation._sp_start("post", self)
        # Not approved: said in the answer, not in the chatter (issue 21: "0
        # posted, 0 not posted" told nothing); already on payroll: counted.
        unapproved = self.filtered(lambda s: s.state in ("draft", "computed"))
        on_payroll = self.filtered(lambda s: s.state in POSTED_STATES)
        state_names = dict(self._fields["state"]._description_selection(self.env))
        posted, failed = (self - unapproved - on_payroll)._sp_post_statements()
        for statement in unapproved:
            failed[statement] = self.env._(
                "it is %(state)s, not approved: an approver approves it before "
                "it is posted (R-W3).",
                state=state_names[statement.state],
            )
        message = render(
            self.env,
            POSTED_SUMMARY,
            posted=len(posted),
            failed=len(failed),
        )
        if on_payroll:
            message += " " + self.env._(
                "%(count)s already on payroll (nothing posted twice).",
                count=len(on_payroll),
            )
        return self._sp_selection_result(self.env._("Post to payroll"), message, failed)

    def _sp_check_payroll_right(self):
        if not self.env.user.has_group("sales_performance.group_sp_payroll"):
            raise AccessError(
                self.env._("Posting to payroll needs the payroll officer right.")
            )

    def _sp_post_statements(self, payslips=None):
        """Post the approved statements among these, set-wise (issue 25):
        locked together (a statement another session holds is reported, not
        waited on), checked one by one without writing (what cannot be
        posted is said per statement and does not stop the others), then the
        pay period's payslips of all their employees found or created at
        once, the inputs written together, each payslip computed once and
        the chatter written in one go. Works on any subset (a job's chunk)
        in one transaction; posting again posts only what is left.
        ``payslips``: the payslips to post on when they hold the employee's
        pay period (a payslip batch's). Returns ``(posted, {statement: why
        not})``; why not is written on each statement that is not being
        posted by another session."""
        self._sp_check_payroll_right()
        failed, busy = {}, self.browse()
        approved = self.filtered(lambda s: s.state == "approved")
        locked = approved._sp_lock_set()
        for statement in approved - locked:
            # Locked by the other session: do not wait on it to write why.
            failed[statement] = self.env._(
                "Statement '%(statement)s' is being posted in another session.",
                statement=statement.name,
            )
            busy |= statement
        todo = locked.filtered(lambda s: s.state == "approved")
        try:
            with self.env.cr.savepoint():
                posted, refused = todo._sp_post_set(payslips)
        except UserError:
            # A refusal no check foresaw: one statement at a time, each under
            # its own savepoint, so that it does not stop the others.
            posted, refused = todo._sp_post_each(payslips)
        failed.update(refused)
        self._sp_record_payroll_errors(
            {s: why for s, why in failed.items() if s not in busy}
        )
        return posted, failed

    def _sp_post_each(self, payslips=None):
        posted, refused = self.browse(), {}
        for statement in self:
            try:
                with self.env.cr.savepoint():
                    if statement._sp_post_one(payslips):
                        posted |= statement
            except UserError as error:
                refused[statement] = error.args[0]
        return posted, refused

    def _sp_record_payroll_error(self, reason):
        """Why the statements were not posted: on them and in their chatter."""
        self._sp_record_payroll_errors(dict.fromkeys(self, reason))

    def _sp_record_payroll_errors(self, reasons):
        """``{statement: why}``: on each statement and in its chatter, in
        one write per reason and one for the messages."""
        if not reasons:
            return
        by_reason = {}
        for statement, reason in reasons.items():
            by_reason[reason] = by_reason.get(reason, self.browse()) | statement
        for reason, statements in by_reason.items():
            statements.sudo().payroll_error = reason
        statements = self.browse().union(*reasons)
        post(
            statements.sudo(),
            NOT_POSTED,
            each={s.id: {"reason": why} for s, why in reasons.items()},
        )

    def _sp_lock(self):
        """Row lock for the posting: a concurrent post of the same statement
        is refused instead of writing twice (R-W2)."""
        self.ensure_one()
        # read before the lock: once it fails the transaction reads nothing
        # until the caller's savepoint rolls back
        name = self.name
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sales_performance_statement WHERE id = %s "
                    "FOR UPDATE NOWAIT",
                    self.id,
                )
            )
        except errors.LockNotAvailable as error:
            raise StatementBusy(
                self.env._(
                    "Statement '%(statement)s' is being posted in another session.",
                    statement=name,
                )
            ) from error
        self.invalidate_recordset(["state"])

    def _sp_lock_set(self):
        """The row locks of :meth:`_sp_lock` on all these statements in one
        query; returns those locked: the others are being posted in another
        session (R-W2), and are not waited on."""
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sales_performance_statement WHERE id IN %s "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(["state"])
        return self.filtered(lambda s: s.id in locked)

    def _sp_post_one(self, payslips=None):
        """Post this one statement (locked first); raises why it cannot be
        posted. False if it was posted meanwhile."""
        self.ensure_one()
        self._sp_lock()
        if self.state != "approved":
            return False  # posted meanwhile: nothing to do, nothing twice
        posted, refused = self._sp_post_set(payslips)
        if refused:
            raise UserError(refused[self])
        return bool(posted)

    def _sp_payable_lines(self):
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: (
                line.line_state == "ok"
                and not line.payslip_input_id
                and not line.currency_id.is_zero(line.amount)
            )
        )

    def _sp_post_set(self, payslips=None):
        """Post these approved statements, locked by the caller, set-wise.
        Every refusal that can be foreseen is found before anything is
        written and returned as ``{statement: why}``; then one payslip per
        employee and pay period, the inputs, one computation per payslip,
        the states and the messages. Returns ``(posted, refused)``."""
        refused, allowed = {}, {}
        for statement in self:
            try:
                allowed.update(statement._sp_check_postable())
            except UserError as error:
                refused[statement] = error.args[0]
        codes = self.env["sales.performance.payout.code"]._code_map()
        payable, settled = {}, self.browse()
        for statement in self - self.browse().union(*refused):
            lines = statement._sp_payable_lines()
            if statement.currency_id.is_zero(sum(lines.mapped("amount"))):
                # Nothing to pay (no payable line, or lines that cancel out,
                # e.g. a commission taken back whole by a clawback carried
                # forward): no payslip is made or left open for it, the
                # statement is settled at once, its lines stay unposted.
                settled |= statement
                continue
            missing_kind = set(lines.mapped("kind")) - set(codes)
            if missing_kind:
                refused[statement] = self.env._(
                    "No payroll input code for %(kinds)s: set it in Payroll Input "
                    "Codes.",
                    kinds=", ".join(sorted(missing_kind)),
                )
                continue
            payable[statement] = lines
        slips, why = (
            self.browse().union(*payable)._sp_payslips_set(payable, codes, payslips)
        )
        refused.update(why)
        payable = {s: lines for s, lines in payable.items() if s in slips}
        self._sp_put_inputs_set(slips, payable, codes)
        touched = self.env["hr.payslip"].browse(list({p.id: 0 for p in slips.values()}))
        if touched:
            touched.sudo().compute_sheet()
        posted = self.browse().union(*payable)
        values = {
            "posted_uid": self.env.uid,
            "posted_date": fields.Datetime.now(),
            "payroll_error": False,
        }
        # The status change is tracked in the note that says it (one message
        # per statement, written together) rather than by a second message
        # per statement at commit.
        untracked = self.sudo().with_context(mail_notrack=True)
        if posted:
            untracked.browse(posted.ids).write(dict(values, state="posted"))
        if settled:
            untracked.browse(settled.ids).write(dict(values, state="paid"))
        done = posted | settled
        self.browse().union(*allowed).filtered(lambda s: s in done)._sp_log_one_person(
            {s: phrases for s, phrases in allowed.items() if s in done}, "post"
        )
        post(
            posted,
            POSTED,
            each={
                s.id: {
                    "payslip": slips[s]._sp_label(),
                    "amount": Money(sum(payable[s].mapped("amount")), s.currency_id),
                }
                for s in posted
            },
            tracking=self._sp_state_tracking(posted, "approved", "posted"),
        )
        post(
            settled,
            NOTHING_TO_PAY,
            tracking=self._sp_state_tracking(settled, "approved", "paid"),
        )
        return done, refused

    def _sp_state_tracking(self, statements, before, after):
        """``{statement id: [tracking values]}``: the change of status from
        ``before`` to ``after``, as Odoo's tracking writes it."""
        if not statements or self.env.context.get("tracking_disable"):
            return {}
        info = self.fields_get(
            ["state"], attributes=("string", "type", "selection", "currency_field")
        )["state"]
        values = self.env["mail.tracking.value"]._create_tracking_values(
            before, after, "state", info, statements[:1]
        )
        return {statement.id: [values] for statement in statements}

    def _sp_check_postable(self):
        """Refuse posting a statement without an approver, by who computed or
        approved it when the company separates them (R-W3), or in another
        currency than the company's. Returns what the company setting
        allows one person to do (the caller says it in the chatter once the
        statement is posted)."""
        if not self.approved_uid:
            # only action_approve sets the state with its approver (issue 12)
            raise UserError(
                self.env._(
                    "'%(statement)s' has no approver: an approver must approve it "
                    "before it is posted (R-W3).",
                    statement=self.name,
                )
            )
        company = self.company_id
        # R-W3: not by who computed or approved it (the company settings
        # say; the chatter records it when one person may do all).
        allowed = self._sp_check_duties("post")
        if self.currency_id != company.currency_id:
            raise UserError(
                self.env._(
                    "'%(statement)s' is in %(currency)s but payroll pays in "
                    "%(company_currency)s.",
                    statement=self.name,
                    currency=self.currency_id.name,
                    company_currency=company.currency_id.name,
                )
            )
        return allowed

    def _sp_missing_input_codes(self, structure, lines, codes, known):
        """The input codes of ``lines`` that ``structure`` reads no rule of
        (``known``: a cache of each structure's codes)."""
        if structure.id not in known:
            rules = structure.get_structure_with_parents().get_all_rules()
            known[structure.id] = set(rules.input_ids.mapped("code"))
        return sorted(
            {codes[kind].code for kind in lines.mapped("kind")} - known[structure.id]
        )

    def _sp_structure_error(self, structure, missing):
        return self.env._(
            "Salary structure '%(structure)s' has no rule reading %(codes)s: "
            "add the sales performance rules to it.",
            structure=structure.name,
            codes=", ".join(missing),
        )

    def _sp_payslips_set(self, payable, codes, payslips=None):
        """The payslip of each statement (``payable``: its lines): the
        employee's draft or computed payslip of the pay period, among
        ``payslips`` if one fits, else found, else created when the company
        allows it, for all employees at once and under the same lock on the
        employees as posting one statement and payslip batches (R-W2).
        Returns ``({statement: payslip}, {statement: why not})``; a payslip
        is created only for a statement that can be posted on it."""
        Payslip = self.env["hr.payslip"]
        slips, refused = {}, {}
        if not self:
            return slips, refused

        def window(statement):
            period = statement.pay_period_id or statement.period_id
            return (period.date_start, period.date_end, statement.company_id)

        windows = {}
        for statement in self:
            windows.setdefault(window(statement), self.browse())
            windows[window(statement)] |= statement

        def first_open(found):
            """{employee id: oldest open payslip} among ``found``."""
            result = {}
            for payslip in found.sorted("id"):
                if payslip.state in PAYSLIP_OPEN_STATES:
                    result.setdefault(payslip.employee_id.id, payslip)
            return result

        # found: among the given payslips first, then any open one
        missing = self.browse()
        for (start, end, company), statements in windows.items():
            employees = statements.employee_id
            given = {}
            if payslips:
                given = first_open(
                    Payslip.sudo().search(
                        Payslip._sp_period_domain(employees, start, end, company)
                        + [("id", "in", payslips.ids)]
                    )
                )
            found = first_open(
                Payslip._sp_open_payslips(employees, start, end, company)
            )
            for statement in statements:
                payslip = given.get(statement.employee_id.id) or found.get(
                    statement.employee_id.id
                )
                if payslip:
                    slips[statement] = payslip
                else:
                    missing |= statement
        if missing:
            # Creating payslips is serialised per employee: two postings (of
            # two plans, or a post and a payslip batch) that find no payslip
            # must not both create one.
            Payslip._sp_lock_employees(missing.employee_id)
            to_create = missing._sp_payslips_to_create(windows, slips, refused)
        else:
            to_create = {}
        self._sp_check_payslips(slips, to_create, payable, codes, refused)
        for statement in refused:
            slips.pop(statement, None)
            to_create.pop(statement, None)
        slips.update(self._sp_create_payslips(to_create))
        return slips, refused

    def _sp_check_payslips(self, slips, to_create, payable, codes, refused):
        """Refuse (in ``refused``) the statements whose payslip, found or to
        create, has no contract or salary structure, or a structure without a
        rule reading every input code of their lines."""
        known = {}
        for statement in self:
            payslip = slips.get(statement)
            if statement in refused or (not payslip and statement not in to_create):
                continue
            if payslip:
                contract, structure = payslip.contract_id, payslip.struct_id
                if not contract or not structure:
                    # a batch makes payslips without a contract: say what
                    # is missing
                    try:
                        statement._sp_payslip_contract(
                            statement.pay_period_id or statement.period_id
                        )
                        reason = self.env._(
                            "Payslip %(payslip)s has no contract or salary "
                            "structure: set them on the payslip, or delete it and "
                            "post again.",
                            payslip=payslip._sp_label(),
                        )
                    except UserError as error:
                        reason = error.args[0]
                    refused[statement] = reason
                    continue
            else:
                structure = to_create[statement][1].struct_id
            missing_codes = self._sp_missing_input_codes(
                structure, payable[statement], codes, known
            )
            if missing_codes:
                refused[statement] = self._sp_structure_error(structure, missing_codes)

    def _sp_payslips_to_create(self, windows, slips, refused):
        """Under the lock on the employees: the payslips found meanwhile go
        to ``slips``; a confirmed payslip of the period, a company that does
        not create payslips or a contract missing go to ``refused``.
        Returns ``{statement: (key, contract)}`` of the payslips to create,
        ``key`` shared by the statements of one new payslip."""
        Payslip = self.env["hr.payslip"]
        to_create, planned = {}, {}
        for (start, end, company), statements in windows.items():
            statements = statements & self
            if not statements:
                continue
            employees = statements.employee_id
            found = {}
            for payslip in Payslip._sp_open_payslips(employees, start, end, company):
                found.setdefault(payslip.employee_id.id, payslip)
            confirmed = {}
            for payslip in Payslip._sp_confirmed_payslips(
                employees, start, end, company
            ):
                confirmed.setdefault(payslip.employee_id.id, payslip)
            contracts = {}
            for contract in employees.sudo()._get_contracts(start, end):
                contracts.setdefault(contract.employee_id.id, contract)
            for statement in statements:
                employee = statement.employee_id
                period = statement.pay_period_id or statement.period_id
                if employee.id in found:
                    slips[statement] = found[employee.id]
                    continue
                # a new payslip of the same employee planned for an
                # overlapping period takes it (as posting one by one would)
                key = next(
                    (
                        key
                        for key in planned.get(employee.id, ())
                        if key[1] <= end and key[2] >= start and key[3] == company
                    ),
                    None,
                )
                if key:
                    to_create[statement] = (key, planned[employee.id][key])
                    continue
                try:
                    if employee.id in confirmed:
                        raise UserError(
                            self.env._(
                                "The payslip %(payslip)s of %(employee)s for "
                                "%(period)s is already confirmed: post the statement "
                                "with a later pay period, or refund that payslip "
                                "first.",
                                payslip=confirmed[employee.id]._sp_label(),
                                employee=employee.name,
                                period=period.name,
                            )
                        )
                    if not statement.company_id.sp_payroll_create_payslip:
                        raise UserError(
                            self.env._(
                                "%(employee)s has no draft payslip for %(period)s and "
                                "the company does not create them: generate the "
                                "payslips first.",
                                employee=employee.name,
                                period=period.name,
                            )
                        )
                    contract = statement._sp_payslip_contract(
                        period, contracts.get(employee.id)
                    )
                except UserError as error:
                    refused[statement] = error.args[0]
                    continue
                key = (employee.id, start, end, company)
                planned.setdefault(employee.id, {})[key] = contract
                to_create[statement] = (key, contract)
        return to_create

    def _sp_create_payslips(self, to_create):
        """Create the payslips of ``to_create`` (see
        :meth:`_sp_payslips_to_create`) in one go: new draft payslips on the
        employees' running contracts, with the inputs and worked days
        payroll proposes. Returns ``{statement: payslip}``."""
        # the addon's input codes, read once rather than once a payslip
        reserved = frozenset(self.env["hr.payslip.input"]._sp_reserved_codes())
        Payslip = self.env["hr.payslip"].sudo().with_context(sp_reserved_codes=reserved)
        keys, vals_list = {}, []
        # read together what payroll reads of each employee and contract
        plans = dict(to_create.values())
        employees = self.env["hr.employee"].sudo().browse([k[0] for k in plans])
        employees.mapped("contract_id.resource_calendar_id")
        contracts = self.env["hr.contract"].sudo().union(*plans.values())
        contracts.mapped("resource_calendar_id")
        contracts.mapped("struct_id")
        # the worked days of all of them at once, as OCA payroll computes
        # them for the contracts it takes (the employee's current one)
        Payslip = with_worked_days(
            Payslip,
            Payslip._sp_worked_day_lines_batch(
                [
                    (employees.browse(key[0]).contract_id, key[1], key[2])
                    for key in plans
                ]
            ),
        )
        for key, contract in plans.items():
            employee_id, start, end, company = key
            keys[key] = len(vals_list)
            values = Payslip.get_payslip_vals(start, end, employee_id, contract.id)[
                "value"
            ]
            vals_list.append(
                {
                    "employee_id": employee_id,
                    "company_id": company.id,
                    "date_from": start,
                    "date_to": end,
                    "contract_id": contract.id,
                    "struct_id": values.get("struct_id") or contract.struct_id.id,
                    "input_line_ids": [
                        Command.create(v) for v in values.get("input_line_ids", [])
                    ],
                    "worked_days_line_ids": [
                        Command.create(v)
                        for v in values.get("worked_days_line_ids", [])
                    ],
                }
            )
        if not vals_list:
            return {}
        payslips = (
            with_worked_days(Payslip, None)
            .create(vals_list)
            .with_context(sp_reserved_codes=None)
        )
        payslips._compute_name()
        return {
            statement: payslips[keys[key]]
            for statement, (key, _contract) in to_create.items()
        }

    def _sp_put_inputs_set(self, slips, payable, codes):
        """Add the lines of each statement (``payable``) to its payslip
        (``slips``), one input per code (added to the input of the code if
        the payslip has one), created together, and link each line to its
        input (R-W1: traceable). The addon's own path: nobody else writes
        these inputs (issue 20)."""
        Input = on_payroll_path(self.env["hr.payslip.input"].sudo())
        Line = self.env["sales.performance.statement.line"].sudo()
        existing = {}
        payslips = (
            self.env["hr.payslip"]
            .sudo()
            .browse(list({p.id: 0 for p in slips.values()}))
        )
        for payslip_input in payslips.input_line_ids:
            existing.setdefault(
                (payslip_input.payslip_id.id, payslip_input.code), payslip_input
            )
        # {(payslip id, code): [amount, lines]}
        totals = {}
        for statement, lines in payable.items():
            payslip = slips[statement]
            for kind in sorted(set(lines.mapped("kind"))):
                kind_lines = lines.filtered(lambda line, k=kind: line.kind == k)
                entry = totals.setdefault(
                    (payslip.id, codes[kind].code), [0.0, Line, codes[kind], payslip]
                )
                entry[0] += statement.currency_id.round(
                    sum(kind_lines.mapped("amount"))
                )
                entry[1] |= kind_lines
        new_vals, new_lines = [], []
        for key, (amount, lines, code, payslip) in totals.items():
            currency = payslip.company_id.currency_id
            payslip_input = existing.get(key)
            if payslip_input:
                Input.browse(payslip_input.id).amount = currency.round(
                    payslip_input.amount + amount
                )
                lines.write({"payslip_input_id": payslip_input.id})
                continue
            new_vals.append(
                {
                    "payslip_id": payslip.id,
                    "contract_id": payslip.contract_id.id,
                    "code": code.code,
                    "name": code.name,
                    "amount": currency.round(amount),
                }
            )
            new_lines.append(lines)
        for payslip_input, lines in zip(Input.create(new_vals), new_lines, strict=True):
            lines.write({"payslip_input_id": payslip_input.id})

    def _sp_payslip_contract(self, period, contract=None):
        """The employee's running contract in ``period`` (``contract``: the
        one found for it), with a salary structure."""
        if contract is None:
            contract = self.employee_id.sudo()._get_contracts(
                period.date_start, period.date_end
            )[:1]
        if not contract:
            raise UserError(
                self.env._(
                    "%(employee)s has no running contract in %(period)s.",
                    employee=self.employee_id.name,
                    period=period.name,
                )
            )
        if not contract.struct_id:
            raise UserError(
                self.env._(
                    "Contract %(contract)s of %(employee)s has no salary structure.",
                    contract=contract.name,
                    employee=self.employee_id.name,
                )
            )
        return contract

    # ------------------------------------------------------------------
    # Taking commission off payroll (issue 20)
    # ------------------------------------------------------------------
    def action_open_take_off_payroll(self):
        self._sp_check_payroll_right()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Take off payroll"),
            "res_model": "sales.performance.payroll.unpost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_statement_ids": self.ids},
        }

    def _sp_take_off_payroll(self, reason):
        """Take posted statements off their (draft or computed) payslips:
        their lines leave the inputs, the payslip is recomputed and the
        statements are approved again; the reason goes in their chatter. The
        only way commission leaves a payslip that is not cancelled, refunded
        or deleted."""
        self._sp_check_payroll_right()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the commission leaves payroll."))
        for statement in self:
            statement._sp_lock()
            if statement.state != "posted":
                raise UserError(
                    self.env._(
                        "Only a posted statement whose payslip is not confirmed can "
                        "be taken off payroll: '%(statement)s' is %(state)s. A paid "
                        "statement comes back when its payslip is refunded.",
                        statement=statement.name,
                        state=dict(
                            statement._fields["state"]._description_selection(self.env)
                        )[statement.state],
                    )
                )
            lines = statement.sudo().line_ids.filtered("payslip_input_id")
            payslips = lines.payslip_input_id.payslip_id
            confirmed = payslips.filtered(lambda p: p.state not in PAYSLIP_OPEN_STATES)
            if confirmed:
                raise UserError(
                    self.env._(
                        "Payslip %(payslip)s is %(state)s: refund it instead.",
                        payslip=confirmed[:1]._sp_label(),
                        state=confirmed[:1].state,
                    )
                )
            for payslip_input in on_payroll_path(lines.payslip_input_id):
                mine = lines.filtered(
                    lambda line, i=payslip_input: line.payslip_input_id == i
                )
                others = payslip_input.sp_statement_line_ids - mine
                mine.write({"payslip_input_id": False})
                if others:
                    payslip_input.amount = statement.currency_id.round(
                        payslip_input.amount - sum(mine.mapped("amount"))
                    )
                else:
                    payslip_input.unlink()
            payslips.sudo().compute_sheet()
            statement.sudo().write(
                {"state": "approved", "posted_uid": False, "posted_date": False}
            )
            post(
                statement,
                TAKEN_OFF,
                payslip=payslips._sp_label(),
                amount=Money(sum(lines.mapped("amount")), statement.currency_id),
                user=self.env.user.name,
                reason=reason,
            )
        return True

    # ------------------------------------------------------------------
    # Payslip life cycle (called from hr.payslip)
    # ------------------------------------------------------------------
    def _sp_mark_paid(self, payslips):
        statements = self.filtered(lambda s: s.state == "posted")
        statements.sudo().write({"state": "paid"})
        post(statements, PAID, payslip=payslips._sp_label())

    def _sp_back_to_approved(self, term, inputs=None, remove=False, **params):
        """Unlink the lines posted on ``inputs`` (all of the statements'
        inputs if not given) and reopen their statements for posting, saying
        ``term`` (with ``params``) in their chatter; ``remove``: delete those
        inputs too (a cancelled payslip keeps nothing to pay twice)."""
        lines = self.sudo().line_ids.filtered("payslip_input_id")
        if inputs is not None:
            lines = lines.filtered(lambda line: line.payslip_input_id in inputs)
        statements = lines.statement_id.filtered(lambda s: s.state in POSTED_STATES)
        removed = lines.payslip_input_id
        lines.write({"payslip_input_id": False})
        if remove:
            on_payroll_path(removed).unlink()
        statements.write(
            {"state": "approved", "posted_uid": False, "posted_date": False}
        )
        post(statements.with_env(self.env), term, **params)
