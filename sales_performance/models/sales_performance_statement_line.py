# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import explain, readers

LINE_KINDS = [
    ("commission", "Commission"),
    ("bonus", "Bonus"),
    ("pool_share", "Pool Share"),
    ("perf_pay", "Performance Pay"),
    ("honour", "Honour Bonus"),
    ("clawback", "Clawback"),
    ("correction", "Correction"),
    ("adjustment", "Manual Adjustment"),
    ("recovery", "Clawback Carried Forward"),
]


class SalesPerformanceStatementLine(models.Model):
    """A payout of a statement, with the rule, the source documents and a
    sentence of arithmetic (R-W1 traceability)."""

    _name = "sales.performance.statement.line"
    _description = "Statement Line"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "sales.performance.statement", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id", store=True)
    employee_id = fields.Many2one(related="statement_id.employee_id", store=True)
    user_id = fields.Many2one(related="statement_id.user_id", store=True)
    plan_id = fields.Many2one(related="statement_id.plan_id", store=True)
    period_id = fields.Many2one(related="statement_id.period_id", store=True)
    statement_state = fields.Selection(related="statement_id.state", store=True)
    kind = fields.Selection(LINE_KINDS, required=True, default="commission")
    rule_id = fields.Many2one("sales.performance.commission.rule", ondelete="set null")
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True, default=0.0)
    base_amount = fields.Monetary(string="Base")
    rate = fields.Float(digits=(16, 6))
    grade_id = fields.Many2one("sales.performance.grade")
    explanation = fields.Text(
        compute="_compute_explanation",
        inverse="_inverse_explanation",
        help="The arithmetic of the line, in words, in the reader's language.",
    )
    explanation_data = fields.Json(
        string="Explanation Sentence",
        readonly=True,
        help="The sentence of the commission run (its source text and figures), "
        "shown in the language of whoever reads the line.",
    )
    explanation_text = fields.Text(
        string="Explanation as Written",
        readonly=True,
        help="The explanation as written: by hand, or by the run in the language "
        "it ran in. Shown when the line has no sentence to translate (manual "
        "lines, lines computed before the sentences were kept).",
    )
    line_state = fields.Selection(
        [
            ("ok", "Payable"),
            ("info", "Information"),
            ("waiting_grade", "Waiting for an Appraisal"),
        ],
        default="ok",
        required=True,
    )
    is_manual = fields.Boolean(
        help="Manual adjustment with a reason, kept when the period is rerun."
    )
    source_move_ids = fields.Many2many(
        "account.move",
        "sales_performance_statement_line_move_rel",
        "line_id",
        "move_id",
        string="Source Invoices",
        help="Invoices and refunds behind the amount.",
    )
    origin_statement_id = fields.Many2one(
        "sales.performance.statement",
        string="Corrects Statement",
        ondelete="restrict",
        help="For clawbacks and corrections: the approved statement whose amount "
        "changed (R-C11).",
    )
    refund_origin_move_id = fields.Many2one(
        "account.move",
        string="Takes Back",
        readonly=True,
        help="For a clawback of a refund (R-C11): the invoice whose commission "
        "is taken back.",
    )
    source_ids = fields.One2many(
        "sales.performance.payout.source",
        "line_id",
        string="Paid On",
        help="The documents the line's amount is paid on, and the part of it on "
        "each: what a later refund takes back (R-C11).",
    )
    origin_period_id = fields.Many2one(
        "date.range",
        string="Earned In",
        help="Period the amount belongs to: the statement's own period, or the "
        "corrected statement's.",
    )
    # Payroll (R-W1): the payslip input the line was posted on
    payslip_input_id = fields.Many2one(
        "hr.payslip.input", copy=False, ondelete="set null"
    )
    payslip_id = fields.Many2one(
        related="payslip_input_id.payslip_id", string="Payslip", store=True
    )
    honour_award_ids = fields.One2many(
        "sales.performance.honour.award", "line_id", string="Honours"
    )
    # Disputes
    dispute_state = fields.Selection(
        [("open", "Disputed"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        string="Dispute",
        copy=False,
    )
    dispute_reason = fields.Text(copy=False)
    dispute_resolution = fields.Text(copy=False)
    dispute_uid = fields.Many2one("res.users", string="Disputed By", copy=False)
    dispute_date = fields.Datetime(string="Disputed On", readonly=True, copy=False)
    dispute_handler_ids = fields.Many2many(
        "res.users",
        "sales_performance_statement_line_dispute_handler_rel",
        "line_id",
        "user_id",
        string="Answered By",
        readonly=True,
        copy=False,
        help="Who the dispute went to (an activity each): the plan's HR / "
        "approver, else the company's statement approvers, else its "
        "administrators (issue 21: a dispute always reaches someone).",
    )
    dispute_note = fields.Text(
        string="Dispute Status",
        compute="_compute_dispute_note",
        help="What the dispute says and what happens next, for the salesperson.",
    )
    adjustment_line_id = fields.Many2one(
        "sales.performance.statement.line",
        string="Resolved By",
        copy=False,
        help="Adjustment line created when the dispute was accepted.",
    )

    # Fields the engine may still change on a frozen statement's lines
    # (in sudo mode): the payslip input of the posting, disputes.
    _sp_frozen_writable = {
        "payslip_input_id",
        "dispute_state",
        "dispute_reason",
        "dispute_resolution",
        "dispute_uid",
        "dispute_date",
        "dispute_handler_ids",
        "adjustment_line_id",
    }
    # What a performance administrator may enter by hand: a manual adjustment
    # line of an open (draft or computed) statement, kept by reruns. Every
    # other line is written by the run, the posting or the dispute actions in
    # sudo mode; no user writes amounts, payslip inputs or the statement of a
    # line directly (issue 12, R-W2).
    _sp_manual_fields = frozenset(
        {"statement_id", "kind", "name", "amount", "is_manual", "explanation"}
        | {"sequence"}
    )

    @api.depends("explanation_data", "explanation_text")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            line.explanation = (
                explain.render(self.env, line.explanation_data)
                or line.explanation_text
                or False
            )

    def _inverse_explanation(self):
        for line in self:
            line.write({"explanation": line.explanation})

    @api.model
    def _sp_explanation_vals(self, vals):
        """``explanation`` is written as the text and, for a sentence of
        tools/explain.py, its source to show it in any language."""
        if "explanation" not in vals:
            return vals
        vals = dict(vals)
        value = vals.pop("explanation")
        vals["explanation_text"] = value or False
        vals["explanation_data"] = explain.to_data(value)
        return vals

    def _sp_check_manual(self, names, lines_vals=None):
        """Refuse a direct (non-sudo) change that is not a manual adjustment
        by a performance administrator."""
        if self.env.su:
            return
        refused = self.env._(
            "Statement lines are written by the commission run, payroll posting "
            "and dispute actions; by hand, a performance administrator only adds "
            "manual adjustments to statements that are not approved yet."
        )
        if not self.env.user.has_group("sales_performance.group_sp_admin"):
            raise UserError(refused)
        if set(names) - self._sp_manual_fields:
            raise UserError(refused)
        for vals in lines_vals or []:
            if vals.get("kind", "adjustment") != "adjustment" or not vals.get(
                "is_manual"
            ):
                raise UserError(refused)
        if any(not line.is_manual or line.kind != "adjustment" for line in self):
            raise UserError(refused)
        if lines_vals is None and (
            ("kind" in names and names["kind"] != "adjustment")
            or ("is_manual" in names and not names["is_manual"])
        ):
            raise UserError(refused)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["sales.performance.statement"].browse(
            {vals.get("statement_id") for vals in vals_list} - {False, None}
        )._sp_check_lines_editable()
        for vals in vals_list:
            self._sp_check_manual(vals, [vals])
        lines = super().create([self._sp_explanation_vals(v) for v in vals_list])
        lines.statement_id._sp_check_lines_editable()
        return lines

    def write(self, vals):
        if set(vals) - self._sp_frozen_writable:
            self.statement_id._sp_check_lines_editable()
        if vals.get("statement_id"):
            # moving a line into a frozen statement is a change of it too
            self.statement_id.browse(vals["statement_id"])._sp_check_lines_editable()
        self._sp_check_manual(vals)
        return super().write(self._sp_explanation_vals(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        self.statement_id._sp_check_lines_editable()
        self._sp_check_manual({})

    def action_open_dispute(self):
        self.ensure_one()
        mode = "resolve" if self.dispute_state == "open" else "dispute"
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer the dispute")
            if mode == "resolve"
            else self.env._("Dispute a line"),
            "res_model": "sales.performance.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id, "default_mode": mode},
        }

    @api.depends("kind", "name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.name

    @api.depends(
        "dispute_state",
        "dispute_reason",
        "dispute_resolution",
        "dispute_date",
        "dispute_handler_ids",
    )
    @api.depends_context("lang", "tz")
    def _compute_dispute_note(self):
        for line in self:
            line.dispute_note = line._sp_dispute_note()

    def _sp_dispute_note(self):
        """The dispute of the line as its salesperson reads it: when and why
        it was raised, who answers it and what happens next; then the answer."""
        self.ensure_one()
        if not self.dispute_state:
            return False
        date = (
            fields.Datetime.context_timestamp(self, self.dispute_date).strftime(
                "%Y-%m-%d %H:%M"
            )
            if self.dispute_date
            else "-"
        )
        if self.dispute_state == "open":
            # who it went to, read as the addon: the salesperson hears who
            # answers, whatever they may read of the users
            handlers = self.sudo().dispute_handler_ids
            if not handlers:
                return self.env._(
                    "Disputed on %(date)s: %(reason)s. Until it is answered the "
                    "line stays as it is. If the dispute is accepted, the "
                    "correction is paid as an adjustment in your next open "
                    "statement.",
                    date=date,
                    reason=self.dispute_reason or "",
                )
            return self.env._(
                "Disputed on %(date)s: %(reason)s. %(who)s answers the dispute; "
                "until then the line stays as it is. If the dispute is accepted, "
                "the correction is paid as an adjustment in your next open "
                "statement.",
                date=date,
                # what the person typed, without its own full stop (no "。。")
                reason=readers.clean(self.dispute_reason),
                who=", ".join(handlers.mapped("name")),
            )
        if self.dispute_state == "accepted":
            return self.env._(
                "Dispute accepted: %(resolution)s. The correction is paid as an "
                "adjustment in your next open statement.",
                resolution=readers.clean(self.dispute_resolution),
            )
        return self.env._(
            "Dispute rejected: %(resolution)s. The line stays as it is.",
            resolution=readers.clean(self.dispute_resolution),
        )

    def action_dispute(self, reason):
        """The salesperson disputes one of their own lines (R-A4 spirit:
        feedback is tracked)."""
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason of the dispute."))
        handlers = {}
        for line in self:
            if line.statement_id.user_id != self.env.user:
                raise AccessError(
                    self.env._("You can only dispute lines of your own statements.")
                )
            if line.dispute_state == "open":
                raise UserError(
                    self.env._("Line '%(line)s' is already disputed.", line=line.name)
                )
            handlers[line] = line._sp_dispute_handlers()
            if not handlers[line]:
                # never a dispute nobody hears of (issue 21)
                raise UserError(
                    self.env._(
                        "Nobody in your company can answer a dispute yet (no "
                        "statement approver, no administrator): ask your HR "
                        "department to name one, then dispute the line again."
                    )
                )
        for line in self.sudo():
            line_handlers = handlers[line]
            line.write(
                {
                    "dispute_state": "open",
                    "dispute_reason": reason,
                    "dispute_uid": self.env.uid,
                    "dispute_date": fields.Datetime.now(),
                    "dispute_handler_ids": [Command.set(line_handlers.ids)],
                }
            )
            statement = line.statement_id
            currency = line.currency_id or statement.currency_id
            t = explain.recorder(self.env)
            # written for their readers (issue 23): the note in the
            # employee's language (they wrote it), the activity in each
            # handler's; each reader of the statement reads both in theirs
            readers.post(
                statement,
                t._(
                    "%(user)s disputes '%(line)s' (%(amount)s): %(reason)s",
                    user=self.env.user.name,
                    line=line._sp_name_param(),
                    amount=readers.amount(self.env, line.amount, currency),
                    reason=reason,
                ),
                lang=readers.employee_lang(self.env, statement.employee_id),
            )
            note = reason
            if not any(h._sp_may_answer_disputes() for h in line_handlers):
                # the company's administrators got it: nobody approves yet
                note = self.env._(
                    "%(reason)s\n\nNobody in the company has the Statement "
                    "Approver right to answer disputes: give it to whoever "
                    "answers them (or to yourself), then answer this one.",
                    reason=reason,
                )
            readers.schedule(
                statement,
                t._("Answer the dispute of %(line)s", line=line._sp_name_param()),
                line_handlers,
                note=note,
            )
        return True

    def _sp_dispute_activities(self):
        """The open "Answer the dispute of ..." activities of this line, in
        whatever language their assignees read them."""
        self.ensure_one()
        summary = readers.to_data(
            explain.recorder(self.env)._(
                "Answer the dispute of %(line)s", line=self._sp_name_param()
            )
        )
        return self.statement_id.activity_ids.filtered(
            lambda a: (
                a.sp_summary_data == summary
                or (not a.sp_summary_data and self.name in (a.summary or ""))
            )
        )

    def _sp_name_param(self):
        """The line's name in a message: its rule's name, read in each
        reader's language, when the line is named after its rule (issue 23:
        the HR officer reads the rule's English name while the line reads
        in its employee's Chinese); else the name as written."""
        self.ensure_one()
        rule = self.sudo().rule_id
        lang = readers.employee_lang(self.env, self.sudo().statement_id.employee_id)
        if rule and self.name == rule.with_context(lang=lang).name:
            return readers.name_of(rule)
        return self.name

    def _sp_dispute_handlers(self):
        """Who answers the dispute of this line: the plan's HR / approver if
        they may answer, else the statement approvers of the company, else
        (a company without any, issue 21) its administrators of access
        rights, who can name one; never OdooBot, nor the employee who
        disputes."""
        self.ensure_one()
        statement = self.statement_id.sudo()
        employee = statement.user_id
        handler = statement.plan_id.appraisal_approver_id
        if (
            handler.active
            and not handler._is_superuser()
            and handler != employee
            and handler._sp_may_answer_disputes()
        ):
            return handler.with_env(self.env)
        company = statement.company_id
        for group in ("sales_performance.group_sp_approver", "base.group_erp_manager"):
            users = company._sp_users_in_group(group).filtered(
                lambda user: user != employee
            )
            if users:
                return users.with_env(self.env)
        return self.env["res.users"]

    def _check_resolvable(self):
        if not self.env.user._sp_may_answer_disputes():
            raise AccessError(
                self.env._(
                    "Only a statement approver or a performance administrator "
                    "answers disputes."
                )
            )
        for line in self:
            if line.dispute_state != "open":
                raise UserError(
                    self.env._("Line '%(line)s' has no open dispute.", line=line.name)
                )
            if line.statement_id.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You cannot answer the dispute of your own statement "
                        "'%(statement)s'.",
                        statement=line.statement_id.name,
                    )
                )

    def _sp_check_adjustment(self, amount):
        """Bounds of the adjustment that accepts the dispute of this line
        (issue 21): a statement approver adjusts by at most the disputed
        line's amount, either way; more is a performance administrator's
        decision (and the statement's review amount still applies). Whoever
        adjusts may not approve the statement that pays it (R-W3)."""
        self.ensure_one()
        currency = self.currency_id
        if self.env.user.has_group("sales_performance.group_sp_admin"):
            return
        if currency.compare_amounts(abs(amount), abs(self.amount)) > 0:
            raise UserError(
                self.env._(
                    "An adjustment of %(amount)s is more than the disputed line "
                    "'%(line)s' (%(line_amount)s): a statement approver adjusts "
                    "by at most the line's amount; a performance administrator "
                    "decides larger adjustments.",
                    amount=explain.money(amount),
                    line=self.name,
                    line_amount=explain.money(self.amount),
                )
            )

    def action_resolve_dispute(self, accept, resolution, amount=0.0):
        """Accept (with an adjustment line of ``amount`` in the employee's
        open statement) or reject the dispute, with a tracked resolution."""
        self._check_resolvable()
        if accept:
            for line in self:
                line._sp_check_adjustment(line.currency_id.round(amount))
        for line in self:
            # the employee who disputed hears the answer
            employee = line.dispute_uid or line.statement_id.user_id
            values = {
                "dispute_state": "accepted" if accept else "rejected",
                "dispute_resolution": resolution,
            }
            if accept and not line.currency_id.is_zero(amount):
                # checked above: who answers (_check_resolvable) and how much
                # (_sp_check_adjustment); create() refuses a frozen statement
                target = line.statement_id._sp_open_statement_for_adjustment()
                adjustment = self.sudo().create(
                    {
                        "statement_id": target.id,
                        "kind": "adjustment",
                        # in the employee's language, like the names the
                        # engine gives lines (issue 23)
                        "name": readers.render(
                            self.env,
                            explain.to_data(
                                explain.recorder(self.env)._(
                                    "Dispute of %(line)s", line=line.name
                                )
                            ),
                            readers.employee_lang(self.env, target.employee_id),
                        ),
                        "amount": line.currency_id.round(amount),
                        "is_manual": True,
                        "explanation": resolution,
                        "origin_statement_id": line.statement_id.id,
                        "origin_period_id": line.period_id.id,
                    }
                )
                values["adjustment_line_id"] = adjustment.id
            line.sudo().write(values)  # _check_resolvable: administrator
            t = explain.recorder(self.env)
            if accept:
                body = t._(
                    "Dispute of '%(line)s' accepted by %(user)s: %(resolution)s",
                    line=line._sp_name_param(),
                    user=self.env.user.name,
                    resolution=resolution,
                )
            else:
                body = t._(
                    "Dispute of '%(line)s' rejected by %(user)s: %(resolution)s",
                    line=line._sp_name_param(),
                    user=self.env.user.name,
                    resolution=resolution,
                )
            # the employee is notified in their language (issue 23)
            readers.post(line.statement_id, body, partners=employee.partner_id)
            line._sp_dispute_activities().action_feedback(feedback=resolution)
        return True
