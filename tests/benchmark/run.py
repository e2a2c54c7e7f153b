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
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import YEAR

import odoo
from odoo import api

# size: (invoices, salespeople)
SIZES = {
    "1k": (1000, 100),
    "10k": (10000, 300),
    "100k": (100000, 1000),
    "5k": (100000, 5000),
}
MODULES = "sales_performance,commission_oca,account_commission_oca,hr_commission_oca"


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


def filestore(db):
    """The filestore of ``db`` in the data_dir Odoo uses here."""
    return Path(odoo.tools.config.filestore(db))


def copy_db(source, target):
    """``createdb -T``, with the template's filestore copied along (the
    attachments of the copy would otherwise be missing: FileNotFoundError)."""
    sh("createdb", "-T", source, target)
    if filestore(source).is_dir():
        shutil.copytree(filestore(source), filestore(target), dirs_exist_ok=True)


def analyze(db):
    """Planner statistics, as autovacuum keeps them on a live database: an
    upgrade that creates an index updates a table's size estimates, and a
    copy never analyzed would then be measured with plans no live database
    uses (issue 25: the floor's GROUP BY went from 0.05 s to 1 s)."""
    sh(
        "psql",
        "-q",
        "-d",
        db,
        "-c",
        # the shared catalogs are not ours to analyze: no warning for each
        "SET client_min_messages = error; ANALYZE",
    )


def rename_db(source, target):
    """Rename a database and its filestore together."""
    sh(
        "psql",
        "-q",
        "-d",
        "postgres",
        "-c",
        f"ALTER DATABASE {source} RENAME TO {target}",
    )
    if filestore(source).is_dir():
        if filestore(target).exists():
            shutil.rmtree(filestore(target))
        filestore(source).rename(filestore(target))


def busy_db(name):
    """Someone is connected to ``name`` (a build in progress elsewhere)."""
    out = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out != "0"


def check_not_building(building):
    if db_exists(building) and busy_db(building):
        raise RuntimeError(
            f"{building} is being built by another process: wait for it to finish"
        )


def drop_db(name, tries=5):
    """Drop a database and its filestore. A process PostgreSQL starts on the
    database by itself (autovacuum after a step's writes) may refuse to be
    terminated for a moment: try again rather than lose the measurements."""
    for attempt in range(tries):
        if not db_exists(name):
            break
        if subprocess.run(["dropdb", "--force", name], check=False).returncode == 0:
            break
        if attempt == tries - 1:
            raise RuntimeError(f"could not drop {name}")
        time.sleep(3)
    if filestore(name).is_dir():
        shutil.rmtree(filestore(name))


def registry(db):
    return odoo.modules.registry.Registry(db)


def release(db):
    """Close every connection to ``db`` (a template cannot be copied while
    used)."""
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)


ROLES = {
    # login: (name, groups); the people who compute, approve and post are
    # different people (R-W3)
    "admin": (
        "Bench performance administrator",
        ["base.group_user", "sales_performance.group_sp_admin"],
    ),
    "approver": (
        "Bench approver",
        ["base.group_user", "sales_performance.group_sp_approver"],
    ),
    "payroll": (
        "Bench payroll",
        [
            "base.group_user",
            "sales_performance.group_sp_payroll",
            "payroll.group_payroll_manager",
            # payroll_account: a batch has a journal
            "account.group_account_invoice",
        ],
    ),
}
PASSWORD = "bench"
# What each size measures by default: the steps in-process, and at 5,000
# salespeople the user's paths under a real server.
DEFAULT_PATHS = {
    "1k": "in-process",
    "10k": "in-process",
    "100k": "in-process",
    "5k": "server",
}


def _plan(env):
    return env["sales.performance.plan"].search([("name", "=", "Benchmark plan")])


def _user(env, role):
    """The benchmark's user of ``role`` (created once; password ``bench``
    for the server paths). Its email is the author address of the chatter
    messages it writes: without one, posting failed."""
    login = f"bench_{role}"
    user = (
        env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    )
    if not user:
        name, groups = ROLES[role]
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "password": PASSWORD,
                    "email": f"{role}@bench.example.com",
                    "groups_id": [odoo.Command.set([env.ref(g).id for g in groups])],
                }
            )
        )
    return user


