# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every demo database must show, whatever day it was built on: run by
test_demo_menus.py on the CI's demo database and by test_demo_dates.py on
demo databases built on pinned days."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def odoo_command(db, *args, today=None):
    """``python -m odoo`` on ``db``, or run under freezegun on ``today``
    (``frozen_odoo.py``) so that the whole process lives on that day."""
    prefix = [sys.executable, "-m", "odoo"]
    if today:
        prefix = [sys.executable, str(HERE / "frozen_odoo.py"), today]
    return [*prefix, *args, "-d", db, f"--addons-path={ROOT}", "--log-level=warn"]


def probe(db, today=None):
    """Counts of every menu of the addon and the dashboards' figures, read
    by demo_menus_probe.py in ``odoo shell``."""
    result = subprocess.run(
        odoo_command(db, "shell", "--no-http", today=today),
        input=(HERE / "demo_menus_probe.py").read_text(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [
        line for line in result.stdout.splitlines() if line.startswith("MENUS-JSON ")
    ]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1].removeprefix("MENUS-JSON "))


def check_every_menu_has_data(counts):
    menus = {k: v for k, v in counts.items() if not k.startswith("dashboard/")}
    # Both menu trees: Sales > Performance and Sales > Configuration > Performance.
    assert len(menus) >= 20, menus
    empty = sorted(name for name, count in menus.items() if not count)
    assert not empty, f"menus without data in the demo: {empty}"


def check_year_story(counts):
    # Statements of past months are paid, with disputes, honours (R-P3) and
    # level proposals (R-P4, R-P5) waiting for a decision.
    assert counts["Sales/Performance/Statements"] > counts["Sales/Performance/Plans"]
    assert counts["Sales/Performance/Honours"] >= 1
    assert counts["Sales/Performance/Level Proposals"] >= 2


def check_dashboards(counts):
    for login in ("wangwei", "yangfan"):
        board = counts[f"dashboard/{login}"]
        assert board["targets"] >= 1 and board["grade"], board
        assert board["quotations"] >= 1, board  # the what-if has quotations
        # the current month has deals from its first day on
        assert board["projected"] > 0, board
    director = counts["dashboard/zhangmin"]
    assert director["team"] >= 7 and director["disputes"] >= 1, director


CHECKS = (check_every_menu_has_data, check_year_story, check_dashboards)
