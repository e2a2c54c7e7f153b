# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: a group's completion is its total actual over its total target
over the same rows (issue 23). Achievements now store their completion in
percent (one decimal, what Team Performance shows) and whether their metric
has a target in their period (then their actual counts in a group's
completion, with or without a target of their own). Fill both for the rows
measured before; closed periods included (what they measured is unchanged).
Idempotent."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE sales_performance_achievement
           SET completion_percent = ROUND((completion * 100)::numeric, 1)
         WHERE state = 'measured'
        """
    )
    cr.execute(
        """
        UPDATE sales_performance_achievement a
           SET counts_in_completion = EXISTS (
                   SELECT 1
                     FROM sales_performance_achievement t
                    WHERE t.plan_id = a.plan_id
                      AND t.period_id = a.period_id
                      AND t.metric_id = a.metric_id
                      AND t.state = 'measured'
               )
        """
    )
