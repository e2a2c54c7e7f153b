#!/usr/bin/env python3
# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: our measurement step and monthly run against the SQL floor and
OCA commission settlement, on the same generated data.

    python3 tests/benchmark/run.py --sizes 1k,10k,100k [--rebuild] [--repeat 3]

Each size's database is generated once and kept as a PostgreSQL template
(``spbench_tpl_<size>``); every measured step runs in a transaction that is
rolled back, three times, and the median is reported with its SQL query
count. The table is printed and written to tests/benchmark/results/.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo
from odoo import api

SIZES = {"1k": (1000, 100), "10k": (10000, 300), "100k": (100000, 1000)}
MODULES = "sales_performance,commission_oca,account_commission_oca,hr_commission_oca"
MONTH = "2026-06"


def sh(*args):
    subprocess.run(args, check=True)


def odoo_cli(db, *args):
    """Odoo's command line on ``db`` with this addons path, stopping after
    init."""
    sh(
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={ROOT}",
        "-d",
        db,
        *args,
        "--stop-after-init",
        "--log-level=warn",
    )


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


def registry(db):
    return odoo.modules.registry.Registry(db)


def release(db):
    """Close every connection to ``db`` (a template cannot be copied while
    used)."""
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)


def build_template(size, rebuild):
    """The generated database of ``size``, kept as a template. It is built
    under another name and renamed when complete: an interrupted generation
    leaves no template behind."""
    invoices, people = SIZES[size]
    name = f"spbench_tpl_{size}"
    if db_exists(name) and not rebuild:
        return name, None
    building = f"{name}_building"
    for db in (name, building):
        if db_exists(db):
            sh("dropdb", db)
    print(f"[{size}] creating {name} ({invoices} invoices, {people} salespeople)")
    started = time.perf_counter()
    sh("createdb", building)
    odoo_cli(building, "-i", MODULES, "--without-demo=all")
    from generate import generate

    with registry(building).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate(env, invoices, people, log=lambda m: print(f"[{size}]{m}"))
        # OCA: settle everything up to the measured month, as if the earlier
        # months were settled month after month.
        env["commission.make.settle"].create(
            {"date_to": date(2026, 6, 1), "settlement_type": "sale_invoice"}
        ).action_settle()
        cr.commit()
    release(building)
    rename = f"ALTER DATABASE {building} RENAME TO {name}"
    sh("psql", "-q", "-d", "postgres", "-c", rename)
    seconds = time.perf_counter() - started
    print(f"[{size}] generated in {seconds:.0f} s")
    return name, seconds


# ----------------------------------------------------------------------
# Steps: each takes (env, plan, period) and returns nothing
# ----------------------------------------------------------------------
def step_floor(env, plan, period):
    """One SQL GROUP BY: each salesperson's net revenue of the month."""
    env.cr.execute(
        """
        SELECT m.invoice_user_id, date_trunc('month', m.invoice_date), -SUM(l.balance)
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         WHERE m.state = 'posted'
           AND m.move_type IN ('out_invoice', 'out_refund')
           AND l.display_type = 'product'
           AND m.invoice_date BETWEEN %s AND %s
         GROUP BY 1, 2
        """,
        (period.date_start, period.date_end),
    )
    env.cr.fetchall()


def step_aggregate(env, plan, period):
    """The aggregation inside our measurement step, for the floor's metric
    only (net revenue from the credits, not stored): what the floor does."""
    metric = env.ref("sales_performance.metric_net_revenue")
    windows = {}
    for member in plan.member_ids:
        window = member._window(period)
        if window:
            windows.setdefault(window, set()).add(member.employee_id.id)
    metric._compute_actuals(plan.company_id, windows)


def step_measure(env, plan, period):
    """Our measurement step: credits -> achievements, all metrics."""
    env["sales.performance.achievement"]._sp_compute(plan, period)
    env.flush_all()


def step_run(env, plan, period):
    """Our whole monthly run: achievements -> statements with all lines."""
    env["sales.performance.statement"]._sp_run(plan, period)
    env.flush_all()


def step_oca(env, plan, period):
    """OCA commission settlement of the same month (paid invoices, 3 %)."""
    env["commission.make.settle"].create(
        {"date_to": date(2026, 7, 1), "settlement_type": "sale_invoice"}
    ).action_settle()
    env.flush_all()


def prepare_posting(env, plan, period):
    statements = env["sales.performance.statement"]._sp_run(plan, period)
    approver = env.ref("base.user_admin")
    statements.with_user(approver).action_approve()
    payroll = env["res.users"].create(
        {
            "name": "Bench payroll",
            "login": "bench_payroll",
            # posting writes in the statement's chatter, which needs an author
            # address: without one, every statement failed to post
            "email": "payroll@bench.example.com",
            "groups_id": [
                odoo.Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("sales_performance.group_sp_payroll").id,
                        env.ref("payroll.group_payroll_manager").id,
                    ]
                )
            ],
        }
    )
    env.flush_all()
    return statements.with_user(payroll)


def step_post(env, plan, period, statements=None):
    """Payroll posting of the month for all salespeople."""
    statements.action_post_to_payroll()
    env.flush_all()


