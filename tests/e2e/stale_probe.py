# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Run inside `odoo shell` on a demo database of a release (see
# test_upgrade.py), with the release's own code before the upgrade and with
# this code after it: prints one JSON object with the approved (posted,
# paid) statements that have a fingerprint and those of them whose period's
# facts no longer give it (a run would recompute them), as the code running
# reads fingerprints. Releases without fingerprints say so.
# ruff: noqa: F821  (``env`` is given by odoo shell)
import json

Statement = env["sales.performance.statement"].sudo()
Plan = type(env["sales.performance.plan"])
result = {"fingerprinted": [], "stale": []}
if "fact_fingerprint" not in Statement._fields or not hasattr(Plan, "_sp_fact_checks"):
    result["unavailable"] = True
else:
    frozen = Statement.search(
        [
            ("state", "in", ("approved", "posted", "paid")),
            ("fact_fingerprint", "!=", False),
        ]
    )
    result["fingerprinted"] = sorted(frozen.ids)
    for plan in frozen.plan_id:
        mine = frozen.filtered(lambda s, p=plan: s.plan_id == p)
        checks = plan._sp_fact_checks(mine.period_id)
        result["stale"] += sorted(
            s.id for s in mine if s.fact_fingerprint != checks[s.period_id.id][0]
        )
print("STALE-JSON " + json.dumps(result))
env.cr.rollback()
