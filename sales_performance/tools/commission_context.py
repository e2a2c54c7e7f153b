# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The data a commission run reads, gathered set-based once per run.

Rules (``sales.performance.commission.rule._compute_<type>``) ask the
context for bases, targets, grades, teams and deals; the context answers
from a handful of aggregate queries whatever the number of invoices.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from ..models.sales_performance_commission_rule import money, pct

FROZEN_STATES = ("approved", "posted", "paid")
DEAL_RULES = ("project", "price_ratio", "above_list", "single_deal")
COLLECTIVE_RULES = ("pool",)
LINEAR_RULES = (
    "flat",
    "tiered",
    "manager",
    "hard_target",
    "threshold",
    "year_end",
)
CREDIT_FIELD = {
    "net_revenue": "amount_revenue",
    "margin": "amount_margin",
    "quantity": "quantity",
}


class CommissionContext:
    def __init__(self, env, plan, period, members, exclude=None):
        self.env = env
        self.plan = plan
        self.period = period
        self.company = plan.company_id
        self.currency = plan.currency_id
        self.members = members
        self.all_members = plan.member_ids.filtered(lambda m: m._window(period))
        self.windows = {m: m._window(period) for m in self.all_members | members}
        # {employee_id: {metric_id: amount}} subtracted from bases, to split
        # clawbacks of approved commission from the period's own commission.
        self.exclude = exclude or {}
        self._computed = set()
        self._values = {}
        self._moves = {}
        self._wages = None
        self._deals = None
        self._teams = {}
        self._rates = {}
        self._targets = None
        self._grades = None
        self._approved_moves = None
        self._paid_in = {}
        self._origin_contexts = {}

    # ------------------------------------------------------------------
    # Currency
    # ------------------------------------------------------------------
    def rate(self, date):
        if date not in self._rates:
            company_currency = self.company.currency_id
            self._rates[date] = company_currency._get_conversion_rate(
                company_currency, self.currency, self.company, date
            )
        return self._rates[date]

    # ------------------------------------------------------------------
    # Bases
    # ------------------------------------------------------------------
    def base(self, metric, member):
        """The member's actual of ``metric`` over their window of the period,
        in plan currency (cash basis: invoices fully paid in the window)."""
        window = self.windows.get(member)
        if not window:
            return 0.0
        value = self._window_base(metric, member, window)
        return value - self.exclude.get(member.employee_id.id, {}).get(metric.id, 0.0)

    def cumulative(self, metric, member, window):
        """``metric`` over ``window`` (clipped to the membership), e.g. the
        quarter to date for thresholds or the year for year-end bonuses."""
        clipped = self._clip(member, window)
        if clipped[0] > clipped[1]:
            return 0.0
        return self._window_base(metric, member, clipped)

    def base_moves(self, metric, member, window=None):
        """Invoices and refunds behind ``base(metric, member)``: the source
        documents a statement line is traced to (R-W1)."""
        window = window or self.windows.get(member)
        if not window:
            return []
        key = (
            self.plan.cash_basis and metric.kind in CREDIT_FIELD,
            metric.kind == "cash_collected",
        )
        start, end, moves = self._moves.get(key, (None, None, None))
        if moves is None or window[0] < start or window[1] > end:
            # one load covers every member's window of the period; a rule
            # asking for a longer window (quarter, year) widens it once
            spans = [w for w in self.windows.values() if w] + [window]
            start = min([s for s, __ in spans] + ([start] if start else []))
            end = max([e for __, e in spans] + ([end] if end else []))
            moves = self._load_base_moves(*key, start, end)
            self._moves[key] = (start, end, moves)
        return sorted(
            {
                move_id
                for move_id, date in moves.get(member.employee_id.id, [])
                if window[0] <= date <= window[1]
            }
        )

    def _load_base_moves(self, cash_basis, payments, start, end):
        """``{employee_id: [(move_id, date)]}`` from ``start`` to ``end``, one
        grouped query (ids only: no display name of thousands of invoices is
        computed)."""
        date_field = "full_paid_date" if cash_basis else "date"
        employee_ids = (self.all_members | self.members).employee_id.ids
        domain = [
            ("company_id", "=", self.company.id),
            ("employee_id", "in", employee_ids),
            ("kind", "=", "payment" if payments else "invoice"),
            (date_field, ">=", start),
            (date_field, "<=", end),
        ]
        if cash_basis:
            domain.append(("move_id.move_type", "!=", "out_refund"))
        result = defaultdict(list)
        Credit = self.env["sales.performance.credit"].sudo()
        for employee, move, day in Credit._read_group(
            domain, ["employee_id", "move_id", f"{date_field}:day"]
        ):
            result[employee.id].append((move.id, day))
        if cash_basis:
            for row, day in self._cash_refunds(employee_ids, start, end, []):
                result[row["employee_id"][0]].append((row["move_id"][0], day))
        return result

    def _window_base(self, metric, member, window):
        """Bases are computed once per (metric, window) for every member
        sharing that window, with one aggregate query, and cached."""
        if (metric.id, window) not in self._computed:
            employee_ids = {
                m.employee_id.id
                for m in self.all_members | self.members
                if self._clip(m, window) == window
            } | {member.employee_id.id}
            values = self._compute_bases(metric, {window: employee_ids})
            for (employee_id, start, end), value in values.items():
                self._values[(metric.id, employee_id, start, end)] = value
            self._computed.add((metric.id, window))
        return self._values.get((metric.id, member.employee_id.id, *window), 0.0)

    @staticmethod
    def _clip(member, window):
        start, end = member._effective_dates()
        return (max(window[0], start), min(window[1], end))

    def _compute_bases(self, metric, windows):
        """``{(employee_id, start, end): amount}`` in plan currency."""
        if self.plan.cash_basis and metric.kind in CREDIT_FIELD:
            raw = self._cash_basis(metric, windows)
        else:
            raw = metric._compute_actuals(self.company, windows)
        result = {}
        for (employee_id, start, end), value in raw.items():
            if metric.is_monetary:
                value = self.currency.round(value * self.rate(end))
            result[(employee_id, start, end)] = value
        return result

    def _cash_basis(self, metric, windows):
        """R-C10: invoices count in the window where they became fully
        paid; sales on credit count only once approved."""
        Credit = self.env["sales.performance.credit"].sudo()
        field = CREDIT_FIELD[metric.kind]
        result = {}
        for (start, end), employee_ids in windows.items():
            for employee, total in Credit._read_group(
                [
                    ("company_id", "=", self.company.id),
                    ("kind", "=", "invoice"),
                    ("employee_id", "in", list(employee_ids)),
                    ("move_id.move_type", "!=", "out_refund"),
                    ("is_fully_paid", "=", True),
                    ("full_paid_date", ">=", start),
                    ("full_paid_date", "<=", end),
                    "|",
                    ("move_id.sp_credit_sale", "=", False),
                    ("move_id.sp_credit_sale_approved", "=", True),
                ],
                ["employee_id"],
                [f"{field}:sum"],
            ):
                result[(employee.id, start, end)] = total
            for row, __ in self._cash_refunds(employee_ids, start, end, [field]):
                key = (row["employee_id"][0], start, end)
                result[key] = result.get(key, 0.0) + row[field]
        return result

    def _cash_refunds(self, employee_ids, start, end, fields):
        """``[(credit row, day)]`` of the refunds counting from ``start`` to
        ``end`` on the cash basis, and the day each counts (R-C10, R-C11).

        A refund is money given back (paid back, netted or left as customer
        credit): it counts whether or not it is itself "paid". A refund of
        an invoice (``reversed_entry_id``) counts with that invoice: on the
        refund's date if the invoice was already collected, else on the day
        the invoice becomes fully paid (never while it is not, so a return
        of an uncollected sale takes nothing back). A refund linked to no
        invoice counts on its own date."""
        Credit = self.env["sales.performance.credit"].sudo()
        common = [
            ("company_id", "=", self.company.id),
            ("kind", "=", "invoice"),
            ("employee_id", "in", list(employee_ids)),
            ("move_id.move_type", "=", "out_refund"),
        ]
        paid_in_window = [
            ("is_fully_paid", "=", True),
            ("full_paid_date", ">=", start),
            ("full_paid_date", "<=", end),
        ]
        rows = Credit.search_read(
            common
            + [
                "|",
                "&",
                ("date", ">=", start),
                ("date", "<=", end),
                "&",
                ("date", "<", start),
                ("move_id.reversed_entry_id.sp_credit_ids", "any", paid_in_window),
            ],
            ["employee_id", "move_id", "date", *fields],
        )
        if not rows:
            return []
        origins = {
            m["id"]: m["reversed_entry_id"] and m["reversed_entry_id"][0]
            for m in self.env["account.move"]
            .sudo()
            .search_read(
                [("id", "in", list({r["move_id"][0] for r in rows}))],
                ["reversed_entry_id"],
            )
        }
        paid = {
            move.id: day
            for move, day in Credit._read_group(
                [
                    ("move_id", "in", [o for o in origins.values() if o]),
                    ("kind", "=", "invoice"),
                    ("is_fully_paid", "=", True),
                    "|",
                    ("move_id.sp_credit_sale", "=", False),
                    ("move_id.sp_credit_sale_approved", "=", True),
                ],
                ["move_id"],
                ["full_paid_date:max"],
            )
        }
        result = []
        for row in rows:
            origin = origins.get(row["move_id"][0])
            day = row["date"]
            if origin:
                if origin not in paid:
                    continue
                day = max(day, paid[origin])
            if start <= day <= end:
                result.append((row, day))
        return result

    # ------------------------------------------------------------------
    # Targets, grades, teams, windows
    # ------------------------------------------------------------------
    def target(self, metric, member):
        if self._targets is None:
            self._targets = {
                (member.id, metric.id): amount
                for member, metric, amount in self.env["sales.performance.target"]
                .sudo()
                ._read_group(
                    [
                        ("plan_id", "=", self.plan.id),
                        ("member_id", "!=", False),
                        ("period_id", "=", self.period.id),
                    ],
                    ["member_id", "metric_id"],
                    ["amount:sum"],
                )
            }
        return self._targets.get((member.id, metric.id), 0.0)

    @property
    def grades(self):
        """``{employee_id: grade}`` from final appraisals of the period, or
        of the shortest final appraisal period containing it."""
        if self._grades is None:
            appraisals = (
                self.env["sales.performance.appraisal"]
                .sudo()
                .search(
                    [
                        (
                            "employee_id",
                            "in",
                            (self.all_members | self.members).employee_id.ids,
                        ),
                        ("state", "in", ("published", "closed")),
                        ("grade_id", "!=", False),
                        ("period_start", "<=", self.period.date_start),
                        ("period_end", ">=", self.period.date_end),
                    ]
                )
            )
            # the plan's own appraisals first (an employee may be in two
            # plans), then the shortest period
            ordered = appraisals.sorted(
                lambda a: (a.plan_id != self.plan, a.period_end - a.period_start, -a.id)
            )
            self._grades = {}
            for appraisal in ordered:
                self._grades.setdefault(appraisal.employee_id.id, appraisal.grade_id)
        return self._grades

    def wage(self, member):
        """Monthly wage of the member's running contract at the period end."""
        if self._wages is None:
            employees = (self.all_members | self.members).employee_id
            contracts = (
                self.env["hr.contract"]
                .sudo()
                .search(
                    [
                        ("employee_id", "in", employees.ids),
                        ("state", "in", ("open", "close")),
                        ("date_start", "<=", self.period.date_end),
                        "|",
                        ("date_end", "=", False),
                        ("date_end", ">=", self.period.date_end),
                    ],
                    order="date_start desc",
                )
            )
            self._wages = {}
            for contract in contracts:
                self._wages.setdefault(contract.employee_id.id, contract.wage)
        return self._wages.get(member.employee_id.id, 0.0)

    def appraisal_ending(self, member, cycle=None):
        """The member's final appraisal whose period ends in this period (of
        ``cycle`` when given: monthly, quarterly or yearly), the longest
        first."""
        domain = [
            ("employee_id", "=", member.employee_id.id),
            ("plan_id", "=", self.plan.id),
            ("state", "in", ("published", "closed")),
            ("period_end", ">=", self.period.date_start),
            ("period_end", "<=", self.period.date_end),
        ]
        if cycle:
            domain.append(("cycle", "=", cycle))
        return (
            self.env["sales.performance.appraisal"]
            .sudo()
            .search(
                domain,
                order="period_start",
                limit=1,
            )
        )

    def team(self, member):
        """Plan members below ``member`` in the HR hierarchy (R-C3)."""
        if member not in self._teams:
            below = (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("id", "child_of", member.employee_id.id),
                        ("id", "!=", member.employee_id.id),
                    ]
                )
            )
            self._teams[member] = self.all_members.filtered(
                lambda m: m.employee_id in below
            )
        return self._teams[member]

    def plan_role(self, employee_id):
        """The plan role of an employee (of the period's members)."""
        if not hasattr(self, "_plan_roles"):
            self._plan_roles = {
                m.employee_id.id: m.role_id for m in self.all_members | self.members
            }
        return self._plan_roles.get(employee_id, self.env["sales.performance.role"])

    def team_base(self, metric, member):
        """``(team, total, target, moves)`` of the team under ``member``
        (R-C3): the team's actual, the manager's own target or else the sum
        of the team's targets, and the documents behind the total."""
        team = self.team(member)
        total = sum(self.base(metric, m) for m in team)
        target = self.target(metric, member) or sum(
            self.target(metric, m) for m in team
        )
        moves = sorted({move for m in team for move in self.base_moves(metric, m)})
        return team, total, target, moves

    def window_of(self, kind):
        start = self.period.date_start
        if kind == "quarter":
            first = start.replace(month=((start.month - 1) // 3) * 3 + 1, day=1)
            return first, first + relativedelta(months=3, days=-1)
        first = start.replace(month=1, day=1)
        return first, first + relativedelta(years=1, days=-1)

    # ------------------------------------------------------------------
    # Deals (per invoice) and clawbacks
    # ------------------------------------------------------------------
    @property
    def approved_moves(self):
        """Invoices already paid commission on in frozen statements."""
        if self._approved_moves is None:
            self.env["sales.performance.statement.line"].flush_model()
            self.env["sales.performance.statement"].flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT rel.move_id, st.employee_id, line.rule_id,
                           ARRAY_AGG(DISTINCT COALESCE(line.origin_period_id,
                                                       st.period_id))
                      FROM sales_performance_statement_line_move_rel rel
                      JOIN sales_performance_statement_line line
                        ON line.id = rel.line_id
                      JOIN sales_performance_statement st
                        ON st.id = line.statement_id
                     WHERE st.plan_id = %s AND st.state IN %s
                       AND line.kind != 'clawback'
                       AND st.period_start < %s
                     GROUP BY rel.move_id, st.employee_id, line.rule_id
                    """,
                    self.plan.id,
                    FROZEN_STATES,
                    self.period.date_start,
                )
            )
            # only statements of earlier periods: a refund in the period of
            # its invoice nets with it, it takes nothing back
            rows = self.env.cr.fetchall()
            self._paid_in = {
                (move_id, employee_id, rule_id): period_id
                for move_id, employee_id, rule_id, period_id in rows
            }
            self._approved_moves = {key[0] for key in self._paid_in}
        return self._approved_moves

    def paid_in(self, move_id, member, rule):
        """The earlier periods whose frozen statements of ``member`` paid
        ``rule`` on invoice ``move_id``, the latest first (an invoice may
        move from one period to another, e.g. collected again after a
        bounced payment)."""
        if not self.approved_moves:
            return self.env["date.range"]
        period_ids = self._paid_in.get((move_id, member.employee_id.id, rule.id))
        return (
            self.env["date.range"]
            .browse(period_ids or [])
            .sorted("date_start", reverse=True)
        )

    def deals(self, member):
        if self._deals is None:
            self._deals = self._load_deals()
        return self._deals.get(member.employee_id.id, [])

    def _load_deals(self):
        """Per-invoice credits of the period's members: one search_read for
        the credits, one for their invoices, one for the splits."""
        Credit = self.env["sales.performance.credit"].sudo()
        date_field = "full_paid_date" if self.plan.cash_basis else "date"
        domain = [("company_id", "=", self.company.id), ("kind", "=", "invoice")]
        window_domains = []
        for member in self.members:
            start, end = self.windows[member]
            window_domains.append(
                [
                    "&",
                    "&",
                    ("employee_id", "=", member.employee_id.id),
                    (date_field, ">=", start),
                    (date_field, "<=", end),
                ]
            )
        if not window_domains:
            return {}
        or_domain = ["|"] * (len(window_domains) - 1) + [
            t for d in window_domains for t in d
        ]
        credit_fields = [
            "move_id",
            "employee_id",
            "role_id",
            "share",
            "amount_revenue",
            "is_adjustment",
        ]
        if self.plan.cash_basis:
            domain.append(("move_id.move_type", "!=", "out_refund"))
        credits = Credit.search_read(domain + or_domain, credit_fields)
        if self.plan.cash_basis:
            # refunds count by the dates of R-C11 (see _cash_refunds)
            start = min(self.windows[m][0] for m in self.members)
            end = max(self.windows[m][1] for m in self.members)
            by_employee = defaultdict(list)
            for m in self.members:
                by_employee[m.employee_id.id].append(self.windows[m])
            credits += [
                row
                for row, day in self._cash_refunds(
                    list(by_employee), start, end, credit_fields
                )
                if any(s <= day <= e for s, e in by_employee[row["employee_id"][0]])
            ]
        move_ids = list({c["move_id"][0] for c in credits})
        moves = {
            m["id"]: m
            for m in self.env["account.move"]
            .sudo()
            .search_read(
                [("id", "in", move_ids)],
                [
                    "name",
                    "move_type",
                    "amount_untaxed_signed",
                    "reversed_entry_id",
                    "sp_project_expenses",
                    "sp_company_negotiated",
                    "sp_credit_sale",
                    "sp_credit_sale_approved",
                ],
            )
        }
        # R-C6, R-C7: a credit note carries neither the project expenses nor
        # the "negotiated by the company" flag of its invoice: it takes them
        # from the invoice, the expenses prorated on the amount refunded.
        origin_ids = {
            m["reversed_entry_id"][0] for m in moves.values() if m["reversed_entry_id"]
        }
        origins = {
            m["id"]: m
            for m in self.env["account.move"]
            .sudo()
            .search_read(
                [("id", "in", list(origin_ids))],
                [
                    "amount_untaxed_signed",
                    "sp_project_expenses",
                    "sp_company_negotiated",
                ],
            )
        }
        for move in moves.values():
            origin = move["reversed_entry_id"] and origins.get(
                move["reversed_entry_id"][0]
            )
            if not origin:
                continue
            move["sp_company_negotiated"] = origin["sp_company_negotiated"]
            if origin["amount_untaxed_signed"] and not move["sp_project_expenses"]:
                move["sp_project_expenses"] = self.company.currency_id.round(
                    origin["sp_project_expenses"]
                    * move["amount_untaxed_signed"]
                    / origin["amount_untaxed_signed"]
                )
        lines = defaultdict(lambda: {"cost": 0.0, "above": 0.0, "above_taxed": 0.0})
        for move, cost, above, above_taxed in (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [("move_id", "in", move_ids), ("display_type", "=", "product")],
                ["move_id"],
                [
                    "sp_cost_amount:sum",
                    "sp_above_list_amount:sum",
                    "sp_above_list_taxed:sum",
                ],
            )
        ):
            lines[move.id] = {"cost": cost, "above": above, "above_taxed": above_taxed}
        # R-C5: every contributor of a deal, (employee, split role, share), to
        # tell the project manager from the team sharing the pool.
        contributors = defaultdict(list)
        for split in (
            self.env["sales.performance.split"]
            .sudo()
            .search_read(
                [("move_id", "in", move_ids)],
                ["move_id", "employee_id", "role_id", "share"],
                order="sequence, id",
            )
        ):
            contributors[split["move_id"][0]].append(
                (
                    split["employee_id"][0],
                    split["role_id"] and split["role_id"][0],
                    split["share"],
                )
            )
        rate = self.rate(self.period.date_end)
        deals = defaultdict(list)
        for credit in credits:
            move = moves[credit["move_id"][0]]
            if (
                self.plan.cash_basis
                and move["sp_credit_sale"]
                and not move["sp_credit_sale_approved"]
            ):
                continue
            origin = move["reversed_entry_id"] and move["reversed_entry_id"][0]
            clawback = (origin in self.approved_moves) or (
                credit["is_adjustment"] and move["id"] in self.approved_moves
            )
            if credit["is_adjustment"] and move["id"] in self.approved_moves:
                origin = move["id"]
            share = credit["share"]
            deals[credit["employee_id"][0]].append(
                {
                    "move_id": move["id"],
                    "name": move["name"],
                    "share": share,
                    "role": self.env["sales.performance.role"].browse(
                        credit["role_id"] and credit["role_id"][0]
                    ),
                    "revenue": self.currency.round(credit["amount_revenue"] * rate),
                    "contract": self.currency.round(
                        move["amount_untaxed_signed"] * rate
                    ),
                    "cost": self.currency.round(lines[move["id"]]["cost"] * rate),
                    "above_list": self.currency.round(
                        lines[move["id"]]["above"] * rate * share / 100.0
                    ),
                    "above_list_taxed": self.currency.round(
                        lines[move["id"]]["above_taxed"] * rate * share / 100.0
                    ),
                    "expenses": self.currency.round(move["sp_project_expenses"] * rate),
                    "company_negotiated": move["sp_company_negotiated"],
                    "contributors": contributors.get(move["id"])
                    or [(credit["employee_id"][0], False, 100.0)],
                    "kind": "clawback" if clawback else None,
                    "origin": origin or False,
                }
            )
        self._net_same_period_refunds(deals)
        return deals

    @staticmethod
    def _net_same_period_refunds(deals):
        """A refund of an invoice counted in this same period (e.g. collected
        again after a bounced payment) nets with it: nothing to claw back."""
        for employee_deals in deals.values():
            counted = {d["move_id"] for d in employee_deals if not d["origin"]}
            for deal in employee_deals:
                if (
                    deal["kind"] == "clawback"
                    and deal["origin"] != deal["move_id"]
                    and deal["origin"] in counted
                ):
                    deal["kind"] = None

    def clawback_amounts(self, metric):
        """``{employee_id: amount}`` of the period's base coming from refunds
        (or adjustments) of invoices already commissioned in frozen
        statements: these are booked as clawback lines (R-C11)."""
        field = CREDIT_FIELD.get(metric.kind)
        if not field or not self.approved_moves:
            return {}
        result = defaultdict(float)
        for employee_id, deals in (self._deals or self._load_all_deals()).items():
            for deal in deals:
                if deal["kind"] == "clawback":
                    value = deal["revenue"] if field == "amount_revenue" else 0.0
                    result[employee_id] += value
        return {k: v for k, v in result.items() if not self.currency.is_zero(v)}

    def _load_all_deals(self):
        self._deals = self._load_deals()
        return self._deals

    # ------------------------------------------------------------------
    # Payouts
    # ------------------------------------------------------------------
    def payouts(self, members):
        result = []
        for rule in self.plan.rule_ids.sorted(lambda r: (r.sequence, r.id)):
            applicable = members.filtered(rule._applies_to)
            if not applicable:
                continue
            if rule.rule_type in COLLECTIVE_RULES:
                # A pool is shared by all its members, whichever of them are
                # being computed (a run split in chunks gives the same lines).
                everyone = self.all_members.filtered(rule._applies_to) | applicable
                payouts = [
                    p
                    for p in rule._compute_payouts(self, everyone)
                    if p["member"] in applicable
                ]
            else:
                payouts = rule._compute_payouts(self, applicable)
            if rule.rule_type in LINEAR_RULES:
                payouts = self._split_clawbacks(rule, applicable, payouts)
            else:
                payouts = self._cap_deal_clawbacks(rule, payouts)
            result += payouts
        return result

    def _measured(self, rule, member):
        """The members whose sales make ``member``'s base for ``rule``: the
        team for a manager on the team total (R-C3), else the member."""
        if rule.rule_type == "manager" or (
            rule.rule_type == "tiered"
            and member.role_id.is_manager
            and not self.base_moves(rule.metric_id, member)
            and not self.base(rule.metric_id, member)
            and self.team(member)
        ):
            return self.team(member)
        return member

    def _clawback_exclusions(self, rule, members):
        """``{member: {origin_id: (refunded base, [refund ids])}}`` of the
        refunds (or adjustments) of invoices already commissioned, within
        the bases of ``members`` for ``rule``."""
        refunds = self.clawback_amounts(rule.metric_id)
        result = {}
        for member in members:
            measured = self._measured(rule, member)
            origins = defaultdict(lambda: [0.0, set()])
            for each in measured:
                if each.employee_id.id not in refunds:
                    continue
                for deal in self.deals(each):
                    if deal["kind"] == "clawback":
                        origins[deal["origin"]][0] += deal["revenue"]
                        origins[deal["origin"]][1].add(deal["move_id"])
            if origins:
                result[member] = {
                    origin: (value, sorted(moves))
                    for origin, (value, moves) in origins.items()
                }
        return result

    def own_payouts(self, rule, members, exclusions=None):
        """``{member: payout}`` of ``rule`` on the bases without the refunds
        of already commissioned invoices (they are clawed back apart)."""
        exclusions = (
            self._clawback_exclusions(rule, members)
            if exclusions is None
            else exclusions
        )
        exclude = defaultdict(dict)
        for member in exclusions:
            for each in self._measured(rule, member):
                total = sum(
                    deal["revenue"]
                    for deal in self.deals(each)
                    if deal["kind"] == "clawback"
                )
                if total:
                    exclude[each.employee_id.id] = {rule.metric_id.id: total}
        affected = members.browse([m.id for m in exclusions])
        if not exclude:
            return {p["member"]: p for p in rule._compute_payouts(self, members)}
        reduced = CommissionContext(
            self.env, self.plan, self.period, self.members, dict(exclude)
        )
        reduced._deals, reduced._grades = self._deals, self._grades
        reduced._approved_moves, reduced._paid_in = self._approved_moves, self._paid_in
        reduced._computed, reduced._values = self._computed, self._values
        reduced._moves, reduced._teams = self._moves, self._teams
        reduced._targets = self._targets
        result = {p["member"]: p for p in rule._compute_payouts(reduced, affected)}
        rest = members - affected
        if rest:
            result.update({p["member"]: p for p in rule._compute_payouts(self, rest)})
        return result

    def _origin_context(self, period):
        if period not in self._origin_contexts:
            self._origin_contexts[period] = CommissionContext(
                self.env,
                self.plan,
                period,
                self.plan.member_ids.filtered(lambda m: m._window(period)),
            )
        return self._origin_contexts[period]

    def _paid_on(self, rule, member, origin):
        """``(rate, paid)``: the effective rate ``rule`` paid ``member`` on
        invoice ``origin`` (amount / base of the period that paid it, as it
        stands after its corrections) and the commission paid on that
        invoice; (0, 0) if it paid nothing on it."""
        for period in self.paid_in(origin, member, rule):
            ctx = self._origin_context(period)
            if member not in ctx.members:
                continue
            revenue = sum(
                d["revenue"]
                for each in ctx._measured(rule, member)
                for d in ctx.deals(each)
                if d["move_id"] == origin
            )
            if ctx.currency.is_zero(revenue):
                continue  # the invoice counts in another period now
            payout = ctx.own_payouts(rule, member).get(member)
            if not payout or not payout.get("base_amount"):
                return 0.0, 0.0
            rate = payout["amount"] / payout["base_amount"]
            if payout.get("rate") and abs(rate - payout["rate"]) < 1e-4:
                rate = payout["rate"]  # the rule's rate, not its rounded ratio
            return rate, self.currency.round(rate * revenue)
        return 0.0, 0.0

    def _clawed_before(self, rule, member, refund_ids):
        """Clawbacks of ``rule`` already booked for ``member`` on these
        refunds' invoice, for periods before this one."""
        Line = self.env["sales.performance.statement.line"].sudo()
        lines = Line.search(
            [
                ("statement_id.plan_id", "=", self.plan.id),
                ("statement_id.employee_id", "=", member.employee_id.id),
                ("rule_id", "=", rule.id),
                ("kind", "=", "clawback"),
                ("source_move_ids", "in", refund_ids),
            ]
        )
        # booked for an earlier period (a correction counts for the period
        # it corrects): recomputing a period never sees its own or later
        # clawbacks, so what it is worth does not depend on when it is run
        return sum(
            line.amount
            for line in lines
            if (line.origin_period_id or line.statement_id.period_id).date_start
            < self.period.date_start
        )

    def _cap_deal_clawbacks(self, rule, payouts):
        """R-C11: a deal's clawback never exceeds the commission paid on the
        refunded invoice, less the clawbacks booked on it before."""
        origins = {
            (p["member"], d["move_id"]): d["origin"]
            for p in payouts
            if p.get("kind") == "clawback"
            for d in self.deals(p["member"])
            if d["kind"] == "clawback" and [d["move_id"]] == p.get("move_ids")
        }
        taken = defaultdict(float)
        result = []
        for payout in payouts:
            refund = (payout.get("move_ids") or [None])[0]
            origin = origins.get((payout["member"], refund))
            if payout.get("kind") != "clawback" or not origin:
                result.append(payout)
                continue
            member = payout["member"]
            paid = self._paid_on_deal(rule, member, origin)
            refunds = (
                self.env["account.move"]
                .sudo()
                .search([("reversed_entry_id", "=", origin)])
                .ids
            )
            left = self.currency.round(
                paid + self._clawed_before(rule, member, refunds) + taken[origin]
            )
            if payout["amount"] < -max(left, 0.0):
                payout = dict(
                    payout,
                    amount=-max(left, 0.0),
                    explanation=self.env._(
                        "%(explanation)s Capped at %(left)s: the commission "
                        "paid on the invoice less its earlier clawbacks "
                        "(R-C11).",
                        explanation=payout["explanation"],
                        left=money(max(left, 0.0)),
                    ),
                )
            taken[origin] += payout["amount"]
            result.append(payout)
        return result

    def _paid_on_deal(self, rule, member, origin):
        """What ``rule`` paid ``member`` on the deal ``origin`` (as its period
        stands after corrections)."""
        for period in self.paid_in(origin, member, rule):
            ctx = self._origin_context(period)
            if member not in ctx.members:
                continue
            paid = [
                p["amount"]
                for p in rule._compute_payouts(ctx, member)
                if p.get("kind") != "clawback" and p.get("move_ids") == [origin]
            ]
            if paid:
                return sum(paid)
        return 0.0

    def _split_clawbacks(self, rule, members, payouts):
        """Separate, in a metric-based payout, the part due to refunds of
        already commissioned invoices (R-C11): the period's own commission
        is computed without them, and each refunded invoice gets a clawback
        line = refunded base x the effective rate paid on that invoice,
        never more than what was paid on it (so a month whose own net is
        zero or negative still claws back, and a clawback never exceeds the
        commission paid)."""
        exclusions = self._clawback_exclusions(rule, members)
        if not exclusions:
            return payouts
        own = self.own_payouts(rule, members, exclusions)
        result = []
        for payout in payouts:
            member = payout["member"]
            if member not in exclusions:
                result.append(payout)
                continue
            result.append(own[member])
            for origin, (refunded, refund_ids) in exclusions[member].items():
                rate, paid = self._paid_on(rule, member, origin)
                amount = self.currency.round(refunded * rate)
                # all refunds of that invoice so far, this one included
                refunds = (
                    self.env["account.move"]
                    .sudo()
                    .search([("reversed_entry_id", "=", origin)])
                    .ids
                )
                left = self.currency.round(
                    paid + self._clawed_before(rule, member, refunds)
                )
                if amount < 0 and amount < -max(left, 0.0):
                    amount = -max(left, 0.0)
                if self.currency.is_zero(amount):
                    continue
                name = self.env["account.move"].sudo().browse(origin).name
                result.append(
                    dict(
                        payout,
                        kind="clawback",
                        amount=amount,
                        base_amount=refunded,
                        rate=rate,
                        name=self.env._(
                            "%(rule)s: refund of %(invoice)s",
                            rule=rule.name,
                            invoice=name,
                        ),
                        explanation=self.env._(
                            "Refund of %(invoice)s, already commissioned: "
                            "%(refunded)s of base × %(rate)s (the rate paid on "
                            "it) = %(amount)s, at most the %(paid)s paid on "
                            "it less earlier clawbacks (R-C11).",
                            invoice=name,
                            refunded=money(refunded),
                            rate=pct(rate),
                            amount=money(amount),
                            paid=money(paid),
                        ),
                        move_ids=refund_ids,
                        state="ok",
                    )
                )
        return result
