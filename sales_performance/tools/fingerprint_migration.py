# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Re-recording fingerprints when their definition changes (issue 25).

(18.0.1.6.0's script does the same with its own copy: a released migration
is never edited, ``tests/e2e/test_releases.py``.)

Statements recorded with a former definition of the fingerprint would all
look changed to the first run after the upgrade: it would recompute every
approved period (nothing to book, hours at scale). A statement whose
fingerprint is what its period's facts give the former way is recorded with
the new way's fingerprint of the same facts: nothing changed since it was
computed. Any other statement (its facts changed since, or the former
reading cannot be reproduced) keeps what it has, which matches nothing now:
the next run recomputes it and books what changed, as it would have. It may
run again: a fingerprint already new never matches the former reading.

A run still running reads what the periods' facts were when it started
(``fact_checks``): those that are still what the facts give the former way
are given the new way's too, else its remaining chunks would recompute the
whole history and record the former fingerprints back."""

from collections import defaultdict

from odoo import SUPERUSER_ID, api


def remap(cr, former):
    """Re-record the fingerprints that ``former(plan, periods)`` (``{period
    id: fingerprint}`` the former way) gives for the facts as they are, with
    what ``plan._sp_fact_checks`` gives now."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT plan_id, array_agg(DISTINCT period_id) "
        "FROM sales_performance_statement "
        "WHERE fact_fingerprint IS NOT NULL GROUP BY plan_id"
    )
    for plan_id, period_ids in cr.fetchall():
        plan = env["sales.performance.plan"].browse(plan_id)
        periods = env["date.range"].browse(period_ids)
        before = former(plan, periods)
        now = plan._sp_fact_checks(periods)
        pairs = defaultdict(list)
        for period in periods:
            pairs["periods"].append(period.id)
            pairs["former"].append(before[period.id])
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
                    if int(key) in before and fingerprint == before[int(key)]
                    else fingerprint,
                    stamp,
                ]
                for key, (fingerprint, stamp) in run.fact_checks.items()
            }
            run.write({"fact_checks": checks})
