# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fingerprints of a year's approved periods run without PostgreSQL's
JIT compilation (issue 25: it cost more than it saved), and the setting
is put back afterwards."""

from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..tools.pg import without_jit


@tagged("post_install", "-at_install")
class TestPgSettings(TransactionCase):
    def _jit(self):
        self.env.cr.execute("SELECT current_setting('jit')")
        return self.env.cr.fetchone()[0]

    def test_without_jit_is_scoped(self):
        self.env.cr.execute("SET LOCAL jit = on")
        with without_jit(self.env.cr):
            self.assertEqual(self._jit(), "off")
        self.assertEqual(self._jit(), "on")

    def test_fact_checks_query_runs_without_jit(self):
        plan = self.env["sales.performance.plan"].create(
            {"name": "JIT", "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        period = self.env["date.range"].create(
            {
                "name": "2026-01 JIT",
                "date_start": "2026-01-01",
                "date_end": "2026-01-31",
                "type_id": self.env["date.range.type"].create({"name": "JIT"}).id,
            }
        )
        self.env.cr.execute("SET LOCAL jit = on")
        seen = []
        Plan = self.registry["sales.performance.plan"]
        original = Plan._sp_credit_versions_windows

        def windows(plan, employees, windows):
            seen.append(self._jit())
            return original(plan, employees, windows)

        with patch.object(Plan, "_sp_credit_versions_windows", windows):
            plan._sp_fact_checks(period)
        self.assertEqual(seen, ["off"])
        self.assertEqual(self._jit(), "on")
