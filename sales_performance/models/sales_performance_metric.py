# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

MONETARY_KINDS = ("net_revenue", "cash_collected", "margin")


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
    def _compute_actuals(self, company, windows):
        """Measure this metric for employees over date windows.

        :param company: the company whose credits count
        :param windows: ``{(date_from, date_to): employee ids}``
        :return: ``{(employee_id, date_from, date_to): value}`` in company
            currency for monetary metrics; missing keys mean zero.
        """
        self.ensure_one()
        return getattr(self, f"_actual_{self.kind}")(company, windows)

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

    def _actual_net_revenue(self, company, windows):
        return self._sum_credits(company, windows, "amount_revenue", "invoice")

    def _actual_margin(self, company, windows):
        return self._sum_credits(company, windows, "amount_margin", "invoice")

    def _actual_quantity(self, company, windows):
        return self._sum_credits(company, windows, "quantity", "invoice")

    def _actual_cash_collected(self, company, windows):
        # Payment credits carry the collected amount on the payment date (R-C10).
        return self._sum_credits(company, windows, "amount_collected", "payment")

    def _actual_new_customers(self, company, windows):
        """Customers whose first posted customer invoice is in the window.

        The first invoice of a customer (earliest invoice date, then lowest
        id) credits the customer to its contributors by their share, so a
        split deal counts half a customer for each of two salespeople.
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
                       AND m.commercial_partner_id IN (
                            SELECT c.partner_id
                              FROM sales_performance_credit c
                             WHERE c.company_id = %(company)s
                               AND c.kind = 'invoice'
                               AND c.date BETWEEN %(date_min)s AND %(date_max)s)
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
