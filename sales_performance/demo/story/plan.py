# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 2, plan and targets: the year's plan, its members, yearly targets
split into months by seasonality (R-T1, R-T2), the scorecards (R-A2, R-A3)
and the commission rules (R-C1..R-C6, R-P1, R-P3); then it is approved."""

from odoo import Command

from .common import chinese_name, plan_dates, set_xmlid
from .people import NEW_HIRE, PEOPLE

# yearly net revenue target per member (CNY); None: no personal target
YEARLY_REVENUE = {
    "wangwei": 600000.0,
    "lina": 600000.0,
    "liuyang": 900000.0,
    "chenjing": 900000.0,
    "yangfan": 1200000.0,
    "zhaolei": 1200000.0,
    "huangqiang": 2400000.0,
    "zhouting": None,
}
# The store's promoters share the store's target.
STORE_PROMOTERS = ("wangwei", "lina")
# The scorecards' indicators in Chinese (issue 23: the salespeople read them)
INDICATORS_ZH = {
    "Net revenue completion": "净开票收入完成率",
    "Customer satisfaction": "客户满意度",
    "Teamwork": "团队合作",
    "Business ability": "业务能力",
    "Service": "服务",
}
# login, metric xmlid, monthly target, monthly minimum (R-T3, R-T4)
CHANNEL_TARGETS = (
    ("yangfan", "metric_new_customers", 3.0, 1.0),
    ("zhaolei", "metric_new_customers", 2.0, 1.0),
    ("zhaolei", "metric_signed_agents", 1.0, 0.0),
)


def plan(env, company, people, today):
    """The year's plan: members, yearly targets split by seasonality and
    the store's target split between its promoters (R-T1, R-T2)."""
    year_start, year_end = plan_dates(today)
    if year_start.year == year_end.year:
        years = f"{year_start.year}"
    else:
        years = f"{year_start.year}/{year_end:%y}"
    plan_name = f"{years} Huaxia Sales Plan"
    plan = _create_plan(env, company, people, plan_name, year_start, year_end)
    chinese_name(plan, f"{years} 华夏销售方案")
    set_xmlid(env, plan, "demo_plan")
    plan.action_generate_periods()
    year = _periods(env, company, plan_name, year_start, year_end)
    _yearly_targets(env, plan, people["employees"], year)
    _monthly_targets(env, plan, people["employees"])
    _scorecards(env, plan)
    plan.appraisal_approver_id = people["users"]["sunli"]
    _commission_rules(env, plan)
    plan.action_approve()
    return plan


def _create_plan(env, company, people, plan_name, year_start, year_end):
    """The draft plan of the five metrics and its members; the new hire
    joins from the day he was hired."""
    employees = people["employees"]
    metrics = (
        env.ref("sales_performance.metric_net_revenue")
        | env.ref("sales_performance.metric_cash_collected")
        | env.ref("sales_performance.metric_margin")
        | env.ref("sales_performance.metric_new_customers")
        | env.ref("sales_performance.metric_signed_agents")
    )
    return env["sales.performance.plan"].create(
        {
            "name": plan_name,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "period_type": "month",
            "date_start": year_start,
            "date_end": year_end,
            "metric_ids": [Command.set(metrics.ids)],
            "member_ids": [
                Command.create(
                    {
                        "employee_id": employees[login].id,
                        "role_id": env.ref(f"sales_performance.{role}").id,
                    }
                )
                for login, __, __, role, __, __ in PEOPLE
            ]
            + [
                Command.create(
                    {
                        "employee_id": employees[login].id,
                        "role_id": env.ref(f"sales_performance.{NEW_HIRE[3]}").id,
                        "date_from": hired,
                    }
                )
                for login, hired in people["hired"].items()
                if year_start <= hired <= year_end
            ],
            "note": "<p>Targets agreed with the sales team in January (R-A4).</p>",
        }
    )


def _periods(env, company, plan_name, year_start, year_end):
    """The calendar quarters inside the plan (quarterly appraisals), and
    its year: the calendar year, or a fiscal year of the twelve months,
    which is returned."""
    env.ref("sales_performance.date_range_type_quarter")._sp_generate_ranges(
        company, year_start, year_end
    )
    year_type = env.ref("sales_performance.date_range_type_year")
    return env["date.range"].search(
        [
            ("type_id", "=", year_type.id),
            ("company_id", "in", (company.id, False)),
            ("date_start", "=", year_start),
            ("date_end", "=", year_end),
        ]
    ) or env["date.range"].create(
        {
            "name": plan_name.removesuffix(" Huaxia Sales Plan"),
            "type_id": year_type.id,
            "company_id": company.id,
            "date_start": year_start,
            "date_end": year_end,
        }
    )


def _split_into_months(env, plan, parent):
    """Splits a yearly target into months by the retail seasonality."""
    env["sales.performance.target.decompose"].create(
        {
            "plan_id": plan.id,
            "mode": "periods",
            "parent_target_id": parent.id,
            "child_range_type_id": env.ref(
                "sales_performance.date_range_type_month"
            ).id,
            "seasonality_id": env.ref("sales_performance.seasonality_retail").id,
        }
    ).action_apply()


