# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrade suite (issue 22): databases of earlier releases, with their demo
year, upgraded to this code.

Two releases, found from git history (tests/e2e/releases.py), each installed
with its own demo data from its own code (``git archive`` of that commit)
on a copy of the dependencies' template (SP_DEPS_TEMPLATE, made by
scripts/test), then upgraded with this repository's addon:

- the first release, 18.0.1.0.0, at its last code (the commit before the
  manifest left it: its first commit is the bare spine, without commission,
  payroll or demo data, so a database of it has nothing to upgrade);
- the previous release at the commit that set it in the manifest: what a
  database upgraded at the release has (18.0.1.2.0: without the explanation
  migration that came later).

The current month is then run again, as the demo's HR officer does with Run
Commission, and the checks read the result: no correction of a closed month
that the release's own code did not book (money over time: an upgrade never
re-prices history), the same approved statements due for recomputation as
the release's own code found (an upgrade never makes history look
changed), every line's explanation readable in English and in Chinese, every
new column filled on the rows that existed, the demo's menus and dashboards
still populated, and the host's tests (Odoo sale and account, OCA payroll)
green on the database upgraded from the first release.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

import psycopg2
import pytest

from .databases import drop_db
from .demo_checks import HERE, ROOT, check_every_menu_has_data, check_year_story, probe
from .releases import MANIFEST, manifest_version, release_history

TEMPLATE = os.environ.get("SP_DEPS_TEMPLATE")
RELEASES = ("first", "previous")
# To work on the checks: databases already holding the releases with their
# demo (never changed: copied), e.g. "first=db1,previous=db2".
# scripts/test keeps the database upgraded from the first release under
# this name and runs the host's tests on it in its own stage.
KEEP = os.environ.get("SP_UPGRADED_DB")
INSTALLED = dict(
    item.split("=", 1)
    for item in os.environ.get("SP_UPGRADE_INSTALLED", "").split(",")
    if "=" in item
)

pytestmark = pytest.mark.skipif(
    not TEMPLATE, reason="SP_DEPS_TEMPLATE is not set (scripts/test sets it)"
)

