# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Runs and postings in committed transactions, as two Odoo workers see
them: each test commits its fixtures (a 2032 company-wide month, two plans
on the same employees) and removes them afterwards."""

import threading
from functools import partial
from unittest.mock import patch

from odoo import Command, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.mail.tests.common import mail_new_test_user

EMPLOYEES = 10


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            self.ids = self._fixtures(env)
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _fixtures(self, env):
        company = env.ref("base.main_company")
        officer = mail_new_test_user(
            env,
            login="sp_trust_payroll",
            name="Trust Payroll",
            groups="base.group_user,sales_performance.group_sp_payroll,"
            "payroll.group_payroll_manager",
        )
        admin = mail_new_test_user(
            env,
            login="sp_trust_admin",
            name="Trust Admin",
            groups="base.group_user,sales_performance.group_sp_admin",
        )
        sellers = env["res.users"]
        employees = env["hr.employee"]
        for index in range(EMPLOYEES):
            seller = mail_new_test_user(
                env,
                login=f"sp_trust_seller_{index}",
                name=f"Trust Seller {index}",
                groups="base.group_user,sales_performance.group_sp_user",
            )
            sellers |= seller
            employees |= env["hr.employee"].create(
                {
                    "name": f"Trust Seller {index}",
                    "user_id": seller.id,
                    "company_id": company.id,
                }
            )
        structure = env["hr.payroll.structure"].create(
            {"name": "Trust", "code": "TRUST", "company_id": company.id}
        )
        structure.action_sp_add_rules()
        contracts = env["hr.contract"].create(
            [
                {
                    "name": f"Trust {employee.name}",
                    "employee_id": employee.id,
                    "wage": 5000.0,
                    "date_start": "2032-01-01",
                    "state": "open",
                    "struct_id": structure.id,
                }
                for employee in employees
            ]
        )
        month = env.ref("sales_performance.date_range_type_month")
        period = env["date.range"].create(
            {
                "name": "TRUST-2032-03",
                "date_start": "2032-03-01",
                "date_end": "2032-03-31",
                "type_id": month.id,
                "company_id": company.id,
            }
        )
        plans = env["sales.performance.plan"]
        for name in ("Trust plan A", "Trust plan B"):
            plan = env["sales.performance.plan"].create(
                {
                    "name": name,
                    "company_id": company.id,
                    "period_type": "month",
                    "date_range_type_id": month.id,
                    "date_start": "2032-03-01",
                    "date_end": "2032-03-31",
                    "metric_ids": [
                        Command.set(env.ref("sales_performance.metric_net_revenue").ids)
                    ],
                    "member_ids": [
                        Command.create({"employee_id": employee.id})
                        for employee in employees
                    ],
                    "rule_ids": [
                        Command.create(
                            {
                                "name": "Flat 2 %",
                                "rule_type": "tiered",
                                "band_ids": [
                                    Command.create(
                                        {"lower": 0.0, "upper": 0.0, "rate": 0.02}
                                    )
                                ],
                            }
                        )
                    ],
                }
            )
            plan.action_approve()
            plans |= plan
        return {
            "officer": officer.id,
            "admin": admin.id,
            "sellers": sellers.ids,
            "employees": employees.ids,
            "structure": structure.id,
            "contracts": contracts.ids,
            "period": period.id,
            "plans": plans.ids,
        }

    def _cleanup(self):
        with self.registry.cursor() as cr:
            ids = self.ids
            employees = tuple(ids["employees"])
            plans = tuple(ids["plans"])
            cr.execute("DELETE FROM hr_payslip WHERE employee_id IN %s", (employees,))
            cr.execute(
                "DELETE FROM sales_performance_statement_line WHERE statement_id IN "
                "(SELECT id FROM sales_performance_statement WHERE plan_id IN %s)",
                (plans,),
            )
            cr.execute(
                "DELETE FROM sales_performance_statement WHERE plan_id IN %s", (plans,)
            )
            cr.execute(
                "SELECT id FROM sales_performance_run WHERE plan_id IN %s", (plans,)
            )
            self.ids["runs"] = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                "DELETE FROM sales_performance_run WHERE plan_id IN %s", (plans,)
            )
            cr.execute(
                "DELETE FROM queue_job WHERE model_name = 'sales.performance.run' "
                "AND records::text ~ %s",
                (r"\[(" + "|".join(map(str, self.ids.get("runs", [0]))) + r")\]",),
            )
            cr.execute("DELETE FROM sales_performance_plan WHERE id IN %s", (plans,))
            cr.execute("DELETE FROM date_range WHERE id = %s", (ids["period"],))
            cr.execute(
                "DELETE FROM hr_contract WHERE id IN %s", (tuple(ids["contracts"]),)
            )
            cr.execute(
                "DELETE FROM hr_payroll_structure WHERE id = %s", (ids["structure"],)
            )
            cr.execute("DELETE FROM hr_employee WHERE id IN %s", (employees,))
            users = (ids["officer"], ids["admin"], *ids["sellers"])
            cr.execute(
                "UPDATE res_users SET active = false, login = login || '_done_' || id "
                "WHERE id IN %s",
                (users,),
            )

    def _env(self, cr, user=api.SUPERUSER_ID, **context):
        return api.Environment(cr, user, dict(context, tracking_disable=True))

    def _records(self, env, model, key):
        return env[model].browse(self.ids[key])

    # ------------------------------------------------------------------
    # Issue 11: run completeness does not depend on timing
    # ------------------------------------------------------------------
    def test_issue11_fast_run_is_complete(self):
        """A run committed within the second it started is done: its
        statements are counted by the run that computed them, not by
        comparing their ``computed_on`` (whole seconds) with the run's
        ``create_date`` (microseconds). The clock is pinned to the second
        the transaction started, as on a fast server."""
        with self.registry.cursor() as cr:
            env = self._env(cr, self.ids["admin"], queue_job__no_delay=True)
            plan = self._records(env, "sales.performance.plan", "plans")[0]
            period = self._records(env, "date.range", "period")
            same_second = cr.now().replace(microsecond=0)
            with patch.object(fields.Datetime, "now", return_value=same_second):
                run = env["sales.performance.run"]._sp_start(
                    plan, period, members=plan.member_ids[:1]
                )
            cr.commit()  # pylint: disable=invalid-commit
            self.assertEqual(run.state, "done", run.message)
            statement = env["sales.performance.statement"].search(
                [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
            )
            self.assertEqual(len(statement), 1)
            self.assertEqual(statement.run_id, run)

    # ------------------------------------------------------------------
    # Issue 12: concurrent postings (R-W2)
    # ------------------------------------------------------------------
    def _approve_statements(self, amounts):
        """Approved statements of each plan for every employee, one
        commission line of ``amounts[plan index]`` each, committed."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            period = self._records(env, "date.range", "period")
            admin = self._records(env, "res.users", "admin")
            for plan, amount in zip(
                self._records(env, "sales.performance.plan", "plans"),
                amounts,
                strict=False,
            ):
                if amount is None:  # this plan's statements come later
                    continue
                statements = env["sales.performance.statement"].create(
                    [
                        {
                            "plan_id": plan.id,
                            "member_id": member.id,
                            "employee_id": member.employee_id.id,
                            "period_id": period.id,
                            "pay_period_id": period.id,
                            "state": "computed",
                            "line_ids": [
                                Command.create(
                                    {
                                        "name": "Commission",
                                        "kind": "commission",
                                        "amount": amount,
                                    }
                                )
                            ],
                        }
                        for member in plan.member_ids
                    ]
                )
                # approved as action_approve does it (by the administrator)
                statements.write(
                    {
                        "state": "approved",
                        "approved_uid": admin.id,
                        "approved_date": fields.Datetime.now(),
                    }
                )
            cr.commit()  # pylint: disable=invalid-commit

    def _in_parallel(self, *calls):
        """Run each ``call(env)`` in its own committed transaction as the
        payroll officer, started together; a serialisation failure is
        retried as Odoo's RPC layer does."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def worker(call):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr, self.ids["officer"])
                    barrier.wait(timeout=30)
                    retrying(partial(call, env), env)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(errors)

    def _post_plan(self, index, env):
        plan = self._records(env, "sales.performance.plan", "plans")[index]
        statements = env["sales.performance.statement"].search(
            [("plan_id", "=", plan.id)]
        )
        return statements.action_post_to_payroll()

    def _payslips(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT p.employee_id, count(DISTINCT p.id),
                          sum(i.amount) FILTER (WHERE i.code = 'SPCOMM')
                     FROM hr_payslip p
                LEFT JOIN hr_payslip_input i ON i.payslip_id = p.id
                    WHERE p.employee_id IN %s
                 GROUP BY p.employee_id""",
                (tuple(self.ids["employees"]),),
            )
            return {row[0]: row[1:] for row in cr.fetchall()}

    def _states(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM sales_performance_statement "
                "WHERE plan_id IN %s GROUP BY state",
                (tuple(self.ids["plans"]),),
            )
            return dict(cr.fetchall())

    def test_issue12_r_w2_two_plans_posted_together_one_payslip(self):
        """Plans A (100.00) and B (50.00) posted at the same time for the
        same 10 employees: one March payslip each, SPCOMM 150.00."""
        self._approve_statements([100.0, 50.0])
        self._in_parallel(partial(self._post_plan, 0), partial(self._post_plan, 1))
        expected = {employee: (1, 150.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": 2 * EMPLOYEES})

    def test_issue12_r_w2_same_statements_posted_twice_together(self):
        """Plan A's statements posted by two sessions at once: each statement
        is posted by one of them, its 100.00 lands once."""
        self._approve_statements([100.0])
        self._in_parallel(partial(self._post_plan, 0), partial(self._post_plan, 0))
        expected = {employee: (1, 100.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": EMPLOYEES})

    # ------------------------------------------------------------------
    # Issue 12: concurrent runs
    # ------------------------------------------------------------------
    def _run_plan(self, index, env):
        env = env(
            user=self.ids["admin"], context=dict(env.context, queue_job__no_delay=True)
        )
        plan = self._records(env, "sales.performance.plan", "plans")[index]
        period = self._records(env, "date.range", "period")
        return env["sales.performance.run"]._sp_start(plan, period)

    def _snapshot(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT s.plan_id, s.employee_id, s.state, l.kind, l.amount
                     FROM sales_performance_statement s
                LEFT JOIN sales_performance_statement_line l
                       ON l.statement_id = s.id
                    WHERE s.plan_id IN %s
                 ORDER BY 1, 2, 3, 4, 5""",
                (tuple(self.ids["plans"]),),
            )
            rows = cr.fetchall()
            cr.execute(
                "SELECT state, count(*) FROM sales_performance_run "
                "WHERE plan_id IN %s GROUP BY state",
                (tuple(self.ids["plans"]),),
            )
            return rows, dict(cr.fetchall())

    def test_issue12_two_runs_of_a_period_together(self):
        """Plan A's period run twice at the same moment gives what one run
        gives: one statement per member, its lines once, both runs done."""
        with self.registry.cursor() as cr:
            self._run_plan(0, self._env(cr))
            cr.commit()  # pylint: disable=invalid-commit
        once, runs = self._snapshot()
        self.assertEqual(len({row[1] for row in once}), EMPLOYEES)
        self.assertEqual(runs, {"done": 1})
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM sales_performance_statement WHERE plan_id IN %s",
                (tuple(self.ids["plans"]),),
            )
            cr.commit()  # pylint: disable=invalid-commit
        self._in_parallel(partial(self._run_plan, 0), partial(self._run_plan, 0))
        twice, runs = self._snapshot()
        self.assertEqual(twice, once)
        self.assertEqual(runs, {"done": 3})

    def test_issue12_run_killed_half_way_then_rerun(self):
        """Plan A run in chunks of 3 (queue jobs, one transaction each); the
        second chunk dies after writing. The run is not complete, so its
        statements cannot be approved; a rerun gives exactly what plan B,
        identical and run without interruption, gives."""
        from odoo.addons.queue_job.job import Job

        from ..models.sales_performance_run import SalesPerformanceRun

        with self.registry.cursor() as cr:
            self._run_plan(1, self._env(cr))
            cr.commit()  # pylint: disable=invalid-commit
        with self.registry.cursor() as cr:
            env = self._env(cr, self.ids["admin"])
            plan = self._records(env, "sales.performance.plan", "plans")[0]
            period = self._records(env, "date.range", "period")
            run = env["sales.performance.run"]._sp_start(plan, period, chunk_size=3)
            self.assertTrue(run.use_jobs)
            run_id = run.id
            # the workers are this test: a job runner of the test server (with
            # --odoo-http) must not pick these jobs up, also once queue_job
            # moves jobs whose dependencies are done to pending: it only
            # takes jobs whose eta has come
            cr.execute(
                "UPDATE queue_job "
                "SET eta = now() at time zone 'UTC' + interval '1 day' "
                "WHERE model_name = 'sales.performance.run' AND records::text ~ %s",
                (rf"\[{run_id}\]",),
            )
            cr.commit()  # pylint: disable=invalid-commit
            jobs = (
                env["queue.job"]
                .sudo()
                .search(
                    [
                        ("model_name", "=", "sales.performance.run"),
                        ("records", "like", f"[{run_id}]"),
                        ("method_name", "=", "_sp_run_chunk"),
                    ],
                    order="id",
                )
            )
            # queue_job creates a group's jobs in no set order (a set of
            # delayables): the chunk killed (the second) is one of 3 members.
            uuids = jobs.sorted(lambda job: -len(job.args[0])).mapped("uuid")
        self.assertEqual(len(uuids), 4)  # 10 members: 3 + 3 + 3 + 1
        original = SalesPerformanceRun._sp_run_chunk

        def dies_after_writing(run, member_ids):
            original(run, member_ids)
            raise RuntimeError("worker killed")

        for index, uuid in enumerate(uuids):
            with self.registry.cursor() as cr:
                env = self._env(cr, self.ids["admin"])
                if index == 1:
                    with (
                        patch.object(
                            SalesPerformanceRun, "_sp_run_chunk", dies_after_writing
                        ),
                        self.assertRaises(RuntimeError),
                    ):
                        Job.load(env, uuid).perform()
                    cr.rollback()
                else:
                    Job.load(env, uuid).perform()
                    cr.commit()  # pylint: disable=invalid-commit
        with self.registry.cursor() as cr:
            env = self._env(cr, self.ids["admin"])
            run = env["sales.performance.run"].browse(run_id)
            self.assertEqual(run.state, "running")  # its check never ran
            statements = env["sales.performance.statement"].search(
                [("plan_id", "=", run.plan_id.id)]
            )
            self.assertEqual(len(statements), EMPLOYEES - 3)
            with self.assertRaisesRegex(UserError, "is not complete"):
                statements[0].action_approve()
        with self.registry.cursor() as cr:
            self._run_plan(0, self._env(cr))
            cr.commit()  # pylint: disable=invalid-commit
        rows, runs = self._snapshot()
        by_plan = {}
        for plan_id, *row in rows:
            by_plan.setdefault(plan_id, []).append(tuple(row))
        plan_a, plan_b = self.ids["plans"]
        self.assertEqual(len(by_plan[plan_b]), EMPLOYEES)
        self.assertEqual(by_plan[plan_a], by_plan[plan_b])
        self.assertEqual(runs, {"done": 2, "running": 1})

    # ------------------------------------------------------------------
    # Issue 20: payslip batches and postings, one payslip per employee
    # ------------------------------------------------------------------
    def _batch_run(self):
        """A committed payslip batch of the month, removed afterwards."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            run = env["hr.payslip.run"].create(
                {
                    "name": "TRUST-2032-03",
                    "date_start": "2032-03-01",
                    "date_end": "2032-03-31",
                }
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.ids["run"] = run.id
        self.addCleanup(self._cleanup_run)
        return run.id

    def _cleanup_run(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'hr.payslip.run' "
                "AND res_id = %s",
                (self.ids["run"],),
            )
            cr.execute("DELETE FROM hr_payslip_run WHERE id = %s", (self.ids["run"],))

    def _generate_batch(self, env):
        """Payslip Batches › Generate Payslips for the ten employees."""
        employees = env["hr.employee"].browse(self.ids["employees"])
        return (
            env["hr.payslip.employees"]
            .with_context(active_id=self.ids["run"])
            .create({"employee_ids": [Command.set(employees.ids)]})
            .compute_sheet()
        )

    def _in_batch(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM hr_payslip WHERE payslip_run_id = %s",
                (self.ids["run"],),
            )
            return cr.fetchone()[0]

    def _serial(self, call):
        with self.registry.cursor() as cr:
            env = self._env(cr, self.ids["officer"])
            retrying(partial(call, env), env)

    def test_issue20_batch_after_posting(self):
        """Plan A (100.00) posted, then the month's batch generated: the
        batch takes the posted payslips, one per employee, and posts plan B
        (50.00) on them: SPCOMM 150.00 once each."""
        self._approve_statements([100.0, 50.0])
        self._batch_run()
        self._serial(partial(self._post_plan, 0))
        self._serial(self._generate_batch)
        expected = {employee: (1, 150.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": 2 * EMPLOYEES})
        self.assertEqual(self._in_batch(), EMPLOYEES)

    def test_issue20_posting_after_batch(self):
        """The batch first (it posts plan A, 100.00), then plan B (50.00)
        approved and posted: plan B lands on the batch's payslips."""
        self._approve_statements([100.0])
        self._batch_run()
        self._serial(self._generate_batch)
        self.assertEqual(
            self._payslips(), {e: (1, 100.0) for e in self.ids["employees"]}
        )
        self._approve_statements([None, 50.0])
        self._serial(partial(self._post_plan, 1))
        expected = {employee: (1, 150.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": 2 * EMPLOYEES})
        self.assertEqual(self._in_batch(), EMPLOYEES)

    def test_issue20_batch_and_posting_together(self):
        """Plan A posted while the batch is generated, at the same time: one
        payslip per employee, in the batch, SPCOMM 150.00 once each (plan A
        100.00 by whichever session posts it, plan B 50.00 by the batch)."""
        self._approve_statements([100.0, 50.0])
        self._batch_run()
        self._in_parallel(partial(self._post_plan, 0), self._generate_batch)
        expected = {employee: (1, 150.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": 2 * EMPLOYEES})
        self.assertEqual(self._in_batch(), EMPLOYEES)

    def test_issue20_batch_while_a_posting_waits(self):
        """The race the lock on the employee closes, forced: a posting has
        locked Trust Seller 0's statement and found no payslip of his when
        the batch looks too (a barrier); the posting then commits only after
        the batch has generated. Without the lock, both would create his
        March payslip and the base salary would be paid twice."""
        self._approve_statements([100.0])
        self._batch_run()
        searched = threading.Barrier(2)
        generated = threading.Event()
        seen, poster = set(), []
        Payslip = self.registry["hr.payslip"]
        Statement = self.registry["sales.performance.statement"]
        open_payslips, post_set = Payslip._sp_open_payslips, Statement._sp_post_set

        def looking(model, *args, **kwargs):
            found = open_payslips(model, *args, **kwargs)
            if threading.get_ident() not in seen:
                seen.add(threading.get_ident())
                searched.wait(timeout=30)
            return found

        def posting(statements, payslips=None):
            done = post_set(statements, payslips)
            if threading.get_ident() in poster:
                generated.wait(timeout=30)
            return done

        def post_first(env):
            poster.append(threading.get_ident())
            employee = self.ids["employees"][0]
            return (
                env["sales.performance.statement"]
                .search([("employee_id", "=", employee)])
                .action_post_to_payroll()
            )

        def generate(env):
            result = self._generate_batch(env)
            generated.set()
            return result

        with (
            patch.object(Payslip, "_sp_open_payslips", looking),
            patch.object(Statement, "_sp_post_set", posting),
        ):
            self._in_parallel(post_first, generate)
        expected = {employee: (1, 100.0) for employee in self.ids["employees"]}
        self.assertEqual(self._payslips(), expected)
        self.assertEqual(self._states(), {"posted": EMPLOYEES})
        self.assertEqual(self._in_batch(), EMPLOYEES)
