#!/usr/bin/env python3
# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Probe: the cost of a month's commission run as the year's history freezes
(issue 25). Each month of a year is run and approved in order; the run of
each month is timed (wall clock, and the CPU time of the Python process and
of its PostgreSQL backend, which a loaded machine disturbs less) with its
query count, so that the last
month's cost can be compared with the first's (target: December within 2x
January).

    python3 tests/benchmark/year_probe.py --base <db with sales_performance>
        [--people 300,1000] [--months 1-12] [--touch 3] [--keep]
        [--addons-path <dir holding sales_performance>]

``--base`` is a database with ``sales_performance`` installed without demo
data (the test database of ENV.md will do; nobody may be connected to it,
it is used as a template); it is copied to a scratch
database ``<base>_probe_<people>`` (dropped at the end unless ``--keep``).
In it: a plan with ``people`` members, a 3 % commission rule (a tiered rule
with one band, like the benchmark's) and a monthly target each; one
document a person a month, its sales credit written directly in SQL the way
the twelve-month property test writes them. Before each month's run,
``--touch`` people get a credit of an earlier approved month changed (a
late fact: their period's fingerprint changes and it is recomputed and
corrected), so that both an unchanged history and a changing one are
measured. Approval writes what ``action_approve`` writes, without its
per-statement checks (not timed; they are tested elsewhere).
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import odoo
from odoo import Command, api

YEAR = 2026
ROOT = Path(__file__).resolve().parents[2]


def sh(*args):
    subprocess.run(args, check=True)


def months_arg(text):
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(m) for m in text.split(",")]


def setup(env, people, rng):
    company = env.company
    users = env["res.users"].create(
        [
            {
                "name": f"Probe seller {i:04d}",
                "login": f"probe_seller_{i:04d}",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref("sales_performance.group_sp_user").id,
                        ]
                    )
                ],
            }
            for i in range(people)
        ]
    )
    employees = env["hr.employee"].create(
        [
            {"name": user.name, "user_id": user.id, "company_id": company.id}
            for user in users
        ]
    )
    revenue = env.ref("sales_performance.metric_net_revenue")
    plan = env["sales.performance.plan"].create(
        {
            "name": "Year probe plan",
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date_start": date(YEAR, 1, 1),
            "date_end": date(YEAR, 12, 31),
            "metric_ids": [Command.set(revenue.ids)],
            "member_ids": [Command.create({"employee_id": e.id}) for e in employees],
        }
    )
    plan.action_generate_periods()
    months = plan._sp_periods()
    env["sales.performance.target"].create(
        [
            {
                "plan_id": plan.id,
                "member_id": member.id,
                "period_id": month.id,
                "metric_id": revenue.id,
                "amount": 20000.0,
            }
            for member in plan.member_ids
            for month in months
        ]
    )
    env["sales.performance.commission.rule"].create(
        {
            "plan_id": plan.id,
            "name": "3 % of sales",
            "rule_type": "tiered",
            "metric_id": revenue.id,
            "band_ids": [Command.create({"lower": 0.0, "upper": 0.0, "rate": 0.03})],
        }
    )
    plan.action_approve()
    partner = env["res.partner"].create({"name": "Probe customer"})
    shell = env["account.move"].create(
        {"move_type": "out_invoice", "partner_id": partner.id}
    )
    env.flush_all()
    cr = env.cr
    # one document a person a month: copies of the shell, in SQL
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_move' AND column_name != 'id'"
    )
    columns = ", ".join(f'"{c}"' for (c,) in cr.fetchall())
    count = people * 12
    cr.execute(
        f"INSERT INTO account_move ({columns}) SELECT {columns} FROM account_move "
        f"m, generate_series(1, %s) WHERE m.id = %s RETURNING id",
        (count, shell.id),
    )
    move_ids = [r[0] for r in cr.fetchall()]
    rows = []
    for index, employee in enumerate(employees):
        for month in range(1, 13):
            amount = round(rng.uniform(5000, 40000), 2)
            day = date(YEAR, month, rng.randint(1, 28))
            move = move_ids[index * 12 + month - 1]
            rows.append((move, employee.id, day, amount))
    insert_credits(env, plan, partner, rows)
    env.invalidate_all()
    return plan