def log(size, message):
    print(f"[{time.strftime('%H:%M:%S')}] [{size}] {message}", flush=True)


def data_template(size, rebuild=False):
    """``spbench_tpl_<size>_data``: the generated year (invoices, refunds and
    payments of January to December, targets of every month), nothing run,
    approved or settled. Built under another name and renamed when
    complete: an interrupted generation leaves no template behind."""
    invoices, people = SIZES[size]
    name = f"spbench_tpl_{size}_data"
    if db_exists(name) and not rebuild:
        return name, None
    building = f"{name}_building"
    check_not_building(building)
    drop_db(name)
    drop_db(building)
    log(size, f"generating {name} ({invoices} invoices, {people} salespeople)")
    started = time.perf_counter()
    sh("createdb", building)
    odoo_cli(building, "-i", MODULES, "--without-demo=all")
    from generate import generate

    with registry(building).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate(env, invoices, people, log=lambda m: log(size, m))
        env["ir.config_parameter"].set_param(
            "spbench.generation_seconds", round(time.perf_counter() - started)
        )
        cr.commit()
    release(building)
    rename_db(building, name)
    seconds = time.perf_counter() - started
    log(size, f"generated in {seconds:.0f} s")
    return name, seconds


def year_template(size, rebuild=False):
    """``spbench_tpl_<size>``: the generated year with January to November
    run and approved through the engine as the approver does (``_sp_run``,
    then ``action_approve`` as the approver), and OCA settlement run up to
    December. Returns (name, seconds, {month: seconds of its run}).

    The runs are the code being measured: after a change to the engine,
    rebuild this stage (``--rebuild-year``); the data stage stays."""
    name = f"spbench_tpl_{size}"
    if db_exists(name) and not rebuild:
        return name, None, None
    data, __ = data_template(size)
    building = f"{name}_building"
    check_not_building(building)
    drop_db(name)
    drop_db(building)
    log(size, f"building {name}: January..November run and approved")
    started = time.perf_counter()
    copy_db(data, building)
    odoo_cli(building, "-u", "sales_performance")
    analyze(building)
    months = {}
    with registry(building).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        plan = _plan(env)
        approver = _user(env, "approver")
        admin = _user(env, "admin")
        for period in plan._sp_periods().sorted("date_start")[:11]:
            began = time.perf_counter()
            statements = env["sales.performance.statement"]._sp_run(plan, period)
            env.flush_all()
            ran = time.perf_counter() - began
            env.invalidate_all()
            # what needs a look (an amount above the plan's review amount, a
            # clawback) is accepted by the administrator first, as in a
            # company; then the approver approves the month
            statements.with_user(admin).action_accept_review()
            statements.with_user(approver).action_approve()
            env.flush_all()
            cr.commit()
            months[period.name] = round(ran, 3)
            log(
                size,
                f"  {period.name}: run {ran:.1f} s, approved "
                f"{time.perf_counter() - began - ran:.1f} s",
            )
        # OCA: everything up to December settled, as if month after month
        env["commission.make.settle"].create(
            {"date_to": date(YEAR, 12, 1), "settlement_type": "sale_invoice"}
        ).action_settle()
        seconds = time.perf_counter() - started
        env["ir.config_parameter"].set_param(
            "spbench.year", json.dumps({"seconds": round(seconds), "runs": months})
        )
        cr.commit()
    release(building)
    rename_db(building, name)
    log(size, f"{name} built in {seconds:.0f} s")
    return name, seconds, months


# ----------------------------------------------------------------------
# Steps: each takes (env, plan, period, **extra) and returns nothing
# ----------------------------------------------------------------------
def step_floor(env, plan, period, **extra):
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


def step_aggregate(env, plan, period, **extra):
    """The aggregation inside our measurement step, for the floor's metric
    only (net revenue from the credits, not stored): what the floor does."""
    metric = env.ref("sales_performance.metric_net_revenue")
    windows = {}
    for member in plan.member_ids:
        window = member._window(period)
        if window:
            windows.setdefault(window, set()).add(member.employee_id.id)
    metric._compute_actuals(plan.company_id, windows)


