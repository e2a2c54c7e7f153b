# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _sp_customer_moves(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return moves.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund") and m.state == "posted"
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        # R-C10: a payment (full or partial) changes the cash credited.
        self.env["sales.performance.credit"]._sp_sync_for(partials._sp_customer_moves())
        return partials

    def unlink(self):
        # A payment reversal or unreconciliation takes the cash back (R-C11).
        moves = self._sp_customer_moves()
        res = super().unlink()
        self.env["sales.performance.credit"]._sp_sync_for(moves)
        return res
