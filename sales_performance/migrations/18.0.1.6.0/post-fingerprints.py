# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.6.0: fingerprints read month by month (issue 25).

Until 18.0.1.5.0 a period's fingerprint digested the credits of its window
whole; it now digests them calendar month by calendar month, so a run reads
a year's documents once instead of once per approved month. Statements
recorded with the former digest would all look changed to the first run
after the upgrade: it would recompute every approved period of the year
(nothing to book, hours at scale).

Those whose facts did not change since are re-recorded with the present
fingerprint of the same facts (``tools/fingerprint_migration``; since
18.0.1.7.0 the present one reads the documents' fact versions).
"""

import hashlib

from odoo.addons.sales_performance.tools.fingerprint_migration import remap


def former_fingerprints(plan, periods):
    """``{period id: fingerprint}`` as 18.0.1.5.0 read them: each window's
    credits in one digest, then the plan's people facts."""
    cr = plan.env.cr
    windows = {period: plan._sp_fact_window(period) for period in periods}
    employees = plan.member_ids.employee_id.ids or [0]
    plan._sp_flush_facts()
    cr.execute(
        plan._sp_credit_facts_windows(
            employees,
            [(p.id, start, end) for p, (start, end) in windows.items()],
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
    remap(cr, former_fingerprints)