def step_measure(env, plan, period, **extra):
    """Our measurement step: credits -> achievements, all metrics."""
    env["sales.performance.achievement"]._sp_compute(plan, period)
    env.flush_all()


def step_run(env, plan, period, **extra):
    """Our whole monthly run: achievements -> statements with all lines."""
    env["sales.performance.statement"]._sp_run(plan, period)
    env.flush_all()


def step_oca(env, plan, period, **extra):
    """OCA commission settlement of the same month (paid invoices, 3 %),
    the earlier months settled."""
    env["commission.make.settle"].create(
        {
            "date_to": period.date_end + timedelta(days=1),
            "settlement_type": "sale_invoice",
        }
    ).action_settle()
    env.flush_all()


def prepare_post(env, plan, period):
    """The month's approved statements, in the environment of the payroll
    officer's request (their context: language, time zone; tracking on)."""
    payroll = _user(env, "payroll")
    statements = env["sales.performance.statement"].search(
        [
            ("plan_id", "=", plan.id),
            ("period_id", "=", period.id),
            ("state", "=", "approved"),
        ]
    )
    if not statements:
        raise RuntimeError(f"no approved statement in {period.name} to post")
    env.flush_all()
    context = dict(payroll.context_get(), **NO_DELAY)
    return {"statements": statements.with_user(payroll).with_context(context)}


def step_post(env, plan, period, statements=None):
    """Payroll posting of the month for all salespeople (the list's Post to
    Payroll on the selection)."""
    statements.action_post_to_payroll()
    env.flush_all()


def step_model(env, plan, period, **extra):
    """Plan modelling (issue 24): the rules in force modelled on the eleven
    approved months (January..November), as *Model a Change* does before a
    rule is edited, all chunks in this transaction."""
    earlier = plan._sp_periods().filtered(
        lambda p: p.date_start < period.date_start and p.date_start.year == YEAR
    )
    model = env["sales.performance.plan.model"].create(
        {
            "name": "benchmark",
            "plan_id": plan.id,
            "period_ids": [odoo.Command.set(earlier.ids)],
        }
    )
    model.action_compute()
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
        [
            ("plan_id", "=", plan.id),
            ("period_id", "=", period.id),
            ("state", "=", "computed"),
        ]
    )
    if len(statements) != len(plan.member_ids) or not statements.line_ids:
        raise RuntimeError(
            f"{len(statements)} computed statements with "
            f"{len(statements.line_ids)} lines for {len(plan.member_ids)} members"
        )


def check_oca(env, plan, period, **extra):
    settled = env["commission.settlement"].search_count(
        [("date_from", "=", period.date_start)]
    )
    if not settled:
        raise RuntimeError("OCA settled nothing for the month")


def check_model(env, plan, period, **extra):
    """Computed, and the unchanged rules give what was paid, to the cent."""
    model = env["sales.performance.plan.model"].search(
        [("plan_id", "=", plan.id)], order="id desc", limit=1
    )
    if model.state != "computed" or not model.line_ids:
        raise RuntimeError(f"model {model.state} with {len(model.line_ids)} lines")
    if model.currency_id.compare_amounts(model.modelled_amount, model.paid_amount):
        raise RuntimeError(
            f"modelled {model.modelled_amount} != paid {model.paid_amount}"
        )


def check_post(env, plan, period, statements=None):
    statements.invalidate_recordset()
    states = set(statements.sudo().mapped("state"))
    if not states <= {"posted", "paid"}:
        raise RuntimeError(
            f"statements {states} after posting: "
            f"{statements.sudo().mapped('payroll_error')[:1]}"
        )


