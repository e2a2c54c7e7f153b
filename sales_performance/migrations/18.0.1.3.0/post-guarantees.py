# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0 (issue 21): who computed each run and each statement not yet
approved is recorded (R-W3: they may not approve it). Runs computed before
take their starter; open statements the starter of the run that computed
them. Idempotent."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE sales_performance_run
           SET computed_uid = create_uid
         WHERE computed_uid IS NULL
        """
    )
    cr.execute(
        """
        UPDATE sales_performance_statement AS statement
           SET computed_uid = run.computed_uid
          FROM sales_performance_run AS run
         WHERE statement.run_id = run.id
           AND statement.computed_uid IS NULL
           AND statement.state IN ('draft', 'computed')
        """
    )
