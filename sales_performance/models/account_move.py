# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..hooks import CUSTOMER_INVOICE_INDEX
from ..tools import fact_versions, readers
from ..tools.explain import recorder
from .sales_performance_credit import CUSTOMER_TYPES


class AccountMove(models.Model):
    """Hooks of the invoice's life cycle: every change re-syncs its credits
    (the ledger is :meth:`sales.performance.credit._sp_sync_for`)."""

    _name = "account.move"
    _inherit = ["account.move", "sales.performance.split.mixin"]

    sp_split_ids = fields.One2many(
        inverse_name="move_id",
        help="Who gets credit for this invoice. Empty: 100 % to the employee "
        "of the salesperson.",
    )
    sp_credit_sale = fields.Boolean(
        string="Sold on Credit",
        compute="_compute_sp_credit_sale",
        store=True,
        help="Its payment terms give the customer time to pay: with cash before "
        "commission, it earns commission only once the credit sale is approved "
        "(R-C10).",
    )
    sp_credit_sale_approved = fields.Boolean(
        string="Credit Sale Approved",
        copy=False,
        tracking=True,
        groups="sales_performance.group_sp_manager",
        help="The general manager approved selling this invoice on credit (R-C10).",
    )
    sp_company_negotiated = fields.Boolean(
        string="Negotiated by the Company",
        copy=False,
        groups="sales_performance.group_sp_user",
        help="The company negotiated the deal: no above-list-price share (R-C7).",
    )
    sp_project_expenses = fields.Monetary(
        string="Project Expenses",
        currency_field="company_currency_id",
        copy=False,
        groups="sales_performance.group_sp_user",
        help="Project-related expenses deducted from the contract amount for the "
        "price-ratio commission (R-C6), in company currency.",
    )
    sp_credit_ids = fields.One2many(
        "sales.performance.credit",
        "move_id",
        string="Sales Credits",
        readonly=True,
        groups="sales_performance.group_sp_user",
    )
    sp_credit_warning = fields.Char(
        string="Credit Warning",
        compute="_compute_sp_credit_warning",
        groups="sales_performance.group_sp_user",
    )

    def init(self):
        res = super().init()
        # A customer's earlier posted invoices, looked up per customer by the
        # new-customers metric (R-T3) without reading the year's invoices
        # (issue 25: measurement at 100k invoices).
        create_index(
            self.env.cr,
            CUSTOMER_INVOICE_INDEX,
            self._table,
            ["commercial_partner_id", "company_id", "invoice_date"],
            where="state = 'posted' AND move_type = 'out_invoice'",
        )
        # the triggers that version each document's facts, however they are
        # written (issue 25: fingerprints read versions, not rows)
        fact_versions.install(self.env.cr)
        return res

    @api.depends(
        "move_type",
        "invoice_payment_term_id.line_ids.nb_days",
        "invoice_payment_term_id.line_ids.delay_type",
    )
    def _compute_sp_credit_sale(self):
        """Sold on credit: the payment terms give time to pay (R-C10)."""
        for move in self:
            move.sp_credit_sale = move.move_type == "out_invoice" and any(
                line.nb_days > 0 or line.delay_type != "days_after"
                for line in move.invoice_payment_term_id.line_ids
            )

    @api.depends("state", "move_type", "invoice_user_id", "sp_credit_ids")
    def _compute_sp_credit_warning(self):
        for move in self:
            move.sp_credit_warning = False
            if (
                move.state == "posted"
                and move.move_type in CUSTOMER_TYPES
                and not move.sudo().sp_credit_ids
            ):
                move.sp_credit_warning = self.env._(
                    "Nobody is credited for this invoice: its salesperson "
                    "%(user)s has no employee in %(company)s. Link the user to "
                    "an employee or set a credit split.",
                    user=move.invoice_user_id.name or self.env._("(none)"),
                    company=move.company_id.name,
                )

    def _sp_split_label(self):
        return self.env._("invoice")

    # ------------------------------------------------------------------
    # Document life cycle: every change re-syncs the credits
    # ------------------------------------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        customer = posted.filtered(lambda m: m.move_type in CUSTOMER_TYPES)
        customer.sudo().invoice_line_ids._sp_store_costs()
        self.env["sales.performance.credit"]._sp_sync_for(customer)
        return posted

    def button_draft(self):
        res = super().button_draft()
        self.env["sales.performance.credit"]._sp_sync_for(self)
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self.env["sales.performance.credit"]._sp_sync_for(self)
        return res

    def _reverse_moves(self, default_values_list=None, cancel=False):
        reverses = super()._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )
        # R-C11: a refund credits the same people as its invoice, negatively:
        # its salesperson unless one is given (Odoo's reversal wizard gives
        # it; a refund made in code would otherwise be OdooBot's, credited
        # to nobody, and take nothing back).
        given = [
            "invoice_user_id" in vals
            for vals in (default_values_list or [{}] * len(reverses))
        ]
        split_vals = []
        for reverse, explicit in zip(reverses.sudo(), given, strict=False):
            origin = reverse.reversed_entry_id
            if (
                not explicit
                and origin.invoice_user_id
                and reverse.invoice_user_id != origin.invoice_user_id
                and reverse.state == "draft"
            ):
                reverse.invoice_user_id = origin.invoice_user_id
            if origin.sp_split_ids and not reverse.sp_split_ids:
                split_vals += origin._sp_split_copy_vals(reverse)
        if split_vals:
            self.env["sales.performance.split"].sudo().create(split_vals)
        self.env["sales.performance.credit"]._sp_sync_for(reverses)
        return reverses

    def _sp_copy_splits_from_orders(self):
        """Carry the orders' credit splits to their new invoices.

        An invoice grouping orders with different splits gets none and a
        note in its chatter: the split has to be set on the invoice.
        """
        vals_list = []
        for move in self.filtered(lambda m: not m.sp_split_ids):
            orders = move.invoice_line_ids.sale_line_ids.order_id
            splits = {
                tuple(
                    (v["employee_id"], v["role_id"], v["share"])
                    for v in order.sp_split_ids._copy_vals()
                )
                for order in orders
            }
            if len(splits) > 1:
                readers.post(
                    move,
                    recorder(self.env)._(
                        "The orders %(orders)s have different credit splits: "
                        "set the credit split on this invoice.",
                        orders=", ".join(orders.mapped("name")),
                    ),
                )
                continue
            if orders and orders[0].sp_split_ids:
                vals_list += orders[0]._sp_split_copy_vals(move)
        if vals_list:
            self.env["sales.performance.split"].create(vals_list)
            self.env["sales.performance.credit"]._sp_sync_for(
                self.filtered(lambda m: m.state == "posted")
            )

    def write(self, vals):
        res = super(AccountMove, self._sp_split_deferred(vals)).write(vals)
        if "sp_split_ids" in vals or "invoice_user_id" in vals:
            self.env["sales.performance.credit"]._sp_sync_for(
                self.filtered(lambda m: m.state == "posted")
            )
        return res
