# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools import readers, scoring
from ..tools.explain import recorder
from ..tools.states import APPRAISAL_FINAL_STATES as FINAL_STATES

# Closed is closed: in a closed period an appraisal only moves between final
# states (closed after the feedback talk, an appeal upheld); nothing re-rates
# or reopens it, not even the engine (sudo).
CLOSED_PERIOD_STEPS = {
    ("published", "published"),
    ("published", "closed"),
    ("closed", "closed"),
    ("appeal", "published"),
}
STATES = [
    ("draft", "Draft"),
    ("self_assessment", "Self-Assessment"),
    ("manager_review", "Manager Rating"),
    ("to_approve", "To Approve"),
    ("published", "Published"),
    ("appeal", "Under Appeal"),
    ("closed", "Closed"),
    ("skipped", "Skipped"),
    ("cancel", "Cancelled"),
]


def add_working_days(date, days):
    """``date`` plus ``days`` working days (Monday to Friday)."""
    while days > 0:
        date += timedelta(days=1)
        if date.weekday() < 5:
            days -= 1
    return date


class SalesPerformanceAppraisal(models.Model):
    """An appraisal (绩效考核) of an employee for a period (R-A1..R-A7).

    Scorecard lines come from the plan's indicators of the period's cycle;
    quantitative ones fill themselves from achievements, qualitative ones
    are scored by the employee and/or the manager. The weighted total gives
    the grade on the plan's scale; dimensions are graded on their own
    scales. Its grade is what commission gates on (R-C2), pools are shared
    by (R-C4) and performance pay multiplies (R-P1): only appraisals in a
    final state count (:meth:`_sp_final_grades`).
    """

    _name = "sales.performance.appraisal"
    _description = "Sales Performance Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # Not ``rank``: it is restricted to managers and approvers, and a field in
    # ``_order`` is read by every search, so salespeople could not list their
    # own appraisals (R-A4). The rank follows the total score anyway (R-A7).
    _order = "period_start desc, total_score desc, employee_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    member_id = fields.Many2one(
        "sales.performance.member", domain="[('plan_id', '=', plan_id)]", index=True
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", store=True, string="Manager"
    )
    period_id = fields.Many2one("date.range", required=True, index=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    cycle = fields.Selection(related="period_id.sp_period_type", store=True)
    scale_id = fields.Many2one("sales.performance.grade.scale", required=True)
    line_ids = fields.One2many(
        "sales.performance.appraisal.line", "appraisal_id", string="Scorecard"
    )
    total_score = fields.Float(
        compute="_compute_total_score",
        store=True,
        readonly=False,
        digits=(16, 2),
        tracking=True,
    )
    grade_id = fields.Many2one(
        "sales.performance.grade",
        compute="_compute_grade_id",
        store=True,
        readonly=False,
        domain="[('scale_id', '=', scale_id)]",
        tracking=True,
    )
    needs_justification = fields.Boolean(related="grade_id.needs_justification")
    dimension_summary = fields.Char(
        string="Dimension Grades", compute="_compute_dimension_summary"
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    deadline = fields.Date(
        help="Deadline of the current step, from the plan (R-A4).", tracking=True
    )
    self_note = fields.Text(string="Self-Assessment")
    # The manager's note is private: read by managers and approvers, never
    # by the appraised employee, even one who is a manager or an approver
    # too (issue 21). It is stored in ``sp_manager_note``, which only the
    # addon reads (and a settings administrator), and shown through this
    # field, empty on one's own appraisal: the form, RPC reads, exports and
    # the portal all go through it.
    manager_note = fields.Text(
        string="Manager's Private Note",
        compute="_compute_manager_note",
        inverse="_inverse_manager_note",
        groups="sales_performance.group_sp_manager,sales_performance.group_sp_approver",
        help="Seen by the employee's managers and the approvers, never by the "
        "appraised employee.",
    )
    sp_manager_note = fields.Text(
        string="Manager's Private Note (Stored)",
        copy=False,
        groups="base.group_system",
    )
    feedback = fields.Text(help="Published result and improvement plan (R-A4).")
    justification = fields.Text(
        help="Written reason with a concrete example, required to approve an "
        "extreme grade (R-A5).",
        tracking=True,
    )
    approved_uid = fields.Many2one("res.users", string="Approved By", readonly=True)
    approved_date = fields.Datetime(readonly=True)
    appeal_reason = fields.Text(tracking=True)
    appeal_decision = fields.Text(tracking=True)
    skip_reason = fields.Char(readonly=True)
    # What the current user may type in the scorecard now (the form's
    # columns follow what saving accepts, issue 23)
    sp_can_score_self = fields.Boolean(
        string="Scores as Employee", compute="_compute_sp_can_score"
    )
    sp_can_score_manager = fields.Boolean(
        string="Scores as Manager", compute="_compute_sp_can_score"
    )
    rank = fields.Integer(
        readonly=True,
        groups="sales_performance.group_sp_manager,sales_performance.group_sp_approver",
        help="Rank among the plan's published appraisals of the period (R-A7).",
    )
    team_rank = fields.Integer(
        readonly=True,
        groups="sales_performance.group_sp_manager,sales_performance.group_sp_approver",
        help="Rank within the manager's team.",
    )

    _sql_constraints = [
        (
            "uniq",
            "unique(plan_id, employee_id, period_id)",
            (
                "An employee has one appraisal per plan and period: open the "
                "existing one instead of creating a second."
            ),
        )
    ]

    @api.depends("sp_manager_note", "user_id")
    @api.depends_context("uid")
    def _compute_manager_note(self):
        for appraisal in self:
            own = not self.env.su and appraisal.user_id == self.env.user
            appraisal.manager_note = (
                False if own else appraisal.sudo().sp_manager_note or False
            )

    def _inverse_manager_note(self):
        # write() checked who may write the note at this step
        for appraisal in self:
            appraisal.sudo().sp_manager_note = appraisal.manager_note

    @api.depends("employee_id", "period_id")
    def _compute_name(self):
        for appraisal in self:
            appraisal.name = " / ".join(
                filter(None, [appraisal.employee_id.name, appraisal.period_id.name])
            )

    @api.depends("state", "user_id", "employee_id.parent_id")
    @api.depends_context("uid")
    def _compute_sp_can_score(self):
        user = self.env.user
        admin = user.has_group("sales_performance.group_sp_admin")
        for appraisal in self:
            appraisal.sp_can_score_self = appraisal.state == "self_assessment" and (
                admin or appraisal.user_id == user
            )
            appraisal.sp_can_score_manager = appraisal.state == "manager_review" and (
                admin or appraisal._sp_is_manager(user)
            )

    @api.depends("line_ids.weighted_score")
    def _compute_total_score(self):
        for appraisal in self:
            if appraisal.line_ids:
                appraisal.total_score = scoring.total_score(
                    appraisal.line_ids.mapped("weighted_score")
                )
            else:  # set by hand (or by an earlier system): keep it
                appraisal.total_score = appraisal.total_score

    @api.depends("total_score", "scale_id")
    def _compute_grade_id(self):
        for appraisal in self:
            if appraisal.line_ids and appraisal.scale_id:
                appraisal.grade_id = appraisal.scale_id._sp_grade_within(
                    appraisal.total_score
                )
            else:
                appraisal.grade_id = appraisal.grade_id

    def _compute_dimension_summary(self):
        for appraisal in self:
            appraisal.dimension_summary = ", ".join(
                f"{dimension.name}: {grade.code}"
                for dimension, grade in appraisal._sp_dimension_results().items()
            )

    def _sp_dimension_results(self):
        """``{dimension: grade}``: each dimension's lines, weighted within the
        dimension, graded on the dimension's scale (R-A3)."""
        self.ensure_one()
        results = {}
        for dimension in self.line_ids.dimension_id:
            lines = self.line_ids.filtered(lambda x, d=dimension: x.dimension_id == d)
            weight = sum(lines.mapped("weight"))
            if not weight:
                continue
            score = sum(line.score * line.weight for line in lines) / weight
            scale = dimension.scale_id
            score = min(max(score, scale.score_min), scale.score_max)
            results[dimension] = scale._grade_for_score(score)
        return results

    def _sp_score_with(self, weights):
        """``(total score, grade)`` of the appraisal were its indicators
        weighted ``weights`` (``{indicator id: weight %}``; an indicator not
        in it keeps the line's own weight): its real lines' scores, as the
        scorecard combines them (R-A2), graded on its own scale (R-A3).
        Plan modelling's re-scoring (issue 24): computes, writes nothing.
        With no weight changed, or no scorecard lines (a total set by hand),
        the appraisal's own score and grade."""
        self.ensure_one()
        lines = self.line_ids
        changed = any(
            line.indicator_id.id in weights
            and float_compare(weights[line.indicator_id.id], line.weight, 2)
            for line in lines
        )
        if not changed or not self.scale_id:
            return self.total_score, self.grade_id
        total = scoring.total_score(
            scoring.weighted_score(
                line._sp_raw_score(), weights.get(line.indicator_id.id, line.weight)
            )
            for line in lines
        )
        return total, self.scale_id._sp_grade_within(total)

    def _sp_dimension_grades(self):
        """``{dimension code: grade}`` (honours, R-P3)."""
        return {d.code: g for d, g in self._sp_dimension_results().items()}

    def _check_scores(self):
        """Scores people give stay inside the scale (R-A3)."""
        for appraisal in self:
            scale = appraisal.scale_id
            for line in appraisal.line_ids.filtered(lambda x: x.kind == "qualitative"):
                for score in (line.self_score, line.manager_score):
                    if (
                        float_compare(score, scale.score_min, 2) < 0
                        or float_compare(score, scale.score_max, 2) > 0
                    ):
                        raise ValidationError(
                            self.env._(
                                "Score %(score)s of '%(line)s' is outside the scale "
                                "(%(min)s to %(max)s): enter a score within it.",
                                score=score,
                                line=line.name,
                                min=scale.score_min,
                                max=scale.score_max,
                            )
                        )

    # ------------------------------------------------------------------
    # Closed periods: grades are frozen
    # ------------------------------------------------------------------
    # Changed only by the workflow's actions (in sudo mode, after their
    # checks), for every user, the performance administrator included
    # (issue 21): what the appraisal is of, its step, score and grade. A
    # published grade typed by hand skipped the R-A5 justification and
    # changed pay.
    _sp_workflow_fields = frozenset(
        {
            "state",
            "grade_id",
            "total_score",
            "approved_uid",
            "approved_date",
            "deadline",
            "rank",
            "team_rank",
            "skip_reason",
            "appeal_reason",
            "appeal_decision",
            "plan_id",
            "member_id",
            "employee_id",
            "period_id",
            "scale_id",
        }
    )

    def _sp_writable_fields(self, user):
        """What ``user`` may write by hand on this appraisal at its step: the
        employee their self-assessment, the manager (or a performance
        administrator in their stead, never on their own appraisal) the
        rating and notes, the approver the justification (R-A4, R-A5).
        Never a field of :attr:`_sp_workflow_fields`."""
        self.ensure_one()
        allowed = set()
        own = self.user_id == user
        manager = self._sp_is_manager(user) or (
            not own and user.has_group("sales_performance.group_sp_admin")
        )
        # ``line_ids``: the scores typed in the appraisal's form, saved
        # through it; each line checks who scores what (and write() accepts
        # only updates of existing lines).
        if own and self.state == "self_assessment":
            allowed |= {"self_note", "line_ids"}
        if manager and self.state in ("manager_review", "to_approve", "published"):
            allowed |= {"manager_note", "feedback", "justification"}
        if manager and self.state == "manager_review":
            allowed |= {"line_ids"}
        if (
            not own
            and user.has_group("sales_performance.group_sp_approver")
            and self.state == "to_approve"
        ):
            allowed |= {"justification", "feedback"}
        return allowed - self._sp_workflow_fields

    def _sp_scores_own_lines(self, commands):
        """``line_ids`` commands that only update lines of these appraisals
        (scores typed in the scorecard of the form)."""
        lines = self.line_ids
        return all(
            isinstance(command, list | tuple)
            and command[0] == Command.UPDATE
            and command[1] in lines.ids
            for command in commands
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Appraisals are generated for a plan's period (_sp_generate, after
        # its checks, in sudo mode): never typed in with a state and a grade
        # (issue 21).
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Appraisals are generated from their plan (Generate "
                    "Appraisals), not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            user = self.env.user
            names = {
                name for name in vals if not name.startswith(("message_", "activity_"))
            }
            for appraisal in self:
                forbidden = names - appraisal._sp_writable_fields(user)
                if "line_ids" in vals and not appraisal._sp_scores_own_lines(
                    vals["line_ids"]
                ):
                    # only the scores typed in the form's scorecard, on this
                    # appraisal's own lines: each line checks who may score
                    forbidden.add("line_ids")
                if forbidden:
                    raise AccessError(
                        self.env._(
                            "You cannot change %(fields)s of this appraisal at "
                            "this step: its step, score and grade change only "
                            "through its actions (self-assessment, rating, "
                            "approval with the R-A5 justification, appeal).",
                            fields=", ".join(
                                sorted(
                                    self._fields[name].get_description(self.env)[
                                        "string"
                                    ]
                                    for name in forbidden
                                    if name in self._fields
                                )
                            ),
                        )
                    )
        frozen = {
            "total_score",
            "grade_id",
            "state",
            "line_ids",
            "period_id",
            "employee_id",
        }
        if frozen & set(vals):
            closed = self.filtered(lambda a: a.period_id.sp_state == "closed")
            if frozen & set(vals) == {"state"}:
                closed = closed.filtered(
                    lambda a: (a.state, vals["state"]) not in CLOSED_PERIOD_STEPS
                )
            if closed:
                raise UserError(
                    self.env._(
                        "Period %(period)s is closed: the grade of '%(appraisal)s' is "
                        "frozen.",
                        period=closed[0].period_id.name,
                        appraisal=closed[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_final_or_closed(self):
        """A closed month's appraisals are history (closed is closed, sudo
        included); a published grade, or one under appeal, is what pay reads:
        no user deletes it (issue 21: deleting a closed month's published
        appraisal clawed back its performance pay at the next run)."""
        closed = self.filtered(lambda a: a.period_id.sp_state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: the appraisal '%(appraisal)s' "
                    "cannot be deleted.",
                    period=closed[0].period_id.name,
                    appraisal=closed[0].name,
                )
            )
        final = self.filtered(lambda a: a.state in FINAL_STATES + ("appeal",))
        if final and not self.env.su:
            raise UserError(
                self.env._(
                    "Appraisal '%(appraisal)s' is %(state)s: its grade is what pay "
                    "reads, it cannot be deleted. An appeal reopens the rating.",
                    appraisal=final[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        final[0].state
                    ],
                )
            )

    @api.constrains("grade_id", "scale_id")
    def _check_grade_scale(self):
        """A grade of the appraisal's scale (the plan's, R-A3), whoever sets
        it (issue 21: a grade of another scale was accepted)."""
        for appraisal in self:
            if appraisal.grade_id and appraisal.grade_id.scale_id != appraisal.scale_id:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s is not a grade of the scale %(scale)s of "
                        "'%(appraisal)s'.",
                        grade=appraisal.grade_id.display_name,
                        scale=appraisal.scale_id.display_name,
                        appraisal=appraisal.name,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow (R-A4)
    # ------------------------------------------------------------------
    def _sp_is_manager(self, user):
        self.ensure_one()
        return bool(user.employee_ids & self.employee_id.parent_id)

    def _sp_approver_user(self):
        """Division head: the manager's manager, else the plan's approver."""
        self.ensure_one()
        head = self.employee_id.parent_id.parent_id.user_id
        return (
            head
            or self.plan_id.appraisal_approver_id
            or (
                self.company_id._sp_users_in_group(
                    "sales_performance.group_sp_approver"
                )
                - self.user_id
            )[:1]
        )

    def _sp_appeal_deciders(self):
        """Who decides the appeal: the plan's HR / approver, else the
        performance administrators of the company; never OdooBot, nor the
        employee who appeals."""
        self.ensure_one()
        hr = self.plan_id.appraisal_approver_id
        if (
            hr.active
            and not hr._is_superuser()
            and hr != self.user_id
            and hr.has_group("sales_performance.group_sp_approver")
        ):
            return hr
        return (
            self.company_id._sp_users_in_group("sales_performance.group_sp_admin")
            - self.user_id
        )

    def _sp_may_decide_appeal(self, user):
        """HR decides appeals: a performance administrator or the plan's
        HR / approver (a statement approver), never on their own appraisal."""
        self.ensure_one()
        if user == self.user_id:
            return False
        if user.has_group("sales_performance.group_sp_admin"):
            return True
        return user == self.sudo().plan_id.appraisal_approver_id and user.has_group(
            "sales_performance.group_sp_approver"
        )

    def _sp_next(self, state, user, summary, days, note=None, more_users=None):
        """Move to ``state``, close the open activities, notify ``user`` (and
        ``more_users``, who may do the step too)."""
        today = fields.Date.context_today(self)
        start = max(self.period_end or today, today)
        deadline = add_working_days(start, days) if days else False
        self.sudo().with_context(sp_appraisal_step=True).activity_ids.action_feedback()
        self.sudo().write({"state": state, "deadline": deadline})
        # ``summary``: a sentence, written in each assignee's language and
        # read in each reader's (issue 23)
        readers.schedule(
            self.sudo(),
            summary,
            (user or self.env["res.users"]) | (more_users or self.env["res.users"]),
            note=note or "",
            date_deadline=deadline or today,
        )

    def _sp_check_state(self, *states):
        for appraisal in self:
            if appraisal.state not in states:
                raise UserError(
                    self.env._(
                        "Appraisal '%(appraisal)s' is not at this step.",
                        appraisal=appraisal.name,
                    )
                )

    def action_start(self):
        """Open the self-assessment (by the 3rd working day, R-A4): the
        employee's manager or an administrator starts it."""
        self._sp_check_state("draft")
        self._sp_check_manager_or_admin()
        for appraisal in self:
            appraisal._sp_next(
                "self_assessment",
                appraisal.user_id,
                recorder(self.env)._(
                    "Self-assessment of %(period)s", period=appraisal.period_id.name
                ),
                appraisal.plan_id.self_assessment_days,
            )
        return True

    def action_submit_self(self):
        self._sp_check_state("self_assessment")
        for appraisal in self:
            if appraisal.user_id != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._("Only the employee submits their self-assessment.")
                )
            appraisal._check_scores()
            appraisal._sp_next(
                "manager_review",
                appraisal.employee_id.parent_id.user_id,
                recorder(self.env)._(
                    "Rate %(employee)s for %(period)s",
                    employee=appraisal.employee_id.name,
                    period=appraisal.period_id.name,
                ),
                appraisal.plan_id.manager_review_days,
            )
        return True

    def action_submit_manager(self):
        self._sp_check_state("manager_review")
        for appraisal in self:
            if not (
                appraisal._sp_is_manager(self.env.user)
                or self.env.su
                or self.env.user.has_group("sales_performance.group_sp_admin")
            ):
                raise AccessError(
                    self.env._(
                        "Only %(employee)s's manager rates this appraisal.",
                        employee=appraisal.employee_id.name,
                    )
                )
            appraisal._check_scores()
            appraisal._sp_next(
                "to_approve",
                appraisal._sp_approver_user(),
                recorder(self.env)._(
                    "Approve the appraisal of %(employee)s",
                    employee=appraisal.employee_id.name,
                ),
                appraisal.plan_id.approval_days,
            )
        return True

    def action_approve(self):
        """Final approval by the division head or administrator, then the
        result is published to the employee (R-A4, R-A5)."""
        if not self.env.user.has_group("sales_performance.group_sp_approver"):
            raise AccessError(
                self.env._("Approving appraisals needs the approver right.")
            )
        self._sp_check_state("to_approve")
        for appraisal in self:
            if appraisal.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You cannot approve your own appraisal '%(appraisal)s'.",
                        appraisal=appraisal.name,
                    )
                )
            if (
                appraisal.grade_id.needs_justification
                and not (appraisal.justification or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Grade %(grade)s of '%(appraisal)s' needs a written "
                        "justification "
                        "with a concrete example (R-A5): fill in Justification first.",
                        grade=appraisal.grade_id.code,
                        appraisal=appraisal.name,
                    )
                )
            appraisal.sudo().write(
                {"approved_uid": self.env.uid, "approved_date": fields.Datetime.now()}
            )
            appraisal._sp_next(
                "published",
                appraisal.employee_id.parent_id.user_id,
                recorder(self.env)._(
                    "Feedback talk with %(employee)s",
                    employee=appraisal.employee_id.name,
                ),
                0,
            )
        self._sp_rank_periods()
        return True

    def action_appeal(self, reason):
        """The employee appeals a published result (申诉): HR decides."""
        self._sp_check_state("published")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the appeal."))
        for appraisal in self:
            if appraisal.user_id != self.env.user:
                raise AccessError(
                    self.env._("Only the employee appeals their appraisal.")
                )
            appraisal.sudo().appeal_reason = reason
            deciders = appraisal._sp_appeal_deciders()
            appraisal._sp_next(
                "appeal",
                deciders[:1],
                recorder(self.env)._(
                    "Decide the appeal of %(employee)s",
                    employee=appraisal.employee_id.name,
                ),
                appraisal.plan_id.approval_days,
                note=reason,
                more_users=deciders[1:],
            )
        self._sp_rank_periods()
        return True

    def action_decide_appeal(self, decision, reopen=False):
        """HR decides: uphold (published again) or reopen the rating."""
        for appraisal in self:
            if not appraisal._sp_may_decide_appeal(self.env.user):
                raise AccessError(
                    self.env._(
                        "Appeals are decided by HR: the plan's HR / approver or a "
                        "performance administrator, never on their own appraisal."
                    )
                )
        self._sp_check_state("appeal")
        if not (decision or "").strip():
            raise UserError(self.env._("Write the decision on the appeal."))
        closed = self.filtered(lambda a: a.period_id.sp_state == "closed")
        if reopen and closed:
            # Closed is closed (issue 20): the grade of a closed period is not
            # rated again; the appeal is upheld, or the period reopened first.
            raise UserError(
                self.env._(
                    "Period %(period)s is closed, so the rating of '%(appraisal)s' "
                    "cannot be reopened. Either uphold the appeal (the grade "
                    "stands and the commission held for it is released), or ask a "
                    "performance administrator to reopen the period first; a "
                    "grade changed then is corrected in the next open period's "
                    "commission (R-C11).",
                    period=closed[0].period_id.name,
                    appraisal=closed[0].name,
                )
            )
        for appraisal in self:
            appraisal.sudo().appeal_decision = decision
            if reopen:
                appraisal._sp_next(
                    "manager_review",
                    appraisal.employee_id.parent_id.user_id,
                    recorder(self.env)._(
                        "Rate %(employee)s again after the appeal",
                        employee=appraisal.employee_id.name,
                    ),
                    appraisal.plan_id.manager_review_days,
                )
            else:
                appraisal._sp_next("published", False, "", 0)
        self._sp_rank_periods()
        return True

    def action_open_appeal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide the appeal")
            if self.state == "appeal"
            else self.env._("Appeal the result"),
            "res_model": "sales.performance.appraisal.appeal",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_appraisal_id": self.id,
                "default_mode": "decide" if self.state == "appeal" else "appeal",
            },
        }

    def _sp_check_manager_or_admin(self):
        """The employee's manager or an administrator (or the engine)."""
        if self.env.su or self.env.user.has_group("sales_performance.group_sp_admin"):
            return
        for appraisal in self:
            if not appraisal._sp_is_manager(self.env.user):
                raise AccessError(
                    self.env._(
                        "Only %(employee)s's manager or a performance administrator "
                        "does this step of the appraisal.",
                        employee=appraisal.employee_id.name,
                    )
                )

    def _sp_can_close(self, user):
        """Whether ``user`` may close this published appraisal after the
        feedback talk: the employee's manager or an administrator, with the
        manager right (what :meth:`action_close` checks)."""
        self.ensure_one()
        return (
            self.state == "published"
            and user.has_group("sales_performance.group_sp_manager")
            and (
                self._sp_is_manager(user)
                or user.has_group("sales_performance.group_sp_admin")
            )
        )

    def action_close(self):
        self._sp_check_state("published")
        if not (
            self.env.user.has_group("sales_performance.group_sp_manager") or self.env.su
        ):
            raise AccessError(
                self.env._("Managers close appraisals after the feedback talk.")
            )
        self._sp_check_manager_or_admin()
        for appraisal in self:
            appraisal._sp_next("closed", False, "", 0)
        return True

    def action_cancel(self):
        """Cancel an appraisal not yet published: the employee's manager or an
        administrator, never the employee (R-A4)."""
        self._sp_check_state("draft", "self_assessment", "manager_review", "to_approve")
        self._sp_check_manager_or_admin()
        for appraisal in self:
            appraisal._sp_next("cancel", False, "", 0)
        return True

    # ------------------------------------------------------------------
    # Ranking (R-A7)
    # ------------------------------------------------------------------
    def _sp_rank_periods(self):
        for plan, period in {(a.plan_id, a.period_id) for a in self}:
            self._sp_rank(plan, period)

    @api.model
    def _sp_rank(self, plan, period):
        """Rank the final appraisals of a plan and period by total score,
        highest first; equal scores share a rank (1, 2, 2, 4), listed by
        employee name then id so the order is deterministic. Team ranks are
        the same within each manager's team."""
        appraisals = self.sudo().search(
            [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
        )
        ranked = appraisals.filtered(lambda a: a.state in FINAL_STATES).sorted(
            lambda a: (-a.total_score, a.employee_id.name or "", a.id)
        )
        (appraisals - ranked).write({"rank": 0, "team_rank": 0})

        def competition(records):
            ranks, previous, rank = {}, None, 0
            for position, record in enumerate(records, start=1):
                if previous is None or float_compare(record.total_score, previous, 2):
                    rank = position
                previous = record.total_score
                ranks[record] = rank
            return ranks

        ranks = competition(ranked)
        team_ranks = {}
        for manager in ranked.manager_id:
            team_ranks.update(
                competition(ranked.filtered(lambda a, m=manager: a.manager_id == m))
            )
        team_ranks.update(competition(ranked.filtered(lambda a: not a.manager_id)))
        for appraisal in ranked:
            appraisal.write(
                {"rank": ranks[appraisal], "team_rank": team_ranks[appraisal]}
            )
        return ranked

    # ------------------------------------------------------------------
    # Generation (R-A1, R-A6)
    # ------------------------------------------------------------------
    @api.model
    def _sp_generate(self, plan, period):
        """One appraisal per eligible member of ``plan`` for ``period``, with
        the cycle's scorecard; probation members get a skipped appraisal
        saying why (R-A6). Existing appraisals are left alone.

        Only a performance administrator generates them, for an approved
        plan (its scorecard agreed, R-A4) and an open period of the plan's
        company inside its dates (issue 21: a draft 2027 plan generated
        2026-12 appraisals); they are then created in sudo mode."""
        plan.ensure_one()
        plan._sp_check_admin()
        self._sp_check_generate(plan, period)
        cycle = period.sp_period_type
        indicators = plan.scorecard_ids.filtered(lambda i: i.cycle == cycle)
        if not indicators:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no %(cycle)s scorecard: add indicators "
                    "for this cycle.",
                    plan=plan.name,
                    cycle=cycle or "?",
                )
            )
        self.env["sales.performance.scorecard.indicator"]._check_weights(plan, cycle)
        if not plan.appraisal_scale_id:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has no grade scale for appraisals.", plan=plan.name
                )
            )
        members = plan.member_ids.filtered(lambda m: m._window(period))
        existing = self.search(
            [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
        ).employee_id
        members = members.filtered(lambda m: m.employee_id not in existing)
        if not members:
            return self.browse()
        achievements = {
            (a.employee_id, a.metric_id): a
            for a in self.env["sales.performance.achievement"]
            .sudo()
            ._sp_compute(plan, period)
            if a.period_id == period
        }
        probation = self._sp_probation(members.employee_id, period)
        quarters = (
            self._sp_quarter_scores(plan, period, members.employee_id)
            if (cycle == "year")
            else {}
        )
        vals_list = []
        for member in members:
            vals = {
                "plan_id": plan.id,
                "member_id": member.id,
                "employee_id": member.employee_id.id,
                "period_id": period.id,
                "scale_id": plan.appraisal_scale_id.id,
            }
            if member.employee_id in probation:
                vals.update(
                    state="skipped",
                    skip_reason=self.env._(
                        "On probation until %(date)s: not appraised (R-A6).",
                        date=probation[member.employee_id],
                    ),
                )
            else:
                vals["line_ids"] = [
                    Command.create(line_vals)
                    for line_vals in self._sp_lines_vals(
                        indicators, member, achievements, quarters
                    )
                ]
            vals_list.append(vals)
        appraisals = self.sudo().create(vals_list).with_env(self.env)
        appraisals.line_ids.sudo()._sp_name_from_indicator()
        appraisals.filtered(lambda a: a.state == "draft").action_start()
        return appraisals

    @api.model
    def _sp_check_generate(self, plan, period):
        """Refuse generating ``plan``'s appraisals of ``period`` unless the
        plan is approved and the period is an open month, quarter or year of
        the plan's company inside its dates (issue 21)."""
        if plan.state != "approved":
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is not approved: its scorecard is agreed at "
                    "approval (R-A4), approve it before generating appraisals.",
                    plan=plan.name,
                )
            )
        period = period.sudo()  # another company's period is refused, not named
        if not (
            period.sp_period_type
            and period.company_id in (plan.company_id, self.env["res.company"])
            and period.date_start >= plan.date_start
            and period.date_end <= plan.date_end
        ):
            raise UserError(
                self.env._(
                    "The period is not one of plan '%(plan)s': choose a month, "
                    "quarter or year of its company between %(start)s and "
                    "%(end)s.",
                    plan=plan.name,
                    start=plan.date_start,
                    end=plan.date_end,
                )
            )
        if period.sp_state != "open":
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: its appraisals cannot be "
                    "generated any more.",
                    period=period.name,
                )
            )

    @api.model
    def _sp_lines_vals(self, indicators, member, achievements, quarters):
        """The member's scorecard lines (R-A2). A quantitative indicator whose
        metric has no target for the member (say the director's personal
        revenue) does not apply: it is left out and the other weights are
        scaled up to 100 %, instead of scoring it 0."""
        lines = [
            self._sp_line_vals(indicator, member, achievements, quarters)
            for indicator in indicators
        ]
        applicable = [
            vals
            for vals in lines
            if vals["kind"] != "quantitative" or vals.get("target")
        ]
        total = sum(vals["weight"] for vals in applicable)
        if not applicable or len(applicable) == len(lines) or not total:
            return lines
        full = sum(vals["weight"] for vals in lines)
        for vals in applicable:
            vals["weight"] = round(vals["weight"] * full / total, 2)
        return applicable

    @api.model
    def _sp_line_vals(self, indicator, member, achievements, quarters):
        vals = {
            "indicator_id": indicator.id,
            "sequence": indicator.sequence,
            "name": indicator.name,
            "kind": indicator.kind,
            "scorer": indicator.scorer,
            "self_weight": indicator.self_weight,
            "weight": indicator.weight,
            "dimension_id": indicator.dimension_id.id,
            "metric_id": indicator.metric_id.id,
        }
        if indicator.kind == "quantitative":
            achievement = achievements.get((member.employee_id, indicator.metric_id))
            completion = achievement.completion if achievement else 0.0
            vals.update(
                target=achievement.target_amount if achievement else 0.0,
                actual=achievement.actual if achievement else 0.0,
                completion=completion,
                auto_score=indicator._score_completion(completion),
            )
        elif indicator.kind == "quarters":
            vals["auto_score"] = quarters.get(member.employee_id, 0.0)
        return vals

    @api.model
    def _sp_probation(self, employees, period):
        """``{employee: trial end}`` of employees still on probation (未转正)
        at the end of the period: their running contract's trial period has
        not ended."""
        contracts = (
            self.env["hr.contract"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "in", ("draft", "open")),
                    ("trial_date_end", ">=", period.date_end),
                    ("date_start", "<=", period.date_end),
                ]
            )
        )
        return {c.employee_id: c.trial_date_end for c in contracts}

    @api.model
    def _sp_quarter_scores(self, plan, period, employees):
        """Average total score of the year's final quarterly appraisals (R-A1)."""
        groups = self.sudo()._read_group(
            [
                ("plan_id", "=", plan.id),
                ("employee_id", "in", employees.ids),
                ("cycle", "=", "quarter"),
                ("state", "in", FINAL_STATES),
                ("period_start", ">=", period.date_start),
                ("period_end", "<=", period.date_end),
            ],
            ["employee_id"],
            ["total_score:avg"],
        )
        return {employee: round(score, 2) for employee, score in groups}

    @api.model
    def _sp_final_grades(self, employees, period, plan=None):
        """``{employee_id: grade}`` of the final (published or closed)
        appraisals of ``employees`` whose period contains ``period``: the
        source of the grades commission reads (R-C2, R-C4, R-P1). Of several,
        the one of ``plan`` first (an employee may be in two plans), then
        the shortest period, then the latest. Employees without one are
        missing from the result."""
        return {
            employee_id: appraisal.grade_id
            for employee_id, appraisal in self._sp_final_appraisals(
                employees, period, plan
            ).items()
        }

    @api.model
    def _sp_final_appraisals(self, employees, period, plan=None):
        """``{employee_id: appraisal}``: the final appraisal each grade of
        :meth:`_sp_final_grades` comes from (plan modelling scores it again
        with modelled weights, issue 24)."""
        appraisals = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "in", FINAL_STATES),
                ("grade_id", "!=", False),
                ("period_start", "<=", period.date_start),
                ("period_end", ">=", period.date_end),
            ]
        )
        ordered = appraisals.sorted(
            lambda a: (
                bool(plan) and a.plan_id != plan,
                a.period_end - a.period_start,
                -a.id,
            )
        )
        found = {}
        for appraisal in ordered:
            found.setdefault(appraisal.employee_id.id, appraisal)
        return found

    @api.model
    def _sp_final_ending(self, employee, plan, period, cycle=None):
        """The final appraisal of ``employee`` in ``plan`` whose period ends
        in ``period`` (of ``cycle`` when given: monthly, quarterly or
        yearly), the longest first (R-P3)."""
        domain = [
            ("employee_id", "=", employee.id),
            ("plan_id", "=", plan.id),
            ("state", "in", FINAL_STATES),
            ("period_end", ">=", period.date_start),
            ("period_end", "<=", period.date_end),
        ]
        if cycle:
            domain.append(("cycle", "=", cycle))
        return self.sudo().search(domain, order="period_start", limit=1)
