# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll bridge of statements: post approved lines to OCA payroll payslips
as inputs, once and traceably (R-W1, R-W2), by a payroll officer who is not
the approver when the company says so (R-W3)."""

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, LazyTranslate

from ..tools.payroll import Money, on_payroll_path, post, render
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
        """Post the approved statements among these, each under its own lock
        and savepoint; ``payslips``: the payslips to post on when they hold
        the employee's pay period (a payslip batch's). Returns ``(posted,
        {statement: why not})``; why not is written on each statement that
        is not being posted by another session."""
        self._sp_check_payroll_right()
        posted, failed, busy = self.browse(), {}, self.browse()
        for statement in self:
            if statement.state != "approved":
                continue
            try:
                with self.env.cr.savepoint():
                    statement._sp_post_one(payslips)
                posted |= statement
            except StatementBusy as error:
                # Locked by the other session: do not wait on it to write why.
                failed[statement] = error.args[0]
                busy |= statement
            except UserError as error:
                failed[statement] = error.args[0]
        for statement, reason in failed.items():
            if statement not in busy:
                statement._sp_record_payroll_error(reason)
        return posted, failed

    def _sp_record_payroll_error(self, reason):
        """Why the statements were not posted: on them and in their chatter."""
        self.sudo().payroll_error = reason
        post(self.sudo(), NOT_POSTED, reason=reason)

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

    def _sp_post_one(self, payslips=None):
        """Put the statement's payable lines on the employee's draft payslip
        of the pay period (among ``payslips`` when given, e.g. a batch's),
        one input per code, and recompute it."""
        self.ensure_one()
        self._sp_lock()
        if self.state != "approved":
            return False  # posted meanwhile: nothing to do, nothing twice
        self._sp_check_postable()
        lines = self.line_ids.filtered(
            lambda line: (
                line.line_state == "ok"
                and not line.payslip_input_id
                and not line.currency_id.is_zero(line.amount)
            )
        )
        if not lines:
            # Nothing payable (all zero, or information only): no payslip is
            # made or left open for it, the statement is settled at once.
            self.sudo().write(
                {
                    "state": "paid",
                    "posted_uid": self.env.uid,
                    "posted_date": fields.Datetime.now(),
                    "payroll_error": False,
                }
            )
            post(self, NOTHING_TO_PAY)
            return True
        codes = self.env["sales.performance.payout.code"]._code_map()
        missing_kind = set(lines.mapped("kind")) - set(codes)
        if missing_kind:
            raise UserError(
                self.env._(
                    "No payroll input code for %(kinds)s: set it in Payroll Input "
                    "Codes.",
                    kinds=", ".join(sorted(missing_kind)),
                )
            )
        payslip = self._sp_payslip(payslips)
        self._sp_check_structure(payslip, lines, codes)
        self._sp_put_inputs(payslip, lines, codes)
        payslip.sudo().compute_sheet()
        self.sudo().write(
            {
                "state": "posted",
                "posted_uid": self.env.uid,
                "posted_date": fields.Datetime.now(),
                "payroll_error": False,
            }
        )
        post(
            self,
            POSTED,
            payslip=payslip._sp_label(),
            amount=Money(sum(lines.mapped("amount")), self.currency_id),
        )
        return True

    def _sp_check_postable(self):
        """Refuse posting a statement without an approver, by who computed or
        approved it when the company separates them (R-W3), or in another
        currency than the company's."""
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
        # say; the chatter records it when one person may do all). Rolled
        # back with the posting if the posting fails.
        self._sp_log_one_person(self._sp_check_duties("post"), "post")
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

    def _sp_check_structure(self, payslip, lines, codes):
        """Refuse a payslip whose salary structure reads none of the input
        codes of ``lines`` (``codes``: the input code of each kind)."""
        if not payslip.contract_id or not payslip.struct_id:
            # a batch makes payslips without a contract: say what is missing
            self._sp_payslip_contract(self.pay_period_id or self.period_id)
            raise UserError(
                self.env._(
                    "Payslip %(payslip)s has no contract or salary structure: set "
                    "them on the payslip, or delete it and post again.",
                    payslip=payslip._sp_label(),
                )
            )
        structure = payslip.struct_id
        missing = structure._sp_missing_codes(
            sorted({codes[kind].code for kind in lines.mapped("kind")})
        )
        if missing:
            raise UserError(
                self.env._(
                    "Salary structure '%(structure)s' has no rule reading %(codes)s: "
                    "add the sales performance rules to it.",
                    structure=structure.name,
                    codes=", ".join(missing),
                )
            )

    def _sp_put_inputs(self, payslip, lines, codes):
        """Add ``lines`` to the payslip's inputs, one input per code (added to
        the input of the code if the payslip has one), and link each line to
        its input (R-W1: traceable). The addon's own path: nobody else
        writes these inputs (issue 20)."""
        Input = on_payroll_path(self.env["hr.payslip.input"].sudo())
        for kind in sorted(set(lines.mapped("kind"))):
            code = codes[kind]
            kind_lines = lines.filtered(lambda line, k=kind: line.kind == k)
            amount = self.currency_id.round(sum(kind_lines.mapped("amount")))
            payslip_input = Input.browse(
                payslip.sudo()
                .input_line_ids.filtered(lambda i, c=code.code: i.code == c)[:1]
                .ids
            )
            if payslip_input:
                payslip_input.amount = self.currency_id.round(
                    payslip_input.amount + amount
                )
            else:
                payslip_input = Input.create(
                    {
                        "payslip_id": payslip.id,
                        "contract_id": payslip.contract_id.id,
                        "code": code.code,
                        "name": code.name,
                        "amount": amount,
                    }
                )
            kind_lines.sudo().write({"payslip_input_id": payslip_input.id})

    def _sp_payslip(self, payslips=None):
        """The employee's draft (or computed) payslip of the pay period:
        among ``payslips`` if one fits, else found, or created when the
        company allows it. Posting and payslip batches find and create it
        the same way, under the same lock on the employee (R-W2)."""
        self.ensure_one()
        period = self.pay_period_id or self.period_id
        Payslip = self.env["hr.payslip"]
        args = (self.employee_id, period.date_start, period.date_end, self.company_id)
        fits = (
            Payslip.sudo()
            .search(
                Payslip._sp_period_domain(*args)
                + [("id", "in", (payslips or Payslip).ids)],
                order="id",
            )
            .filtered(lambda p: p.state in PAYSLIP_OPEN_STATES)
        )
        if fits:
            return fits[:1]
        payslip = Payslip._sp_open_payslips(*args)[:1]
        if payslip:
            return payslip
        # Creating the payslip is serialised per employee: two postings (of
        # two plans, or a post and a payslip batch) that find no payslip must
        # not both create one.
        Payslip._sp_lock_employees(self.employee_id)
        payslip = Payslip._sp_open_payslips(*args)[:1]
        if payslip:
            return payslip
        confirmed = Payslip._sp_confirmed_payslips(*args)
        if confirmed:
            raise UserError(
                self.env._(
                    "The payslip %(payslip)s of %(employee)s for %(period)s is already "
                    "confirmed: post the statement with a later pay period, or "
                    "refund that payslip first.",
                    payslip=confirmed[:1]._sp_label(),
                    employee=self.employee_id.name,
                    period=period.name,
                )
            )
        if not self.company_id.sp_payroll_create_payslip:
            raise UserError(
                self.env._(
                    "%(employee)s has no draft payslip for %(period)s and the company "
                    "does not create them: generate the payslips first.",
                    employee=self.employee_id.name,
                    period=period.name,
                )
            )
        return self._sp_create_payslip(period)

    def _sp_payslip_contract(self, period):
        """The employee's running contract in ``period``, with a salary
        structure."""
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

    def _sp_create_payslip(self, period):
        """A new draft payslip of the employee for ``period``, on their
        running contract, with the inputs and worked days payroll proposes."""
        contract = self._sp_payslip_contract(period)
        Payslip = self.env["hr.payslip"].sudo()
        values = Payslip.get_payslip_vals(
            period.date_start, period.date_end, self.employee_id.id, contract.id
        )["value"]
        payslip = Payslip.create(
            {
                "employee_id": self.employee_id.id,
                "company_id": self.company_id.id,
                "date_from": period.date_start,
                "date_to": period.date_end,
                "contract_id": contract.id,
                "struct_id": values.get("struct_id") or contract.struct_id.id,
                "input_line_ids": [
                    Command.create(v) for v in values.get("input_line_ids", [])
                ],
                "worked_days_line_ids": [
                    Command.create(v) for v in values.get("worked_days_line_ids", [])
                ],
            }
        )
        payslip._compute_name()
        return payslip

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
