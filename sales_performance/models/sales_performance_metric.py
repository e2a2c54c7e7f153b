# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

MONETARY_KINDS = ("net_revenue", "cash_collected", "margin")
# kinds summing a field of invoice credits: measured on the cash basis of a
# plan (R-C10), their refunds of commissioned invoices clawed back (R-C11)
CREDIT_FIELDS = {
    "net_revenue": "amount_revenue",
    "margin": "amount_margin",
    "quantity": "quantity",
}


class SalesPerformanceMetric(models.Model):
    """What a target is set on (R-T3).

    Each metric has a ``kind``; the actual value of a kind over a date window
    is measured from credits by one small ``_actual_<kind>`` method, so another
    module adds a kind with ``selection_add`` and one method.
    """

    _name = "sales.performance.metric"
    _description = "Sales Performance Metric"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in reports and formulas.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share.")
    kind = fields.Selection(
        [
            ("net_revenue", "Net invoiced revenue"),
            ("cash_collected", "Cash collected"),
            ("margin", "Gross margin"),
            ("new_customers", "New customers"),
            ("quantity", "Quantity sold"),
        ],
        required=True,
        help="Net invoiced revenue: untaxed invoices minus refunds (R-T3).\n"
        "Cash collected: customer payments reconciled with invoices, on the "
        "payment date (R-C10).\n"
        "Gross margin: revenue minus product cost at invoice time.\n"
        "New customers: customers whose first posted invoice falls in the "
        "period, optionally only those with given tags (e.g. signed agents).\n"
        "Quantity sold: invoiced quantities net of refunds.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="New customers only: count only customers carrying one of these "
        "tags, e.g. 'Signed agent' for the number of signed agents (R-T3).",
    )
    is_monetary = fields.Boolean(compute="_compute_is_monetary", store=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A metric code must be unique per company.",
        )
    ]

    @api.depends("kind")
    def _compute_is_monetary(self):
        for metric in self:
            metric.is_monetary = metric.kind in MONETARY_KINDS

    def _rounding(self, currency):
        """Rounding step of this metric's values: the currency's or a unit."""
        self.ensure_one()
        return currency.rounding if self.is_monetary else 1.0

    # ------------------------------------------------------------------
    # Measurement (R-T3): one method per kind
    # ------------------------------------------------------------------
    def _sp_credit_field(self):
        """The invoice credit field this kind sums (``None`` if its actual is
        not a sum of invoice credits): the kinds measured on the cash basis
        of a plan (R-C10) and whose refunds are clawed back (R-C11)."""
        self.ensure_one()
        return CREDIT_FIELDS.get(self.kind)

    def _compute_actuals(self, company, windows, cash_basis=False):
        """Measure this metric for employees over date windows.

        :param company: the company whose credits count
        :param windows: ``{(date_from, date_to): employee ids}``
        :param cash_basis: count invoices when fully paid (R-C10), for the
            kinds summing invoice credits (others ignore it)
        :return: ``{(employee_id, date_from, date_to): value}`` in company
            currency for monetary metrics; missing keys mean zero.
        """
        self.ensure_one()
        measure = getattr(self, f"_actual_{self.kind}")
        if cash_basis and self._sp_credit_field():
            return measure(company, windows, cash_basis=True)
        return measure(company, windows)

    def _sum_credits(self, company, windows, field_name, kind):
        """One ``_read_group`` per window over credits, grouped by employee."""
        Credit = self.env["sales.performance.credit"].sudo()
        result = {}
        for (date_from, date_to), employee_ids in windows.items():
            groups = Credit._read_group(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", kind),
                    ("employee_id", "in", list(employee_ids)),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["employee_id"],
                [f"{field_name}:sum"],
            )
            for employee, total in groups:
                result[(employee.id, date_from, date_to)] = total
        return result

    def _sum_invoice_credits(self, company, windows, cash_basis=False):
        field_name = self._sp_credit_field()
        if cash_basis:
            return self._sum_cash_basis(company, windows, field_name)
        return self._sum_credits(company, windows, field_name, "invoice")

    def _actual_net_revenue(self, company, windows, cash_basis=False):
        return self._sum_invoice_credits(company, windows, cash_basis)

    def _actual_margin(self, company, windows, cash_basis=False):
        return self._sum_invoice_credits(company, windows, cash_basis)

    def _actual_quantity(self, company, windows, cash_basis=False):
        return self._sum_invoice_credits(company, windows, cash_basis)

    def _actual_cash_collected(self, company, windows):
        # Payment credits carry the collected amount on the payment date (R-C10).
        return self._sum_credits(company, windows, "amount_collected", "payment")

    # ------------------------------------------------------------------
    # Cash basis (R-C10, R-C11)
    # ------------------------------------------------------------------
    @api.model
    def _sum_cash_basis(self, company, windows, field_name):
        """R-C10: invoices count in the window where they became fully
        paid; sales on credit count only once approved."""
        Credit = self.env["sales.performance.credit"].sudo()
        result = {}
        for (start, end), employee_ids in windows.items():
            for employee, total in Credit._read_group(
                [
                    ("company_id", "=", company.id),
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
                [f"{field_name}:sum"],
            ):
                result[(employee.id, start, end)] = total
            refunds = self._sp_cash_refunds(
                company, employee_ids, start, end, [field_name]
            )
            for row, __ in refunds:
                key = (row["employee_id"][0], start, end)
                result[key] = result.get(key, 0.0) + row[field_name]
        return result

    @api.model
    def _sp_cash_refunds(self, company, employee_ids, start, end, fields):
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
        paid_in_window = [
            ("is_fully_paid", "=", True),
            ("full_paid_date", ">=", start),
            ("full_paid_date", "<=", end),
        ]
        rows = Credit.search_read(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "invoice"),
                ("employee_id", "in", list(employee_ids)),
                ("move_id.move_type", "=", "out_refund"),
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
        paid = self._sp_paid_days([o for o in origins.values() if o])
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

    @api.model
    def _sp_paid_days(self, move_ids):
        """``{move_id: day}`` the invoices became fully paid (sales on credit:
        once approved only)."""
        return {
            move.id: day
            for move, day in self.env["sales.performance.credit"]
            .sudo()
            ._read_group(
                [
                    ("move_id", "in", move_ids),
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

    # ------------------------------------------------------------------
    # The documents behind an actual (R-W1)
    # ------------------------------------------------------------------
    def _sp_document_basis(self, cash_basis=False):
        """``(cash, payments)``: whether the documents behind this metric's
        actual count on the cash basis, and whether they are payments;
        metrics of one basis share one load of their documents."""
        self.ensure_one()
        return (
            bool(cash_basis and self._sp_credit_field()),
            self.kind == "cash_collected",
        )

    @api.model
    def _sp_documents(self, company, employee_ids, basis, start, end):
        """``{employee_id: [(move_id, date)]}`` from ``start`` to ``end`` on
        ``basis`` (see :meth:`_sp_document_basis`), one grouped query (ids
        only: no display name of thousands of invoices is computed)."""
        cash_basis, payments = basis
        date_field = "full_paid_date" if cash_basis else "date"
        domain = [
            ("company_id", "=", company.id),
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
            refunds = self._sp_cash_refunds(company, employee_ids, start, end, [])
            for row, day in refunds:
                result[row["employee_id"][0]].append((row["move_id"][0], day))
        return result

    def _sp_value_field(self):
        """The credit field summed for this metric's value of one document
        (``None`` for counts): what a payout on it is attributed by and what
        a refund of it takes back (R-C11, issue 19)."""
        self.ensure_one()
        if self.kind == "cash_collected":
            return "amount_collected"
        return self._sp_credit_field()

    def _sp_document_values(self, company, employee_ids, start, end, cash_basis=False):
        """``[(employee_id, move_id, is_adjustment, value, day)]``: each
        document's value of this metric from ``start`` to ``end``, per
        employee, in company currency, and the day it counts (R-C10 on the
        cash basis; payments on their date). Values are 0 for counts."""
        self.ensure_one()
        field = self._sp_value_field()
        Credit = self.env["sales.performance.credit"].sudo()
        aggregate = [f"{field}:sum"] if field else ["__count"]
        cash = bool(cash_basis and self._sp_credit_field())
        payments = self.kind == "cash_collected"
        date_field = "full_paid_date" if cash else "date"
        domain = [
            ("company_id", "=", company.id),
            ("employee_id", "in", list(employee_ids)),
            ("kind", "=", "payment" if payments else "invoice"),
            (date_field, ">=", start),
            (date_field, "<=", end),
        ]
        if cash:
            domain += [
                ("move_id.move_type", "!=", "out_refund"),
                ("is_fully_paid", "=", True),
                "|",
                ("move_id.sp_credit_sale", "=", False),
                ("move_id.sp_credit_sale_approved", "=", True),
            ]
        rows = []
        for employee, move, adjustment, day, value in Credit._read_group(
            domain,
            ["employee_id", "move_id", "is_adjustment", f"{date_field}:day"],
            aggregate,
        ):
            rows.append(
                (employee.id, move.id, adjustment, value if field else 0.0, day)
            )
        if cash:
            refunds = self._sp_cash_refunds(
                company, employee_ids, start, end, [field, "is_adjustment"]
            )
            rows += [
                (
                    row["employee_id"][0],
                    row["move_id"][0],
                    row["is_adjustment"],
                    row[field],
                    day,
                )
                for row, day in refunds
            ]
        return rows

    def _actual_new_customers(self, company, windows):
        """Customers whose first posted customer invoice is in the window.

        The first invoice of a customer (earliest invoice date, then lowest
        id) credits the customer to its contributors by their share, so a
        split deal counts half a customer for each of two salespeople.

        Only the invoices of the windows are sorted (issue 25): a customer's
        first invoice is in them when it has one there and none before
        them, the first of those by date then id; the year's earlier
        invoices are only looked up, not sorted.
        """
        if not windows:
            return {}
        date_min = min(w[0] for w in windows)
        date_max = max(w[1] for w in windows)
        all_employee_ids = set().union(*windows.values())
        tag_filter = SQL()
        if self.partner_category_ids:
            tag_filter = SQL(
                """AND EXISTS (
                    SELECT 1 FROM res_partner_res_partner_category_rel rel
                     WHERE rel.partner_id = first.commercial_partner_id
                       AND rel.category_id = ANY(%s))""",
                self.partner_category_ids.ids,
            )
        self.env["sales.performance.credit"].flush_model()
        self.env["account.move"].flush_model(
            [
                "state",
                "move_type",
                "invoice_date",
                "commercial_partner_id",
                "company_id",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH first AS (
                    SELECT DISTINCT ON (m.commercial_partner_id)
                           m.id, m.commercial_partner_id, m.invoice_date
                      FROM account_move m
                     WHERE m.state = 'posted'
                       AND m.move_type = 'out_invoice'
                       AND m.company_id = %(company)s
                       AND m.invoice_date BETWEEN %(date_min)s AND %(date_max)s
                       AND m.commercial_partner_id IN (
                            SELECT c.partner_id
                              FROM sales_performance_credit c
                             WHERE c.company_id = %(company)s
                               AND c.kind = 'invoice'
                               AND c.date BETWEEN %(date_min)s AND %(date_max)s)
                       AND NOT EXISTS (
                            SELECT 1
                              FROM account_move e
                             WHERE e.commercial_partner_id = m.commercial_partner_id
                               AND e.state = 'posted'
                               AND e.move_type = 'out_invoice'
                               AND e.company_id = %(company)s
                               AND e.invoice_date < %(date_min)s)
                     ORDER BY m.commercial_partner_id, m.invoice_date, m.id
                )
                SELECT c.employee_id, first.invoice_date, c.share
                  FROM first
                  JOIN sales_performance_credit c
                    ON c.move_id = first.id AND c.kind = 'invoice'
                 WHERE first.invoice_date BETWEEN %(date_min)s AND %(date_max)s
                   AND c.employee_id = ANY(%(employees)s)
                   %(tag_filter)s
                """,
                company=company.id,
                date_min=date_min,
                date_max=date_max,
                employees=list(all_employee_ids),
                tag_filter=tag_filter,
            )
        )
        rows = self.env.cr.fetchall()
        result = {}
        for (date_from, date_to), employee_ids in windows.items():
            for employee_id, invoice_date, share in rows:
                if employee_id in employee_ids and date_from <= invoice_date <= date_to:
                    key = (employee_id, date_from, date_to)
                    result[key] = result.get(key, 0.0) + share / 100.0
        return result
