# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The data a commission run reads, gathered set-based once per run.

A cache, not a decision: rules (``sales.performance.commission.rule``) ask
the context for bases, targets, grades, teams and deals; the context answers
from a handful of aggregate queries whatever the number of invoices, and
caches the answers. What a base is comes from the metric
(``sales.performance.metric._compute_actuals``, cash basis included), what a
grade is from the appraisals (``sales.performance.appraisal._sp_final_grades``)
and which rules pay what, clawbacks included, from the plan and its rules
(``sales.performance.plan._sp_payouts``).
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from .states import FROZEN_STATES


class _Cache:
    """What a context has loaded, shared by the contexts derived from it
    (:meth:`CommissionContext.with_exclusions`): nothing in it depends on
    the exclusions, which apply when a base is read."""

    def __init__(self):
        self.computed = set()  # {(metric_id, window)} whose bases are loaded
        self.values = {}  # {(metric_id, employee_id, start, end): base}
        self.documents = {}  # {basis: (start, end, {employee_id: [(move, day)]})}
        self.wages = None
        self.deals = None
        self.teams = {}
        self.rates = {}
        self.targets = None
        self.grades = None
        self.plan_roles = None
        self.approved_moves = None
        self.paid_in = {}
        self.refunds = {}
        self.periods = {}  # {period: context of that period}


