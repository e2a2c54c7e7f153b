# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the explanations of statement lines written before 18.0.1.2.0
are kept (issue 22).

18.0.1.2.0 moved a line's text as written from the column ``explanation`` to
``explanation_text`` (``explanation`` became computed, in the reader's
language). Its migration arrived after the manifest already said 18.0.1.2.0,
so a database upgraded in between never ran it: Odoo added an empty
``explanation_text`` and left the text in the old column, and every older
line showed an empty explanation. This script runs on every database below
18.0.1.3.0 and takes each case as it finds it, so it can run again:

- only ``explanation`` (18.0.1.0.0 to 18.0.1.2.0 before the move): renamed;
- both (upgraded in between): the old text fills the lines whose
  ``explanation_text`` is empty, then the old column is dropped (Odoo no
  longer reads it: the text lives in ``explanation_text`` for good);
- only ``explanation_text``: nothing to do.
"""

from odoo.tools import sql

TABLE = "sales_performance_statement_line"


def migrate(cr, version):
    if not sql.table_exists(cr, TABLE) or not sql.column_exists(
        cr, TABLE, "explanation"
    ):
        return
    if not sql.column_exists(cr, TABLE, "explanation_text"):
        sql.rename_column(cr, TABLE, "explanation", "explanation_text")
        return
    cr.execute(
        """
        UPDATE sales_performance_statement_line
           SET explanation_text = explanation
         WHERE explanation IS NOT NULL
           AND explanation != ''
           AND (explanation_text IS NULL OR explanation_text = '')
        """
    )
    cr.execute("ALTER TABLE sales_performance_statement_line DROP COLUMN explanation")
