# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

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
        total = sum(indicators.mapped("weight"))
        if float_compare(total, 100.0, precision_digits=2):
            raise ValidationError(
                self.env._(
                    "The %(cycle)s scorecard of plan '%(plan)s' weighs %(total)s %% "
                    "instead of 100 %%: adjust the weights.",
                    cycle=dict(CYCLES)[cycle],
                    plan=plan.name,
                    total=round(total, 2),
                )
            )
