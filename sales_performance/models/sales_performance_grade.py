# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesPerformanceGrade(models.Model):
    """A grade of a scale, with what it pays (R-A3, R-C2, R-C4, R-P1)."""

    _name = "sales.performance.grade"
    _description = "Grade"
    _order = "scale_id, sequence, score_from desc, id"
    _rec_names_search = ["code", "name"]

    scale_id = fields.Many2one(
        "sales.performance.grade.scale", required=True, ondelete="cascade", index=True
    )
    code = fields.Char(required=True, help="e.g. S, A, B, C, D or A+.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Order of display, best grade first.")
    rank = fields.Integer(
        help="Higher is better; used to compare grades (e.g. 'at least A' in "
        "honours, R-P3). Defaults to the band order."
    )
    score_from = fields.Float(digits=(16, 2), help="Band start, included.")
    score_to = fields.Float(
        digits=(16, 2), help="Band end, excluded (included for the top band)."
    )
    payout_factor = fields.Float(
        digits=(16, 4),
        help="Share of the commission paid below target with this grade "
        "(R-C2), e.g. 0.4 for B.",
    )
    payout_factor_manager = fields.Float(
        string="Manager Payout Factor",
        digits=(16, 4),
        help="Same for members with a manager role (R-C2), e.g. 0.6 for B.",
    )
    pool_coefficient = fields.Float(
        string="Pool Coefficient (F)",
        digits=(16, 4),
        help="Weight of a person with this grade in a store pool (R-C4).",
    )
    perf_pay_coefficient = fields.Float(
        string="Performance Pay Coefficient",
        digits=(16, 4),
        help="Multiplier of the performance part of pay (R-P1).",
    )
    needs_justification = fields.Boolean(
        help="Approving an appraisal with this grade needs a written reason "
        "with a concrete example (R-A5)."
    )
    color = fields.Integer()

    @api.depends("code", "name")
    def _compute_display_name(self):
        """The code with the name ("A – Excellent"), the same in the backend,
        the portal and the reports; the code alone when the name is the
        code."""
        for grade in self:
            grade.display_name = (
                f"{grade.code} – {grade.name}"
                if grade.name and grade.code and grade.name != grade.code
                else grade.name or grade.code or ""
            )

    # What a grade pays with (R-A3, R-C2, R-C4, R-P1, R-P3): fixed once
    # its scale graded the pay of a closed or approved period (issue 19).
    _sp_paid_fields = frozenset(
        {
            "scale_id",
            "code",
            "rank",
            "score_from",
            "score_to",
            "payout_factor",
            "payout_factor_manager",
            "pool_coefficient",
            "perf_pay_coefficient",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        scales = self.env["sales.performance.grade.scale"].browse(
            {vals["scale_id"] for vals in vals_list if vals.get("scale_id")}
        )
        scales._sp_check_history()
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paid(self):
        self.scale_id._sp_check_history()

    def write(self, vals):
        if self._sp_paid_fields & set(vals):
            self.scale_id._sp_check_history()
        # A band edited on the grade itself (list view, import, RPC) must keep
        # the scale without gaps or overlaps: the scale's constraint only sees
        # edits made through the scale (issue 12). Not on create: a scale's
        # grades are created one by one (data files) before the bands close.
        # Edits through the scale form are checked once by the scale's own
        # constraint, after all its lines are written.
        scales = self.scale_id
        res = super().write(vals)
        if {"score_from", "score_to", "scale_id"} & set(vals) and not (
            self.env.context.get("sp_scale_write")
        ):
            (scales | self.scale_id)._check_bands()
        return res

    def unlink(self):
        scales = self.scale_id
        res = super().unlink()
        if not self.env.context.get("sp_scale_write"):
            scales.exists()._check_bands()
        return res

    _sql_constraints = [
        ("code_uniq", "unique(scale_id, code)", "A grade code is unique in its scale."),
    ]
