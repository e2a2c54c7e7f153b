# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SalesPerformancePlanLockMixin(models.AbstractModel):
    """Records that are part of a plan and locked with it (R-A4).

    An approved plan is locked: its members, targets, commission rules and
    bands cannot be created, changed, moved into it or deleted until it is
    reset to draft (``sales.performance.plan._sp_check_editable`` says so).
    A model inheriting this mixin names the path to its plan in
    ``_sp_plan_path`` and the fields that may still change on a locked plan
    in ``_sp_plan_lock_free_fields``; a model with further locks (a closed
    period) extends ``_sp_check_unlocked``.
    """

    _name = "sales.performance.plan.lock.mixin"
    _description = "Sales Performance Record Locked With Its Plan"

    # The path from the record to its plan, e.g. "plan_id" or "rule_id.plan_id".
    _sp_plan_path = "plan_id"
    # Fields written on a locked plan without editing it (e.g. acknowledging).
    _sp_plan_lock_free_fields = frozenset()

    def _sp_check_unlocked(self):
        """Refuse changing these records: their plan is approved (locked)."""
        self.mapped(self._sp_plan_path)._sp_check_editable()

    @api.model
    def _sp_plans_of_vals(self, vals_list):
        """The plans named in ``vals_list`` (the first field of the path)."""
        first, __, rest = self._sp_plan_path.partition(".")
        comodel = self.env[self._fields[first].comodel_name]
        records = comodel.browse({vals[first] for vals in vals_list if vals.get(first)})
        return records.mapped(rest) if rest else records

    @api.model_create_multi
    def create(self, vals_list):
        self._sp_plans_of_vals(vals_list)._sp_check_editable()
        records = super().create(vals_list)
        records._sp_check_unlocked()
        return records

    def write(self, vals):
        if set(vals) - self._sp_plan_lock_free_fields:
            self._sp_check_unlocked()
            # moving a record into a locked plan is editing it too
            self._sp_plans_of_vals([vals])._sp_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_plan_locked(self):
        self._sp_check_unlocked()
