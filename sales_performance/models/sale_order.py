# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sp_split_ids = fields.One2many(
        "sales.performance.split",
        "order_id",
        string="Credit Split",
        copy=True,
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

    @api.constrains("sp_split_ids")
    def _check_sp_split_ids(self):
        self.env["sales.performance.split"]._check_totals(
            self.sudo(), self.env._("sale order")
        )

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        moves.sudo()._sp_copy_splits_from_orders()
        return moves
