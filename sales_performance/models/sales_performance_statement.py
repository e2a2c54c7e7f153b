# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import explain, readers
from ..tools.commission_context import CommissionContext
from ..tools.explain import money
from ..tools.states import (
    APPRAISAL_PENDING_STATES,
    FROZEN_STATES,
    OPEN_STATES,
    POSTED_STATES,
)


class SalesPerformanceStatement(models.Model):
    """What an employee earns for a plan and period (R-C*, R-W1).

    ``draft → computed → approved → posted → paid``. A run writes the
    computed lines of every member in one pass; approved statements are
    frozen: later differences appear as a discrepancy and are booked as
    correction or clawback lines in the next run (R-C11).
    """

    _name = "sales.performance.statement"
    _description = "Commission Statement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_start desc, employee_id, id"
    _check_company_auto = True

    # in the reader's language: the plan's name is translatable (issue 23)
    name = fields.Char(compute="_compute_name", search="_search_name")
    report_name = fields.Char(
        compute="_compute_name",
        help="The file name of the printed statement, in the reader's language.",
    )
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    member_id = fields.Many2one("sales.performance.member", ondelete="restrict")
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", store=True, string="Manager"
    )
    period_id = fields.Many2one("date.range", required=True, index=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    pay_period_id = fields.Many2one(
        "date.range",
        help="Period whose payroll pays the statement: the period itself, or "
        "later with a payout delay (R-C10).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("approved", "Approved"),
            ("posted", "Posted"),
            ("paid", "Paid"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many("sales.performance.statement.line", "statement_id")
    amount_total = fields.Monetary(
        compute="_compute_amount_total", store=True, tracking=True
    )
    discrepancy_amount = fields.Monetary(
        string="Discrepancy",
        readonly=True,
        help="Recomputed now minus what is booked for it (approved lines and "
        "corrections already booked): booked as a correction in the next "
        "run (R-C11).",
    )
    discrepancy_held = fields.Boolean(
        string="Recomputation Held",
        readonly=True,
        help="A grade of the statement is under appeal or being rated again: "
        "it is not recomputed until the grade is final (R-A4, R-C11).",
    )
    computed_on = fields.Datetime(readonly=True)
    run_id = fields.Many2one(
        "sales.performance.run",
        string="Computed By Run",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The commission run that last computed the statement: the run's "
        "completeness check counts these (issue 11), whatever the clock says.",
    )
    approved_uid = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    approved_date = fields.Datetime(readonly=True, copy=False)
    dispute_count = fields.Integer(compute="_compute_dispute_count")
    dispute_summary = fields.Text(
        compute="_compute_dispute_summary",
        help="The disputes of the statement's lines and what happens next.",
    )
    # Review before approval (issue 12): what an approver must not approve
    # alone. The performance administrator accepts exactly these reasons
    # (Accept Review); if the statement changes, they must be accepted again.
    review_reasons = fields.Text(
        compute="_compute_review_reasons",
        help="Why the statement needs a performance administrator's review "
        "before it is approved: an amount above the plan's limit, or "
        "corrections of closed periods.",
    )
    review_accepted_reasons = fields.Text(readonly=True, copy=False)
    review_accepted_uid = fields.Many2one(
        "res.users", string="Review Accepted By", readonly=True, copy=False
    )
    note = fields.Html()
    # The "approved" mail goes once per approved amount: approving again
    # after a reopening does not mail the same statement twice (issue 23).
    approved_mailed = fields.Boolean(readonly=True, copy=False)
    approved_mailed_amount = fields.Monetary(readonly=True, copy=False)

    _sql_constraints = [
        (
            "uniq",
            "unique(plan_id, employee_id, period_id)",
            "One statement per plan, employee and period.",
        )
    ]

    @api.depends("employee_id", "period_id", "plan_id")
    @api.depends_context("lang")
    def _compute_name(self):
        for statement in self:
            # whoever reads the statement reads its name, without the right
            # to open its plan (an approver, a payroll officer)
            record = statement.sudo()
            statement.name = " / ".join(
                filter(
                    None,
                    [
                        record.employee_id.name,
                        record.period_id.name,
                        record.plan_id.name,
                    ],
                )
            )
            statement.report_name = self.env._(
                "Statement - %(statement)s", statement=statement.name
            )

    def _search_name(self, operator, value):
        """The name is the employee's, the period's and the plan's."""
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            positive = expression.TERM_OPERATORS_NEGATION[operator]
            return ["!", *self._search_name(positive, value)]
        return expression.OR(
            [
                [(f"{path}.name", operator, value)]
                for path in ("employee_id", "period_id", "plan_id")
            ]
        )

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for statement in self:
            statement.amount_total = statement.currency_id.round(
                sum(statement.line_ids.mapped("amount"))
            )

    @api.depends(
        "amount_total",
        "plan_id.max_statement_amount",
        "line_ids.amount",
        "line_ids.origin_period_id.sp_state",
    )
    def _compute_review_reasons(self):
        # read as the engine: whoever opens the statement (an approver, the
        # employee) sees why it waits, whatever they may read of the plan
        for statement, engine in zip(self, self.sudo(), strict=True):
            reasons = []
            limit = engine.plan_id.max_statement_amount
            currency = statement.currency_id
            if limit and currency.compare_amounts(statement.amount_total, limit) > 0:
                reasons.append(
                    self.env._(
                        "The total %(amount)s is above the plan's review amount "
                        "%(limit)s.",
                        amount=money(statement.amount_total),
                        limit=money(limit),
                    )
                )
            # R-C11 corrections of closed periods (e.g. a band rate changed
            # after the fact re-pays eleven closed months): never booked
            # silently into the open month.
            corrections = engine.line_ids.filtered(
                lambda line: (
                    line.kind in ("correction", "clawback")
                    and line.origin_period_id
                    and line.origin_period_id.sp_state != "open"
                )
            )
            if corrections:
                reasons.append(
                    self.env._(
                        "%(count)s correction(s) of closed periods (%(periods)s) "
                        "for %(amount)s.",
                        count=len(corrections),
                        periods=", ".join(
                            corrections.origin_period_id.sorted("date_start").mapped(
                                "name"
                            )
                        ),
                        amount=money(sum(corrections.mapped("amount"))),
                    )
                )
            statement.review_reasons = "\n".join(reasons) or False

    def action_accept_review(self):
        """The performance administrator has checked what the statement needs
        reviewed (its amount, its corrections of closed periods) and lets it
        be approved as it is now (issue 12)."""
        if not self.env.user.has_group("sales_performance.group_sp_admin"):
            raise AccessError(
                self.env._("Only a performance administrator accepts a review.")
            )
        for statement in self:
            if statement.state != "computed" or not statement.review_reasons:
                continue
            statement.sudo().write(
                {
                    "review_accepted_reasons": statement.review_reasons,
                    "review_accepted_uid": self.env.uid,
                }
            )
            readers.post(
                statement,
                explain.recorder(self.env)._(
                    "Review accepted by %(user)s: %(reasons)s",
                    user=self.env.user.name,
                    reasons=statement.review_reasons,
                ),
            )
        return True

    def _compute_dispute_count(self):
        counts = dict(
            self.env["sales.performance.statement.line"]._read_group(
                [("statement_id", "in", self.ids), ("dispute_state", "=", "open")],
                ["statement_id"],
                ["__count"],
            )
        )
        for statement in self:
            statement.dispute_count = counts.get(statement, 0)

    @api.depends_context("lang", "tz")
    def _compute_dispute_summary(self):
        for statement in self:
            statement.dispute_summary = (
                "\n".join(
                    self.env._(
                        "%(line)s: %(note)s", line=line.name, note=line.dispute_note
                    )
                    for line in statement.line_ids.filtered("dispute_state")
                )
                or False
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    # Fields a user may write directly on a statement. Everything else (state,
    # approver, amounts, lines, run, posting, employee, period) changes only
    # through the engine: the run, action_approve, action_reset_to_computed
    # and the payroll posting, which check rights and then write in sudo
    # mode (issue 12, R-W2, R-W3). An RPC call can never be sudo.
    _sp_user_writable = frozenset({"note"})

    def _sp_check_user_write(self, names):
        if self.env.su:
            return
        forbidden = sorted(
            name
            for name in names
            if name not in self._sp_user_writable
            and not name.startswith(("message_", "activity_"))
        )
        if forbidden:
            raise UserError(
                self.env._(
                    "%(fields)s of a statement change only through its actions "
                    "(run, approve, post to payroll), not by editing them.",
                    fields=", ".join(self._fields[name].string for name in forbidden),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Statements are created by commission runs, not by hand: run "
                    "the plan's period."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("state") in POSTED_STATES and not self.env.su:
            raise UserError(
                self.env._("Statements are posted and paid through payroll only.")
            )
        self._sp_check_user_write(vals)
        return super().write(vals)

    def _sp_check_lines_editable(self):
        frozen = self.filtered(lambda s: s.state in FROZEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "Statement '%(statement)s' is %(state)s and frozen: its lines "
                    "cannot change; differences are booked as corrections in a later "
                    "period.",
                    statement=frozen[0].name,
                    state=frozen[0].state,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        frozen = self.filtered(lambda s: s.state in FROZEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "Statement '%(statement)s' is frozen and cannot be deleted.",
                    statement=frozen[0].name,
                )
            )

    def action_approve(self):
        if not self.env.user.has_group("sales_performance.group_sp_approver"):
            raise AccessError(
                self.env._("Approving statements needs the approver right.")
            )
        for statement in self:
            if statement.state != "computed":
                raise UserError(
                    self.env._(
                        "Statement '%(statement)s' must be computed before it is "
                        "approved.",
                        statement=statement.name,
                    )
                )
            last_run = (
                self.env["sales.performance.run"]
                .sudo()
                .search(
                    [
                        ("plan_id", "=", statement.plan_id.id),
                        ("period_id", "=", statement.period_id.id),
                    ],
                    order="id desc",
                    limit=1,
                )
            )
            if last_run and last_run.state != "done":
                raise UserError(
                    self.env._(
                        "The commission run of %(period)s is not complete: wait for it "
                        "or run the period again before approving '%(statement)s'.",
                        period=statement.period_id.name,
                        statement=statement.name,
                    )
                )
            if statement.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You cannot approve your own statement '%(statement)s'.",
                        statement=statement.name,
                    )
                )
            if (
                statement.review_reasons
                and statement.review_accepted_reasons != statement.review_reasons
            ):
                raise UserError(
                    self.env._(
                        "'%(statement)s' needs a performance administrator's review "
                        "before it is approved (Accept Review): %(reasons)s",
                        statement=statement.name,
                        reasons=statement.review_reasons,
                    )
                )
        # checked above: rights, state, complete run, not one's own (R-W3)
        self.sudo().write(
            {
                "state": "approved",
                "approved_uid": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        self._sp_send_approved_mail()
        return True

    def action_approve_selected(self):
        """Approve the selected statements from the list (issue 23): each
        one is checked and approved as its own Approve button does
        (:meth:`action_approve`: rights, computed, a complete run, not one's
        own, the review), one refusal does not stop the others; says what it
        did. Immediate (a big selection may later go to the job queue)."""
        if not self.env.user.has_group("sales_performance.group_sp_approver"):
            raise AccessError(
                self.env._("Approving statements needs the approver right.")
            )
        approved, refused = self.browse(), {}
        for statement in self:
            if statement.state == "approved":
                continue
            try:
                with self.env.cr.savepoint():
                    statement.action_approve()
                approved |= statement
            except UserError as error:
                refused[statement] = error.args[0]
        message = self.env._(
            "%(approved)s statement(s) approved, %(refused)s not approved.",
            approved=len(approved),
            refused=len(refused),
        )
        if refused:
            message += " " + " ".join(
                f"{statement.name}: {reason}" for statement, reason in refused.items()
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Approve"),
                "message": message,
                "type": "warning" if refused else "success",
                "sticky": bool(refused),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _sp_send_approved_mail(self):
        """Mail the statement (PDF attached) to the employee, unless the
        context says ``sp_no_statement_mail`` (e.g. loading past months)."""
        template = self.env.ref(
            "sales_performance.mail_template_statement_approved",
            raise_if_not_found=False,
        )
        if not template or self.env.context.get("sp_no_statement_mail"):
            return
        for statement in self.filtered(
            lambda s: (
                s.employee_id.user_id.partner_id.email
                and not (
                    s.approved_mailed
                    and s.currency_id.compare_amounts(
                        s.approved_mailed_amount, s.amount_total
                    )
                    == 0
                )
            )
        ):
            try:
                # in the employee's language (the template's ``lang``)
                template.sudo().send_mail(statement.id)
            except UserError as error:  # e.g. the PDF engine is missing
                readers.post(
                    statement,
                    explain.recorder(self.env)._(
                        "The statement could not be mailed: %(error)s",
                        error=error.args[0],
                    ),
                )
                continue
            statement.sudo().write(
                {
                    "approved_mailed": True,
                    "approved_mailed_amount": statement.amount_total,
                }
            )

    def action_reset_to_computed(self):
        if not self.env.user.has_group("sales_performance.group_sp_approver"):
            raise AccessError(
                self.env._("Reopening statements needs the approver right.")
            )
        for statement in self:
            if statement.state != "approved":
                raise UserError(
                    self.env._(
                        "Only an approved statement that is not posted can be "
                        "reopened: '%(statement)s' is %(state)s.",
                        statement=statement.name,
                        state=statement.state,
                    )
                )
        self.sudo().write(
            {"state": "computed", "approved_uid": False, "approved_date": False}
        )
        return True

    def _sp_open_statement_for_adjustment(self):
        """This statement if still open, else the employee's next open one
        in the plan (created if needed)."""
        self.ensure_one()
        if self.state not in FROZEN_STATES:
            return self
        later = self.search(
            [
                ("plan_id", "=", self.plan_id.id),
                ("employee_id", "=", self.employee_id.id),
                ("state", "in", OPEN_STATES),
                ("period_start", ">", self.period_start),
            ],
            order="period_start",
            limit=1,
        )
        if later:
            return later
        periods = self.plan_id._sp_periods().filtered(
            lambda p: p.date_start > self.period_end and p.sp_state == "open"
        )
        if not periods:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no open period after %(period)s for the "
                    "adjustment: generate the next periods.",
                    plan=self.plan_id.name,
                    period=self.period_id.name,
                )
            )
        adjustment = self.sudo().create(
            {
                "plan_id": self.plan_id.id,
                "employee_id": self.employee_id.id,
                "member_id": self.member_id.id,
                "period_id": periods[0].id,
                "pay_period_id": periods[0].id,
            }
        )
        return adjustment.with_env(self.env)

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    @api.model
    def _sp_run(self, plan, period, members=None, run=None):
        """Compute the statements of ``plan`` for ``period`` (all members,
        or ``members``) in one set-based pass.

        Draft and computed statements get their run lines replaced (manual
        adjustments stay); approved ones are frozen and only get their
        discrepancy updated. Corrections and clawbacks of earlier approved
        statements (R-C11) are added to the open statements of ``period``.
        Everything is validated before anything is written, and the run is
        one transaction: it never stops halfway.
        """
        plan.ensure_one()
        plan._sp_check_commission_setup()
        plan._sp_check_period(period)
        if period.sp_state != "open":
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: reopen it to rerun its commission.",
                    period=period.name,
                )
            )
        members = (members or plan.member_ids).filtered(lambda m: m._window(period))
        self._sp_lock_members(members)
        ctx = CommissionContext(self.env, plan, period, members)
        payouts = plan._sp_payouts(ctx, members)
        corrections = self._sp_corrections(plan, period, members)
        statements = self._sp_statements_for(plan, period, members)
        frozen = statements.filtered(lambda s: s.state in FROZEN_STATES)
        open_statements = statements - frozen
        line_vals = []
        by_employee = {s.employee_id: s for s in open_statements}
        for payout in payouts + corrections:
            statement = by_employee.get(payout["member"].employee_id)
            if statement:
                line_vals.append(statement._sp_line_vals(payout, period))
        Line = self.env["sales.performance.statement.line"].sudo()
        Line.search(
            [("statement_id", "in", open_statements.ids), ("is_manual", "=", False)]
        ).unlink()
        lines = Line.create(line_vals)
        self._sp_record_honours(lines, payouts + corrections)
        now = fields.Datetime.now()
        open_statements.sudo().write(
            {"state": "computed", "computed_on": now, "run_id": run and run.id}
        )
        # The discrepancy is what the next run books for these statements:
        # computed by the same rule-by-rule difference as _sp_corrections
        # (manual adjustments and corrections already booked elsewhere
        # included, held while a grade is under appeal).
        if frozen:
            differences, held = self._sp_differences(
                plan, frozen, members, period, {period: payouts}
            )
            for statement in frozen:
                # frozen statements are written by the engine only (issue 12)
                statement.sudo().write(
                    {
                        "discrepancy_amount": statement.currency_id.round(
                            sum(
                                d["amount"]
                                for d in differences
                                if d["statement"] == statement
                            )
                        ),
                        "discrepancy_held": statement in held,
                    }
                )
        return statements

    @api.model
    def _sp_lock_members(self, members):
        """Two runs of the same members (two users, a job and the monthly
        cron, a rerun while a run is going) are serialised: the UPDATE locks
        the member rows until commit, and a run that waited on them fails with
        a serialisation error (repeatable read) that Odoo's RPC layer and
        queue_job retry: the retry sees the statements of the first run
        instead of creating them twice. Chunks of one run hold disjoint
        members and still run in parallel (issue 12)."""
        if members:
            self.env.cr.execute(
                SQL(
                    "UPDATE sales_performance_member SET write_date = write_date "
                    "WHERE id IN %s",
                    tuple(members.ids),
                )
            )

    @api.model
    def _sp_record_honours(self, lines, payouts):
        """R-P3: honours paid by the run are recorded on the employees."""
        honour_payouts = [p for p in payouts if p.get("honour_id")]
        if not honour_payouts:
            return
        by_key = {
            (line.employee_id.id, line.rule_id.id): line
            # whatever the rule pays as (R-P3: honours are always recorded)
            for line in lines.filtered(lambda x: x.rule_id.rule_type == "honour")
        }
        self.env["sales.performance.honour.award"].sudo().create(
            [
                {
                    "honour_id": payout["honour_id"],
                    "employee_id": payout["member"].employee_id.id,
                    "period_id": self.env["sales.performance.appraisal"]
                    .browse(payout["appraisal_id"])
                    .period_id.id,
                    "appraisal_id": payout["appraisal_id"],
                    "line_id": by_key[
                        (payout["member"].employee_id.id, payout["rule"].id)
                    ].id,
                }
                for payout in honour_payouts
                if (payout["member"].employee_id.id, payout["rule"].id) in by_key
            ]
        )

    @api.model
    def _sp_statements_for(self, plan, period, members):
        existing = self.sudo().search(
            [
                ("plan_id", "=", plan.id),
                ("period_id", "=", period.id),
                ("employee_id", "in", members.employee_id.ids),
            ]
        )
        known = existing.employee_id
        pay_period = plan._sp_pay_period(period)
        missing = members.filtered(lambda m: m.employee_id not in known)
        created = self.sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "period_id": period.id,
                    "member_id": m.id,
                    "employee_id": m.employee_id.id,
                    "pay_period_id": pay_period.id,
                }
                for m in missing
            ]
        )
        return existing | created

    def _sp_line_name(self, name, payout=None):
        """A line name the engine wrote (a refund clawed back, a period
        recomputed, an honour) in the language of the statement's employee,
        who reads it on screen, in the PDF and on the portal; document names
        stay as they are."""
        honour = self.env["sales.performance.honour"].browse(
            (payout or {}).get("honour_id")
        )
        if honour and name == honour.name:
            # the honour's name in the employee's language (issue 23)
            return honour.with_context(lang=self._sp_employee_lang()).name
        if not isinstance(name, explain.Sentence):
            return name
        lang = self._sp_employee_lang()
        return explain.render(self.with_context(lang=lang).env, explain.to_data(name))

    def _sp_employee_lang(self):
        """The language the statement's employee reads."""
        return readers.employee_lang(self.env, self.employee_id)

    def _sp_line_vals(self, payout, period):
        self.ensure_one()
        rule = payout.get("rule")
        kind = payout.get("kind") or "commission"
        return {
            "statement_id": self.id,
            # the currency of the amounts, given: else each amount's rounding
            # reads it through the statement, one query per line
            "currency_id": self.currency_id.id,
            "kind": kind,
            "rule_id": rule.id if rule else False,
            "name": self._sp_line_name(payout.get("name"), payout)
            # the rule's name in the employee's language (issue 23)
            or (
                rule.with_context(lang=self._sp_employee_lang()).name if rule else kind
            ),
            "amount": payout["amount"],
            "base_amount": payout.get("base_amount", 0.0),
            "rate": payout.get("rate", 0.0),
            "grade_id": payout.get("grade_id", False),
            "explanation": payout["explanation"],
            "line_state": payout.get("state", "ok"),
            "source_move_ids": [Command.set(payout.get("move_ids", []))],
            "origin_statement_id": payout.get("origin_statement_id", False),
            "origin_period_id": payout.get("origin_period_id", period.id),
            "sequence": payout.get("sequence", rule.sequence if rule else 50),
        }

    @api.model
    def _sp_corrections(self, plan, period, members):
        """R-C11: for each approved (or posted, paid) statement of an earlier
        period, what it is worth now minus what was approved for it, per
        rule, as a clawback (negative) or correction line of ``period``."""
        earlier = self.sudo().search(
            [
                ("plan_id", "=", plan.id),
                ("employee_id", "in", members.employee_id.ids),
                ("state", "in", FROZEN_STATES),
                ("period_start", "<", period.date_start),
            ]
        )
        differences = self._sp_differences(plan, earlier, members, period)[0]
        corrections = []
        for each in differences:
            statement, rule = each["statement"], each["rule"]
            difference, due = each["amount"], each["due"]
            earned_period = statement.period_id
            corrections.append(
                {
                    "member": each["member"],
                    "rule": rule,
                    "kind": "clawback" if difference < 0 else "correction",
                    "name": explain.correction_name(
                        self.env, rule.name, earned_period.name
                    ),
                    "amount": difference,
                    "base_amount": due,
                    "explanation": explain.correction(
                        self.env,
                        statement.name,
                        each["booked"],
                        rule.name,
                        due,
                        difference,
                    ),
                    "move_ids": each["move_ids"],
                    "origin_statement_id": statement.id,
                    "origin_period_id": earned_period.id,
                    "sequence": 90,
                }
            )
        return corrections

    @api.model
    def _sp_differences(self, plan, frozen, members, period, payouts=None):
        """Rule by rule, what each frozen statement is worth now minus what
        is booked for it (its own run lines and the corrections booked for
        it in other statements, the rerun ``period``'s open run lines
        excepted: they are being replaced). Manual adjustments and lines of
        archived rules are not recomputed. ``payouts`` may give the payouts
        already computed for a period.

        Returns ``(differences, held)``: dicts with statement, member, rule,
        amount, due, booked, move_ids; and the statements held because a
        grade of theirs is under appeal or being rated again (R-A4).
        Statement discrepancies and the corrections of the next run both
        come from here, so what one announces the other books."""
        payouts = payouts or {}
        held = self._sp_held(frozen)
        frozen -= held
        if not frozen:
            return [], held
        booked = self._sp_booked(frozen, period)
        differences = []
        for earned_period in frozen.period_id:
            statements = frozen.filtered(lambda s, p=earned_period: s.period_id == p)
            due, sources = self._sp_due(plan, earned_period, statements, payouts)
            for statement in statements:
                differences += self._sp_statement_differences(
                    plan, statement, members, due, sources, booked
                )
        return differences, held

    @api.model
    def _sp_held(self, frozen):
        """The ``frozen`` statements held: a grade under appeal or being
        rated again holds until it is final, the statement's corrections
        wait for it rather than reverse commission that the decision may
        confirm (R-A4 appeal, R-C11)."""
        pending = {
            (a.employee_id, a.period_id)
            for a in self.env["sales.performance.appraisal"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", frozen.employee_id.ids),
                    ("period_id", "in", frozen.period_id.ids),
                    ("state", "in", APPRAISAL_PENDING_STATES),
                ]
            )
        }
        return frozen.filtered(lambda s: (s.employee_id, s.period_id) in pending)

    @api.model
    def _sp_booked(self, frozen, period):
        """{(statement, rule): amount booked for it}: the ``frozen``
        statements' own lines and the corrections booked for them in other
        statements; the open run lines of the rerun ``period`` (being
        replaced) and manual adjustments are left out."""
        Line = self.env["sales.performance.statement.line"].sudo()
        booked = defaultdict(float)
        for line in Line.search(
            [
                "|",
                ("statement_id", "in", frozen.ids),
                ("origin_statement_id", "in", frozen.ids),
            ]
        ):
            if (
                line.statement_id.period_id == period
                and line.statement_state not in FROZEN_STATES
                and not line.is_manual
            ):
                continue
            if line.kind == "adjustment":
                continue
            statement = line.origin_statement_id or line.statement_id
            booked[(statement, line.rule_id)] += line.amount
        return booked

    @api.model
    def _sp_due(self, plan, earned_period, statements, payouts):
        """What ``statements`` of ``earned_period`` are worth now, as
        ``({(employee, rule): amount}, {(employee, rule): source move ids})``,
        from ``payouts`` of the period when given, else computed."""
        if earned_period in payouts:
            computed = payouts[earned_period]
        else:
            ctx = CommissionContext(
                self.env,
                plan,
                earned_period,
                plan.member_ids.filtered(lambda m, p=earned_period: m._window(p)),
            )
            computed = plan._sp_payouts(ctx, statements.member_id)
        due = defaultdict(float)
        sources = defaultdict(set)
        for payout in computed:
            key = (payout["member"].employee_id, payout["rule"])
            due[key] += payout["amount"]
            sources[key] |= set(payout.get("move_ids", []))
        return due, sources

    @api.model
    def _sp_statement_differences(self, plan, statement, members, due, sources, booked):
        """The differences of one frozen statement, rule by rule (see
        ``_sp_differences``); the moves that cause one are those the approved
        lines and the recomputation do not share, or all of them."""
        member = (
            members.filtered(lambda m, s=statement: m.employee_id == s.employee_id)
            or statement.member_id
        )[:1]
        differences = []
        for rule in plan.rule_ids.filtered(lambda r, m=member: r._applies_to(m)):
            key = (statement.employee_id, rule)
            difference = plan.currency_id.round(due[key] - booked[(statement, rule)])
            if plan.currency_id.is_zero(difference):
                continue
            approved_moves = set(
                statement.line_ids.filtered(
                    lambda line, r=rule: line.rule_id == r
                ).source_move_ids.ids
            )
            causes = (approved_moves ^ sources[key]) or sources[key] | approved_moves
            differences.append(
                {
                    "statement": statement,
                    "member": member,
                    "rule": rule,
                    "amount": difference,
                    "due": due[key],
                    "booked": booked[(statement, rule)],
                    "move_ids": sorted(causes),
                }
            )
        return differences

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Statement %(name)s", name=self.name)

    # ------------------------------------------------------------------
    # Views
    # ------------------------------------------------------------------
    def action_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_statement_line"
        )
        action["domain"] = [
            ("statement_id", "=", self.id),
            ("dispute_state", "!=", False),
        ]
        return action
