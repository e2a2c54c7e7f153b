# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The data a commission run reads, gathered set-based once per run.

A cache, not a decision: rules (``sales.performance.commission.rule``) ask
the context for bases, targets, grades, teams and deals; the context answers
from a handful of aggregate queries whatever the number of invoices, and
caches the answers. What a base is comes from the metric
(``sales.performance.metric._compute_actuals``, cash basis included), what a
grade is from the appraisals (``sales.performance.appraisal._sp_final_grades``)
and which rules pay what from the plan and its rules
(``sales.performance.plan._sp_payouts``).

Late reductions (R-C11, issue 19): a credit note (or a later reduction of a
closed period's document) that takes back an invoice counted before the
window is not part of the window's own base: what was paid on the invoice is
taken back by the ledger of what was paid (``sales.performance.payout.
source``), from the people who were paid it, once. A credit note of an
invoice counted in the same window nets with it.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta


class _Cache:
    """What a context has loaded."""

    def __init__(self):
        self.computed = set()  # {(metric_id, window)} whose bases are loaded
        self.values = {}  # {(metric_id, employee_id, start, end): base}
        self.rows = {}  # {(metric_id, window): document rows of every member}
        self.moves = {}  # {(metric_id, window): {employee_id: {move: value}}}
        self.late = {}  # {(metric_id, window): {employee_id: {move: late}}}
        self.origins = {}  # {(refund_id, employee_id): [(invoice_id, fraction)]}
        self.counted = {}  # {(basis, invoice_id, employee_id): day}
        self.wages = None
        self.deals = None
        self.teams = {}
        self.rates = {}
        self.targets = None
        self.grades = None
        self.plan_roles = None


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
        # {employee_id: {metric_id: amount}} subtracted from the period's
        # bases: the dashboard's what-if adds a quotation with a negative one
        self.exclude = exclude or {}
        self.cache = cache or _Cache()

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
        in plan currency (cash basis: invoices fully paid in the window),
        without the late reductions of invoices counted before it."""
        window = self.windows.get(member)
        if not window:
            return 0.0
        value = self._net_base(metric, member, window)
        return value - self.exclude.get(member.employee_id.id, {}).get(metric.id, 0.0)

    def cumulative(self, metric, member, window):
        """``metric`` over ``window`` (clipped to the membership), e.g. the
        quarter to date for thresholds or the year for year-end bonuses."""
        clipped = self._clip(member, window)
        if clipped[0] > clipped[1]:
            return 0.0
        return self._net_base(metric, member, clipped)

    def _net_base(self, metric, member, window):
        value = self._window_base(metric, member, window)
        late = self.late_values(metric, member, window)
        if late:
            value = self.currency.round(value - sum(late.values()))
        return value

    def move_values(self, metric, member, window=None):
        """``{move_id: value}`` of the documents behind ``base(metric,
        member)`` (or ``window``), in plan currency, late reductions left
        out: what a payout on the base is attributed to (R-W1, R-C11)."""
        window = window or self.windows.get(member)
        if not window:
            return {}
        window = self._clip(member, window)
        values = dict(self._moves(metric, window).get(member.employee_id.id, {}))
        for move_id, late in self.late_values(metric, member, window).items():
            values[move_id] = values.get(move_id, 0.0) - late
            if self.currency.is_zero(values[move_id]) and metric._sp_value_field():
                del values[move_id]
        return values

    def base_moves(self, metric, member, window=None):
        """Invoices and refunds behind ``base(metric, member)``: the source
        documents a statement line is traced to (R-W1)."""
        return sorted(self.move_values(metric, member, window))

    def late_values(self, metric, member, window):
        """``{move_id: value}`` of the late reductions in ``window``: credit
        notes of invoices counted before the window (linked, or matched
        oldest first), reductions of a closed period's documents booked in
        it; in plan currency, negative."""
        if not metric._sp_value_field():
            return {}
        key = (metric.id, window)
        if key not in self.cache.late:
            self.cache.late[key] = self._load_late(metric, window)
        return self.cache.late[key].get(member.employee_id.id, {})

    def _rows(self, metric, window):
        """Document rows of every member of the period over ``window``: one
        grouped query per metric and window."""
        key = (metric.id, window)
        if key not in self.cache.rows:
            employees = (self.all_members | self.members).employee_id.ids
            self.cache.rows[key] = metric._sp_document_values(
                self.company, employees, *window, cash_basis=self.plan.cash_basis
            )
        return self.cache.rows[key]

    def _moves(self, metric, window):
        key = (metric.id, window)
        if key not in self.cache.moves:
            rate = self.rate(window[1])
            moves = defaultdict(lambda: defaultdict(float))
            for employee_id, move_id, __, value, __ in self._rows(metric, window):
                moves[employee_id][move_id] += value * rate
            self.cache.moves[key] = moves
        return self.cache.moves[key]

    def _load_late(self, metric, window):
        """The late reductions of ``window`` for every member (see
        :meth:`late_values`)."""
        rows = [r for r in self._rows(metric, window) if r[3] < 0]
        if not rows:
            return {}
        Move = self.env["account.move"].sudo()
        moves = {
            m["id"]: m
            for m in Move.search_read(
                [("id", "in", list({r[1] for r in rows}))],
                ["move_type", "reversed_entry_id"],
            )
        }
        refunds = [r for r in rows if moves[r[1]]["move_type"] == "out_refund"]
        origins = self.refund_origins({r[1] for r in refunds})
        basis = metric._sp_document_basis(self.plan.cash_basis)
        counted = self._counted_days(
            basis,
            {x for r in refunds for x, __ in origins.get((r[1], r[0]), [])},
            {r[0] for r in refunds},
        )
        rate = self.rate(window[1])
        late = defaultdict(lambda: defaultdict(float))
        for employee_id, move_id, adjustment, value, __ in rows:
            if moves[move_id]["move_type"] == "out_refund":
                part = sum(
                    fraction
                    for origin, fraction in origins.get((move_id, employee_id), [])
                    if counted.get((basis, origin, employee_id), window[0]) < window[0]
                )
            else:
                # a closed period's document reduced later (R-C11)
                part = 1.0 if adjustment else 0.0
            if part:
                late[employee_id][move_id] += value * part * rate
        return late

    def refund_origins(self, refund_ids):
        """``{(refund_id, employee_id): [(invoice_id, fraction)]}`` (see
        ``sales.performance.credit._sp_refund_origins``), cached."""
        missing = [r for r in refund_ids if r not in self.cache.origins]
        if missing:
            found = self.env["sales.performance.credit"]._sp_refund_origins(
                missing, cash_basis=self.plan.cash_basis
            )
            for refund_id in missing:
                self.cache.origins[refund_id] = True
            for key, value in found.items():
                self.cache.origins[key] = value
        return {
            key: value
            for key, value in self.cache.origins.items()
            if isinstance(key, tuple) and key[0] in refund_ids
        }

    def _counted_days(self, basis, invoice_ids, employee_ids):
        """``{(basis, invoice_id, employee_id): day}`` the invoices counted
        for the people: their date, the day they became fully paid on the
        cash basis (R-C10), their first payment for cash collected."""
        cash, payments = basis
        missing = {
            (x, e)
            for x in invoice_ids
            for e in employee_ids
            if (basis, x, e) not in self.cache.counted
        }
        if missing:
            Credit = self.env["sales.performance.credit"].sudo()
            if cash:
                paid = self.env["sales.performance.metric"]._sp_paid_days(
                    list({x for x, __ in missing})
                )
                for x, e in missing:
                    if x in paid:
                        self.cache.counted[(basis, x, e)] = paid[x]
            else:
                for move, employee, day in Credit._read_group(
                    [
                        ("move_id", "in", list({x for x, __ in missing})),
                        ("employee_id", "in", list({e for __, e in missing})),
                        ("kind", "=", "payment" if payments else "invoice"),
                        ("is_adjustment", "=", False),
                    ],
                    ["move_id", "employee_id"],
                    ["date:min"],
                ):
                    self.cache.counted[(basis, move.id, employee.id)] = day
        return self.cache.counted

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
        revenue = self.revenue_metric()
        members = {m.employee_id.id: m for m in self.members}
        deals = defaultdict(list)
        for credit in credits:
            move = moves[credit["move_id"][0]]
            if (
                self.plan.cash_basis
                and move["sp_credit_sale"]
                and not move["sp_credit_sale_approved"]
            ):
                continue
            deal = self._deal(credit, move, lines[move["id"]], contributors, rate)
            # a late reduction is not a deal of the period: the ledger takes
            # back what was paid on its invoice (R-C11)
            member = members.get(credit["employee_id"][0])
            late = (
                self.late_values(revenue, member, self.windows[member]).get(
                    move["id"], 0.0
                )
                if member and revenue
                else 0.0
            )
            if late and deal["revenue"]:
                deal = self._scaled_deal(deal, 1.0 - late / deal["revenue"])
                if deal is None:
                    continue
            deals[credit["employee_id"][0]].append(deal)
        return deals

    def revenue_metric(self):
        """A metric of net revenue: what deals are measured in."""
        Metric = self.env["sales.performance.metric"].sudo()
        return Metric.search([("kind", "=", "net_revenue")], limit=1)

    def _scaled_deal(self, deal, factor):
        """The part ``factor`` of a deal (an unlinked credit note matched in
        part with invoices counted before); ``None`` when nothing is left."""
        if factor <= 1e-6:
            return None
        round_ = self.currency.round
        scaled = dict(deal)
        for key in (
            "revenue",
            "contract",
            "cost",
            "above_list",
            "above_list_taxed",
            "expenses",
        ):
            scaled[key] = round_(deal[key] * factor)
        return scaled

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
        """One deal: a credit of an invoice (or refund) in plan currency,
        with the invoice a credit note refunds (its ``origin``)."""
        round_ = self.currency.round
        origin = move["reversed_entry_id"] and move["reversed_entry_id"][0]
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
            "kind": None,
            "origin": origin or False,
        }