def _yearly_targets(env, plan, employees, year):
    """The store's yearly target split between its two promoters, and each
    salesperson's yearly revenue target, all split into months."""
    member_of = {m.employee_id: m for m in plan.member_ids}
    revenue = env.ref("sales_performance.metric_net_revenue")
    Target = env["sales.performance.target"]
    store = Target.create(
        {
            "plan_id": plan.id,
            "label": "徐家汇店",
            "period_id": year.id,
            "metric_id": revenue.id,
            "amount": 1200000.0,
        }
    )
    wizard = env["sales.performance.target.decompose"].create(
        {"plan_id": plan.id, "mode": "members", "parent_target_id": store.id}
    )
    wizard.line_ids = [Command.clear()] + [
        Command.create({"member_id": member_of[employees[login]].id, "weight": 50.0})
        for login in STORE_PROMOTERS
    ]
    wizard.action_apply()
    for child in store.child_ids:
        _split_into_months(env, plan, child)
    for login, amount in YEARLY_REVENUE.items():
        if amount is None or login in STORE_PROMOTERS:
            continue
        parent = Target.create(
            {
                "plan_id": plan.id,
                "member_id": member_of[employees[login]].id,
                "period_id": year.id,
                "metric_id": revenue.id,
                "amount": amount,
            }
        )
        _split_into_months(env, plan, parent)


def _monthly_targets(env, plan, employees):
    """R-T4 minimums of the monthly revenue targets, and the channels'
    monthly targets of new customers and signed agents."""
    revenue = env.ref("sales_performance.metric_net_revenue")
    member_of = {m.employee_id: m for m in plan.member_ids}
    months = plan._sp_periods()
    targets = plan.target_ids.filtered(
        lambda t: t.metric_id == revenue and t.period_id in months
    )
    for target in targets:
        target.minimum_amount = target.company_id.currency_id.round(target.amount * 0.6)
    vals_list = []
    for login, metric_xmlid, amount, minimum in CHANNEL_TARGETS:
        metric = env.ref(f"sales_performance.{metric_xmlid}")
        vals_list += [
            {
                "plan_id": plan.id,
                "member_id": member_of[employees[login]].id,
                "period_id": month.id,
                "metric_id": metric.id,
                "amount": amount,
                "minimum_amount": minimum,
            }
            for month in months
        ]
    env["sales.performance.target"].create(vals_list)


def _scorecards(env, plan):
    """The monthly scorecard (R-A2) and its dimensions (R-A3); the quarterly
    scorecard rates the three dimensions the honours look at (R-A3, R-P3)."""
    revenue = env.ref("sales_performance.metric_net_revenue")
    dimension = {
        code: env.ref(f"sales_performance.dimension_{code}")
        for code in ("ability", "service", "teamwork")
    }
    Indicator = env["sales.performance.scorecard.indicator"]
    monthly = Indicator.create(
        [
            {
                "plan_id": plan.id,
                "cycle": "month",
                "name": "Net revenue completion",
                "weight": 70,
                "kind": "quantitative",
                "metric_id": revenue.id,
                "cap": 105,
                "dimension_id": dimension["ability"].id,
            },
            {
                "plan_id": plan.id,
                "cycle": "month",
                "name": "Customer satisfaction",
                "weight": 20,
                "kind": "qualitative",
                "scorer": "manager",
                "dimension_id": dimension["service"].id,
            },
            {
                "plan_id": plan.id,
                "cycle": "month",
                "name": "Teamwork",
                "weight": 10,
                "kind": "qualitative",
                "scorer": "both",
                "self_weight": 30,
                "dimension_id": dimension["teamwork"].id,
            },
        ]
    )
    quarterly = Indicator.create(
        [
            {
                "plan_id": plan.id,
                "cycle": "quarter",
                "name": name,
                "weight": weight,
                "kind": "qualitative",
                "scorer": scorer,
                "self_weight": 30 if scorer == "both" else 0,
                "dimension_id": dimension[code].id,
            }
            for name, weight, scorer, code in (
                ("Business ability", 50, "manager", "ability"),
                ("Service", 30, "manager", "service"),
                ("Teamwork", 20, "both", "teamwork"),
            )
        ]
    )
    for indicator in monthly | quarterly:
        chinese_name(indicator, INDICATORS_ZH[indicator.name])


def _commission_rules(env, plan):
    """Commission rules from the rulebook templates (R-C1..R-C6),
    performance pay (R-P1) and honours (R-P3)."""
    for xmlid in ("plan_template_retail", "plan_template_project"):
        for rule in env.ref(f"sales_performance.{xmlid}").rule_ids:
            rule.copy({"plan_id": plan.id})
    Rule = env["sales.performance.commission.rule"]
    # Performance pay: 30 % of the wage by grade (R-P1).
    perf_pay = Rule.create(
        {
            "plan_id": plan.id,
            "name": "Performance pay",
            "rule_type": "perf_pay",
            "payout_kind": "perf_pay",
            "share_rate": 0.3,
            "sequence": 90,
        }
    )
    chinese_name(perf_pay, "绩效工资")
    # Honours on the quarterly appraisal (R-P3), paid with the quarter's
    # last month.
    honours = Rule.create(
        {
            "plan_id": plan.id,
            "name": "Honours",
            "rule_type": "honour",
            "payout_kind": "honour",
            "appraisal_cycle": "quarter",
            "sequence": 95,
        }
    )
    chinese_name(honours, "荣誉奖金")
