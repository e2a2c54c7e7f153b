# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payroll bridge of statements: post approved lines to OCA payroll payslips
as inputs, once and traceably (R-W1, R-W2), by a payroll officer who is not
the approver when the company says so (R-W3)."""

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import readers
from ..tools.explain import recorder
from ..tools.states import PAYSLIP_OPEN_STATES, POSTED_STATES


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
        or says why not; one failure does not stop the others."""
        if not self.env.user.has_group("sales_performance.group_sp_payroll"):
            raise AccessError(
                self.env._("Posting to payroll needs the payroll officer right.")
            )
        posted, failed, busy = self.browse(), {}, self.browse()
        for statement in self:
            if statement.state != "approved":
                continue
            try:
                with self.env.cr.savepoint():
                    statement._sp_post_one()
                posted |= statement
            except StatementBusy as error:
                # Locked by the other session: do not wait on it to write why.
                failed[statement] = error.args[0]
                busy |= statement
            except UserError as error:
                failed[statement] = error.args[0]
        for statement, reason in failed.items():
            if statement in busy:
                continue
            statement.sudo().payroll_error = reason
            readers.post(
                statement.sudo(),
                recorder(self.env)._(
                    "Not posted to payroll: %(reason)s", reason=reason
                ),
            )
        message = self.env._(
            "%(posted)s statement(s) posted to payroll, %(failed)s not posted.",
            posted=len(posted),
            failed=len(failed),
        )
        if failed:
            message += " " + " ".join(
                f"{statement.name}: {reason}" for statement, reason in failed.items()
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Post to payroll"),
                "message": message,
                "type": "warning" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _sp_lock(self):
        """Row lock for the posting: a concurrent post of the same statement
        is refused instead of writing twice (R-W2)."""
        self.ensure_one()
        # read before the lock: after a refused lock the transaction reads
        # nothing more until its savepoint is rolled back (the name is
        # computed, in the reader's language)
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

    def _sp_post_one(self):
        """Put the statement's payable lines on the employee's draft payslip
        of the pay period, one input per code, and recompute it."""
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
        payslip = self._sp_payslip()
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
        # in the employee's language, the amount in the currency (issue 23)
        readers.post(
            self,
            recorder(self.env)._(
                "Posted to payslip %(payslip)s: %(amount)s.",
                payslip=payslip._sp_reference(),
                amount=readers.amount(
                    self.env, sum(lines.mapped("amount")), self.currency_id
                ),
            ),
            lang=readers.employee_lang(self.env, self.employee_id),
        )
        return True

    def _sp_check_postable(self):
        """Refuse posting a statement without an approver, by its approver
        when the company separates them (R-W3), or in another currency than
        the company's."""
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
        if company.sp_separate_approve_post and self.approved_uid == self.env.user:
            raise UserError(
                self.env._(
                    "You approved '%(statement)s': another payroll officer must post "
                    "it (segregation of duties, R-W3).",
                    statement=self.name,
                )
            )
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
        its input (R-W1: traceable)."""
        Input = self.env["hr.payslip.input"].sudo()
        for kind in sorted(set(lines.mapped("kind"))):
            code = codes[kind]
            kind_lines = lines.filtered(lambda line, k=kind: line.kind == k)
            amount = self.currency_id.round(sum(kind_lines.mapped("amount")))
            payslip_input = payslip.input_line_ids.filtered(
                lambda i, c=code.code: i.code == c
            )[:1]
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

    def _sp_payslip(self):
        """The employee's draft (or computed) payslip of the pay period,
        created when the company allows it."""
        self.ensure_one()
        period = self.pay_period_id or self.period_id
        Payslip = self.env["hr.payslip"].sudo()
        domain = [
            ("employee_id", "=", self.employee_id.id),
            ("company_id", "=", self.company_id.id),
            ("date_from", "<=", period.date_end),
            ("date_to", ">=", period.date_start),
            ("credit_note", "=", False),
        ]
        payslip = Payslip.search(
            domain + [("state", "in", PAYSLIP_OPEN_STATES)], limit=1
        )
        if payslip:
            return payslip
        # Creating the payslip is serialised per employee: two postings (of
        # two plans, or a post and a payslip batch) that find no payslip must
        # not both create one. The UPDATE locks the employee row until the
        # end of the transaction; a transaction that waited on it then fails
        # with a serialisation error (repeatable read) and Odoo retries the
        # request, which finds the payslip created meanwhile.
        self.env.cr.execute(
            SQL(
                "UPDATE hr_employee SET write_date = write_date WHERE id = %s",
                self.employee_id.id,
            )
        )
        payslip = Payslip.search(
            domain + [("state", "in", PAYSLIP_OPEN_STATES)], limit=1
        )
        if payslip:
            return payslip
        if Payslip.search_count(domain + [("state", "=", "done")]):
            raise UserError(
                self.env._(
                    "The payslip of %(employee)s for %(period)s is already confirmed: "
                    "post it with a later pay period or refund that payslip.",
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
    # Payslip life cycle (called from hr.payslip)
    # ------------------------------------------------------------------
    def _sp_mark_paid(self, payslips):
        statements = self.filtered(lambda s: s.state == "posted")
        statements.sudo().write({"state": "paid"})
        for statement in statements:
            readers.post(
                statement,
                recorder(self.env)._(
                    "Paid with payslip %(payslip)s.",
                    payslip=", ".join(payslips.mapped(lambda p: p._sp_reference())),
                ),
                lang=readers.employee_lang(self.env, statement.employee_id),
            )

    def _sp_back_to_approved(self, reason, inputs=None):
        """Unlink the lines posted on ``inputs`` (all of the statements'
        inputs if not given) and reopen their statements for posting."""
        lines = self.line_ids.filtered("payslip_input_id")
        if inputs is not None:
            lines = lines.filtered(lambda line: line.payslip_input_id in inputs)
        statements = lines.statement_id.filtered(lambda s: s.state in POSTED_STATES)
        lines.sudo().write({"payslip_input_id": False})
        statements.sudo().write(
            {"state": "approved", "posted_uid": False, "posted_date": False}
        )
        for statement in statements:
            # ``reason``: a sentence (tools/explain.recorder), read in each
            # reader's language
            readers.post(
                statement,
                reason,
                lang=readers.employee_lang(self.env, statement.employee_id),
            )
