# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The user's paths under a real server, as companies run it.

An Odoo server is started on the benchmark's database the way a company
runs it: ``python3 -m odoo --workers 2 --max-cron-threads 1`` with the
default limits (60 s CPU and 120 s real time per request or cron job, the
default ``--limit-memory-*``), queue_job loaded server-wide with
``[queue_job] channels = root:2``. Each path is then driven over JSON-RPC
(``/web/session/authenticate``, ``/web/dataset/call_kw``) by the user who
does it, and timed until everything it queued has finished:

- ``wizard``: Run Commission (create + ``action_run``) of December, as the
  performance administrator;
- ``cron``: the monthly cron (triggered as its scheduler does: a trigger row
  and a ``cron_trigger`` notification), run by the cron worker;
- ``approve``: Accept Review on December's computed statements, as the
  performance administrator, then Approve on them, as the approver;
- ``post``: Post to Payroll on November's approved statements, as the
  payroll officer;
- ``batch``: Generate Payslips of a December payslip batch for every
  salesperson (``hr.payslip.employees.compute_sheet`` with the batch as
  ``active_id``), which posts December's approved statements, as the
  payroll officer.

Queued work is found generically: ``queue.job`` rows and
``sales.performance.*`` rows in a running state created since the path
started. Queries are the sum of the server log's per-request counts
(requests and queue_job's ``/queue_job/runjob`` calls; a cron job's queries
are not logged). Any limit hit is read from the server log (CPU time limit,
virtual memory limit, a worker killed at its real-time limit, a cron job
timed out) and from failed jobs.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import requests

