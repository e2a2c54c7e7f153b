# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end: on the demo database every menu of the addon has data and the
dashboards show figures (issue 7, demo story); the checks are shared with the
pinned-day builds of test_demo_dates.py.

Runs demo_menus_probe.py in ``odoo shell`` against SP_DEMO_DB.
"""

import os

import pytest

from .demo_checks import check_dashboards, check_every_menu_has_data, check_year_story
from .demo_checks import probe as run_probe

DB = os.environ.get("SP_DEMO_DB")

pytestmark = pytest.mark.skipif(
    not DB, reason="SP_DEMO_DB is not set (scripts/test sets it)"
)


@pytest.fixture(scope="module")
def probe():
    return run_probe(DB)


def test_every_menu_has_data(probe):
    check_every_menu_has_data(probe)


def test_year_story_reaches_payroll_and_feedback(probe):
    check_year_story(probe)


def test_dashboards_show_targets_and_team(probe):
    check_dashboards(probe)
