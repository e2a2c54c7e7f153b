# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo story: a year of a Chinese home-furnishing trading company.

Huaxia Home Trading Co., Ltd. sells through a retail store, a
home-decoration team, in-city and out-of-city channel salespeople and an
engineering project team, like the rulebooks this addon was written from.
Everything is generated through the ORM (posted invoices, refunds and
reconciled payments) with a fixed random seed, so that every screen shows
believable numbers.

The story does not depend on the day it is loaded: the plan always covers
the twelve months ending with the current one (the calendar year when the
current month is December, a fiscal year across two calendar years
otherwise), so there are always eleven past months (ten paid and closed,
the last posted) and a current month under way; the current month's deals
fall between its first day and today, so that it has figures from its first
day on. tests/e2e/test_demo_dates.py builds it on pinned days.

Plain Python, not imported by the addon: demo/sales_performance_demo.xml
calls ``res.company._sp_load_demo``, which imports this package. One module
per chapter: people and catalogue (1), plan (2), sales (3), months and
payroll (4). The salespeople work in Chinese from the start: what the story
writes for them (activities, notes, line names) is in their language, and
the names it gives (plan, rules, indicators, products) have their Chinese
values (issue 23).
"""

import random

from . import catalogue, months, people, plan, sales
from .common import DEMO_SEED, chapter, demo_today


def load(env):
    """Builds the whole story in ``env``; returns the plan."""
    rng = random.Random(DEMO_SEED)
    today = demo_today(env)
    company = people.company(env)
    env = env(
        context=dict(
            env.context,
            allowed_company_ids=[company.id],
            tracking_disable=True,
            mail_notrack=True,
        )
    )
    with chapter("people"):
        staff = people.people(env, company, today)
    with chapter("Chinese for the salespeople"):
        people.chinese(env, staff)
    with chapter("products and customers"):
        products = catalogue.products(env, company)
        customers = catalogue.customers(env, rng)
    with chapter("plan and targets"):
        the_plan = plan.plan(env, company, staff, today)
    with chapter("invoices, refunds and payments"):
        sales.sales(env, company, staff, products, customers, the_plan, rng, today)
    with chapter("achievements"):
        the_plan.action_compute_achievements()
    with chapter("months: appraisals, runs, approvals, payroll, closing"):
        months.months(env, the_plan, staff, rng, today)
    return the_plan