LIMITS = [
    ("CPU time limit", re.compile(r"CPU time limit")),
    ("virtual memory limit", re.compile(r"virtual memory limit")),
    ("worker killed (real time)", re.compile(r"\w+ \(\d+\) timeout after \d+s")),
    ("cron job timed out", re.compile(r"Job .* timed out")),
    ("memory error", re.compile(r"MemoryError")),
]
REQUEST = re.compile(
    r'werkzeug: .*"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)'
)
CRON_KILLED = re.compile(r"WorkerCron \(\d+\) timeout after")
ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)
ACTIVE_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")
# seconds without any change in the queued work, after a limit was hit,
# before a path is reported unfinished
STALLED = 300
RUNNING_STATES = ("running", "queued", "pending", "in_progress", "started")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """An Odoo server process on ``db`` with the company setup above."""

    def __init__(self, db, workdir, addons_path, wait=900):
        self.db = db
        self.workdir = Path(workdir)
        self.addons_path = addons_path
        self.port = free_port()
        self.logfile = self.workdir / f"{db}.log"
        self.conf = self.workdir / f"{db}.conf"
        self.wait = wait
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.logfile.exists():
            self.logfile.unlink()
        # no limit_* option: the defaults (60 s CPU, 120 s real, 2 GiB soft
        # and 2.5 GiB hard memory) are what is measured
        self.conf.write_text(
            "[options]\n"
            f"addons_path = {self.addons_path}\n"
            f"db_name = {self.db}\n"
            f"dbfilter = ^{self.db}$\n"
            "list_db = False\n"
            f"http_port = {self.port}\n"
            f"gevent_port = {free_port()}\n"
            "server_wide_modules = base,web,queue_job\n"
            f"logfile = {self.logfile}\n"
            "log_level = info\n"
            "\n[queue_job]\n"
            "channels = root:2\n"
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                str(self.conf),
                "--load=base,web,queue_job",
                "--workers",
                "2",
                "--max-cron-threads",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.logfile}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=10).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(2)
        raise RuntimeError(f"the server did not answer: see {self.logfile}")

    def stop(self):
        """Stop the server and its workers (its own process group)."""
        if not self.process:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def offset(self):
        return self.logfile.stat().st_size if self.logfile.exists() else 0

    def log_since(self, offset):
        with open(self.logfile, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    # ------------------------------------------------------------------
    # the database, read directly (waiting and checking, never measured)
    # ------------------------------------------------------------------
    def sql(self, query, params=None, dbname=None):
        with psycopg2.connect(dbname=dbname or self.db) as cnx, cnx.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else None
        cnx.close()
        return rows

    def now(self):
        return self.sql("SELECT now() AT TIME ZONE 'UTC'")[0][0]

    def queued(self, since):
        """{kind: {state: count}} of the queued work created since
        ``since``: queue.job rows, and rows of sales_performance tables with
        a state column (runs, operations) in a running state."""
        found = {}
        rows = self.sql(
            "SELECT state, COUNT(*) FROM queue_job WHERE date_created >= %s "
            "GROUP BY state",
            (since,),
        )
        if rows:
            found["queue.job"] = dict(rows)
        tables = self.sql(
            """
            SELECT table_name FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name LIKE 'sales_performance_%%'
               AND column_name IN ('state', 'create_date')
             GROUP BY table_name HAVING COUNT(*) = 2
            """
        )
        for (table,) in tables:
            rows = self.sql(
                f'SELECT state, COUNT(*) FROM "{table}" WHERE create_date >= %s '
                "AND state IN %s GROUP BY state",
                (since, RUNNING_STATES),
            )
            if rows:
                found[table] = dict(rows)
        return found

    def busy(self, queued):
        jobs = queued.get("queue.job", {})
        if any(jobs.get(state) for state in ACTIVE_JOB_STATES):
            return True
        return any(
            count
            for table, states in queued.items()
            if table != "queue.job"
            for count in states.values()
        )


class Client:
    """A JSON-RPC session of one user."""

    def __init__(self, server, login, password):
        self.server = server
        self.session = requests.Session()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": server.db, "login": login, "password": password},
        )
        self.context = result["user_context"]

    def rpc(self, path, params, timeout=900):
        response = self.session.post(
            f"{self.server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=timeout,
        )
        response.raise_for_status()
        data = response.json()
        if data.get("error"):
            error = data["error"]
            message = error.get("data", {}).get("message") or error.get("message")
            raise RuntimeError(message)
        return data["result"]

    def call(self, model, method, *args, context=None, **kwargs):
        kwargs["context"] = dict(self.context, **(context or {}))
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids, context=None):
        """A button on records (a list's header button on the selection)."""
        return self.rpc(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": dict(self.context, **(context or {}))},
            },
        )


def scan_limits(text):
    return [
        line.strip()
        for line in text.splitlines()
        if any(pattern.search(line) for __, pattern in LIMITS)
    ]


def scan(text):
    """What the server log says between two offsets: the limits hit, the
    errors, and the requests with their query counts."""
    limits = scan_limits(text)
    requests_ = [
        (m.group(1), int(m.group(2)), int(m.group(3))) for m in REQUEST.finditer(text)
    ]
    errors = [
        line.strip()[:300]
        for line in text.splitlines()
        if ERROR.match(line + " ") and not any(p.search(line) for __, p in LIMITS)
    ]
    return limits, errors, requests_


