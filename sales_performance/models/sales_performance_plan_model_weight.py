# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.child_checks import check_parents


class SalesPerformancePlanModelWeight(models.Model):
    """A scorecard indicator's weight as a plan model models it (issue 24,
    R-A2): the appraisals of the window are scored again with it, graded on
    their scale (R-A3), and their grades gate, share and multiply the
    modelled pay (R-C2, R-C4). Edited on the model's form, like its rules;
    the weights of a cycle total 100 % as in the plan."""

    _name = "sales.performance.plan.model.weight"
    _description = "Plan Model Scorecard Weight"
    _order = "model_id, cycle, sequence, id"

    model_id = fields.Many2one(
        "sales.performance.plan.model", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    indicator_id = fields.Many2one(
        "sales.performance.scorecard.indicator",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    name = fields.Char(related="indicator_id.name")
    sequence = fields.Integer(related="indicator_id.sequence", store=True)
    cycle = fields.Selection(related="indicator_id.cycle", store=True)
    kind = fields.Selection(related="indicator_id.kind")
    weight_in_force = fields.Float(
        string="Weight in Force (%)", related="indicator_id.weight", digits=(16, 2)
    )
    weight = fields.Float(
        string="Modelled Weight (%)",
        digits=(16, 2),
        required=True,
        help="The weight the model scores the window's appraisals with.",
    )

    _sql_constraints = [
        (
            "indicator_uniq",
            "unique(model_id, indicator_id)",
            "A model weighs each scorecard indicator once.",
        ),
    ]

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if line.weight < 0:
                raise ValidationError(
                    self.env._(
                        "Indicator '%(indicator)s' cannot weigh less than 0 %%.",
                        indicator=line.name,
                    )
                )

    # ------------------------------------------------------------------
    # Guards: edited as the model is (administrators, while the model is
    # draft or computed); each cycle's weights total 100 % once the form's
    # commands have all run (the model's constraint, R-A2).
    # ------------------------------------------------------------------
    def _sp_check_editable(self, models_):
        if self.env.su:
            return
        self.env["sales.performance.plan"]._sp_check_admin()
        frozen = models_.filtered(lambda m: m.state not in ("draft", "computed"))
        if frozen:
            raise UserError(
                self.env._(
                    "Model '%(model)s' is %(state)s: its scorecard weights no "
                    "longer change.",
                    model=frozen[0].name,
                    state=frozen[0]._sp_state_label(),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        models_ = self.env["sales.performance.plan.model"].browse(
            {vals.get("model_id") for vals in vals_list if vals.get("model_id")}
        )
        self._sp_check_editable(models_)
        lines = super().create(vals_list)
        check_parents(lines.model_id, lambda m: m._check_modelled_weights())
        return lines

    def write(self, vals):
        self._sp_check_editable(self.model_id)
        result = super().write(vals)
        check_parents(self.model_id, lambda m: m._check_modelled_weights())
        return result

    def unlink(self):
        models_ = self.model_id
        self._sp_check_editable(models_)
        result = super().unlink()
        check_parents(models_, lambda m: m._check_modelled_weights())
        return result