class CommissionContext:
    def __init__(self, env, plan, period, members, exclude=None, cache=None):
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
        self.cache = cache or _Cache()

    def with_exclusions(self, exclude):
        """This context with ``exclude`` (``{employee_id: {metric_id:
        amount}}``) subtracted from the bases, sharing this one's cache."""
        return CommissionContext(
            self.env, self.plan, self.period, self.members, exclude, self.cache
        )

    def of_period(self, period):
        """The context of another period of the plan, for all its members
        (e.g. the period that paid an invoice now refunded), kept in the
        cache."""
        if period not in self.cache.periods:
            self.cache.periods[period] = CommissionContext(
                self.env,
                self.plan,
                period,
                self.plan.member_ids.filtered(lambda m: m._window(period)),
            )
        return self.cache.periods[period]

    # ------------------------------------------------------------------
    # Currency
    # ------------------------------------------------------------------
    def rate(self, date):
        rates = self.cache.rates
        if date not in rates:
            company_currency = self.company.currency_id
            rates[date] = company_currency._get_conversion_rate(
                company_currency, self.currency, self.company, date
            )
        return rates[date]

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
        basis = metric._sp_document_basis(self.plan.cash_basis)
        start, end, moves = self.cache.documents.get(basis, (None, None, None))
        if moves is None or window[0] < start or window[1] > end:
            # one load covers every member's window of the period; a rule
            # asking for a longer window (quarter, year) widens it once
            spans = [w for w in self.windows.values() if w] + [window]
            start = min([s for s, __ in spans] + ([start] if start else []))
            end = max([e for __, e in spans] + ([end] if end else []))
            moves = metric._sp_documents(
                self.company,
                (self.all_members | self.members).employee_id.ids,
                basis,
                start,
                end,
            )
            self.cache.documents[basis] = (start, end, moves)
        return sorted(
            {
                move_id
                for move_id, date in moves.get(member.employee_id.id, [])
                if window[0] <= date <= window[1]
            }
        )

    def _window_base(self, metric, member, window):
        """Bases are measured once per (metric, window) for every member
        sharing that window, with one aggregate query, and cached."""
        cache = self.cache
        if (metric.id, window) not in cache.computed:
            employee_ids = {
                m.employee_id.id
                for m in self.all_members | self.members
                if self._clip(m, window) == window
            } | {member.employee_id.id}
            raw = metric._compute_actuals(
                self.company, {window: employee_ids}, cash_basis=self.plan.cash_basis
            )
            for (employee_id, start, end), value in raw.items():
                if metric.is_monetary:
                    value = self.currency.round(value * self.rate(end))
                cache.values[(metric.id, employee_id, start, end)] = value
            cache.computed.add((metric.id, window))
        return cache.values.get((metric.id, member.employee_id.id, *window), 0.0)

    @staticmethod
    def _clip(member, window):
        start, end = member._effective_dates()
        return (max(window[0], start), min(window[1], end))

    # ------------------------------------------------------------------
    # Targets, grades, wages, teams, windows
    # ------------------------------------------------------------------
    def target(self, metric, member):
        if self.cache.targets is None:
            self.cache.targets = {
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
        return self.cache.targets.get((member.id, metric.id), 0.0)

    @property
    def grades(self):
        """``{employee_id: grade}`` of the period's members, from
        ``sales.performance.appraisal._sp_final_grades``."""
        if self.cache.grades is None:
            self.cache.grades = self.env[
                "sales.performance.appraisal"
            ]._sp_final_grades(
                (self.all_members | self.members).employee_id, self.period, self.plan
            )
        return self.cache.grades

    def wage(self, member):
        """Monthly wage of the member's running contract at the period end."""
        if self.cache.wages is None:
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
            self.cache.wages = {}
            for contract in contracts:
                self.cache.wages.setdefault(contract.employee_id.id, contract.wage)
        return self.cache.wages.get(member.employee_id.id, 0.0)

    def team(self, member):
        """Plan members below ``member`` in the HR hierarchy (R-C3)."""
        teams = self.cache.teams
        if member not in teams:
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
            teams[member] = self.all_members.filtered(lambda m: m.employee_id in below)
        return teams[member]

    def plan_role(self, employee_id):
        """The plan role of an employee (of the period's members)."""
        if self.cache.plan_roles is None:
            self.cache.plan_roles = {
                m.employee_id.id: m.role_id for m in self.all_members | self.members
            }
        return self.cache.plan_roles.get(
            employee_id, self.env["sales.performance.role"]
        )

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
    # Commission already paid (R-C11)
    # ------------------------------------------------------------------
    @property
    def approved_moves(self):
        """Invoices already paid commission on in frozen statements."""
        if self.cache.approved_moves is None:
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
            self.cache.paid_in = {
                (move_id, employee_id, rule_id): period_id
                for move_id, employee_id, rule_id, period_id in rows
            }
            self.cache.approved_moves = {key[0] for key in self.cache.paid_in}
        return self.cache.approved_moves

    def paid_in(self, move_id, member, rule):
        """The earlier periods whose frozen statements of ``member`` paid
        ``rule`` on invoice ``move_id``, the latest first (an invoice may
        move from one period to another, e.g. collected again after a
        bounced payment)."""
        if not self.approved_moves:
            return self.env["date.range"]
        period_ids = self.cache.paid_in.get((move_id, member.employee_id.id, rule.id))
        return (
            self.env["date.range"]
            .browse(period_ids or [])
            .sorted("date_start", reverse=True)
        )

    def refunds_of(self, move_id):
        """Ids of all the credit notes of invoice ``move_id``."""
        if move_id not in self.cache.refunds:
            self.cache.refunds[move_id] = (
                self.env["account.move"]
                .sudo()
                .search([("reversed_entry_id", "=", move_id)])
                .ids
            )
        return self.cache.refunds[move_id]

    def clawback_amounts(self, metric):
        """``{employee_id: amount}`` of the period's base coming from refunds
        (or adjustments) of invoices already commissioned in frozen
        statements: these are booked as clawback lines (R-C11)."""
        field = metric._sp_credit_field()
        if not field or not self.approved_moves:
            return {}
        result = defaultdict(float)
        for employee_id, deals in self._all_deals().items():
            for deal in deals:
                if deal["kind"] == "clawback":
                    value = deal["revenue"] if field == "amount_revenue" else 0.0
                    result[employee_id] += value
        return {k: v for k, v in result.items() if not self.currency.is_zero(v)}

    # ------------------------------------------------------------------
    # Deals (per invoice)
    # ------------------------------------------------------------------
    def deals(self, member):
        return self._all_deals().get(member.employee_id.id, [])

    def _all_deals(self):
        if self.cache.deals is None:
            self.cache.deals = self._load_deals()
        return self.cache.deals

    def _load_deals(self):
        """Per-invoice credits of the period's members: one search_read for
        the credits, one for their invoices, one for the splits."""
        credits = self._deal_credits()
        if credits is None:
            return {}
        move_ids = list({c["move_id"][0] for c in credits})
        moves = self._deal_moves(move_ids)
        lines = self._deal_lines(move_ids)
        contributors = self._deal_contributors(move_ids)
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
            deals[credit["employee_id"][0]].append(
                self._deal(credit, move, lines[move["id"]], contributors, rate)
            )
        self._net_same_period_refunds(deals)
        return deals

    _CREDIT_FIELDS = [
        "move_id",
        "employee_id",
        "role_id",
        "share",
        "amount_revenue",
        "is_adjustment",
    ]

    def _deal_credits(self):
        """The invoice credits of the members in their windows (cash basis:
        by the day the invoice became fully paid, refunds by the dates of
        R-C11); ``None`` without members."""
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
            return None
        or_domain = ["|"] * (len(window_domains) - 1) + [
            t for d in window_domains for t in d
        ]
        if self.plan.cash_basis:
            domain.append(("move_id.move_type", "!=", "out_refund"))
        credits = Credit.search_read(domain + or_domain, self._CREDIT_FIELDS)
        if self.plan.cash_basis:
            start = min(self.windows[m][0] for m in self.members)
            end = max(self.windows[m][1] for m in self.members)
            by_employee = defaultdict(list)
            for m in self.members:
                by_employee[m.employee_id.id].append(self.windows[m])
            refunds = self.env["sales.performance.metric"]._sp_cash_refunds(
                self.company, list(by_employee), start, end, self._CREDIT_FIELDS
            )
            credits += [
                row
                for row, day in refunds
                if any(s <= day <= e for s, e in by_employee[row["employee_id"][0]])
            ]
        return credits

    def _deal_moves(self, move_ids):
        """``{move_id: values}`` of the deals' invoices and refunds.

        R-C6, R-C7: a credit note carries neither the project expenses nor
        the "negotiated by the company" flag of its invoice: it takes them
        from the invoice, the expenses prorated on the amount refunded."""
        Move = self.env["account.move"].sudo()
        moves = {
            m["id"]: m
            for m in Move.search_read(
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
        origin_ids = {
            m["reversed_entry_id"][0] for m in moves.values() if m["reversed_entry_id"]
        }
        origins = {
            m["id"]: m
            for m in Move.search_read(
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
        return moves

    def _deal_lines(self, move_ids):
        """``{move_id: {cost, above, above_taxed}}`` of the product lines."""
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
        return lines

    def _deal_contributors(self, move_ids):
        """R-C5: every contributor of a deal, ``{move_id: [(employee, split
        role, share)]}``, to tell the project manager from the team sharing
        the pool."""
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
        return contributors

    def _deal(self, credit, move, lines, contributors, rate):
        """One deal: a credit of an invoice (or refund) in plan currency; a
        refund (or adjustment) of an invoice already commissioned is a
        clawback of that invoice (its ``origin``)."""
        round_ = self.currency.round
        origin = move["reversed_entry_id"] and move["reversed_entry_id"][0]
        clawback = (origin in self.approved_moves) or (
            credit["is_adjustment"] and move["id"] in self.approved_moves
        )
        if credit["is_adjustment"] and move["id"] in self.approved_moves:
            origin = move["id"]
        share = credit["share"]
        return {
            "move_id": move["id"],
            "name": move["name"],
            "share": share,
            "role": self.env["sales.performance.role"].browse(
                credit["role_id"] and credit["role_id"][0]
            ),
            "revenue": round_(credit["amount_revenue"] * rate),
            "contract": round_(move["amount_untaxed_signed"] * rate),
            "cost": round_(lines["cost"] * rate),
            "above_list": round_(lines["above"] * rate * share / 100.0),
            "above_list_taxed": round_(lines["above_taxed"] * rate * share / 100.0),
            "expenses": round_(move["sp_project_expenses"] * rate),
            "company_negotiated": move["sp_company_negotiated"],
            "contributors": contributors.get(move["id"])
            or [(credit["employee_id"][0], False, 100.0)],
            "kind": "clawback" if clawback else None,
            "origin": origin or False,
        }

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
