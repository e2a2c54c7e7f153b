# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0, money over time (issue 19).

* Every commission rule is the first of its lineage; an approved plan gets
  its Version 1 (the rules it was approved with).
* What approved statements were paid stands: each frozen statement records
  the facts and rules of its period as they are now, and, rule by rule, what
  this release reads differently from what was paid (its interpretation
  offset). The next run books nothing for a month whose facts did not
  change, whatever this release computes differently. A statement whose last
  run announced a discrepancy (its facts changed before the upgrade) is
  recomputed at the next run, as before.
"""

from odoo import SUPERUSER_ID, api

FROZEN_STATES = ("approved", "posted", "paid")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE sales_performance_commission_rule SET lineage_id = id "
        "WHERE lineage_id IS NULL"
    )
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    plans = env["sales.performance.plan"].search(
        [("state", "=", "approved"), ("is_template", "=", False)]
    )
    for plan in plans:
        plan._sp_initial_version()
    Statement = env["sales.performance.statement"]
    frozen = Statement.search([("state", "in", FROZEN_STATES)])
    pending = frozen.filtered(lambda s: not s.currency_id.is_zero(s.discrepancy_amount))
    frozen -= pending
    frozen.with_context(active_test=True)._sp_rebaseline()
    # recomputed at the next run: a value no fingerprint takes
    pending.write({"fact_fingerprint": "pending-before-18.0.1.3.0"})