# New columns of tables that already had rows: why they may stay empty on
# those rows, and on which of them they may not (an SQL condition). A new
# column not listed here must be filled on every older row by the upgrade;
# numbers and booleans excepted, whose empty value the ORM reads as 0 and
# False (Odoo also stores a zero amount as NULL): the checks below and the
# migrations' own tests cover those that matter.
EMPTY_ON_OLD_ROWS = {
    "sales_performance_statement_line.explanation_data": (
        "lines whose text is none of the engine's sentences keep it as written",
        None,
    ),
    "sales_performance_statement_line.explanation_text": (
        "lines written without one; every line that had one keeps it",
        None,
    ),
    "sales_performance_statement_line.dispute_date": (
        "only disputed lines have a dispute date",
        "dispute_state IS NOT NULL",
    ),
    "sales_performance_plan.level_evaluation_date": (
        "optional: empty means today (R-P4)",
        None,
    ),
    "sales_performance_statement.review_accepted_reasons": (
        "no review was accepted before reviews existed",
        None,
    ),
    "sales_performance_statement.review_accepted_uid": (
        "no review was accepted before reviews existed",
        None,
    ),
    "sales_performance_statement.run_id": (
        "computed before runs recorded their statements",
        None,
    ),
    # issue 19: versions and what approved statements were computed with
    "sales_performance_commission_rule.version_state": (
        (
            "the rules of an approved plan are its Version 1; rules of templates "
            "and of plans never approved have no version"
        ),
        (
            "plan_id IN (SELECT id FROM sales_performance_plan "
            "WHERE state = 'approved' AND is_template IS NOT TRUE)"
        ),
    ),
    "sales_performance_commission_rule.date_from": (
        "empty: in force from the plan's start",
        None,
    ),
    "sales_performance_commission_rule.date_to": (
        "empty: in force until the plan's end",
        None,
    ),
    "sales_performance_statement.fact_fingerprint": (
        "every approved statement records the facts it stands on",
        "state IN ('approved', 'posted', 'paid')",
    ),
    "sales_performance_statement.rule_stamp": (
        "every approved statement records the rules it was paid with",
        "state IN ('approved', 'posted', 'paid')",
    ),
    "sales_performance_statement.interpretation_offsets": (
        "only approved statements this release reads differently have one",
        None,
    ),
    # issue 23: messages written before keep their text as written
    "mail_message.sp_body_data": (
        "messages written before 18.0.1.3.0 keep their text as written",
        None,
    ),
    "mail_activity.sp_summary_data": (
        "activities scheduled before 18.0.1.3.0 keep their summary as written",
        None,
    ),
    # issue 21: the manager's private note, moved to its own column
    "sales_performance_appraisal.sp_manager_note": (
        "empty where the manager wrote no note",
        None,
    ),
    # issue 25: a statement without a digest of its own facts has its
    # period recomputed whole when its facts change, as before
    "sales_performance_statement.fact_digest": (
        "empty until the statement is computed again",
        None,
    ),
    "sales_performance_run.error": (
        "empty where no chunk of the run failed",
        None,
    ),
    # issue 25: a run started before it reads the earlier periods' facts
    # in each chunk, as it did
    "sales_performance_run.fact_checks": (
        "recorded when a run starts; an older run reads the facts per chunk",
        None,
    ),
    # a chunk enqueued before chunks knew their job: its operation's finish
    # job closed it (the scheduled check skips chunks without a job)
    "sales_performance_operation_chunk.job_uuid": (
        "chunks enqueued before chunks recorded their job",
        None,
    ),
    # a run enqueued before runs knew their jobs' graph (or run without
    # queue_job): the scheduled check of runs skips it, as before
    "sales_performance_run.job_graph_uuid": (
        "runs enqueued before runs recorded their jobs, or run without them",
        None,
    ),
}
# Menus of records only users make (issue 24: a plan model is made with
# *Model a Change*): new in this code, they cannot hold data on a database
# upgraded from a release whose demo story made none (this release's demo
# story makes one: tests/e2e/test_demo_menus.py).
MADE_BY_USERS = {
    "Sales/Performance/Plan Models",
    "Sales/Performance/Model Comparison",
}
NUMERIC = ("numeric", "integer", "bigint", "double precision", "boolean")


@dataclass
class Build:
    which: str
    version: str
    commit: str
    db: str
    log_dir: object
    timings: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)
    menus_before: dict = field(default_factory=dict)
    stale_before: dict = field(default_factory=dict)
    stale_after: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    upgrade_log: str = ""


def _release(which):
    history = release_history(ROOT)
    if history.unavailable:
        pytest.skip(history.unavailable)
    current = manifest_version((ROOT / MANIFEST).read_text())
    released = [r for r in history.releases if r.version != current]
    if not released:
        pytest.skip(f"no release before {current} in the history")
    release = released[0] if which == "first" else released[-1]
    commit = release.last_commit if which == "first" else release.commit
    if commit is None or (which == "first" and len(history.releases) < 2):
        pytest.skip(f"shallow clone: the code of {release.version} is not here")
    return release.version, commit


def _odoo(addons_path, db, *args, logfile):
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={addons_path}",
        "-d",
        db,
        *args,
        "--stop-after-init",
        "--log-level=warn",
        f"--logfile={logfile}",
    ]


def _parallel(commands):
    """Runs the commands at once (the machine has two cores), returns
    {key: (returncode, seconds)}."""
    started = time.monotonic()
    procs = {key: subprocess.Popen(command) for key, command in commands.items()}
    result = {}
    for key, proc in procs.items():
        proc.wait()
        result[key] = (proc.returncode, round(time.monotonic() - started))
    return result


