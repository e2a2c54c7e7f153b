# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .sales_performance_split import SPLIT_DEFERRED


class SalesPerformanceSplitMixin(models.AbstractModel):
    """The credit split of a document (sale order, invoice): its lines, who
    may edit them, their 100 % check and their copy onto another document.

    A document model inherits it, extends ``sp_split_ids`` with its inverse
    field on ``sales.performance.split`` (and its help) and names itself in
    :meth:`_sp_split_label`.
    """

    _name = "sales.performance.split.mixin"
    _description = "Credit Split Mixin"

    sp_split_ids = fields.One2many(
        "sales.performance.split",
        string="Credit Split",
        # Not copied by the ORM: ``copy()`` reads copied fields as the user, and
        # a plain sales user (no addon group) must still duplicate the
        # document. The document carries the split itself where it should.
        copy=False,
        groups="sales_performance.group_sp_user",
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

    def _sp_split_label(self):
        """The document's kind in the messages of the split check."""
        raise NotImplementedError()

    @api.constrains("sp_split_ids")
    def _check_sp_split_ids(self):
        self.env["sales.performance.split"]._check_totals(
            self.sudo(), self._sp_split_label()
        )

    def _sp_split_deferred(self, vals):
        """These records for a ``write`` of ``vals``: writing the credit split,
        its lines are checked together once all commands ran (constraint
        :meth:`_check_sp_split_ids`), not one by one."""
        if "sp_split_ids" in vals:
            return self.with_context(sp_split_deferred=SPLIT_DEFERRED)
        return self

    def _sp_split_copy_vals(self, target):
        """Values of this document's split lines, for ``target``'s split."""
        self.ensure_one()
        field = target._fields["sp_split_ids"].inverse_name
        return [
            dict(vals, **{field: target.id}) for vals in self.sp_split_ids._copy_vals()
        ]
