# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0 (issue 21): the manager's private note of an appraisal is
stored in ``sp_manager_note`` (read by the addon only) and shown through
``manager_note``, empty for the appraised employee. Idempotent."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'sales_performance_appraisal'
           AND column_name IN ('manager_note', 'sp_manager_note')
        """
    )
    columns = {row[0] for row in cr.fetchall()}
    if "manager_note" in columns and "sp_manager_note" not in columns:
        cr.execute(
            "ALTER TABLE sales_performance_appraisal "
            "RENAME COLUMN manager_note TO sp_manager_note"
        )
