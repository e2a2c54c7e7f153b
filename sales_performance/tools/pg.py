# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL settings for the addon's own heavy queries."""

from contextlib import contextmanager


@contextmanager
def without_jit(cr):
    """Run the enclosed queries without PostgreSQL's JIT compilation, then
    put the previous setting back (issue 25).

    JIT (on by default where PostgreSQL is built with LLVM, as on Debian and
    Ubuntu) compiles a query whose estimated cost is high before running it.
    The fingerprints of a year's approved periods are such a query, run once
    per commission run: its compilation took 1.4–2 s of a 4 s query at 1,000
    salespeople, for no gain in its execution. Scoped to the transaction
    (``SET LOCAL``) and restored on the way out; a failing query leaves the
    transaction to be rolled back, which restores it too."""
    cr.execute("SELECT current_setting('jit')")
    previous = cr.fetchone()[0]
    cr.execute("SET LOCAL jit = off")
    yield
    cr.execute("SELECT set_config('jit', %s, true)", [previous])
