# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

from .tools import fact_versions

# Made on invoices (not the addon's table) by ``account.move.init`` for the
# new-customers metric (issue 25).
CUSTOMER_INVOICE_INDEX = "account_move_sp_customer_invoice_index"


def uninstall_hook(env):
    """Drop what the addon made on tables it does not own: the index on
    invoices, the triggers versioning documents' facts with their table
    (the addon's own tables go with it)."""
    env.cr.execute(
        SQL("DROP INDEX IF EXISTS %s", SQL.identifier(CUSTOMER_INVOICE_INDEX))
    )
    fact_versions.uninstall(env.cr)
