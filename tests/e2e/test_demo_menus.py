# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end: on the demo database every menu of the addon has data and the
dashboards show figures (issue 7, demo story).

Runs demo_menus_probe.py in ``odoo shell`` against SP_DEMO_DB.
"""

import json
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


@pytest.fixture(scope="module")
def probe():
    script = (Path(__file__).parent / "demo_menus_probe.py").read_text()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "-d",
            DB,
            f"--addons-path={ROOT}",
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
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


def test_every_menu_has_data(probe):
    menus = {k: v for k, v in probe.items() if not k.startswith("dashboard/")}
    # Both menu trees: Sales > Performance and Sales > Configuration > Performance.
    assert len(menus) >= 20, menus
    empty = sorted(name for name, count in menus.items() if not count)
    assert not empty, f"menus without data in the demo: {empty}"


def test_year_story_reaches_payroll_and_feedback(probe):
    # Statements of past months are paid, with disputes, honours (R-P3) and
    # level proposals (R-P4, R-P5) waiting for a decision.
    assert probe["Sales/Performance/Statements"] > probe["Sales/Performance/Plans"]
    assert probe["Sales/Performance/Honours"] >= 1
    assert probe["Sales/Performance/Level Proposals"] >= 2


def test_dashboards_show_targets_and_team(probe):
    for login in ("wangwei", "yangfan"):
        board = probe[f"dashboard/{login}"]
        assert board["targets"] >= 1 and board["grade"], board
        assert board["quotations"] >= 1, board  # the what-if has quotations
    assert probe["dashboard/yangfan"]["projected"] > 0
    director = probe["dashboard/zhangmin"]
    assert director["team"] >= 7 and director["disputes"] >= 1, director
