# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

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
        self.env["sales.performance.run"]._cron_monthly_run()
        self.assertEqual(self._snapshot(), computed)
