# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sales.performance.split.mixin"]

    sp_split_ids = fields.One2many(
        inverse_name="order_id",
        # :meth:`copy` carries the split itself (not copied by the ORM).
        help="Who gets credit for this order's invoices. Empty: 100 % to the "
        "employee of the salesperson.",
    )

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
