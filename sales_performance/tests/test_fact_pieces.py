# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 25: the facts of a year's approved periods are read month by month.

A period whose rules read the year before it (R-C12 thresholds on the year,
R-P2 year-end) has a window from January to its end; its fingerprint is made
of the digests of the calendar months of that window, each read once per
run whatever the number of periods spanning it, and it changes exactly when
a fact of one of those months does (issue 19). The 18.0.1.6.0 migration
re-records the fingerprints of statements whose facts are unchanged."""

import importlib.util
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged

from ..models.sales_performance_plan_facts import month_pieces
from . import test_commission_history_cost as history
from .common import SalesPerformanceCommon

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def _migration(path):
    spec = importlib.util.spec_from_file_location(
        f"sp_{path.stem.replace('-', '_')}", MIGRATIONS / path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _YearWindowCommon(SalesPerformanceCommon):
    """January to May 2026, 1,000 a person a month for A and B: 3 % flat
    (30.00 a month each) and a year threshold (R-C12) never reached, whose
    only effect is that each month's facts are read from January."""

    _run_as = history.TestCommissionHistoryCost._run_as
    _approve_months = history.TestCommissionHistoryCost._approve_months

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        history.five_months(
            cls,
            "sp_p_approver",
            name="Year bonus",
            threshold_amount=1000000.0,
            threshold_window="year",
            bonus_rate=0.01,
        )

    def _statements(self, period):
        return self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id), ("period_id", "in", period.ids)]
        )

    def _corrections(self, statements):
        return sorted(
            (line.employee_id.id, line.origin_period_id.name, line.amount)
            for line in statements.line_ids
            if line.kind == "correction"
        )


@tagged("post_install", "-at_install")
class TestFactPieces(_YearWindowCommon):
    def test_month_pieces(self):
        self.assertEqual(
            month_pieces(date(2025, 12, 20), date(2026, 3, 10)),
            [
                (date(2025, 12, 20), date(2025, 12, 31)),
                (date(2026, 1, 1), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 3, 10)),
            ],
        )
        self.assertEqual(
            month_pieces(date(2024, 2, 1), date(2024, 2, 29)),
            [(date(2024, 2, 1), date(2024, 2, 29))],
        )
        self.assertEqual(
            month_pieces(date(2026, 4, 7), date(2026, 4, 13)),
            [(date(2026, 4, 7), date(2026, 4, 13))],
        )
        self.assertEqual(month_pieces(date(2026, 4, 2), date(2026, 4, 1)), [])

    def test_year_windows_read_each_month_once(self):
        """The four periods' windows (January-January ... January-April)
        are read as four months, each once, not as four growing windows
        (January read four times); each period's fingerprint is what it is
        read alone."""
        Plan = type(self.env["sales.performance.plan"])
        original = Plan._sp_credit_versions_windows
        read = []

        def recording(plan, employees, windows):
            read.extend((start, end) for __, start, end in windows)
            return original(plan, employees, windows)

        plan = self.plan.sudo()
        months = self.env["date.range"].union(*self.months[:4])
        self.assertEqual(
            [plan._sp_fact_window(p) for p in months],
            [(date(2026, 1, 1), p.date_end) for p in months],
        )
        with patch.object(Plan, "_sp_credit_versions_windows", recording):
            checks = plan._sp_fact_checks(months)
        self.assertEqual(read, [(p.date_start, p.date_end) for p in months])
        self.assertEqual(
            checks,
            {
                p.id: (plan._sp_fact_fingerprint(p), plan._sp_rule_stamp(p))
                for p in months
            },
        )

    def test_a_late_fact_changes_the_windows_spanning_its_month(self):
        """A late February invoice changes the fingerprints of February,
        March and April (their windows start in January), not January's;
        May's run recomputes those three and books February's 3 % of it
        once: 3 % x 2,000 = 60.00 (March and April are unchanged)."""
        self._approve_months(4)
        plan = self.plan.sudo()
        months = self.env["date.range"].union(*self.months[:4])
        before = plan._sp_fact_checks(months)
        self.assertEqual(
            {s.period_id.id: s.fact_fingerprint for s in self._statements(months)},
            {p: check[0] for p, check in before.items()},
        )
        self._invoice(self.user_a, "2026-02-20", quantity=2)
        after = plan._sp_fact_checks(months)
        self.assertEqual(
            [p.name for p in months if before[p.id] != after[p.id]],
            ["2026-02", "2026-03", "2026-04"],
        )
        may = self._run_as(self.months[4])
        self.assertEqual(self._corrections(may), [(self.emp_a.id, "2026-02", 60.0)])


