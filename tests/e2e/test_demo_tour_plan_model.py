# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end: the plan modelling tour (issue 24) on the demo database.

Runs ``sales_performance/tests/test_tour_plan_model.py`` (an HttpCase, rolled
back) with pytest-odoo against the database named by SP_DEMO_DB."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DB = os.environ.get("SP_DEMO_DB")

pytestmark = pytest.mark.skipif(
    not DB, reason="SP_DEMO_DB is not set (scripts/test sets it)"
)


def test_plan_model_tour_on_the_demo():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--odoo-database={DB}",
            f"--odoo-addons-path={ROOT}",
            "--odoo-log-level=warn",
            "--odoo-http",
            "-rs",
            str(ROOT / "sales_performance" / "tests" / "test_tour_plan_model.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "1 passed" in output and "skipped" not in output, output
