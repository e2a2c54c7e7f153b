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
    recovery_balance = fields.Monetary(
        compute="_compute_recovery_balance",
        help="Clawbacks carried forward and not yet taken back after this "
        "statement: the next statements take them from their commission "
        "(R-C11).",
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
    # The order of computations and approvals, whatever the clock says
    # (``_sp_check_booked_once``): one database sequence for both.
    computed_seq = fields.Integer(readonly=True, copy=False)
    approved_seq = fields.Integer(readonly=True, copy=False, index=True)
    # Money over time (issue 19): what the statement was computed with.
    fact_fingerprint = fields.Char(
        readonly=True,
        copy=False,
        help="Digest of the facts of the period the statement was computed or "
        "last checked with (credits, documents, grades, targets, wages, "
        "members): an approved statement is recomputed only when it changes.",
    )
    # issue 25: the digest of the statement's own facts (its documents and
    # the plan's people facts), recorded with the fingerprint: in a plan
    # where nobody is paid on another's sales, a period whose fingerprint
    # changed recomputes only the people whose own facts changed
    fact_digest = fields.Char(readonly=True, copy=False)
    rule_stamp = fields.Char(
        readonly=True,
        copy=False,
        help="The rule rows in force in the period when the statement was "
        "computed: a version of the plan reaching back changes it.",
    )
    interpretation_offsets = fields.Json(
        readonly=True,
        copy=False,
        help="Per rule, what a new release of the engine reads differently in "
        "this approved statement than what was paid: kept apart so that an "
        "upgrade never re-pays or claws back history.",
    )
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

    @api.depends("line_ids.amount", "line_ids.kind")
    def _compute_recovery_balance(self):
        for statement in self:
            statement.recovery_balance = statement.currency_id.round(
                statement.sudo()._sp_outstanding(upto=True)
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
        "plan_id.review_target_share",
        "line_ids.amount",
        "line_ids.origin_period_id.sp_state",
        "user_id.active",
    )
    def _compute_review_reasons(self):
        # read as the engine: whoever opens the statement (an approver, the
        # employee) sees why it waits, whatever they may read of the plan
        limits = self.sudo()._sp_review_limits()
        for statement, engine in zip(self, self.sudo(), strict=True):
            reasons = []
            limit, from_targets = limits.get(statement.id, (0.0, False))
            currency = statement.currency_id
            if limit and currency.compare_amounts(statement.amount_total, limit) > 0:
                reasons.append(
                    self.env._(
                        "The total %(amount)s is above the plan's review amount "
                        "%(limit)s.",
                        amount=money(statement.amount_total),
                        limit=money(limit),
                    )
                    if not from_targets
                    else self.env._(
                        "The total %(amount)s is above %(limit)s, the plan's "
                        "share of the largest target of %(period)s (no review "
                        "amount is set).",
                        amount=money(statement.amount_total),
                        limit=money(limit),
                        period=statement.period_id.name,
                    )
                )
            # issue 21: a statement of an employee without an active user is
            # seen by nobody (nor mailed): not approved without a look
            if not engine.user_id.active:
                reasons.append(
                    self.env._(
                        "%(employee)s has no active user: nobody can read the "
                        "statement; link a user on the employee.",
                        employee=engine.employee_id.name,
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
            # R-C11: more clawed back than earned, deducted from other pay
            if currency.compare_amounts(statement.amount_total, 0.0) < 0:
                reasons.append(
                    self.env._(
                        "%(amount)s of clawbacks is deducted from the employee's "
                        "other pay.",
                        amount=money(-statement.amount_total),
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
        # the checks read what they need set-wise (issue 25: a bulk approval
        # of thousands of statements makes a few queries, not two a
        # statement, and no statement is compared with every other one)
        last_runs = self._sp_last_runs()
        booked_elsewhere = self._sp_approved_after_computed()
        for statement in self:
            if statement.state != "computed":
                raise UserError(
                    self.env._(
                        "Statement '%(statement)s' must be computed before it is "
                        "approved.",
                        statement=statement.name,
                    )
                )
            last_run = last_runs.get((statement.plan_id, statement.period_id))
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
            statement._sp_check_booked_once(booked_elsewhere[statement])
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
        # not by who computed, reviewed or adjusted it, unless the company
        # lets one person do all (R-W3, issue 21)
        one_person = self._sp_check_duties("approve")
        confirm = self._sp_confirm_running_period()
        if confirm:
            return confirm
        # checked above: rights, state, complete run, not one's own (R-W3)
        self.sudo().write(
            {
                "state": "approved",
                "approved_uid": self.env.uid,
                "approved_date": fields.Datetime.now(),
                "approved_seq": self._sp_next_seq(),
            }
        )
        self._sp_log_one_person(one_person, "approve")
        self._sp_send_approved_mail()
        return True

    def init(self):
        self.env.cr.execute(
            "CREATE SEQUENCE IF NOT EXISTS sales_performance_statement_event_seq"
        )

    @api.model
    def _sp_next_seq(self):
        self.env.cr.execute("SELECT nextval('sales_performance_statement_event_seq')")
        return self.env.cr.fetchone()[0]

    def _sp_last_runs(self):
        """``{(plan, period): the latest commission run}`` of the statements'
        periods, one search per period (not per statement)."""
        Run = self.env["sales.performance.run"].sudo()
        runs = {}
        for plan, period in {(s.plan_id, s.period_id) for s in self}:
            runs[plan, period] = Run.search(
                [("plan_id", "=", plan.id), ("period_id", "=", period.id)],
                order="id desc",
                limit=1,
            )
        return runs

    def _sp_approved_after_computed(self):
        """``{statement: the other statements of its employee approved after
        it was computed}`` for the statements approved together (R-W2,
        issue 19): those frozen already, read in one query, and those of
        the batch before it (approved together with it, before it)."""
        statements = self.sudo()
        frozen = statements.search(
            [
                ("id", "not in", statements.ids),
                ("employee_id", "in", statements.employee_id.ids),
                ("company_id", "in", statements.company_id.ids),
                ("state", "in", FROZEN_STATES),
                (
                    "approved_seq",
                    ">",
                    min(s.computed_seq or 0 for s in statements) if statements else 0,
                ),
            ]
        )
        by_person = defaultdict(list)
        for other in frozen:
            by_person[other.employee_id, other.company_id].append(other)
        before = defaultdict(lambda: statements.browse())
        result = {}
        for statement in statements:
            seq = statement.computed_seq or 0
            later = statements.browse(
                [
                    other.id
                    for other in by_person[statement.employee_id, statement.company_id]
                    if other.approved_seq > seq
                ]
            )
            result[statement] = later | before[statement.employee_id]
            before[statement.employee_id] |= statement
        return result

    def _sp_check_booked_once(self, later):
        """Nothing is booked twice (R-W2, issue 19): corrections, clawbacks
        and recovery balances are computed against what is frozen when the
        period runs. If another statement of the employee was approved
        since (``later``, :meth:`_sp_approved_after_computed`), one of them
        may already book them: the period must run again first."""
        self.ensure_one()
        carried = ("correction", "clawback", "recovery")

        def books_history(statements):
            return statements.line_ids.filtered(
                lambda x: x.origin_statement_id or x.kind in carried
            )

        if later and (books_history(self.sudo()) or books_history(later)):
            raise UserError(
                self.env._(
                    "%(other)s was approved after '%(statement)s' was computed: run "
                    "%(period)s again before approving it, so that what it corrects "
                    "or takes back is booked once.",
                    other=later[0].name,
                    statement=self.name,
                    period=self.period_id.name,
                )
            )

    def _sp_confirm_running_period(self):
        """Approving a statement of a period that has not ended freezes it
        before the month's last sales (issue 20): unless confirmed (context
        ``sp_approve_running_period``), the dialog that asks for it."""
        today = fields.Date.context_today(self)
        running = self.filtered(lambda s: s.period_end and s.period_end >= today)
        if not running or self.env.context.get("sp_approve_running_period"):
            return False
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve before the period ends?"),
            "res_model": "sales.performance.statement.approve",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_statement_ids": self.ids,
                "default_message": self.env._(
                    "%(periods)s has not ended (%(count)s statement(s)). Approved "
                    "statements are frozen: what is invoiced or paid until the end "
                    "of the period is booked as corrections in a later period "
                    "(R-C11).",
                    periods=", ".join(running.period_id.mapped("name")),
                    count=len(running),
                ),
            },
        }

    def action_approve_selected(self):
        """Approve the selected statements from the list (issue 23): each
        one is checked and approved as its own Approve button does
        (:meth:`action_approve`: rights, computed, a complete run, not one's
        own, the review), one refusal does not stop the others; says what it
        did. Immediate, unless the selection is bigger than the company's
        background threshold and queue_job is installed: then it goes to the
        job queue in chunks (issue 25)."""
        if not self.env.user.has_group("sales_performance.group_sp_approver"):
            raise AccessError(
                self.env._("Approving statements needs the approver right.")
            )
        # a period that has not ended asks first, once for the selection
        # (issue 20); then each statement as if confirmed
        confirm = self.filtered(
            lambda s: s.state != "approved"
        )._sp_confirm_running_period()
        if confirm:
            return confirm
        # a big selection goes to the job queue in chunks (issue 25)
        Operation = self.env["sales.performance.operation"]
        if Operation._sp_big(len(self)):
            return Operation._sp_start("approve", self)
        approved, refused = self.browse(), {}
        for statement in self.with_context(sp_approve_running_period=True):
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
        return self._sp_selection_result(self.env._("Approve"), message, refused)

    @api.model
    def _sp_selection_result(self, title, message, refused):
        """The notification of an action on selected statements: what it
        did, then each statement it refused with why; sticky when any was
        refused, and the list reloads."""
        if refused:
            message += " " + " ".join(
                f"{statement.name}: {reason}" for statement, reason in refused.items()
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
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
        # the facts and rules the run reads (issue 19): an approved statement
        # is recomputed later only if they change
        computed_with = {
            "fact_fingerprint": plan._sp_fact_fingerprint(period),
            "rule_stamp": plan._sp_rule_stamp(period),
        }
        digests = plan._sp_fact_digests(period)
        ctx = CommissionContext(self.env, plan, period, members)
        payouts = plan._sp_payouts(ctx, members)
        # what the earlier periods' facts are: read once per run, shared by
        # its chunks (issue 25)
        known = run._sp_fact_checks() if run else {}
        corrections = self._sp_corrections(plan, period, members, known)
        clawbacks = self._sp_clawbacks(plan, period, members, corrections)
        statements = self._sp_statements_for(plan, period, members)
        frozen = statements.filtered(lambda s: s.state in FROZEN_STATES)
        open_statements = statements - frozen
        line_vals, booked = [], []
        by_employee = {s.employee_id: s for s in open_statements}
        for payout in payouts + corrections + clawbacks:
            statement = by_employee.get(payout["member"].employee_id)
            if statement:
                line_vals.append(statement._sp_line_vals(payout, period))
                booked.append(payout)
        Line = self.env["sales.performance.statement.line"].sudo()
        Line.search(
            [("statement_id", "in", open_statements.ids), ("is_manual", "=", False)]
        ).unlink()
        lines = Line.create(line_vals)
        self._sp_write_sources(lines, booked, period)
        self._sp_record_corrected(booked)
        open_statements._sp_recover(ctx)
        self._sp_record_honours(lines, payouts + corrections)
        now = fields.Datetime.now()
        open_statements.sudo().write(
            dict(
                computed_with,
                state="computed",
                computed_on=now,
                computed_seq=self._sp_next_seq(),
                run_id=run and run.id,
                interpretation_offsets=False,
            )
        )
        self._sp_write_digests(
            {s.id: digests.get(s.employee_id.id) for s in open_statements}
        )
        # The discrepancy is what the next run books for these statements:
        # computed by the same rule-by-rule difference as _sp_corrections
        # (manual adjustments and corrections already booked elsewhere
        # included, held while a grade is under appeal).
        if frozen:
            differences, held = self._sp_differences(
                plan, frozen, members, period, {period: payouts}
            )
            amounts = defaultdict(float)
            for each in differences:
                amounts[each["statement"]] += each["amount"]
            groups = defaultdict(list)
            for statement in frozen:
                value = statement.currency_id.round(amounts.get(statement, 0.0))
                groups[(value, statement in held)].append(statement.id)
            # frozen statements are written by the engine only (issue 12);
            # one write per distinct value (issue 25)
            for (value, is_held), ids in groups.items():
                self.browse(ids).sudo().write(
                    {"discrepancy_amount": value, "discrepancy_held": is_held}
                )
        return statements

    @api.model
    def _sp_record_corrected(self, booked):
        """The frozen statements corrected by lines booked in this run are,
        with them, worth what their facts and rules are now: record those as
        what they are booked with (issue 19). Else a fact that changes back
        (a credit note posted by mistake, then cancelled) would match the
        fingerprint of before the correction and never be corrected back.
        Until the correcting statement is approved, ``_sp_stale`` checks
        them again anyway (a rerun replaces its lines)."""
        computed = {}
        for payout in booked:
            if payout.get("computed_with") and payout.get("origin_statement_id"):
                computed[payout["origin_statement_id"]] = payout["computed_with"]
        self._sp_write_computed_with(computed)

    @api.model
    def _sp_write_computed_with(self, computed):
        """Write ``{statement id: (fingerprint, rule stamp, digest)}``: one
        write per distinct fingerprint and stamp, whatever the number of
        statements, and the digests in one statement (issue 25)."""
        groups = defaultdict(list)
        for statement_id, values in computed.items():
            groups[values[:2]].append(statement_id)
        for (fingerprint, stamp), ids in groups.items():
            self.browse(ids).sudo().write(
                {"fact_fingerprint": fingerprint, "rule_stamp": stamp}
            )
        self._sp_write_digests(
            {
                key: (values[2] if len(values) > 2 else False)
                for key, values in computed.items()
            }
        )

    @api.model
    def _sp_write_digests(self, digests):
        """``{statement id: fact digest or False}`` in one UPDATE: the digest
        is recorded whenever the fingerprint is, or forgotten (issue 25)."""
        if not digests:
            return
        self.flush_model(["fact_digest"])
        self.env.cr.execute(
            SQL(
                "UPDATE sales_performance_statement s SET fact_digest = v.digest "
                "FROM (SELECT unnest(%s::int[]) AS id, "
                "unnest(%s::varchar[]) AS digest) v WHERE s.id = v.id",
                list(digests),
                [d or None for d in digests.values()],
            )
        )
        self.browse(list(digests)).invalidate_recordset(["fact_digest"])

    # ------------------------------------------------------------------
    # Recovery balance (R-C11, issue 19): clawbacks bigger than a statement
    # ------------------------------------------------------------------
    def _sp_outstanding(self, upto=False):
        """What the employee still owes of clawbacks carried forward, before
        this statement (or after it, ``upto``): the recovery lines of the
        frozen statements of earlier periods of this plan, and of plans of
        theirs that ended before it."""
        self.ensure_one()
        if not self.period_start:
            return 0.0
        lines = (
            self.env["sales.performance.statement.line"]
            .sudo()
            .search(
                [
                    ("employee_id", "=", self.employee_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("kind", "=", "recovery"),
                    "|",
                    ("plan_id", "=", self.plan_id.id),
                    ("plan_id.date_end", "<", self.period_start),
                ]
            )
        )
        total = sum(
            line.amount
            for line in lines
            if (
                line.statement_state in FROZEN_STATES
                and line.statement_id.period_start < self.period_start
            )
            or (upto and line.statement_id == self)
        )
        return self.currency_id.round(total)

    def _sp_outstanding_all(self):
        """``{statement: what its employee still owes before it}`` for these
        statements, as ``_sp_outstanding`` says, from one search of the
        recovery lines of their employees (issue 25)."""
        result = dict.fromkeys(self, 0.0)
        dated = self.filtered("period_start")
        if not dated:
            return result
        lines = (
            self.env["sales.performance.statement.line"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", dated.employee_id.ids),
                    ("company_id", "in", dated.company_id.ids),
                    ("kind", "=", "recovery"),
                    ("statement_state", "in", FROZEN_STATES),
                ]
            )
        )
        by_employee = defaultdict(list)
        for line in lines:
            by_employee[(line.employee_id, line.company_id)].append(line)
        for statement in dated:
            start = statement.period_start
            total = sum(
                line.amount
                for line in by_employee[(statement.employee_id, statement.company_id)]
                if (
                    line.plan_id == statement.plan_id
                    or (line.plan_id.date_end and line.plan_id.date_end < start)
                )
                and line.statement_id.period_start < start
            )
            result[statement] = statement.currency_id.round(total)
        return result

    def _sp_recover(self, ctx):
        """Bring the recovery balance into these open statements, then carry
        forward what a statement cannot pay: its total stays at zero, or at
        what the plan lets deduct from other pay (capped by a share of the
        wage) when it is negative (R-C11)."""
        Line = self.env["sales.performance.statement.line"].sudo()
        brought = []
        owed = self._sp_outstanding_all()
        for statement in self:
            outstanding = owed[statement]
            if statement.currency_id.compare_amounts(outstanding, 0.0) > 0:
                brought.append(
                    statement._sp_recovery_vals(
                        -outstanding,
                        explain.recovery_brought_name(self.env),
                        explain.recovery_brought(self.env, outstanding),
                        95,
                    )
                )
        Line.create(brought)
        carried = []
        for statement in self:
            total = statement.currency_id.round(
                sum(statement.line_ids.mapped("amount"))
            )
            if statement.currency_id.compare_amounts(total, 0.0) >= 0:
                continue
            plan = statement.plan_id
            deducted = 0.0
            cap = 0.0
            wage = ctx.wage(statement.member_id) if statement.member_id else 0.0
            if plan.deduct_from_pay:
                cap = statement.currency_id.round(plan.deduction_cap * wage)
                deducted = min(-total, cap)
            carry = statement.currency_id.round(-total - deducted)
            if statement.currency_id.is_zero(carry):
                continue
            carried.append(
                statement._sp_recovery_vals(
                    carry,
                    explain.recovery_carried_name(self.env),
                    explain.recovery_carried(
                        self.env, -total, deducted, plan.deduction_cap, wage, carry
                    )
                    if plan.deduct_from_pay
                    else explain.recovery_carried_all(self.env, -total, carry),
                    99,
                )
            )
        Line.create(carried)

    def _sp_recovery_vals(self, amount, name, explanation, sequence):
        self.ensure_one()
        return {
            "statement_id": self.id,
            "currency_id": self.currency_id.id,
            "kind": "recovery",
            "name": self._sp_line_name(name),
            "amount": amount,
            "explanation": explanation,
            "origin_period_id": self.period_id.id,
            "sequence": sequence,
        }

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
            "refund_origin_move_id": payout.get("refund_origin_move_id", False),
            "origin_period_id": payout.get("origin_period_id", period.id),
            "sequence": payout.get("sequence", rule.sequence if rule else 50),
        }

    @api.model
    def _sp_corrections(self, plan, period, members, known=None):
        """R-C11: for each approved (or posted, paid) statement of an earlier
        period whose facts or rules in force changed since it was approved,
        what it is worth now minus what was booked for it, per rule, as a
        clawback (negative) or correction line of ``period``, naming its
        cause: the documents, a grade, or the plan's version (issue 19)."""
        earlier = self.sudo().search(
            [
                ("plan_id", "=", plan.id),
                ("employee_id", "in", members.employee_id.ids),
                ("state", "in", FROZEN_STATES),
                ("period_start", "<", period.date_start),
            ]
        )
        differences = self._sp_differences(plan, earlier, members, period, known=known)[
            0
        ]
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
                    "explanation": statement._sp_correction_explanation(each),
                    "move_ids": each["move_ids"],
                    "origin_statement_id": statement.id,
                    "origin_period_id": earned_period.id,
                    "sequence": 90,
                    "attribution": statement._sp_correction_attribution(each),
                    "computed_with": each["computed_with"],
                }
            )
        return corrections

    def _sp_correction_attribution(self, each):
        """What a correction of this frozen statement is paid on: what the
        recomputation pays on each document minus what was paid on it, so
        that a later refund takes back what the document finally paid."""
        self.ensure_one()
        currency = self.currency_id
        lineage = each["rule"]._sp_lineage()
        parts = defaultdict(lambda: [0.0, 0.0])
        for payout in each.get("due_payouts", []):
            metric = payout["rule"]._sp_clawback_metric()
            sources = payout.get("sources") or []
            amounts = self._sp_allocate(
                payout["amount"], [value for *__, value in sources], currency
            )
            for (move, employee, value), amount in zip(
                sources, amounts or [], strict=False
            ):
                key = (move, employee, metric.id)
                parts[key][0] += value
                parts[key][1] += amount
        Source = self.env["sales.performance.payout.source"].sudo()
        for move, employee, metric, base, amount in Source._read_group(
            [
                ("lineage_id", "=", lineage.id),
                ("is_clawback", "=", False),
                ("statement_state", "in", FROZEN_STATES),
                "|",
                "&",
                ("statement_id", "=", self.id),
                ("line_id.origin_statement_id", "=", False),
                ("line_id.origin_statement_id", "=", self.id),
            ],
            ["move_id", "measured_employee_id", "metric_id"],
            ["base:sum", "amount:sum"],
        ):
            key = (move.id, employee.id, metric.id)
            parts[key][0] -= base
            parts[key][1] -= amount
        rows = [
            [move, employee, currency.round(base), currency.round(amount), metric]
            for (move, employee, metric), (base, amount) in parts.items()
            if not (currency.is_zero(base) and currency.is_zero(amount))
        ]
        if not rows:
            return []
        remainder = currency.round(each["amount"] - sum(r[3] for r in rows))
        if remainder:
            largest = max(rows, key=lambda r: abs(r[3]))
            largest[3] = currency.round(largest[3] + remainder)
        return [(*row, False) for row in rows]

    @api.model
    def _sp_allocate(self, amount, weights, currency):
        """``amount`` split in proportion to signed ``weights``, each part
        rounded, the remainder on the largest weight; ``None`` when the
        weights add up to nothing."""
        total = sum(weights)
        if not weights or currency.is_zero(total):
            return None
        parts = [currency.round(amount * weight / total) for weight in weights]
        remainder = currency.round(amount - sum(parts))
        if remainder:
            index = max(range(len(weights)), key=lambda i: (abs(weights[i]), -i))
            parts[index] = currency.round(parts[index] + remainder)
        return parts

    @api.model
    def _sp_write_sources(self, lines, payouts, period):
        """Record what each new line is paid on (R-W1, R-C11): its amount
        split over the documents of its base by their value, or the
        attribution a correction or a clawback carries."""
        vals = []
        for line, payout in zip(lines, payouts, strict=True):
            rule = payout.get("rule")
            if not rule:
                continue
            common = {
                "line_id": line.id,
                "lineage_id": rule._sp_lineage().id,
                "period_id": payout.get("origin_period_id") or period.id,
            }
            if payout.get("attribution") is not None:
                for move, employee, base, amount, metric, claw in payout["attribution"]:
                    vals.append(
                        dict(
                            common,
                            move_id=move,
                            measured_employee_id=employee,
                            base=base,
                            amount=amount,
                            metric_id=metric,
                            is_clawback=claw,
                        )
                    )
                continue
            sources = payout.get("sources")
            if not sources or line.currency_id.is_zero(line.amount):
                continue
            amounts = self._sp_allocate(
                line.amount, [value for *__, value in sources], line.currency_id
            )
            if amounts is None:
                continue
            metric = rule._sp_clawback_metric().id
            for (move, employee, value), amount in zip(sources, amounts, strict=True):
                vals.append(
                    dict(
                        common,
                        move_id=move,
                        measured_employee_id=employee,
                        base=value,
                        amount=amount,
                        metric_id=metric,
                    )
                )
        self.env["sales.performance.payout.source"].sudo()._sp_insert(vals)

    # ------------------------------------------------------------------
    # R-C11: the ledger of what was paid, and what refunds take back
    # ------------------------------------------------------------------
    @api.model
    def _sp_clawbacks(self, plan, period, members, corrections=()):
        """What the refunds known up to ``period``'s end take back from the
        run's members, as clawback lines of ``period`` (issue 19).

        For each document a frozen line paid a member on (its
        ``sales.performance.payout.source`` rows, in this plan or in a plan
        of theirs that has ended) and each person whose sales counted: the
        share refunded since the line's period, ``refunded ÷ base`` (at most
        all of it), of what was paid on the document, less what was already
        taken back. So a clawback is what was actually paid on the refunded
        base: its rate, grade factor, pool share, threshold or year-end
        bonus; taken once; from the people who were paid it; never more
        than they were paid. A credit note cancelled later gives it back.
        ``corrections`` booked by the same run count as paid: a period
        recomputed because its invoice now counts elsewhere pays nothing
        left to take back."""
        employees = members.employee_id
        if not employees:
            return []
        Source = self.env["sales.performance.payout.source"].sudo()
        plans = plan | plan.search(
            [
                ("company_id", "=", plan.company_id.id),
                ("date_end", "<", period.date_start),
                ("is_template", "=", False),
            ]
        )
        # the documents corrections of this run pay on count too: they may
        # pay someone on a refunded document for the first time
        pending = {
            row[0]
            for payout in corrections
            for row in payout.get("attribution", [])
            if not row[5]
        }
        moves = sorted(set(self._sp_reduced_moves(plans, employees)) | pending)
        if not moves:
            return []
        paid = Source._read_group(
            [
                ("move_id", "in", moves),
                ("employee_id", "in", employees.ids),
                ("plan_id", "in", plans.ids),
                ("statement_state", "in", FROZEN_STATES),
            ],
            [
                "employee_id",
                "lineage_id",
                "move_id",
                "measured_employee_id",
                "metric_id",
                "is_clawback",
            ],
            ["base:sum", "amount:sum", "period_end:max", "line_id:array_agg"],
        )
        ledger = defaultdict(lambda: {"parts": {}, "clawed": 0.0, "lines": []})
        for (
            employee,
            lineage,
            move,
            measured,
            metric,
            claw,
            base,
            amount,
            end,
            ids,
        ) in paid:
            entry = ledger[(employee, lineage, move)]
            if claw:
                entry["clawed"] -= amount
                continue
            entry["parts"][(measured, metric)] = (base, amount, end)
            entry["lines"] += ids
        self._sp_add_pending(ledger, corrections, moves)
        reductions = self._sp_reductions(plan, moves, period.date_end)
        by_employee = {m.employee_id: m for m in members}
        result = []
        for (employee, lineage, move), entry in ledger.items():
            payout = self._sp_clawback_payout(
                plan, by_employee[employee], lineage, move, entry, reductions
            )
            if payout:
                result.append(payout)
        return result

    @api.model
    def _sp_add_pending(self, ledger, corrections, moves):
        """Count the attribution of the corrections this run books as paid
        (they are booked with the clawbacks, frozen together), also where
        they pay someone on a document for the first time: its refunds take
        that back in this same run, not in the next one."""
        Employee = self.env["hr.employee"]
        Move = self.env["account.move"]
        Metric = self.env["sales.performance.metric"]
        Period = self.env["date.range"]
        for payout in corrections:
            lineage = payout["rule"]._sp_lineage()
            employee = payout["member"].employee_id
            period = Period.browse(payout["origin_period_id"])
            for move, measured, base, amount, metric, claw in payout.get(
                "attribution", []
            ):
                if claw or move not in moves:
                    continue
                entry = ledger[(employee, lineage, Move.browse(move))]
                entry.setdefault("pending", payout)
                key = (Employee.browse(measured), Metric.browse(metric))
                old_base, old_amount, end = entry["parts"].get(
                    key, (0.0, 0.0, period.date_end)
                )
                # as the ledger will read it once frozen (period_end:max)
                entry["parts"][key] = (
                    old_base + base,
                    old_amount + amount,
                    max(end, period.date_end),
                )

    @api.model
    def _sp_reduced_moves(self, plans, employees):
        """Documents that paid these people in frozen lines of ``plans`` and
        were reduced since: a credit note made from them, a later change of
        a closed period's document, a clawback already booked on them, or an
        unlinked credit note to the same customer from the same salesperson
        (set-wise: each kind of reduction read once, not once a payout
        source, issue 25)."""
        self.env["sales.performance.payout.source"].flush_model()
        self.env["sales.performance.credit"].flush_model()
        self.env["account.move"].flush_model(
            ["reversed_entry_id", "state", "move_type", "commercial_partner_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH paid AS (
                    SELECT DISTINCT s.move_id, s.measured_employee_id
                      FROM sales_performance_payout_source s
                     WHERE s.employee_id = ANY(%(employees)s)
                       AND s.plan_id = ANY(%(plans)s)
                       AND s.statement_state IN %(frozen)s
                       AND s.is_clawback IS NOT TRUE
                )
                SELECT move_id
                  FROM paid
                 WHERE move_id IN (SELECT reversed_entry_id FROM account_move
                                    WHERE reversed_entry_id IS NOT NULL)
                    OR move_id IN (SELECT move_id FROM sales_performance_credit
                                    WHERE is_adjustment)
                    OR move_id IN (SELECT move_id
                                     FROM sales_performance_payout_source
                                    WHERE is_clawback)
                UNION
                SELECT p.move_id
                  FROM paid p
                  JOIN account_move x ON x.id = p.move_id
                  JOIN (SELECT DISTINCT c.employee_id, c.partner_id
                          FROM sales_performance_credit c
                          JOIN account_move r ON r.id = c.move_id
                         WHERE r.move_type = 'out_refund'
                           AND r.reversed_entry_id IS NULL) u
                    ON u.employee_id = p.measured_employee_id
                   AND u.partner_id = x.commercial_partner_id
                """,
                employees=employees.ids,
                plans=plans.ids,
                frozen=FROZEN_STATES,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _sp_reductions(self, plan, moves, until):
        """``{(invoice_id, employee_id, metric field): [(day, value,
        refund_id)]}``: what was taken off each invoice up to ``until``, per
        person and credit field, in company currency (negative) and the day
        it counts: credit notes (linked, or matched oldest first) on their
        date (on the cash basis, not before the invoice is paid: R-C10),
        later reductions of a closed period's document."""
        Credit = self.env["sales.performance.credit"].sudo()
        fields_ = list(Credit._sp_amount_fields)
        reductions = defaultdict(list)
        # reductions of the documents themselves (closed periods, R-C11)
        # fetched, not read: no display name of each document and person is
        # made (issue 25)
        for row in Credit.search_fetch(
            [
                ("move_id", "in", moves),
                ("is_adjustment", "=", True),
                ("date", "<=", until),
            ],
            ["move_id", "employee_id", "date", "kind", *fields_],
        ):
            for field in Credit._sp_delta_fields(row.kind):
                if row[field] < 0:
                    reductions[(row.move_id.id, row.employee_id.id, field)].append(
                        (row.date, row[field], row.move_id.id)
                    )
        # credit notes; the customers of the documents fetched alone, not
        # every field of 3,500 documents (issue 25)
        invoices = (
            self.env["account.move"]
            .sudo()
            .search_fetch([("id", "in", moves)], ["commercial_partner_id"])
        )
        refunds = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_refund"),
                    "|",
                    ("reversed_entry_id", "in", moves),
                    "&",
                    ("reversed_entry_id", "=", False),
                    ("commercial_partner_id", "in", invoices.commercial_partner_id.ids),
                ]
            )
        )
        origins = Credit._sp_refund_origins(refunds.ids, cash_basis=plan.cash_basis)
        paid_days = (
            self.env["sales.performance.metric"]._sp_paid_days(moves)
            if plan.cash_basis
            else {}
        )
        for row in Credit.search_fetch(
            [("move_id", "in", refunds.ids), ("date", "<=", until)],
            ["move_id", "employee_id", "date", "kind", *fields_],
        ):
            refund, employee = row.move_id.id, row.employee_id.id
            for invoice, fraction in origins.get((refund, employee), []):
                if invoice not in moves:
                    continue
                day = row.date
                if plan.cash_basis and row.kind == "invoice":
                    if invoice not in paid_days:
                        continue
                    day = max(day, paid_days[invoice])
                for field in Credit._sp_delta_fields(row.kind):
                    reductions[(invoice, employee, field)].append(
                        (day, row[field] * fraction, refund)
                    )
        return reductions

    @api.model
    def _sp_clawback_payout(self, plan, member, lineage, move, entry, reductions):
        """The clawback (or give-back) line of one document for one member
        and rule: what should be taken back of what was paid on it, less
        what was; ``None`` when nothing is to book."""
        currency = plan.currency_id
        company_currency = plan.company_id.currency_id
        target, refund_ids, attribution = 0.0, set(), []
        paid_total, refunded_total, base_total = 0.0, 0.0, 0.0
        for (measured, metric), (base, amount, end) in entry["parts"].items():
            field = metric._sp_value_field()
            if not field or currency.is_zero(base):
                continue
            rate = company_currency._get_conversion_rate(
                company_currency, currency, plan.company_id, end
            )
            taken = [
                (value, refund)
                for day, value, refund in reductions.get(
                    (move.id, measured.id, field), []
                )
                if day > end
            ]
            refunded = sum(value for value, __ in taken) * rate
            refund_ids |= {refund for __, refund in taken}
            fraction = min(max(-refunded / base, 0.0), 1.0)
            part = currency.round(amount * fraction)
            target += part
            paid_total += amount
            refunded_total += refunded
            base_total += base
            attribution.append([move.id, measured.id, refunded, -part, metric.id, True])
        book = currency.round(target - entry["clawed"])
        if currency.is_zero(book):
            return None
        # the line's attribution: this booking, in the parts' proportions
        total = sum(row[3] for row in attribution)
        for row in attribution:
            row[3] = currency.round(-book * row[3] / total) if total else 0.0
        if not attribution:
            # nothing is paid on it any more (its period was recomputed
            # without it): the booking still counts as taken back, or the
            # next run would give it back again (R-W2)
            measured, metric = next(
                iter(entry["parts"]),
                (member.employee_id, lineage._sp_clawback_metric()),
            )
            attribution.append([move.id, measured.id, 0.0, 0.0, metric.id, True])
        remainder = currency.round(-book - sum(row[3] for row in attribution))
        attribution[0][3] = currency.round(attribution[0][3] + remainder)
        lines = (
            self.env["sales.performance.statement.line"].sudo().browse(entry["lines"])
        )
        origin = lines.sorted(lambda x: (x.statement_id.period_start, x.id))[-1:]
        rule = origin.rule_id or lineage
        statement = origin.origin_statement_id or origin.statement_id
        if not origin and entry.get("pending"):
            # paid on it only by a correction of this run
            rule = entry["pending"]["rule"]
            statement = self.browse(entry["pending"]["origin_statement_id"])
        refunds = self.env["account.move"].sudo().browse(sorted(refund_ids))
        return {
            "member": member,
            "rule": rule,
            "kind": "clawback" if book > 0 else "correction",
            "name": explain.clawback_name(self.env, rule.name, move.display_name),
            "amount": -book,
            "base_amount": refunded_total,
            "rate": -book / refunded_total if refunded_total else 0.0,
            "explanation": explain.clawback_paid(
                self.env,
                move.display_name,
                ", ".join(refunds.mapped("display_name")) or move.display_name,
                -refunded_total,
                base_total,
                paid_total,
                entry["clawed"],
                -book,
            ),
            "move_ids": refunds.ids or [move.id],
            "refund_origin_move_id": move.id,
            "origin_statement_id": statement.id,
            "origin_period_id": (origin.origin_period_id or statement.period_id).id,
            "sequence": 80,
            "attribution": [tuple(row) for row in attribution],
        }

    def _sp_correction_explanation(self, each):
        """Why a frozen statement is corrected: its rules changed (a version
        of the plan reaching back to its period) or its facts (documents,
        payments, grades) changed."""
        self.ensure_one()
        rule = each["rule"]
        if each["cause"] == "version":
            versions = each["rule"].version_id
            return explain.correction_version(
                self.env,
                self.name,
                each["booked"],
                rule.name,
                versions.name or "",
                each["due"],
                each["amount"],
            )
        return explain.correction(
            self.env,
            self.name,
            each["booked"],
            rule.name,
            each["due"],
            each["amount"],
        )

    @api.model
    def _sp_differences(self, plan, frozen, members, period, payouts=None, known=None):
        """Rule by rule, what each frozen statement is worth now minus what
        is booked for it (its own run lines and the corrections booked for
        it in other statements, the rerun ``period``'s open run lines
        excepted: they are being replaced). Manual adjustments and lines of
        archived rules are not recomputed. ``payouts`` may give the payouts
        already computed for a period.

        Only facts change what an approved statement is worth (issue 19):
        a statement is recomputed only when the facts of its period (its
        fingerprint: credits, documents, grades, targets, wages, members)
        or the rules in force in it (a version reaching back) changed since
        it was computed; each period with the rules in force in it. A
        statement whose recomputation gives what is booked is reconciled
        (its fingerprint updated); the difference left by a change of the
        engine's reading at an upgrade is its interpretation offset
        (:meth:`_sp_rebaseline`), never booked.

        Returns ``(differences, held)``: dicts with statement, member, rule,
        amount, due, booked, move_ids, cause; and the statements held
        because a grade of theirs is under appeal or being rated again
        (R-A4). Statement discrepancies and the corrections of the next run
        both come from here, so what one announces the other books.
        ``known``: ``{period id: (fingerprint, rule stamp)}`` already read
        by the run (``_sp_stale``)."""
        payouts = payouts or {}
        held = self._sp_held(frozen)
        frozen -= held
        checks = {}
        stale = self._sp_stale(plan, frozen, checks, known)
        if not stale:
            return [], held
        booked = self._sp_booked(stale, period)
        # looked up by key, built once (issue 25): no search of the
        # statements, lines or payouts per statement
        approved_moves = stale._sp_approved_moves()
        stamp_rules = {}
        differences = []
        reconciled = {}
        by_employee = {m.employee_id: m for m in members}
        by_period = defaultdict(list)
        for statement in stale:
            by_period[statement.period_id].append(statement.id)
        for earned_period, ids in by_period.items():
            statements = self.browse(ids)
            rules = plan._sp_rules_for(earned_period)
            due, sources, computed = self._sp_due(
                plan, earned_period, statements, payouts, rules=rules
            )
            due_payouts = defaultdict(list)
            for payout in computed:
                key = (payout["member"].employee_id, payout["rule"]._sp_lineage())
                due_payouts[key].append(payout)
            fingerprint, stamp, digests = checks[earned_period]
            for statement in statements:
                found = self._sp_statement_differences(
                    plan,
                    statement,
                    by_employee.get(statement.employee_id) or statement.member_id,
                    (due, sources, booked),
                    rules,
                    checks[earned_period],
                    approved_moves=approved_moves,
                    stamp_rules=stamp_rules,
                )
                digest = (digests or {}).get(statement.employee_id.id)
                for each in found:
                    each["computed_with"] = (fingerprint, stamp, digest)
                    each["due_payouts"] = due_payouts.get(
                        (statement.employee_id, each["rule"]._sp_lineage()), []
                    )
                differences += found
                if not found:
                    # worth what is booked: not recomputed again until its
                    # facts or rules change
                    reconciled[statement.id] = (fingerprint, stamp, digest)
        self._sp_write_computed_with(reconciled)
        return differences, held

    def _sp_approved_moves(self):
        """``{(statement, rule lineage): {move id}}``: the source documents
        of these statements' own lines with a rule, read at once."""
        moves = defaultdict(set)
        for line in self.line_ids:
            if line.rule_id:
                key = (line.statement_id, line.rule_id._sp_lineage())
                moves[key].update(line.source_move_ids.ids)
        return moves

    @api.model
    def _sp_stale(self, plan, frozen, checks, known=None):
        """The ``frozen`` statements whose period's facts or rules in force
        changed since they were computed (issue 19); ``checks`` gets
        ``{period: (fingerprint, rule stamp)}`` as they are now. Statements
        without a fingerprint (approved before fingerprints existed) are
        given the present one: what they were approved with stands. Those
        with corrections booked in a statement not yet approved are checked
        again: a rerun of that statement replaces them.

        The facts of all the periods are read at once (issue 25), or taken
        from ``known`` (``{period id: (fingerprint, rule stamp)}``), what
        the run read when it started: facts that change after it are seen
        by the next run (a fingerprint older than the facts only makes a
        statement checked again, never skipped)."""
        stale = []
        pending = set(
            self.env["sales.performance.statement.line"]
            .sudo()
            .search(
                [
                    ("origin_statement_id", "in", frozen.ids),
                    ("refund_origin_move_id", "=", False),
                    ("statement_state", "in", OPEN_STATES),
                ]
            )
            .origin_statement_id.ids
        )
        # what each statement was computed with, grouped in SQL (issue 25):
        # eleven approved months are 11,000 statements, a few groups
        self.flush_model(["period_id", "fact_fingerprint", "rule_stamp"])
        self.env.cr.execute(
            SQL(
                "SELECT period_id, fact_fingerprint, rule_stamp, array_agg(id) "
                "FROM sales_performance_statement WHERE id = ANY(%s) "
                "GROUP BY period_id, fact_fingerprint, rule_stamp",
                frozen.ids,
            )
        )
        by_period = defaultdict(list)
        for period_id, fingerprint, stamp, ids in self.env.cr.fetchall():
            by_period[period_id].append((fingerprint, stamp, ids))
        known = dict(known or {})
        Period = self.env["date.range"]
        missing = Period.browse([p for p in by_period if p not in known])
        known.update(plan._sp_fact_checks(missing))
        for period_id, groups in by_period.items():
            period = Period.browse(period_id)
            fingerprint, stamp = known[period_id]
            unknown = [sid for fp, __, ids in groups if not fp for sid in ids]
            if unknown:
                self._sp_write_computed_with(
                    dict.fromkeys(unknown, (fingerprint, stamp, False))
                )
            changed = frozen.browse(
                [
                    sid
                    for fp, rule_stamp, ids in groups
                    if fp
                    for sid in ids
                    if fp != fingerprint or rule_stamp != stamp or sid in pending
                ]
            )
            digests = None
            if changed and plan._sp_separable(period):
                # issue 25: someone's facts changed; the statements of the
                # others, whose own facts did not, are worth what they were
                digests = plan._sp_fact_digests(period)
                same = changed.filtered(
                    lambda s, d=digests, st=stamp: (
                        s.fact_digest
                        and s.rule_stamp == st
                        and s.id not in pending
                        and s.fact_digest == d.get(s.employee_id.id)
                    )
                )
                self._sp_write_computed_with(
                    {
                        s.id: (fingerprint, stamp, digests.get(s.employee_id.id))
                        for s in same
                    }
                )
                changed -= same
            checks[period] = (fingerprint, stamp, digests)
            stale += changed.ids
        # in the order of ``frozen``
        order = {sid: index for index, sid in enumerate(frozen.ids)}
        stale.sort(key=order.__getitem__)
        return self.browse(stale)

    @api.model
    def _sp_held(self, frozen):
        """The ``frozen`` statements held: a grade under appeal or being
        rated again holds until it is final, the statement's corrections
        wait for it rather than reverse commission that the decision may
        confirm (R-A4 appeal, R-C11)."""
        # in SQL (issue 25): a run's frozen statements are a year's
        Appraisal = self.env["sales.performance.appraisal"]
        Appraisal.flush_model(["employee_id", "period_id", "state"])
        self.flush_model(["employee_id", "period_id"])
        self.env.cr.execute(
            SQL(
                "SELECT s.id FROM sales_performance_statement s "
                "JOIN sales_performance_appraisal a "
                "ON a.employee_id = s.employee_id AND a.period_id = s.period_id "
                "WHERE s.id = ANY(%s) AND a.state = ANY(%s)",
                frozen.ids,
                list(APPRAISAL_PENDING_STATES),
            )
        )
        held = {sid for (sid,) in self.env.cr.fetchall()}
        return frozen.filtered(lambda s: s.id in held) if held else frozen.browse()

    @api.model
    def _sp_booked(self, frozen, period):
        """{(statement, rule lineage): amount booked for it}: the ``frozen``
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
            if line.kind == "adjustment" or not line.rule_id:
                continue
            if line.refund_origin_move_id:
                continue  # a refund taken back: the ledger's, not a worth
            statement = line.origin_statement_id or line.statement_id
            booked[(statement, line.rule_id._sp_lineage())] += line.amount
        return booked

    @api.model
    def _sp_due(self, plan, earned_period, statements, payouts, rules=None):
        """What ``statements`` of ``earned_period`` are worth now, with the
        rules in force in it (or ``rules``), as ``({(employee, rule lineage):
        amount}, {(employee, rule lineage): source move ids}, payouts)``,
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
            computed = plan._sp_payouts(ctx, statements.member_id, rules=rules)
        due = defaultdict(float)
        sources = defaultdict(set)
        for payout in computed:
            key = (payout["member"].employee_id, payout["rule"]._sp_lineage())
            due[key] += payout["amount"]
            sources[key] |= set(payout.get("move_ids", []))
        return due, sources, computed

    def _sp_lineages(self, rules, member, stamp_rules=None):
        """``{lineage: rule}`` a frozen statement is compared on (issue 19):
        the rules in force for ``member`` now, and those it was computed
        with (a rule removed since is corrected to zero). ``stamp_rules``
        caches the rules of each stamp across statements."""
        self.ensure_one()
        lineages = {r._sp_lineage(): r for r in rules if r._applies_to(member)}
        for rule in self._sp_stamp_rules(stamp_rules):
            lineages.setdefault(rule._sp_lineage(), rule)
        return lineages

    @api.model
    def _sp_statement_differences(
        self,
        plan,
        statement,
        member,
        figures,
        rules,
        now,
        approved_moves=None,
        stamp_rules=None,
    ):
        """The differences of one frozen statement, rule lineage by lineage
        (see ``_sp_differences``): the rules in force in its period now and
        those it was computed with; ``figures`` is ``(due, sources,
        booked)``, ``now`` the period's ``(fingerprint, rule stamp)``. The
        moves that cause one are those the approved lines and the
        recomputation do not share, or all of them; the cause is the plan's
        version when only the rules in force changed. ``approved_moves``
        (``_sp_approved_moves``) and ``stamp_rules`` are read once for all
        the statements compared (issue 25)."""
        due, sources, booked = figures
        if approved_moves is None:
            approved_moves = statement._sp_approved_moves()
        offsets = statement.interpretation_offsets or {}
        lineages = statement._sp_lineages(rules, member, stamp_rules)
        cause = (
            "version"
            if statement.rule_stamp != now[1]
            and (
                statement.fact_fingerprint == now[0]
                or (
                    statement.fact_digest
                    and statement.fact_digest
                    == (now[2] or {}).get(statement.employee_id.id)
                )
            )
            else "facts"
        )
        differences = []
        for lineage, rule in sorted(lineages.items(), key=lambda x: x[1].sequence):
            key = (statement.employee_id, lineage)
            difference = plan.currency_id.round(
                due[key]
                - booked[(statement, lineage)]
                - offsets.get(str(lineage.id), 0.0)
            )
            if plan.currency_id.is_zero(difference):
                continue
            approved = approved_moves.get((statement, lineage), set())
            causes = (approved ^ sources[key]) or sources[key] | approved
            differences.append(
                {
                    "statement": statement,
                    "member": member,
                    "rule": rule,
                    "amount": difference,
                    "due": due[key],
                    "booked": booked[(statement, lineage)],
                    "move_ids": sorted(causes),
                    "cause": cause,
                }
            )
        return differences

    def _sp_stamp_rules(self, cache=None):
        """The active rule rows the statement was computed with (its rule
        stamp), else those of its lines; ``cache`` keeps each stamp's rules
        for the next statement with the same stamp."""
        self.ensure_one()
        Rule = self.env["sales.performance.commission.rule"].sudo()
        if self.rule_stamp:
            cache = {} if cache is None else cache
            if self.rule_stamp not in cache:
                ids = [int(x) for x in self.rule_stamp.split(",") if x]
                cache[self.rule_stamp] = Rule.browse(ids).exists().filtered("active")
            return cache[self.rule_stamp]
        return self.line_ids.rule_id.filtered("active")

    @api.model
    def _sp_version_differences(self, version):
        """What approving the draft ``version`` would book (its preview):
        for every approved statement of a period it takes effect in, what
        it is worth with the version's rules minus what is booked for it."""
        plan = version.plan_id
        frozen = self.sudo().search(
            [
                ("plan_id", "=", plan.id),
                ("state", "in", FROZEN_STATES),
                ("period_start", ">=", version.date_from),
            ]
        )
        frozen -= self._sp_held(frozen)
        if not frozen:
            return []
        booked = self._sp_booked(frozen, self.env["date.range"])
        rules = version.rule_ids.sudo().filtered("active")
        differences = []
        stamp_rules = {}
        by_period = defaultdict(list)
        for statement in frozen:
            by_period[statement.period_id].append(statement.id)
        for earned_period in frozen.period_id.sorted("date_start"):
            statements = self.browse(by_period[earned_period])
            due = self._sp_due(plan, earned_period, statements, {}, rules=rules)[0]
            for statement in statements:
                member = statement.member_id
                offsets = statement.interpretation_offsets or {}
                lineages = statement._sp_lineages(rules, member, stamp_rules)
                for lineage, rule in lineages.items():
                    key = (statement.employee_id, lineage)
                    difference = plan.currency_id.round(
                        due[key]
                        - booked[(statement, lineage)]
                        - offsets.get(str(lineage.id), 0.0)
                    )
                    if plan.currency_id.is_zero(difference):
                        continue
                    differences.append(
                        {
                            "statement": statement,
                            "rule": rule,
                            "amount": difference,
                            "due": due[key],
                            "booked": booked[(statement, lineage)],
                        }
                    )
        return differences

    def _sp_backfill_clawbacks(self):
        """Clawback lines of an earlier release (booked in the run's own
        payouts, for the refunds they list): recorded as what they took back
        of the refunded invoice, so that the ledger does not take it again
        (migration, issue 19)."""
        Source = self.env["sales.performance.payout.source"].sudo()
        lines = self.line_ids.filtered(
            lambda x: (
                x.kind == "clawback"
                and x.rule_id
                and not x.refund_origin_move_id
                and not x.origin_statement_id
                and not x.source_ids
            )
        )
        vals = []
        for line in lines:
            origins = line.source_move_ids.reversed_entry_id
            if len(origins) != 1:
                continue
            self.env.cr.execute(
                "UPDATE sales_performance_statement_line "
                "SET refund_origin_move_id = %s WHERE id = %s",
                (origins.id, line.id),
            )
            vals.append(
                {
                    "line_id": line.id,
                    "lineage_id": line.rule_id._sp_lineage().id,
                    "period_id": (line.origin_period_id or line.period_id).id,
                    "move_id": origins.id,
                    "measured_employee_id": line.employee_id.id,
                    "metric_id": line.rule_id._sp_clawback_metric().id,
                    "base": line.base_amount,
                    "amount": line.amount,
                    "is_clawback": True,
                }
            )
        lines.invalidate_recordset(["refund_origin_move_id"])
        Source.create(vals)

    def _sp_backfill_sources(self, plan):
        """What the frozen lines of an earlier release were paid on (they
        kept no record of it): each rule's booked amount spread over the
        documents of its recomputed base, so that a refund after the upgrade
        takes back what was paid (migration, issue 19)."""
        Source = self.env["sales.performance.payout.source"].sudo()
        missing = self.filtered(
            lambda s: s.line_ids.filtered(lambda x: x.rule_id and not x.source_ids)
        )
        vals = []
        for period in missing.period_id:
            statements = missing.filtered(lambda s, p=period: s.period_id == p)
            computed = self._sp_due(
                plan, period, statements, {}, rules=plan._sp_rules_for(period)
            )[2]
            for statement in statements:
                own = statement.line_ids.filtered(
                    lambda x: (
                        x.rule_id
                        and not x.source_ids
                        and not x.origin_statement_id
                        and not x.refund_origin_move_id
                    )
                )
                for line in own:
                    lineage = line.rule_id._sp_lineage()
                    sources = [
                        source
                        for payout in computed
                        if payout["member"].employee_id == statement.employee_id
                        and payout["rule"]._sp_lineage() == lineage
                        for source in payout.get("sources") or []
                    ]
                    amounts = self._sp_allocate(
                        line.amount,
                        [value for *__, value in sources],
                        statement.currency_id,
                    )
                    metric = line.rule_id._sp_clawback_metric().id
                    for (move, employee, value), amount in zip(
                        sources, amounts or [], strict=False
                    ):
                        vals.append(
                            {
                                "line_id": line.id,
                                "lineage_id": lineage.id,
                                "period_id": statement.period_id.id,
                                "move_id": move,
                                "measured_employee_id": employee,
                                "metric_id": metric,
                                "base": value,
                                "amount": amount,
                            }
                        )
        Source.create(vals)

    def _sp_rebaseline(self):
        """Keep frozen statements at what was approved across a change of
        the engine's reading (called by the migration of a release that
        changes it, issue 19): record, rule by rule, what the engine now
        says each is worth minus what was booked as its interpretation
        offset, and its present fingerprint and rules. Nothing is booked;
        later corrections come from facts only. A statement whose last run
        announced a discrepancy is left to be recomputed (its facts changed
        before the upgrade)."""
        frozen = self.sudo().filtered(lambda s: s.state in FROZEN_STATES)
        frozen._sp_backfill_clawbacks()
        for plan in frozen.plan_id:
            statements = frozen.filtered(lambda s, p=plan: s.plan_id == p)
            statements._sp_backfill_sources(plan)
            booked = self._sp_booked(statements, self.env["date.range"])
            for period in statements.period_id:
                of_period = statements.filtered(lambda s, p=period: s.period_id == p)
                rules = plan._sp_rules_for(period)
                due = self._sp_due(plan, period, of_period, {}, rules=rules)[0]
                fingerprint = plan._sp_fact_fingerprint(period)
                stamp = plan._sp_rule_stamp(period)
                for statement in of_period:
                    if not statement.currency_id.is_zero(statement.discrepancy_amount):
                        continue
                    lineages = {r._sp_lineage() for r in rules} | {
                        lineage for (s, lineage) in booked if s == statement
                    }
                    offsets = {}
                    for lineage in lineages:
                        offset = plan.currency_id.round(
                            due[(statement.employee_id, lineage)]
                            - booked[(statement, lineage)]
                        )
                        if not plan.currency_id.is_zero(offset):
                            offsets[str(lineage.id)] = offset
                    statement.write(
                        {
                            "interpretation_offsets": offsets or False,
                            "fact_fingerprint": fingerprint,
                            "rule_stamp": stamp,
                        }
                    )
                    statement._sp_write_digests({statement.id: False})
        return True

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
