# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero

from ..tools import allocate
from .sales_performance_scorecard_indicator import CYCLES

RULE_TYPES = [
    ("flat", "Flat rate of the base, no target"),
    ("tiered", "Tiered by completion (R-C1, R-C2)"),
    ("manager", "Manager on team total (R-C3)"),
    ("pool", "Store pool by grade coefficient (R-C4)"),
    ("project", "Project commission (R-C5)"),
    ("price_ratio", "Price ratio (R-C6)"),
    ("above_list", "Above list price (R-C7)"),
    ("hard_target", "Hard-target formula (R-C8)"),
    ("single_deal", "Single-deal share (R-C9)"),
    ("threshold", "Cumulative threshold bonus (R-C12)"),
    ("year_end", "Year-end bonus by yearly sales (R-P2)"),
    ("perf_pay", "Performance pay by grade (R-P1)"),
    ("honour", "Honours on dimension grades (R-P3)"),
]


def pct(ratio, digits=4):
    """0.025 -> '2.5 %' (rates keep up to 4 decimals, ratios 1 or 2)."""
    return f"{ratio * 100:.{digits}f}".rstrip("0").rstrip(".") + " %"


def money(amount):
    return f"{amount:,.2f}"


def num(value):
    """1.2 -> '1.2', 2.0 -> '2'."""
    return f"{value:g}"


