# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Performance / Team Performance: what salespeople and managers look at.

Projected and what-if commission are computed by the commission rules
themselves (``sales.performance.plan._sp_payouts``), with the base changed: never a
second implementation of the rules.
"""

from odoo import api, fields, models
from odoo.tools import float_compare

from ..tools import explain, readers
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
    whatif_increase = fields.Monetary(
        compute="_compute_commission",
        string="More Commission",
        help="What the selected quotations add to this period's commission.",
    )
    # What motivates (issue 23): the next band, the year so far, the team
    next_band_amount = fields.Monetary(
        compute="_compute_motivation",
        string="To Sell for the Next Band",
        help="How much more to sell this period to reach the next band of the "
        "plan's rules.",
    )
    next_band_commission = fields.Monetary(
        compute="_compute_motivation",
        string="Commission at the Next Band",
        help="This period's commission if that much more is sold, with the plan's "
        "own rules.",
    )
    next_band_note = fields.Char(compute="_compute_motivation", string="Next Band")
    year_chart = fields.Html(
        compute="_compute_motivation",
        sanitize=False,
        string="The Year So Far",
        help="Target, actual and commission earned and paid, month by month, from "
        "the plan's achievements and statements.",
    )
    team_standing = fields.Char(
        compute="_compute_motivation",
        string="In My Team",
        help="Where you stand in your team this period, by completion.",
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
    ranking_table = fields.Html(
        compute="_compute_team",
        sanitize=False,
        string="Team Ranking",
        help="The team's last published appraisals by total score, ranked within "
        "the whole team (equal scores share a rank, R-A7).",
    )
    team_total = fields.Text(
        compute="_compute_team",
        help="Per metric, the team's total actual over its total target this "
        "period: the same rows as the list, as Team Performance computes it.",
    )
    team_chart = fields.Html(
        compute="_compute_team",
        sanitize=False,
        string="The Team's Year",
        help="The team's target and actual, month by month.",
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
        bases grow by ``extra`` (``{employee_id: {metric_id: amount}}``)."""
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
        # the engine subtracts its exclusions from the bases
        exclude = {
            employee_id: {metric_id: -amount for metric_id, amount in more.items()}
            for employee_id, more in (extra or {}).items()
        }
        ctx = CommissionContext(env, plan.sudo(), period.sudo(), member.sudo(), exclude)
        return ctx.plan._sp_payouts(ctx, member.sudo())

    def _sp_context(self):
        self.ensure_one()
        return CommissionContext(
            self.env(su=True),
            self.plan_id.sudo(),
            self.period_id.sudo(),
            self.member_id.sudo(),
        )

    def _sp_pace(self, ctx):
        """What the period's sales become at this pace: ``{employee_id:
        {metric_id: amount to add}}`` for every member of the plan, so that
        the rules paying on a team (R-C3) project the team's sales, not only
        the member's own (issue 23)."""
        self.ensure_one()
        extra = {}
        if not self.elapsed:
            return extra
        metrics = self.plan_id.rule_ids.metric_id.filtered("is_monetary")
        for member in ctx.all_members | ctx.members:
            for metric in metrics:
                base = ctx.base(metric, member)
                if base:
                    extra.setdefault(member.employee_id.id, {})[metric.id] = (
                        base / self.elapsed - base
                    )
        return extra

    def _sp_measures_team(self, ctx):
        """Whether one of the member's rules pays on their team's sales."""
        self.ensure_one()
        member = self.member_id.sudo()
        return any(
            rule._applies_to(member) and rule._sp_measures_team(ctx, member)
            for rule in self.plan_id.sudo().rule_ids
        )

    def _sp_commission_note(self, payouts, projected, team=False):
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
                "At this pace: the same rules on the sales of your team of the first "
                "%(elapsed)s of the %(days)s days of %(period)s, yours included, "
                "continued at that pace to the end of the period.",
                elapsed=elapsed,
                days=days,
                period=period.name,
            )
            if team
            else self.env._(
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
            team = False
            if dashboard.member_id and dashboard.period_id and dashboard.elapsed:
                ctx = dashboard._sp_context()
                team = dashboard._sp_measures_team(ctx)
                dashboard.commission_projected = dashboard._sp_commission(
                    dashboard._sp_pace(ctx)
                )
            else:
                dashboard.commission_projected = dashboard.commission_to_date
            dashboard.commission_note = dashboard._sp_commission_note(
                payouts, dashboard.commission_projected, team
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
            revenue = dashboard.plan_id.rule_ids.metric_id.filtered(
                lambda m: m.kind == "net_revenue"
            )
            dashboard.whatif_commission = (
                dashboard._sp_commission(
                    {dashboard.employee_id.id: {m.id: amount for m in revenue}}
                )
                if amount
                else dashboard.commission_to_date
            )
            dashboard.whatif_increase = currency.round(
                dashboard.whatif_commission - dashboard.commission_to_date
            )

    # ------------------------------------------------------------------
    # What motivates (issue 23): the next band and what it pays, the year
    # so far, where one stands in the team. All from the engine's figures:
    # the plan's rules (what-if with more sales), its achievements and
    # statements.
    # ------------------------------------------------------------------
    @api.depends("member_id", "period_id", "commission_to_date")
    @api.depends_context("lang")
    def _compute_motivation(self):
        for dashboard in self:
            dashboard.next_band_amount = 0.0
            dashboard.next_band_commission = 0.0
            dashboard.next_band_note = False
            dashboard.year_chart = False
            dashboard.team_standing = False
            if not (dashboard.member_id and dashboard.period_id):
                continue
            dashboard._sp_set_next_band()
            dashboard.year_chart = dashboard._sp_render_chart(
                dashboard._sp_year_rows(),
                dashboard.plan_id.level_metric_id,
                dashboard.plan_id.currency_id,
            )
            dashboard.team_standing = dashboard._sp_team_standing()

    def _sp_next_band(self, ctx):
        """``(rule, band, amount to sell)`` of the nearest band above the
        member's completion, among their rules on completion bands (R-C1)
        paid on their own sales; ``None`` in the top band or without one."""
        self.ensure_one()
        member = self.member_id.sudo()
        best = None
        for rule in self.plan_id.sudo().rule_ids:
            if not (
                rule.rule_type == "tiered"
                and rule.band_ids
                and rule._applies_to(member)
                and not rule._sp_measures_team(ctx, member)
            ):
                continue
            target = ctx.target(rule.metric_id, member)
            if not target:
                continue
            base = ctx.base(rule.metric_id, member)
            completion = base / target
            band = next(
                (b for b in rule.band_ids.sorted("lower") if b.lower > completion),
                None,
            )
            if not band:
                continue
            # the cent that reaches the band (bands are half-open, R-C1)
            amount = self.plan_id.currency_id.round(target * band.lower - base)
            if amount <= 0:
                continue
            if best is None or amount < best[2]:
                best = (rule, band, amount)
        return best

    def _sp_set_next_band(self):
        self.ensure_one()
        ctx = self._sp_context()
        found = self._sp_next_band(ctx)
        if not found:
            return
        rule, band, amount = found
        currency = self.plan_id.currency_id
        commission = self._sp_commission(
            {self.employee_id.id: {rule.metric_id.id: amount}}
        )
        self.next_band_amount = amount
        self.next_band_commission = commission
        self.next_band_note = self.env._(
            "Sell %(amount)s more this period to reach %(band)s of your target "
            "(%(rule)s): your commission would be %(commission)s, %(increase)s more.",
            amount=readers.amount(self.env, amount, currency),
            band=explain.pct(band.lower, 2),
            rule=rule.name,
            commission=readers.amount(self.env, commission, currency),
            increase=readers.amount(
                self.env, commission - self.commission_to_date, currency
            ),
        )

    def _sp_year_rows(self):
        """The plan's periods so far, month by month: target and actual of
        the plan's level metric (its achievements), commission earned (the
        statement; this period: earned so far) and paid (paid statements)."""
        self.ensure_one()
        plan, member = self.plan_id.sudo(), self.member_id.sudo()
        metric = plan.level_metric_id
        periods = plan._sp_periods().filtered(
            lambda p: p.date_start <= self.period_id.date_start
        )[-12:]
        achievements = {
            a.period_id: a
            for a in self.env["sales.performance.achievement"]
            .sudo()
            .search(
                [
                    ("member_id", "=", member.id),
                    ("metric_id", "=", metric.id),
                    ("period_id", "in", periods.ids),
                ]
            )
        }
        statements = {
            s.period_id: s
            for s in self.env["sales.performance.statement"]
            .sudo()
            .search(
                [
                    ("plan_id", "=", plan.id),
                    ("employee_id", "=", member.employee_id.id),
                    ("period_id", "in", periods.ids),
                    ("state", "!=", "draft"),
                ]
            )
        }
        rows = []
        for period in periods:
            achievement = achievements.get(period)
            statement = statements.get(period)
            current = period == self.period_id
            rows.append(
                {
                    "label": period.name,
                    "target": achievement.target_amount if achievement else 0.0,
                    "actual": achievement.actual if achievement else 0.0,
                    "completion": achievement.completion
                    if achievement and achievement.state == "measured"
                    else None,
                    "earned": self.commission_to_date
                    if current
                    else (statement.amount_total if statement else 0.0),
                    "paid": statement.amount_total
                    if statement and statement.state == "paid"
                    else 0.0,
                    "current": current,
                }
            )
        return rows

    def _sp_render_chart(self, rows, metric, currency, commission=True):
        """The year's chart (SVG bars of target and actual, the commission
        earned and paid as a line) and its table, in the user's language;
        the same on the backend page and the portal."""
        self.ensure_one()
        if not rows:
            return False
        width, height, top, bottom, left = 640, 200, 16, 24, 8
        plot = height - top - bottom
        step = (width - 2 * left) / len(rows)
        high = max([r["target"] for r in rows] + [r["actual"] for r in rows]) or 1.0
        money_high = max([r["earned"] for r in rows] + [r["paid"] for r in rows]) or 1.0
        for index, row in enumerate(rows):
            x = left + index * step
            bar = step * 0.32
            row["x_target"] = round(x + step * 0.16, 1)
            row["x_actual"] = round(x + step * 0.16 + bar, 1)
            row["bar"] = round(bar, 1)
            row["h_target"] = round(plot * row["target"] / high, 1)
            row["h_actual"] = round(plot * max(row["actual"], 0.0) / high, 1)
            row["y_target"] = round(top + plot - row["h_target"], 1)
            row["y_actual"] = round(top + plot - row["h_actual"], 1)
            row["x_mid"] = round(x + step / 2, 1)
            row["completion_text"] = (
                explain.pct(row["completion"], 1)
                if row["completion"] is not None
                else ""
            )
            row["y_earned"] = round(
                top + plot - plot * max(row["earned"], 0.0) / money_high, 1
            )
            row["y_paid"] = round(
                top + plot - plot * max(row["paid"], 0.0) / money_high, 1
            )
        return self.env["ir.qweb"]._render(
            "sales_performance.performance_year_chart",
            {
                "rows": rows,
                "width": width,
                "height": height,
                "base_y": top + plot,
                "label_y": height - 6,
                "earned_points": " ".join(
                    f"{r['x_mid']},{r['y_earned']}" for r in rows
                ),
                "commission": commission,
                "metric": metric,
                "currency": currency,
            },
        )

    def _sp_team_standing(self):
        """Where the member stands this period among the plan's members of
        the same team (same manager), by completion of the plan's level
        metric; only the rank is shown, never the others' figures."""
        self.ensure_one()
        plan, member = self.plan_id.sudo(), self.member_id.sudo()
        rows = (
            self.env["sales.performance.achievement"]
            .sudo()
            .search(
                [
                    ("plan_id", "=", plan.id),
                    ("period_id", "=", self.period_id.id),
                    ("metric_id", "=", plan.level_metric_id.id),
                    ("state", "=", "measured"),
                    ("manager_id", "=", member.employee_id.parent_id.id),
                ]
            )
        )
        mine = rows.filtered(lambda a: a.member_id == member)
        if not mine or len(rows) < 2:
            return False
        rank = 1 + len(rows.filtered(lambda a: a.completion > mine.completion))
        return self.env._(
            "%(rank)s of %(count)s in your team this period by %(metric)s "
            "completion (yours: %(completion)s).",
            rank=rank,
            count=len(rows),
            metric=plan.level_metric_id.name,
            completion=explain.pct(mine.completion, 1),
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
            dashboard.team_total = False
            dashboard.team_chart = False
            dashboard.ranking_table = False
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
            # and only the metrics with a target this period: a metric measured
            # without any target (0.00, 0 %) is in Team Performance. A member
            # without a target of their own is listed with their actual: the
            # team's completion counts it, as Team Performance does (issue 23).
            rows = current.filtered(
                lambda a: (
                    a.period_id.type_id == a.plan_id.date_range_type_id
                    and a.counts_in_completion
                )
            )
            dashboard.team_achievement_ids = rows
            dashboard.team_total = dashboard._sp_team_total(rows)
            dashboard.team_chart = dashboard._sp_team_chart(team, rows)
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
            dashboard.ranking_table = dashboard._sp_ranking_table()

    def _sp_ranking_table(self):
        """The team's ranking, ranks counted within the team shown (issue
        23: a sub-team's own rank listed between the team's 6 and 7 was
        another ranking): competition ranks (1, 2, 2, 4) by total score,
        like the stored ranks (R-A7)."""
        self.ensure_one()
        appraisals = self.ranking_ids.sorted(
            lambda a: (-a.total_score, a.employee_id.name or "", a.id)
        )
        if not appraisals:
            return False
        rows, previous, rank = [], None, 0
        for position, appraisal in enumerate(appraisals, start=1):
            if previous is None or float_compare(appraisal.total_score, previous, 2):
                rank = position
            previous = appraisal.total_score
            rows.append({"rank": rank, "appraisal": appraisal})
        return self.env["ir.qweb"]._render(
            "sales_performance.team_ranking_table", {"rows": rows}
        )

    def _sp_team_total(self, rows):
        """Per metric, the total actual over the total target of ``rows``,
        through the same aggregate as Team Performance's pivot."""
        if not rows:
            return False
        groups = rows._read_group(
            [("id", "in", rows.ids)],
            ["metric_id", "currency_id"],
            ["target_amount:sum", "actual:sum", "completion:avg"],
            order="metric_id",
        )
        lines = []
        for metric, currency, target, actual, completion in groups:
            if metric.is_monetary:
                target = readers.amount(self.env, target, currency)
                actual = readers.amount(self.env, actual, currency)
            else:
                target, actual = explain.num(target), explain.num(actual)
            lines.append(
                self.env._(
                    "%(metric)s: %(actual)s of %(target)s, %(completion)s",
                    metric=metric.name,
                    actual=actual,
                    target=target,
                    completion=explain.pct(completion or 0.0, 1),
                )
            )
        return "\n".join(lines)

    def _sp_team_chart(self, team, rows):
        """The team's target and actual of the level metric, month by month
        over the plan's periods so far (the plan of this period's rows)."""
        plan = rows.plan_id[:1].sudo()
        if not plan:
            return False
        metric = plan.level_metric_id
        today = fields.Date.context_today(self)
        periods = plan._sp_periods().filtered(lambda p: p.date_start <= today)[-12:]
        groups = {
            period: (target, actual, completion)
            for period, target, actual, completion in self.env[
                "sales.performance.achievement"
            ]._read_group(
                [
                    ("plan_id", "=", plan.id),
                    ("employee_id", "in", team.ids),
                    ("metric_id", "=", metric.id),
                    ("period_id", "in", periods.ids),
                ],
                ["period_id"],
                ["target_amount:sum", "actual:sum", "completion:avg"],
            )
        }
        chart_rows = []
        for period in periods:
            target, actual, completion = groups.get(period, (0.0, 0.0, None))
            chart_rows.append(
                {
                    "label": period.name,
                    "target": target or 0.0,
                    "actual": actual or 0.0,
                    "completion": completion,
                    "earned": 0.0,
                    "paid": 0.0,
                    "current": period.date_start <= today <= period.date_end,
                }
            )
        return self._sp_render_chart(
            chart_rows, metric, plan.currency_id, commission=False
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

    def _sp_measure_if_new(self):
        """My Targets on the first visit: a plan approved before today's
        period was measured (or whose daily refresh has not run yet) is
        measured now, for the whole plan (issue 23)."""
        self.ensure_one()
        if self.member_id and self.period_id and not self.achievement_ids:
            self.plan_id.sudo()._sp_measure_today()
            self.invalidate_recordset()
        return self

    @api.model
    def action_open(self):
        dashboard = self.create({})._sp_measure_if_new()
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