def _errors(logfile):
    text = logfile.read_text() if logfile.exists() else ""
    return [
        line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line
    ]


def _query(db, sql, args=None):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql, args)
        return cr.fetchall()


def _snapshot(db):
    """What the release's own code left, read in SQL (its schema may
    differ): the columns of every table and their last id, the current
    month's corrections of earlier months, the lines with an explanation."""
    columns = {}
    for table, column in _query(
        db,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public'",
    ):
        columns.setdefault(table, set()).add(column)
    with_id = sorted(t for t, cols in columns.items() if "id" in cols)
    max_ids = dict(
        _query(
            db,
            " UNION ALL ".join(f"SELECT '{t}', max(id) FROM \"{t}\"" for t in with_id),
        )
    )
    explanation = (
        "explanation"
        if "explanation" in columns["sales_performance_statement_line"]
        else "explanation_text"
    )
    explained = {
        row[0]
        for row in _query(
            db,
            f"SELECT id FROM sales_performance_statement_line "
            f"WHERE coalesce({explanation}, '') != ''",
        )
    }
    corrections = _query(
        db,
        """
        SELECT line.employee_id, line.rule_id, line.origin_period_id, line.kind,
               line.amount::float, origin.sp_state = 'closed'
          FROM sales_performance_statement_line line
          JOIN sales_performance_statement st ON st.id = line.statement_id
          JOIN date_range cur ON cur.id = st.period_id
          JOIN date_range origin ON origin.id = line.origin_period_id
         WHERE cur.date_start <= current_date AND cur.date_end >= current_date
           AND origin.date_end < cur.date_start
        """,
    )
    return {
        "columns": columns,
        "max_ids": max_ids,
        "explained": explained,
        "corrections": corrections,
    }


def _shell_probe(db, addons_path, source, marker, timeout=900):
    """Run ``source`` in ``odoo shell`` on ``db`` with the code at
    ``addons_path``; the JSON object it printed after ``marker``."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "--no-http",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "--log-level=warn",
        ],
        input=source,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    prefix = f"{marker} "
    lines = [x for x in result.stdout.splitlines() if x.startswith(prefix)]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix(prefix))


def _menus_probe(db, addons_path, commit):
    """demo_menus_probe.py as the release had it (else this one), run with
    the release's own code: what its users saw before the upgrade."""
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:tests/e2e/demo_menus_probe.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    source = (
        shown.stdout
        if shown.returncode == 0
        else (HERE / "demo_menus_probe.py").read_text()
    )
    return _shell_probe(db, addons_path, source + "\nenv.cr.rollback()\n", "MENUS-JSON")


def _stale_probe(db, addons_path):
    """stale_probe.py run with the code at ``addons_path``: the approved
    statements with a fingerprint, and those a run would recompute."""
    source = (HERE / "stale_probe.py").read_text()
    return _shell_probe(db, addons_path, source, "STALE-JSON")