# In-process steps, each on a copy of one template, for one month:
# (key, label, template ("data": nothing approved; "year": January to
# November approved), month, step, prepare, check)
STEPS = [
    ("floor", "SQL floor (one GROUP BY), Dec", "year", 12, step_floor, None, None),
    (
        "aggregate",
        "our aggregation of the same metric (no store), Dec",
        "year",
        12,
        step_aggregate,
        None,
        None,
    ),
    (
        "measure",
        "our measurement step (credits -> achievements), Dec",
        "year",
        12,
        step_measure,
        None,
        check_measure,
    ),
    (
        "run_first",
        "our monthly run, Jan (nothing approved)",
        "data",
        1,
        step_run,
        None,
        check_run,
    ),
    (
        "run_last",
        "our monthly run, Dec (Jan-Nov approved)",
        "year",
        12,
        step_run,
        None,
        check_run,
    ),
    (
        "oca",
        "OCA commission settlement, Dec (Jan-Nov settled)",
        "year",
        12,
        step_oca,
        None,
        check_oca,
    ),
    (
        "model",
        "plan model of Jan-Nov, rules in force (issue 24)",
        "year",
        12,
        step_model,
        None,
        check_model,
    ),
    (
        "post",
        "payroll posting of a month (Nov), tracking on",
        "year",
        11,
        step_post,
        prepare_post,
        check_post,
    ),
]
# Work the code would queue (queue_job) is done in the measured transaction:
# the step measures the work, not its enqueueing.
NO_DELAY = {"queue_job__no_delay": True}


def measure(dbs, repeat, size):
    """Each step ``repeat`` times in a transaction rolled back; the median."""
    results = {}
    for key, label, template, month, step, prepare, check in STEPS:
        reg = registry(dbs[template])
        times, queries, counts = [], [], []
        for __ in range(repeat):
            with reg.cursor() as cr:
                env = api.Environment(cr, odoo.SUPERUSER_ID, dict(NO_DELAY))
                plan = _plan(env)
                period = plan._sp_periods().filtered(
                    lambda p, m=month: p.date_start == date(YEAR, m, 1)
                )
                extra = prepare(env, plan, period) if prepare else {}
                env.invalidate_all()
                before = cr.sql_log_count
                started = time.perf_counter()
                step(env, plan, period, **extra)
                times.append(time.perf_counter() - started)
                queries.append(cr.sql_log_count - before)
                if check:
                    check(env, plan, period, **extra)
                counts.append(len(extra.get("statements", ())))
                cr.rollback()
        results[key] = {
            "label": label,
            "seconds": statistics.median(times),
            "queries": int(statistics.median(queries)),
            "all_seconds": [round(t, 3) for t in times],
        }
        if counts[0]:
            results[key]["statements"] = counts[0]
        row = results[key]
        log(size, f"  {label}: {row['seconds']:.3f} s, {row['queries']} queries")
    floor, oca = results["floor"]["seconds"], results["oca"]["seconds"]
    for row in results.values():
        row["x_floor"] = row["seconds"] / floor if floor else None
        row["x_oca"] = row["seconds"] / oca if oca else None
    return results


def summary(steps):
    """The issue's targets (issue 25) from the measured steps."""
    post = steps["post"]
    return {
        "last_over_first": steps["run_last"]["seconds"] / steps["run_first"]["seconds"],
        "post_ms_per_statement": post["seconds"] * 1000 / post["statements"],
        "post_queries_per_statement": post["queries"] / post["statements"],
        "measure_x_floor": steps["measure"]["x_floor"],
        "oca_over_run_last": steps["oca"]["seconds"] / steps["run_last"]["seconds"],
    }


def server_paths(size, template, wait):
    """The user's paths under a real server (server.py) on a copy of the
    year template, with queue_job installed as companies run it."""
    from server import Server, drive

    db = f"spbench_srv_{size}"
    drop_db(db)
    copy_db(template, db)
    try:
        odoo_cli(db, "-i", "queue_job", "-u", "sales_performance")
        analyze(db)
        with registry(db).cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            for role in ROLES:
                _user(env, role)
            # A template never served has every scheduled action due: the
            # cron worker would spend its first minutes (and its 120 s
            # limit) catching up. A running company's are on schedule: each
            # next call is set one day ahead; the monthly run is triggered
            # by the benchmark itself.
            cr.execute(
                "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') "
                "+ interval '1 day'"
            )
            cr.execute("DELETE FROM ir_cron_trigger")
            cr.commit()
        release(db)
        server = Server(db, Path("/tmp") / f"spbench_{size}", ROOT, wait=wait)
        log(size, f"server on port {server.port}, log {server.logfile}")
        server.start()
        try:
            rows = drive(server, YEAR, PASSWORD, log=lambda m: log(size, m))
        finally:
            server.stop()
        return rows
    finally:
        release(db)
        drop_db(db)


