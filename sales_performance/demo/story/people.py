# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 1a, people: the company, its salespeople and staff (users,
employees, running contracts and salary levels)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command

from .common import plan_dates, set_xmlid

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
BASE_GROUPS = ["base.group_user", "sales_team.group_sale_salesman"]


def company(env):
    """The demo company, with a chart of accounts in CNY; the administrator
    works in it."""
    company = env.ref("sales_performance.demo_company_huaxia")
    if not company.chart_template:
        currency = company.currency_id
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        # The generic chart sets its own currency: the company keeps CNY.
        company.currency_id = currency
    admin = env.ref("base.user_admin")
    admin.company_ids = [Command.link(company.id)]
    admin.company_id = company
    return company


def people(env, company, today):
    """Employees with users and running contracts; returns by login."""
    users = _users(env, company)
    # {login: hire date} of those hired during the plan
    people_hired = {
        NEW_HIRE[0]: today.replace(day=1) - relativedelta(months=NEW_HIRE[6])
    }
    start_of_others = date(plan_dates(today)[0].year - 2, 1, 1)
    employees = {}
    for login, name, job, __, manager, wage in PEOPLE + [NEW_HIRE[:6]]:
        employee = env["hr.employee"].create(
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
        set_xmlid(env, employee, f"demo_employee_{login}")
        hired = people_hired.get(login)
        _contract(env, company, employee, name, wage, hired or start_of_others, hired)
        employee.sp_salary_level_id = env.ref(
            f"sales_performance.{SALARY_LEVEL[login]}"
        )
    for login, name, job, __ in STAFF:
        employees[login] = env["hr.employee"].create(
            {
                "name": name,
                "job_title": job,
                "user_id": users[login].id,
                "company_id": company.id,
            }
        )
    return {"users": users, "employees": employees, "hired": people_hired}


def _users(env, company):
    """The users of the salespeople, the staff and the new hire, by login."""
    users = {}
    for login, name, __, role, __, __ in PEOPLE:
        users[login] = _user(
            env, company, login, name, BASE_GROUPS + _groups(login, role)
        )
    for login, name, __, groups in STAFF:
        users[login] = _user(env, company, login, name, ["base.group_user"] + groups)
    users[NEW_HIRE[0]] = _user(
        env,
        company,
        NEW_HIRE[0],
        NEW_HIRE[1],
        BASE_GROUPS + ["sales_performance.group_sp_user"],
    )
    return users


def _groups(login, role):
    """The addon's groups of a salesperson, beyond the base ones."""
    if role == "role_sales_manager":
        return [
            "sales_performance.group_sp_manager",
            "sales_team.group_sale_manager",
            "account.group_account_invoice",
        ]
    # whoever leads a team rates it (R-A4): team rights
    if any(person[4] == login for person in PEOPLE):
        return ["sales_performance.group_sp_manager"]
    return ["sales_performance.group_sp_user"]


def _user(env, company, login, name, groups):
    """A user of the company whose password is its login."""
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": name,
                "login": login,
                "password": login,
                "email": f"{login}@huaxia.example.com",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set([env.ref(g).id for g in groups])],
            }
        )
    )
    set_xmlid(env, user, f"demo_user_{login}")
    return user


def _contract(env, company, employee, name, wage, start, on_probation):
    """A running contract since ``start``; a new hire is on probation for
    three months (R-A6)."""
    env["hr.contract"].create(
        {
            "name": f"{name} {start.year}",
            "employee_id": employee.id,
            "company_id": company.id,
            "wage": wage,
            "date_start": start,
            # a new hire is on probation for three months (R-A6)
            "trial_date_end": start + relativedelta(months=3, days=-1)
            if on_probation
            else False,
            "state": "open",
        }
    )


def chinese(env, staff):
    """The salespeople work in Chinese (the rulebooks' language): zh_CN is
    installed with the terms of every installed module and given to the
    users with own figures only (the director, HR and payroll keep English).
    First thing after the people: what the story writes for them is in
    their language, and the names it gives get their Chinese values."""
    env["res.lang"]._activate_lang("zh_CN")
    # this addon too: it is being installed, Odoo loads its terms after its
    # data, and the story copies the templates' names before that
    env["ir.module.module"].search(
        ["|", ("state", "=", "installed"), ("name", "=", "sales_performance")]
    )._update_translations("zh_CN")
    manager = env.ref("sales_performance.group_sp_manager")
    salespeople = (
        env["res.users"]
        .browse([user.id for user in staff["users"].values()])
        .filtered(
            lambda user: (
                user.has_group("sales_performance.group_sp_user")
                and manager not in user.groups_id
                and not user.has_group("sales_performance.group_sp_payroll")
            )
        )
    )
    salespeople.write({"lang": "zh_CN"})
    return salespeople
