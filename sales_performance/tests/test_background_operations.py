# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Big operations go through the job queue (issue 25): above the company's
threshold, approving, posting to payroll and generating payslips are split
into chunks of jobs, each run as the user who started it; a chunk that fails
leaves its statements as they were and says why; Run the Rest finishes the
others, never twice; the user is notified. At or below the threshold they
stay immediate.

Figures (payroll_common): flat 2 % on March invoices, Wang Wei 5,000.00 ->
100.00, Li Na 10,000.00 -> 200.00, Chen Jie 4,000.00 -> 80.00 (no contract:
not posted)."""

import json
import unittest
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import OperationalError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools.states import POSTED_STATES
from .payroll_common import PayrollCommon


class StoredJobs:
    """The jobs enqueued inside the block, as stored in ``queue.job``, and
    performed as a worker would: each as the user it was enqueued by, the
    closing job (depending on the chunks) last. (queue_job's own
    ``trap_jobs`` does not import on this Odoo: SETATTR_SOURCES.)"""

    LAST = ("_sp_finish", "_sp_check_complete")

    def __init__(self, env):
        self.env = env
        self.start = 0

    def __enter__(self):
        if "queue.job" not in self.env:
            return self
        Job = self.env["queue.job"].sudo()
        self.start = Job.search([], order="id desc", limit=1).id or 0
        return self

    def __exit__(self, *exc):
        return False

    def _pending(self):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [("id", ">", self.start), ("state", "!=", "done")],
                order="id",
            )
        )

    def assert_jobs_count(self, count):
        assert len(self._pending()) == count, self._pending().mapped("name")

    def perform_enqueued_jobs(self):
        from odoo.addons.queue_job.job import Job

        jobs = self._pending().sorted(lambda j: (j.method_name in self.LAST, j.id))
        for record in jobs:
            job = Job.load(self.env, record.uuid)
            job.perform()
            job.set_done()
            job.store()


def work_jobs(env, start):
    """queue_job's worker, without a job runner: the pending jobs after
    ``start`` performed as its controller does (``RunJobController.
    _runjob``): a concurrency error or a RetryableJobError postpones the
    job for another try (counted), any other error fails it, a job done
    enqueues the jobs waiting for it."""
    from odoo.addons.queue_job.exception import RetryableJobError
    from odoo.addons.queue_job.job import Job

    QueueJob = env["queue.job"].sudo()
    for _round in range(20):
        pending = QueueJob.search(
            [("id", ">", start), ("state", "=", "pending")], order="id"
        )
        if not pending:
            return
        for record in pending:
            job = Job.load(env, record.uuid)
            job.set_started()
            job.store()
            try:
                with env.cr.savepoint():
                    job.perform()
            except (OperationalError, RetryableJobError) as error:
                job.postpone(result=str(error))
                job.set_pending(reset_retry=False)
                job.store()
            except Exception as error:  # noqa: BLE001 FailedJobError, others
                job.set_failed(exc_name=type(error).__name__, exc_message=str(error))
                job.store()
            else:
                job.set_done()
                job.store()
                env.flush_all()
                job.enqueue_waiting()


def fail_as_found_dead(env, job):
    """``job`` ended failed in queue_job itself, as the job runner's requeue
    of dead jobs leaves it once out of retries (its SQL)."""
    env.flush_all()
    env.cr.execute(
        "UPDATE queue_job SET state = 'failed', exc_name = 'JobFoundDead', "
        "exc_info = 'Job found dead after too many retries' WHERE id = %s",
        (job.id,),
    )
    env.invalidate_all()


def trap_jobs(env):
    return StoredJobs(env)


@tagged("post_install", "-at_install")
class TestBackgroundOperations(PayrollCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "queue.job" not in cls.env:
            raise unittest.SkipTest("OCA queue_job is not installed")
        cls.plan.action_approve()
        # more than 2 records go to the queue, one per chunk
        cls.company.write({"sp_job_threshold": 2, "sp_job_chunk_size": 1})

    def _statements(self, approved=False):
        statements = self._approved() if approved else self._run(self.march)
        records = self.env["sales.performance.statement"].union(*statements.values())
        self.assertEqual(len(records), 3)
        return records

    def _operation(self, user, kind):
        self.env.invalidate_all()
        return (
            self.env["sales.performance.operation"]
            .with_user(user)
            .search([("kind", "=", kind)])
        )

    def _notified(self, user, words):
        """The bus notifications sent to ``user`` (not committed yet)."""
        partner = user.partner_id.id
        found = []
        for values in self.env.cr.precommit.data.get("bus.bus.values", []):
            message = json.loads(values["message"])
            if message["type"] == "simple_notification" and json.loads(
                values["channel"]
            )[1:] == ["res.partner", partner]:
                found.append(message["payload"])
        return [p for p in found if words in p["title"] + p["message"]]

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    def test_bulk_approval_in_chunks_approves_each_once(self):
        records = self._statements()
        with trap_jobs(self.env) as trap:
            action = records.with_user(self.user_approver).action_approve_selected()
            self.assertEqual(action["params"]["type"], "info")
            # nothing approved in the request: 3 chunks and the finish job
            self.assertEqual(set(records.mapped("state")), {"computed"})
            trap.assert_jobs_count(4)
            operation = self._operation(self.user_approver, "approve")
            self.assertEqual(
                (operation.total, len(operation.chunk_ids), operation.state),
                (3, 3, "running"),
            )
            self.assertEqual(operation.user_id, self.user_approver)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual(set(records.mapped("state")), {"approved"})
        # the jobs ran as the approver (R-W3: the approver is recorded)
        self.assertEqual(records.approved_uid, self.user_approver)
        self.assertEqual((operation.state, operation.done), ("done", 3))
        self.assertEqual(operation.progress, 100.0)
        self.assertIn("3 of 3 done", operation.message)
        self.assertTrue(self._notified(self.user_approver, "3 of 3 done"))
        self.assertIn(
            self.user_approver.partner_id,
            operation.message_ids.filtered(
                lambda m: "3 of 3" in (m.body or "")
            ).partner_ids,
        )
        # a chunk run again (a retried job) approves nothing twice
        seqs = records.mapped("approved_seq")
        self.assertFalse(
            operation.with_user(self.user_approver)._sp_run_chunk(
                operation.chunk_ids[0].id
            )
        )
        self.assertEqual(records.mapped("approved_seq"), seqs)

    def test_small_approval_stays_immediate(self):
        self.company.sp_job_threshold = 3
        records = self._statements()
        with trap_jobs(self.env) as trap:
            action = records.with_user(self.user_approver).action_approve_selected()
            trap.assert_jobs_count(0)
        self.assertEqual(set(records.mapped("state")), {"approved"})
        self.assertIn("3 statement(s) approved", action["params"]["message"])
        self.assertFalse(self._operation(self.user_approver, "approve"))

    def test_only_approvers_start_a_bulk_approval(self):
        records = self._statements()
        with trap_jobs(self.env) as trap, self.assertRaises(AccessError):
            records.with_user(self.user_payroll).action_approve_selected()
        trap.assert_jobs_count(0)

    def test_failed_chunk_is_left_as_it_was_and_the_rest_finishes(self):
        records = self._statements()
        Statement = self.registry["sales.performance.statement"]
        original = Statement._sp_send_approved_mail

        def mail(statements):
            if self.emp_b in statements.employee_id:
                raise RuntimeError("mail server unreachable")
            return original(statements)

        with trap_jobs(self.env) as trap:
            records.with_user(self.user_approver).action_approve_selected()
            with patch.object(Statement, "_sp_send_approved_mail", mail):
                trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        states = {s.employee_id: s.state for s in records}
        self.assertEqual(states[self.emp_b], "computed")  # rolled back whole
        self.assertEqual(states[self.emp_a], "approved")
        self.assertEqual(states[self.emp_c], "approved")
        operation = self._operation(self.user_approver, "approve")
        self.assertEqual((operation.state, operation.done), ("failed", 2))
        self.assertIn("mail server unreachable", operation.message)
        self.assertTrue(self._notified(self.user_approver, "Run the Rest"))
        done = records.filtered(lambda s: s.state == "approved")
        seqs = done.mapped("approved_seq")
        # Run the Rest: only the failed chunk, as the approver
        with trap_jobs(self.env) as trap:
            operation.with_user(self.user_approver).action_run_rest()
            trap.assert_jobs_count(2)  # the failed chunk and the finish
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual(set(records.mapped("state")), {"approved"})
        self.assertEqual(done.mapped("approved_seq"), seqs)  # not twice
        self.assertEqual((operation.state, operation.done), ("done", 3))

    # ------------------------------------------------------------------
    # Jobs that give up (issue 25): the operation ends failed, with why
    # ------------------------------------------------------------------
    def _work(self, start):
        work_jobs(self.env, start)

    def _sent(self, user, words):
        """The notifications sent to ``user``: not committed yet, or already
        written to the bus (the worker's savepoints flush them there)."""
        sent = self.env["bus.bus"].sudo().search([("message", "like", words)])
        return self._notified(user, words) or [
            bus
            for bus in sent
            if json.loads(bus.channel)[1:] == ["res.partner", user.partner_id.id]
        ]

    def _start_approval(self):
        records = self._statements()
        start = self.env["queue.job"].sudo().search([], order="id desc", limit=1).id
        records.with_user(self.user_approver).action_approve_selected()
        operation = self._operation(self.user_approver, "approve")
        self.assertEqual((operation.state, len(operation.chunk_ids)), ("running", 3))
        return records, operation, start or 0

    def _chunk_of(self, operation, employee):
        Statement = self.env["sales.performance.statement"]
        return operation.chunk_ids.filtered(
            lambda c: employee in Statement.browse(c.res_ids).employee_id
        )

    def _job_of(self, chunk):
        return (
            self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "_sp_run_chunk")])
            .filtered(lambda j: j.args == [chunk.id])
        )

    def test_chunk_out_of_retries_ends_the_operation_failed(self):
        """Li Na's chunk meets a concurrency error at every try: it is
        retried up to the job's max_retries (5), then recorded failed with
        why, her statement left as it was; the operation ends failed (not
        running forever) and Run the Rest finishes it, each once."""
        records, operation, start = self._start_approval()
        # the chunks are queued or running: no second run of them meanwhile
        with self.assertRefused(UserError, "still running"):
            operation.with_user(self.user_approver).action_run_rest()
        Operation = self.registry["sales.performance.operation"]
        original = Operation._sp_process
        emp_b = self.emp_b

        def process(operation, ids):
            statements = operation.env["sales.performance.statement"].browse(ids)
            if emp_b in statements.employee_id:
                raise OperationalError("could not serialize access")
            return original(operation, ids)

        with patch.object(Operation, "_sp_process", process):
            self._work(start)
        self.env.invalidate_all()
        chunk = self._chunk_of(operation, self.emp_b)
        self.assertEqual(self._job_of(chunk).retry, 5)
        self.assertEqual(chunk.state, "failed")
        self.assertIn("could not serialize access", chunk.message)
        self.assertEqual((operation.state, operation.done), ("failed", 2))
        self.assertIn("could not serialize access", operation.message)
        self.assertTrue(self._sent(self.user_approver, "Run the Rest"))
        states = {s.employee_id: s.state for s in records}
        self.assertEqual(states[self.emp_b], "computed")
        done = records.filtered(lambda s: s.state == "approved")
        seqs = done.mapped("approved_seq")
        start = self.env["queue.job"].sudo().search([], order="id desc", limit=1).id
        operation.with_user(self.user_approver).action_run_rest()
        self._work(start)
        self.env.invalidate_all()
        self.assertEqual(set(records.mapped("state")), {"approved"})
        self.assertEqual(done.mapped("approved_seq"), seqs)
        self.assertEqual((operation.state, operation.done), ("done", 3))

    def test_job_failed_in_queue_job_ends_the_operation_failed(self):
        """A chunk's job ends failed in queue_job itself (here: its worker
        killed every try, found dead by the job runner after too many
        retries): the finish job never runs; the scheduled check ends the
        operation failed with why, and Run the Rest finishes it."""
        records, operation, start = self._start_approval()
        chunk = self._chunk_of(operation, self.emp_b)
        job = self._job_of(chunk)
        fail_as_found_dead(self.env, job)
        self._work(start)
        self.env.invalidate_all()
        self.assertEqual(operation.state, "running")  # the others are done
        finish = (
            self.env["queue.job"]
            .sudo()
            .search([("id", ">", start), ("method_name", "=", "_sp_finish")])
        )
        self.assertEqual(finish.state, "wait_dependencies")
        self.assertEqual(chunk.job_uuid, job.uuid)
        # a chunk enqueued before chunks recorded their job is found by it
        chunk.sudo().job_uuid = False
        self.env.ref(
            "sales_performance.ir_cron_check_operations"
        ).sudo().method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((operation.state, operation.done), ("failed", 2))
        self.assertEqual(chunk.state, "failed")
        self.assertIn("found dead", chunk.message)
        self.assertIn("found dead", operation.message)
        self.assertTrue(self._sent(self.user_approver, "Run the Rest"))
        # its finish job will never run: cancelled, not waiting forever
        self.assertEqual(finish.state, "cancelled")
        start = self.env["queue.job"].sudo().search([], order="id desc", limit=1).id
        operation.with_user(self.user_approver).action_run_rest()
        self._work(start)
        self.env.invalidate_all()
        self.assertEqual(set(records.mapped("state")), {"approved"})
        self.assertEqual((operation.state, operation.done), ("done", 3))

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def test_posting_above_threshold_posts_each_once(self):
        records = self._statements(approved=True)
        with trap_jobs(self.env) as trap:
            records.with_user(self.user_payroll).action_post_to_payroll()
            self.assertEqual(
                self._payslips(self.emp_a | self.emp_b)[self.emp_a], (0, 0)
            )
            trap.assert_jobs_count(4)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        by_employee = {s.employee_id: s for s in records}
        self.assertIn(by_employee[self.emp_a].state, POSTED_STATES)
        self.assertIn(by_employee[self.emp_b].state, POSTED_STATES)
        self.assertEqual(by_employee[self.emp_a].posted_uid, self.user_payroll)
        expected = {self.emp_a: (1, 100.0), self.emp_b: (1, 200.0)}
        self.assertEqual(self._payslips(self.emp_a | self.emp_b), expected)
        operation = self._operation(self.user_payroll, "post")
        # Chen Jie has no contract: refused with why, as in the immediate path
        self.assertEqual(operation.state, "done")
        self.assertIn("Chen Jie", operation.message)
        self.assertTrue(self._notified(self.user_payroll, "3 of 3 done"))
        # every chunk again: nothing posted twice
        for chunk in operation.chunk_ids:
            operation.with_user(self.user_payroll)._sp_run_chunk(chunk.id)
        self.assertEqual(self._payslips(self.emp_a | self.emp_b), expected)

    def test_failed_posting_chunk_leaves_statement_approved(self):
        records = self._statements(approved=True)
        Statement = self.registry["sales.performance.statement"]
        original = Statement._sp_post_set

        def post_set(statements, payslips=None):
            # the set-wise posting of the chunk holding emp_a crashes
            if self.emp_a in statements.employee_id:
                raise RuntimeError("payslip computation crashed")
            return original(statements, payslips)

        with trap_jobs(self.env) as trap:
            records.with_user(self.user_payroll).action_post_to_payroll()
            with patch.object(Statement, "_sp_post_set", post_set):
                trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        statement_a = records.filtered(lambda s: s.employee_id == self.emp_a)
        self.assertEqual(statement_a.state, "approved")
        self.assertFalse(statement_a.payroll_error)  # rolled back with the chunk
        self.assertEqual(self._payslips(self.emp_a)[self.emp_a], (0, 0))
        operation = self._operation(self.user_payroll, "post")
        self.assertEqual(operation.state, "failed")
        self.assertIn("payslip computation crashed", operation.message)
        with trap_jobs(self.env) as trap:
            operation.with_user(self.user_payroll).action_run_rest()
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertIn(statement_a.state, POSTED_STATES)
        expected = {self.emp_a: (1, 100.0), self.emp_b: (1, 200.0)}
        self.assertEqual(self._payslips(self.emp_a | self.emp_b), expected)
        self.assertEqual(operation.state, "done")
        # an approver cannot rerun a posting
        with self.assertRaises(AccessError):
            operation.with_user(self.user_approver).action_run_rest()

    # ------------------------------------------------------------------
    # Payslip batch
    # ------------------------------------------------------------------
    def test_batch_above_threshold_generates_in_chunks(self):
        self.company.sp_job_threshold = 1
        self._statements(approved=True)
        employees = self.emp_a | self.emp_b
        with trap_jobs(self.env) as trap:
            batch, action = self._batch(employees)
            self.assertFalse(batch.slip_ids)
            self.assertEqual(action["params"]["type"], "info")
            trap.assert_jobs_count(3)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual(len(batch.slip_ids), 2)
        expected = {self.emp_a: (1, 100.0), self.emp_b: (1, 200.0)}
        self.assertEqual(self._payslips(employees), expected)
        operation = self._operation(self.user_payroll, "payslips")
        self.assertEqual((operation.state, operation.payslip_run_id), ("done", batch))
        self.assertTrue(self._notified(self.user_payroll, "2 of 2 done"))

    # ------------------------------------------------------------------
    # Who sees what, in which language
    # ------------------------------------------------------------------
    def test_operations_seen_by_their_roles(self):
        """Approvers see approvals, payroll officers postings; a salesperson
        sees none and nobody writes one by hand."""
        records = self._statements()
        with trap_jobs(self.env) as trap:
            records.with_user(self.user_approver).action_approve_selected()
            trap.perform_enqueued_jobs()
        with trap_jobs(self.env) as trap:
            records.with_user(self.user_payroll).action_post_to_payroll()
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        Operation = self.env["sales.performance.operation"]
        self.assertEqual(
            Operation.with_user(self.user_approver).search([]).mapped("kind"),
            ["approve"],
        )
        self.assertEqual(
            Operation.with_user(self.user_payroll).search([]).mapped("kind"), ["post"]
        )
        self.assertEqual(len(Operation.with_user(self.user_admin).search([])), 2)
        with self.assertRaises(AccessError):
            Operation.with_user(self.user_a).search([])
        operation = Operation.with_user(self.user_approver).search([])
        with self.assertRaises(UserError):
            operation.write({"state": "done"})
        menu = self.env.ref("sales_performance.menu_sales_performance_operation")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_payroll)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_a)._visible_menu_ids())
        # without queue_job nothing goes to the background: no menu for it
        # (the demo, installed without queue_job, has every menu with data)
        with patch(
            "odoo.addons.sales_performance.models.ir_ui_menu.jobs_available",
            return_value=False,
        ):
            self.assertNotIn(
                menu.id, Menu.with_user(self.user_payroll)._visible_menu_ids()
            )

    def test_notified_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        self.user_approver.lang = "zh_CN"
        records = self._statements()
        with trap_jobs(self.env) as trap:
            records.with_user(self.user_approver).action_approve_selected()
            trap.perform_enqueued_jobs()
        # "%(total)s of %(total)s done." in Chinese (i18n/zh_CN.po)
        self.assertTrue(self._notified(self.user_approver, "已完成 3/3"))

    def test_threshold_is_a_company_setting(self):
        system = mail_new_test_user(
            self.env,
            login="sp_settings",
            groups="base.group_system,payroll.group_payroll_manager",
            company_id=self.company.id,
        )
        settings = self.env["res.config.settings"].with_user(system)
        self.assertEqual(
            self.env["res.company"].create({"name": "New Co"}).sp_job_threshold, 200
        )
        view = self.env.ref("sales_performance.res_config_settings_view_form")
        self.assertIn('name="sp_job_threshold"', view.arch_db)
        config = settings.create({"sp_job_threshold": 500, "sp_job_chunk_size": 50})
        config.execute()
        self.assertEqual(
            (self.company.sp_job_threshold, self.company.sp_job_chunk_size), (500, 50)
        )

    def test_confirmed_approval_of_a_running_period_goes_to_the_queue(self):
        """Approving a period that has not ended asks first (issue 20); once
        confirmed, a big selection goes to the queue."""
        records = self._statements()
        with freeze_time("2026-03-20"), trap_jobs(self.env) as trap:
            action = records.with_user(self.user_approver).action_approve_selected()
            self.assertEqual(action["res_model"], "sales.performance.statement.approve")
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.user_approver)
                .with_context(**action["context"])
                .create({})
            )
            wizard.action_confirm()
            self.assertEqual(set(records.mapped("state")), {"computed"})
            trap.assert_jobs_count(4)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual(set(records.mapped("state")), {"approved"})
