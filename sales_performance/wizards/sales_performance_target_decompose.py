# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang

from ..tools import allocate, readers
from ..tools.explain import recorder


class SalesPerformanceTargetDecompose(models.TransientModel):
    """Split a target down, keeping the sum to the cent (R-T1, R-T2).

    * by periods: a yearly (or quarterly) amount into months or quarters,
      weighted by a seasonality profile (R-T1);
    * by members: a parent target (store, channel, team) into members or
      sub-nodes by shares adding up to 100 % (R-T2).

    Each part is rounded to the metric's precision; the remainder goes to the
    line with the largest weight (the first one on ties) and is shown in its
    "Rounding" column and kept on the created target.
    """

    _name = "sales.performance.target.decompose"
    _description = "Decompose a Sales Target"

    plan_id = fields.Many2one("sales.performance.plan", required=True)
    mode = fields.Selection(
        [
            ("periods", "Into periods (seasonality)"),
            ("members", "Into members (shares)"),
        ],
        required=True,
        default="periods",
    )
    parent_target_id = fields.Many2one(
        "sales.performance.target",
        string="Target to Split",
        domain="[('plan_id', '=', plan_id)]",
        help="Leave empty to create the parent target from the fields below.",
    )
    metric_id = fields.Many2one(
        "sales.performance.metric", domain="[('id', 'in', allowed_metric_ids)]"
    )
    allowed_metric_ids = fields.Many2many(related="plan_id.metric_ids")
    period_id = fields.Many2one(
        "date.range",
        domain="[('company_id', 'in', (plan_company_id, False)), "
        "('date_start', '>=', plan_date_start), ('date_end', '<=', plan_date_end)]",
        help="The period of the target to split, e.g. the year: Generate "
        "Periods on the plan creates its months, quarters and year.",
    )
    plan_company_id = fields.Many2one(related="plan_id.company_id")
    plan_date_start = fields.Date(related="plan_id.date_start")
    plan_date_end = fields.Date(related="plan_id.date_end")
    member_id = fields.Many2one(
        "sales.performance.member", domain="[('plan_id', '=', plan_id)]"
    )
    label = fields.Char(help="Name of the node when the target has no member.")
    amount = fields.Float(string="Amount to Split", digits=(16, 2))
    total_amount = fields.Float(compute="_compute_total_amount", digits=(16, 2))
    child_range_type_id = fields.Many2one(
        "date.range.type",
        string="Split Into",
        compute="_compute_child_range_type_id",
        store=True,
        readonly=False,
        help="Type of the child periods, e.g. months; by default the plan's periods.",
    )
    seasonality_id = fields.Many2one(
        "sales.performance.seasonality",
        help="Monthly weights; empty: equal weights.",
    )
    line_ids = fields.One2many(
        "sales.performance.target.decompose.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    weight_total = fields.Float(compute="_compute_total_amount", digits=(16, 4))

    @api.depends("plan_id")
    def _compute_child_range_type_id(self):
        for wizard in self:
            if not wizard.child_range_type_id:
                wizard.child_range_type_id = wizard.plan_id.date_range_type_id

    @api.depends("parent_target_id.amount", "amount", "line_ids.weight")
    def _compute_total_amount(self):
        for wizard in self:
            wizard.total_amount = (
                wizard.parent_target_id.amount
                if wizard.parent_target_id
                else wizard.amount
            )
            wizard.weight_total = sum(wizard.line_ids.mapped("weight"))

    def _source(self):
        """(metric, period, member, label) of the target being split."""
        self.ensure_one()
        parent = self.parent_target_id
        if parent:
            return parent.metric_id, parent.period_id, parent.member_id, parent.label
        return self.metric_id, self.period_id, self.member_id, self.label

    @api.depends(
        "mode",
        "parent_target_id",
        "period_id",
        "child_range_type_id",
        "seasonality_id",
        "plan_id",
    )
    def _compute_line_ids(self):
        for wizard in self:
            __, period, __, __ = wizard._source()
            commands = [Command.clear()]
            if wizard.mode == "periods" and period and wizard.child_range_type_id:
                children = self.env["date.range"].search(
                    [
                        ("type_id", "=", wizard.child_range_type_id.id),
                        ("company_id", "in", (wizard.plan_id.company_id.id, False)),
                        ("date_start", ">=", period.date_start),
                        ("date_end", "<=", period.date_end),
                    ],
                    order="date_start",
                )
                commands += [
                    Command.create(
                        {"period_id": child.id, "weight": wizard._period_weight(child)}
                    )
                    for child in children
                ]
            elif wizard.mode == "members" and wizard.plan_id.member_ids:
                members = wizard.plan_id.member_ids
                share = 100.0 / len(members)
                commands += [
                    Command.create({"member_id": member.id, "weight": share})
                    for member in members
                ]
            wizard.line_ids = commands

    def _period_weight(self, period):
        """Seasonal weight of a child period: sum of its months' weights."""
        if not self.seasonality_id:
            return 1.0
        weight, current = 0.0, period.date_start.replace(day=1)
        while current <= period.date_end:
            weight += self.seasonality_id._weight_of_month(current.month)
            current += relativedelta(months=1)
        return weight

    def _allocation(self):
        """``(amounts, adjustments)`` per line, keeping the sum to the cent."""
        self.ensure_one()
        metric = self._source()[0]
        lines = self.line_ids
        weights = lines.mapped("weight")
        if not lines or not any(weights):
            return [], []
        rounding = metric._rounding(self.plan_id.currency_id) if metric else 0.01
        parts, index, remainder = allocate(self.total_amount, weights, rounding)
        adjustments = [0.0] * len(parts)
        adjustments[index] = remainder
        return parts, adjustments

    def _check_input(self):
        self.ensure_one()
        metric, period, member, label = self._source()
        if not (metric and period and (member or label)):
            raise UserError(
                self.env._(
                    "Choose the target to split, or give its metric, period and "
                    "member (or node label)."
                )
            )
        if float_compare(self.total_amount, 0.0, precision_digits=2) <= 0:
            raise ValidationError(
                self.env._(
                    "The amount to split is %(amount)s: enter a positive amount "
                    "(R-T5).",
                    amount=self.total_amount,
                )
            )
        if not self.line_ids:
            raise UserError(self.env._("There is nothing to split into: add lines."))
        if any(w < 0 for w in self.line_ids.mapped("weight")):
            raise ValidationError(self.env._("Weights and shares cannot be negative."))
        if self.mode == "members":
            if float_compare(self.weight_total, 100.0, precision_digits=4):
                raise ValidationError(
                    self.env._(
                        "The shares add up to %(total)s %% instead of 100 %%: "
                        "adjust them so that the children add up to the parent "
                        "(R-T2).",
                        total=round(self.weight_total, 4),
                    )
                )
            for line in self.line_ids:
                if not (line.member_id or line.label):
                    raise UserError(
                        self.env._("Each share line needs a member or a node label.")
                    )
        elif not any(self.line_ids.mapped("weight")):
            raise ValidationError(
                self.env._("Give at least one period a positive weight.")
            )

    def action_apply(self):
        self.ensure_one()
        self._check_input()
        Target = self.env["sales.performance.target"]
        metric, period, member, label = self._source()
        parent = self.parent_target_id
        if parent:
            parent.child_ids.unlink()
        else:
            parent = Target.create(
                {
                    "plan_id": self.plan_id.id,
                    "metric_id": metric.id,
                    "period_id": period.id,
                    "member_id": member.id,
                    "label": label,
                    "amount": self.total_amount,
                }
            )
        amounts, adjustments = self._allocation()
        vals_list = []
        for line, amount, adjustment in zip(
            self.line_ids, amounts, adjustments, strict=True
        ):
            if not line.weight:
                continue
            vals = {
                "plan_id": self.plan_id.id,
                "metric_id": metric.id,
                "parent_id": parent.id,
                "amount": amount,
                "rounding_adjustment": adjustment,
            }
            if self.mode == "periods":
                vals.update(
                    period_id=line.period_id.id, member_id=member.id, label=label
                )
            else:
                vals.update(
                    period_id=period.id, member_id=line.member_id.id, label=line.label
                )
            vals_list.append(vals)
        children = Target.create(vals_list)
        total = sum(children.mapped("amount"))
        readers.post(
            parent,
            recorder(self.env)._(
                "Split into %(count)s targets adding up to %(total)s.",
                count=len(children),
                total=readers.amount(self.env, total, parent.currency_id)
                if parent.is_monetary
                else formatLang(self.env, total),
            ),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_target"
        )
        action["domain"] = [("id", "in", (parent | children).ids)]
        return action
