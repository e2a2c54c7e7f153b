# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    sp_cost_amount = fields.Monetary(
        string="Cost at Invoice Time",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        help="Product cost (quantity x cost price, in company currency) frozen "
        "when the customer invoice or refund was posted; negative on refunds. "
        "Gross margin is measured from it.",
    )
    sp_above_list_amount = fields.Monetary(
        string="Above List Price",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        help="Untaxed amount above the product's list price, frozen at posting "
        "(R-C7), both without tax (VAT taken out of a tax-included list price "
        "by the product's taxes); negative on refunds.",
    )
    sp_above_list_taxed = fields.Monetary(
        string="Above List Price (Tax Included)",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        help="Amount above the product's list price with both sides tax "
        "included (the line's and the product's taxes), frozen at posting "
        "(R-C7); negative on refunds.",
    )

    def _sp_store_costs(self):
        """Freeze the product cost of these invoice lines at posting time,
        and the part of their amount above the product's list price (R-C7);
        negative on refunds. Engine path (sudo): the cost is no user's field.
        """
        lines = self.sudo().filtered(
            lambda line: line.display_type == "product" and line.product_id
        )
        for line in lines:
            move = line.move_id
            sign = -1 if move.move_type == "out_refund" else 1
            product = line.product_id.with_company(move.company_id)
            quantity = line.product_uom_id._compute_quantity(
                line.quantity, product.uom_id, round=False
            )
            currency = move.company_id.currency_id
            line.sp_cost_amount = currency.round(
                sign * quantity * product.standard_price
            )
            # R-C7: the part above the list price, per line, on the same
            # tax basis: the list price without tax (a tax-included list
            # price has its VAT taken out by the product's taxes) against
            # the line's untaxed amount; and both tax included.
            taxes = product.taxes_id.filtered(
                lambda t, c=move.company_id: t.company_id == c
            )
            listed = taxes.compute_all(
                product.lst_price, currency, 1.0, product=product
            )
            untaxed = -sign * line.balance
            taxed = (
                untaxed * line.price_total / line.price_subtotal
                if line.price_subtotal
                else untaxed
            )
            line.sp_above_list_amount = sign * max(
                0.0, currency.round(untaxed - quantity * listed["total_excluded"])
            )
            line.sp_above_list_taxed = sign * max(
                0.0, currency.round(taxed - quantity * listed["total_included"])
            )
