# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 25: a run's cost does not depend on how much history is frozen.

An approved period whose facts and rules are unchanged costs nothing more
than its fingerprint; a period whose facts changed is recomputed once per
run, for the run's (or chunk's) members, with the statements, lines and
rules looked up by key: its cost does not grow with its number of
statements (R-C11, issue 19)."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import SalesPerformanceCommon


class _Rollback(Exception):
    pass


def five_months(cls, login, **threshold):
    """January to May 2026 for a test class: an approver (``login``), 3 %
    flat (and a threshold rule of ``threshold``'s values, if any), the plan
    approved, 1,000 a person a month for A, B and C."""
    cls.user_approver = cls._create_salesperson(
        "Approver", login, "sales_performance.group_sp_approver"
    )[0]
    cls.months = [cls._period(f"2026-0{m}") for m in range(1, 6)]
    cls._rule("flat", flat_rate=0.03, name="Three percent")
    if threshold:
        cls._rule("threshold", **threshold)
    cls.plan.action_approve()
    for period in cls.months:
        for user in (cls.user_a, cls.user_b, cls.user_c):
            cls._invoice(user, period.date_start.replace(day=10))


@tagged("post_install", "-at_install")
class TestCommissionHistoryCost(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1,000 a person a month: 30.00 of commission each
        five_months(cls, "sp_h_approver")

    def _run_as(self, period, members=None):
        self.env.invalidate_all()
        return (
            self.env["sales.performance.statement"]
            .with_user(self.user_admin)
            ._sp_run(self.plan.with_user(self.user_admin), period, members)
        )

    def _approve_months(self, count, amount=30.0):
        for period in self.months[:count]:
            statements = self._run_as(period)
            if amount is not None:
                self.assertEqual(statements.mapped("amount_total"), [amount] * 3)
            self.env.invalidate_all()
            statements.with_user(self.user_approver).with_context(
                sp_no_statement_mail=True
            ).action_approve()

    def _payout_calls(self):
        """Patch the plan's payouts: ``[(period, employees)]`` per call."""
        calls = []
        Plan = type(self.env["sales.performance.plan"])
        original = Plan._sp_payouts

        def counting(plan, ctx, members, rules=None):
            calls.append((ctx.period, members.employee_id))
            return original(plan, ctx, members, rules=rules)

        return calls, patch.object(Plan, "_sp_payouts", counting)

    def test_unchanged_history_is_not_recomputed(self):
        """Four approved months with unchanged facts: May's run computes
        May's payouts only, none of an earlier period's."""
        self._approve_months(4)
        calls, patched = self._payout_calls()
        with patched:
            may = self._run_as(self.months[4])
        self.assertEqual([c[0] for c in calls], [self.months[4]])
        self.assertEqual(may.mapped("amount_total"), [30.0] * 3)
        self.assertFalse(may.line_ids.filtered(lambda x: x.kind == "correction"))

    def _january_differences_queries(self, frozen):
        """Queries of the differences of ``frozen`` (January statements whose
        period's facts changed), rolled back."""
        self.env.invalidate_all()
        self.env.flush_all()
        Statement = self.env["sales.performance.statement"].sudo()
        cr = self.env.cr
        result = {}
        with self.assertRaises(_Rollback), cr.savepoint():
            before = cr.sql_log_count
            result["differences"] = Statement._sp_differences(
                self.plan, frozen, self.plan.member_ids, self.months[4]
            )[0]
            self.env.flush_all()
            result["count"] = cr.sql_log_count - before
            raise _Rollback
        self.env.invalidate_all()
        return result["count"], result["differences"]

    def test_changed_period_cost_independent_of_its_statements(self):
        """January's facts change after approval (a late invoice of each
        person's): its statements are recomputed, each by key. The queries
        do not grow with the number of statements compared: no query or
        write per statement."""
        self._approve_months(4)
        # the late invoices: 2,000 more each in January, 60.00 more commission
        for user in (self.user_a, self.user_b, self.user_c):
            self._invoice(user, "2026-01-20", quantity=2)
        january = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "=", self.months[0].id)]
        )
        own = january.filtered(lambda s: s.employee_id == self.emp_a)
        # once first: what the registry caches for good (rules, currencies)
        # is not what is counted
        self._january_differences_queries(january)
        one, found_one = self._january_differences_queries(own)
        three, found_three = self._january_differences_queries(january)
        self.assertEqual([d["amount"] for d in found_one], [60.0])
        self.assertEqual(
            sorted((d["statement"].employee_id.id, d["amount"]) for d in found_three),
            sorted((e.id, 60.0) for e in (self.emp_a, self.emp_b, self.emp_c)),
        )
        self.assertEqual(one, three)

    def test_late_fact_recomputes_its_person_only(self):
        """A late invoice of Wang Wei's in January changes January's
        fingerprint; nobody in the plan is paid on another's sales, so
        May's run recomputes Wang Wei's January only and books his
        correction of 60.00 (3 % x 2,000); Li Na's and Chen Jie's January
        statements are recorded as checked and not recomputed again."""
        self._approve_months(4)
        self._invoice(self.user_a, "2026-01-20", quantity=2)
        calls, patched = self._payout_calls()
        with patched:
            may = self._run_as(self.months[4])
        january = [c[1] for c in calls if c[0] == self.months[0]]
        self.assertEqual(january, [self.emp_a])
        self.assertEqual([c[0] for c in calls], [self.months[4], self.months[0]])
        corrections = may.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(
            [(c.employee_id, c.amount) for c in corrections], [(self.emp_a, 60.0)]
        )
        statements = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "=", self.months[0].id)]
        )
        fingerprint = self.plan._sp_fact_fingerprint(self.months[0])
        self.assertEqual(set(statements.mapped("fact_fingerprint")), {fingerprint})

    def test_chunks_compute_earlier_periods_for_their_members(self):
        """Split in chunks, a run recomputes a changed earlier period for
        each chunk's own members only, and books what an unsplit run books:
        a January correction of 60.00 (3 % x 2,000) each."""
        self._approve_months(4)
        for user in (self.user_a, self.user_b, self.user_c):
            self._invoice(user, "2026-01-20", quantity=2)
        calls, patched = self._payout_calls()
        member_a = self.plan.member_ids.filtered(lambda m: m.employee_id == self.emp_a)
        with patched:
            first = self._run_as(self.months[4], member_a)
            second = self._run_as(self.months[4], self.plan.member_ids - member_a)
        january = [c[1] for c in calls if c[0] == self.months[0]]
        self.assertEqual(january, [self.emp_a, self.emp_b | self.emp_c])
        corrections = (first | second).line_ids.filtered(
            lambda x: x.kind == "correction"
        )
        self.assertEqual(
            sorted((c.employee_id.id, c.amount) for c in corrections),
            sorted((e.id, 60.0) for e in (self.emp_a, self.emp_b, self.emp_c)),
        )
        self.assertEqual((first | second).mapped("amount_total"), [90.0] * 3)

    def _fact_reads(self):
        """Patch the plan's fact reads: the periods whose facts each call
        reads, ``[period]`` per period read."""
        reads = []
        Plan = type(self.env["sales.performance.plan"])
        checks, fingerprint = Plan._sp_fact_checks, Plan._sp_fact_fingerprint

        def counting_checks(plan, periods):
            reads.extend(periods)
            return checks(plan, periods)

        def counting_fingerprint(plan, period):
            reads.append(period)
            return fingerprint(plan, period)

        return reads, (
            patch.object(Plan, "_sp_fact_checks", counting_checks),
            patch.object(Plan, "_sp_fact_fingerprint", counting_fingerprint),
        )

    def _start_run(self, period, chunk_size=1, before_jobs=None):
        """Start a run of ``period`` in chunks as Run Commission does; with
        queue_job, its jobs are performed as a worker would, after
        ``before_jobs``."""
        Run = self.env["sales.performance.run"].with_user(self.user_admin)
        plan = self.plan.with_user(self.user_admin)
        self.env.invalidate_all()
        if not Run._sp_jobs_available():
            run = Run._sp_start(plan, period, chunk_size=chunk_size)
            self.assertFalse(before_jobs, "needs queue_job")
            return run
        from .test_background_operations import trap_jobs

        with trap_jobs(self.env) as trap:
            run = Run._sp_start(plan, period, chunk_size=chunk_size)
            if before_jobs:
                before_jobs()
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        return run

    def test_fact_checks_are_the_fingerprints(self):
        """The facts of several periods read at once are each period's
        fingerprint as read alone (what approved statements recorded),
        before and after a late invoice of January's, which changes
        January's only."""
        self._approve_months(2)
        Plan = self.plan.sudo()
        months = self.env["date.range"].union(*self.months)

        def alone():
            return {
                p.id: (Plan._sp_fact_fingerprint(p), Plan._sp_rule_stamp(p))
                for p in months
            }

        before = Plan._sp_fact_checks(months)
        self.assertEqual(before, alone())
        self._invoice(self.user_a, "2026-01-20", quantity=2)
        after = Plan._sp_fact_checks(months)
        self.assertEqual(after, alone())
        self.assertEqual(
            [p.id for p in months if before[p.id] != after[p.id]],
            [self.months[0].id],
        )

    def test_chunked_run_reads_history_once(self):
        """A run of May in three chunks (one member each) with January to
        April approved reads the facts of the four earlier periods once,
        when it starts, not once a chunk (issue 25); each chunk reads
        May's own. It books what an unsplit run books: a January
        correction of 60.00 each (3 % x 2,000 of late invoices)."""
        self._approve_months(4)
        for user in (self.user_a, self.user_b, self.user_c):
            self._invoice(user, "2026-01-20", quantity=2)
        reads, patches = self._fact_reads()
        with patches[0], patches[1]:
            run = self._start_run(self.months[4])
        self.assertEqual(run.state, "done")
        earlier = [p for p in reads if p != self.months[4]]
        self.assertEqual(sorted(p.id for p in earlier), [p.id for p in self.months[:4]])
        may = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "=", self.months[4].id)]
        )
        corrections = may.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(
            sorted((c.employee_id.id, c.amount) for c in corrections),
            sorted((e.id, 60.0) for e in (self.emp_a, self.emp_b, self.emp_c)),
        )
        self.assertEqual(may.mapped("amount_total"), [90.0] * 3)

    def test_fact_after_run_start_is_booked_by_next_run(self):
        """A late January invoice of Wang Wei's arrives after May's run has
        started and before its chunks run: they compare with the facts read
        at the start and book nothing for it, nor record January as checked
        with it; the next run of May books the 60.00 (3 % x 2,000), once."""
        if "queue.job" not in self.env:
            self.skipTest("OCA queue_job is not installed")
        self._approve_months(4)
        self._start_run(
            self.months[4],
            before_jobs=lambda: self._invoice(self.user_a, "2026-01-20", quantity=2),
        )
        statements = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "=", self.months[4].id)]
        )
        self.assertFalse(statements.line_ids.filtered(lambda x: x.kind == "correction"))
        self._start_run(self.months[4])
        corrections = statements.line_ids.filtered(lambda x: x.kind == "correction")
        self.assertEqual(
            [(c.employee_id, c.amount) for c in corrections], [(self.emp_a, 60.0)]
        )
        self.assertEqual(sorted(statements.mapped("amount_total")), [30.0, 30.0, 90.0])


