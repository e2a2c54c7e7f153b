# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools import explain, readers
from ..tools.explain import recorder
from ..tools.states import FROZEN_STATES
from .date_range_type import PERIOD_MONTHS


class SalesPerformancePlan(models.Model):
    """A sales performance plan: who, measured on what, over which periods.

    Approved plans are locked (R-A4: targets and weights are agreed at the
    start of the period); editing needs a reset to draft, tracked in chatter.
    """

    _name = "sales.performance.plan"
    _description = "Sales Performance Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # Fields that may change on an approved (locked) plan.
    _sp_unlocked_fields = {
        "state",
        "level_metric_id",
        "level_evaluation_date",
        "level_down_quarters",
        "level_down_quarter_ratio",
        "level_down_year_ratio",
        "level_up_year_ratio",
        "new_hire_months",
        "active",
        "approved_uid",
        "approved_date",
        "achievement_date",
    }

    # translatable: a Chinese salesperson reads the plan's name in Chinese
    # (issue 23)
    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        tracking=True,
        help="Company of the plan; empty only on a template shared by every "
        "company (starting a plan from it gives the plan the current company).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        tracking=True,
        help="Currency of the plan's targets; actuals are converted to it at the "
        "end date of each period.",
    )
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
        tracking=True,
    )
    date_range_type_id = fields.Many2one(
        "date.range.type",
        compute="_compute_date_range_type_id",
        store=True,
        readonly=False,
        domain="[('sp_period_type', '=', period_type), "
        "('company_id', 'in', (company_id, False))]",
        help="OCA date range type whose ranges are this plan's periods.",
    )
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    approved_uid = fields.Many2one(
        "res.users", string="Approved By", copy=False, readonly=True
    )
    approved_date = fields.Datetime(copy=False, readonly=True)
    member_ids = fields.One2many(
        "sales.performance.member", "plan_id", string="Members", copy=True
    )
    metric_ids = fields.Many2many(
        "sales.performance.metric", string="Metrics", tracking=True
    )
    target_ids = fields.One2many(
        "sales.performance.target", "plan_id", string="Targets"
    )
    achievement_ids = fields.One2many(
        "sales.performance.achievement", "plan_id", string="Achievements"
    )
    achievement_date = fields.Datetime(
        string="Measured On",
        readonly=True,
        copy=False,
        help="When achievements were last computed.",
    )
    period_ids = fields.Many2many(
        "date.range", string="Periods", compute="_compute_period_ids"
    )
    member_count = fields.Integer(compute="_compute_counts")
    target_count = fields.Integer(compute="_compute_counts")
    achievement_count = fields.Integer(compute="_compute_counts")
    note = fields.Html()
    # Commission
    is_template = fields.Boolean(
        string="Template",
        copy=False,
        help="A plan template from the rulebooks: start a plan from it (or "
        "duplicate it) to get a plan of your company with its rules.",
    )
    # The rules as they stand (issue 19): in force now or from the latest
    # version on; the rows earlier periods were paid with are in
    # ``rule_history_ids`` and the plan's versions.
    rule_ids = fields.One2many(
        "sales.performance.commission.rule",
        "plan_id",
        string="Commission Rules",
        copy=True,
        domain=[("date_to", "=", False), ("version_state", "in", [False, "approved"])],
    )
    rule_history_ids = fields.One2many(
        "sales.performance.commission.rule",
        "plan_id",
        string="Rules of Every Version",
        domain=[("version_state", "in", [False, "approved"])],
        context={"active_test": False},
    )
    version_ids = fields.One2many(
        "sales.performance.plan.version",
        "plan_id",
        string="Versions",
        # a plan model's own version is not one of the plan's (issue 24)
        domain=[("is_model", "=", False)],
    )
    version_count = fields.Integer(compute="_compute_counts")
    has_draft_version = fields.Boolean(compute="_compute_has_draft_version")
    statement_ids = fields.One2many(
        "sales.performance.statement", "plan_id", string="Statements"
    )
    statement_count = fields.Integer(compute="_compute_counts")
    cash_basis = fields.Boolean(
        string="Cash Before Commission",
        tracking=True,
        help="R-C10: commission is earned only on fully collected invoices, in "
        "the period of full collection; invoices sold on credit earn only once "
        "their credit sale is approved.",
    )
    payout_delay = fields.Integer(
        string="Payout Delay (Periods)",
        tracking=True,
        help="Commission earned in a period is paid with the payroll this many "
        "periods later (R-C10: the month after collection = 1).",
    )
    # What a clawback bigger than a month's commission does (R-C11, issue 19)
    deduct_from_pay = fields.Boolean(
        string="Deduct Clawbacks From Other Pay",
        tracking=True,
        help="Off: a statement whose clawbacks exceed its commission pays 0 and "
        "carries the rest forward as a recovery balance, taken from the next "
        "statements. On: the rest is deducted from the payslip's other pay, at "
        "most the cap below, and only what is above the cap is carried forward.",
    )
    deduction_cap = fields.Float(
        string="Deduction Cap (Share of Wage)",
        default=0.2,
        digits=(16, 4),
        tracking=True,
        help="At most this share of the monthly wage is deducted from one "
        "payslip (wage rules commonly cap deductions at 20 %).",
    )
    max_statement_amount = fields.Monetary(
        string="Review Statements Above",
        tracking=True,
        help="A statement whose total is above this amount cannot be approved "
        "until a performance administrator has reviewed it (Accept Review): a "
        "guard against absurd amounts reaching payroll. Zero: the Review Share "
        "of Target below sets the limit.",
    )
    review_target_share = fields.Float(
        string="Review Share of Target",
        default=1.0,
        digits=(16, 4),
        tracking=True,
        help="With no review amount (zero above), a statement whose total is "
        "above this share of the period's largest target (of a monetary metric) "
        "waits for a performance administrator's review: 1.0 reviews a month "
        "paying more than the whole target (issue 21: an invoice of 1e12 went "
        "to payroll unseen). Zero: no review by targets.",
    )
    # Appraisals (R-A1..R-A7)
    scorecard_ids = fields.One2many(
        "sales.performance.scorecard.indicator",
        "plan_id",
        copy=True,
    )
    scorecard_weights = fields.Char(
        string="Weights per Cycle",
        compute="_compute_scorecard_weights",
        help="The total weight of each cycle's scorecard: the monthly, quarterly "
        "and yearly indicators are separate scorecards, each weighing 100 % (R-A2).",
    )
    appraisal_scale_id = fields.Many2one(
        "sales.performance.grade.scale",
        string="Appraisal Grade Scale",
        default=lambda self: self.env.ref(
            "sales_performance.grade_scale_sabcd", raise_if_not_found=False
        ),
    )
    appraisal_approver_id = fields.Many2one(
        "res.users",
        string="HR / Approver",
        help="Approves appraisals when the employee's manager has no manager, "
        "decides appeals (R-A4) and answers the disputes of statement lines. "
        "Without one, disputes go to the company's statement approvers and "
        "appeals to its performance administrators.",
    )
    self_assessment_days = fields.Integer(
        default=3, help="Working days after the period for the self-assessment."
    )
    manager_review_days = fields.Integer(
        default=5, help="Working days for the manager's rating."
    )
    approval_days = fields.Integer(
        default=7, help="Working days for the approval (HR consolidates in 7, R-A4)."
    )
    appraisal_count = fields.Integer(compute="_compute_counts")
    # Salary levels (R-P4) and new hires (R-P5)
    level_metric_id = fields.Many2one(
        "sales.performance.metric",
        default=lambda self: self.env.ref(
            "sales_performance.metric_net_revenue", raise_if_not_found=False
        ),
        help="Completion of this metric drives salary level proposals (R-P4).",
    )
    level_evaluation_date = fields.Date(
        string="Levels Evaluated On",
        help="Date Propose Levels evaluates salary levels on (R-P4); empty: "
        "today, or the plan's end date if it is over.",
    )
    level_down_quarters = fields.Integer(
        string="Quarters Below Limit",
        default=3,
        help="Consecutive quarters below the quarterly limit that move a "
        "salesperson down a level (R-P4). Zero disables the rule.",
    )
    level_down_quarter_ratio = fields.Float(
        string="Quarterly Limit",
        default=0.4,
        digits=(16, 4),
        help="Completion ratio under which a quarter counts as failed, e.g. 0.4.",
    )
    level_down_year_ratio = fields.Float(
        string="Yearly Limit",
        default=0.5,
        digits=(16, 4),
        help="A year's completion under this ratio moves down a level, e.g. 0.5.",
    )
    level_up_year_ratio = fields.Float(
        string="Promotion Threshold",
        default=1.0,
        digits=(16, 4),
        help="A year's completion above this ratio moves up a level next year.",
    )
    new_hire_months = fields.Integer(
        string="New Hire Window (Months)",
        default=3,
        help="New hires without a fully paid deal within this many months are "
        "flagged (R-P5). Zero disables the check.",
    )

    @api.depends("period_type", "company_id")
    def _compute_date_range_type_id(self):
        Type = self.env["date.range.type"]
        for plan in self:
            if plan.date_range_type_id.sp_period_type == plan.period_type:
                continue
            plan.date_range_type_id = Type.search(
                [
                    ("sp_period_type", "=", plan.period_type),
                    ("company_id", "in", (plan.company_id.id, False)),
                ],
                order="company_id, id",
                limit=1,
            )

    @api.depends("scorecard_ids.cycle", "scorecard_ids.weight")
    def _compute_scorecard_weights(self):
        Indicator = self.env["sales.performance.scorecard.indicator"]
        labels = Indicator._fields["cycle"]._description_selection(self.env)
        for plan in self:
            totals = {}
            for indicator in plan.scorecard_ids:
                totals[indicator.cycle] = totals.get(indicator.cycle, 0.0) + (
                    indicator.weight
                )
            # the totals formatted first: an expression inside a translated
            # call's f-string made the term extractor give up on this file
            shown = {
                cycle: explain.num(round(total, 2)) for cycle, total in totals.items()
            }
            plan.scorecard_weights = ", ".join(
                self.env._("%(cycle)s: %(total)s %%", cycle=label, total=shown[cycle])
                for cycle, label in labels
                if cycle in totals
            )

    @api.depends("date_range_type_id", "date_start", "date_end", "company_id")
    def _compute_period_ids(self):
        for plan in self:
            plan.period_ids = plan._sp_periods()

    def _compute_counts(self):
        for field, model in (
            ("member_count", "sales.performance.member"),
            ("target_count", "sales.performance.target"),
            ("achievement_count", "sales.performance.achievement"),
            ("statement_count", "sales.performance.statement"),
            ("appraisal_count", "sales.performance.appraisal"),
            ("version_count", "sales.performance.plan.version"),
        ):
            domain = [("plan_id", "in", self.ids)]
            if field == "version_count":
                domain.append(("is_model", "=", False))  # issue 24
            counts = dict(self.env[model]._read_group(domain, ["plan_id"], ["__count"]))
            for plan in self:
                plan[field] = counts.get(plan, 0)

    @api.depends("version_ids.state")
    def _compute_has_draft_version(self):
        for plan in self:
            plan.has_draft_version = "draft" in plan.version_ids.mapped("state")

    @api.constrains("currency_id")
    def _check_currency(self):
        for plan in self:
            if not plan.currency_id:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has no currency: set the currency its "
                        "targets are expressed in.",
                        plan=plan.name,
                    )
                )

    @api.constrains("company_id", "is_template")
    def _check_company_or_template(self):
        for plan in self:
            if not plan.company_id and not plan.is_template:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has no company: only a template is "
                        "shared by every company. Set the plan's company.",
                        plan=plan.name,
                    )
                )

    @api.constrains("payout_delay", "max_statement_amount", "review_target_share")
    def _check_payout_settings(self):
        for plan in self:
            if plan.payout_delay < 0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has a negative payout delay: commission "
                        "is paid in its own period (0) or later, never before.",
                        plan=plan.name,
                    )
                )
            if plan.review_target_share < 0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has a negative review share of target: "
                        "set zero for no review by targets, or a share such as "
                        "1.0.",
                        plan=plan.name,
                    )
                )
            if plan.max_statement_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has a negative review amount: set zero "
                        "for no limit or the total above which statements are "
                        "reviewed.",
                        plan=plan.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_start > plan.date_end:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' ends before it starts: set an end date "
                        "after %(start)s.",
                        plan=plan.name,
                        start=plan.date_start,
                    )
                )

    # ------------------------------------------------------------------
    # Locking
    # ------------------------------------------------------------------
    def _sp_check_editable(self):
        locked = self.filtered(lambda p: p.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is approved and locked: reset it to draft "
                    "before changing its members, metrics or targets.",
                    plan=locked[0].name,
                )
            )

    def write(self, vals):
        locked_fields = {
            name
            for name in vals
            if name not in self._sp_unlocked_fields
            and not name.startswith(("message_", "activity_"))
        }
        if locked_fields:
            self._sp_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self._sp_check_editable()

    def copy_data(self, default=None):
        """A copy is a plan, not a template (unless ``default`` says so),
        with its own rules and bands; the copy of a template shared by every
        company belongs to the current company, in its currency."""
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        for plan, vals in zip(self, vals_list, strict=True):
            vals.setdefault("is_template", False)
            if not plan.company_id and "company_id" not in default:
                vals["company_id"] = self.env.company.id
                if "currency_id" not in default:
                    vals["currency_id"] = self.env.company.currency_id.id
        return vals_list

    def action_sp_start_plan(self):
        """Start a plan of the current company from this template: a draft
        copy with the template's metrics, rules and bands, opened in Plans."""
        self.ensure_one()
        plan = self.copy()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_plan"
        )
        action.update(
            res_id=plan.id,
            view_mode="form",
            views=[(False, "form")],
            context={},
        )
        return action

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    def _sp_periods(self):
        """The plan's periods: ranges of its type inside its dates."""
        self.ensure_one()
        if not (self.date_range_type_id and self.date_start and self.date_end):
            return self.env["date.range"]
        return self.env["date.range"].search(
            [
                ("type_id", "=", self.date_range_type_id.id),
                ("company_id", "in", (self.company_id.id, False)),
                ("date_start", ">=", self.date_start),
                ("date_end", "<=", self.date_end),
            ],
            order="date_start",
        )

    def _sp_check_period(self, period):
        """Refuse ``period`` unless it is one of the plan's periods: the
        plan's period type and company, inside its dates (issue 12: a monthly
        plan run for a quarter re-paid its months; another company's period
        doubled every statement). The period list of the wizard is only a
        view domain."""
        self.ensure_one()
        period.ensure_one()
        # another company's period is refused, named only if the user may
        # read it (issue 21)
        name = (
            period.display_name
            if self.env.su or period.has_access("read")
            else self.env._("The period of another company")
        )
        period = period.sudo()
        if not (
            period.type_id == self.date_range_type_id
            and period.company_id in (self.company_id, self.env["res.company"])
            and period.date_start >= self.date_start
            and period.date_end <= self.date_end
        ):
            raise UserError(
                self.env._(
                    "%(period)s is not a period of plan '%(plan)s': choose one of "
                    "its %(type)s periods between %(start)s and %(end)s.",
                    period=name,
                    plan=self.name,
                    type=self.date_range_type_id.name or self.period_type,
                    start=self.date_start,
                    end=self.date_end,
                )
            )

    def _sp_check_admin(self):
        """Computing and configuring (achievements, runs, levels, periods,
        approval) is for the performance administrator: these actions run
        sudo SQL over every member (issue 12)."""
        if not self.env.su and not self.env.user.has_group(
            "sales_performance.group_sp_admin"
        ):
            raise AccessError(
                self.env._(
                    "Only a performance administrator computes, runs or approves plans."
                )
            )

    def action_generate_periods(self):
        """Create the missing ranges of the plan's type, and the calendar
        quarters and years inside the plan's dates that are longer than its
        periods (Sales Quarter, Sales Year): the periods a yearly or
        quarterly target is entered on and split into the plan's periods
        (R-T1)."""
        self._sp_check_admin()
        for plan in self:
            if not plan.company_id:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' is a template shared by every company: "
                        "start a plan from it to generate periods.",
                        plan=plan.name,
                    )
                )
            if not plan.date_range_type_id:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' has no period type: choose a date "
                        "range type for its %(type)s periods.",
                        plan=plan.name,
                        type=plan.period_type,
                    )
                )
            plan.date_range_type_id._sp_generate_ranges(
                plan.company_id, plan.date_start, plan.date_end
            )
            plan._sp_longer_range_types()._sp_generate_ranges(
                plan.company_id, plan.date_start, plan.date_end, inside=True
            )
        return True

    def _sp_longer_range_types(self):
        """The sales performance range types longer than the plan's periods
        (for a monthly plan: its quarters and its year), one per length."""
        self.ensure_one()
        step = PERIOD_MONTHS.get(self.date_range_type_id.sp_period_type, 1)
        Type = self.env["date.range.type"]
        types = Type
        for kind, months in PERIOD_MONTHS.items():
            if months <= step:
                continue
            types |= Type.search(
                [
                    ("sp_period_type", "=", kind),
                    ("company_id", "in", (self.company_id.id, False)),
                ],
                order="company_id, id",
                limit=1,
            )
        return types

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _sp_check_before_approve(self):
        self.ensure_one()
        if not self._sp_periods():
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no periods between %(start)s and %(end)s: "
                    "generate its periods before approving it.",
                    plan=self.name,
                    start=self.date_start,
                    end=self.date_end,
                )
            )
        if not self.member_ids:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no members: add the salespeople "
                    "it applies to.",
                    plan=self.name,
                )
            )
        if not self.metric_ids:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no metrics: add at least one "
                    "metric to set targets on.",
                    plan=self.name,
                )
            )
        # every member's employee has a user (or nobody could see the
        # statements): refused here, with the member's name (issue 12)
        self.member_ids._check_employee()
        # targets on the plan's company's periods, in its dates, of a sane
        # amount, also those entered before these checks existed (issue 21)
        self.target_ids._check_consistency()
        self.target_ids._check_amount()
        for cycle in set(self.scorecard_ids.mapped("cycle")):
            self.env["sales.performance.scorecard.indicator"]._check_weights(
                self, cycle
            )
        for target in self.target_ids.filtered("child_ids"):
            rounding = target.metric_id._rounding(self.currency_id)
            if float_compare(
                sum(target.child_ids.mapped("amount")),
                target.amount,
                precision_rounding=rounding,
            ):
                raise UserError(
                    self.env._(
                        "Target '%(target)s' is %(amount)s but its children add "
                        "up to %(children)s: split it again so the sum is kept "
                        "(R-T2).",
                        target=target.display_name,
                        amount=target.amount,
                        children=sum(target.child_ids.mapped("amount")),
                    )
                )

    def action_approve(self):
        self._sp_check_admin()
        for plan in self:
            if plan.state != "draft":
                continue
            plan._sp_check_before_approve()
            plan.write(
                {
                    "state": "approved",
                    "approved_uid": self.env.uid,
                    "approved_date": fields.Datetime.now(),
                }
            )
            plan._sp_initial_version()
            # salespeople find their targets on My Performance at once, not
            # after the daily refresh (issue 23)
            plan._sp_measure_today()
        return True

    def action_reset_draft(self):
        self._sp_check_admin()
        for plan in self.filtered(lambda p: p.state != "draft"):
            plan.write(
                {"state": "draft", "approved_uid": False, "approved_date": False}
            )
            readers.post(
                plan,
                recorder(self.env)._(
                    "Plan reset to draft by %(user)s: members, metrics "
                    "and targets can be edited again.",
                    user=self.env.user.name,
                ),
            )
        return True

    # ------------------------------------------------------------------
    # Measurement
    # ------------------------------------------------------------------
    def action_compute_achievements(self):
        self._sp_check_admin()
        today = fields.Date.context_today(self)
        for plan in self:
            periods = plan._sp_periods().filtered(lambda p: p.date_start <= today)
            self.env["sales.performance.achievement"]._sp_compute(plan, periods)
        return True

    @api.model
    def _cron_compute_achievements(self):
        """Refresh the current period's achievements of every approved plan."""
        today = fields.Date.context_today(self)
        self.search(
            [
                ("state", "=", "approved"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )._sp_measure_today()

    def _sp_measure_today(self):
        """Measure the plans' periods containing today (the engine's path:
        callers checked the rights)."""
        today = fields.Date.context_today(self)
        for plan in self:
            periods = plan._sp_periods().filtered(
                lambda p: p.date_start <= today <= p.date_end
            )
            if periods:
                self.env["sales.performance.achievement"].sudo()._sp_compute(
                    plan.sudo(), periods
                )

    def _sp_summary_rows(self, periods=None):
        """Per salesperson, period and metric with a target: target, actual
        and completion, from the stored achievements (the console summary of
        the demo job, and what the dashboards read)."""
        domain = [("plan_id", "in", self.ids), ("state", "=", "measured")]
        if periods is not None:
            domain.append(("period_id", "in", periods.ids))
        achievements = self.env["sales.performance.achievement"].search(
            domain, order="plan_id, period_start, employee_id, metric_sequence"
        )
        return [
            {
                "plan": a.plan_id.name,
                "period": a.period_id.name,
                "salesperson": a.employee_id.name,
                "metric": a.metric_id.name,
                "target": a.target_amount,
                "actual": a.actual,
                "completion": a.completion,
                "currency": a.currency_id.name if a.is_monetary else "",
            }
            for a in achievements
        ]

    def action_propose_levels(self):
        """Propose salary level changes and new-hire flags (R-P4, R-P5) as of
        the plan's Levels Evaluated On date (empty: today, or the plan's end
        date if it is over). The achievements the proposals read (monthly,
        and quarterly for quarterly targets or periods) are measured first;
        a plan with nothing to read says so."""
        self._sp_check_admin()
        today = fields.Date.context_today(self)
        Proposal = self.env["sales.performance.level.proposal"]
        Achievement = self.env["sales.performance.achievement"]
        silent = []
        for plan in self:
            date = plan.level_evaluation_date or min(today, plan.date_end)
            periods = plan._sp_periods().filtered(lambda p, d=date: p.date_end <= d)
            if periods:
                Achievement._sp_compute(plan, periods)
            employees = plan.member_ids.filtered(
                lambda m, d=date: m._effective_dates()[0] <= d
            ).employee_id
            year = Proposal._sp_completions(plan, employees, date)[1]
            Proposal._sp_generate(plan, date)
            if not any(target for __, target in year.values()):
                silent.append(
                    self.env._(
                        "%(plan)s: no target of %(metric)s measured up to "
                        "%(date)s (monthly or quarterly), so no salary level "
                        "can be evaluated.",
                        plan=plan.name,
                        metric=plan.level_metric_id.name,
                        date=date,
                    )
                )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_level_proposal"
        )
        action["domain"] = [("plan_id", "in", self.ids)]
        if silent:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Salary levels"),
                    "message": " ".join(silent),
                    "type": "warning",
                    "sticky": True,
                    "next": action,
                },
            }
        return action

    def _sp_check_commission_setup(self):
        """Refuse a run on a plan whose rules cannot compute (R-C* bad input)."""
        self.ensure_one()
        if not self.rule_ids:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no commission rules: add them on the "
                    "plan's Commission tab.",
                    plan=self.name,
                )
            )
        self.rule_ids._check_bands()
        self.rule_ids._check_rates()
        if self.is_template:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is a template: duplicate it to run commission.",
                    plan=self.name,
                )
            )

    def _sp_payouts(self, ctx, members, rules=None):
        """The payouts of the plan's rules in force in the period of ``ctx``
        (a :class:`~..tools.commission_context.CommissionContext` of this
        plan), or of ``rules`` (a draft version's), for ``members``, rule by
        rule in their order, each with its clawbacks (R-C11): what a
        statement's lines are made of."""
        self.ensure_one()
        if rules is None:
            rules = self._sp_rules_for(ctx.period)
        result = []
        for rule in rules.sorted(lambda r: (r.sequence, r.id)):
            result += rule._sp_payouts(ctx, members)
        return result

    # ------------------------------------------------------------------
    # Versions (issue 19): the rules in force in a period
    # ------------------------------------------------------------------
    def _sp_rules_for(self, period):
        """The rule rows in force in ``period`` (at its start): those it is
        computed, rerun and corrected with, whatever changed later."""
        self.ensure_one()
        day = period.date_start
        return (
            self.env["sales.performance.commission.rule"]
            .search(
                [
                    ("plan_id", "=", self.id),
                    ("version_state", "in", [False, "approved"]),
                    "|",
                    ("date_from", "=", False),
                    ("date_from", "<=", day),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", day),
                ]
            )
            .sorted(lambda r: (r.sequence, r.id))
        )

    def _sp_rules_from(self, day):
        """The rule rows in force on ``day`` or starting after it."""
        self.ensure_one()
        return self.env["sales.performance.commission.rule"].search(
            [
                ("plan_id", "=", self.id),
                ("version_state", "in", [False, "approved"]),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ]
        )

    def _sp_first_open_period(self):
        """The default period a change takes effect from: the first period
        of the plan that is open and has no approved statement."""
        self.ensure_one()
        frozen = (
            self.env["sales.performance.statement"]
            .sudo()
            .search([("plan_id", "=", self.id), ("state", "in", FROZEN_STATES)])
            .period_id
        )
        periods = self._sp_periods()
        last = max(frozen.mapped("date_start"), default=None)
        candidates = periods.filtered(
            lambda p: p.sp_state == "open" and (not last or p.date_start > last)
        )
        return candidates[:1] or periods.filtered(lambda p: p.sp_state == "open")[:1]

    def _sp_initial_version(self):
        """Version 1: the rules the plan was first approved with."""
        self.ensure_one()
        if self.version_ids.filtered(lambda v: v.state == "approved"):
            return
        Version = self.env["sales.performance.plan.version"].sudo()
        first = self._sp_periods()[:1]
        version = Version.create(
            {
                "plan_id": self.id,
                "sequence": 1,
                "period_id": first.id,
                "state": "approved",
                "approved_uid": self.env.uid,
                "approved_date": fields.Datetime.now(),
                "change_summary": "\n".join(
                    self.env._("Rule '%(rule)s'.", rule=rule.name)
                    for rule in self.rule_ids
                )
                or False,
            }
        )
        self.rule_ids.filtered(lambda r: not r.version_id).sudo().with_context(
            sp_version_apply=True
        ).write({"version_id": version.id})

    def action_change_rules(self):
        """Open the draft version of the plan's rules (made from the rules in
        force from the first open period on), to change them from a period
        the administrator chooses (issue 19)."""
        self._sp_check_admin()
        self.ensure_one()
        if self.is_template:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is a template: its rules are edited in place.",
                    plan=self.name,
                )
            )
        version = self.version_ids.filtered(lambda v: v.state == "draft")[:1]
        if not version:
            version = self._sp_new_version()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sales.performance.plan.version",
            "res_id": version.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_model_change(self):
        """Model a change of the rules on the last closed periods before it
        takes effect (issue 24): a new plan model, with its own draft of
        the rules in force."""
        self._sp_check_admin()
        self.ensure_one()
        model = self.env["sales.performance.plan.model"].create(
            {
                "name": self.env._("Change of %(plan)s", plan=self.name),
                "plan_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sales.performance.plan.model",
            "res_id": model.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_models(self):
        self._sp_check_admin()
        return self._sp_action("sales_performance.action_sales_performance_plan_model")

    def _sp_new_version(self, period=None):
        """A draft version with a copy of the rules in force from ``period``
        (default: the first open period)."""
        self.ensure_one()
        period = period or self._sp_first_open_period()
        Version = self.env["sales.performance.plan.version"].sudo()
        sequence = max(self.sudo().version_ids.mapped("sequence"), default=1) + 1
        version = Version.create(
            {"plan_id": self.id, "sequence": sequence, "period_id": period.id}
        )
        base = self._sp_rules_from(period.date_start or self.date_start)
        # one copy per lineage: the row in force last
        latest = {}
        for rule in base.sorted(lambda r: (r.date_from or self.date_start, r.id)):
            latest[rule._sp_lineage()] = rule
        for rule in sorted(latest.values(), key=lambda r: (r.sequence, r.id)):
            rule.sudo().with_context(sp_version_apply=True).copy(
                {
                    "version_id": version.id,
                    "previous_rule_id": rule.id,
                    "lineage_id": rule._sp_lineage().id,
                    "member_ids": rule.member_ids.ids,
                    "role_ids": rule.role_ids.ids,
                }
            )
        return version.with_env(self.env)

    def _sp_pay_period(self, period):
        """The period whose payroll pays commission earned in ``period``."""
        self.ensure_one()
        if not self.payout_delay:
            return period
        step = PERIOD_MONTHS[period.sp_period_type or "month"]
        start = fields.Date.add(period.date_start, months=self.payout_delay * step)
        end = fields.Date.subtract(fields.Date.add(start, months=step), days=1)
        ranges = period.type_id._sp_generate_ranges(self.company_id, start, end)
        return ranges.filtered(lambda r: r.date_start == start)[:1]

    def action_run_commission(self):
        self._sp_check_admin()
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_commission_run"
        )
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_generate_appraisals(self):
        self._sp_check_admin()
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_appraisal_generate"
        )
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_appraisals(self):
        return self._sp_action("sales_performance.action_sales_performance_appraisal")

    def action_view_statements(self):
        return self._sp_action("sales_performance.action_sales_performance_statement")

    def _sp_action(self, xmlid, extra_domain=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("plan_id", "=", self.id)] + (extra_domain or [])
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_members(self):
        return self._sp_action("sales_performance.action_sales_performance_member")

    def action_view_targets(self):
        return self._sp_action("sales_performance.action_sales_performance_target")

    def action_view_achievements(self):
        return self._sp_action("sales_performance.action_sales_performance_achievement")

    def action_open_decompose(self):
        self._sp_check_admin()
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_target_decompose"
        )
        action["context"] = {"default_plan_id": self.id}
        return action
