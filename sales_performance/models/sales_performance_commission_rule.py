# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from ..tools import allocate, explain
from ..tools.states import FROZEN_STATES
from .sales_performance_scorecard_indicator import CYCLES

RULE_TYPES = [
    ("flat", "Flat rate of the base, no target"),
    ("tiered", "Tiered by completion"),
    ("manager", "Manager on team total"),
    ("pool", "Store pool by grade coefficient"),
    ("project", "Project commission"),
    ("price_ratio", "Price ratio"),
    ("above_list", "Above list price"),
    ("hard_target", "Hard-target formula"),
    ("single_deal", "Single-deal share"),
    ("threshold", "Cumulative threshold bonus"),
    ("year_end", "Year-end bonus by yearly sales"),
    ("perf_pay", "Performance pay by grade"),
    ("honour", "Honours on dimension grades"),
]


# Rule types paying per invoice (``ctx.deals``), sharing one amount between
# members, and paying on grades or wages rather than on a measured base:
# see the rule-type hooks (``_sp_pays_per_deal``...).
DEAL_TYPES = ("project", "price_ratio", "above_list", "single_deal")
COLLECTIVE_TYPES = ("pool",)
UNMEASURED_TYPES = ("perf_pay", "honour")


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
    # The rulebook's tags are in the help, not in the labels people pick from.
    rule_type = fields.Selection(
        RULE_TYPES,
        required=True,
        default="tiered",
        help="Tiered by completion: R-C1, with the grade gate R-C2. Manager on "
        "team total: R-C3. Store pool: R-C4. Project commission: R-C5. Price "
        "ratio: R-C6. Above list price: R-C7. Hard-target formula: R-C8. "
        "Single-deal share: R-C9. Cumulative threshold bonus: R-C12. Year-end "
        "bonus: R-P2. Performance pay: R-P1. Honours: R-P3.",
    )
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
        help="Pay the gated commission at the Gate Rate below, even 0 %; "
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
        "(R-P1, e.g. 30 %).",
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
    # Plan versions (issue 19): each row is in force from ``date_from`` to
    # ``date_to`` (empty: from the plan's start, without end). A change of a
    # rule that paid approved statements is a new row of the same lineage,
    # made in a draft version and in force from the period the version
    # chooses: earlier periods keep the row they were paid with.
    version_id = fields.Many2one(
        "sales.performance.plan.version",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    version_state = fields.Selection(
        related="version_id.state", store=True, string="Version State"
    )
    date_from = fields.Date(
        string="In Force From",
        readonly=True,
        copy=False,
        help="First day the rule is in force; empty: from the plan's start.",
    )
    date_to = fields.Date(
        string="In Force Until",
        readonly=True,
        copy=False,
        help="Last day the rule is in force; empty: until the plan's end. Set "
        "when a later version of the plan replaces or removes the rule.",
    )
    lineage_id = fields.Many2one(
        "sales.performance.commission.rule",
        string="Original Rule",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        help="The first version of this rule: every version of a rule shares it, "
        "so that what one version paid is corrected or clawed back by the rows "
        "of later versions.",
    )
    previous_rule_id = fields.Many2one(
        "sales.performance.commission.rule",
        string="Replaces",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    # What a rule pays with: every stored field but these (a type added by
    # another module brings its parameters in automatically).
    _sp_terms_ignored = frozenset(
        {
            "id",
            "name",
            "note",
            "sequence",
            "plan_id",
            "company_id",
            "version_id",
            "version_state",
            "date_from",
            "date_to",
            "lineage_id",
            "previous_rule_id",
            "create_uid",
            "create_date",
            "write_uid",
            "write_date",
            "display_name",
            "band_ids",
            "gate_own_rate",
        }
    )
    # Fields that change no money: written on a rule that paid statements.
    _sp_history_free_fields = frozenset({"name", "note", "sequence"})

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
                            "Rule '%(rule)s': band from %(lower)s ends before it starts.",  # noqa: E501
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
                            "Rule '%(rule)s': bands overlap or leave a gap between %(end)s and %(start)s: each band must start where the previous one ends (half-open bands).",  # noqa: E501
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

    # ------------------------------------------------------------------
    # Versions (issue 19)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        # a new rule is its own lineage; a version's copy keeps its original's
        roots = rules.filtered(lambda r: not r.lineage_id)
        if roots:
            self.env.cr.execute(
                SQL(
                    "UPDATE sales_performance_commission_rule SET lineage_id = id "
                    "WHERE id IN %s",
                    tuple(roots.ids),
                )
            )
            roots.invalidate_recordset(["lineage_id"])
        return rules

    def _sp_lineage(self):
        """The rule's identity across versions (its first row)."""
        self.ensure_one()
        return self.lineage_id or self

    def _sp_is_draft_copy(self):
        """Rows of a draft version: not in force, edited freely."""
        return self.filtered(lambda r: r.version_id.state == "draft")

    def _sp_in_force(self, day):
        self.ensure_one()
        return (not self.date_from or self.date_from <= day) and (
            not self.date_to or self.date_to >= day
        )

    def _sp_terms(self):
        """What the rule pays with, comparable between versions: its
        parameters and its bands."""
        self.ensure_one()
        terms = {}
        for name, field in self._fields.items():
            if not field.store or name in self._sp_terms_ignored:
                continue
            value = self[name]
            if field.type in ("many2one", "many2many", "one2many"):
                value = sorted(value.ids)
            elif field.type == "float":
                value = round(value or 0.0, 6)
            elif field.type == "monetary":
                value = round(value or 0.0, 2)
            terms[name] = value
        terms["band_ids"] = sorted(
            (round(b.lower, 6), round(b.upper or 0.0, 6), round(b.rate, 6))
            for b in self.band_ids
        )
        return terms

    def _sp_term_changes(self, other):
        """``[(label, before, after)]`` of the terms this rule changes against
        ``other`` (the rule it replaces)."""
        self.ensure_one()
        mine, theirs = self._sp_terms(), other._sp_terms()
        changes = []
        for name in sorted(mine, key=lambda n: list(self._fields).index(n)):
            if mine[name] == theirs.get(name):
                continue
            if name == "band_ids":
                changes += self._sp_band_changes(other)
                continue
            field = self._fields[name]
            changes.append(
                (
                    field.get_description(self.env)["string"],
                    other._sp_term_text(name),
                    self._sp_term_text(name),
                )
            )
        return changes

    def _sp_term_text(self, name):
        field = self._fields[name]
        value = self[name]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type in ("many2one", "many2many"):
            return ", ".join(value.mapped("display_name")) or "-"
        if field.type == "boolean":
            return self.env._("yes") if value else self.env._("no")
        if field.type == "float" and name.endswith(("_rate", "_completion")):
            return explain.pct(value)
        if field.type in ("float", "monetary"):
            return explain.num(value)
        return str(value or "-")

    def _sp_band_changes(self, other):
        """Band by band when only rates change, else the whole table."""
        mine = {(b.lower, b.upper): b for b in self.band_ids}
        theirs = {(b.lower, b.upper): b for b in other.band_ids}
        if set(mine) != set(theirs):
            label = self._fields["band_ids"].get_description(self.env)["string"]
            return [(label, other._sp_bands_text(), self._sp_bands_text())]
        return [
            (
                self.env._("Band %(band)s", band=band._sp_text()),
                explain.pct(theirs[key].rate),
                explain.pct(band.rate),
            )
            for key, band in sorted(mine.items())
            if float_compare(band.rate, theirs[key].rate, 6)
        ]

    def _sp_bands_text(self):
        return "; ".join(
            self.env._(
                "%(band)s: %(rate)s", band=band._sp_text(), rate=explain.pct(band.rate)
            )
            for band in self.band_ids.sorted("lower")
        )

    def _sp_paid_periods(self):
        """The periods whose approved (or posted, paid) statements this row
        was in force for: changing it would change what they were paid."""
        self.ensure_one()
        if self.version_id.state == "draft" or not self.plan_id:
            return self.env["date.range"]
        domain = [
            ("plan_id", "=", self.plan_id.id),
            ("state", "in", FROZEN_STATES),
        ]
        if self.date_from:
            domain.append(("period_start", ">=", self.date_from))
        if self.date_to:
            domain.append(("period_start", "<=", self.date_to))
        return (
            self.env["sales.performance.statement"]
            .sudo()
            .search(domain)
            .period_id.sorted("date_start")
        )

    def _sp_check_history(self, names=None):
        """Closed is closed for rules (issue 19): a rule that paid approved
        statements does not change, for anyone; its change is a new version
        in force from a chosen period (Change Rules)."""
        if self.env.context.get("sp_version_apply") and self.env.su:
            return
        if names is not None and not set(names) - self._sp_history_free_fields:
            return
        for rule in self:
            periods = rule._sp_paid_periods()
            if periods:
                raise UserError(
                    self.env._(
                        "Rule '%(rule)s' paid the approved statements of %(periods)s: "
                        "changing it would change what they were paid. Use Change "
                        "Rules on plan '%(plan)s': the change takes effect from the "
                        "period you choose, earlier periods keep this rule.",
                        rule=rule.name,
                        periods=", ".join(periods.mapped("name")),
                        plan=rule.plan_id.name,
                    )
                )

    def _sp_check_unlocked(self):
        # a draft version's rows are not in force: edited on an approved
        # plan; approving a version ends the rows it replaces (sudo, below)
        if self.env.su and self.env.context.get("sp_version_apply"):
            return
        rules = self - self._sp_is_draft_copy()
        rules.mapped(self._sp_plan_path)._sp_check_editable()

    @api.model
    def _sp_plans_of_vals(self, vals_list):
        Version = self.env["sales.performance.plan.version"]
        drafts = {
            vals["version_id"]
            for vals in vals_list
            if vals.get("version_id")
            and Version.browse(vals["version_id"]).state == "draft"
        }
        return super()._sp_plans_of_vals(
            [vals for vals in vals_list if vals.get("version_id") not in drafts]
        )

    def write(self, vals):
        if {"date_from", "date_to", "version_id", "lineage_id"} & set(vals) and not (
            self.env.su and self.env.context.get("sp_version_apply")
        ):
            raise UserError(
                self.env._(
                    "When a rule is in force is set by the plan's versions: use "
                    "Change Rules on the plan."
                )
            )
        self._sp_check_history(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paid(self):
        self._sp_check_history()

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
    # Rule-type hooks: what the engine needs to know of a type. Each looks
    # the type up; a type added with ``selection_add`` gets the defaults of
    # a rule paying on a metric's base (its refunds of commissioned invoices
    # are split out as clawback lines, R-C11) unless it overrides them.
    # ------------------------------------------------------------------
    def _sp_is_collective(self):
        """One amount shared by all the members the rule applies to (a pool,
        R-C4): computed over all of them, whichever a run computes, so that
        a run split in chunks gives the same lines."""
        self.ensure_one()
        return self.rule_type in COLLECTIVE_TYPES

    def _sp_pays_per_deal(self):
        """Pays per invoice (``ctx.deals``): a refund of a commissioned
        invoice is its own clawback line, capped at what was paid on the
        invoice (R-C11)."""
        self.ensure_one()
        return self.rule_type in DEAL_TYPES

    def _sp_clawback_metric(self):
        """What a refund takes back of this rule's payouts is measured in
        (R-C11): the rule's metric, net revenue for the rules paying per
        deal; nothing for the rules on grades or wages (a refund takes none
        of them back)."""
        self.ensure_one()
        if self.rule_type in UNMEASURED_TYPES:
            return self.env["sales.performance.metric"]
        if self._sp_pays_per_deal():
            return self.env["sales.performance.metric"].search(
                [("kind", "=", "net_revenue")], limit=1
            )
        return self.metric_id

    def _sp_payout_window(self, ctx):
        """The window a payout of the period is measured over: the period,
        or the quarter or year of a cumulative rule (R-C12, R-P2)."""
        self.ensure_one()
        if self.rule_type == "threshold":
            return ctx.window_of(self.threshold_window)
        if self.rule_type == "year_end":
            return ctx.window_of("year")
        return None

    def _sp_fact_window_start(self, period):
        """The first day a computation of ``period`` reads for this rule
        when it reads before the period (R-C12 thresholds, R-P2 year-end):
        the facts of its window make the period's fingerprint (issue 19)."""
        self.ensure_one()
        start = period.date_start
        if self.rule_type == "threshold" and self.threshold_window == "quarter":
            return start.replace(month=((start.month - 1) // 3) * 3 + 1, day=1)
        if self.rule_type in ("threshold", "year_end"):
            return start.replace(month=1, day=1)
        return None

    def _sp_measures_team(self, ctx, member):
        """Whether ``member``'s base for this rule is their team's (R-C3: a
        manager on the team total; R-C2: a manager who sells nothing
        personally, on a tiered rule)."""
        self.ensure_one()
        if self.rule_type == "manager":
            return True
        return bool(
            self.rule_type == "tiered"
            and member.role_id.is_manager
            and not ctx.base_moves(self.metric_id, member)
            and not ctx.base(self.metric_id, member)
            and ctx.team(member)
        )

    # ------------------------------------------------------------------
    # Payouts of a rule and what they are paid on (R-W1, R-C11)
    # ------------------------------------------------------------------
    def _sp_payouts(self, ctx, members):
        """The payouts of this rule for those of ``members`` it applies to,
        in the period of ``ctx``, each with its ``sources``: the documents
        its amount is paid on, with their value in the rule's measure (what
        a later refund takes back, R-C11). Late reductions are not in the
        bases: the ledger of what was paid takes them back."""
        self.ensure_one()
        applicable = members.filtered(self._applies_to)
        if not applicable:
            return []
        if self._sp_is_collective():
            everyone = ctx.all_members.filtered(self._applies_to) | applicable
            payouts = [
                p
                for p in self._compute_payouts(ctx, everyone)
                if p["member"] in applicable
            ]
        else:
            everyone = applicable
            payouts = self._compute_payouts(ctx, applicable)
        metric = self._sp_clawback_metric()
        for payout in payouts:
            if metric and "sources" not in payout and payout.get("state") != "info":
                payout["sources"] = self._sp_payout_sources(ctx, payout, everyone)
        return payouts

    def _measured(self, ctx, member):
        """The members whose sales make ``member``'s base for this rule: the
        team (see :meth:`_sp_measures_team`), else the member."""
        if self._sp_measures_team(ctx, member):
            return ctx.team(member)
        return member

    def _sp_payout_sources(self, ctx, payout, everyone):
        """``[(move_id, employee_id, value)]``: the documents ``payout`` is
        paid on and their value in the rule's measure, for the people whose
        sales make its base: the member (or the team they are paid on), the
        whole pool of a collective rule, the deal of a rule paying per deal."""
        member = payout["member"]
        metric = self._sp_clawback_metric()
        if self._sp_pays_per_deal():
            moves = set(payout.get("move_ids") or [])
            return [
                (deal["move_id"], member.employee_id.id, deal["revenue"])
                for deal in ctx.deals(member)
                if deal["move_id"] in moves
            ]
        people = everyone if self._sp_is_collective() else self._measured(ctx, member)
        window = self._sp_payout_window(ctx)
        return [
            (move_id, person.employee_id.id, value)
            for person in people
            for move_id, value in ctx.move_values(metric, person, window).items()
        ]

    # ------------------------------------------------------------------
    # One method per rule type. ``ctx`` is the run context
    # (tools/commission_context.py, a cache); each returns a list of
    # payouts: dicts with member, amount, base_amount, rate, explanation,
    # and optionally kind, move_ids, state. Explanations are built by
    # tools/explain.py.
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

    def _info_payout(self, member, explanation, **values):
        """Pays nothing, says why."""
        return self._payout(member, 0.0, explanation, state="info", **values)

    def _waiting_grade_payout(self, member, explanation, base_amount, **values):
        """No grade yet (no final appraisal of the period): pays nothing
        until it exists (R-C2, R-C4, R-P1)."""
        return self._payout(
            member,
            0.0,
            explanation,
            base_amount=base_amount,
            state="waiting_grade",
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
                    explain.flat(
                        self.env, base, self.flat_rate, self.currency_id.round(amount)
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
                text = explain.no_target(self.env, self.metric_id.name, ctx.period.name)
                payouts.append(self._info_payout(member, text, base_amount=base))
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
                self._no_band_payout(member, base, target, completion, first)
            )
        return payouts

    def _no_band_payout(self, member, base, target, completion, first):
        """The completion reaches no band: say which limit it missed (the
        gate minimum, the first band, or none: a negative month)."""
        self.ensure_one()
        lower = first.lower if first else None
        if first and completion >= first.lower:
            text = explain.in_no_band(self.env, base, target, completion)
        elif self.gate_enabled:
            text = explain.below_gate(
                self.env, base, target, completion, self.gate_min_completion, lower
            )
        else:
            text = explain.below_first_band(self.env, base, target, completion, lower)
        return self._info_payout(member, text, base_amount=base)

    def _tier_payout(self, member, base, target, completion, band):
        if self.band_mode == "marginal":
            amount, parts = 0.0, []
            for each in self.band_ids.sorted("lower"):
                start = target * each.lower
                end = min(base, target * each.upper) if each.upper else base
                if end <= start:
                    continue
                amount += (end - start) * each.rate
                parts.append((end - start, each.rate))
            text = explain.marginal_bands(
                self.env, completion, parts, self.currency_id.round(amount)
            )
            return self._payout(member, amount, text, base_amount=base, rate=band.rate)
        amount = base * band.rate
        text = explain.whole_band(
            self.env,
            base,
            band.rate,
            self.currency_id.round(amount),
            completion,
            band.lower,
        )
        return self._payout(member, amount, text, base_amount=base, rate=band.rate)

    def _gate_payout(self, ctx, member, base, completion, rate):
        """R-C2: below target but above the minimum, commission at the gate
        rate, paid by grade (managers have their own factors)."""
        due = self.currency_id.round(base * rate)
        grade = ctx.grades.get(member.employee_id.id)
        if not grade:
            text = explain.gate_waiting(
                self.env, base, rate, due, completion, ctx.period.name
            )
            return self._waiting_grade_payout(member, text, base, rate=rate)
        manager = member.role_id.is_manager
        factor = grade.payout_factor_manager if manager else grade.payout_factor
        text = explain.gate_paid(
            self.env,
            base,
            rate,
            due,
            completion,
            grade.code,
            factor,
            self.currency_id.round(due * factor),
        )
        return self._payout(
            member, due * factor, text, base_amount=base, rate=rate, grade_id=grade.id
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
                    text = explain.team_below_gate(
                        self.env,
                        len(team),
                        total,
                        target,
                        completion,
                        self.gate_min_completion,
                    )
                    payout = self._info_payout(member, text, base_amount=total)
                payouts.append(dict(payout, move_ids=moves))
                continue
            excess = max(0.0, total - target) if target else 0.0
            amount = total * self.team_rate + excess * self.excess_rate
            text = explain.team(
                self.env,
                len(team),
                total,
                self.team_rate,
                target,
                excess,
                self.excess_rate,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
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
            text = explain.pool_share(
                self.env,
                total,
                self.pool_rate,
                pool,
                tf,
                grade.code,
                coefficient,
                share,
            )
            payouts.append(
                self._payout(
                    member,
                    share,
                    text,
                    base_amount=pool,
                    rate=coefficient / tf if tf else 0.0,
                    grade_id=grade.id,
                    move_ids=moves,
                )
            )
        for member in members:
            if member in graded:
                continue
            text = explain.pool_waiting(self.env, pool, ctx.period.name)
            payouts.append(self._waiting_grade_payout(member, text, pool))
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

    def _project_pool(self, ctx, deal):
        """``(pool, team share, {employee_id: part})`` of a deal's project
        pool shared by its contributors other than the project manager."""
        team = [
            (employee_id, share)
            for employee_id, role_id, share in deal["contributors"]
            if not self._is_project_manager(ctx, employee_id, role_id)
        ]
        pool = self.currency_id.round(deal["contract"] * self.project_pool_rate)
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
        return pool, sum(share for __, share in team), by_employee

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
                    text = explain.project_manager(
                        self.env,
                        deal["name"],
                        contract,
                        self.pm_rate,
                        self.currency_id.round(amount),
                    )
                    rate = self.pm_rate
                else:
                    if deal["move_id"] not in pools:
                        pools[deal["move_id"]] = self._project_pool(ctx, deal)
                    pool, team_share, parts = pools[deal["move_id"]]
                    share = deal["share"] / team_share if team_share else 0.0
                    amount = parts.get(member.employee_id.id, pool * share)
                    text = explain.project_pool(
                        self.env,
                        deal["name"],
                        contract,
                        self.project_pool_rate,
                        pool,
                        share,
                        self.currency_id.round(amount),
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
        return [
            self._price_ratio_payout(member, deal)
            for member in members
            for deal in ctx.deals(member)
        ]

    def _price_ratio_payout(self, member, deal):
        share = deal["share"] / 100.0
        if float_is_zero(deal["cost"], precision_digits=2):
            text = explain.no_cost(self.env, deal["name"])
            return self._info_payout(member, text, move_ids=[deal["move_id"]])
        base_price = self.cost_factor * deal["cost"]
        net = deal["contract"] - deal["expenses"]
        ratio = net / base_price
        figures = {
            "move": deal["name"],
            "factor": self.cost_factor,
            "cost": deal["cost"],
            "base": base_price,
            "net": net,
            "ratio": ratio,
        }
        if float_compare(ratio, 1.0, 6) <= 0:
            band = self._band_for(ratio, closed_at=1.0)
            rate = band.rate if band else 0.0
            total = net * rate
            text = explain.price_ratio(
                self.env,
                rate=rate,
                total=total,
                share=share,
                amount=self.currency_id.round(total * share),
                **figures,
            )
        else:
            rate = self.over_base_rate
            total = base_price * self.over_base_rate + (net - base_price) * (
                self.over_excess_rate
            )
            text = explain.price_ratio_over(
                self.env,
                rate=rate,
                excess_rate=self.over_excess_rate,
                total=total,
                share=share,
                amount=self.currency_id.round(total * share),
                **figures,
            )
        return self._payout(
            member,
            total * share,
            text,
            base_amount=net,
            rate=rate,
            move_ids=[deal["move_id"]],
            kind=deal["kind"],
        )

    def _compute_above_list(self, ctx, members):
        """R-C7: the part above the list price, both sides on the rule's tax
        basis (after tax: untaxed; or tax included), shared at the share
        rate; not paid on deals the company negotiated."""
        payouts = []
        taxed = self.above_list_basis == "taxed"
        basis = explain.above_list_basis(self.env, taxed)
        for member in members:
            for deal in ctx.deals(member):
                above = deal["above_list_taxed"] if taxed else deal["above_list"]
                if float_is_zero(above, precision_digits=2):
                    continue
                if deal["company_negotiated"]:
                    text = explain.above_list_negotiated(self.env, deal["name"], above)
                    payouts.append(
                        self._info_payout(member, text, move_ids=[deal["move_id"]])
                    )
                    continue
                amount = above * self.share_rate
                text = explain.above_list(
                    self.env,
                    deal["name"],
                    above,
                    basis,
                    self.share_rate,
                    self.currency_id.round(amount),
                )
                payouts.append(
                    self._payout(
                        member,
                        amount,
                        text,
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
                text = explain.hard_target_none(self.env, actual, ctx.period.name)
                payouts.append(self._info_payout(member, text, base_amount=actual))
                continue
            amount = actual / target * actual * self.share_rate
            text = explain.hard_target(
                self.env,
                actual,
                target,
                self.share_rate,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
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
                text = explain.single_deal(
                    self.env,
                    deal["name"],
                    deal["revenue"],
                    self.share_rate,
                    self.currency_id.round(amount),
                )
                payouts.append(
                    self._payout(
                        member,
                        amount,
                        text,
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
                text = explain.threshold_missed(
                    self.env, *window, cumulative, self.threshold_amount
                )
                payouts.append(self._info_payout(member, text, base_amount=cumulative))
                continue
            amount = cumulative * self.bonus_rate
            text = explain.threshold_reached(
                self.env,
                *window,
                cumulative,
                self.threshold_amount,
                self.bonus_rate,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
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
            text = explain.year_end(
                self.env,
                window[0].year,
                yearly,
                rate,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
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
                text = explain.perf_pay_waiting(
                    self.env, wage, self.share_rate, base, ctx.period.name
                )
                payouts.append(self._waiting_grade_payout(member, text, base))
                continue
            amount = base * grade.perf_pay_coefficient
            text = explain.perf_pay(
                self.env,
                wage,
                self.share_rate,
                base,
                grade.code,
                grade.perf_pay_coefficient,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
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
        Appraisal = self.env["sales.performance.appraisal"]
        payouts = []
        for member in members:
            # the plan's own appraisal only: an employee in two plans is not
            # honoured twice on one appraisal
            appraisal = Appraisal._sp_final_ending(
                member.employee_id, ctx.plan, ctx.period, self.appraisal_cycle
            )
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
                text = explain.honour_awarded(
                    self.env,
                    honour.name,
                    appraisal.period_id.name,
                    awarded.line_id.statement_id.plan_id.name,
                )
                payouts.append(self._info_payout(member, text))
                continue
            wage = ctx.wage(member)
            amount = wage * honour.bonus_months
            text = explain.honour_paid(
                self.env,
                honour.name,
                appraisal.period_id.name,
                grades,
                honour.bonus_months,
                wage,
                self.currency_id.round(amount),
            )
            payouts.append(
                self._payout(
                    member,
                    amount,
                    text,
                    base_amount=wage,
                    rate=honour.bonus_months,
                    honour_id=honour.id,
                    appraisal_id=appraisal.id,
                    name=honour.name,
                )
            )
        return payouts
