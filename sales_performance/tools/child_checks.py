# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Child records check their parent (issue 21): a commission band, a
scorecard band or a seasonality weight created, written or deleted on its
own model runs its parent's check at once, as the parent's form does, so
bad configuration is refused when it is entered, not at the next run.

While the parent itself is written (its form saves its lines one command
at a time), the children do not check it halfway: the parent's own
constraint checks the result once every command has run. The parents being
written are kept on the cursor, where no RPC context can reach.
"""

from contextlib import contextmanager

_KEY = "sales_performance.parents_writing"


@contextmanager
def parents_writing(parents):
    """``parents`` are being written: their children leave the check to
    them until the block ends."""
    pending = parents.env.cr.cache.setdefault(_KEY, set())
    keys = {(parents._name, record_id) for record_id in parents.ids} - pending
    pending |= keys
    try:
        yield
    finally:
        pending -= keys


def check_parents(parents, check):
    """Call ``check(records)`` on the existing ``parents`` that are not being
    written (those check themselves when their write ends)."""
    pending = parents.env.cr.cache.get(_KEY, set())
    parents = parents.exists().filtered(
        lambda parent: (parent._name, parent.id) not in pending
    )
    if parents:
        # a validation: read as the addon, whatever the user may read
        check(parents.sudo())
