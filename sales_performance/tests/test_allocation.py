# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from ..tools import allocate


@tagged("post_install", "-at_install")
class TestAllocation(BaseCase):
    def test_r_t1_equal_months_remainder_to_first_line(self):
        # 100,000.00 / 12 = 8,333.333... -> each month 8,333.33, sum 99,999.96;
        # the 0.04 remainder goes to the first of the equal weights.
        parts, index, remainder = allocate(100000.0, [1.0] * 12, 0.01)
        self.assertEqual(index, 0)
        self.assertAlmostEqual(remainder, 0.04, places=2)
        self.assertAlmostEqual(parts[0], 8333.37, places=2)
        self.assertEqual(parts[1:], [8333.33] * 11)
        self.assertAlmostEqual(sum(parts), 100000.0, places=2)

    def test_r_t2_remainder_goes_to_largest_share(self):
        # 1,000.00 by 33.3333 / 33.3333 / 33.3334 %: 333.33 each = 999.99,
        # the cent goes to the largest share, the third line.
        parts, index, remainder = allocate(1000.0, [33.3333, 33.3333, 33.3334], 0.01)
        self.assertEqual(index, 2)
        self.assertAlmostEqual(remainder, 0.01, places=2)
        self.assertEqual(parts, [333.33, 333.33, 333.34])

    def test_negative_amount_keeps_sum(self):
        # A refund of -100.00 split 50/50 -> -50.00 each; -10.00 in 3 equal
        # parts -> -3.33 x 3 = -9.99, remainder -0.01 on the first.
        self.assertEqual(allocate(-100.0, [50, 50], 0.01)[0], [-50.0, -50.0])
        parts, index, remainder = allocate(-10.0, [1, 1, 1], 0.01)
        self.assertEqual(parts, [-3.34, -3.33, -3.33])
        self.assertEqual(index, 0)
        self.assertAlmostEqual(remainder, -0.01, places=2)

    def test_counts_round_to_units(self):
        # 10 new customers over 3 equal quarters: 3 + 3 + 3 = 9, +1 on the first.
        self.assertEqual(allocate(10, [1, 1, 1], 1.0)[0], [4.0, 3.0, 3.0])

    def test_bad_weights_refused(self):
        with self.assertRaises(ValueError):
            allocate(100.0, [0, 0], 0.01)
        with self.assertRaises(ValueError):
            allocate(100.0, [1, -1], 0.01)
