# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every chapter of the demo story shares: the seed, the day it is
built on, the plan's dates, xml ids and the chapters' timing log."""

import logging
import time
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import fields

_logger = logging.getLogger(__name__)

DEMO_SEED = 2026


@contextmanager
def chapter(name):
    """Logs how long a chapter of the demo story took to load."""
    started = time.perf_counter()
    yield
    _logger.info("Demo story, %s: %.1f s", name, time.perf_counter() - started)


def demo_today(env):
    """The day the story is built on (the user's today)."""
    return fields.Date.context_today(env.user)


def plan_dates(today):
    """The plan's twelve months, ending with the current month."""
    end = today + relativedelta(day=31)
    return end.replace(day=1) - relativedelta(months=11), end


def chinese_name(record, chinese, field="name"):
    """Give ``record``'s translatable ``field`` its Chinese value (the
    Chinese salespeople read the story's names in Chinese, issue 23)."""
    record.update_field_translations(field, {"zh_CN": chinese})
    return record


def set_xmlid(env, record, name):
    """Gives ``record`` the addon's xml id ``name`` (noupdate)."""
    env["ir.model.data"].create(
        {
            "module": "sales_performance",
            "name": name,
            "model": record._name,
            "res_id": record.id,
            "noupdate": True,
        }
    )
