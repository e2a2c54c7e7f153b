# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..tools.explain import money


class SalesPerformanceTarget(models.Model):
    """A target (销售任务) on one metric for one period (R-T1..R-T4).

    A target belongs to a member (a salesperson) or is a node of the
    decomposition tree (a channel, a store, a team) when it has no member;
    children split their parent and must add up to it (R-T2).
    """

    _name = "sales.performance.target"
    _description = "Sales Target"
    _inherit = ["mail.thread", "sales.performance.plan.lock.mixin"]
    # Attaching a document to the chatter is not editing the target.
    _sp_plan_lock_free_fields = frozenset({"message_main_attachment_id"})
    _order = "plan_id, period_start, metric_id, parent_path, id"
    _parent_store = True
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    label = fields.Char(
        help="Name of a decomposition node without a member, e.g. a store or a channel."
    )
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    member_id = fields.Many2one(
        "sales.performance.member",
        domain="[('plan_id', '=', plan_id)]",
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    employee_id = fields.Many2one(
        "hr.employee", related="member_id.employee_id", store=True, index=True
    )
    user_id = fields.Many2one("res.users", related="member_id.user_id", store=True)
    period_id = fields.Many2one("date.range", required=True, index=True, tracking=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    metric_id = fields.Many2one(
        "sales.performance.metric",
        required=True,
        tracking=True,
        domain="[('id', 'in', allowed_metric_ids)]",
    )
    allowed_metric_ids = fields.Many2many(related="plan_id.metric_ids")
    is_monetary = fields.Boolean(related="metric_id.is_monetary")
    amount = fields.Float(
        string="Target",
        required=True,
        digits=(16, 2),
        tracking=True,
    )
    minimum_amount = fields.Float(
        string="Minimum",
        digits=(16, 2),
        tracking=True,
        help="Baseline that decides whether base pay is paid in full or pro "
        "rata (R-T4). Zero: no minimum.",
    )
    parent_id = fields.Many2one(
        "sales.performance.target",
        string="Parent Target",
        index=True,
        ondelete="cascade",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        "sales.performance.target", "parent_id", string="Split Into"
    )
    children_amount = fields.Float(compute="_compute_children_amount", digits=(16, 2))
    amount_counted = fields.Float(
        string="Counted",
        compute="_compute_amount_counted",
        store=True,
        digits=(16, 2),
        help="The amount as the list's total counts it: a target split into parts "
        "counts through its parts (a year of 240,000 and its months add up to "
        "240,000, not 480,000).",
    )
    rounding_adjustment = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Rounding remainder the decomposition added to this target so that "
        "the children add up to the parent exactly.",
    )
    note = fields.Text()

    @api.depends("member_id", "label", "period_id", "metric_id")
    def _compute_name(self):
        for target in self:
            who = target.member_id.employee_id.name or target.label or "?"
            target.name = " / ".join(
                filter(None, [who, target.period_id.name, target.metric_id.name])
            )

    @api.depends("amount", "child_ids")
    def _compute_amount_counted(self):
        for target in self:
            target.amount_counted = 0.0 if target.child_ids else target.amount

    @api.depends("child_ids.amount")
    def _compute_children_amount(self):
        for target in self:
            target.children_amount = sum(target.child_ids.mapped("amount"))

    @api.constrains("amount", "minimum_amount")
    def _check_amount(self):
        for target in self:
            # R-T5: a zero target would make the completion ratio undefined.
            if float_compare(target.amount, 0.0, precision_digits=2) <= 0:
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s' is %(amount)s: a target must be "
                        "positive (a zero target makes the completion ratio "
                        "undefined, R-T5). Enter a positive amount or delete "
                        "the target.",
                        target=target.name,
                        amount=target.amount,
                    )
                )
            limit = (target.plan_id.company_id or self.env.company).sp_target_limit
            if float_compare(target.amount, limit, precision_digits=2) > 0 or (
                float_compare(target.minimum_amount, limit, precision_digits=2) > 0
            ):
                # issue 21: a target of 1e15 was accepted (a typing error that
                # makes every completion ratio and payout meaningless)
                amount = money(max(target.amount, target.minimum_amount))
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s' is %(amount)s, above the company's "
                        "largest target %(limit)s: check the amount (or raise "
                        "Largest Target in the settings).",
                        target=target.name,
                        amount=amount,
                        limit=money(limit),
                    )
                )
            if target.minimum_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s' has a negative minimum: enter zero "
                        "or a positive baseline (R-T4).",
                        target=target.name,
                    )
                )

    @api.constrains(
        "member_id", "label", "period_id", "metric_id", "plan_id", "parent_id"
    )
    def _check_consistency(self):
        for target in self:
            plan = target.plan_id
            if not target.member_id and not target.label:
                raise ValidationError(
                    self.env._(
                        "A target of plan '%(plan)s' has neither a member nor a "
                        "label: choose the salesperson, or name the node (store, "
                        "channel, team).",
                        plan=plan.name,
                    )
                )
            if target.member_id and target.member_id.plan_id != plan:
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s': the member belongs to another plan.",
                        target=target.name,
                    )
                )
            if target.metric_id not in plan.metric_ids:
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s' uses metric %(metric)s which plan "
                        "'%(plan)s' does not measure: add the metric to the plan "
                        "first.",
                        target=target.name,
                        metric=target.metric_id.name,
                        plan=plan.name,
                    )
                )
            period = target.period_id.sudo()
            if period.company_id not in (plan.company_id, self.env["res.company"]):
                # another company's period: refused without naming it (the
                # user may not read it), issue 21
                raise ValidationError(
                    self.env._(
                        "The %(metric)s target of %(who)s: its period belongs to "
                        "another company than plan '%(plan)s': choose a period "
                        "of the plan's company.",
                        metric=target.metric_id.name,
                        who=target.member_id.employee_id.name or target.label,
                        plan=plan.name,
                    )
                )
            if period.date_start < plan.date_start or period.date_end > plan.date_end:
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s': period %(period)s lies outside plan "
                        "'%(plan)s' (%(start)s to %(end)s).",
                        target=target.name,
                        period=period.name,
                        plan=plan.name,
                        start=plan.date_start,
                        end=plan.date_end,
                    )
                )
            parent = target.parent_id
            if parent and (
                parent.plan_id != plan
                or parent.metric_id != target.metric_id
                or period.date_start < parent.period_start
                or period.date_end > parent.period_end
            ):
                raise ValidationError(
                    self.env._(
                        "Target '%(target)s' cannot split '%(parent)s': a child "
                        "target has the same plan and metric, and a period inside "
                        "its parent's.",
                        target=target.name,
                        parent=parent.name,
                    )
                )
            if target.member_id:
                duplicate = self.search_count(
                    [
                        ("id", "!=", target.id),
                        ("member_id", "=", target.member_id.id),
                        ("period_id", "=", target.period_id.id),
                        ("metric_id", "=", target.metric_id.id),
                    ]
                )
                if duplicate:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s already has a %(metric)s target for "
                            "%(period)s in plan '%(plan)s': edit that target "
                            "instead of adding a second one.",
                            employee=target.employee_id.name,
                            metric=target.metric_id.name,
                            period=period.name,
                            plan=plan.name,
                        )
                    )

    def _sp_check_period_open(self):
        """Closed is closed: a closed period's targets never change, even
        once their plan is reset to draft (the plan's lock is not enough)."""
        closed = self.filtered(lambda t: t.period_id.sp_state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: its target '%(target)s' cannot "
                    "change. Reopen the period first.",
                    period=closed[0].period_id.name,
                    target=closed[0].name,
                )
            )

    def _sp_check_unlocked(self):
        """Locked with the plan, and with a closed period."""
        res = super()._sp_check_unlocked()
        self._sp_check_period_open()
        return res

    def write(self, vals):
        res = super().write(vals)
        if "period_id" in vals:  # moved into a closed period
            self._sp_check_period_open()
        return res

    def action_open_decompose(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_target_decompose"
        )
        action["context"] = {
            "default_plan_id": self.plan_id.id,
            "default_parent_target_id": self.id,
        }
        return action
