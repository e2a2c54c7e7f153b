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
"""

import logging
import random
import time
from contextlib import contextmanager
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

DEMO_SEED = 2026


@contextmanager
def _chapter(name):
    """Logs how long a chapter of the demo story took to load."""
    started = time.perf_counter()
    yield
    _logger.info("Demo story, %s: %.1f s", name, time.perf_counter() - started)


# login, name, job, role xmlid, manager login, monthly wage (CNY)
PEOPLE = [
    ("zhangmin", "张敏 Zhang Min", "Sales Director", "role_sales_manager", None, 26000),
    (
        "wangwei",
        "王伟 Wang Wei",
        "Store Promoter",
        "role_store_promoter",
        "zhangmin",
        7000,
    ),
    ("lina", "李娜 Li Na", "Store Promoter", "role_store_promoter", "zhangmin", 7000),
    (
        "liuyang",
        "刘洋 Liu Yang",
        "Home Decoration Sales",
        "role_salesperson",
        "zhangmin",
        9000,
    ),
    (
        "chenjing",
        "陈静 Chen Jing",
        "Home Decoration Sales",
        "role_salesperson",
        "zhangmin",
        9000,
    ),
    (
        "yangfan",
        "杨帆 Yang Fan",
        "Channel Sales, In-City",
        "role_channel_city",
        "zhangmin",
        8500,
    ),
    (
        "zhaolei",
        "赵磊 Zhao Lei",
        "Channel Sales, Out-of-City",
        "role_channel_outside",
        "zhangmin",
        8500,
    ),
    (
        "huangqiang",
        "黄强 Huang Qiang",
        "Project Manager",
        "role_project_manager",
        "zhangmin",
        15000,
    ),
    (
        "zhouting",
        "周婷 Zhou Ting",
        "Project Engineer",
        "role_project_member",
        "huangqiang",
        10000,
    ),
]
# The summer's new hire (R-A6 probation, R-P5): login, name, job, role
# xmlid, manager login, monthly wage, months before today's month he joined.
NEW_HIRE = (
    "wujun",
    "吴军 Wu Jun",
    "Foreign Trade Sales",
    "role_channel_outside",
    "zhangmin",
    8000,
    4,
)
# salary level (R-P4) by login; the new hire starts at the lowest
SALARY_LEVEL = {
    "zhangmin": "salary_level_5",
    "huangqiang": "salary_level_4",
    "wangwei": "salary_level_2",
    "lina": "salary_level_2",
    "liuyang": "salary_level_3",
    "chenjing": "salary_level_3",
    "yangfan": "salary_level_3",
    "zhaolei": "salary_level_2",
    "zhouting": "salary_level_3",
    "wujun": "salary_level_1",
}
# Zhao Lei's out-of-city channel struggles until the current quarter: the
# quarters before it are all weak (R-P4 story).
WEAK_LOGINS = {"zhaolei"}
# login, name, job, groups
STAFF = [
    (
        "sunli",
        "孙丽 Sun Li",
        "HR & Performance Officer",
        [
            "sales_performance.group_sp_admin",
            "hr.group_hr_user",
            "sales_team.group_sale_manager",
            "account.group_account_invoice",
        ],
    ),
    (
        "zhenghua",
        "郑华 Zheng Hua",
        "Payroll Accountant",
        [
            "account.group_account_user",
            "sales_performance.group_sp_payroll",
            "payroll.group_payroll_manager",
        ],
    ),
]
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
# name, list price, cost, kind
PRODUCTS = [
    ("Leather Sofa 3-seat", 8800.0, 5200.0, "retail"),
    ("Solid Wood Bed", 6500.0, 3900.0, "retail"),
    ("Wardrobe, Custom", 12000.0, 7800.0, "decoration"),
    ("Oak Flooring (m2)", 280.0, 170.0, "decoration"),
    ("Ceramic Tiles (m2)", 120.0, 70.0, "channel"),
    ("Kitchen Cabinet Set", 18000.0, 11500.0, "channel"),
    ("Engineering Fit-out (lot)", 100000.0, 62000.0, "project"),
]
REGIONS = ["江南", "华东", "苏浙", "长三角", "新城"]
KIND_OF = {
    "wangwei": "retail",
    "lina": "retail",
    "liuyang": "decoration",
    "chenjing": "decoration",
    "yangfan": "channel",
    "zhaolei": "channel",
    "huangqiang": "project",
    "zhouting": "project",
}


class SalesPerformanceDemo(models.AbstractModel):
    _name = "sales.performance.demo"
    _description = "Sales Performance Demo Data"

    @api.model
    def _load_demo(self):
        """Entry point called from demo/sales_performance_demo.xml."""
        rng = random.Random(DEMO_SEED)
        today = self._demo_today()
        company = self._demo_company()
        env = (
            self.with_company(company)
            .with_context(
                allowed_company_ids=[company.id],
                tracking_disable=True,
                mail_notrack=True,
            )
            .env
        )
        demo = env[self._name]
        with _chapter("people, products and customers"):
            people = demo._demo_people(company)
            products = demo._demo_products(company)
            customers = demo._demo_customers(rng)
        with _chapter("plan and targets"):
            plan = demo._demo_plan(company, people, today)
        with _chapter("invoices, refunds and payments"):
            demo._demo_sales(company, people, products, customers, plan, rng, today)
        with _chapter("achievements"):
            plan.action_compute_achievements()
        with _chapter("months: appraisals, runs, approvals, payroll, closing"):
            demo._demo_commission(plan, people, rng, today)
        return plan

    @api.model
    def _demo_today(self):
        return fields.Date.context_today(self)

    @api.model
    def _demo_plan_dates(self, today):
        """The plan's twelve months, ending with the current month."""
        end = today + relativedelta(day=31)
        return end.replace(day=1) - relativedelta(months=11), end

    @api.model
    def _demo_ref(self, name):
        return self.env.ref(f"sales_performance.{name}", raise_if_not_found=False)

    @api.model
    def _demo_xmlid(self, record, name):
        self.env["ir.model.data"].create(
            {
                "module": "sales_performance",
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )

    @api.model
    def _demo_company(self):
        company = self.env.ref("sales_performance.demo_company_huaxia")
        if not company.chart_template:
            currency = company.currency_id
            self.env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
            # The generic chart sets its own currency: the company keeps CNY.
            company.currency_id = currency
        admin = self.env.ref("base.user_admin")
        admin.company_ids = [Command.link(company.id)]
        admin.company_id = company
        return company

    @api.model
    def _demo_people(self, company):
        """Employees with users and running contracts; returns by login."""
        users = {}
        employees = {}
        base_groups = ["base.group_user", "sales_team.group_sale_salesman"]
        for login, name, __, role, __, __ in PEOPLE:
            groups = base_groups + (
                [
                    "sales_performance.group_sp_manager",
                    "sales_team.group_sale_manager",
                    "account.group_account_invoice",
                ]
                if role == "role_sales_manager"
                # whoever leads a team rates it (R-A4): team rights
                else ["sales_performance.group_sp_manager"]
                if any(person[4] == login for person in PEOPLE)
                else ["sales_performance.group_sp_user"]
            )
            users[login] = self._demo_user(company, login, name, groups)
        for login, name, __, groups in STAFF:
            users[login] = self._demo_user(
                company, login, name, ["base.group_user"] + groups
            )
        users[NEW_HIRE[0]] = self._demo_user(
            company,
            NEW_HIRE[0],
            NEW_HIRE[1],
            base_groups + ["sales_performance.group_sp_user"],
        )
        today = self._demo_today()
        plan_start = self._demo_plan_dates(today)[0]
        # {login: hire date} of those hired during the plan
        people_hired = {
            NEW_HIRE[0]: today.replace(day=1) - relativedelta(months=NEW_HIRE[6])
        }
        for login, name, job, __, manager, wage in PEOPLE + [NEW_HIRE[:6]]:
            employee = self.env["hr.employee"].create(
                {
                    "name": name,
                    "job_title": job,
                    "user_id": users[login].id,
                    "company_id": company.id,
                    "parent_id": employees[manager].id if manager else False,
                    "work_email": f"{login}@huaxia.example.com",
                }
            )
            employees[login] = employee
            self._demo_xmlid(employee, f"demo_employee_{login}")
            start = people_hired.get(login, date(plan_start.year - 2, 1, 1))
            self.env["hr.contract"].create(
                {
                    "name": f"{name} {start.year}",
                    "employee_id": employee.id,
                    "company_id": company.id,
                    "wage": wage,
                    "date_start": start,
                    # a new hire is on probation for three months (R-A6)
                    "trial_date_end": start + relativedelta(months=3, days=-1)
                    if login in people_hired
                    else False,
                    "state": "open",
                }
            )
            employee.sp_salary_level_id = self.env.ref(
                f"sales_performance.{SALARY_LEVEL[login]}"
            )
        for login, name, job, __ in STAFF:
            employees[login] = self.env["hr.employee"].create(
                {
                    "name": name,
                    "job_title": job,
                    "user_id": users[login].id,
                    "company_id": company.id,
                }
            )
        return {"users": users, "employees": employees, "hired": people_hired}

    @api.model
    def _demo_user(self, company, login, name, groups):
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "email": f"{login}@huaxia.example.com",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set([self.env.ref(g).id for g in groups])],
                }
            )
        )
        self._demo_xmlid(user, f"demo_user_{login}")
        return user

    @api.model
    def _demo_products(self, company):
        tax = self.env["account.tax"].create(
            {
                "name": "VAT 13%",
                "amount": 13.0,
                "type_tax_use": "sale",
                "company_id": company.id,
            }
        )
        products = {}
        for name, price, cost, kind in PRODUCTS:
            product = self.env["product.product"].create(
                {
                    "name": name,
                    "list_price": price,
                    "standard_price": cost,
                    "type": "consu",
                    "taxes_id": [Command.set(tax.ids)],
                }
            )
            products.setdefault(kind, []).append(product)
        return products

    @api.model
    def _demo_customers(self, rng):
        agent_tag = self.env.ref("sales_performance.partner_category_signed_agent")
        cities = [
            "上海 Shanghai",
            "苏州 Suzhou",
            "杭州 Hangzhou",
            "南京 Nanjing",
            "无锡 Wuxi",
        ]
        names = [
            "锦华装饰 Jinhua Decoration",
            "绿城物业 Greentown Property",
            "家和超市 Jiahe Market",
            "恒通建材 Hengtong Materials",
            "美居家装 Meiju Home",
            "宏达工程 Hongda Engineering",
            "新天地商贸 Xintiandi Trading",
            "百安居代理 B&Q Agent",
            "金桥公寓 Jinqiao Apartments",
            "东方酒店 Oriental Hotel",
            "长江地产 Changjiang Realty",
            "万家乐经销 Wanjiale Dealer",
            "华润门店 CR Store",
            "丰泽家具 Fengze Furniture",
            "安居社区 Anju Community",
            "星河湾业主 Xinghewan Owners",
            "联邦建设 Federal Construction",
            "福临门经销 Fulinmen Dealer",
            "雅居乐 Agile Living",
            "永辉渠道 Yonghui Channel",
            "碧桂园项目 Country Garden Project",
            "天虹商场 Rainbow Mall",
            "龙湖天街 Longfor Paradise",
            "明珠代理 Pearl Agent",
        ]
        customers = []
        for index, name in enumerate(names):
            is_agent = any(word in name for word in ("Agent", "Dealer", "经销", "代理"))
            customers.append(
                self.env["res.partner"].create(
                    {
                        "name": name,
                        "is_company": True,
                        "city": rng.choice(cities),
                        "category_id": [Command.set(agent_tag.ids)] if is_agent else [],
                        "ref": f"HX{index + 1:03d}",
                    }
                )
            )
        return customers

    @api.model
    def _demo_new_customer(self, rng, index):
        is_agent = rng.random() < 0.4
        kind = "经销商 Dealer" if is_agent else "门店 Store"
        agent_tag = self.env.ref("sales_performance.partner_category_signed_agent")
        return self.env["res.partner"].create(
            {
                "name": f"{rng.choice(REGIONS)}{kind} #{index + 1}",
                "is_company": True,
                "category_id": [Command.set(agent_tag.ids)] if is_agent else [],
                "ref": f"HX{index + 1:03d}",
            }
        )

    @api.model
    def _demo_plan(self, company, people, today):
        """The year's plan: members, yearly targets split by seasonality and
        the store's target split between its promoters (R-T1, R-T2)."""
        employees = people["employees"]
        year_start, year_end = self._demo_plan_dates(today)
        if year_start.year == year_end.year:
            plan_name = f"{year_start.year} Huaxia Sales Plan"
        else:
            plan_name = f"{year_start.year}/{year_end:%y} Huaxia Sales Plan"
        metrics = (
            self.env.ref("sales_performance.metric_net_revenue")
            | self.env.ref("sales_performance.metric_cash_collected")
            | self.env.ref("sales_performance.metric_margin")
            | self.env.ref("sales_performance.metric_new_customers")
            | self.env.ref("sales_performance.metric_signed_agents")
        )
        plan = self.env["sales.performance.plan"].create(
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
                            "role_id": self.env.ref(f"sales_performance.{role}").id,
                        }
                    )
                    for login, __, __, role, __, __ in PEOPLE
                ]
                + [
                    Command.create(
                        {
                            "employee_id": employees[login].id,
                            "role_id": self.env.ref(
                                f"sales_performance.{NEW_HIRE[3]}"
                            ).id,
                            "date_from": hired,
                        }
                    )
                    for login, hired in people["hired"].items()
                    if year_start <= hired <= year_end
                ],
                "note": "<p>Targets agreed with the sales team in January (R-A4).</p>",
            }
        )
        self._demo_xmlid(plan, "demo_plan")
        plan.action_generate_periods()
        # The calendar quarters inside the plan (quarterly appraisals), and
        # its year: the calendar year, or a fiscal year of the twelve months.
        self.env.ref("sales_performance.date_range_type_quarter")._sp_generate_ranges(
            company, year_start, year_end
        )
        year_type = self.env.ref("sales_performance.date_range_type_year")
        year = self.env["date.range"].search(
            [
                ("type_id", "=", year_type.id),
                ("company_id", "in", (company.id, False)),
                ("date_start", "=", year_start),
                ("date_end", "=", year_end),
            ]
        ) or self.env["date.range"].create(
            {
                "name": plan_name.removesuffix(" Huaxia Sales Plan"),
                "type_id": year_type.id,
                "company_id": company.id,
                "date_start": year_start,
                "date_end": year_end,
            }
        )
        month_type = self.env.ref("sales_performance.date_range_type_month")
        retail = self.env.ref("sales_performance.seasonality_retail")
        member_of = {m.employee_id: m for m in plan.member_ids}
        revenue = self.env.ref("sales_performance.metric_net_revenue")
        Wizard = self.env["sales.performance.target.decompose"]

        def split_into_months(parent):
            Wizard.create(
                {
                    "plan_id": plan.id,
                    "mode": "periods",
                    "parent_target_id": parent.id,
                    "child_range_type_id": month_type.id,
                    "seasonality_id": retail.id,
                }
            ).action_apply()

        # The store's yearly target, split between its two promoters.
        store = self.env["sales.performance.target"].create(
            {
                "plan_id": plan.id,
                "label": "徐家汇店 Xujiahui Store",
                "period_id": year.id,
                "metric_id": revenue.id,
                "amount": 1200000.0,
            }
        )
        wizard = Wizard.create(
            {"plan_id": plan.id, "mode": "members", "parent_target_id": store.id}
        )
        wizard.line_ids = [Command.clear()] + [
            Command.create(
                {"member_id": member_of[employees[login]].id, "weight": 50.0}
            )
            for login in ("wangwei", "lina")
        ]
        wizard.action_apply()
        for child in store.child_ids:
            split_into_months(child)
        for login, amount in YEARLY_REVENUE.items():
            if amount is None or login in ("wangwei", "lina"):
                continue
            parent = self.env["sales.performance.target"].create(
                {
                    "plan_id": plan.id,
                    "member_id": member_of[employees[login]].id,
                    "period_id": year.id,
                    "metric_id": revenue.id,
                    "amount": amount,
                }
            )
            split_into_months(parent)
        # R-T4 minimums, new customers and signed agents for the channels.
        months = plan._sp_periods()
        targets = plan.target_ids.filtered(
            lambda t: t.metric_id == revenue and t.period_id in months
        )
        for target in targets:
            target.minimum_amount = target.company_id.currency_id.round(
                target.amount * 0.6
            )
        vals_list = []
        for login, metric_xmlid, amount, minimum in (
            ("yangfan", "metric_new_customers", 3.0, 1.0),
            ("zhaolei", "metric_new_customers", 2.0, 1.0),
            ("zhaolei", "metric_signed_agents", 1.0, 0.0),
        ):
            metric = self.env.ref(f"sales_performance.{metric_xmlid}")
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
        self.env["sales.performance.target"].create(vals_list)
        # The monthly scorecard (R-A2) and its dimensions (R-A3).
        dimension = {
            code: self.env.ref(f"sales_performance.dimension_{code}")
            for code in ("ability", "service", "teamwork")
        }
        self.env["sales.performance.scorecard.indicator"].create(
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
        # The quarterly scorecard rates the three dimensions the honours
        # look at (R-A3, R-P3).
        self.env["sales.performance.scorecard.indicator"].create(
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
        plan.appraisal_approver_id = people["users"]["sunli"]
        # Commission rules from the rulebook templates (R-C1..R-C6).
        for xmlid in ("plan_template_retail", "plan_template_project"):
            for rule in self.env.ref(f"sales_performance.{xmlid}").rule_ids:
                rule.copy({"plan_id": plan.id})
        # Performance pay: 30 % of the wage by grade (R-P1).
        self.env["sales.performance.commission.rule"].create(
            {
                "plan_id": plan.id,
                "name": "Performance pay",
                "rule_type": "perf_pay",
                "payout_kind": "perf_pay",
                "share_rate": 0.3,
                "sequence": 90,
            }
        )
        # Honours on the quarterly appraisal (R-P3), paid with the quarter's
        # last month.
        self.env["sales.performance.commission.rule"].create(
            {
                "plan_id": plan.id,
                "name": "Honours",
                "rule_type": "honour",
                "payout_kind": "honour",
                "appraisal_cycle": "quarter",
                "sequence": 95,
            }
        )
        plan.action_approve()
        return plan

    @api.model
    def _demo_sales(self, company, people, products, customers, plan, rng, today):
        """Invoices, refunds and payments from the plan's start to today."""
        employees, users = people["employees"], people["users"]
        revenue = self.env.ref("sales_performance.metric_net_revenue")
        monthly_target = {
            (t.employee_id, t.period_start): t.amount
            for t in plan.target_ids
            if t.metric_id == revenue
            and t.employee_id
            and t.period_id.sp_period_type == "month"
        }
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        invoice_vals = []
        months = plan._sp_periods().filtered(lambda p: p.date_start <= today)
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        for month in months.mapped("date_start"):
            # The current month's deals spread over its days so far.
            days = today.day if month == today.replace(day=1) else 28
            for login, kind in KIND_OF.items():
                employee = employees[login]
                target = monthly_target.get((employee, month))
                if target is None:
                    continue
                goal = target * rng.uniform(0.55, 1.45)
                deal_count = 1 if kind == "project" else rng.randint(2, 4)
                if login in WEAK_LOGINS and month < quarter_start:
                    goal, deal_count = target * rng.uniform(0.12, 0.3), 1
                for __ in range(deal_count):
                    day = 1 + (rng.randint(1, 28) - 1) * days // 28
                    invoice_date = month.replace(day=day)
                    lines = []
                    amount_left = goal / deal_count
                    while amount_left > 0:
                        product = rng.choice(
                            [p for p in products[kind] if p.list_price <= goal]
                            or products[kind]
                        )
                        quantity = max(
                            1,
                            round(
                                amount_left / product.list_price * rng.uniform(0.3, 1.0)
                            ),
                        )
                        lines.append(
                            Command.create(
                                {"product_id": product.id, "quantity": quantity}
                            )
                        )
                        amount_left -= quantity * product.list_price
                        if len(lines) >= 3:
                            break
                    split = []
                    if kind == "project":
                        # R-C5: the project manager and the engineer share projects.
                        split = [
                            Command.create(
                                {
                                    "employee_id": employees["huangqiang"].id,
                                    "share": 70.0,
                                }
                            ),
                            Command.create(
                                {"employee_id": employees["zhouting"].id, "share": 30.0}
                            ),
                        ]
                    partner = rng.choice(customers)
                    if kind == "channel" and rng.random() < 0.35:
                        # Channels open new accounts, some of them agents (R-T3).
                        partner = self._demo_new_customer(rng, len(customers))
                        customers.append(partner)
                    invoice_vals.append(
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner.id,
                            "invoice_date": invoice_date,
                            "invoice_user_id": users[login].id,
                            "journal_id": journal.id,
                            "invoice_line_ids": lines,
                            "sp_split_ids": split,
                        }
                    )
        # One batch: the ORM creates and posts about 200 invoices much faster
        # together than one by one.
        invoices = self.env["account.move"].create(invoice_vals)
        invoices.action_post()
        self._demo_payments_and_refunds(invoices, rng, today)
        # Open quotations: what the salespeople try in the dashboard's what-if.
        for login in ("wangwei", "lina", "liuyang", "chenjing", "yangfan", "zhaolei"):
            kind = KIND_OF[login]
            for __ in range(2):
                self.env["sale.order"].create(
                    {
                        "partner_id": rng.choice(customers).id,
                        "user_id": users[login].id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": rng.choice(products[kind]).id,
                                    "product_uom_qty": rng.randint(1, 4),
                                }
                            )
                        ],
                    }
                )

    @api.model
    def _demo_payments_and_refunds(self, invoices, rng, today):
        Register = self.env["account.payment.register"]
        for invoice in invoices.sorted("invoice_date"):
            draw = rng.random()
            if draw < 0.06:
                # A return of one unit of the first line, 10-30 days later (R-C11).
                refund_date = invoice.invoice_date + timedelta(days=rng.randint(10, 30))
                if refund_date <= today:
                    refund = invoice._reverse_moves(
                        [
                            {
                                "invoice_date": refund_date,
                                "date": refund_date,
                                "ref": f"Return of {invoice.name}",
                            }
                        ]
                    )
                    refund.invoice_line_ids[1:].unlink()
                    refund.invoice_line_ids.quantity = 1
                    refund.action_post()
            schedule = []
            if draw < 0.60:  # paid in full within 40 days
                schedule = [(1.0, rng.randint(3, 40))]
            elif draw < 0.80:  # half now, the rest late (R-C10)
                schedule = [(0.5, rng.randint(5, 30)), (1.0, rng.randint(60, 110))]
            elif draw < 0.90:  # paid late in full
                schedule = [(1.0, rng.randint(90, 140))]
            for fraction, days in schedule:  # the rest stays unpaid
                pay_date = invoice.invoice_date + timedelta(days=days)
                residual = invoice.amount_residual
                if pay_date > today or invoice.currency_id.is_zero(residual):
                    continue
                amount = (
                    residual
                    if fraction >= 1.0
                    else invoice.currency_id.round(invoice.amount_total * fraction)
                )
                Register.with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create(
                    {"payment_date": pay_date, "amount": amount}
                )._create_payments()

    @api.model
    def _demo_commission(self, plan, people, rng, today):
        """The year so far, month after month, as the company runs it: the
        appraisal round (quarterly too, with honours, R-P3), the commission
        run approved by HR and posted to payroll by the payroll accountant
        (R-W3: three different people), the payslips confirmed and the month
        closed. Last month is posted but not paid yet and has a dispute and
        an appeal open; this month is computed; salary level proposals and
        the new hire's flag wait for a decision (R-P4, R-P5)."""
        periods = plan._sp_periods()
        current = periods.filtered(lambda p: p.date_start <= today <= p.date_end)
        past = periods.filtered(lambda p: p.date_end < today)
        quarters = self.env["date.range"].search(
            [
                (
                    "type_id",
                    "=",
                    self.env.ref("sales_performance.date_range_type_quarter").id,
                ),
                ("company_id", "=", plan.company_id.id),
                ("date_start", ">=", plan.date_start),
                ("date_end", "<", today),
            ]
        )
        users = people["users"]
        hr_officer, payroll = users["sunli"], users["zhenghua"]
        Statement = self.env["sales.performance.statement"]
        self._demo_payroll(plan.company_id, people)
        # Everyone but Zhao Lei has acknowledged the plan (portal).
        for member in plan.member_ids.filtered(lambda m: m.user_id != users["zhaolei"]):
            member._sp_acknowledge(member.user_id)
        statements = Statement
        for period in past:
            last = period == past[-1]
            self._demo_appraisals(plan, period, users, rng)
            for quarter in quarters.filtered(
                lambda q, p=period: q.date_end == p.date_end
            ):
                self._demo_appraisals(plan, quarter, users, rng, quarterly=True)
            # what Run Commission does (recorded under Commission Runs)
            run = self.env["sales.performance.run"]._sp_start(plan, period)
            statements = Statement.search(
                [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
            )
            if run.state != "done":
                raise UserError(run.message)
            # Corrections of closed months (late refunds and payments) are
            # reviewed by the performance administrator before approval
            # (issue 12), as the company does every month.
            statements.filtered("review_reasons").with_user(
                hr_officer
            ).action_accept_review()
            # Statements are mailed on approval; not while loading the demo
            # (no web server yet to render the PDF).
            statements.with_user(hr_officer).with_context(
                sp_no_statement_mail=True
            ).action_approve()
            statements.with_user(payroll).action_post_to_payroll()
            if not last:
                # OCA payroll confirms one payslip at a time.
                for payslip in statements.payslip_id.with_user(payroll):
                    payslip.action_payslip_done()
                period.with_user(hr_officer).action_sp_close()
        self._demo_feedback(statements, users)
        if current:
            self.env["sales.performance.run"]._sp_start(plan, current)
        self.env["sales.performance.level.proposal"]._sp_generate(plan, today)

    @api.model
    def _demo_feedback(self, statements, users):
        """Last month: a salesperson disputes a line of their statement and
        another appeals the appraisal grade."""
        line = statements.filtered(
            lambda s: s.user_id == users["chenjing"]
        ).line_ids.filtered(lambda x: x.amount > 0)[:1]
        if line:
            line.with_user(users["chenjing"]).action_dispute(
                "The refund of the flooring order was booked this month but the "
                "customer reordered the same week; please check the clawback."
            )
        appraisal = self.env["sales.performance.appraisal"].search(
            [
                ("period_id", "=", statements[:1].period_id.id),
                ("employee_id.user_id", "=", users["liuyang"].id),
                ("state", "=", "published"),
            ],
            limit=1,
        )
        if appraisal:
            appraisal.with_user(users["liuyang"]).action_appeal(
                "Two large wardrobe orders slipped to this month because of the "
                "supplier's delay; I ask for the service score to be reviewed."
            )

    @api.model
    def _demo_appraisals(self, plan, period, users, rng, quarterly=False):
        """Generate the period's appraisals and take them through
        self-assessment, manager rating and approval (R-A4). Managers rate
        a quarter's business ability by the quarter's revenue completion."""
        appraisals = self.env["sales.performance.appraisal"]._sp_generate(plan, period)
        completion = self._demo_completion(plan, period) if quarterly else {}
        for appraisal in appraisals.filtered(lambda a: a.state == "self_assessment"):
            base = completion.get(appraisal.employee_id)
            for line in appraisal.line_ids.filtered(lambda x: x.kind == "qualitative"):
                if base is not None and line.dimension_id.code == "ABILITY":
                    # 100 % of the quarter's target -> 85 (A+), 125 % -> 95 (AA)
                    score = min(99, round(45 + 40 * base) + rng.randint(-1, 1))
                elif base is not None:
                    score = rng.randint(66, 97)
                else:
                    score = rng.randint(70, 96)
                line.sudo().write(
                    {
                        "self_score": min(100, score + rng.randint(0, 6)),
                        "manager_score": score,
                    }
                )
            appraisal.with_user(appraisal.user_id).action_submit_self()
            rater = appraisal.employee_id.parent_id.user_id or users["sunli"]
            appraisal.with_user(rater).action_submit_manager()
            if appraisal.grade_id.needs_justification:
                appraisal.sudo().justification = (
                    "Figures checked with the store manager; see the monthly report."
                )
            appraisal.with_user(users["sunli"]).action_approve()

    @api.model
    def _demo_completion(self, plan, period):
        """{employee: revenue completion} over ``period`` from the monthly
        achievements (targets are monthly)."""
        groups = self.env["sales.performance.achievement"]._read_group(
            [
                ("plan_id", "=", plan.id),
                ("metric_id", "=", plan.level_metric_id.id),
                ("period_id.sp_period_type", "=", "month"),
                ("period_start", ">=", period.date_start),
                ("period_end", "<=", period.date_end),
            ],
            ["employee_id"],
            ["actual:sum", "target_amount:sum"],
        )
        return {
            employee: actual / target for employee, actual, target in groups if target
        }

    @api.model
    def _demo_payroll(self, company, people):
        """A salary structure with the sales performance rules on every
        salesperson's contract, so posted statements reach payslips."""
        category = self.env.ref(
            "sales_performance.salary_rule_category_sales_performance"
        )
        allowance = self.env.ref("payroll.ALW", raise_if_not_found=False)
        if allowance and not category.parent_id:
            category.parent_id = allowance
        # OCA payroll's categories belong to the first company; the demo
        # company's payroll accountant computes payslips with them, so they
        # are shared like this addon's own category.
        for xmlid in ("payroll.BASIC", "payroll.ALW", "payroll.NET"):
            shared = self.env.ref(xmlid, raise_if_not_found=False)
            if shared and shared.company_id:
                shared.company_id = False
        Rule = self.env["hr.salary.rule"]
        Category = self.env["hr.salary.rule.category"]

        def category_of(xmlid, code):
            return self.env.ref(xmlid, raise_if_not_found=False) or Category.create(
                {"name": code.title(), "code": code}
            )

        basic = Rule.create(
            {
                "name": "Basic Salary",
                "code": "BASIC",
                "sequence": 1,
                "company_id": company.id,
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage",
                "category_id": category_of("payroll.BASIC", "BASIC").id,
            }
        )
        net = Rule.create(
            {
                "name": "Net Salary",
                "code": "NET",
                "sequence": 200,
                "company_id": company.id,
                "amount_select": "code",
                "amount_python_compute": "result = categories.BASIC + categories.ALW",
                "category_id": category_of("payroll.NET", "NET").id,
            }
        )
        structure = self.env["hr.payroll.structure"].create(
            {
                "name": "Huaxia Sales Staff",
                "code": "HX_SALES",
                "company_id": company.id,
                "rule_ids": [Command.set((basic | net).ids)],
            }
        )
        structure.action_sp_add_rules()
        self._demo_xmlid(structure, "demo_payroll_structure")
        employees = self.env["hr.employee"].browse(
            [e.id for e in people["employees"].values()]
        )
        employees.contract_ids.write({"struct_id": structure.id})
        company.payroll_structure_id = structure
