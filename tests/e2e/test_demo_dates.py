# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end: the demo holds the same story whatever day it is built on.

For each pinned day (the first of the year, a 29 February, the last day of
the year, the 2nd of a month), a demo database is built from the template of
the addon's dependencies (SP_DEPS_TEMPLATE, made by scripts/test) with the
whole Odoo process on that day (freezegun, see frozen_odoo.py), then read as
the demo's users on that same day: every menu has data, the year reached
payroll, and the dashboards show figures (the checks of test_demo_menus.py),
and the main job's report prints a row per salesperson.
"""

import contextlib
import os
import subprocess
import tempfile
import uuid

import pytest

from .databases import drop_db
from .demo_checks import CHECKS, ROOT, odoo_command, probe

TEMPLATE = os.environ.get("SP_DEPS_TEMPLATE")

pytestmark = pytest.mark.skipif(
    not TEMPLATE, reason="SP_DEPS_TEMPLATE is not set (scripts/test sets it)"
)

PINNED_DAYS = (
    "2027-01-01",  # new year: the plan's first eleven months were last year
    "2028-02-29",  # a leap day, the 29th of a 29-day month
    "2026-12-31",  # the last day of the year and of a 31-day month
    "2027-06-02",  # the 2nd of a month: the current month barely started
)


def run(command, **kwargs):
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **kwargs
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _build(db, day, log):
    """Starts building the demo in ``db`` on ``day``, its output in ``log``."""
    run(["createdb", "-T", TEMPLATE, db])
    return subprocess.Popen(
        odoo_command(db, "-i", "sales_performance", "--stop-after-init", today=day),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope="module")
def demo_dbs():
    """({day: database}, {day: failure}): the demo built on each pinned day,
    two at a time (the machine has two cores: about half the time of one
    after the other)."""
    suffix = uuid.uuid4().hex[:6]
    dbs = {day: f"sp_pinned_{day.replace('-', '')}_{suffix}" for day in PINNED_DAYS}
    failures = {}
    try:
        with contextlib.ExitStack() as stack:
            logs = {
                day: stack.enter_context(tempfile.TemporaryFile("w+"))
                for day in PINNED_DAYS
            }
            pending, running = list(PINNED_DAYS), {}
            while pending or running:
                while pending and len(running) < 2:
                    day = pending.pop(0)
                    running[day] = _build(dbs[day], day, logs[day])
                day = next(iter(running))
                if running.pop(day).wait(timeout=1800):
                    logs[day].seek(0)
                    failures[day] = logs[day].read()[-3000:]
        yield dbs, failures
    finally:
        for db in dbs.values():
            drop_db(db)


@pytest.fixture(params=PINNED_DAYS, ids=lambda day: day.replace("-", ""))
def demo_on(request, demo_dbs):
    dbs, failures = demo_dbs
    today = request.param
    assert today not in failures, failures[today]
    return dbs[today], today


def test_demo_story_on_pinned_day(demo_on):
    db, today = demo_on
    counts = probe(db, today=today)
    for check in CHECKS:
        check(counts)
    report = run(
        odoo_command(db, "shell", "--no-http", today=today),
        input=(ROOT / "scripts" / "demo_report.py").read_text(),
        timeout=600,
    )
    assert "Huaxia Sales Plan" in report, report
    # the current month of the plan is the pinned day's month
    assert f"\n{today[:7]}  " in report, report
    assert "Payslips of " in report, report


def test_frozen_odoo_runs_on_the_pinned_day():
    # The harness itself: in the frozen process, Odoo's today is the pinned day.
    out = run(
        odoo_command(TEMPLATE, "shell", "--no-http", today="2028-02-29"),
        input="from odoo import fields\nprint('TODAY', fields.Date.today())\n",
        timeout=600,
    )
    assert "TODAY 2028-02-29" in out, out
