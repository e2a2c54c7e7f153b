# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Performance / Team Performance: what salespeople and managers look at.

Projected and what-if commission are computed by the commission rules
themselves (``sales.performance.plan._sp_payouts``), with the base changed: never a
second implementation of the rules.
"""

from odoo import api, fields, models

from ..tools.commission_context import CommissionContext
from ..tools.states import APPRAISAL_FINAL_STATES


class SalesPerformanceDashboard(models.TransientModel):
    _name = "sales.performance.dashboard"
    _description = "Sales Performance Dashboard"

    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    employee_id = fields.Many2one("hr.employee", compute="_compute_context")
    member_id = fields.Many2one("sales.performance.member", compute="_compute_context")
    plan_id = fields.Many2one("sales.performance.plan", compute="_compute_context")
    period_id = fields.Many2one("date.range", compute="_compute_context")
    currency_id = fields.Many2one(related="plan_id.currency_id")
    achievement_ids = fields.Many2many(
        "sales.performance.achievement", compute="_compute_context", string="My Targets"
    )
    appraisal_id = fields.Many2one(
        "sales.performance.appraisal",
        compute="_compute_context",
        string="Latest Appraisal",
    )
    grade_id = fields.Many2one(related="appraisal_id.grade_id", string="Grade")
    elapsed = fields.Float(string="Period Elapsed", compute="_compute_context")
    commission_to_date = fields.Monetary(compute="_compute_commission")
    commission_projected = fields.Monetary(
        compute="_compute_commission",
        help="At the current run-rate until the end of the period, with the plan's "
        "rules.",
    )
    commission_note = fields.Text(
        compute="_compute_commission",
        help="How the two figures are reached, and why nothing is earned yet when "
        "the pace projects an amount.",
    )
    whatif_order_ids = fields.Many2many(
        "sale.order",
        string="If These Quotations Are Invoiced and Paid",
        domain="[('user_id', '=', user_id), ('state', 'in', ('draft', 'sent'))]",
    )
    whatif_amount = fields.Monetary(compute="_compute_commission", string="Quotations")
    whatif_commission = fields.Monetary(
        compute="_compute_commission",
        string="Commission With Them",
        help="This period's commission if the selected quotations are invoiced and "
        "paid in the period, computed with the plan's rules.",
    )
    # Managers
    is_manager = fields.Boolean(compute="_compute_team")
    team_achievement_ids = fields.Many2many(
        "sales.performance.achievement", compute="_compute_team", string="Team"
    )
    waiting_appraisal_ids = fields.Many2many(
        "sales.performance.appraisal",
        compute="_compute_team",
        string="Appraisals to Do",
        help="Appraisals at a step that is the current user's to do: rating their "
        "direct reports, approving those they are the approver of (R-A4).",
    )
    waiting_appraisal_count = fields.Integer(
        compute="_compute_team", string="Appraisals Waiting for Me"
    )
    dispute_line_ids = fields.Many2many(
        "sales.performance.statement.line", compute="_compute_team", string="Disputes"
    )
    ranking_ids = fields.Many2many(
        "sales.performance.appraisal",
        compute="_compute_team",
        relation="sales_performance_dashboard_ranking_rel",
    )

    # ------------------------------------------------------------------
    # A dashboard only ever shows the current user's own figures (and their
    # team's for a manager), whatever ``user_id`` a client writes: the
    # figures are computed with sudo, so the user is forced here.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            vals_list = [dict(vals, user_id=self.env.uid) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            vals = dict(vals, user_id=self.env.uid)
        return super().write(vals)

    def _sp_user(self):
        """Whose figures this dashboard shows: its user only for the engine,
        else always the current user."""
        self.ensure_one()
        return self.user_id if self.env.su else self.env.user

    @api.depends("user_id")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._(
                "My Performance: %(user)s", user=dashboard.user_id.name
            )

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_context(self):
        today = fields.Date.context_today(self)
        Member = self.env["sales.performance.member"].sudo()
        for dashboard in self:
            member = Member.search(
                [
                    ("user_id", "=", dashboard._sp_user().id),
                    ("plan_id.state", "=", "approved"),
                    ("plan_id.date_start", "<=", today),
                    ("plan_id.date_end", ">=", today),
                    ("company_id", "in", self.env.companies.ids),
                ],
                limit=1,
            )
            period = (
                member.plan_id._sp_periods().filtered(
                    lambda p: p.date_start <= today <= p.date_end
                )[:1]
                if member
                else self.env["date.range"]
            )
            dashboard.member_id = member
            dashboard.employee_id = member.employee_id
            dashboard.plan_id = member.plan_id
            dashboard.period_id = period
            dashboard.achievement_ids = (
                self.env["sales.performance.achievement"].search(
                    [("member_id", "=", member.id), ("period_id", "=", period.id)]
                )
                if member
                else False
            )
            dashboard.appraisal_id = (
                self.env["sales.performance.appraisal"].search(
                    [
                        ("employee_id", "=", member.employee_id.id),
                        ("state", "in", APPRAISAL_FINAL_STATES),
                    ],
                    order="period_end desc",
                    limit=1,
                )
                if member
                else False
            )
            if period:
                days = (period.date_end - period.date_start).days + 1
                dashboard.elapsed = ((today - period.date_start).days + 1) / days
            else:
                dashboard.elapsed = 0.0

    def _sp_commission(self, extra=None):
        """This period's commission of the member with the plan's rules; the
        base of each metric grows by ``extra`` ({metric: amount})."""
        self.ensure_one()
        if not self.plan_id:  # a manager who is no plan member (My Team only)
            return 0.0
        return self.plan_id.currency_id.round(
            sum(p["amount"] for p in self._sp_period_payouts(extra))
        )

    def _sp_period_payouts(self, extra=None):
        """The payouts behind :meth:`_sp_commission` (each with its
        explanation, in the user's language)."""
        self.ensure_one()
        member, plan, period = self.member_id, self.plan_id, self.period_id
        if not (member and period and plan.rule_ids):
            return []
        env = self.env(su=True)
        exclude = {member.employee_id.id: {m: -a for m, a in (extra or {}).items()}}
        ctx = CommissionContext(env, plan.sudo(), period.sudo(), member.sudo(), exclude)
        return ctx.plan._sp_payouts(ctx, member.sudo())

    def _sp_commission_note(self, payouts, projected):
        """Says how "Earned so far" and "At this pace" are reached; when
        nothing is earned yet but the pace projects an amount, why, in the
        rules' own words."""
        self.ensure_one()
        period = self.period_id
        if not (self.member_id and period):
            return False
        today = fields.Date.context_today(self)
        days = (period.date_end - period.date_start).days + 1
        elapsed = min(max((today - period.date_start).days + 1, 0), days)
        notes = [
            self.env._(
                "Earned so far: the commission of your sales from %(start)s to "
                "today with the plan's rules; what is paid is the period's "
                "approved statement.",
                start=fields.Date.to_string(period.date_start),
            ),
            self.env._(
                "At this pace: the same rules on your sales of the first %(elapsed)s "
                "of the %(days)s days of %(period)s, continued at that pace to the "
                "end of the period.",
                elapsed=elapsed,
                days=days,
                period=period.name,
            ),
        ]
        currency = self.plan_id.currency_id
        earned = sum(p["amount"] for p in payouts)
        if currency.is_zero(earned) and not currency.is_zero(projected):
            notes.append(self.env._("Nothing is earned yet:"))
            notes += [
                self.env._(
                    "%(rule)s: %(explanation)s",
                    rule=p["rule"].name if p.get("rule") else "",
                    explanation=p["explanation"],
                )
                for p in payouts
            ]
        return "\n".join(notes)

    @api.depends("member_id", "period_id", "elapsed", "whatif_order_ids")
    def _compute_commission(self):
        for dashboard in self:
            payouts = dashboard._sp_period_payouts()
            # a manager who is no plan member has no plan (My Team only)
            currency = dashboard.plan_id.currency_id or self.env.company.currency_id
            dashboard.commission_to_date = currency.round(
                sum(p["amount"] for p in payouts)
            )
            metrics = dashboard.plan_id.rule_ids.metric_id
            ctx = None
            projected = {}
            if dashboard.member_id and dashboard.period_id and dashboard.elapsed:
                ctx = CommissionContext(
                    self.env(su=True),
                    dashboard.plan_id.sudo(),
                    dashboard.period_id.sudo(),
                    dashboard.member_id.sudo(),
                )
                for metric in metrics.filtered("is_monetary"):
                    base = ctx.base(metric, dashboard.member_id.sudo())
                    projected[metric.id] = base / dashboard.elapsed - base
            dashboard.commission_projected = dashboard._sp_commission(projected)
            dashboard.commission_note = dashboard._sp_commission_note(
                payouts, dashboard.commission_projected
            )
            company = dashboard.plan_id.company_id or self.env.company
            amount = sum(
                order.currency_id._convert(
                    order.amount_untaxed,
                    company.currency_id,
                    company,
                    order.date_order.date(),
                )
                for order in dashboard.whatif_order_ids
            )
            dashboard.whatif_amount = amount
            revenue = metrics.filtered(lambda m: m.kind == "net_revenue")
            dashboard.whatif_commission = (
                dashboard._sp_commission({m.id: amount for m in revenue})
                if amount
                else dashboard.commission_to_date
            )

    @api.depends("user_id", "period_id")
    @api.depends_context("uid")
    def _compute_team(self):
        Achievement = self.env["sales.performance.achievement"]
        for dashboard in self:
            user = dashboard._sp_user()
            team = (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("id", "child_of", user.employee_ids.ids),
                        ("id", "not in", user.employee_ids.ids),
                    ]
                )
            )
            dashboard.is_manager = bool(team) and user.has_group(
                "sales_performance.group_sp_manager"
            )
            if not dashboard.is_manager:
                dashboard.team_achievement_ids = False
                dashboard.waiting_appraisal_ids = False
                dashboard.waiting_appraisal_count = 0
                dashboard.dispute_line_ids = False
                dashboard.ranking_ids = False
                continue
            today = fields.Date.context_today(self)
            current = Achievement.search(
                [
                    ("employee_id", "in", team.ids),
                    ("period_start", "<=", today),
                    ("period_end", ">=", today),
                ]
            )
            # Each plan's own periods (months of a monthly plan, not the year),
            # and only the metrics the team has a target on: a metric measured
            # without a target (0.00, 0 %) is in Team Performance.
            dashboard.team_achievement_ids = current.filtered(
                lambda a: (
                    a.period_id.type_id == a.plan_id.date_range_type_id
                    and a.state == "measured"
                )
            )
            waiting = dashboard._sp_waiting_appraisals(user)
            dashboard.waiting_appraisal_ids = waiting
            dashboard.waiting_appraisal_count = len(waiting)
            dashboard.dispute_line_ids = self.env[
                "sales.performance.statement.line"
            ].search([("employee_id", "in", team.ids), ("dispute_state", "=", "open")])
            last = self.env["sales.performance.appraisal"].search(
                [
                    ("employee_id", "in", team.ids),
                    ("state", "in", APPRAISAL_FINAL_STATES),
                ],
                order="period_end desc",
                limit=1,
            )
            dashboard.ranking_ids = (
                self.env["sales.performance.appraisal"].search(
                    [
                        ("employee_id", "in", team.ids),
                        ("period_id", "=", last.period_id.id),
                        ("state", "in", APPRAISAL_FINAL_STATES),
                    ],
                    order="total_score desc",
                )
                if last
                else False
            )

    def _sp_waiting_appraisals(self, user):
        """The appraisals waiting for ``user``'s action: the manager rating of
        their direct reports and the approval of those they approve (R-A4).

        Read from the appraisals' states, not from their activities: a
        published appraisal keeps its feedback-talk activity until the manager
        closes it, and an activity can be reassigned or left open; neither is
        an appraisal waiting for a rating or an approval.
        """
        Appraisal = self.env["sales.performance.appraisal"]
        to_rate = Appraisal.search(
            [
                ("state", "=", "manager_review"),
                ("manager_id", "in", user.employee_ids.ids),
            ]
        )
        to_approve = (
            Appraisal.search([("state", "=", "to_approve")])
            .sudo()
            .filtered(lambda a: a._sp_approver_user() == user)
            .with_env(self.env)
        )
        return (to_rate | to_approve).sorted(
            lambda a: (a.deadline or fields.Date.today(), a.id)
        )

    def action_open_waiting_appraisals(self):
        """The appraisals waiting for me, to rate or approve them."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appraisals Waiting for Me"),
            "res_model": "sales.performance.appraisal",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.waiting_appraisal_ids.ids)],
            "context": {"create": False},
        }

    @api.model
    def action_open(self):
        dashboard = self.create({})
        if not dashboard.member_id:
            landing = self._sp_landing_action()
            if landing:
                return landing
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Performance"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _sp_landing_action(self):
        """Where *My Performance* opens for a user who is no member of a plan
        covering today: the work of their role, as Odoo's apps open on their
        user's to-do (the payroll accountant's approved statements to post,
        the approver's and the administrator's statements to approve); None
        keeps the dashboard and its notice."""
        user = self.env.user
        for group, xmlid, context in (
            (
                "sales_performance.group_sp_payroll",
                "sales_performance.action_sales_performance_statement_to_post",
                {},
            ),
            (
                "sales_performance.group_sp_approver",
                "sales_performance.action_sales_performance_statement",
                {"search_default_to_approve": 1},
            ),
        ):
            if user.has_group(group):
                action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
                action["context"] = context
                return action
        return None
