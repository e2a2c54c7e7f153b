# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools.child_checks import parents_writing

CYCLES = [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")]


class SalesPerformanceScorecardIndicator(models.Model):
    """An indicator of a plan's scorecard for one appraisal cycle (R-A2):
    weight, and how it is scored."""

    _name = "sales.performance.scorecard.indicator"
    _description = "Scorecard Indicator"
    _order = "plan_id, cycle, sequence, id"

    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    cycle = fields.Selection(CYCLES, required=True, default="month")
    weight = fields.Float(string="Weight (%)", digits=(16, 2), required=True)
    kind = fields.Selection(
        [
            ("quantitative", "Quantitative (from achievements)"),
            ("qualitative", "Qualitative (scored by people)"),
            ("quarters", "Quarterly results (yearly cycle)"),
        ],
        required=True,
        default="quantitative",
        help="Quarterly results: the average total score of the year's published "
        "quarterly appraisals (R-A1).",
    )
    metric_id = fields.Many2one("sales.performance.metric")
    scoring = fields.Selection(
        [("ratio", "Completion x 100, capped"), ("bands", "Band table")],
        default="ratio",
    )
    cap = fields.Float(
        string="Maximum Score",
        default=100.0,
        digits=(16, 2),
        help="Completion ratio x 100, capped at this score.",
    )
    band_ids = fields.One2many(
        "sales.performance.scorecard.band", "indicator_id", string="Bands", copy=True
    )
    scorer = fields.Selection(
        [("self", "Employee"), ("manager", "Manager"), ("both", "Both")],
        default="manager",
        help="Who scores a qualitative indicator.",
    )
    self_weight = fields.Float(
        string="Self Weight (%)",
        default=30.0,
        digits=(16, 2),
        help="With both scorers: weight of the employee's own score; the manager "
        "has the rest.",
    )
    dimension_id = fields.Many2one(
        "sales.performance.appraisal.dimension",
        help="Dimension graded separately on its own scale (R-A3).",
    )

    @api.constrains("kind", "metric_id", "scoring", "band_ids", "self_weight", "weight")
    def _check_indicator(self):
        for indicator in self:
            if indicator.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "Indicator '%(indicator)s' needs a positive weight.",
                        indicator=indicator.name,
                    )
                )
            if indicator.kind == "quantitative":
                if not indicator.metric_id:
                    raise ValidationError(
                        self.env._(
                            "Quantitative indicator '%(indicator)s' needs a metric.",
                            indicator=indicator.name,
                        )
                    )
                if indicator.metric_id not in indicator.plan_id.metric_ids:
                    raise ValidationError(
                        self.env._(
                            "Indicator '%(indicator)s' is measured on %(metric)s, "
                            "which "
                            "plan '%(plan)s' has no targets for: add the metric to the "
                            "plan or choose another one.",
                            indicator=indicator.name,
                            metric=indicator.metric_id.name,
                            plan=indicator.plan_id.name,
                        )
                    )
                if indicator.scoring == "bands" and not indicator.band_ids:
                    raise ValidationError(
                        self.env._(
                            "Indicator '%(indicator)s' scores by bands but has none.",
                            indicator=indicator.name,
                        )
                    )
            if not 0 <= indicator.self_weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The self weight of '%(indicator)s' is a percentage.",
                        indicator=indicator.name,
                    )
                )
            if indicator.kind == "quarters" and indicator.cycle != "year":
                raise ValidationError(
                    self.env._(
                        "Quarterly results only make sense in a yearly scorecard."
                    )
                )

    @api.constrains("band_ids")
    def _check_score_bands(self):
        """Band tables (issue 21): half-open bands ``[from, to)`` of a
        completion ratio from 0, each starting where the previous one ends
        (no overlap, no gap; the last may have no limit), scoring within the
        plan's grade scale."""
        for indicator in self:
            bands = indicator.band_ids.sorted("lower")
            scale = indicator.plan_id.appraisal_scale_id
            top = scale.score_max if scale else None
            for index, band in enumerate(bands):
                if band.lower < 0 or (
                    band.upper and float_compare(band.upper, band.lower, 4) <= 0
                ):
                    raise ValidationError(
                        self.env._(
                            "Indicator '%(indicator)s': the band from %(lower)s "
                            "must start at 0 or above and end after it starts.",
                            indicator=indicator.name,
                            lower=band.lower,
                        )
                    )
                if band.score < 0 or (
                    top is not None and float_compare(band.score, top, 2) > 0
                ):
                    raise ValidationError(
                        self.env._(
                            "Indicator '%(indicator)s': the band from %(lower)s "
                            "scores %(score)s, outside the grade scale (0 to "
                            "%(max)s).",
                            indicator=indicator.name,
                            lower=band.lower,
                            score=band.score,
                            max=top if top is not None else "-",
                        )
                    )
                following = bands[index + 1 : index + 2]
                if following and (
                    not band.upper or float_compare(band.upper, following.lower, 4)
                ):
                    raise ValidationError(
                        self.env._(
                            "Indicator '%(indicator)s': bands overlap or leave a "
                            "gap between %(end)s and %(start)s: each band must "
                            "start where the previous one ends.",
                            indicator=indicator.name,
                            end=band.upper or self.env._("no limit"),
                            start=following.lower,
                        )
                    )

    def write(self, vals):
        # the indicator's form saves its bands one command at a time: the
        # bands leave the check to the indicator's constraints (issue 21)
        with parents_writing(self):
            return super().write(vals)

    def _score_completion(self, completion):
        """Quantitative score of a completion ratio."""
        self.ensure_one()
        if self.scoring == "bands":
            for band in self.band_ids.sorted("lower"):
                if band.lower <= completion and (
                    not band.upper or completion < band.upper
                ):
                    return band.score
            return 0.0
        return min(completion * 100.0, self.cap)

    @api.model
    def _check_weights(self, plan, cycle):
        """Weights of a cycle's scorecard add up to 100 % (R-A2)."""
        indicators = plan.scorecard_ids.filtered(lambda i: i.cycle == cycle)
        if not indicators:
            return
        self._sp_check_weight_total(plan.name, cycle, indicators.mapped("weight"))

    @api.model
    def _sp_check_weight_total(self, name, cycle, weights):
        """The weights of the ``cycle`` scorecard of ``name`` (a plan, or a
        plan model's modelled weights, issue 24) total 100 % (R-A2)."""
        total = sum(weights)
        if float_compare(total, 100.0, precision_digits=2):
            raise ValidationError(
                self.env._(
                    "The %(cycle)s scorecard of plan '%(plan)s' weighs %(total)s %% "
                    "instead of 100 %%: adjust the weights.",
                    cycle=dict(CYCLES)[cycle],
                    plan=name,
                    total=round(total, 2),
                )
            )