def _upgrade_probe(db):
    source = (HERE / "upgrade_probe.py").read_text()
    return _shell_probe(db, ROOT, source, "UPGRADE-JSON", timeout=1800)


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, say):
    current = manifest_version((ROOT / MANIFEST).read_text())
    builds = {}
    suffix = uuid.uuid4().hex[:6]
    try:
        for which in RELEASES:
            version, commit = _release(which)
            folder = tmp_path_factory.mktemp(f"release_{which}")
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", commit, "sales_performance"],
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
            db = (KEEP if which == "first" else None) or f"sp_upgrade_{which}_{suffix}"
            template = INSTALLED.get(which, TEMPLATE)
            subprocess.run(["createdb", "-T", template, db], check=True)
            builds[which] = Build(which, version, commit, db, folder)
        # 1. each release with its demo data, from its own code
        done = _parallel(
            {
                w: _odoo(
                    b.log_dir,
                    b.db,
                    "-i",
                    "sales_performance",
                    logfile=b.log_dir / "install.log",
                )
                for w, b in builds.items()
                if w not in INSTALLED
            }
        )
        done.update({w: (0, 0) for w in INSTALLED if w in builds})
        for which, (code, seconds) in done.items():
            build = builds[which]
            build.timings["install"] = seconds
            say(f"install {build.version} ({build.commit[:10]}) with demo: {seconds}s")
            assert code == 0, (build.version, _errors(build.log_dir / "install.log"))
            build.before = _snapshot(build.db)
            build.menus_before = _menus_probe(build.db, build.log_dir, build.commit)
            build.stale_before = _stale_probe(build.db, build.log_dir)
        # 2. upgraded to this code
        done = _parallel(
            {
                w: _odoo(
                    ROOT,
                    b.db,
                    "-u",
                    "sales_performance",
                    logfile=b.log_dir / "upgrade.log",
                )
                for w, b in builds.items()
            }
        )
        for which, (code, seconds) in done.items():
            build = builds[which]
            build.timings["upgrade"] = seconds
            say(f"upgrade {build.version} to {current}: {seconds}s")
            build.upgrade_log = "\n".join(_errors(build.log_dir / "upgrade.log"))
            assert code == 0, (build.version, build.upgrade_log)
        # 3. the current month run again, read with the checks' probe
        for build in builds.values():
            build.stale_after = _stale_probe(build.db, ROOT)
            started = time.monotonic()
            build.after = _upgrade_probe(build.db)
            build.timings["rerun"] = round(time.monotonic() - started)
            say(
                f"rerun of the current month on {build.version}: "
                f"{build.timings['rerun']}s"
            )
        yield builds
    finally:
        for build in builds.values():
            if build.db != KEEP:
                drop_db(build.db)


@pytest.fixture(params=RELEASES)
def build(request, upgraded):
    return upgraded[request.param]


def test_upgrade_is_clean(build):
    current = manifest_version((ROOT / MANIFEST).read_text())
    assert not build.upgrade_log, build.upgrade_log
    state, version = _query(
        build.db,
        "SELECT state, latest_version FROM ir_module_module "
        "WHERE name = 'sales_performance'",
    )[0]
    assert (state, version) == ("installed", current)


def test_no_correction_for_a_closed_month(build):
    # Money over time: what an approved or closed month is worth changes
    # with facts only (a late refund, a payment), never with the code. The
    # release's own code computed the current month when its demo was
    # installed: the corrections of earlier months it booked are facts; any
    # other after the upgrade re-prices history.
    def key(row):
        return (row[0], row[1], row[2], row[3], round(row[4], 2))

    before = {key(row) for row in build.before["corrections"]}
    assert all(r["state"] == "done" for r in build.after["runs"]), build.after["runs"]
    new = [
        c
        for c in build.after["corrections"]
        if (
            c["employee_id"],
            c["rule_id"],
            c["origin_period_id"],
            c["kind"],
            round(c["amount"], 2),
        )
        not in before
    ]
    closed = [c for c in new if c["closed"]]
    assert not new, (
        f"upgrading {build.version} ({build.commit[:10]}) re-priced earlier "
        f"months: {len(new)} corrections, {sum(c['amount'] for c in new):+,.2f} "
        f"({len(closed)} of closed months, "
        f"{sum(c['amount'] for c in closed):+,.2f}): "
        + "; ".join(
            f"{c['employee']} {c['month']}{' (closed)' if c['closed'] else ''} "
            f"{c['rule']} {c['amount']:+,.2f}"
            for c in new
        )
    )


