# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: invoice lines posted before the tax-included above-list
amount existed get one (R-C7, issue 22).

``sp_above_list_taxed`` came with the rule's Above List Price Basis
(tax included or not) and is frozen when an invoice is posted; lines posted
before it were left empty, so a rule switched to the tax-included basis read
0 on them and clawed back the above-list commission already paid on them.
At the same time ``sp_above_list_amount`` changed meaning: it used to compare
the line's untaxed amount with the list price as entered (tax included when
the product's price includes VAT), now with the list price without VAT.

What is kept and why:

- ``sp_above_list_amount`` of those lines stays as frozen at their posting.
  It is what their commission was computed and paid on; recomputing it from
  today's list price and taxes would put a price the line was never sold
  against into closed months (and the list price may have changed since).
- ``sp_above_list_taxed`` is derived from that frozen amount with the
  line's own taxes (tax-included total over untaxed subtotal, as posting
  does for new lines), rounded in the company currency, never smaller in
  amount than the untaxed figure (a withholding tax would make it so): a rule
  switched to the tax-included basis pays these lines at least what the
  after-tax basis paid, it cannot claw any of it back.

Which lines: those created before this database had the field (the date
of its XML id, made when the field first loaded), whose above-list amount is
not zero. Odoo stores a zero amount as NULL, so an empty tax-included amount
alone does not tell a line never computed from a line computed as zero (a
line without VAT on a product listed with VAT can be above list after tax and
not tax included): the lines computed since keep what posting froze. The
lines filled once are not empty any more, so the script can run again.
"""

from odoo.tools import sql


def migrate(cr, version):
    if not sql.column_exists(cr, "account_move_line", "sp_above_list_taxed"):
        return
    cr.execute(
        """
        UPDATE account_move_line line
           SET sp_above_list_taxed = SIGN(line.sp_above_list_amount) * GREATEST(
                   ABS(line.sp_above_list_amount),
                   ROUND(
                       ABS(line.sp_above_list_amount * line.price_total
                           / NULLIF(line.price_subtotal, 0))
                       / currency.rounding
                   ) * currency.rounding
               )
          FROM res_currency currency, ir_model_data field
         WHERE currency.id = line.company_currency_id
           AND field.module = 'sales_performance'
           AND field.name = 'field_account_move_line__sp_above_list_taxed'
           AND line.create_date < field.create_date
           AND line.sp_above_list_amount IS NOT NULL
           AND line.sp_above_list_taxed IS NULL
        """
    )
