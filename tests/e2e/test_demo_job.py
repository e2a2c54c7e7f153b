# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end: the README's main job on a demo database prints the table.

Runs ``scripts/demo --no-serve`` against the database named by SP_DEMO_DB
(scripts/test installs the addon with demo data there first).
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DB = os.environ.get("SP_DEMO_DB")

pytestmark = pytest.mark.skipif(
    not DB, reason="SP_DEMO_DB is not set (scripts/test sets it)"
)


@pytest.fixture(scope="module")
def demo_output():
    result = subprocess.run(
        [str(ROOT / "scripts" / "demo"), "--db", DB, "--no-serve"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _rows(output):
    """Table rows: period, salesperson, metric, target, actual, completion."""
    pattern = re.compile(
        r"^(\d{4}-\d{2})\s{2,}(.+?)\s{2,}(.+?)\s{2,}([\d,.]+(?: CNY)?)\s{2,}"
        r"([-\d,.]+(?: CNY)?)\s{2,}(-?[\d.]+) %$"
    )
    return [m.groups() for m in map(pattern.match, output.splitlines()) if m]


def _number(text):
    return float(text.replace(" CNY", "").replace(",", ""))


def test_main_job_prints_a_row_per_salesperson_target(demo_output):
    rows = _rows(demo_output)
    salespeople = {row[1] for row in rows}
    # Seven demo salespeople have a personal revenue target every month.
    assert len(salespeople) >= 7, demo_output
    assert "Huaxia Sales Plan" in demo_output


def test_main_job_completion_is_actual_over_target(demo_output):
    for __, __, __, target, actual, completion in _rows(demo_output):
        expected = _number(actual) / _number(target) * 100
        # completion is stored to 4 digits (0.005 % off at most), then
        # printed to one decimal (0.05 % more): 65,360 / 75,000 is 87.1467 %,
        # stored 0.8715, printed 87.2
        assert abs(expected - float(completion)) <= 0.055 + 1e-9, (
            target,
            actual,
            completion,
        )


def test_main_job_amounts_in_company_currency(demo_output):
    revenue_rows = [r for r in _rows(demo_output) if r[2] == "Net Invoiced Revenue"]
    assert revenue_rows
    assert all(r[3].endswith("CNY") for r in revenue_rows)


def test_main_job_ends_with_payslip_lines_of_the_posted_month(demo_output):
    # R-W1: last month's approved statements are on payslips: each payslip
    # shows its basic salary and the commission inputs as lines.
    assert "Payslips of " in demo_output, demo_output
    tail = demo_output.split("Payslips of ", 1)[1]
    codes = re.findall(r"\s(BASIC|SPCOMM|SPPERF|SPPOOL|NET)\s", tail)
    assert {"BASIC", "SPCOMM", "NET"} <= set(codes), tail


def test_payslip_counts_say_what_is_listed(demo_output):
    # The header counts the payslips listed, and of them those with a
    # commission line: an employee with performance pay only is not counted
    # as paid commission.
    tail = demo_output.split("Payslips of ", 1)[1]
    header, body = tail.split("\n", 1)
    found = re.search(r"\((\d+), (\d+) of them with commission\)", header)
    assert found, header
    rows = [r for r in body.splitlines() if r.startswith("Salary Slip")]
    slips = {r.split("  ")[0] for r in rows}
    with_commission = {r.split("  ")[0] for r in rows if " SPCOMM " in r}
    assert int(found.group(1)) == len(slips), (header, slips)
    assert int(found.group(2)) == len(with_commission), (header, with_commission)
    assert len(with_commission) < len(slips) or "SPPERF" not in body