@tagged("post_install", "-at_install")
class TestCommissionHistoryCostPool(TestCommissionHistoryCost):
    """The same plan with a store pool (R-C4)."""

    @classmethod
    def setUpClass(cls):
        super(TestCommissionHistoryCost, cls).setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_h_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.months = [cls._period(f"2026-0{m}") for m in range(1, 6)]
        cls._rule("flat", flat_rate=0.03, name="Three percent")
        cls._rule("pool", pool_rate=0.01, payout_kind="pool_share", name="Pool")
        for employee, code in ((cls.emp_a, "A"), (cls.emp_b, "B"), (cls.emp_c, "C")):
            cls._appraise(employee, cls.months[0], code)
        cls.plan.action_approve()
        for period in cls.months[:2]:
            for user in (cls.user_a, cls.user_b, cls.user_c):
                cls._invoice(user, period.date_start.replace(day=10))

    # the tests of the plan without a pool do not apply
    test_unchanged_history_is_not_recomputed = None
    test_changed_period_cost_independent_of_its_statements = None
    test_late_fact_recomputes_its_person_only = None
    test_chunks_compute_earlier_periods_for_their_members = None
    test_fact_checks_are_the_fingerprints = None
    test_chunked_run_reads_history_once = None
    test_fact_after_run_start_is_booked_by_next_run = None

    def test_late_fact_of_a_pool_recomputes_everyone(self):
        """With a store pool (R-C4) everyone's share depends on everyone's
        sales: a late invoice of Wang Wei's recomputes the whole January."""
        self._approve_months(1, amount=None)
        self._invoice(self.user_a, "2026-01-20", quantity=2)
        calls, patched = self._payout_calls()
        with patched:
            self._run_as(self.months[1])
        january = [c[1] for c in calls if c[0] == self.months[0]]
        self.assertEqual(january, [self.emp_a | self.emp_b | self.emp_c])