def insert_credits(env, plan, partner, rows):
    company = plan.company_id
    from psycopg2.extras import execute_values

    execute_values(
        env.cr._obj,
        """
        INSERT INTO sales_performance_credit (company_id, currency_id,
            move_id, partner_id, employee_id, kind, date, share,
            amount_revenue, amount_cost, amount_margin, amount_total,
            quantity, amount_collected, is_fully_paid, full_paid_date,
            is_adjustment)
        VALUES %s
        """,
        [
            (company.id, company.currency_id.id, move, partner.id, emp, day, amount)
            for move, emp, day, amount in rows
        ],
        template="(%s, %s, %s, %s, %s, 'invoice', %s, 100, %s, 0, 0, "
        "0, 0, 0, false, null, false)",
    )


def approve(env, statements):
    """What ``action_approve`` writes (its checks are not what is probed)."""
    computed = statements.filtered(lambda s: s.state == "computed")
    computed.sudo().write(
        {
            "state": "approved",
            "approved_uid": env.uid,
            "approved_date": odoo.fields.Datetime.now(),
            "approved_seq": env["sales.performance.statement"]._sp_next_seq(),
        }
    )


def touch(env, plan, month, count, rng):
    """``count`` people's credit of an earlier month grows by 1,000: a late
    fact of an approved period."""
    if month <= 1 or not count:
        return
    earlier = rng.randint(1, month - 1)
    employees = rng.sample(plan.member_ids.employee_id.ids, count)
    env.flush_all()
    env.cr.execute(
        "UPDATE sales_performance_credit SET amount_revenue = amount_revenue + 1000 "
        "WHERE employee_id IN %s AND date BETWEEN %s AND %s",
        (
            tuple(employees),
            date(YEAR, earlier, 1),
            date(YEAR, earlier, 28),
        ),
    )
    env.invalidate_all()


def backend_cpu(cr):
    """CPU seconds the PostgreSQL backend of ``cr`` has used (it runs on this
    machine): with the Python process's, what a run costs whatever the load
    of the machine."""
    cr.execute("SELECT pg_backend_pid()")
    pid = cr.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def probe(base, people, months, touched, keep, seed):
    db = f"{base}_probe_{people}"
    sh("dropdb", "--if-exists", db)
    sh("createdb", "-T", base, db)
    rng = random.Random(seed)
    results = []
    try:
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(
                cr,
                odoo.SUPERUSER_ID,
                {
                    "tracking_disable": True,
                    "mail_notrack": True,
                    "mail_create_nolog": True,
                    "no_reset_password": True,
                },
            )
            started = time.perf_counter()
            plan = setup(env, people, rng)
            cr.commit()
            print(f"[{people}] set up in {time.perf_counter() - started:.1f} s")
            periods = plan._sp_periods().sorted("date_start")
            Statement = env["sales.performance.statement"]
            for month in range(1, max(months) + 1):
                period = periods[month - 1]
                touch(env, plan, month, touched, rng)
                cr.commit()
                env.invalidate_all()
                database = backend_cpu(cr)
                before = cr.sql_log_count
                started = time.perf_counter()
                cpu = time.process_time()
                statements = Statement._sp_run(plan, period)
                env.flush_all()
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu + backend_cpu(cr) - database
                queries = cr.sql_log_count - before
                corrected = sum(
                    statements.line_ids.filtered(
                        lambda x: x.kind in ("correction", "clawback")
                    ).mapped("amount")
                )
                total = sum(statements.mapped("amount_total"))
                if month in months:
                    results.append((month, seconds, cpu, queries, total, corrected))
                    print(
                        f"[{people}] {period.name}: {seconds:.2f} s ({cpu:.2f} s "
                        f"CPU), {queries} "
                        f"queries, total {total:.2f}, corrections {corrected:.2f}"
                    )
                approve(env, statements)
                cr.commit()
    finally:
        odoo.modules.registry.Registry.delete(db)
        odoo.sql_db.close_db(db)
        if not keep:
            sh("dropdb", db)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--people", default="300,1000")
    parser.add_argument("--months", default="1-12", type=months_arg)
    parser.add_argument("--touch", default=0, type=int)
    parser.add_argument("--seed", default=2026, type=int)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--addons-path", default=str(ROOT))
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    table = {}
    for people in [int(p) for p in args.people.split(",")]:
        table[people] = probe(
            args.base, people, args.months, args.touch, args.keep, args.seed
        )
    print("\n| people | month | seconds | CPU s | queries | x January (CPU) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for people, rows in table.items():
        first = rows[0][2] if rows else 0
        for month, seconds, cpu, queries, __, __ in rows:
            ratio = cpu / first if first else 0
            print(
                f"| {people} | {month} | {seconds:.2f} | {cpu:.2f} | {queries} "
                f"| {ratio:.1f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
