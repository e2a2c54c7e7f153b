# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL settings and parameters for the addon's own heavy queries."""

from contextlib import contextmanager

from odoo.tools import SQL


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


def array_text(values, kind):
    """``values`` as the text of a PostgreSQL array of ``kind`` (``int``,
    ``numeric``, ``date``, ``bool``, ``varchar``…), for a parameter cast to
    ``kind[]`` (issue 25).

    psycopg2 turns a Python list into an ``ARRAY[…]`` expression, quoting
    the values one by one, which the server then parses as an expression of
    as many terms: for the 126,000 values of 6,000 achievements that was a
    third of storing them. One string is quoted once and read by the
    array's input function. ``None`` is ``NULL``, integers are written as
    they are (``False`` as ``NULL``: an empty many2one), booleans as
    ``t``/``f``, any other value as its ``str``, quoted and escaped, so the
    server reads back exactly the value given (dates as ISO dates, decimals
    and floats as their digits)."""
    if kind == "int":
        # False is an empty many2one, as Odoo writes it (NULL), not 0
        items = (
            "NULL" if value is None or value is False else str(int(value))
            for value in values
        )
    elif kind == "bool":
        items = ("NULL" if value is None else "tf"[not value] for value in values)
    else:
        items = ("NULL" if value is None else _quoted(value) for value in values)
    return "{" + ",".join(items) + "}"


def _quoted(value):
    """``value`` as a quoted element of an array's text."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def array_param(values, kind):
    """``values`` as one ``kind[]`` parameter (see :func:`array_text`)."""
    return SQL(f"%s::{kind}[]", array_text(values, kind))
