# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A commission run split into chunks of members.

With OCA ``queue_job`` installed, each chunk is a job any Odoo worker runs
(one transaction each, retried on failure) and a last job, depending on all
of them, checks that every member got a statement. Without it, the chunks
run one after the other in the current transaction. Statements of a run
that is not complete cannot be approved, so a period is never used
half-written.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.states import FROZEN_STATES

_logger = logging.getLogger(__name__)


class SalesPerformanceRun(models.Model):
    _name = "sales.performance.run"
    _description = "Commission Run"
    _order = "id desc"

    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    period_id = fields.Many2one("date.range", required=True)
    member_ids = fields.Many2many("sales.performance.member", string="Members")
    chunk_size = fields.Integer(default=200)
    chunk_count = fields.Integer(readonly=True)
    use_jobs = fields.Boolean(readonly=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
    )
    message = fields.Text(readonly=True)
    computed_uid = fields.Many2one(
        "res.users",
        string="Computed By",
        readonly=True,
        default=lambda self: self.env.user,
        help="Who started the run: they computed its statements and may not "
        "approve them (R-W3), unless the company lets one person compute, "
        "approve and post.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Runs are started by _sp_start (the wizard) and closed by their
        # completeness check, in sudo mode: a run written by hand could mark
        # an incomplete period complete and let it be approved (issue 12).
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Commission runs are started from the plan's Run Commission "
                    "action, not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A commission run is written by the run itself: run the period "
                    "again instead of editing it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_unfinished(self):
        # The latest run of a period decides whether its statements may be
        # approved: deleting a failed or running one would let the half-written
        # statements pass as those of an earlier complete run (issue 12).
        unfinished = self.filtered(lambda r: r.state != "done")
        if unfinished and not self.env.su:
            raise UserError(
                self.env._(
                    "Run %(run)s is not complete: run the period again rather "
                    "than deleting it.",
                    run=unfinished[0].display_name,
                )
            )

    @api.constrains("plan_id", "period_id", "chunk_size")
    def _check_period(self):
        for run in self:
            run.plan_id._sp_check_period(run.period_id)
            if run.chunk_size <= 0:
                raise UserError(
                    self.env._("A commission run needs a chunk size of at least 1.")
                )

    @api.depends("plan_id", "period_id")
    def _compute_display_name(self):
        for run in self:
            run.display_name = f"{run.plan_id.name} / {run.period_id.name}"

    @api.model
    def _sp_jobs_available(self):
        return "queue.job" in self.env and hasattr(self, "with_delay")

    @api.model
    def _sp_start(self, plan, period, chunk_size=200, members=None):
        """Split the run of ``plan`` for ``period`` into chunks of
        ``chunk_size`` members; returns the run."""
        plan._sp_check_admin()
        plan._sp_check_commission_setup()
        plan._sp_check_period(period)
        if plan.state != "approved":
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is not approved: approve it before running "
                    "its commission.",
                    plan=plan.name,
                )
            )
        if chunk_size <= 0:
            raise UserError(
                self.env._("A commission run needs a chunk size of at least 1.")
            )
        if period.sp_state != "open":
            raise UserError(
                self.env._("Period %(period)s is closed.", period=period.name)
            )
        members = (members or plan.member_ids).filtered(lambda m: m._window(period))
        chunks = [
            members[i : i + chunk_size] for i in range(0, len(members), chunk_size)
        ]
        use_jobs = self._sp_jobs_available()
        run = (
            self.sudo()
            .create(
                {
                    "plan_id": plan.id,
                    "period_id": period.id,
                    "member_ids": [fields.Command.set(members.ids)],
                    "chunk_size": chunk_size,
                    "chunk_count": len(chunks),
                    "use_jobs": use_jobs,
                }
            )
            .with_env(self.env)
        )
        if use_jobs:
            from odoo.addons.queue_job.delay import group

            jobs = [
                run.delayable(
                    description=self.env._(
                        "Commission %(plan)s %(period)s, chunk %(index)s/%(count)s",
                        plan=plan.name,
                        period=period.name,
                        index=index,
                        count=len(chunks),
                    ),
                    max_retries=5,
                )._sp_run_chunk(chunk.ids)
                for index, chunk in enumerate(chunks, start=1)
            ]
            check = run.delayable(description=self.env._("Check the commission run"))
            group(*jobs).on_done(check._sp_check_complete()).delay()
        else:
            for chunk in chunks:
                run._sp_run_chunk(chunk.ids)
            run._sp_check_complete()
        return run

    def _sp_run_chunk(self, member_ids):
        """One chunk: the statements of these members, in one transaction."""
        self.ensure_one()
        members = self.env["sales.performance.member"].browse(member_ids).exists()
        self.env["sales.performance.statement"]._sp_run(
            self.plan_id, self.period_id, members, run=self
        )
        return len(members)

    def _sp_check_complete(self):
        """Every member of the run has a statement computed by it (its
        ``run_id``) or frozen before it: no clock is compared (issue 11, a
        run within one second of its start was marked failed)."""
        self.ensure_one()
        statements = self.env["sales.performance.statement"].search(
            [
                ("plan_id", "=", self.plan_id.id),
                ("period_id", "=", self.period_id.id),
                ("employee_id", "in", self.member_ids.employee_id.ids),
                "|",
                ("run_id", "=", self.id),
                ("state", "in", FROZEN_STATES),
            ]
        )
        missing = self.member_ids.employee_id - statements.employee_id
        if missing:
            self.sudo().write(
                {
                    "state": "failed",
                    "message": self.env._(
                        "No statement for %(names)s: run the period again.",
                        names=", ".join(missing.mapped("name")),
                    ),
                }
            )
            return False
        self.sudo().write({"state": "done", "message": False})
        return True

    @api.model
    def _cron_monthly_run(self):
        """Scheduled monthly run: compute last month's statements of every
        approved plan (approval and posting stay human decisions)."""
        today = fields.Date.context_today(self)
        plans = self.env["sales.performance.plan"].search(
            [("state", "=", "approved"), ("is_template", "=", False)]
        )
        for plan in plans:
            previous = plan._sp_periods().filtered(
                lambda p: p.date_end < today and p.sp_state == "open"
            )[-1:]
            if not previous:
                continue
            try:
                with self.env.cr.savepoint():
                    self.env["sales.performance.statement"]._sp_run(plan, previous)
            except UserError as error:
                _logger.warning("Monthly run of %s failed: %s", plan.name, error)
