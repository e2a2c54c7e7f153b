# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.6.0: fingerprints read month by month (issue 25).

Until 18.0.1.5.0 a period's fingerprint digested the credits of its window
whole; it now digests them calendar month by calendar month, so a run reads
a year's documents once instead of once per approved month. Statements
recorded with the former digest would all look changed to the first run
after the upgrade: it would recompute every approved period of the year
(nothing to book, hours at scale).

A statement whose fingerprint is what its period's facts give the former way
is recorded with the new way's fingerprint of the same facts: nothing
changed since it was computed. Any other statement (its facts changed since,
or the former reading cannot be reproduced) keeps what it has, which matches
nothing now: the next run recomputes it and books what changed, as it would
have. The script may run again: a fingerprint already new never matches the
former reading.

A run still running reads what the periods' facts were when it started
(``fact_checks``): those that are still what the facts give the former way
are given the new way's too, else its remaining chunks would recompute the
whole history and record the former fingerprints back.
"""

import hashlib
from collections import defaultdict

from odoo import SUPERUSER_ID, api


def former_fingerprints(plan, periods):
    """``{period id: fingerprint}`` as 18.0.1.5.0 read them: each window's
    credits in one digest, then the plan's people facts."""
    cr = plan.env.cr
    windows = {period: plan._sp_fact_window(period) for period in periods}
    employees = plan.member_ids.employee_id.ids or [0]
    plan._sp_flush_facts()
    cr.execute(
        plan._sp_credit_facts(
            employees,
            None,
            None,
            windows=[(p.id, start, end) for p, (start, end) in windows.items()],
        )
    )
    credits = dict(cr.fetchall())
    empty = hashlib.md5(b"", usedforsecurity=False).hexdigest()
    result = {}
    for period, (start, end) in windows.items():
        cr.execute(plan._sp_people_facts(period, employees, start, end))
        digest = hashlib.sha1(usedforsecurity=False)
        for row in (credits.get(period.id) or empty, cr.fetchone()[0]):
            digest.update((row or "").encode())
            digest.update(b"\n")
        result[period.id] = digest.hexdigest()
    return result


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT plan_id, array_agg(DISTINCT period_id) "
        "FROM sales_performance_statement "
        "WHERE fact_fingerprint IS NOT NULL GROUP BY plan_id"
    )
    for plan_id, period_ids in cr.fetchall():
        plan = env["sales.performance.plan"].browse(plan_id)
        periods = env["date.range"].browse(period_ids)
        former = former_fingerprints(plan, periods)
        now = plan._sp_fact_checks(periods)
        pairs = defaultdict(list)
        for period in periods:
            pairs["periods"].append(period.id)
            pairs["former"].append(former[period.id])
            pairs["now"].append(now[period.id][0])
        cr.execute(
            """
            UPDATE sales_performance_statement s
               SET fact_fingerprint = v.now
              FROM unnest(%s::int[], %s::varchar[], %s::varchar[])
                   AS v(period_id, former, now)
             WHERE s.plan_id = %s
               AND s.period_id = v.period_id
               AND s.fact_fingerprint = v.former
            """,
            (pairs["periods"], pairs["former"], pairs["now"], plan_id),
        )
        runs = env["sales.performance.run"].search(
            [("plan_id", "=", plan_id), ("state", "=", "running")]
        )
        for run in runs.filtered("fact_checks"):
            checks = {
                key: [
                    now[int(key)][0]
                    if int(key) in former and fingerprint == former[int(key)]
                    else fingerprint,
                    stamp,
                ]
                for key, (fingerprint, stamp) in run.fact_checks.items()
            }
            run.write({"fact_checks": checks})
