# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..tools.states import APPRAISAL_FINAL_STATES, FROZEN_STATES


class SalesPerformanceGradeScale(models.Model):
    """A grade scale (考核等级, R-A3): score bands that give a grade.

    Bands are half-open, ``[score_from, score_to)``, except the top band
    which includes its upper bound; together they cover the scale's range
    ``[score_min, score_max]`` without gap or overlap. A score is graded as
    computed, unrounded: with S = [101, 105], A = [90, 101), D = [0, 70),
    100.5 is an A and 69.5 a D.
    """

    _name = "sales.performance.grade.scale"
    _description = "Grade Scale"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share.")
    score_min = fields.Float(string="Lowest Score", default=0.0, digits=(16, 2))
    score_max = fields.Float(string="Highest Score", default=100.0, digits=(16, 2))
    grade_ids = fields.One2many(
        "sales.performance.grade", "scale_id", string="Grades", copy=True
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code, company_id)", "A scale code must be unique."),
    ]

    def write(self, vals):
        if {"score_min", "score_max"} & set(vals):
            self._sp_check_history()
        # the grades' own band check waits for this one (issue 12)
        return super(
            SalesPerformanceGradeScale, self.with_context(sp_scale_write=True)
        ).write(vals)

    # ------------------------------------------------------------------
    # Money over time (issue 19): a scale that graded appraisals of closed
    # periods or paid approved statements keeps its bands and factors.
    # ------------------------------------------------------------------
    def _sp_used_periods(self):
        """Periods whose pay read this scale's grades: approved (posted,
        paid) statement lines with one of its grades, final appraisals of
        closed periods graded with it."""
        self.ensure_one()
        grades = self.with_context(active_test=False).grade_ids
        if not grades:
            return self.env["date.range"]
        lines = (
            self.env["sales.performance.statement.line"]
            .sudo()
            .search(
                [
                    ("grade_id", "in", grades.ids),
                    ("statement_state", "in", FROZEN_STATES),
                ]
            )
        )
        appraisals = (
            self.env["sales.performance.appraisal"]
            .sudo()
            .search(
                [
                    ("grade_id", "in", grades.ids),
                    ("state", "in", APPRAISAL_FINAL_STATES),
                    ("period_id.sp_state", "=", "closed"),
                ]
            )
        )
        periods = (lines.origin_period_id | lines.period_id) | appraisals.period_id
        return periods.sorted("date_start")

    def _sp_check_history(self):
        for scale in self:
            periods = scale._sp_used_periods()
            if periods:
                raise UserError(
                    self.env._(
                        "Grade scale '%(scale)s' graded the pay of %(periods)s: its "
                        "bands and factors stay as they were paid. To use other "
                        "bands or factors from now on, duplicate the scale, change "
                        "the copy and choose it as the plan's Appraisal Grade Scale "
                        "for the appraisals to come.",
                        scale=scale.name,
                        periods=", ".join(periods.mapped("name")),
                    )
                )

    @api.constrains("grade_ids", "score_min", "score_max")
    def _check_bands(self):
        for scale in self:
            if float_compare(scale.score_min, scale.score_max, precision_digits=2) >= 0:
                raise ValidationError(
                    self.env._(
                        "Grade scale '%(scale)s': the lowest score must be below "
                        "the highest score.",
                        scale=scale.name,
                    )
                )
            bands = scale.grade_ids.sorted(lambda g: (g.score_from, g.score_to))
            if not bands:
                continue
            expected = scale.score_min
            for grade in bands:
                if (
                    float_compare(grade.score_from, grade.score_to, precision_digits=2)
                    >= 0
                ):
                    raise ValidationError(
                        self.env._(
                            "Grade %(grade)s of scale '%(scale)s' has an empty "
                            "band: its 'from' score must be below its 'to' score.",
                            grade=grade.code,
                            scale=scale.name,
                        )
                    )
                gap = float_compare(grade.score_from, expected, precision_digits=2)
                if gap:
                    raise ValidationError(
                        self.env._(
                            "Grade scale '%(scale)s' has a %(problem)s at "
                            "%(score)s (grade %(grade)s starts at %(start)s): "
                            "make each band start where the previous one ends.",
                            scale=scale.name,
                            problem=self.env._("gap")
                            if gap > 0
                            else self.env._("overlap"),
                            score=expected,
                            grade=grade.code,
                            start=grade.score_from,
                        )
                    )
                expected = grade.score_to
            if float_compare(expected, scale.score_max, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "Grade scale '%(scale)s': the bands end at %(end)s but the "
                        "scale goes up to %(max)s: extend the top band.",
                        scale=scale.name,
                        end=expected,
                        max=scale.score_max,
                    )
                )

    def _grade_for_score(self, score):
        """The grade whose band holds ``score``; the top band includes its
        upper bound. Raises if the score is outside the scale."""
        self.ensure_one()
        if (
            float_compare(score, self.score_min, precision_digits=2) < 0
            or float_compare(score, self.score_max, precision_digits=2) > 0
        ):
            raise ValidationError(
                self.env._(
                    "Score %(score)s is outside grade scale '%(scale)s' "
                    "(%(min)s to %(max)s): correct the score.",
                    score=score,
                    scale=self.name,
                    min=self.score_min,
                    max=self.score_max,
                )
            )
        bands = self.grade_ids.sorted("score_from")
        for grade in bands:
            if float_compare(score, grade.score_to, precision_digits=6) < 0:
                return grade
        return bands[-1:]

    def _sp_grade_within(self, score):
        """The grade of ``score`` brought within the scale (a total above
        the top or below the bottom takes the top or bottom grade): how an
        appraisal's total is graded (R-A3)."""
        self.ensure_one()
        return self._grade_for_score(min(max(score, self.score_min), self.score_max))
