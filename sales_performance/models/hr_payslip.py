# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payslips carrying sales performance pay (R-W1, R-W2, issue 20).

What a payslip pays from statements changes only through the statements:
OCA payroll's own paths (the form's onchanges, duplicate, confirm, cancel,
refund, delete, reset to draft) either leave those inputs alone or hand
them back to their statements, in the statements' chatter."""

from datetime import datetime, time

from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, LazyTranslate, format_amount

from ..tools.payroll import (
    WorkedDays,
    is_compute_deferred,
    is_payroll_path,
    known_worked_days,
    on_payroll_path,
)
from ..tools.states import PAYSLIP_OPEN_STATES

_lt = LazyTranslate(__name__)

CANCELLED = _lt(
    "Payslip %(payslip)s was cancelled: the statement is approved again and can "
    "be posted on another payslip."
)
REFUNDED = _lt(
    "Payslip %(payslip)s was refunded: what it paid is taken back and the "
    "statement is approved again, to be posted on a new payslip."
)
DELETED = _lt(
    "Payslip %(payslip)s was deleted: the statement is approved again and can "
    "be posted again."
)


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    sp_statement_ids = fields.Many2many(
        "sales.performance.statement",
        string="Commission Statements",
        compute="_compute_sp_statement_ids",
    )

    sp_amount = fields.Monetary(
        string="Sales Performance Pay",
        compute="_compute_sp_amount",
        currency_field="sp_currency_id",
        help="What the payslip pays from commission statements.",
    )
    sp_currency_id = fields.Many2one(related="company_id.currency_id")

    # What would move a payslip's sales performance pay to another employee,
    # contract or month: frozen while the payslip pays statement lines.
    _sp_frozen_fields = (
        "employee_id",
        "contract_id",
        "date_from",
        "date_to",
        "company_id",
        "credit_note",
    )

    def _compute_sp_statement_ids(self):
        for payslip in self:
            payslip.sp_statement_ids = (
                payslip.input_line_ids.sudo().sp_statement_line_ids.statement_id
            )

    def _compute_sp_amount(self):
        for payslip in self:
            payslip.sp_amount = sum(payslip._sp_paying_inputs().mapped("amount"))

    def _sp_reference(self):
        """The payslip as the addon's messages name it: its number, else its
        month (``2026-11``); not its name, which OCA payroll writes in the
        language of whoever created it ("Salary Slip of ... for
        November-2026") while the messages read in each reader's (issue
        23)."""
        self.ensure_one()
        return self.number or fields.Date.to_string(self.date_from)[:7]

    def _sp_statements(self):
        return self.sudo().input_line_ids.sp_statement_line_ids.statement_id

    def _sp_paying_inputs(self):
        return self.sudo().input_line_ids.filtered("sp_statement_line_ids")

    def _sp_label(self):
        # not mapped(): on no payslip (OCA cancels an empty refund) it would
        # call the function on the empty recordset
        return ", ".join(payslip._sp_reference() for payslip in self)

    # ------------------------------------------------------------------
    # One payslip per employee and month: posting and batches (R-W2)
    # ------------------------------------------------------------------
    @api.model
    def _sp_lock_employees(self, employees):
        """Serialise whoever finds or creates the payslips of ``employees``
        (a posting, a payslip batch): the UPDATE locks the employee rows
        until the end of the transaction; a transaction that waited on them
        then fails with a serialisation error (repeatable read) and Odoo
        retries the request, which finds the payslips created meanwhile."""
        if employees:
            self.env.cr.execute(
                SQL(
                    "UPDATE hr_employee SET write_date = write_date WHERE id IN %s",
                    tuple(sorted(employees.ids)),
                )
            )

    @api.model
    def _sp_period_domain(self, employees, date_from, date_to, company=None):
        domain = [
            ("employee_id", "in", employees.ids),
            ("date_from", "<=", date_to),
            ("date_to", ">=", date_from),
            ("credit_note", "=", False),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        return domain

    @api.model
    def _sp_open_payslips(self, employees, date_from, date_to, company=None):
        """The draft or computed payslips of ``employees`` overlapping the
        dates, oldest first."""
        return self.sudo().search(
            self._sp_period_domain(employees, date_from, date_to, company)
            + [("state", "in", PAYSLIP_OPEN_STATES)],
            order="id",
        )

    @api.model
    def _sp_confirmed_payslips(self, employees, date_from, date_to, company=None):
        """The confirmed payslips of ``employees`` overlapping the dates
        that were not refunded."""
        return self.sudo().search(
            self._sp_period_domain(employees, date_from, date_to, company)
            + [("state", "=", "done"), ("refunded_id", "=", False)],
            order="id",
        )

    # ------------------------------------------------------------------
    # OCA payroll's paths
    # ------------------------------------------------------------------
    @api.model
    def get_inputs(self, contracts, date_from, date_to):
        """The addon's input codes are not offered as empty inputs to type
        amounts in: only posting a statement puts them on a payslip."""
        reserved = self.env["hr.payslip.input"]._sp_reserved_codes()
        return [
            values
            for values in super().get_inputs(contracts, date_from, date_to)
            if values.get("code") not in reserved
        ]

    def onchange_struct_id(self):
        """The form (and the Refetch Payslip Data button) replaces the inputs
        with the structure's: the inputs paying statements stay, they leave
        only through their statement."""
        plain = self.filtered(lambda p: not p.input_line_ids._sp_locked())
        result = super(HrPayslip, plain).onchange_struct_id() if plain else None
        for payslip in self - plain:
            inputs = payslip.input_line_ids._sp_locked()
            if payslip.struct_id:
                for values in payslip.get_inputs(
                    payslip._get_employee_contracts(),
                    payslip.date_from,
                    payslip.date_to,
                ):
                    inputs += inputs.new(values)
            payslip.input_line_ids = inputs
        return result

    def compute_sheet(self):
        """Not while a payslip batch generates (issue 25): it computes each
        payslip once, after the commission is on it."""
        if is_compute_deferred(self.env):
            return True
        if len(self) > 1 and self._sp_compute_sheet_is_payroll():
            return self._sp_compute_sheets()
        return super().compute_sheet()

    @api.model
    def _sp_compute_sheet_is_payroll(self):
        """Whether ``compute_sheet`` is OCA payroll's (and this addon's)
        only, drawing payslip numbers from Odoo's own sequences: another
        module's override of either is then called as it is
        (:meth:`_sp_compute_sheets` draws the numbers itself)."""
        return self._sp_only_from("hr.payslip", "compute_sheet", ("payroll",)) and all(
            self._sp_only_from("ir.sequence", method, ("base",))
            for method in ("next_by_code", "_next", "_next_do")
        )

    @api.model
    def _sp_only_from(self, model, method, modules):
        """Whether ``method`` of ``model`` is defined by ``modules`` (and
        this addon) only."""
        owners = {
            vars(cls).get("_module")
            for cls in type(self.env[model]).mro()
            if method in vars(cls)
        }
        return not owners - {None, "sales_performance", *modules}

    @api.model
    def _sp_worked_days_are_payroll(self):
        """Whether the worked days of a payslip are OCA payroll's, on the
        resource module's calendars, with nobody else's override: only then
        :meth:`_sp_worked_day_lines_batch` gives what they give."""
        return all(
            self._sp_only_from("hr.payslip", method, ("payroll",))
            for method in (
                "get_worked_day_lines",
                "_compute_leave_days",
                "_compute_worked_days",
            )
        ) and all(
            self._sp_only_from(model, method, ("resource",))
            for model, method in (
                ("hr.employee", "list_leaves"),
                ("hr.employee", "_get_work_days_data_batch"),
                ("resource.calendar", "_attendance_intervals_batch"),
                ("resource.calendar", "_leave_intervals_batch"),
                ("resource.calendar", "_get_attendance_intervals_days_data"),
            )
        )

    @api.model
    def get_worked_day_lines(self, contracts, date_from, date_to):
        """What :meth:`_sp_worked_day_lines_batch` computed for these
        contracts and dates when posting creates payslips (issue 25), else
        OCA payroll's."""
        known = known_worked_days(self.env)
        key = (tuple(contracts.ids), date_from, date_to)
        if known is not None and key in known:
            return [dict(values) for values in known[key]]
        return super().get_worked_day_lines(contracts, date_from, date_to)

    @api.model
    def _sp_worked_day_lines_batch(self, plans):
        """OCA payroll's ``get_worked_day_lines(contract, date_from,
        date_to)`` for each ``(contract, date_from, date_to)`` of ``plans``,
        computed for all of them at once (issue 25: posting creates a
        thousand payslips; one by one, each reads and expands its calendar
        twice): the attendances of all employees sharing a calendar, dates
        and time zone in one call of the calendar's batch API, the leave
        intervals likewise; an employee with leaves in the period gets OCA's
        own leave computation. Returns a :class:`WorkedDays`, empty when
        another module overrides any of these computations (then OCA's path
        runs, as it is)."""
        known = WorkedDays()
        if not self._sp_worked_days_are_payroll():
            return known
        # read together what is read of each contract below
        contracts = self.env["hr.contract"].union(*(plan[0] for plan in plans))
        contracts.mapped("resource_calendar_id")
        contracts.mapped("employee_id.resource_id.tz")
        groups = {}
        for contract, date_from, date_to in plans:
            key = ((contract.id,), date_from, date_to)
            if key in known or not contract:
                continue
            known[key] = []
            if not contract.resource_calendar_id:
                continue
            # as OCA payroll's get_worked_day_lines
            day_from = max(
                datetime.combine(date_from, time.min),
                datetime.combine(contract.date_start, time.min),
            )
            day_to = datetime.combine(date_to, time.max)
            contract = contract.with_context(
                employee_id=self.employee_id.id, exclude_public_holidays=True
            )
            groups.setdefault(
                (
                    contract.resource_calendar_id,
                    day_from,
                    day_to,
                    contract.employee_id.resource_id.tz,
                ),
                [],
            ).append((key, contract))
        for (calendar, day_from, day_to, _tz), entries in groups.items():
            employees = self.env["hr.employee"].union(
                *(contract.employee_id for _key, contract in entries)
            )
            employees = employees.with_env(entries[0][1].env)
            # naive datetimes are UTC in the resource module's batch API
            start, stop = day_from.replace(tzinfo=utc), day_to.replace(tzinfo=utc)
            # _get_work_days_data_batch(calendar=calendar,
            # compute_leaves=False): the employees of a time zone share their
            # attendance intervals, whose days and hours are counted once
            attendances = calendar._attendance_intervals_batch(
                start, stop, employees.resource_id
            )
            counted = {}
            for intervals in attendances.values():
                if id(intervals) not in counted:
                    counted[id(intervals)] = (
                        calendar._get_attendance_intervals_days_data(intervals)
                    )
            work = {
                employee.id: counted[id(attendances[employee.resource_id.id])]
                for employee in employees
            }
            # list_leaves' leave intervals
            leaves = calendar._leave_intervals_batch(start, stop, employees.resource_id)
            # OCA's line of worked days (its name in the reader's language)
            template = self._compute_worked_days(entries[0][1], day_from, day_to)
            for key, contract in entries:
                employee = contract.employee_id
                lines = []
                if leaves.get(employee.resource_id.id):
                    lines += self._compute_leave_days(contract, day_from, day_to)
                lines.append(
                    dict(
                        template,
                        number_of_days=work[employee.id]["days"],
                        number_of_hours=work[employee.id]["hours"],
                        contract_id=contract.id,
                    )
                )
                known[key] = lines
        return known

    def _sp_compute_sheets(self):
        """OCA payroll's ``compute_sheet`` for many payslips at once (issue
        25: posting a thousand statements, or a batch, computes a thousand
        payslips): the old lines deleted, each payslip's number drawn and
        its lines computed by ``get_lines_dict`` as there, payslip by
        payslip in the same order; then the lines of all of them created in
        one go and the state and date written together (the state's
        tracking stays one message per payslip), rather than a write, a
        create and a flush per payslip."""
        self.line_ids.unlink()
        # next_by_code("salary.slip"), its sequence found once
        Sequence = self.env["ir.sequence"]
        Sequence.browse().check_access("read")
        sequence = Sequence.search(
            [
                ("code", "=", "salary.slip"),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        numbers = iter(
            self._sp_next_numbers(sequence, len(self.filtered(lambda p: not p.number)))
        )
        lines = []
        for payslip in self:
            if not payslip.number:
                payslip.number = next(numbers)
            lines += [
                dict(values, slip_id=payslip.id)
                for values in payslip.get_lines_dict().values()
            ]
        self.env["hr.payslip.line"].create(lines)
        self.write({"state": "verify", "compute_date": fields.Date.today()})
        return True

    @api.model
    def _sp_next_numbers(self, sequence, count):
        """``count`` numbers of ``sequence`` in the order ``_next`` draws
        them (False without a sequence); a standard sequence without date
        ranges draws them in one query (issue 25)."""
        if not sequence:
            return [False] * count
        if (
            count < 2
            or sequence.implementation != "standard"
            or (sequence.use_date_range)
        ):
            return [sequence._next() for _index in range(count)]
        # ir.sequence's _next_do, for count numbers at once
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [
            sequence.get_next_char(number)
            for number in sorted(row[0] for row in self.env.cr.fetchall())
        ]

    def write(self, vals):
        if not is_payroll_path(self.env):
            self._sp_check_write(vals)
        return super().write(vals)

    def _sp_check_write(self, vals):
        """A payslip paying statement lines keeps its employee, contract,
        dates and company, and a confirmed one is not reset: the commission
        would be paid to someone else, in another month, or twice."""
        paying = self.filtered(lambda p: p._sp_paying_inputs())
        if not paying:
            return
        for payslip in paying:
            changed = [
                name
                for name in self._sp_frozen_fields
                if name in vals
                and self._fields[name].convert_to_record(
                    self._fields[name].convert_to_cache(vals[name], payslip),
                    payslip,
                )
                != payslip[name]
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "Payslip %(payslip)s pays sales performance statements "
                        "(%(statements)s): its %(fields)s cannot change. Take the "
                        "commission off it from the statements first (Take Off "
                        "Payroll).",
                        payslip=payslip._sp_label(),
                        statements=", ".join(payslip._sp_statements().mapped("name")),
                        fields=", ".join(self._fields[name].string for name in changed),
                    )
                )
            if (
                payslip.state == "done"
                and vals.get("state")
                and vals["state"] not in ("done", "cancel")
            ):
                raise UserError(
                    self.env._(
                        "Payslip %(payslip)s is confirmed and paid sales performance "
                        "statements: refund it (or cancel it) rather than reopen it.",
                        payslip=payslip._sp_label(),
                    )
                )

    def copy(self, default=None):
        """A refund copies what was paid, commission included; a duplicate
        does not copy the commission (it stays with its statements)."""
        if (default or {}).get("credit_note"):
            return (
                super(HrPayslip, on_payroll_path(self)).copy(default).with_env(self.env)
            )
        copies = super(HrPayslip, on_payroll_path(self)).copy(default)
        reserved = self.env["hr.payslip.input"]._sp_reserved_codes()
        copies.input_line_ids.filtered(lambda i: i.code in reserved).unlink()
        copies.line_ids.filtered(lambda line: line.code in reserved).unlink()
        return copies.with_env(self.env)

    def action_payslip_done(self):
        prevent = self.env.context.get("without_compute_sheet") or any(
            self.mapped("prevent_compute_on_confirm")
        )
        for payslip in self.filtered(lambda p: not p.credit_note):
            payslip._sp_check_inputs()
            if prevent:
                payslip._sp_check_lines()
        res = super().action_payslip_done()
        for payslip in self.filtered(lambda p: p.state == "done" and not p.credit_note):
            payslip._sp_statements()._sp_mark_paid(payslip)
        return res

    def _sp_check_inputs(self):
        """Refuse to confirm a payslip whose sales performance inputs do not
        pay exactly their posted statement lines."""
        self.ensure_one()
        reserved = self.env["hr.payslip.input"]._sp_reserved_codes()
        currency = self.company_id.currency_id
        for payslip_input in self.sudo().input_line_ids:
            lines = payslip_input.sp_statement_line_ids
            if not lines and payslip_input.code not in reserved:
                continue
            expected = currency.round(sum(lines.mapped("amount")))
            unposted = lines.statement_id.filtered(lambda s: s.state != "posted")
            if unposted or currency.compare_amounts(payslip_input.amount, expected):
                raise UserError(
                    self.env._(
                        "Payslip %(payslip)s cannot be confirmed: its input "
                        "%(code)s pays %(amount)s but its posted statement lines "
                        "%(expected)s. Take the commission off payroll from the "
                        "statement and post it again.",
                        payslip=self._sp_label(),
                        code=payslip_input.code,
                        amount=format_amount(self.env, payslip_input.amount, currency),
                        expected=format_amount(self.env, expected, currency),
                    )
                )

    def _sp_check_lines(self):
        """Confirming without recomputing (OCA's setting): the payslip lines
        of the addon's codes must be those of its inputs."""
        self.ensure_one()
        reserved = self.env["hr.payslip.input"]._sp_reserved_codes()
        currency = self.company_id.currency_id
        by_code = {}
        for payslip_input in self.sudo().input_line_ids:
            if payslip_input.code in reserved:
                by_code.setdefault(payslip_input.code, [0.0, 0.0])[0] += (
                    payslip_input.amount
                )
        for line in self.sudo().line_ids:
            if line.code in reserved:
                by_code.setdefault(line.code, [0.0, 0.0])[1] += line.total
        for code, (inputs, lines) in by_code.items():
            if currency.compare_amounts(inputs, lines):
                raise UserError(
                    self.env._(
                        "Payslip %(payslip)s was computed before its sales "
                        "performance inputs changed (%(code)s: %(lines)s on the "
                        "payslip, %(inputs)s in its inputs): compute the sheet "
                        "before confirming it.",
                        payslip=self._sp_label(),
                        code=code,
                        lines=format_amount(self.env, lines, currency),
                        inputs=format_amount(self.env, inputs, currency),
                    )
                )

    def action_payslip_cancel(self):
        payslips = self.filtered(lambda p: not p.credit_note)
        statements = payslips._sp_statements()
        inputs = payslips._sp_paying_inputs()
        res = super().action_payslip_cancel()
        # The cancelled payslip keeps nothing of the statements: reset to
        # draft and confirmed, it would pay them a second time.
        statements._sp_back_to_approved(
            CANCELLED, inputs=inputs, payslip=payslips._sp_label(), remove=True
        )
        return res

    def refund_sheet(self):
        payslips = self.filtered(lambda p: not p.credit_note)
        statements = payslips._sp_statements()
        inputs = payslips._sp_paying_inputs()
        res = super(HrPayslip, on_payroll_path(self)).refund_sheet()
        statements._sp_back_to_approved(
            REFUNDED, inputs=inputs, payslip=payslips._sp_label()
        )
        return res

    def unlink(self):
        # Reopen first: the inputs go with the payslip (SQL cascade).
        self._sp_statements()._sp_back_to_approved(
            DELETED, inputs=self._sp_paying_inputs(), payslip=self._sp_label()
        )
        return super().unlink()
