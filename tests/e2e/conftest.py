# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib

import pytest


@pytest.fixture(scope="session")
def say(pytestconfig):
    """Writes a line on pytest's terminal whatever it captures: the timings
    of the long stages (set-up, upgrade), for CI's log."""
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")

    def write(text):
        if not reporter:
            return
        with (
            capture.global_and_fixture_disabled()
            if capture
            else contextlib.nullcontext()
        ):
            reporter.write_line(f"   ({text})")

    return write
