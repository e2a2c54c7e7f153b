# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: a statement line's ``explanation`` is shown in the reader's
language from the sentence the run keeps (``explanation_data``); the text as
written moves to ``explanation_text``, shown for lines without a sentence
(those computed before, manual ones)."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'sales_performance_statement_line'
           AND column_name IN ('explanation', 'explanation_text')
        """
    )
    columns = {row[0] for row in cr.fetchall()}
    if "explanation" in columns and "explanation_text" not in columns:
        cr.execute(
            "ALTER TABLE sales_performance_statement_line "
            "RENAME COLUMN explanation TO explanation_text"
        )
