# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import readers


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sales.performance.split.mixin"]

    sp_split_ids = fields.One2many(
        inverse_name="order_id",
        # :meth:`copy` carries the split itself (not copied by the ORM).
        help="Who gets credit for this order's invoices. Empty: 100 % to the "
        "employee of the salesperson.",
    )

    @api.depends_context("sp_whatif")
    def _compute_display_name(self):
        """In My Performance's what-if picker (context ``sp_whatif``), a
        quotation reads with its customer and untaxed amount (issue 23):
        ``S00021 · Customer · ¥ 2,000.00``; also when searched."""
        if not self.env.context.get("sp_whatif"):
            return super()._compute_display_name()
        for order in self:
            order.display_name = " · ".join(
                filter(
                    None,
                    [
                        order.name,
                        order.partner_id.name,
                        readers.amount(
                            self.env, order.amount_untaxed, order.currency_id
                        ),
                    ],
                )
            )
        return None

    @property
    def _rec_names_search(self):
        # the what-if picker finds a quotation by its customer too
        if self.env.context.get("sp_whatif"):
            return ["name", "partner_id.name"]
        return super()._rec_names_search

    def _sp_split_label(self):
        return self.env._("sale order")

    def write(self, vals):
        return super(SaleOrder, self._sp_split_deferred(vals)).write(vals)

    def copy(self, default=None):
        """A duplicated quotation keeps its credit split, whoever duplicates
        it: the split was set by a manager on the original, the copy only
        repeats it (engine path, sudo)."""
        new_orders = super().copy(default=default)
        if default and "sp_split_ids" in default:
            return new_orders
        vals_list = []
        for order, new_order in zip(self.sudo(), new_orders, strict=True):
            vals_list += order._sp_split_copy_vals(new_order)
        if vals_list:
            self.env["sales.performance.split"].sudo().create(vals_list)
        return new_orders

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        moves.sudo()._sp_copy_splits_from_orders()
        return moves
