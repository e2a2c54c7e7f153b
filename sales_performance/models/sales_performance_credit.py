# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesPerformanceCredit(models.Model):
    """Who gets credit for what: one row per source document and contributor.

    ``invoice`` rows carry a posted customer invoice's or refund's revenue,
    cost, margin and quantity, signed (refunds are negative, R-C11), in
    company currency at the invoice date, times the contributor's share;
    with the date the invoice became fully paid, if it is (R-C10).

    ``payment`` rows carry cash collected on the invoice, one per payment
    (reconciliation), on the payment date; partial payments are recorded
    here while the invoice row is not "fully paid" yet (R-C10).

    Rows are written only by :meth:`account.move._sp_sync_credits`. Rows
    dated in a closed period are frozen: later changes of their document are
    booked as adjustment rows in the next open period, and documents dated in
    a closed period are credited in the next open period.
    """

    # Amounts of a row; the difference between a document's frozen rows and
    # what they are now worth is booked on these.
    _sp_amount_fields = (
        "amount_revenue",
        "amount_cost",
        "amount_margin",
        "amount_total",
        "quantity",
        "amount_collected",
    )

    _name = "sales.performance.credit"
    _description = "Sales Credit"
    _order = "date desc, id desc"
    _rec_name = "move_id"

    @classmethod
    def _sp_delta_fields(cls, kind):
        """Amounts that make a row's figures; the paid status and the cash
        collected so far on an invoice row are not figures of its period."""
        if kind == "payment":
            return ("amount_collected",)
        return tuple(f for f in cls._sp_amount_fields if f != "amount_collected")

    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, help="The company currency."
    )
    kind = fields.Selection(
        [("invoice", "Invoice"), ("payment", "Payment")],
        required=True,
        index=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        help="Invoice date for invoice rows, payment date for payment rows.",
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, ondelete="cascade", index=True
    )
    move_type = fields.Selection(related="move_id.move_type", string="Type")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, help="Commercial partner."
    )
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Reconciliation",
        ondelete="set null",
        help="The reconciliation with the payment, for payment rows.",
    )
    partial_ref = fields.Integer(
        string="Reconciliation Reference",
        help="Technical: id of the reconciliation, kept after it is removed so "
        "that a frozen payment credit can be reversed in an open period.",
    )
    origin_date = fields.Date(
        help="Date of the document or payment when it falls in a closed period: "
        "the credit is then dated in the next open period.",
    )
    is_adjustment = fields.Boolean(
        help="Difference booked in an open period for a document whose credits "
        "are frozen in a closed period (cancellation, reversal, late change).",
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, string="User"
    )
    role_id = fields.Many2one("sales.performance.role")
    share = fields.Float(string="Share (%)", digits=(16, 4))
    amount_revenue = fields.Monetary(
        string="Net Revenue", help="Untaxed, negative for refunds."
    )
    amount_cost = fields.Monetary(string="Cost", help="Product cost at invoice time.")
    amount_margin = fields.Monetary(string="Margin")
    amount_total = fields.Monetary(string="Total (taxed)")
    quantity = fields.Float(digits="Product Unit of Measure")
    amount_collected = fields.Monetary(
        string="Cash Collected",
        help="Payment rows: cash of this payment. Invoice rows: cash collected so far.",
    )
    is_fully_paid = fields.Boolean(string="Fully Paid", index=True)
    full_paid_date = fields.Date(
        string="Fully Paid On",
        index=True,
        help="Date of the reconciliation that brought the invoice's residual to "
        "zero (R-C10).",
    )

    # ------------------------------------------------------------------
    # Closed is closed (period lock): a row dated in a closed period keeps
    # its figures for everyone, the engine included; only the paid status of
    # an invoice row follows the document, paid in an open period.
    # ------------------------------------------------------------------
    _sp_paid_status_fields = frozenset(
        {"is_fully_paid", "full_paid_date", "amount_collected"}
    )

    def _sp_frozen(self):
        closed = self.env["date.range"]._sp_closed_ranges(self.company_id)
        return self.filtered(
            lambda c: any(
                start <= c.date <= end for start, end in closed.get(c.company_id.id, [])
            )
        ), closed

    def write(self, vals):
        frozen, closed = self._sp_frozen()
        if frozen:
            paid_date = fields.Date.to_date(vals.get("full_paid_date"))
            late_paid = paid_date and any(
                start <= paid_date <= end
                for c in frozen
                for start, end in closed.get(c.company_id.id, [])
            )
            if set(vals) - self._sp_paid_status_fields or late_paid:
                raise UserError(
                    self.env._(
                        "Credit of %(document)s is dated in a closed period: it "
                        "cannot change. Changes are booked in the next open "
                        "period.",
                        document=frozen[0].move_id.display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_period(self):
        frozen = self._sp_frozen()[0]
        if frozen:
            raise UserError(
                self.env._(
                    "Credit of %(document)s is dated in a closed period: it "
                    "cannot change. Changes are booked in the next open "
                    "period.",
                    document=frozen[0].move_id.display_name,
                )
            )