@tagged("post_install", "-at_install")
class TestMigrationFingerprints(_YearWindowCommon):
    """post-fingerprints: statements recorded with the former fingerprint of
    facts unchanged since are recorded with the new one; the others keep
    theirs and are recomputed by the next run."""

    migration = Path("18.0.1.6.0") / "post-fingerprints.py"

    def test_unchanged_statements_get_the_new_fingerprint(self):
        migration = _migration(self.migration)
        self._approve_months(4)
        plan = self.plan.sudo()
        months = self.env["date.range"].union(*self.months[:4])
        statements = self._statements(months)
        # a database of 18.0.1.5.0: the former fingerprints
        former = migration.former_fingerprints(plan, months)
        for period in months:
            self.env.cr.execute(
                "UPDATE sales_performance_statement SET fact_fingerprint = %s "
                "WHERE id = ANY(%s) AND period_id = %s",
                (former[period.id], statements.ids, period.id),
            )
        self.env.invalidate_all()
        now = {p: c[0] for p, c in plan._sp_fact_checks(months).items()}
        self.assertNotEqual(former, now)
        # May's run, started before the upgrade, with what it read then;
        # a run that ended keeps what it read
        Run = self.env["sales.performance.run"].sudo()
        stamps = {p: c[1] for p, c in plan._sp_fact_checks(months).items()}
        read = {str(p): [former[p], stamps[p]] for p in months.ids}
        running, done = Run.create(
            [
                {"plan_id": self.plan.id, "period_id": self.months[4].id},
                {"plan_id": self.plan.id, "period_id": self.months[3].id},
            ]
        )
        (running | done).write({"fact_checks": read})
        done.write({"state": "done"})
        # March's facts changed after it was computed: a late invoice
        self._invoice(self.user_b, "2026-03-25")
        changed = migration.former_fingerprints(plan, months)
        self.assertEqual(
            [p.name for p in months if changed[p.id] != former[p.id]],
            ["2026-03", "2026-04"],
        )
        self.env.flush_all()
        for __ in range(2):  # a second run of the script changes nothing
            migration.migrate(self.env.cr, "18.0.1.5.0")
            self.env.invalidate_all()
            now = {p: c[0] for p, c in plan._sp_fact_checks(months).items()}
            recorded = {s.period_id.id: s.fact_fingerprint for s in statements}
            self.assertEqual(
                [p.name for p in months if recorded[p.id] == now[p.id]],
                ["2026-01", "2026-02"],
            )
            self.assertEqual(
                running.fact_checks,
                {
                    str(p.id): [
                        now[p.id] if p.name < "2026-03" else former[p.id],
                        stamps[p.id],
                    ]
                    for p in months
                },
            )
            self.assertEqual(done.fact_checks, read)
            # March and April keep theirs, one per period (A, B, C alike)
            self.assertEqual(len(set(statements.mapped("fact_fingerprint"))), 4)
            self.assertEqual(
                [recorded[p.id] for p in months[2:]],
                [former[p.id] for p in months[2:]],
            )
        # the next run recomputes March and April only: March's 3 % of the
        # late 1,000 once, 30.00; January and February are not recomputed
        running.write({"state": "failed"})
        calls, patched = history.TestCommissionHistoryCost._payout_calls(self)
        with patched:
            may = self._run_as(self.months[4])
        self.assertEqual(
            sorted({c[0].name for c in calls}), ["2026-03", "2026-04", "2026-05"]
        )
        self.assertEqual(self._corrections(may), [(self.emp_b.id, "2026-03", 30.0)])


@tagged("post_install", "-at_install")
class TestMigrationFactVersions(TestMigrationFingerprints):
    """post-fact-versions (18.0.1.7.0): the same, from the fingerprints
    digesting the rows of each month's documents (18.0.1.6.0) to those
    digesting their fact versions."""

    migration = Path("18.0.1.7.0") / "post-fact-versions.py"
