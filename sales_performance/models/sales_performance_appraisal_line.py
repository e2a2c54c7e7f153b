# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import scoring


class SalesPerformanceAppraisalLine(models.Model):
    """A scorecard line of an appraisal (R-A2)."""

    _name = "sales.performance.appraisal.line"
    _description = "Appraisal Line"
    _order = "appraisal_id, sequence, id"

    appraisal_id = fields.Many2one(
        "sales.performance.appraisal", required=True, ondelete="cascade", index=True
    )
    indicator_id = fields.Many2one(
        "sales.performance.scorecard.indicator", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    # the indicator's name in every language (issue 23), see _sp_generate
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [
            ("quantitative", "Quantitative"),
            ("qualitative", "Qualitative"),
            ("quarters", "Quarterly results"),
        ],
        required=True,
    )
    scorer = fields.Selection(
        [("self", "Employee"), ("manager", "Manager"), ("both", "Both")]
    )
    self_weight = fields.Float(digits=(16, 2))
    weight = fields.Float(string="Weight (%)", digits=(16, 2))
    dimension_id = fields.Many2one("sales.performance.appraisal.dimension")
    metric_id = fields.Many2one("sales.performance.metric")
    target = fields.Float(digits=(16, 2), readonly=True)
    actual = fields.Float(digits=(16, 2), readonly=True)
    completion = fields.Float(digits=(16, 4), readonly=True)
    auto_score = fields.Float(
        digits=(16, 2), readonly=True, help="Score computed from the ERP's figures."
    )
    self_score = fields.Float(digits=(16, 2))
    manager_score = fields.Float(digits=(16, 2))
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 2))
    weighted_score = fields.Float(compute="_compute_score", store=True, digits=(16, 4))
    comment = fields.Text()

    _self_fields = {"self_score", "comment"}
    _manager_fields = {"manager_score", "comment"}

    @api.depends(
        "kind",
        "scorer",
        "self_weight",
        "auto_score",
        "self_score",
        "manager_score",
        "weight",
    )
    def _compute_score(self):
        for line in self:
            score = line._sp_raw_score()
            line.score = score
            line.weighted_score = scoring.weighted_score(score, line.weight)

    def _sp_raw_score(self):
        """The line's score as the scorecard combines it (R-A2), before it
        is stored to 2 decimals: what its weighted score is computed from."""
        self.ensure_one()
        return scoring.line_score(
            self.kind,
            self.scorer,
            self.self_weight,
            self.auto_score,
            self.self_score,
            self.manager_score,
        )

    def _sp_name_from_indicator(self):
        """The lines read their indicator's name in every language: the
        indicator's translations are copied with it (one query)."""
        lines = self.filtered("indicator_id")
        if not lines:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sales_performance_appraisal_line line"
                "   SET name = indicator.name"
                "  FROM sales_performance_scorecard_indicator indicator"
                " WHERE indicator.id = line.indicator_id AND line.id IN %s",
                tuple(lines.ids),
            )
        )
        lines.invalidate_recordset(["name"])

    def _sp_check_closed(self):
        """Closed is closed: a closed period's scorecards (hence grades) are
        frozen for everyone, the engine included."""
        closed = self.appraisal_id.filtered(lambda a: a.period_id.sp_state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: the grade of '%(appraisal)s' is "
                    "frozen.",
                    period=closed[0].period_id.name,
                    appraisal=closed[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Scorecard lines come from the plan's indicators when the appraisal
        # is generated (in sudo mode): a line added by hand would change a
        # grade outside the workflow (issue 21).
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Scorecard lines come from the plan's indicators when the "
                    "appraisals are generated; they are scored, not added by hand."
                )
            )
        lines = super().create(vals_list)
        lines._sp_check_closed()
        return lines

    def write(self, vals):
        if not self.env.su:
            self._check_scoring_rights(set(vals))
        self._sp_check_closed()
        res = super().write(vals)
        if {"self_score", "manager_score"} & set(vals):
            self.appraisal_id._check_scores()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scored(self):
        """A scorecard line goes with its appraisal (cascade) or stays: no
        user removes one to change a grade (issue 21), and never in a closed
        period."""
        self._sp_check_closed()
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Scorecard lines are not deleted by hand: they make the "
                    "appraisal's grade."
                )
            )

    def _check_scoring_rights(self, fields_written):
        """The employee scores their own lines during self-assessment, the
        manager (or a performance administrator in their stead, never on
        their own appraisal) during the manager rating; nothing else is
        editable, by anyone (issue 21)."""
        for line in self:
            appraisal = line.appraisal_id
            user = self.env.user
            own = appraisal.user_id == user
            if appraisal.state == "self_assessment" and own:
                allowed = self._self_fields
            elif appraisal.state == "manager_review" and (
                appraisal._sp_is_manager(user)
                or (not own and user.has_group("sales_performance.group_sp_admin"))
            ):
                allowed = self._manager_fields
            else:
                raise AccessError(
                    self.env._(
                        "Appraisal '%(appraisal)s' is %(state)s: you cannot score "
                        "it now.",
                        appraisal=appraisal.name,
                        state=dict(
                            appraisal._fields["state"]._description_selection(self.env)
                        )[appraisal.state],
                    )
                )
            if fields_written - allowed:
                # the columns as the form names them, not the field names
                raise AccessError(
                    self.env._(
                        "You can only change %(fields)s at this step.",
                        fields=", ".join(
                            sorted(
                                self._fields[name]._description_string(self.env)
                                for name in allowed
                            )
                        ),
                    )
                )
