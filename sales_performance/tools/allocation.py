# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sum-preserving allocation of an amount over weights.

Used wherever an amount is split and the parts must add back to the whole to
the last cent: target decomposition (R-T1, R-T2), credit splits between
contributors (R-C5, R-C9) and, later, pools (R-C4).
"""

from odoo.tools import float_round


def allocate(total, weights, precision_rounding=0.01):
    """Split ``total`` in proportion to ``weights``, rounding each part.

    Every part is rounded to ``precision_rounding`` (a currency's rounding,
    or ``1.0`` for counts). The rounding remainder, ``total - sum(parts)``,
    is added to exactly one part: the one with the largest weight, the first
    one on ties. That makes the place where cents go explicit and
    deterministic.

    :param float total: amount to split (may be negative, e.g. a refund)
    :param list weights: non-negative numbers, at least one positive
    :param float precision_rounding: rounding step of each part
    :return: ``(parts, adjusted_index, remainder)``
    """
    weights = [float(w) for w in weights]
    if not weights:
        return [], None, 0.0
    if any(w < 0 for w in weights):
        raise ValueError("Allocation weights must not be negative.")
    weight_sum = sum(weights)
    if not weight_sum:
        raise ValueError("Allocation weights must not all be zero.")
    rounded_total = float_round(total, precision_rounding=precision_rounding)
    parts = [
        float_round(
            rounded_total * w / weight_sum, precision_rounding=precision_rounding
        )
        for w in weights
    ]
    remainder = float_round(
        rounded_total - sum(parts), precision_rounding=precision_rounding
    )
    adjusted_index = max(range(len(weights)), key=lambda i: (weights[i], -i))
    if remainder:
        parts[adjusted_index] = float_round(
            parts[adjusted_index] + remainder, precision_rounding=precision_rounding
        )
    return parts, adjusted_index, remainder
