# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.7.0: fingerprints read the documents' fact versions (issue 25).

Until 18.0.1.6.0 the credits part of a fingerprint digested the rows of the
documents of each calendar month of its window; it now digests the
documents and their fact versions, which triggers change with their rows
(``tools/fact_versions``, made by ``account.move.init`` before this script
runs: every document is at version 0). The statements whose facts did not
change since they were computed are re-recorded with the new fingerprint of
the same facts (``tools/fingerprint_migration``); the others keep theirs
and are recomputed by the next run, as they would have been.
"""

from odoo.addons.sales_performance.tools.fingerprint_migration import remap


def former_fingerprints(plan, periods):
    """``{period id: fingerprint}`` as 18.0.1.6.0 read them: the rows of
    each calendar month's documents."""
    return {
        period_id: fingerprint
        for period_id, (fingerprint, __) in plan._sp_fact_checks(
            periods, by_rows=True
        ).items()
    }


def migrate(cr, version):
    if not version:
        return
    remap(cr, former_fingerprints)
