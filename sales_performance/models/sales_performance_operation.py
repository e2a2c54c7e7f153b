# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Big actions in the background (issue 25): approving, posting to payroll
or generating payslips for more records than the company's threshold goes
to the OCA ``queue_job`` queue in chunks.

Each chunk is a job, run as the user who started the operation (their
rights and the separation of duties are checked per statement, as the
immediate action does), in its own transaction: a chunk is done completely
or not at all. A chunk that fails is recorded with why and leaves its
records as they were; *Run the Rest* processes only the chunks not done.
When every chunk has run, the user who started it is notified.

A chunk's job that gives up ends the operation failed, with why, never
running forever: a concurrency error is retried by queue_job up to the
job's ``max_retries``, and on the last try the chunk is recorded failed
(its job then ends done, so the closing job runs); a job that ends failed
or cancelled in queue_job itself (its worker killed at every try, found
dead by the job runner) is found by the scheduled check
(:meth:`_sp_check_jobs`), which records its chunk failed and closes the
operation. *Run the Rest* then finishes it.
"""

import logging

from psycopg2 import OperationalError

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.jobs import error_reason, job_reason, retry_or_give_up

_logger = logging.getLogger(__name__)

KIND_MODELS = {
    "approve": "sales.performance.statement",
    "post": "sales.performance.statement",
    "payslips": "hr.employee",
}


def jobs_available(env):
    """OCA queue_job installed (an optional dependency)."""
    return "queue.job" in env and hasattr(env["res.users"], "with_delay")


class SalesPerformanceOperation(models.Model):
    _name = "sales.performance.operation"
    _inherit = ["mail.thread"]
    _description = "Background Operation"
    _order = "id desc"

    kind = fields.Selection(
        [
            ("approve", "Approve Statements"),
            ("post", "Post to Payroll"),
            ("payslips", "Generate Payslips"),
        ],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
        readonly=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Started By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="The jobs run as this user, with their rights.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    payslip_run_id = fields.Many2one(
        "hr.payslip.run", string="Payslip Batch", readonly=True, ondelete="cascade"
    )
    chunk_ids = fields.One2many(
        "sales.performance.operation.chunk", "operation_id", readonly=True
    )
    total = fields.Integer(readonly=True)
    done = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress")
    message = fields.Text(
        readonly=True, help="What the operation did, and why a chunk failed."
    )

    @api.depends("chunk_ids.state", "chunk_ids.size")
    def _compute_progress(self):
        for operation in self:
            done = sum(
                operation.chunk_ids.filtered(lambda c: c.state == "done").mapped("size")
            )
            operation.done = done
            operation.progress = (
                100.0 * done / operation.total if operation.total else 0
            )

    @api.depends("kind", "create_date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for operation in self:
            operation.display_name = (
                f"{kinds.get(operation.kind, '')} ({operation.total})"
                if operation.kind
                else ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        # started by _sp_start only (sudo), written by its jobs only
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Background operations are started by the actions they run "
                    "(Approve, Post to Payroll, Generate Payslips)."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._("A background operation is written by its jobs only.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Dispatch
    # ------------------------------------------------------------------
    @api.model
    def _sp_big(self, count, company=None):
        """Whether ``count`` records go to the queue: above the company's
        threshold and with queue_job installed; never from inside a job."""
        company = company or self.env.company
        return (
            not self.env.context.get("sp_in_job")
            and jobs_available(self.env)
            and count > company.sp_job_threshold
        )

    @api.model
    def _sp_chunks(self, records, size):
        """Split ``records`` in chunks of about ``size``; statements of one
        employee stay in one chunk (their posting and approval order)."""
        if records._name == "sales.performance.statement":
            records = records.sorted(lambda s: (s.employee_id.id, s.period_start, s.id))
        chunks, current, last = [], [], None
        for record in records:
            key = record.employee_id.id if "employee_id" in record else record.id
            if len(current) >= size and key != last:
                chunks.append(current)
                current = []
            current.append(record.id)
            last = key
        if current:
            chunks.append(current)
        return chunks

    @api.model
    def _sp_start(self, kind, records, payslip_run=None):
        """Split the operation in chunks, enqueue them as jobs run by the
        current user and return the notification that says so."""
        company = self.env.company
        operation = (
            self.sudo()
            .create(
                {
                    "kind": kind,
                    "user_id": self.env.uid,
                    "company_id": company.id,
                    "payslip_run_id": payslip_run and payslip_run.id,
                    "total": len(records),
                    "chunk_ids": [
                        Command.create({"sequence": index, "res_ids": ids})
                        for index, ids in enumerate(
                            self._sp_chunks(records, company.sp_job_chunk_size)
                        )
                    ],
                }
            )
            .with_env(self.env)
        )
        operation._sp_enqueue(operation.sudo().chunk_ids)
        return operation._sp_started_action()

    def _sp_enqueue(self, chunks):
        """One job per chunk, as the user who started the operation, then a
        last job, depending on them, that closes it and notifies the user."""
        from odoo.addons.queue_job.delay import group

        self.ensure_one()
        operation = self.with_user(self.user_id)
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        jobs = [
            operation.delayable(
                description=self.env._(
                    "%(kind)s, chunk %(index)s/%(count)s",
                    kind=kind,
                    index=index,
                    count=len(chunks),
                ),
                max_retries=5,
            )._sp_run_chunk(chunk.id)
            for index, chunk in enumerate(chunks, start=1)
        ]
        finish = operation.delayable(
            description=self.env._("%(kind)s: finish and notify", kind=kind)
        )._sp_finish()
        if jobs:
            group(*jobs).on_done(finish).delay()
        else:
            finish.delay()
        # each chunk knows its job: the scheduled check reads its state
        for chunk, job in zip(chunks, jobs, strict=True):
            chunk.sudo().job_uuid = job._generated_job.uuid

    def _sp_started_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.display_name,
                "message": self.env._(
                    "%(count)s records in %(chunks)s chunks go to the background: "
                    "follow them under Background Operations; you are notified "
                    "when it is done.",
                    count=self.total,
                    chunks=len(self.sudo().chunk_ids),
                ),
                "type": "info",
                "sticky": False,
                # the batch's Generate Payslips is a dialog
                "next": {"type": "ir.actions.act_window_close"}
                if self.kind == "payslips"
                else {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Jobs
    # ------------------------------------------------------------------
    def _sp_run_chunk(self, chunk_id):
        """Process one chunk in a savepoint: done completely (and recorded
        done), or not at all (recorded failed, with why). A chunk already
        done is never processed again."""
        self.ensure_one()
        chunk = self.env["sales.performance.operation.chunk"].sudo().browse(chunk_id)
        if not chunk.exists() or chunk.state == "done":
            return False
        try:
            with self.env.cr.savepoint():
                message = self._sp_process(chunk.res_ids)
        except OperationalError as error:
            # concurrency: a counted retry, up to the job's max_retries; on
            # the last try the chunk is recorded failed (and its job ends, so
            # the operation is closed) rather than failing the job
            reason = retry_or_give_up(self.env, error)
            _logger.warning("Chunk %s of %s failed: %s", chunk_id, self, reason)
            chunk.write({"state": "failed", "message": reason})
            return False
        except Exception as error:  # noqa: BLE001 recorded on the chunk
            reason = error_reason(error)
            _logger.warning("Chunk %s of %s failed: %s", chunk_id, self, reason)
            chunk.write({"state": "failed", "message": reason})
            return False
        chunk.write({"state": "done", "message": message})
        return True

    def _sp_process(self, ids):
        """Run the immediate action on ``ids``; returns what it said."""
        records = (
            self.env[KIND_MODELS[self.kind]].with_context(sp_in_job=True).browse(ids)
        )
        records = records.exists()
        if self.kind == "approve":
            result = records.with_context(
                sp_approve_running_period=True
            ).action_approve_selected()
        elif self.kind == "post":
            result = records.action_post_to_payroll()
        else:
            result = (
                self.env["hr.payslip.employees"]
                .with_context(sp_in_job=True, active_id=self.payslip_run_id.id)
                .create({"employee_ids": [Command.set(records.ids)]})
                .compute_sheet()
            )
        if isinstance(result, dict):
            return result.get("params", {}).get("message") or ""
        return ""

    def _sp_finish(self):
        """Close the operation: failed if a chunk failed (with why), else
        done; the user who started it is notified in their language."""
        self.ensure_one()
        chunks = self.sudo().chunk_ids.sorted("sequence")
        failed = chunks.filtered(lambda c: c.state == "failed")
        todo = chunks.filtered(lambda c: c.state == "todo")
        user = self.user_id
        me = self.with_context(lang=user.lang or self.env.lang)
        lines = [c.message for c in chunks if c.state == "done" and c.message]
        if failed or todo:
            lines += [
                me.env._(
                    "Chunk %(index)s failed: %(reason)s",
                    index=c.sequence + 1,
                    reason=c.message,
                )
                for c in failed
            ]
            head = me.env._(
                "%(done)s of %(total)s done; %(failed)s chunk(s) failed and left "
                "their records as they were: Run the Rest finishes them.",
                done=self.done,
                total=self.total,
                failed=len(failed | todo),
            )
            state = "failed"
        else:
            head = me.env._("%(total)s of %(total)s done.", total=self.total)
            state = "done"
        message = "\n".join([head, *lines])
        self.sudo().write({"state": state, "message": message})
        title = f"{me.display_name}: " + (
            me.env._("done") if state == "done" else me.env._("failed")
        )
        user._bus_send(
            "simple_notification",
            {
                "title": title,
                "message": head,
                "type": "success" if state == "done" else "warning",
                "sticky": state != "done",
            },
        )
        self.sudo().message_post(
            body=message,
            partner_ids=user.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        return state == "done"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _sp_check_right(self):
        """Only who may start the operation reruns it."""
        groups = {
            "approve": "sales_performance.group_sp_approver",
            "post": "sales_performance.group_sp_payroll",
            # OCA's payroll users generate batches; posting in them needs
            # the payroll officer right, checked per statement
            "payslips": "payroll.group_payroll_user",
        }
        for operation in self:
            if not self.env.user.has_group(groups[operation.kind]):
                raise AccessError(
                    self.env._(
                        "You do not have the right to run %(operation)s.",
                        operation=operation.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Jobs that ended in queue_job without closing their operation
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_jobs(self):
        """Scheduled: the running operations whose chunk jobs ended failed
        or cancelled in queue_job are closed failed, with why."""
        if "queue.job" not in self.env:
            return
        self.sudo().search([("state", "=", "running")])._sp_check_jobs()

    def _sp_check_jobs(self):
        """Record failed the chunks not done whose job ended failed or
        cancelled in queue_job (or is gone), with queue_job's reason; once
        none of an operation's chunks has a job still to run, its closing
        job (waiting for them in vain) is cancelled and the operation is
        closed: failed, its user notified."""
        if "queue.job" not in self.env:
            return
        QueueJob = self.env["queue.job"].sudo()
        for operation in self.sudo():
            if operation.state != "running":
                continue
            waiting = operation.chunk_ids.filtered(lambda c: c.state == "todo")
            jobs = operation._sp_chunk_jobs(waiting)
            live = False
            ended = self.env["sales.performance.operation.chunk"]
            for chunk in waiting:
                job = jobs.get(chunk)
                if job and job.state not in ("failed", "cancelled", "done"):
                    live = True
                    continue
                if job and job.state == "done":
                    continue  # its chunk was recorded by the job itself
                chunk.write(
                    {"state": "failed", "message": operation._sp_job_reason(job)}
                )
                ended |= chunk
            if not ended or live:
                continue
            graphs = [jobs[c].graph_uuid for c in ended if c in jobs]
            if graphs:
                QueueJob.search(
                    [
                        ("graph_uuid", "in", graphs),
                        ("method_name", "=", "_sp_finish"),
                        ("state", "=", "wait_dependencies"),
                    ]
                ).button_cancelled()
            operation.with_user(operation.user_id)._sp_finish()

    def _sp_chunk_jobs(self, chunks):
        """``{chunk: queue.job}`` of ``chunks`` of the operation: by the job
        recorded on the chunk, else (a chunk enqueued before chunks recorded
        their job) the operation's chunk job whose argument is the chunk."""
        self.ensure_one()
        QueueJob = self.env["queue.job"].sudo()
        by_uuid = {
            job.uuid: job
            for job in QueueJob.search([("uuid", "in", chunks.mapped("job_uuid"))])
        }
        found = {c: by_uuid[c.job_uuid] for c in chunks if c.job_uuid in by_uuid}
        older = chunks.filtered(lambda c: not c.job_uuid)
        if older:
            candidates = QueueJob.search(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "=", "_sp_run_chunk"),
                    ("date_created", ">=", self.create_date),
                ],
                order="id desc",
            )
            for chunk in older:
                job = candidates.filtered(
                    lambda j, c=chunk: j.args == [c.id] and j.records.ids == self.ids
                )[:1]
                if job:
                    found[chunk] = job
        return found

    def _sp_job_reason(self, job):
        """Why a chunk's job ended without running it, for the operation's
        user, in their language."""
        self.ensure_one()
        me = self.with_context(lang=self.user_id.lang or self.env.lang)
        return job_reason(me.env, job)

    def action_run_rest(self):
        """Run the chunks not done (failed or never run), as the current
        user; what is done is never done twice. Refused while chunks still
        have jobs to run (queued or running): they are not run twice."""
        self._sp_check_right()
        self._sp_check_jobs()
        self.invalidate_recordset(["state"])
        running = self.filtered(lambda o: o.state == "running")
        if running:
            raise UserError(
                self.env._(
                    "%(operation)s is still running: its chunks are in the job "
                    "queue. Run the Rest once it has ended.",
                    operation=running[0].display_name,
                )
            )
        for operation in self:
            chunks = operation.sudo().chunk_ids.filtered(lambda c: c.state != "done")
            if not chunks:
                continue
            chunks.write({"state": "todo", "message": False})
            operation.sudo().write({"state": "running", "user_id": self.env.uid})
            operation._sp_enqueue(chunks)
        return True


class SalesPerformanceOperationChunk(models.Model):
    _name = "sales.performance.operation.chunk"
    _description = "Background Operation Chunk"
    _order = "operation_id, sequence"

    operation_id = fields.Many2one(
        "sales.performance.operation", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(readonly=True)
    res_ids = fields.Json(string="Record IDs", readonly=True)
    size = fields.Integer(string="Records", compute="_compute_size", store=True)
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("failed", "Failed")],
        default="todo",
        required=True,
        readonly=True,
    )
    message = fields.Text(readonly=True)
    job_uuid = fields.Char(
        string="Job", readonly=True, copy=False, help="The queue_job job of the chunk."
    )

    @api.depends("res_ids")
    def _compute_size(self):
        for chunk in self:
            chunk.size = len(chunk.res_ids or [])
