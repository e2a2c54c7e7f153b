# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 25: set-wise inserts pass each column as the text of an array.

``tools.pg.array_text`` replaces psycopg2's quoting of a Python list value
by value (a third of storing 6,000 achievements). What the server reads back
must be exactly what psycopg2's own adaptation of the same list gives: the
stored achievements and payout sources cannot differ by a digit or a
character."""

from datetime import date
from decimal import Decimal

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..tools.pg import array_param, array_text

# values a column may hold, awkward ones included, by array type
VALUES = {
    "int": [1, None, -7, 2**31 - 1, 0],
    "numeric": [
        "1234.50",
        None,
        Decimal("0.0001"),
        1e-05,
        -0.1,
        0.0,
        "-98765432.1234",
    ],
    "date": [date(2024, 2, 29), None, date(1999, 12, 31)],
    "bool": [True, None, False],
    "varchar": [
        "measured",
        None,
        "NULL",
        "",
        " a, b ",
        'say "hi"',
        "back\\slash\\",
        "{braces}",
        "销售任务",
        "tab\tnew\nline",
    ],
}


@tagged("post_install", "-at_install")
class TestArrayText(TransactionCase):
    def _read(self, parameter):
        # as text: the exact digits (Odoo reads numerics back as floats)
        self.env.cr.execute(SQL("SELECT unnest(%s)::text", parameter))
        return [row[0] for row in self.env.cr.fetchall()]

    def test_the_server_reads_what_psycopg2_would_give(self):
        for kind, values in VALUES.items():
            with self.subTest(kind=kind):
                expected = self._read(SQL(f"%s::{kind}[]", values))
                read = self._read(array_param(values, kind))
                self.assertEqual(read, expected)
                self.assertEqual(len(read), len(values))
                # NULL stays NULL, the text "NULL" stays text
                self.assertEqual(
                    [value is None for value in read],
                    [value is None for value in values],
                )

    def test_values_as_the_columns_hold_them(self):
        self.assertEqual(
            self._read(array_param(VALUES["numeric"], "numeric")),
            ["1234.50", None, "0.0001", "0.00001", "-0.1", "0.0", "-98765432.1234"],
        )
        self.assertEqual(
            self._read(array_param(VALUES["varchar"], "varchar")),
            VALUES["varchar"],
        )
        self.assertEqual(
            self._read(array_param(VALUES["date"], "date")),
            ["2024-02-29", None, "1999-12-31"],
        )
        self.assertEqual(array_text([True, False, None], "bool"), "{t,f,NULL}")
        # an empty many2one is NULL, not 0
        self.assertEqual(array_text([3, False, None, 0], "int"), "{3,NULL,NULL,0}")
        self.assertEqual(array_text([], "int"), "{}")
