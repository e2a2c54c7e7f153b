# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A commission run split into chunks of members.

With OCA ``queue_job`` installed, each chunk is a job any Odoo worker runs
(one transaction each, retried on failure) and a last job, depending on all
of them, checks that every member got a statement. Without it, the chunks
run one after the other in the current transaction. Statements of a run
that is not complete cannot be approved, so a period is never used
half-written.

The monthly cron starts its runs through the same records and chunks
(issue 25): as jobs with queue_job; without it, it computes the chunks
itself, committing after each one and recording the members done, and stops
before the worker's time limit: its next call (triggered at once) resumes
the rest instead of starting over. A period whose run is complete is not
run again by the cron.
"""

import logging
import threading
import time

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.jobs import error_reason, job_reason, retry_or_give_up
from ..tools.states import FROZEN_STATES

_logger = logging.getLogger(__name__)

# seconds of a cron call after which no new chunk is started (the worker is
# killed at 120 s real / 60 s CPU by default): ir.config_parameter
# ``sales_performance.cron_time_budget``
CRON_TIME_BUDGET = 40
CRON_STARTED = "sales_performance.cron_started"
CRON_CHUNKS = "sales_performance.cron_chunks"
CRON_FAILED = "sales_performance.cron_failed"
# states of a queue_job job that will not run again
JOB_ENDED = ("done", "failed", "cancelled")
# ... of which those that did not run to the end
JOB_GONE = ("failed", "cancelled")


class SalesPerformanceRun(models.Model):
    _name = "sales.performance.run"
    _inherit = ["mail.thread"]
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
    error = fields.Text(
        string="Failure",
        readonly=True,
        help="Why a chunk failed: its members are left as they were.",
    )
    done_member_ids = fields.Many2many(
        "sales.performance.member",
        "sales_performance_run_done_member_rel",
        "run_id",
        "member_id",
        string="Members Done",
        readonly=True,
    )
    member_count = fields.Integer(compute="_compute_progress")
    done_count = fields.Integer(string="Members Computed", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress")
    by_cron = fields.Boolean(
        string="Scheduled",
        readonly=True,
        help="Started by the monthly scheduled run.",
    )
    # issue 25: what the facts and rules of the plan's approved earlier
    # periods were when the run started, read once for all its chunks
    fact_checks = fields.Json(
        string="Facts Checked",
        readonly=True,
        copy=False,
        help="The fingerprint and rules of each approved earlier period when "
        "the run started: its chunks compare the approved statements with "
        "them instead of each reading the whole history again.",
    )
    # issue 25: the jobs of the run's last enqueueing (its chunks and its
    # check) share this queue_job graph: the scheduled check reads their
    # states when the run stays running
    job_graph_uuid = fields.Char(
        string="Job Graph",
        readonly=True,
        copy=False,
        help="The job queue's graph of the run's chunks and completeness check.",
    )
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

    @api.depends("member_ids", "done_member_ids")
    def _compute_progress(self):
        for run in self:
            run.member_count = len(run.member_ids)
            run.done_count = len(run.done_member_ids & run.member_ids)
            run.progress = (
                100.0 * run.done_count / run.member_count if run.member_count else 100.0
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
    def _sp_start(self, plan, period, chunk_size=200, members=None, by_cron=False):
        """Split the run of ``plan`` for ``period`` into chunks of
        ``chunk_size`` members; returns the run. ``by_cron`` without
        queue_job: the chunks are left to the cron (:meth:`_sp_cron_chunks`)."""
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
        use_jobs = self._sp_jobs_available()
        run = (
            self.sudo()
            .create(
                {
                    "plan_id": plan.id,
                    "period_id": period.id,
                    "member_ids": [fields.Command.set(members.ids)],
                    "chunk_size": chunk_size,
                    "chunk_count": -(-len(members) // chunk_size),
                    "use_jobs": use_jobs,
                    "by_cron": by_cron,
                }
            )
            .with_env(self.env)
        )
        run._sp_record_fact_checks()
        if use_jobs:
            run._sp_enqueue(members)
        elif not by_cron:
            for chunk in run._sp_chunks(members):
                run._sp_run_chunk(chunk.ids)
            run._sp_check_complete()
        return run

    def _sp_record_fact_checks(self):
        """Read, once when the run starts, what the facts and rules of the
        plan's approved earlier periods are (issue 25): each chunk compares
        its members' approved statements with them instead of reading the
        history again. Facts that change after are seen by the next run."""
        Statement = self.env["sales.performance.statement"].sudo()
        for run in self:
            periods = Statement._read_group(
                [
                    ("plan_id", "=", run.plan_id.id),
                    ("state", "in", FROZEN_STATES),
                    ("period_start", "<", run.period_id.date_start),
                ],
                ["period_id"],
            )
            checks = run.plan_id._sp_fact_checks(
                self.env["date.range"].union(*(p for (p,) in periods))
            )
            run.sudo().write(
                {"fact_checks": {str(k): list(v) for k, v in checks.items()}}
            )

    def _sp_fact_checks(self):
        """``{period id: (fingerprint, rule stamp)}`` read when the run
        started (:meth:`_sp_record_fact_checks`)."""
        self.ensure_one()
        return {int(k): tuple(v) for k, v in (self.fact_checks or {}).items()}

    def _sp_chunks(self, members):
        self.ensure_one()
        size = self.chunk_size
        return [members[i : i + size] for i in range(0, len(members), size)]

    def _sp_enqueue(self, members):
        """The chunks of ``members`` as jobs run by the current user, then
        the completeness check, depending on all of them."""
        from odoo.addons.queue_job.delay import group

        self.ensure_one()
        chunks = self._sp_chunks(members)
        jobs = [
            self.delayable(
                description=self.env._(
                    "Commission %(plan)s %(period)s, chunk %(index)s/%(count)s",
                    plan=self.plan_id.name,
                    period=self.period_id.name,
                    index=index,
                    count=len(chunks),
                ),
                max_retries=5,
            )._sp_run_chunk(chunk.ids)
            for index, chunk in enumerate(chunks, start=1)
        ]
        check = self.delayable(description=self.env._("Check the commission run"))
        if jobs:
            group(*jobs).on_done(check._sp_check_complete()).delay()
            # the scheduled check (:meth:`_sp_check_jobs`) finds them by it
            self.sudo().job_graph_uuid = jobs[0]._generated_job.graph_uuid
        else:
            check._sp_check_complete().delay()
            self.sudo().job_graph_uuid = False

    def _sp_run_chunk(self, member_ids):
        """One chunk: the statements of these members, in one transaction;
        its members are recorded done. As a job, a chunk that fails leaves
        its statements as they were and records why on the run."""
        self.ensure_one()
        members = self.env["sales.performance.member"].browse(member_ids).exists()
        if not self.use_jobs:
            return self._sp_compute(members)
        try:
            with self.env.cr.savepoint():
                return self._sp_compute(members)
        except OperationalError as error:
            # concurrency: a counted retry, up to the job's max_retries; on
            # the last try the chunk is recorded failed (its job ends, so the
            # check runs and the run ends failed) instead of being retried
            # forever by queue_job (issue 25)
            reason = retry_or_give_up(self.env, error)
            self._sp_record_error(members, UserError(reason))
            return False
        except Exception as error:  # noqa: BLE001 recorded on the run
            self._sp_record_error(members, error)
            return False

    def _sp_compute(self, members):
        self.env["sales.performance.statement"]._sp_run(
            self.plan_id, self.period_id, members, run=self
        )
        if members:
            # the relation only (no write on the run's row: chunks running
            # at the same time do not wait on each other)
            self.env.cr.execute(
                "INSERT INTO sales_performance_run_done_member_rel (run_id, member_id) "
                "SELECT %s, unnest(%s::int[]) ON CONFLICT DO NOTHING",
                (self.id, members.ids),
            )
            self.invalidate_recordset(["done_member_ids"])
        return len(members)

    def _sp_record_error(self, members, error):
        reason = error_reason(error)
        _logger.warning("Chunk of %s failed: %s", self.display_name, reason)
        reason = self.env._(
            "A chunk of %(count)s member(s) (%(names)s) failed and was left as it "
            "was: %(reason)s",
            count=len(members),
            names=", ".join(members[:5].employee_id.mapped("name")),
            reason=reason,
        )
        self.env.cr.execute(
            "UPDATE sales_performance_run SET error = concat_ws(E'\\n', error, %s) "
            "WHERE id = %s",
            (reason, self.id),
        )
        self.invalidate_recordset(["error"])

    def _sp_check_complete(self):
        """Every member of the run has a statement computed by it (its
        ``run_id``) or frozen before it: no clock is compared (issue 11, a
        run within one second of its start was marked failed). The user who
        started the run is notified (issue 25)."""
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
        if missing or self.error:
            message = self.env._(
                "No statement for %(names)s: run the rest (Run the Rest) or the "
                "period again.",
                names=", ".join(missing.mapped("name")),
            )
            if self.error:
                message = f"{self.error}\n{message}" if missing else self.error
            self.sudo().write({"state": "failed", "message": message})
            self._sp_notify()
            return False
        self.sudo().write({"state": "done", "message": False})
        self._sp_notify()
        return True

    def _sp_notify(self):
        """Tell who started the run (the performance administrators of the
        company for a scheduled run) that it finished, in their language:
        a notification and a message on the run."""
        self.ensure_one()
        users = self.computed_uid
        if self.by_cron or not users or users._is_superuser():
            users = self.company_id._sp_users_in_group(
                "sales_performance.group_sp_admin"
            )
        for lang in set(users.mapped(lambda u: u.lang or "en_US")):
            readers = users.filtered(lambda u, lang=lang: (u.lang or "en_US") == lang)
            run = self.with_context(lang=lang)
            if self.state == "done":
                title = run.env._("Commission run done")
                body = run.env._(
                    "%(run)s: %(count)s statement(s) computed.",
                    run=run.display_name,
                    count=self.member_count,
                )
            else:
                title = run.env._("Commission run failed")
                body = run.env._(
                    "%(run)s: %(done)s of %(count)s member(s) computed. %(message)s",
                    run=run.display_name,
                    done=self.done_count,
                    count=self.member_count,
                    message=self.message,
                )
            for user in readers:
                user._bus_send(
                    "simple_notification",
                    {
                        "title": title,
                        "message": body,
                        "type": "success" if self.state == "done" else "warning",
                        "sticky": self.state != "done",
                    },
                )
            self.sudo().message_post(
                body=body,
                partner_ids=readers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_run_rest(self):
        """Run the members not done yet (after a failed chunk): as jobs with
        queue_job, else at once; what is done is not computed again.
        Refused while the run's chunks still have jobs to run (queued or
        running): they are not computed twice at once."""
        for run in self:
            run.plan_id._sp_check_admin()
        self._sp_check_jobs()
        for run in self:
            if run.state == "done":
                continue
            if run._sp_live_jobs():
                raise UserError(
                    self.env._(
                        "%(run)s is still running: its chunks are in the job queue. "
                        "Run the Rest once it has ended.",
                        run=run.display_name,
                    )
                )
            if run.period_id.sp_state != "open":
                raise UserError(
                    self.env._(
                        "Period %(period)s is closed.", period=run.period_id.name
                    )
                )
            rest = run.member_ids - run.done_member_ids
            run.sudo().write(
                {
                    "state": "running",
                    "error": False,
                    "message": False,
                    "computed_uid": self.env.uid,
                    "by_cron": False,
                    "use_jobs": self._sp_jobs_available(),
                }
            )
            run._sp_record_fact_checks()
            if run.use_jobs:
                run._sp_enqueue(rest)
            else:
                for chunk in run._sp_chunks(rest):
                    run._sp_run_chunk(chunk.ids)
                run._sp_check_complete()
        return True

    # ------------------------------------------------------------------
    # Jobs that ended in queue_job without closing their run (issue 25)
    # ------------------------------------------------------------------
    def _sp_jobs(self):
        """The queue_job jobs of the run's last enqueueing: its chunks and
        its completeness check."""
        self.ensure_one()
        if "queue.job" not in self.env or not self.job_graph_uuid:
            return None
        return (
            self.env["queue.job"]
            .sudo()
            .search([("graph_uuid", "=", self.job_graph_uuid)], order="id")
        )

    def _sp_live_jobs(self):
        """Whether the run has jobs still to run (queued, waiting or
        running)."""
        if not (self.use_jobs and self.state == "running"):
            return False
        jobs = self._sp_jobs()
        return bool(jobs and jobs.filtered(lambda j: j.state not in JOB_ENDED))

    @api.model
    def _cron_check_jobs(self):
        """Scheduled: the running runs whose chunk jobs ended failed or
        cancelled in queue_job are closed failed, with why."""
        if "queue.job" not in self.env:
            return
        self.sudo().search(
            [("state", "=", "running"), ("use_jobs", "=", True)]
        )._sp_check_jobs()

    def _sp_check_jobs(self):
        """A running run none of whose chunk jobs is left to run, but whose
        check will never run (a chunk's job ended failed or cancelled in
        queue_job: its worker killed at every try, found dead by the job
        runner, or cancelled by hand; or the jobs are gone): the members of
        those chunks are recorded failed with queue_job's reason, the
        waiting check is cancelled, and the check is done now: the run ends
        failed, its user notified. *Run the Rest* then finishes it."""
        if "queue.job" not in self.env:
            return
        for run in self.sudo():
            if run.state != "running" or not run.use_jobs:
                continue
            jobs = run._sp_jobs()
            if jobs is None:
                continue  # enqueued before runs recorded their jobs
            chunks = jobs.filtered(lambda j: j.method_name == "_sp_run_chunk")
            check = jobs - chunks
            if chunks.filtered(lambda j: j.state not in JOB_ENDED):
                continue
            ended = chunks.filtered(lambda j: j.state in JOB_GONE)
            if not ended and check.filtered(lambda j: j.state not in JOB_GONE):
                continue  # the check runs (or ran) as queued
            # what the run says is read by its user, in their language (a
            # scheduled action has none)
            user = run.computed_uid or self.env.user
            reader = run.with_user(user).with_context(lang=user.lang or "en_US")
            try:
                with self.env.cr.savepoint():
                    run._sp_close_ended(reader, ended, check)
            except Exception:  # the other runs are still checked
                _logger.exception("Closing %s after its jobs ended failed", run)

    def _sp_close_ended(self, reader, ended, check):
        """Record the members of the ``ended`` chunk jobs failed with
        queue_job's reason, cancel the ``check`` job left waiting for them,
        and check the run now (as ``reader``: its user, in their language)."""
        Member = self.env["sales.performance.member"]
        for job in ended:
            members = Member.browse(job.args[0] if job.args else []).exists()
            members -= self.done_member_ids
            if members:
                reader._sp_record_error(members, UserError(job_reason(reader.env, job)))
        check.filtered(lambda j: j.state == "wait_dependencies").button_cancelled()
        reader._sp_check_complete()

    # ------------------------------------------------------------------
    # The monthly cron
    # ------------------------------------------------------------------
    @api.model
    def _sp_commit(self):
        """Crons may commit: each chunk stays done whatever comes next (no
        commit in tests: the test's transaction is rolled back)."""
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _cron_monthly_run(self):
        """Scheduled monthly run: compute last month's statements of every
        approved plan (approval and posting stay human decisions), through
        the runs and chunks of Run Commission (issue 25). A plan whose run
        of the month is complete, running or failed is not started again
        (a failed scheduled run is resumed below)."""
        today = fields.Date.context_today(self)
        cache = self.env.cr.cache
        cache.setdefault(CRON_STARTED, time.monotonic())
        plans = self.env["sales.performance.plan"].search(
            [("state", "=", "approved"), ("is_template", "=", False)]
        )
        for plan in plans:
            previous = plan._sp_periods().filtered(
                lambda p: p.date_end < today and p.sp_state == "open"
            )[-1:]
            if not previous:
                continue
            last = self.sudo().search(
                [("plan_id", "=", plan.id), ("period_id", "=", previous.id)],
                order="id desc",
                limit=1,
            )
            members = None
            if last and last.state == "done":
                # run by hand for some members only: the cron runs the others
                complete = self.sudo().search(
                    [
                        ("plan_id", "=", plan.id),
                        ("period_id", "=", previous.id),
                        ("state", "=", "done"),
                    ]
                )
                members = (
                    plan.member_ids.filtered(lambda m, p=previous: m._window(p))
                    - complete.member_ids
                )
                if not members:
                    continue
            elif last:
                continue  # running, or failed: resumed below or by Run the Rest
            try:
                with self.env.cr.savepoint():
                    self._sp_start(
                        plan,
                        previous,
                        plan.company_id.sp_job_chunk_size or 200,
                        members=members,
                        by_cron=True,
                    )
            except (UserError, AccessError) as error:
                _logger.warning("Monthly run of %s failed: %s", plan.name, error)
            self._sp_commit()
        return self._sp_cron_chunks()

    @api.model
    def _sp_cron_chunks(self):
        """The chunks of the scheduled runs without queue_job, one
        transaction each, until the time budget of this cron call is
        spent; then the cron is triggered again for the rest."""
        cache = self.env.cr.cache
        started = cache.setdefault(CRON_STARTED, time.monotonic())
        failed = cache.setdefault(CRON_FAILED, set())
        budget = float(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_performance.cron_time_budget", CRON_TIME_BUDGET)
        )
        runs = self.sudo().search(
            [
                ("by_cron", "=", True),
                ("use_jobs", "=", False),
                ("state", "in", ("running", "failed")),
                ("id", "not in", list(failed)),
            ],
            order="id",
        )
        cron = self.env["ir.cron"]

        def remaining():
            return sum(len(r.member_ids - r.done_member_ids) for r in runs)

        done, last = 0, 0.0
        for run in runs:
            run = run.with_user(self.env.user)
            if run.state == "failed":
                run.sudo().write({"state": "running", "error": False})
            broken = run.browse().member_ids
            while True:
                rest = run.member_ids - run.done_member_ids - broken
                if not rest:
                    run._sp_check_complete()
                    self._sp_commit()
                    break
                spent = time.monotonic() - started
                if cache.get(CRON_CHUNKS) and spent + last >= budget:
                    # the rest at the next call, in a fresh worker cycle
                    self.env.ref("sales_performance.ir_cron_monthly_run")._trigger()
                    self._sp_commit()
                    cron._notify_progress(done=done, remaining=remaining())
                    return False
                chunk = rest[: run.chunk_size]
                begin = time.monotonic()
                try:
                    with self.env.cr.savepoint():
                        run._sp_compute(chunk)
                except OperationalError:
                    raise
                except Exception as error:  # noqa: BLE001 recorded on the run
                    # the others go on; the run is failed at its check
                    run._sp_record_error(chunk, error)
                    broken |= chunk
                    failed.add(run.id)
                    self._sp_commit()
                    continue
                self._sp_commit()
                last = time.monotonic() - begin
                done += len(chunk)
                cache[CRON_CHUNKS] = cache.get(CRON_CHUNKS, 0) + 1
        cron._notify_progress(done=done, remaining=0)
        return True
