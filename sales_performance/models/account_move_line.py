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