class SalesPerformanceCommissionRule(models.Model):
    """A commission rule of a plan (业绩提成).

    Each rule type computes its payouts in one small ``_compute_<type>``
    method taking the run context (see ``sales.performance.statement``) and
    returning payout dicts; another module adds a type with
    ``selection_add`` and one method. Every rate, band and factor is a field.
    """

    _name = "sales.performance.commission.rule"
    _description = "Commission Rule"
    _inherit = ["sales.performance.plan.lock.mixin"]
    _order = "plan_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    rule_type = fields.Selection(RULE_TYPES, required=True, default="tiered")
    payout_kind = fields.Selection(
        [
            ("commission", "Commission"),
            ("bonus", "Bonus"),
            ("pool_share", "Pool Share"),
            ("perf_pay", "Performance Pay"),
            ("honour", "Honour Bonus"),
        ],
        string="Pays As",
        required=True,
        compute="_compute_payout_kind",
        store=True,
        readonly=False,
        precompute=True,
        help="Kind of the statement lines this rule writes; each kind is a "
        "payslip input code in payroll. Follows the rule type (honours pay as "
        "honour bonus, performance pay as performance pay, pools as pool "
        "shares, thresholds and year-end as bonus) unless set by hand.",
    )
    role_ids = fields.Many2many(
        "sales.performance.role",
        string="Roles",
        help="Members with these roles get this rule; empty: every member.",
    )
    member_ids = fields.Many2many(
        "sales.performance.member",
        string="Only Members",
        domain="[('plan_id', '=', plan_id)]",
        help="Restrict the rule to these members, e.g. the staff of one store "
        "for its pool.",
    )
    metric_id = fields.Many2one(
        "sales.performance.metric",
        string="Base Metric",
        default=lambda self: self.env.ref(
            "sales_performance.metric_net_revenue", raise_if_not_found=False
        ),
        help="What the rule pays on (net revenue, margin...). Deal-based rules "
        "(project, price ratio, above list) always use invoices.",
    )
    band_ids = fields.One2many(
        "sales.performance.commission.band", "rule_id", string="Bands", copy=True
    )
    band_mode = fields.Selection(
        [("whole", "Rate on the whole amount"), ("marginal", "Marginal per band")],
        default="whole",
        help="Whole: the band reached sets the rate of the whole amount. "
        "Marginal: each band's rate applies to the part of the actual falling "
        "in that band (R-C1).",
    )
    # R-C2 grade gate below target
    gate_enabled = fields.Boolean(
        string="Grade Gate Below Target",
        help="Between the minimum completion and the first band, commission at "
        "the gate rate is paid in part, by appraisal grade (R-C2).",
    )
    gate_min_completion = fields.Float(
        string="Gate Minimum Completion", default=0.8, digits=(16, 4)
    )
    gate_own_rate = fields.Boolean(
        string="Own Gate Rate",
        compute="_compute_gate_own_rate",
        store=True,
        readonly=False,
        help="Pay the gated commission at the Gate Rate below, even 0; "
        "unticked: at the first band's rate (managers on the team total: the "
        "team rate).",
    )
    gate_rate = fields.Float(
        digits=(16, 6),
        help="Rate below target when Own Gate Rate is ticked (R-C2).",
    )
    # flat rate
    flat_rate = fields.Float(
        digits=(16, 6),
        help="Flat rate: commission = the base (net revenue, collected with "
        "the cash rule) x this rate, whatever the target.",
    )
    # R-C3 manager
    team_rate = fields.Float(digits=(16, 6), help="Rate on the team total (R-C3).")
    excess_rate = fields.Float(
        digits=(16, 6), help="Additional rate on the part above the team target."
    )
    # R-C4 pool
    pool_rate = fields.Float(
        digits=(16, 6), help="Pool B = the members' total base x this rate (R-C4)."
    )
    # R-C5 project
    min_contract = fields.Monetary(
        currency_field="currency_id",
        default=100000.0,
        help="Only contracts (invoices) of at least this untaxed amount (R-C5).",
    )
    pm_role_id = fields.Many2one(
        "sales.performance.role",
        string="Project Manager Role",
        default=lambda self: self.env.ref(
            "sales_performance.role_project_manager", raise_if_not_found=False
        ),
    )
    pm_rate = fields.Float(digits=(16, 6), default=0.01)
    project_pool_rate = fields.Float(
        digits=(16, 6),
        default=0.02,
        help="Rate of the contract shared by the other members, by the shares "
        "of the credit split (stages or the project manager's proposal).",
    )
    # R-C6 price ratio
    cost_factor = fields.Float(
        default=1.8, digits=(16, 4), help="Base price = this factor x cost (R-C6)."
    )
    over_base_rate = fields.Float(
        digits=(16, 6), default=0.055, help="Above 100 %: rate on the base price."
    )
    over_excess_rate = fields.Float(
        digits=(16, 6), default=0.10, help="Above 100 %: rate on net sales above it."
    )
    # R-C7 above list, R-C8 hard target, R-C9 single deal
    share_rate = fields.Float(
        digits=(16, 6),
        default=0.5,
        help="Above list price: share of the part above the list price (R-C7). "
        "Hard target: the rate of (actual / plan) x actual (R-C8). "
        "Single deal: the share of the deal (R-C9). "
        "Performance pay: the share of the monthly wage that is performance pay "
        "(R-P1, e.g. 0.3).",
    )
    above_list_basis = fields.Selection(
        [
            ("untaxed", "After tax (both without VAT)"),
            ("taxed", "Tax included (both with VAT)"),
        ],
        string="Above List Price Basis",
        default="untaxed",
        required=True,
        help="R-C7: the invoice line and the product's list price are compared "
        "on the same tax basis, from the line's and the product's taxes. After "
        "tax: the line's untaxed amount against the list price without VAT "
        "(VAT taken out of a tax-included list price). Tax included: both with "
        "VAT.",
    )
    # R-C12 threshold
    threshold_amount = fields.Monetary(currency_field="currency_id")
    threshold_window = fields.Selection(
        [("quarter", "Quarter"), ("year", "Year")], default="quarter"
    )
    bonus_rate = fields.Float(
        digits=(16, 6), help="Threshold bonus = this rate x the cumulative amount."
    )
    # R-P3 honours
    appraisal_cycle = fields.Selection(
        CYCLES,
        help="Honours: only appraisals of this cycle count, e.g. quarterly "
        "(R-P3); empty: the longest final appraisal ending in the period.",
    )
    note = fields.Text(translate=True)

    @api.constrains("band_ids", "rule_type")
    def _check_bands(self):
        for rule in self:
            bands = rule.band_ids.sorted("lower")
            if rule.rule_type in ("tiered", "price_ratio", "year_end") and not bands:
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s' needs at least one band.", rule=rule.name
                    )
                )
            for index, band in enumerate(bands):
                if band.rate < 0:
                    raise ValidationError(
                        self.env._(
                            "Rule '%(rule)s': band from %(lower)s has a negative rate.",
                            rule=rule.name,
                            lower=band.lower,
                        )
                    )
                if band.upper and float_compare(band.upper, band.lower, 6) <= 0:
                    raise ValidationError(
                        self.env._(
                            "Rule '%(rule)s': band from %(lower)s ends before it "
                            "starts.",
                            rule=rule.name,
                            lower=band.lower,
                        )
                    )
                following = bands[index + 1 : index + 2]
                if not following:
                    continue
                if not band.upper or float_compare(band.upper, following.lower, 6):
                    raise ValidationError(
                        self.env._(
                            "Rule '%(rule)s': bands overlap or leave a gap between "
                            "%(end)s and %(start)s: each band must start where the "
                            "previous one ends (half-open bands).",
                            rule=rule.name,
                            end=band.upper or self.env._("no limit"),
                            start=following.lower,
                        )
                    )

    @api.constrains(
        "flat_rate",
        "gate_min_completion",
        "gate_rate",
        "team_rate",
        "excess_rate",
        "pool_rate",
        "pm_rate",
        "project_pool_rate",
        "cost_factor",
        "over_base_rate",
        "over_excess_rate",
        "share_rate",
        "bonus_rate",
        "min_contract",
        "threshold_amount",
    )
    def _check_rates(self):
        names = (
            "flat_rate",
            "gate_min_completion",
            "gate_rate",
            "team_rate",
            "excess_rate",
            "pool_rate",
            "pm_rate",
            "project_pool_rate",
            "cost_factor",
            "over_base_rate",
            "over_excess_rate",
            "share_rate",
            "bonus_rate",
            "min_contract",
            "threshold_amount",
        )
        for rule in self:
            for name in names:
                if rule[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "Rule '%(rule)s': %(field)s cannot be negative.",
                            rule=rule.name,
                            field=rule._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )

    @api.depends("rule_type")
    def _compute_payout_kind(self):
        kinds = {
            "honour": "honour",
            "perf_pay": "perf_pay",
            "pool": "pool_share",
            "threshold": "bonus",
            "year_end": "bonus",
        }
        for rule in self:
            rule.payout_kind = kinds.get(rule.rule_type, "commission")

    @api.depends("gate_rate")
    def _compute_gate_own_rate(self):
        # a rate entered ticks the box; 0 stays a rate once ticked
        for rule in self:
            rule.gate_own_rate = rule.gate_own_rate or bool(rule.gate_rate)

    def _applies_to(self, member):
        self.ensure_one()
        return (not self.role_ids or member.role_id in self.role_ids) and (
            not self.member_ids or member in self.member_ids
        )

    def _band_for(self, value, closed_at=None):
        """The band containing ``value`` (half-open bands); with
        ``closed_at``, a band ending exactly there also contains it (R-C6:
        "up to 100 %" includes 100 %, also when the table's last band is
        [x, 1.0))."""
        self.ensure_one()
        bands = self.band_ids.sorted("lower")
        band = next((b for b in bands if b._contains(value)), None)
        if (
            band is None
            and closed_at is not None
            and not float_compare(value, closed_at, 6)
        ):
            band = next(
                (
                    b
                    for b in bands
                    if b.upper and not float_compare(b.upper, closed_at, 6)
                ),
                None,
            )
        return band

    # ------------------------------------------------------------------
    # One method per rule type. ``ctx`` is the run context
    # (sales.performance.statement._sp_context); each returns a list of
    # payouts: dicts with member, amount, base_amount, rate, explanation,
    # and optionally kind, move_ids, state.
    # ------------------------------------------------------------------
    def _compute_payouts(self, ctx, members):
        self.ensure_one()
        return getattr(self, f"_compute_{self.rule_type}")(ctx, members)

    def _payout(self, member, amount, explanation, **values):
        values["kind"] = values.get("kind") or self.payout_kind
        return dict(
            member=member,
            rule=self,
            amount=self.currency_id.round(amount),
            explanation=explanation,
            **values,
        )

    def _compute_flat(self, ctx, members):
        """A flat rate of the base, no target: commission = base x rate. A
        month whose net is negative (refunds of sales this plan has not
        commissioned) pays its negative share, so that over the months the
        plan pays the rate of the net; refunds of commissioned invoices are
        clawed back apart (R-C11)."""
        payouts = []
        for member in members:
            base = ctx.base(self.metric_id, member)
            amount = base * self.flat_rate
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "%(base)s × %(rate)s = %(amount)s (flat rate, no target).",
                        base=money(base),
                        rate=pct(self.flat_rate),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=base,
                    rate=self.flat_rate,
                    move_ids=ctx.base_moves(self.metric_id, member),
                )
            )
        return payouts

    def _compute_tiered(self, ctx, members):
        """R-C1 bands on the completion ratio, R-C2 grade gate below target.

        A manager (role marked manager) who sells nothing personally is
        measured on the team total against the team target (R-C2: "the gate
        applies to a manager paid on the team total (R-C3) with the team's
        completion")."""
        payouts = []
        bands = self.band_ids.sorted("lower")
        first = bands[:1]
        for member in members:
            base = ctx.base(self.metric_id, member)
            target = ctx.target(self.metric_id, member)
            moves = ctx.base_moves(self.metric_id, member)
            if member.role_id.is_manager and not moves and not base:
                team, team_total, team_target, team_moves = ctx.team_base(
                    self.metric_id, member
                )
                if team:
                    base, target, moves = team_total, team_target, team_moves
            if not target:
                payouts.append(
                    self._payout(
                        member,
                        0.0,
                        self.env._(
                            "No %(metric)s target for %(period)s: no tiered "
                            "commission.",
                            metric=self.metric_id.name,
                            period=ctx.period.name,
                        ),
                        base_amount=base,
                        state="info",
                    )
                )
                continue
            completion = base / target
            band = self._band_for(completion)
            if band:
                payout = self._tier_payout(member, base, target, completion, band)
                payouts.append(dict(payout, move_ids=moves))
                continue
            if (
                self.gate_enabled
                and first
                and completion < first.lower
                and float_compare(completion, self.gate_min_completion, 6) >= 0
            ):
                rate = self.gate_rate if self.gate_own_rate else first.rate
                payout = self._gate_payout(ctx, member, base, completion, rate)
                payouts.append(dict(payout, move_ids=moves))
                continue
            payouts.append(
                self._no_band_payout(ctx, member, base, target, completion, first)
            )
        return payouts

    def _no_band_payout(self, ctx, member, base, target, completion, first):
        """The completion reaches no band: say which limit it missed (the
        gate minimum, the first band, or none: a negative month)."""
        self.ensure_one()
        if first and completion >= first.lower:
            text = self.env._(
                "%(base)s / %(target)s = %(completion)s completion: in no band "
                "of the rule: no commission.",
                base=money(base),
                target=money(target),
                completion=pct(completion, 2),
            )
        elif self.gate_enabled:
            text = self.env._(
                "%(base)s / %(target)s = %(completion)s completion, below the "
                "gate minimum (%(minimum)s) under the first band (%(lower)s): no "
                "commission.",
                base=money(base),
                target=money(target),
                completion=pct(completion, 2),
                minimum=pct(self.gate_min_completion),
                lower=pct(first.lower) if first else "-",
            )
        else:
            text = self.env._(
                "%(base)s / %(target)s = %(completion)s completion, below the "
                "first band (%(lower)s): no commission.",
                base=money(base),
                target=money(target),
                completion=pct(completion, 2),
                lower=pct(first.lower) if first else "-",
            )
        return self._payout(member, 0.0, text, base_amount=base, state="info")

    def _tier_payout(self, member, base, target, completion, band):
        if self.band_mode == "marginal":
            amount, parts = 0.0, []
            for each in self.band_ids.sorted("lower"):
                start = target * each.lower
                end = min(base, target * each.upper) if each.upper else base
                if end <= start:
                    continue
                amount += (end - start) * each.rate
                parts.append(f"{money(end - start)} × {pct(each.rate)}")
            return self._payout(
                member,
                amount,
                self.env._(
                    "%(completion)s completion; marginal bands: %(parts)s = "
                    "%(amount)s.",
                    completion=pct(completion, 2),
                    parts=" + ".join(parts),
                    amount=money(self.currency_id.round(amount)),
                ),
                base_amount=base,
                rate=band.rate,
            )
        amount = base * band.rate
        return self._payout(
            member,
            amount,
            self.env._(
                "%(base)s × %(rate)s = %(amount)s (completion %(completion)s, band "
                "from "
                "%(lower)s).",
                base=money(base),
                rate=pct(band.rate),
                amount=money(self.currency_id.round(amount)),
                completion=pct(completion, 2),
                lower=pct(band.lower),
            ),
            base_amount=base,
            rate=band.rate,
        )

    def _gate_payout(self, ctx, member, base, completion, rate):
        """R-C2: below target but above the minimum, commission at the gate
        rate, paid by grade (managers have their own factors)."""
        due = self.currency_id.round(base * rate)
        grade = ctx.grades.get(member.employee_id.id)
        if not grade:
            return self._payout(
                member,
                0.0,
                self.env._(
                    "%(base)s × %(rate)s = %(due)s due at %(completion)s "
                    "completion; no "
                    "approved appraisal for %(period)s: pays nothing until it exists.",
                    base=money(base),
                    rate=pct(rate),
                    due=money(due),
                    completion=pct(completion, 2),
                    period=ctx.period.name,
                ),
                base_amount=base,
                rate=rate,
                state="waiting_grade",
            )
        manager = member.role_id.is_manager
        factor = grade.payout_factor_manager if manager else grade.payout_factor
        return self._payout(
            member,
            due * factor,
            self.env._(
                "%(base)s × %(rate)s = %(due)s due at %(completion)s completion; grade "
                "%(grade)s pays %(factor)s → %(amount)s.",
                base=money(base),
                rate=pct(rate),
                due=money(due),
                completion=pct(completion, 2),
                grade=grade.code,
                factor=pct(factor),
                amount=money(self.currency_id.round(due * factor)),
            ),
            base_amount=base,
            rate=rate,
            grade_id=grade.id,
        )

    def _compute_manager(self, ctx, members):
        """R-C3: team total x team rate + the part above the team target x
        the excess rate. The team is the plan's members under the manager.

        With the grade gate (R-C2), below the team target the manager is paid
        the team total x the gate rate (empty: the team rate) x the manager
        payout factor of their grade, from the gate minimum up; nothing below
        it."""
        payouts = []
        for member in members:
            team, total, target, moves = ctx.team_base(self.metric_id, member)
            completion = total / target if target else 0.0
            if self.gate_enabled and target and float_compare(completion, 1.0, 6) < 0:
                if float_compare(completion, self.gate_min_completion, 6) >= 0:
                    rate = self.gate_rate if self.gate_own_rate else self.team_rate
                    payout = self._gate_payout(ctx, member, total, completion, rate)
                else:
                    payout = self._payout(
                        member,
                        0.0,
                        self.env._(
                            "Team of %(count)s: %(total)s / %(target)s = "
                            "%(completion)s completion, below the gate minimum "
                            "(%(minimum)s): no commission.",
                            count=len(team),
                            total=money(total),
                            target=money(target),
                            completion=pct(completion, 2),
                            minimum=pct(self.gate_min_completion),
                        ),
                        base_amount=total,
                        state="info",
                    )
                payouts.append(dict(payout, move_ids=moves))
                continue
            excess = max(0.0, total - target) if target else 0.0
            amount = total * self.team_rate + excess * self.excess_rate
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "Team of %(count)s: %(total)s × %(rate)s + (%(total)s − "
                        "%(target)s "
                        "target) above target %(excess)s × %(excess_rate)s = "
                        "%(amount)s.",
                        count=len(team),
                        total=money(total),
                        rate=pct(self.team_rate),
                        target=money(target),
                        excess=money(excess),
                        excess_rate=pct(self.excess_rate),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=total,
                    rate=self.team_rate,
                    move_ids=moves,
                )
            )
        return payouts

    def _compute_pool(self, ctx, members):
        """R-C4: B = total x pool rate; TF = sum of the grade coefficients F;
        R = B / TF; each person gets R x F, rounded so that the whole pool is
        paid (the remainder goes to the largest F, the first on ties).
        Members without an approved appraisal wait outside the pool."""
        total = sum(ctx.base(self.metric_id, m) for m in members)
        pool = self.currency_id.round(total * self.pool_rate)
        moves = sorted(
            {move for m in members for move in ctx.base_moves(self.metric_id, m)}
        )
        graded = [m for m in members if ctx.grades.get(m.employee_id.id)]
        coefficients = [ctx.grades[m.employee_id.id].pool_coefficient for m in graded]
        payouts = []
        shares = [0.0] * len(graded)
        tf = sum(coefficients)
        if graded and tf > 0:
            shares = allocate(pool, coefficients, self.currency_id.rounding)[0]
        for member, coefficient, share in zip(
            graded, coefficients, shares, strict=True
        ):
            grade = ctx.grades[member.employee_id.id]
            payouts.append(
                self._payout(
                    member,
                    share,
                    self.env._(
                        "Pool %(total)s × %(rate)s = %(pool)s; TF = %(tf)s; R = "
                        "%(pool)s / "
                        "%(tf)s; grade %(grade)s F = %(f)s → %(amount)s.",
                        total=money(total),
                        rate=pct(self.pool_rate),
                        pool=money(pool),
                        tf=num(tf),
                        grade=grade.code,
                        f=num(coefficient),
                        amount=money(share),
                    ),
                    base_amount=pool,
                    rate=coefficient / tf if tf else 0.0,
                    grade_id=grade.id,
                    move_ids=moves,
                )
            )
        for member in members:
            if member in graded:
                continue
            payouts.append(
                self._payout(
                    member,
                    0.0,
                    self.env._(
                        "Pool %(pool)s: no approved appraisal for %(period)s, so no "
                        "grade "
                        "coefficient: pays nothing until it exists.",
                        pool=money(pool),
                        period=ctx.period.name,
                    ),
                    base_amount=pool,
                    state="waiting_grade",
                )
            )
        return payouts

    def _is_project_manager(self, ctx, employee_id, split_role_id):
        """R-C5: the project manager of a deal is the contributor whose split
        line or plan role is the rule's Project Manager Role."""
        self.ensure_one()
        if not self.pm_role_id:
            return False
        return (
            split_role_id == self.pm_role_id.id
            or ctx.plan_role(employee_id) == self.pm_role_id
        )

    def _compute_project(self, ctx, members):
        """R-C5: contracts of at least the minimum; the project manager gets
        the PM rate of the contract, the others share the project pool by the
        shares of the credit split (stages). The pool is always fully paid:
        the shares are relative to the other members' total and the rounding
        remainder is placed explicitly (largest share, first on ties)."""
        payouts = []
        pools = {}
        for member in members:
            for deal in ctx.deals(member):
                contract = deal["contract"]
                if float_compare(abs(contract), self.min_contract, 2) < 0:
                    continue
                if self._is_project_manager(
                    ctx, member.employee_id.id, deal["role"].id
                ):
                    amount = contract * self.pm_rate
                    text = self.env._(
                        "%(move)s: contract %(contract)s × project manager %(rate)s = "
                        "%(amount)s.",
                        move=deal["name"],
                        contract=money(contract),
                        rate=pct(self.pm_rate),
                        amount=money(self.currency_id.round(amount)),
                    )
                    rate = self.pm_rate
                else:
                    if deal["move_id"] not in pools:
                        team = [
                            (employee_id, share)
                            for employee_id, role_id, share in deal["contributors"]
                            if not self._is_project_manager(ctx, employee_id, role_id)
                        ]
                        pool = self.currency_id.round(contract * self.project_pool_rate)
                        parts = (
                            allocate(
                                pool,
                                [share for __, share in team],
                                self.currency_id.rounding,
                            )[0]
                            if team and sum(share for __, share in team) > 0
                            else [0.0] * len(team)
                        )
                        by_employee = defaultdict(float)
                        for (employee_id, __), part in zip(team, parts, strict=True):
                            by_employee[employee_id] += part
                        pools[deal["move_id"]] = (
                            pool,
                            sum(share for __, share in team),
                            by_employee,
                        )
                    pool, team_share, parts = pools[deal["move_id"]]
                    share = deal["share"] / team_share if team_share else 0.0
                    amount = parts.get(member.employee_id.id, pool * share)
                    text = self.env._(
                        "%(move)s: contract %(contract)s × pool %(rate)s = %(pool)s; "
                        "share %(share)s → %(amount)s.",
                        move=deal["name"],
                        contract=money(contract),
                        rate=pct(self.project_pool_rate),
                        pool=money(pool),
                        share=pct(share),
                        amount=money(self.currency_id.round(amount)),
                    )
                    rate = self.project_pool_rate
                payouts.append(
                    self._payout(
                        member,
                        amount,
                        text,
                        base_amount=contract,
                        rate=rate,
                        move_ids=[deal["move_id"]],
                        kind=deal["kind"],
                    )
                )
        return payouts

    def _compute_price_ratio(self, ctx, members):
        """R-C6: base price = factor x cost; net = contract - expenses;
        ratio = net / base; up to 100 %: net x the ratio's rate; above:
        base x over-base rate + (net - base) x over-excess rate."""
        payouts = []
        for member in members:
            for deal in ctx.deals(member):
                share = deal["share"] / 100.0
                if float_is_zero(deal["cost"], precision_digits=2):
                    payouts.append(
                        self._payout(
                            member,
                            0.0,
                            self.env._(
                                "%(move)s: no product cost, so no base price: enter "
                                "the cost "
                                "of its products; pays nothing until then.",
                                move=deal["name"],
                            ),
                            move_ids=[deal["move_id"]],
                            state="info",
                        )
                    )
                    continue
                base_price = self.cost_factor * deal["cost"]
                net = deal["contract"] - deal["expenses"]
                ratio = net / base_price
                if float_compare(ratio, 1.0, 6) <= 0:
                    band = self._band_for(ratio, closed_at=1.0)
                    rate = band.rate if band else 0.0
                    total = net * rate
                    text = self.env._(
                        "%(move)s: base %(factor)s × cost %(cost)s = %(base)s; net "
                        "%(net)s; ratio %(ratio)s → %(net)s × %(rate)s = %(total)s; "
                        "share %(share)s → %(amount)s.",
                        move=deal["name"],
                        factor=num(self.cost_factor),
                        cost=money(deal["cost"]),
                        base=money(base_price),
                        net=money(net),
                        ratio=pct(ratio, 2),
                        rate=pct(rate),
                        total=money(total),
                        share=pct(share),
                        amount=money(self.currency_id.round(total * share)),
                    )
                else:
                    rate = self.over_base_rate
                    total = base_price * self.over_base_rate + (net - base_price) * (
                        self.over_excess_rate
                    )
                    text = self.env._(
                        "%(move)s: base %(factor)s × cost %(cost)s = %(base)s; net "
                        "%(net)s; ratio %(ratio)s above 100 %% → %(base)s × %(rate)s + "
                        "%(excess)s × %(excess_rate)s = %(total)s; share %(share)s → "
                        "%(amount)s.",
                        move=deal["name"],
                        factor=num(self.cost_factor),
                        cost=money(deal["cost"]),
                        base=money(base_price),
                        net=money(net),
                        ratio=pct(ratio, 2),
                        rate=pct(self.over_base_rate),
                        excess=money(net - base_price),
                        excess_rate=pct(self.over_excess_rate),
                        total=money(total),
                        share=pct(share),
                        amount=money(self.currency_id.round(total * share)),
                    )
                payouts.append(
                    self._payout(
                        member,
                        total * share,
                        text,
                        base_amount=net,
                        rate=rate,
                        move_ids=[deal["move_id"]],
                        kind=deal["kind"],
                    )
                )
        return payouts

    def _compute_above_list(self, ctx, members):
        """R-C7: the part above the list price, both sides on the rule's tax
        basis (after tax: untaxed; or tax included), shared at the share
        rate; not paid on deals the company negotiated."""
        payouts = []
        taxed = self.above_list_basis == "taxed"
        basis = (
            self.env._("tax included: invoice lines and list prices with VAT")
            if taxed
            else self.env._(
                "after tax: invoice lines and list prices without VAT, the VAT "
                "taken out of tax-included list prices"
            )
        )
        for member in members:
            for deal in ctx.deals(member):
                above = deal["above_list_taxed"] if taxed else deal["above_list"]
                if float_is_zero(above, precision_digits=2):
                    continue
                if deal["company_negotiated"]:
                    payouts.append(
                        self._payout(
                            member,
                            0.0,
                            self.env._(
                                "%(move)s: %(above)s above list price, but the company "
                                "negotiated the deal: not paid.",
                                move=deal["name"],
                                above=money(above),
                            ),
                            move_ids=[deal["move_id"]],
                            state="info",
                        )
                    )
                    continue
                amount = above * self.share_rate
                payouts.append(
                    self._payout(
                        member,
                        amount,
                        self.env._(
                            "%(move)s: %(above)s above list price (%(basis)s) × "
                            "%(rate)s = %(amount)s.",
                            move=deal["name"],
                            above=money(above),
                            basis=basis,
                            rate=pct(self.share_rate),
                            amount=money(self.currency_id.round(amount)),
                        ),
                        base_amount=above,
                        rate=self.share_rate,
                        move_ids=[deal["move_id"]],
                        kind=deal["kind"],
                    )
                )
        return payouts

    def _compute_hard_target(self, ctx, members):
        """R-C8: B = (actual / plan) x actual x rate."""
        payouts = []
        for member in members:
            actual = ctx.base(self.metric_id, member)
            target = ctx.target(self.metric_id, member)
            if not target:
                continue
            if actual <= 0:
                # a zero or negative month: (actual / plan) x actual would turn
                # a negative net positive; refunds of commissioned invoices are
                # clawed back apart (R-C11)
                payouts.append(
                    self._payout(
                        member,
                        0.0,
                        self.env._(
                            "Net %(actual)s for %(period)s: no hard-target pay.",
                            actual=money(actual),
                            period=ctx.period.name,
                        ),
                        base_amount=actual,
                        state="info",
                    )
                )
                continue
            amount = actual / target * actual * self.share_rate
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "(%(actual)s / %(target)s) × %(actual)s × %(rate)s = "
                        "%(amount)s.",
                        actual=money(actual),
                        target=money(target),
                        rate=pct(self.share_rate),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=actual,
                    rate=self.share_rate,
                    move_ids=ctx.base_moves(self.metric_id, member),
                )
            )
        return payouts

    def _compute_single_deal(self, ctx, members):
        """R-C9: a flat share of the deals credited to the member."""
        payouts = []
        for member in members:
            for deal in ctx.deals(member):
                amount = deal["revenue"] * self.share_rate
                payouts.append(
                    self._payout(
                        member,
                        amount,
                        self.env._(
                            "%(move)s: %(revenue)s credited × %(rate)s = %(amount)s.",
                            move=deal["name"],
                            revenue=money(deal["revenue"]),
                            rate=pct(self.share_rate),
                            amount=money(self.currency_id.round(amount)),
                        ),
                        base_amount=deal["revenue"],
                        rate=self.share_rate,
                        move_ids=[deal["move_id"]],
                        kind=deal["kind"],
                    )
                )
        return payouts

    def _compute_threshold(self, ctx, members):
        """R-C12: at the end of the quarter (or year), the bonus unlocks when
        the cumulative amount reaches the threshold."""
        window = ctx.window_of(self.threshold_window)
        if ctx.period.date_end != window[1]:
            return []
        payouts = []
        for member in members:
            cumulative = ctx.cumulative(self.metric_id, member, window)
            if float_compare(cumulative, self.threshold_amount, 2) < 0:
                payouts.append(
                    self._payout(
                        member,
                        0.0,
                        self.env._(
                            "%(start)s to %(end)s: %(cumulative)s below the "
                            "%(threshold)s "
                            "threshold: no bonus.",
                            start=window[0],
                            end=window[1],
                            cumulative=money(cumulative),
                            threshold=money(self.threshold_amount),
                        ),
                        base_amount=cumulative,
                        state="info",
                    )
                )
                continue
            amount = cumulative * self.bonus_rate
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "%(start)s to %(end)s: %(cumulative)s reaches the "
                        "%(threshold)s "
                        "threshold: %(cumulative)s × %(rate)s = %(amount)s.",
                        start=window[0],
                        end=window[1],
                        cumulative=money(cumulative),
                        threshold=money(self.threshold_amount),
                        rate=pct(self.bonus_rate),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=cumulative,
                    rate=self.bonus_rate,
                    move_ids=ctx.base_moves(self.metric_id, member, window),
                )
            )
        return payouts

    def _compute_year_end(self, ctx, members):
        """R-P2: in the plan's last period, the year's sales x the rate of
        the band they fall in (e.g. >= 400,000 -> 1 %, below -> 0.5 %)."""
        window = ctx.window_of("year")
        if ctx.period.date_end != window[1]:
            return []
        payouts = []
        for member in members:
            yearly = ctx.cumulative(self.metric_id, member, window)
            band = self._band_for(yearly)
            rate = band.rate if band else 0.0
            amount = yearly * rate
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "Year %(year)s: %(yearly)s × %(rate)s = %(amount)s.",
                        year=window[0].year,
                        yearly=money(yearly),
                        rate=pct(rate),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=yearly,
                    rate=rate,
                    move_ids=ctx.base_moves(self.metric_id, member, window),
                )
            )
        return payouts

    def _compute_perf_pay(self, ctx, members):
        """R-P1: wage x performance share x the grade's coefficient."""
        payouts = []
        for member in members:
            wage = ctx.wage(member)
            grade = ctx.grades.get(member.employee_id.id)
            base = wage * self.share_rate
            if not grade:
                payouts.append(
                    self._payout(
                        member,
                        0.0,
                        self.env._(
                            "Wage %(wage)s × %(share)s = %(base)s of performance "
                            "pay; no "
                            "approved appraisal for %(period)s: pays nothing until "
                            "it exists.",
                            wage=money(wage),
                            share=pct(self.share_rate),
                            base=money(base),
                            period=ctx.period.name,
                        ),
                        base_amount=base,
                        state="waiting_grade",
                    )
                )
                continue
            amount = base * grade.perf_pay_coefficient
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "Wage %(wage)s × %(share)s = %(base)s; grade %(grade)s × "
                        "%(coefficient)s "
                        "→ %(amount)s.",
                        wage=money(wage),
                        share=pct(self.share_rate),
                        base=money(base),
                        grade=grade.code,
                        coefficient=num(grade.perf_pay_coefficient),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=base,
                    rate=grade.perf_pay_coefficient,
                    grade_id=grade.id,
                )
            )
        return payouts

    def _compute_honour(self, ctx, members):
        """R-P3: when an appraisal's period ends in this period, the first
        honour whose conditions its dimension grades meet pays its bonus in
        months of wage, and is recorded on the employee."""
        honours = self.env["sales.performance.honour"].search([])
        payouts = []
        for member in members:
            # the plan's own appraisal only: an employee in two plans is not
            # honoured twice on one appraisal
            appraisal = ctx.appraisal_ending(member, self.appraisal_cycle)
            if not appraisal:
                continue
            grades = appraisal._sp_dimension_results()
            honour = next((h for h in honours if h._met_by(grades)), None)
            if not honour:
                continue
            awarded = (
                self.env["sales.performance.honour.award"]
                .sudo()
                .search(
                    [
                        ("employee_id", "=", member.employee_id.id),
                        ("honour_id", "=", honour.id),
                        ("period_id", "=", appraisal.period_id.id),
                        ("line_id.statement_id.plan_id", "!=", self.plan_id.id),
                    ],
                    limit=1,
                )
            )
            if awarded:
                payouts.append(
                    self._payout(
                        member,
                        0.0,
                        self.env._(
                            "%(honour)s for %(period)s is already awarded in "
                            "plan %(plan)s: not paid twice.",
                            honour=honour.name,
                            period=appraisal.period_id.name,
                            plan=awarded.line_id.statement_id.plan_id.name,
                        ),
                        state="info",
                    )
                )
                continue
            wage = ctx.wage(member)
            amount = wage * honour.bonus_months
            summary = ", ".join(f"{d.name} {g.code}" for d, g in grades.items())
            payouts.append(
                self._payout(
                    member,
                    amount,
                    self.env._(
                        "%(honour)s for %(period)s (%(grades)s): %(months)s months "
                        "× wage "
                        "%(wage)s = %(amount)s.",
                        honour=honour.name,
                        period=appraisal.period_id.name,
                        grades=summary,
                        months=num(honour.bonus_months),
                        wage=money(wage),
                        amount=money(self.currency_id.round(amount)),
                    ),
                    base_amount=wage,
                    rate=honour.bonus_months,
                    honour_id=honour.id,
                    appraisal_id=appraisal.id,
                    name=honour.name,
                )
            )
        return payouts
