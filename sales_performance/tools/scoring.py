# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scorecard's arithmetic (R-A2), in one place: what an appraisal line
scores, what it weighs in the total and the appraisal's total score.

Pure functions of numbers, used by the appraisal lines and appraisals
themselves and by plan modelling (issue 24), which scores the real lines
again with modelled weights: both give the same figures to the stored
digits (a line's weighted score to 4 decimals, the total to 2).
"""

from odoo.tools import float_round


def line_score(kind, scorer, self_weight, auto_score, self_score, manager_score):
    """A line's score: computed from the ERP's figures (quantitative and
    quarterly lines), or given by people (qualitative): the employee, the
    manager, or both, the employee's score weighing ``self_weight`` % and
    the manager's the rest (R-A2)."""
    if kind != "qualitative":
        return auto_score
    if scorer == "self":
        return self_score
    if scorer == "manager":
        return manager_score
    share = (self_weight or 0.0) / 100.0
    return (self_score or 0.0) * share + (manager_score or 0.0) * (1 - share)


def weighted_score(score, weight):
    """What a line of ``weight`` % adds to the total, to 4 decimals (the
    line's stored digits)."""
    return float_round((score or 0.0) * (weight or 0.0) / 100.0, precision_digits=4)


def total_score(weighted_scores):
    """The appraisal's total score: its lines' weighted scores, to 2
    decimals."""
    return round(sum(weighted_scores), 2)