# ----------------------------------------------------------------------
# Checks: after each timed step (not timed), that it did its work; a step
# that fails quietly must not pass for a fast one.
# ----------------------------------------------------------------------
def check_measure(env, plan, period, **extra):
    count = env["sales.performance.achievement"].search_count(
        [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
    )
    expected = len(plan.member_ids) * len(plan.metric_ids)
    if count != expected:
        raise RuntimeError(f"{count} achievements, expected {expected}")


def check_run(env, plan, period, **extra):
    statements = env["sales.performance.statement"].search(
        [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
    )
    if len(statements) != len(plan.member_ids) or not statements.line_ids:
        raise RuntimeError(
            f"{len(statements)} statements with {len(statements.line_ids)} lines "
            f"for {len(plan.member_ids)} members"
        )


def check_oca(env, plan, period, **extra):
    settled = env["commission.settlement"].search_count(
        [("date_from", "=", period.date_start)]
    )
    if not settled:
        raise RuntimeError("OCA settled nothing for the month")


def check_post(env, plan, period, statements=None):
    statements.invalidate_recordset()
    states = set(statements.mapped("state"))
    if states != {"posted"}:
        raise RuntimeError(
            f"statements {states} after posting: "
            f"{statements.mapped('payroll_error')[:1]}"
        )


STEPS = [
    ("floor", "SQL floor (one GROUP BY)", step_floor, None, None),
    (
        "aggregate",
        "our aggregation of the same metric (no store)",
        step_aggregate,
        None,
        None,
    ),
    (
        "measure",
        "our measurement step (credits -> achievements)",
        step_measure,
        None,
        check_measure,
    ),
    ("run", "our monthly run (-> statements)", step_run, None, check_run),
    ("oca", "OCA commission settlement", step_oca, None, check_oca),
    (
        "post",
        "payroll posting of the month",
        step_post,
        prepare_posting,
        check_post,
    ),
]


def measure(db, repeat):
    results = {}
    reg = registry(db)
    for key, label, step, prepare, check in STEPS:
        times, queries = [], []
        for __ in range(repeat):
            with reg.cursor() as cr:
                env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
                plan = env["sales.performance.plan"].search(
                    [("name", "=", "Benchmark plan")]
                )
                period = plan._sp_periods().filtered(lambda p: p.name == MONTH)
                extra = {}
                if prepare:
                    extra["statements"] = prepare(env, plan, period)
                env.invalidate_all()
                before = cr.sql_log_count
                started = time.perf_counter()
                step(env, plan, period, **extra)
                times.append(time.perf_counter() - started)
                queries.append(cr.sql_log_count - before)
                if check:
                    check(env, plan, period, **extra)
                cr.rollback()
        results[key] = {
            "label": label,
            "seconds": statistics.median(times),
            "queries": int(statistics.median(queries)),
        }
        row = results[key]
        print(f"    {label}: {row['seconds']:.3f} s, {row['queries']} queries")
    floor, oca = results["floor"]["seconds"], results["oca"]["seconds"]
    for row in results.values():
        row["x_floor"] = row["seconds"] / floor if floor else None
        row["x_oca"] = row["seconds"] / oca if oca else None
    return results


def print_table(table):
    print()
    header = ("size", "step", "seconds", "queries", "x floor", "x OCA")
    print(
        f"{header[0]:<6} {header[1]:<48} {header[2]:>9} {header[3]:>8} "
        f"{header[4]:>9} {header[5]:>7}"
    )
    for size, data in table.items():
        for row in data["steps"].values():
            print(
                f"{size:<6} {row['label']:<48} {row['seconds']:>9.3f} "
                f"{row['queries']:>8} {row['x_floor']:>9.1f} {row['x_oca']:>7.2f}"
            )


def markdown(out):
    """The README table from every size measured so far (results/<size>.json)."""
    lines = [
        "| size | step | seconds | queries | × floor | × OCA |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for size, (invoices, people) in SIZES.items():
        path = out / f"{size}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text())
        for row in data["steps"].values():
            lines.append(
                f"| {size} ({invoices:,} invoices, {people:,} people) "
                f"| {row['label']} | {row['seconds']:.3f} | {row['queries']} "
                f"| {row['x_floor']:.1f} | {row['x_oca']:.2f} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="only print the Markdown table of the sizes measured so far",
    )
    args = parser.parse_args()
    out = ROOT / "tests" / "benchmark" / "results"
    if args.markdown:
        print(markdown(out))
        return
    odoo.tools.config.parse_config([f"--addons-path={ROOT}", "--log-level=warn"])
    table = {}
    for size in args.sizes.split(","):
        template, generated = build_template(size, args.rebuild)
        work = f"spbench_work_{size}"
        if db_exists(work):
            sh("dropdb", work)
        sh("createdb", "-T", template, work)
        # the template may be older than the code: measure the code as it is
        odoo_cli(work, "-u", "sales_performance")
        try:
            print(f"[{size}] measuring (median of {args.repeat})")
            table[size] = {
                "generation_seconds": generated,
                "steps": measure(work, args.repeat),
            }
        finally:
            release(work)
            sh("dropdb", work)
    print_table(table)
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(table, indent=2))
    for size, data in table.items():
        (out / f"{size}.json").write_text(json.dumps(data, indent=2))
    print(f"\nwritten to {out / 'latest.json'} and {out}/<size>.json")


if __name__ == "__main__":
    main()