def timed(server, name, action, log, cron=None):
    """Run ``action`` (the path's requests), wait until the work it queued
    is done (or ``server.wait`` seconds), and say what happened."""
    offset = server.offset()
    since = server.now()
    started = time.perf_counter()
    answer, failure = None, None
    try:
        answer = action()
    except (requests.RequestException, RuntimeError) as error:
        failure = f"{type(error).__name__}: {error}"
    request_seconds = time.perf_counter() - started
    deadline = started + server.wait
    queued, changed = {}, time.perf_counter()
    while time.perf_counter() < deadline:
        seen, queued = queued, server.queued(since)
        if queued != seen:
            changed = time.perf_counter()
        elif time.perf_counter() - changed > STALLED and scan_limits(
            server.log_since(offset)
        ):
            # a limit was hit and nothing has moved since: a killed job
            # waits for queue_job's requeueing of dead jobs, not for us
            break
        cron_done = True
        if cron:
            text = server.log_since(offset)
            cron_done = bool(re.search(rf"Job .* \({cron}\) (done in|completed)", text))
            if CRON_KILLED.search(text):
                # killed at its limit: it would be retried again and again
                break
        if cron_done and not server.busy(queued):
            break
        time.sleep(1)
    seconds = time.perf_counter() - started
    text_all = server.log_since(offset)
    limits, errors, reqs = scan(text_all)
    finished = (
        not failure
        and not server.busy(queued)
        and (
            not cron
            or bool(
                re.search(
                    rf"Job .* \({cron}\) (done in|completed)", server.log_since(offset)
                )
            )
        )
    )
    failed_jobs = queued.get("queue.job", {}).get("failed", 0)
    cron_seconds = None
    if cron:
        done = re.search(rf"Job .* \({cron}\) done in ([\d.]+)s", text_all)
        cron_seconds = float(done.group(1)) if done else None
    row = {
        "started_at": since,
        "seconds": round(seconds, 3),
        "request_seconds": round(request_seconds, 3),
        "cron_seconds": cron_seconds,
        "queries": sum(q for __, __, q in reqs) if not cron else None,
        "requests": len(reqs),
        "finished": finished,
        "limit_hit": bool(limits or failed_jobs or failure),
        "limits": limits[:10],
        "failed_jobs": failed_jobs,
        "queued": queued,
        "request_error": failure,
        "errors": errors[:5],
        "answer": _short(answer),
    }
    log(
        f"  {name}: {seconds:.1f} s (request {request_seconds:.1f} s), "
        f"{row['queries']} queries in {len(reqs)} requests, "
        f"{'finished' if finished else 'NOT FINISHED'}, "
        f"limits: {limits[:3] or 'none'}, jobs: {queued.get('queue.job', {})}"
        + (f", error: {failure}" if failure else "")
    )
    return row


def _short(answer):
    if isinstance(answer, dict):
        params = answer.get("params") or {}
        return {
            key: str(value)[:300]
            for key, value in {
                "type": answer.get("type"),
                "res_model": answer.get("res_model"),
                "message": params.get("message"),
                "title": params.get("title"),
            }.items()
            if value
        }
    return str(answer)[:300]


