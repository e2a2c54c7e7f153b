# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import explain
from ..tools.child_checks import check_parents, parents_writing


class SalesPerformanceCommissionBand(models.Model):
    """A half-open band ``[lower, upper)`` of a rule and its rate (R-C1).

    The band's unit depends on the rule: a completion ratio (tiered), a
    price ratio (R-C6) or an amount (year-end, R-P2). An empty upper bound
    means no upper limit.
    """

    _name = "sales.performance.commission.band"
    _description = "Commission Band"
    _inherit = ["sales.performance.plan.lock.mixin"]
    _sp_plan_path = "rule_id.plan_id"
    _order = "rule_id, lower, id"

    rule_id = fields.Many2one(
        "sales.performance.commission.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    lower = fields.Float(string="From", digits=(16, 4), required=True, help="Included.")
    upper = fields.Float(
        string="To", digits=(16, 4), help="Excluded; empty (zero) means no limit."
    )
    rate = fields.Float(digits=(16, 6), required=True, help="e.g. 2.5 %.")

    # Versions (issue 19): a band of a rule that paid approved statements
    # changes only in a new version of the rule (Change Rules).
    def _sp_check_unlocked(self):
        self.rule_id._sp_check_unlocked()
        self.rule_id._sp_check_history()

    @api.model
    def _sp_plans_of_vals(self, vals_list):
        rules = self.env["sales.performance.commission.rule"].browse(
            {vals["rule_id"] for vals in vals_list if vals.get("rule_id")}
        )
        rules._sp_check_history()
        return (rules - rules._sp_is_draft_copy()).plan_id

    def _sp_text(self):
        """'100 % and above', '80 %–100 %' (amounts for year-end bands)."""
        self.ensure_one()
        fmt = explain.num if self.rule_id.rule_type == "year_end" else explain.pct
        if not self.upper:
            return self.env._("%(lower)s and above", lower=fmt(self.lower))
        return self.env._(
            "%(lower)s–%(upper)s", lower=fmt(self.lower), upper=fmt(self.upper)
        )

    def _contains(self, value):
        self.ensure_one()
        return self.lower <= value and (not self.upper or value < self.upper)

    # Issue 21: a band created, written or deleted on its own checks its rule
    # at once (a negative rate or an overlapping band was accepted until the
    # next run); the rule's form leaves it to the rule's own constraint.
    @api.model
    def _sp_check_rules(self, rules):
        check_parents(rules, lambda records: records._check_bands())

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        self._sp_check_rules(bands.rule_id)
        return bands

    def write(self, vals):
        rules = self.rule_id
        res = super().write(vals)
        self._sp_check_rules(rules | self.rule_id)
        return res

    def unlink(self):
        rules = self.rule_id
        res = super().unlink()
        self._sp_check_rules(rules)
        return res


class SalesPerformanceCommissionRule(models.Model):
    _inherit = "sales.performance.commission.rule"

    def write(self, vals):
        # the rule's form saves its bands one command at a time: the bands
        # leave the check to the rule's constraint, once all have run
        with parents_writing(self):
            return super().write(vals)
