# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .sales_performance_split import SPLIT_DEFERRED


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sp_split_ids = fields.One2many(
        "sales.performance.split",
        "order_id",
        string="Credit Split",
        # Not copied by the ORM: ``copy()`` reads copied fields as the user, and
        # a plain sales user (no addon group) must still duplicate quotations.
        # :meth:`copy` carries the split itself.
        copy=False,
        groups="sales_performance.group_sp_user",
        help="Who gets credit for this order's invoices. Empty: 100 % to the "
        "employee of the salesperson.",
    )

    sp_split_editable = fields.Boolean(
        compute="_compute_sp_split_editable",
        help="Technical: the current user may edit the credit split.",
    )

    @api.depends_context("uid")
    def _compute_sp_split_editable(self):
        editable = self.env.user.has_group("sales_performance.group_sp_manager")
        for record in self:
            record.sp_split_editable = editable

    def write(self, vals):
        orders = self
        if "sp_split_ids" in vals:
            # Credit split: the lines are checked together once all commands ran.
            orders = self.with_context(sp_split_deferred=SPLIT_DEFERRED)
        return super(SaleOrder, orders).write(vals)

    def copy(self, default=None):
        """A duplicated quotation keeps its credit split, whoever duplicates
        it: the split was set by a manager on the original, the copy only
        repeats it (engine path, sudo)."""
        new_orders = super().copy(default=default)
        if default and "sp_split_ids" in default:
            return new_orders
        vals_list = []
        for order, new_order in zip(self.sudo(), new_orders, strict=True):
            vals_list += [
                dict(vals, order_id=new_order.id)
                for vals in order.sp_split_ids._copy_vals()
            ]
        if vals_list:
            self.env["sales.performance.split"].sudo().create(vals_list)
        return new_orders

    @api.constrains("sp_split_ids")
    def _check_sp_split_ids(self):
        self.env["sales.performance.split"]._check_totals(
            self.sudo(), self.env._("sale order")
        )

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        moves.sudo()._sp_copy_splits_from_orders()
        return moves