def drive(server, year, password, log=print):
    """The five paths, in the order a month goes: returns {path: row}."""
    admin = Client(server, "bench_admin", password)
    approver = Client(server, "bench_approver", password)
    payroll = Client(server, "bench_payroll", password)
    [plan] = admin.call(
        "sales.performance.plan",
        "search_read",
        [("name", "=", "Benchmark plan")],
        ["period_ids", "member_ids"],
    )
    periods = admin.call(
        "date.range", "read", plan["period_ids"], ["name", "date_start", "date_end"]
    )
    month = {p["date_start"][:7]: p for p in periods}
    december, november = month[f"{year}-12"], month[f"{year}-11"]
    rows = {}
    statement = "sales.performance.statement"

    def count(period, states, since=None):
        """Statements of ``period`` in ``states`` (computed since ``since``)."""
        return server.sql(
            "SELECT COUNT(*) FROM sales_performance_statement WHERE period_id = %s "
            "AND state IN %s AND (%s IS NULL OR computed_on >= %s)",
            (period["id"], tuple(states), since, since),
        )[0][0]

    members = len(plan["member_ids"])

    def run_wizard():
        wizard = admin.call(
            "sales.performance.commission.run",
            "create",
            {"plan_id": plan["id"], "period_id": december["id"]},
        )
        return admin.button("sales.performance.commission.run", "action_run", [wizard])

    # The cron first: December is not run yet, the cron has the month to
    # compute (after the wizard it would find it run and do nothing);
    # the wizard then reruns it, as a user reruns a month.
    [(cron,)] = server.sql(
        "SELECT c.id FROM ir_cron c JOIN ir_act_server a "
        "ON a.id = c.ir_actions_server_id WHERE a.code LIKE %s",
        ("%_cron_monthly_run%",),
    )

    def trigger_cron():
        # A cron worker's 120 s run from its last pass, its sleep included:
        # woken once with nothing due, it starts a new pass, so that the
        # job gets the whole limit (a job the timer starts after a minute
        # of sleep has about 60 s).
        server.sql("NOTIFY cron_trigger, %s", (server.db,), dbname="postgres")
        time.sleep(3)
        # what ir.cron._trigger() does: a trigger row and a notification
        # the cron worker listens to
        server.sql(
            "UPDATE ir_cron SET active = true WHERE id = %s; "
            "INSERT INTO ir_cron_trigger (cron_id, call_at) "
            "VALUES (%s, now() AT TIME ZONE 'UTC')",
            (cron, cron),
        )
        # the cron workers listen on the postgres database (ir_cron._notifydb)
        server.sql("NOTIFY cron_trigger, %s", (server.db,), dbname="postgres")

    rows["cron"] = timed(
        server, "cron (monthly run, December)", trigger_cron, log, cron=cron
    )
    rows["cron"]["statements"] = count(
        december, ["computed"], rows["cron"]["started_at"]
    )
    rows["cron"]["expected"] = members
    if not rows["cron"]["finished"]:
        # a killed cron job is retried until it passes: stop it here
        server.sql("UPDATE ir_cron SET active = false WHERE id = %s", (cron,))

    rows["wizard"] = timed(server, "wizard (Run Commission, December)", run_wizard, log)
    rows["wizard"]["statements"] = count(
        december, ["computed"], rows["wizard"]["started_at"]
    )
    rows["wizard"]["expected"] = members

    approved_nov = approver.call(
        statement,
        "search",
        [("period_id", "=", november["id"]), ("state", "=", "approved")],
    )

    def post():
        return payroll.button(statement, "action_post_to_payroll", approved_nov)

    rows["post"] = timed(server, "post (Post to Payroll, November)", post, log)
    rows["post"]["statements"] = count(november, ["posted", "paid"])
    rows["post"]["expected"] = len(approved_nov)

    computed_dec = approver.call(
        statement,
        "search",
        [("period_id", "=", december["id"]), ("state", "=", "computed")],
    )

    def approve():
        # what needs a look is accepted by the administrator, then the
        # approver approves the selection
        admin.button(statement, "action_accept_review", computed_dec)
        return approver.button(statement, "action_approve_selected", computed_dec)

    rows["approve"] = timed(server, "approve (Approve, December)", approve, log)
    rows["approve"]["statements"] = count(december, ["approved"])
    rows["approve"]["expected"] = len(computed_dec)

    employees = payroll.call(
        "hr.employee", "search", [("name", "=like", "Seller %")], order="id"
    )

    def batch():
        run = payroll.call(
            "hr.payslip.run",
            "create",
            {
                "name": f"Bench {december['name']}",
                "date_start": december["date_start"],
                "date_end": december["date_end"],
            },
        )
        context = {
            "active_id": run,
            "active_ids": [run],
            "active_model": "hr.payslip.run",
        }
        wizard = payroll.call(
            "hr.payslip.employees",
            "create",
            {"employee_ids": [(6, 0, employees)]},
            context=context,
        )
        return payroll.button(
            "hr.payslip.employees", "compute_sheet", [wizard], context=context
        )

    rows["batch"] = timed(server, "batch (Generate Payslips, December)", batch, log)
    rows["batch"]["statements"] = count(december, ["posted", "paid"])
    rows["batch"]["expected"] = rows["approve"]["statements"]
    rows["batch"]["payslips"] = server.sql(
        "SELECT COUNT(*) FROM hr_payslip s JOIN hr_payslip_run r "
        "ON r.id = s.payslip_run_id WHERE r.name = %s",
        (f"Bench {december['name']}",),
    )[0][0]
    return rows
