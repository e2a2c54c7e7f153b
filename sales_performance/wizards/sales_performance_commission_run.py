# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesPerformanceCommissionRun(models.TransientModel):
    """Run the commission of a plan for a period: all members in one pass."""

    _name = "sales.performance.commission.run"
    _description = "Run Commission"

    plan_id = fields.Many2one("sales.performance.plan", required=True)
    period_id = fields.Many2one(
        "date.range",
        required=True,
        compute="_compute_period_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', allowed_period_ids), ('sp_state', '=', 'open')]",
        help="By default the plan's latest open period that has ended (last month "
        "on the 2nd of the month), else its open period of today.",
    )
    allowed_period_ids = fields.Many2many(related="plan_id.period_ids")
    chunk_size = fields.Integer(
        default=200,
        help="Members per chunk; with OCA queue_job installed each chunk is a job "
        "that any worker runs (shown in developer mode).",
    )
    member_ids = fields.Many2many(
        "sales.performance.member",
        string="Only Members",
        domain="[('plan_id', '=', plan_id)]",
        help="Leave empty to run every member of the plan.",
    )

    @api.depends("plan_id")
    def _compute_period_id(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            periods = wizard.plan_id.period_ids.filtered(
                lambda p: p.sp_state == "open" and p.date_start <= today
            ).sorted("date_start", reverse=True)
            ended = periods.filtered(lambda p: p.date_end < today)
            wizard.period_id = (ended or periods)[:1]

    @api.constrains("plan_id", "period_id", "chunk_size")
    def _check_period(self):
        for wizard in self:
            wizard.plan_id._sp_check_period(wizard.period_id)
            if wizard.chunk_size < 0:
                raise UserError(
                    self.env._("A commission run needs a chunk size of at least 1.")
                )

    def action_run(self):
        self.ensure_one()
        self.plan_id._sp_check_admin()
        run = self.env["sales.performance.run"]._sp_start(
            self.plan_id,
            self.period_id,
            self.chunk_size or 200,
            self.member_ids or None,
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_performance.action_sales_performance_statement"
        )
        action["domain"] = [
            ("plan_id", "=", run.plan_id.id),
            ("period_id", "=", run.period_id.id),
        ]
        action["context"] = {}
        return action