def template_facts(name):
    """What the template recorded about its own building."""
    rows = subprocess.run(
        [
            "psql",
            "-d",
            name,
            "-tAc",
            "SELECT key, value FROM ir_config_parameter WHERE key LIKE 'spbench.%'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    facts = {}
    for row in rows:
        key, __, value = row.partition("|")
        facts[key.removeprefix("spbench.")] = json.loads(value)
    return facts


def code_version():
    out = subprocess.run(
        # the last commit of the addon: the code measured
        [
            "git",
            "-C",
            str(ROOT),
            "log",
            "-1",
            "--format=%h %cs",
            "--",
            "sales_performance",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "sales_performance"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return out + (" (sales_performance modified)" if dirty else "")


def print_table(size, data):
    print()
    print(f"{'step':<54} {'seconds':>9} {'queries':>8} {'x floor':>8} {'x OCA':>7}")
    for row in data.get("steps", {}).values():
        print(
            f"{row['label']:<54} {row['seconds']:>9.3f} {row['queries']:>8} "
            f"{row['x_floor']:>8.1f} {row['x_oca']:>7.2f}"
        )
    for key, value in data.get("summary", {}).items():
        print(f"{key}: {value:.2f}")
    for path, row in data.get("server", {}).items():
        print(
            f"server {path:<8} {row['seconds']:>8.1f} s  queries {row['queries']}  "
            f"finished {row['finished']}  limit hit {row['limit_hit']}  "
            f"statements {row.get('statements')}/{row.get('expected')}"
        )


PATH_LABELS = {
    "wizard": "Run Commission wizard, December (performance administrator)",
    "cron": "monthly cron, December (cron worker)",
    "post": "Post to Payroll, November's approved statements (payroll officer)",
    "approve": "Accept Review (administrator) + Approve, December (approver)",
    "batch": "Generate Payslips, December batch with commission (payroll officer)",
}


def markdown(out):
    """The README tables from every size measured so far (results/<size>.json)."""
    lines = [
        "| size | step | seconds | queries | × floor | × OCA |",
        "|---|---|--:|--:|--:|--:|",
    ]
    targets, server, codes = [], [], []
    for size, (invoices, people) in SIZES.items():
        path = out / f"{size}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text())
        name = f"{size} ({invoices:,} invoices, {people:,} people)"
        if data.get("code"):
            runs = data.get("templates", {}).get("year", {}).get("year", {})
            months = ", ".join(
                f"{month[5:]} {seconds:.1f}"
                for month, seconds in runs.get("runs", {}).items()
            )
            codes.append(
                f"- `{size}`: code `{data['code']}`"
                + (f"; the year's runs (s): {months}" if months else "")
            )
        for row in data.get("steps", {}).values():
            lines.append(
                f"| {name} | {row['label']} | {row['seconds']:.3f} | {row['queries']} "
                f"| {row['x_floor']:.1f} | {row['x_oca']:.2f} |"
            )
        if data.get("summary"):
            s = data["summary"]
            targets.append(
                f"| {name} | {s['last_over_first']:.2f} | "
                f"{s['post_ms_per_statement']:.1f} | {s['measure_x_floor']:.1f} | "
                f"{s['oca_over_run_last']:.1f} |"
            )
        for key, row in data.get("server", {}).items():
            # the log's message, once: "WorkerHTTP (123) timeout after 120s"
            said = list(
                dict.fromkeys(
                    re.sub(r"\(\d+\) ", "", line.split(": ", 1)[-1])
                    for line in row["limits"]
                )
            )
            if row.get("failed_jobs"):
                said.append(f"{row['failed_jobs']} failed jobs")
            error = row.get("request_error") or ""
            if error.startswith("ConnectionError"):
                said.append("the user's connection dropped")
            elif error:
                said.append(error[:80])
            limit = "yes: " + "; ".join(said) if row["limit_hit"] else "no"
            server.append(
                f"| {name} | {PATH_LABELS.get(key, key)} | {row['seconds']:.1f} | "
                f"{row['queries'] if row['queries'] is not None else 'n/a'} | "
                f"{row.get('statements')}/{row.get('expected')} | "
                f"{'yes' if row['finished'] else 'no'} | {limit} |"
            )
    if targets:
        lines += [
            "",
            (
                "| size | Dec run ÷ Jan run (≤ 2) | ms per statement posted (≤ 10) "
                "| measurement × floor (≤ 5) | OCA ÷ Dec run (≥ 20) |"
            ),
            "|---|--:|--:|--:|--:|",
            *targets,
        ]
    if server:
        lines += [
            "",
            (
                "| size | path (`--workers 2`, default limits) | seconds | queries "
                "| statements done | finished | limit hit |"
            ),
            "|---|---|--:|--:|--:|---|---|",
            *server,
        ]
    if codes:
        lines += ["", *codes]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--paths",
        help="what to measure: in-process (the steps), server (the user's "
        "paths under a --workers 2 server) or both, comma-separated; "
        f"default: {DEFAULT_PATHS}",
    )
    parser.add_argument(
        "--wait",
        type=int,
        default=1800,
        help="seconds a server path may take before it is reported unfinished",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="generate the data again (and the year)"
    )
    parser.add_argument(
        "--rebuild-year",
        action="store_true",
        help="run and approve January..November again on the kept data "
        "(after a change to the engine)",
    )
    parser.add_argument(
        "--build-only",
        choices=("data", "year"),
        help="only build the templates up to this stage, measure nothing",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="only print the Markdown tables of the sizes measured so far",
    )
    args = parser.parse_args()
    out = ROOT / "tests" / "benchmark" / "results"
    if args.markdown:
        print(markdown(out))
        return
    odoo.tools.config.parse_config([f"--addons-path={ROOT}", "--log-level=warn"])
    for size in args.sizes.split(","):
        started = time.perf_counter()
        data, __ = data_template(size, args.rebuild)
        if args.build_only == "data":
            continue
        year, __, __ = year_template(size, args.rebuild or args.rebuild_year)
        if args.build_only:
            continue
        paths = (args.paths or DEFAULT_PATHS[size]).split(",")
        path = out / f"{size}.json"
        result = json.loads(path.read_text()) if path.exists() else {}
        invoices, people = SIZES[size]
        result.update(
            {
                "invoices": invoices,
                "people": people,
                "code": code_version(),
                "templates": {
                    "data": template_facts(data),
                    "year": template_facts(year),
                },
            }
        )
        if "in-process" in paths:
            dbs = {"data": f"spbench_work_{size}_data", "year": f"spbench_work_{size}"}
            try:
                for template, db in dbs.items():
                    drop_db(db)
                    copy_db(data if template == "data" else year, db)
                    # the template may be older than the code: measure the
                    # code as it is
                    odoo_cli(db, "-u", "sales_performance")
                    analyze(db)
                log(size, f"measuring in-process (median of {args.repeat})")
                steps = measure(dbs, args.repeat, size)
                result["steps"] = steps
                result["summary"] = summary(steps)
                # issue 24: a model of the eleven months against the eleven
                # monthly runs it replaces (as the year template timed them)
                runs = result["templates"]["year"].get("year", {}).get("runs", {})
                if runs:
                    result["summary"]["model_over_eleven_runs"] = steps["model"][
                        "seconds"
                    ] / sum(runs.values())
            finally:
                for db in dbs.values():
                    release(db)
                    drop_db(db)
        if "server" in paths:
            log(size, "the user's paths under a --workers 2 server")
            result["server"] = server_paths(size, year, args.wait)
        result["seconds"] = round(time.perf_counter() - started)
        print_table(size, result)
        out.mkdir(exist_ok=True)
        path.write_text(json.dumps(result, indent=2, default=str) + "\n")
        log(size, f"written to {path} in {result['seconds']} s")


if __name__ == "__main__":
    main()
