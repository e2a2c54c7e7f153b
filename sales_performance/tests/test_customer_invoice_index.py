# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import index_exists

from ..hooks import CUSTOMER_INVOICE_INDEX, uninstall_hook


@tagged("post_install", "-at_install")
class TestCustomerInvoiceIndex(TransactionCase):
    """The new-customers metric (R-T3) looks up a customer's earlier invoices
    through an index the addon makes on invoices (issue 25: measurement at
    100k invoices); uninstalling the addon drops it (invoices stay)."""

    def test_index_made_by_install_and_dropped_by_uninstall(self):
        cr = self.env.cr
        self.assertTrue(index_exists(cr, CUSTOMER_INVOICE_INDEX))
        cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            [CUSTOMER_INVOICE_INDEX],
        )
        definition = cr.fetchone()[0]
        self.assertIn("ON public.account_move", definition)
        self.assertIn("(commercial_partner_id, company_id, invoice_date)", definition)
        self.assertIn("'posted'", definition)
        self.assertIn("'out_invoice'", definition)
        uninstall_hook(self.env)
        self.assertFalse(index_exists(cr, CUSTOMER_INVOICE_INDEX))
