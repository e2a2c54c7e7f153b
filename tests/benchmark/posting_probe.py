#!/usr/bin/env python3
# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Probe of payroll posting as a real request runs it (issue 25): N
employees with a running contract on a salary structure with the sales
performance rules, each with an approved November statement; the payroll
officer (not the approver, R-W3) posts them all with *Post to payroll*, or
generates the month's payslip batch (``--batch``). Tracking is on (no
``tracking_disable``); the time includes the commit's tracking messages.

    python3 tests/benchmark/posting_probe.py --db-prefix post_probe \\
        --addons-path . --size 1000 [--batch] [--zero 0.1] [--keep]

A template database (``<prefix>_tpl_<size>``, from a database with
sales_performance installed, ``--base``) is built once and copied for each
measurement; the copy is dropped unless ``--keep``. Prints seconds,
milliseconds per statement and SQL queries, and checks the result: every
statement posted (or settled when it has nothing to pay), one payslip per
employee with something to pay, each payslip's commission once.
"""

import argparse
import cProfile
import subprocess
import sys
import time

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry

PERIOD = "2026-11"


def sh(*args):
    subprocess.run(args, check=True)


def db_exists(name):
    out = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out == "1"


def release(db):
    Registry.delete(db)
    odoo.sql_db.close_db(db)


def build(db, size, zero):
    """The data: users, a structure, N employees with contracts and approved
    statements (``zero``: the share of statements with nothing to pay)."""
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.ref("base.main_company")
        company.partner_id.email = company.partner_id.email or "company@example.com"

        def user(login, groups):
            return (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": login.replace("_", " ").title(),
                        "login": login,
                        "email": f"{login}@example.com",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "groups_id": [
                            Command.set(
                                [env.ref("base.group_user").id]
                                + [env.ref(g).id for g in groups]
                            )
                        ],
                    }
                )
            )

        approver = user("probe_approver", ["sales_performance.group_sp_approver"])
        user(
            "probe_payroll",
            [
                "sales_performance.group_sp_payroll",
                "payroll.group_payroll_manager",
                "account.group_account_invoice",
            ],
        )
        basic = env["hr.salary.rule"].create(
            {
                "name": "Basic",
                "code": "BASIC",
                "sequence": 1,
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage",
            }
        )
        structure = env["hr.payroll.structure"].create(
            {
                "name": "Sales staff",
                "code": "SALES",
                "rule_ids": [Command.set(basic.ids)],
                "company_id": company.id,
            }
        )
        structure.action_sp_add_rules()
        plan = env["sales.performance.plan"].create(
            {
                "name": "Probe plan",
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "period_type": "month",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        plan.action_generate_periods()
        period = env["date.range"].search(
            [
                ("name", "=", PERIOD),
                ("type_id", "=", env.ref("sales_performance.date_range_type_month").id),
                ("company_id", "=", company.id),
            ]
        )
        employees = env["hr.employee"].create(
            [{"name": f"Probe {i:05d}", "company_id": company.id} for i in range(size)]
        )
        env["hr.contract"].create(
            [
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": 5000.0,
                    "date_start": "2026-01-01",
                    "state": "open",
                    "struct_id": structure.id,
                }
                for employee in employees
            ]
        )
        zero_every = round(1 / zero) if zero else 0
        statements = env["sales.performance.statement"].create(
            [
                {
                    "plan_id": plan.id,
                    "employee_id": employee.id,
                    "period_id": period.id,
                    "state": "computed",
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Commission",
                                "kind": "commission",
                                "amount": 0.0
                                if zero_every and i % zero_every == 0
                                else 100.0 + i % 50,
                                "line_state": "ok",
                            }
                        ),
                        Command.create(
                            {
                                "name": "Bonus",
                                "kind": "bonus",
                                "amount": 0.0
                                if zero_every and i % zero_every == 0
                                else 20.0,
                                "line_state": "ok",
                            }
                        ),
                    ],
                }
                for i, employee in enumerate(employees)
            ]
        )
        statements.write(
            {
                "state": "approved",
                "approved_uid": approver.id,
                "approved_date": "2026-12-01 08:00:00",
            }
        )


def measure(db, batch, profile=None):
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        officer = env["res.users"].search([("login", "=", "probe_payroll")])
        statements = env["sales.performance.statement"].search(
            [("state", "=", "approved")]
        )
        employees = statements.employee_id
        count = len(statements)
        cr.commit()
        env.invalidate_all()
        # as a request: the officer's environment, a cold cache
        uenv = api.Environment(
            cr, officer.id, {"lang": "en_US", "tz": "UTC", "uid": officer.id}
        )
        if batch:
            run = (
                env["hr.payslip.run"]
                .create(
                    {
                        "name": "November 2026",
                        "date_start": "2026-11-01",
                        "date_end": "2026-11-30",
                    }
                )
                .with_env(uenv)
            )
            cr.commit()
        env.invalidate_all()
        profiler = cProfile.Profile() if profile else None
        start_queries = cr.sql_log_count
        start = time.perf_counter()
        cpu = time.process_time()
        if profiler:
            profiler.enable()
        if batch:
            result = (
                uenv["hr.payslip.employees"]
                .with_context(active_id=run.id)
                .create({"employee_ids": [Command.set(employees.ids)]})
                .compute_sheet()
            )
        else:
            result = statements.with_env(uenv).action_post_to_payroll()
        uenv.flush_all()
        cr.precommit.run()  # tracking messages, as the request's commit writes
        cr.commit()
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        queries = cr.sql_log_count - start_queries
        env.invalidate_all()
        states = {}
        for state in statements.mapped("state"):
            states[state] = states.get(state, 0) + 1
        slips = env["hr.payslip"].search([("employee_id", "in", employees.ids)])
        per_employee = {}
        for slip in slips:
            per_employee[slip.employee_id.id] = (
                per_employee.get(slip.employee_id.id, 0) + 1
            )
        paid = sum(
            slips.input_line_ids.filtered(
                lambda i: i.code in ("SPCOMM", "SPBONUS")
            ).mapped("amount")
        )
        expected = sum(
            statements.line_ids.filtered(lambda line: line.line_state == "ok").mapped(
                "amount"
            )
        )
        print(
            f"{'batch' if batch else 'post'}: {count} statements, {seconds:.2f} s "
            f"({seconds / count * 1000:.1f} ms/statement, cpu {cpu:.2f} s), "
            f"{queries} queries; states {states}; {len(slips)} payslips, "
            f"max {max(per_employee.values(), default=0)} per employee; "
            f"commission on payslips {paid:.2f} of {expected:.2f}"
        )
        print("  ", (result or {}).get("params", {}).get("message", "")[:300])
        ok = (
            max(per_employee.values(), default=0) <= 1
            and abs(paid - expected) < 0.005
            and set(states) <= {"posted", "paid"}
        )
        print("   check:", "OK" if ok else "FAILED")
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db-prefix", default="post_probe")
    parser.add_argument("--base", default="post_t", help="database with the addon")
    parser.add_argument("--addons-path", default=".")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--zero", type=float, default=0.0)
    parser.add_argument("--batch", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", help="write a cProfile of the step here")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [f"--addons-path={args.addons_path}", "--log-level=warn"]
    )
    zero = f"_z{int(args.zero * 100)}" if args.zero else ""
    template = f"{args.db_prefix}_tpl_{args.size}{zero}"
    if args.rebuild and db_exists(template):
        sh("dropdb", template)
    if not db_exists(template):
        sh("createdb", "-T", args.base, template)
        # -u: the template has the code of this checkout
        sh(
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={args.addons_path}",
            "-d",
            template,
            "-u",
            "sales_performance",
            "--stop-after-init",
            "--log-level=warn",
        )
        build(template, args.size, args.zero)
        release(template)
    db = f"{args.db_prefix}_{args.size}"
    if db_exists(db):
        sh("dropdb", db)
    sh("createdb", "-T", template, db)
    try:
        ok = measure(db, args.batch, args.profile)
    finally:
        release(db)
        if not args.keep:
            sh("dropdb", db)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