def test_upgrade_leaves_unchanged_statements_unchanged(build):
    # Money over time (issue 19) and its cost (issue 25): the statements a
    # run recomputes after the upgrade are those the release's own code
    # would have recomputed (their facts changed since they were computed),
    # however this code reads fingerprints (18.0.1.6.0: month by month, the
    # migration re-recording those of unchanged facts), no more, no fewer.
    before, after = build.stale_before, build.stale_after
    if before.get("unavailable"):
        pytest.skip(f"{build.version} has no fingerprints")
    assert after["fingerprinted"] == before["fingerprinted"]
    assert before["fingerprinted"], "no approved statement with a fingerprint"
    assert after["stale"] == before["stale"], (
        f"stale before the upgrade: {len(before['stale'])}, "
        f"after: {len(after['stale'])} of {len(after['fingerprinted'])}"
    )


def test_explanations_readable_in_english_and_chinese(build):
    explanations = build.after["explanations"]
    assert explanations["lines"], "no statement line after the upgrade"
    # every line that had an explanation before the upgrade still has one,
    # read in English and in Chinese
    lost_en = build.before["explained"] & set(explanations["empty_en"])
    lost_zh = build.before["explained"] & set(explanations["empty_zh"])
    assert not lost_en and not lost_zh, (sorted(lost_en)[:20], sorted(lost_zh)[:20])
    # a Chinese reader reads every line a run wrote in Chinese: those of
    # this code (the rerun) and those of the release, read back into their
    # sentences by the 18.0.1.3.0 migration
    assert explanations["sentences"], explanations
    assert not explanations["sentences_not_in_chinese"], explanations
    assert not explanations["not_in_chinese"], explanations


def test_new_columns_filled_on_existing_rows(build):
    # R-C7: every line created before the tax-included above-list amount
    # existed, with an above-list amount, has one, never below it
    above = build.after["above_list"]
    assert above["taxed_empty"] == 0 and above["taxed_below"] == 0, above
    before = build.before["columns"]
    empty = {}
    for table, column, kind in _query(
        build.db,
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public'",
    ):
        max_id = build.before["max_ids"].get(table)
        if not max_id or column in before[table] or kind in NUMERIC:
            continue
        __, must_fill = EMPTY_ON_OLD_ROWS.get(f"{table}.{column}", ("", "TRUE"))
        if not must_fill:
            continue
        nulls = _query(
            build.db,
            f'SELECT count(*) FROM "{table}" '
            f'WHERE id <= %s AND "{column}" IS NULL AND ({must_fill})',
            [max_id],
        )[0][0]
        if nulls:
            empty[f"{table}.{column}"] = nulls
    assert not empty, f"new columns left empty on older rows: {empty}"


def test_demo_menus_still_populated(build):
    # Every menu of this code has data, the year reached payroll; and each
    # dashboard figure the release's own code showed its users (probed
    # before the upgrade) is still there. The figures themselves come from
    # that release's demo story, which may differ from this one's.
    counts = probe(build.db)
    new_and_made_by_users = MADE_BY_USERS - set(build.menus_before)
    check_every_menu_has_data(
        {k: v for k, v in counts.items() if k not in new_and_made_by_users}
    )
    check_year_story(counts)
    lost = {}
    for name, before in build.menus_before.items():
        if not name.startswith("dashboard/"):
            continue
        after = counts.get(name, {})
        gone = [key for key, value in before.items() if value and not after.get(key)]
        if gone:
            lost[name] = {key: (before[key], after.get(key)) for key in gone}
    assert not lost, f"dashboard figures lost in the upgrade: {lost}"


@pytest.mark.skipif(
    bool(KEEP), reason="scripts/test runs the host's tests on this database itself"
)
def test_host_tests_green_on_the_upgraded_database(upgraded, say):
    build = upgraded["first"]
    paths = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/scripts/lib.sh"; sp_host_test_paths'],
        env=dict(os.environ, SP_PYTHON=sys.executable),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--odoo-database={build.db}",
            f"--odoo-addons-path={ROOT}",
            "--odoo-log-level=error",
            *paths,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    say(f"host tests on {build.version} upgraded: {round(time.monotonic() - started)}s")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
