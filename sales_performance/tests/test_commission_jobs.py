# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import OperationalError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon

TIERS = [(0.0, 1.0, 0.01), (1.0, 0.0, 0.02)]


@tagged("post_install", "-at_install")
class TestCommissionJobs(SalesPerformanceCommon):
    """A run split into chunks (queue_job jobs when installed) gives the same
    statements as one unsplit run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", TIERS, name="Tiers")
        cls._rule("pool", pool_rate=0.01, payout_kind="pool_share", name="Pool")
        for employee, code in ((cls.emp_a, "A"), (cls.emp_b, "B"), (cls.emp_c, "C")):
            cls._appraise(employee, cls.march, code)
        cls._invoice(cls.user_a, "2026-03-05", quantity=12)
        cls._invoice(cls.user_b, "2026-03-06", quantity=7, price=1234.56)
        cls._invoice(cls.user_c, "2026-03-07", quantity=3, price=999.99)
        cls.plan.action_approve()  # runs are for approved plans (issue 12)

    def _start(self, chunk_size=200):
        """Start a run; with queue_job installed, perform its stored jobs as
        a worker would: the chunks, then the completeness check."""
        Run = self.env["sales.performance.run"]
        run = Run._sp_start(self.plan, self.march, chunk_size=chunk_size)
        if not run.use_jobs:
            return run
        from odoo.addons.queue_job.job import Job

        self.assertEqual(run.state, "running")
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", "sales.performance.run"),
                    ("records", "like", f"[{run.id}]"),
                ],
                order="id",
            )
        )
        chunks = -(-len(self.plan.member_ids) // chunk_size)
        self.assertEqual(len(jobs), chunks + 1)
        # as the queue does: the check depends on the chunks, so it runs last
        jobs = jobs.sorted(lambda j: j.method_name == "_sp_check_complete")
        self.assertEqual(jobs[-1].method_name, "_sp_check_complete")
        for job in jobs:
            Job.load(self.env, job.uuid).perform()
        return run

    def _snapshot(self):
        statements = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "=", self.march.id)]
        )
        return sorted(
            (line.employee_id.name, line.kind, line.amount, line.explanation)
            for line in statements.line_ids
        )

    def test_split_run_equals_unsplit_run(self):
        self._run(self.march)
        unsplit = self._snapshot()
        self.assertEqual(len(unsplit), 6)  # tiers and pool share for 3 people
        run = self._start(chunk_size=1)
        self.assertEqual(run.chunk_count, 3)
        self.assertEqual(run.use_jobs, "queue.job" in self.env)
        self.assertEqual(run.state, "done")
        # The pool is shared over all its members even when each chunk holds
        # one of them: 1 % x (12,000 + 8,641.92 + 2,999.97) = 236.42 split by
        # F 1.2 / 1.0 / 0.8.
        self.assertEqual(self._snapshot(), unsplit)

    def test_incomplete_run_blocks_approval(self):
        run = self._start(chunk_size=2)
        statement = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("employee_id", "=", self.emp_a.id)]
        )
        run.sudo().state = "failed"
        with self.assertRefused(UserError, "is not complete"):
            statement.with_user(self.user_admin).action_approve()
        self._start()
        statement.with_user(self.user_admin).action_approve()
        self.assertEqual(statement.state, "approved")

    def test_check_reports_missing_members(self):
        run = self._start()
        self.env["sales.performance.statement"].search(
            [("employee_id", "=", self.emp_c.id)]
        ).unlink()
        self.assertFalse(run._sp_check_complete())
        self.assertEqual(run.state, "failed")
        self.assertIn("Chen Jie", run.message)

    def test_runs_visible_to_approvers_only(self):
        # Commission Runs (menu): approvers see whether a run is complete;
        # salespeople have no access to runs.
        run = self._start()
        self.assertEqual(run.state, "done", run.message)
        self.assertEqual(run.display_name, f"{self.plan.name} / {self.march.name}")
        approver = self._create_salesperson(
            "Run Approver", "sp_run_approver", "sales_performance.group_sp_approver"
        )[0]
        self.assertEqual(
            self.env["sales.performance.run"].with_user(approver).search([]), run
        )
        with self.assertRaises(AccessError):
            self.env["sales.performance.run"].with_user(self.user_a).search([])
        menu = self.env.ref("sales_performance.menu_sales_performance_run")
        visible = self.env["ir.ui.menu"].with_user(approver)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_a)._visible_menu_ids()
        )

    @freeze_time("2026-04-10")
    def test_monthly_cron_computes_last_month(self):
        """The scheduled run (on the run model) computes last month's
        statements of approved plans, as Run Commission does."""
        self._run(self.march)
        computed = self._snapshot()
        self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id)]
        ).unlink()
        cron = self.env.ref("sales_performance.ir_cron_monthly_run")
        self.assertEqual(cron.model_id.model, "sales.performance.run")
        from .test_background_operations import trap_jobs

        # with queue_job the chunks are jobs (issue 25): performed here
        with trap_jobs(self.env) as trap:
            self.env["sales.performance.run"]._cron_monthly_run()
            if "queue.job" in self.env:
                trap.perform_enqueued_jobs()
        self.assertEqual(self._snapshot(), computed)

    # ------------------------------------------------------------------
    # The monthly cron through runs and chunks (issue 25)
    # ------------------------------------------------------------------
    def _cron(self, new_cycle=True):
        """One call of the monthly cron, as its user, with a progress record
        as ir.cron gives it; ``new_cycle``: a fresh worker cycle (its time
        budget starts again)."""
        cron = self.env.ref("sales_performance.ir_cron_monthly_run")
        if new_cycle:
            for key in [k for k in self.env.cr.cache if "sales_performance.cron" in k]:
                del self.env.cr.cache[key]
        cron, progress = cron._add_progress()
        self.env["sales.performance.run"].with_user(cron.user_id).with_context(
            ir_cron_progress_id=progress.id
        )._cron_monthly_run()
        self.env.invalidate_all()
        return progress

    def _cron_runs(self):
        return (
            self.env["sales.performance.run"]
            .sudo()
            .search([("plan_id", "=", self.plan.id), ("period_id", "=", self.march.id)])
        )

    @freeze_time("2026-04-10")
    def test_cron_without_jobs_resumes_chunk_by_chunk(self):
        """Without queue_job the cron computes chunk after chunk and stops
        when its time budget is spent (here: after one chunk); the next call
        resumes the rest instead of starting over; a complete run is not
        run again."""
        self._run(self.march)
        computed = self._snapshot()
        self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id)]
        ).unlink()
        self.company.sp_job_chunk_size = 1
        self.env["ir.config_parameter"].sudo().set_param(
            "sales_performance.cron_time_budget", "0"
        )
        cron = self.env.ref("sales_performance.ir_cron_monthly_run")
        Run = self.registry["sales.performance.run"]
        with patch.object(Run, "_sp_jobs_available", lambda self: False):
            progress = self._cron()
            run = self._cron_runs()
            self.assertEqual(len(run), 1)
            self.assertTrue(run.by_cron)
            self.assertFalse(run.use_jobs)
            self.assertEqual(
                (run.state, run.done_count, run.member_count), ("running", 1, 3)
            )
            self.assertEqual((progress.done, progress.remaining), (1, 2))
            # the rest is triggered for the next worker cycle
            self.assertTrue(
                self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)])
            )
            # called again in the same cycle: nothing more (the budget is spent)
            progress = self._cron(new_cycle=False)
            self.assertEqual((progress.done, progress.remaining), (0, 2))
            self.assertEqual(run.done_count, 1)
            self._cron()
            self.assertEqual((run.state, run.done_count), ("running", 2))
            self._cron()
            self.assertEqual((run.state, run.done_count), ("done", 3), run.message)
            self.assertEqual(run.progress, 100.0)
            # a complete run is not run again
            self._cron()
            self.assertEqual(self._cron_runs(), run)
        self.assertEqual(self._snapshot(), computed)
        # the performance administrators are told (a scheduled run)
        note = run.message_ids.filtered(lambda m: "3 statement(s)" in (m.body or ""))
        self.assertIn(self.user_admin.partner_id, note.partner_ids)

    @freeze_time("2026-04-10")
    def test_cron_failed_chunk_recorded_then_resumed(self):
        self.company.sp_job_chunk_size = 1
        Run = self.registry["sales.performance.run"]
        Statement = self.registry["sales.performance.statement"]
        original = Statement._sp_run

        def broken(statements, plan, period, members=None, run=None):
            if self.emp_b in members.employee_id:
                raise RuntimeError("database hiccup")
            return original(statements, plan, period, members, run)

        with (
            patch.object(Run, "_sp_jobs_available", lambda self: False),
            patch.object(Statement, "_sp_run", broken),
        ):
            self._cron()
        run = self._cron_runs()
        self.assertEqual((run.state, run.done_count), ("failed", 2))
        self.assertIn("database hiccup", run.message)
        self.assertIn("Li Na", run.error)
        statements = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("run_id", "=", run.id)]
        )
        self.assertNotIn(self.emp_b, statements.employee_id)  # left as it was
        with patch.object(Run, "_sp_jobs_available", lambda self: False):
            self._cron()
        self.assertEqual((run.state, run.done_count), ("done", 3), run.message)
        self.assertEqual(len(self._cron_runs()), 1)

    @freeze_time("2026-04-10")
    def test_cron_with_jobs_enqueues_the_chunks(self):
        if not self.env["sales.performance.run"]._sp_jobs_available():
            self.skipTest("OCA queue_job is not installed")
        from .test_background_operations import trap_jobs

        self.company.sp_job_chunk_size = 2
        with trap_jobs(self.env) as trap:
            self._cron()
            run = self._cron_runs()
            self.assertTrue(run.use_jobs and run.by_cron)
            self.assertEqual((run.state, run.chunk_count), ("running", 2))
            trap.assert_jobs_count(3)  # two chunks and the check
            # the run is in progress: the cron does not start another
            self._cron()
            self.assertEqual(self._cron_runs(), run)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual((run.state, run.progress), ("done", 100.0), run.message)

    def test_failed_job_chunk_and_run_the_rest(self):
        """A chunk job that fails leaves its members as they were, the run
        failed with why; Run the Rest computes only the rest."""
        if not self.env["sales.performance.run"]._sp_jobs_available():
            self.skipTest("OCA queue_job is not installed")
        from .test_background_operations import trap_jobs

        Statement = self.registry["sales.performance.statement"]
        original = Statement._sp_run

        def broken(statements, plan, period, members=None, run=None):
            if self.emp_c in members.employee_id:
                raise RuntimeError("worker lost")
            return original(statements, plan, period, members, run)

        admin = self.user_admin
        with trap_jobs(self.env) as trap:
            run = (
                self.env["sales.performance.run"]
                .with_user(admin)
                ._sp_start(self.plan, self.march, chunk_size=1)
            )
            with patch.object(Statement, "_sp_run", broken):
                trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual((run.state, run.done_count), ("failed", 2))
        self.assertIn("worker lost", run.message)
        with self.assertRaises(AccessError):
            run.with_user(self.user_a).action_run_rest()
        with trap_jobs(self.env) as trap:
            run.with_user(admin).action_run_rest()
            trap.assert_jobs_count(2)  # Chen Jie's chunk and the check
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual((run.state, run.done_count), ("done", 3), run.message)

    @freeze_time("2026-04-10")
    def test_cron_runs_only_members_not_run_by_hand(self):
        """A month run by hand for one member: the cron runs the others,
        then nothing more."""
        Run = self.registry["sales.performance.run"]
        member_a = self.plan.member_ids.filtered(lambda m: m.employee_id == self.emp_a)
        with patch.object(Run, "_sp_jobs_available", lambda self: False):
            by_hand = (
                self.env["sales.performance.run"]
                .with_user(self.user_admin)
                ._sp_start(self.plan, self.march, members=member_a)
            )
            self.assertEqual(by_hand.state, "done")
            self._cron()
            runs = self._cron_runs()
            self.assertEqual(len(runs), 2)
            scheduled = runs - by_hand
            self.assertEqual(
                scheduled.member_ids, self.plan.member_ids - member_a, scheduled.message
            )
            self.assertEqual(scheduled.state, "done", scheduled.message)
            self._cron()
            self.assertEqual(self._cron_runs(), runs)

    # ------------------------------------------------------------------
    # Chunk jobs that give up (issue 25): the run ends failed, with why
    # ------------------------------------------------------------------
    def _start_jobs(self):
        """A run of the three members in chunks of one, as the performance
        administrator; the id of the last job before it."""
        if not self.env["sales.performance.run"]._sp_jobs_available():
            self.skipTest("OCA queue_job is not installed")
        start = self.env["queue.job"].sudo().search([], order="id desc", limit=1).id
        run = (
            self.env["sales.performance.run"]
            .with_user(self.user_admin)
            ._sp_start(self.plan, self.march, chunk_size=1)
        )
        self.assertEqual((run.state, run.chunk_count), ("running", 3))
        return run, start or 0

    def _chunk_job(self, run, employee):
        member = self.plan.member_ids.filtered(lambda m: m.employee_id == employee)
        return (
            self.env["queue.job"]
            .sudo()
            .search([("graph_uuid", "=", run.job_graph_uuid)])
            .filtered(lambda j: j.args == [member.ids])
        )

    def _check_job(self, run):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("graph_uuid", "=", run.job_graph_uuid),
                    ("method_name", "=", "_sp_check_complete"),
                ]
            )
        )

    def _run_rest(self, run):
        from .test_background_operations import work_jobs

        start = self.env["queue.job"].sudo().search([], order="id desc", limit=1).id
        run.with_user(self.user_admin).action_run_rest()
        work_jobs(self.env, start)
        self.env.invalidate_all()

    def test_run_chunk_out_of_retries_ends_the_run_failed(self):
        """Chen Jie's chunk meets a concurrency error at every try: queue_job
        alone would retry it forever (it never counts those). It is retried
        up to the job's max_retries (5), then recorded failed with why, his
        statement not written; the check runs and the run ends failed, its
        administrator told; Run the Rest computes him, the others once."""
        from .test_background_operations import work_jobs

        run, start = self._start_jobs()
        # its chunks are queued: no second computation of them meanwhile
        with self.assertRefused(UserError, "still running"):
            run.with_user(self.user_admin).action_run_rest()
        Statement = self.registry["sales.performance.statement"]
        original = Statement._sp_run
        emp_c = self.emp_c

        def busy(statements, plan, period, members=None, run=None):
            if emp_c in members.employee_id:
                raise OperationalError("could not serialize access")
            return original(statements, plan, period, members, run)

        with patch.object(Statement, "_sp_run", busy):
            work_jobs(self.env, start)
        self.env.invalidate_all()
        job = self._chunk_job(run, self.emp_c)
        self.assertEqual((job.retry, job.state), (5, "done"))
        self.assertEqual((run.state, run.done_count), ("failed", 2))
        self.assertIn("gave up after 5 tries", run.message)
        self.assertIn("could not serialize access", run.message)
        self.assertIn("Chen Jie", run.message)
        self.assertTrue(
            run.message_ids.filtered(lambda m: "2 of 3 member(s)" in m.body),
            "the administrator is told the run failed",
        )
        Statement = self.env["sales.performance.statement"]
        domain = [("plan_id", "=", self.plan.id), ("period_id", "=", self.march.id)]
        self.assertEqual(Statement.search(domain).employee_id, self.emp_a | self.emp_b)
        done = self._snapshot()
        self._run_rest(run)
        self.assertEqual((run.state, run.done_count), ("done", 3), run.message)
        self.assertEqual(len(Statement.search(domain)), 3)
        self.assertTrue(set(done) <= set(self._snapshot()))

    def test_run_job_failed_in_queue_job_ends_the_run_failed(self):
        """A chunk's job ends failed in queue_job itself (its worker killed
        at every try, found dead by the job runner): the run's check waits
        for it forever. The scheduled check records Chen Jie's chunk failed
        with queue_job's reason, cancels the waiting check and ends the run
        failed; Run the Rest then finishes it."""
        from .test_background_operations import fail_as_found_dead, work_jobs

        run, start = self._start_jobs()
        job = self._chunk_job(run, self.emp_c)
        fail_as_found_dead(self.env, job)
        work_jobs(self.env, start)
        self.env.invalidate_all()
        self.assertEqual((run.state, run.done_count), ("running", 2))
        check = self._check_job(run)
        self.assertEqual(check.state, "wait_dependencies")
        self.env.ref(
            "sales_performance.ir_cron_check_runs"
        ).sudo().method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((run.state, run.done_count), ("failed", 2))
        self.assertIn("found dead", run.message)
        self.assertIn("Chen Jie", run.message)
        self.assertEqual(check.state, "cancelled")
        self._run_rest(run)
        self.assertEqual((run.state, run.done_count), ("done", 3), run.message)

    def test_run_whose_check_job_failed_is_checked_by_the_schedule(self):
        """Every chunk is done but the run's check job itself ends failed in
        queue_job: the scheduled check runs it again, and the complete run
        ends done instead of running forever."""
        from .test_background_operations import work_jobs

        run, start = self._start_jobs()
        Run = self.registry["sales.performance.run"]

        def lost(run):
            raise RuntimeError("worker lost")

        with patch.object(Run, "_sp_check_complete", lost):
            work_jobs(self.env, start)
        self.env.invalidate_all()
        check = self._check_job(run)
        self.assertEqual(check.state, "failed")
        self.assertEqual((run.state, run.done_count), ("running", 3))
        self.env.ref(
            "sales_performance.ir_cron_check_runs"
        ).sudo().method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((run.state, run.done_count), ("done", 3), run.message)
