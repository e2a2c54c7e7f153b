# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestCredit(SalesPerformanceCommon):
    def test_post_credits_salesperson_with_margin_and_quantity(self):
        # 3 sofas x 1,000 = 3,000 revenue; cost 3 x 600 = 1,800; margin 1,200.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=3)
        credit = self._credits(invoice)
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.employee_id, self.emp_a)
        self.assertEqual(credit.share, 100.0)
        self.assertEqual(str(credit.date), "2026-03-10")
        self.assertEqual(credit.amount_revenue, 3000.0)
        self.assertEqual(credit.amount_cost, 1800.0)
        self.assertEqual(credit.amount_margin, 1200.0)
        self.assertEqual(credit.quantity, 3.0)
        self.assertEqual(credit.partner_id, self.customer_1)
        self.assertFalse(credit.is_fully_paid)

    def test_r_c11_refund_credits_negatively(self):
        # Refund of 1 of the 3 sofas: -1,000 revenue, -600 cost, -400 margin.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=3)
        refund = self._refund(invoice, "2026-04-05", quantity=1)
        credit = self._credits(refund)
        self.assertEqual(credit.employee_id, self.emp_a)
        self.assertEqual(credit.amount_revenue, -1000.0)
        self.assertEqual(credit.amount_cost, -600.0)
        self.assertEqual(credit.amount_margin, -400.0)
        self.assertEqual(credit.quantity, -1.0)
        self.assertEqual(str(credit.date), "2026-04-05")

    def test_reset_to_draft_and_cancel_remove_credit(self):
        invoice = self._invoice(self.user_a, "2026-03-10")
        self.assertTrue(invoice.sp_credit_ids)
        invoice.button_draft()
        self.assertFalse(invoice.sp_credit_ids)
        invoice.action_post()
        self.assertEqual(self._credits(invoice).amount_revenue, 1000.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertFalse(
            self.env["sales.performance.credit"].search([("move_id", "=", invoice.id)])
        )

    def test_margin_frozen_at_invoice_time(self):
        # Cost 600 when posted; raising it to 900 later changes nothing.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=2)
        self.product_sofa.standard_price = 900.0
        self._pay(invoice, 500.0, "2026-03-20")  # re-syncs the credits
        self.assertEqual(self._credits(invoice).amount_margin, 800.0)

    def test_split_on_sale_order_carried_to_invoice_and_refund(self):
        # Order of 2,500 split Wang 60 % / Li 40 %: 1,500 / 1,000; the full
        # refund takes back -1,500 / -1,000 from the same people (R-C11).
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_2.id,
                "user_id": self.user_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_sofa.id,
                            "product_uom_qty": 2.5,
                            "price_unit": 1000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                "sp_split_ids": [
                    Command.create({"employee_id": self.emp_a.id, "share": 60.0}),
                    Command.create({"employee_id": self.emp_b.id, "share": 40.0}),
                ],
            }
        )
        order.action_confirm()
        order.order_line.qty_delivered = 2.5
        invoice = order._create_invoices()
        self.assertEqual(invoice.sp_split_ids.mapped("share"), [60.0, 40.0])
        invoice.invoice_date = "2026-03-15"
        invoice.action_post()
        credits = self._credits(invoice)
        self.assertEqual(credits.mapped("employee_id"), self.emp_b | self.emp_a)
        by_employee = {c.employee_id: c.amount_revenue for c in credits}
        self.assertEqual(by_employee, {self.emp_a: 1500.0, self.emp_b: 1000.0})
        refund = self._refund(invoice, "2026-04-01")
        by_employee = {c.employee_id: c.amount_revenue for c in self._credits(refund)}
        self.assertEqual(by_employee, {self.emp_a: -1500.0, self.emp_b: -1000.0})

    def test_split_edited_on_posted_invoice(self):
        # 1,000.01 split in three equal thirds: 333.34 + 333.34 + 333.33?
        # No: 1,000.01 / 3 = 333.336.. -> 333.34 each = 1,000.02; the -0.01
        # remainder goes to the first line (equal weights) -> 333.33.
        # The manager splits among his team (himself included): Chen Jie is
        # of another team, a manager cannot credit him (issue 12).
        invoice = self._invoice(self.user_a, "2026-03-10", price=1000.01)
        team = (self.emp_a, self.emp_b, self.emp_manager)
        self.env.invalidate_all()
        invoice.with_user(self.user_manager).write(
            {
                "sp_split_ids": [
                    Command.create({"employee_id": emp.id, "share": 100.0 / 3})
                    for emp in team
                ]
            }
        )
        credits = self._credits(invoice)
        by_employee = {c.employee_id: c.amount_revenue for c in credits}
        self.assertEqual(
            by_employee, dict(zip(team, (333.33, 333.34, 333.34), strict=True))
        )
        self.assertAlmostEqual(sum(credits.mapped("amount_revenue")), 1000.01, places=2)

    def test_split_not_100_refused(self):
        invoice = self._invoice(self.user_a, "2026-03-10")
        with self.assertRefused(ValidationError, "adds up to 90"):
            invoice.write(
                {
                    "sp_split_ids": [
                        Command.create({"employee_id": self.emp_a.id, "share": 50.0}),
                        Command.create({"employee_id": self.emp_b.id, "share": 40.0}),
                    ]
                }
            )
        with self.assertRefused(ValidationError, "adds up to 110"):
            self.env["sale.order"].create(
                {
                    "partner_id": self.customer_1.id,
                    "sp_split_ids": [
                        Command.create({"employee_id": self.emp_a.id, "share": 60.0}),
                        Command.create({"employee_id": self.emp_b.id, "share": 50.0}),
                    ],
                }
            )
        # Nothing half-written: the invoice still credits Wang Wei alone.
        self.assertEqual(self._credits(invoice).employee_id, self.emp_a)

    def test_split_edit_in_form_moves_shares(self):
        # Editing two lines at once (70/30 -> 40/60) saves as a whole.
        invoice = self._invoice(self.user_a, "2026-03-10", post=False)
        invoice.sp_split_ids = [
            Command.create({"employee_id": self.emp_a.id, "share": 70.0}),
            Command.create({"employee_id": self.emp_b.id, "share": 30.0}),
        ]
        with Form(invoice) as form:
            with form.sp_split_ids.edit(0) as line:
                line.share = 40.0
            with form.sp_split_ids.edit(1) as line:
                line.share = 60.0
        invoice.action_post()
        by_employee = {c.employee_id: c.amount_revenue for c in self._credits(invoice)}
        self.assertEqual(by_employee, {self.emp_a: 400.0, self.emp_b: 600.0})

    def test_salesperson_change_recredits(self):
        invoice = self._invoice(self.user_a, "2026-03-10")
        invoice.invoice_user_id = self.user_b
        self.assertEqual(self._credits(invoice).employee_id, self.emp_b)

    def test_salesperson_without_employee_warns(self):
        lonely = self.env["res.users"].create(
            {"name": "No Employee", "login": "sp_noemp"}
        )
        invoice = self._invoice(lonely, "2026-03-10")
        self.assertFalse(invoice.sp_credit_ids)
        self.assertIn("has no employee", invoice.sp_credit_warning)

    def test_foreign_currency_converted_at_invoice_date(self):
        # Rates (units per 1 company unit): 2.0 from Jan 1st, 4.0 from Mar 15th.
        # 1,000 EUR on Mar 10th = 500.00; 1,000 EUR on Mar 20th = 250.00.
        eur = self.setup_other_currency(
            "EUR", rates=[("2026-01-01", 2.0), ("2026-03-15", 4.0)]
        )
        early = self._invoice(self.user_a, "2026-03-10", currency=eur)
        late = self._invoice(self.user_a, "2026-03-20", currency=eur)
        self.assertEqual(self._credits(early).amount_revenue, 500.0)
        self.assertEqual(self._credits(late).amount_revenue, 250.0)
        self.assertEqual(self._credits(late).currency_id, self.currency)

    def test_vendor_bills_are_not_credited(self):
        bill = self._invoice(self.user_a, "2026-03-10", move_type="in_invoice")
        self.assertFalse(
            self.env["sales.performance.credit"].search([("move_id", "=", bill.id)])
        )

    def test_sync_for_rewrites_same_credits_and_skips_other_moves(self):
        # The ledger's entry point: a re-sync of unchanged documents writes
        # back the same credits (invoice and payment rows); a vendor bill
        # among the moves is left alone.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=3)
        self._pay(invoice, 500.0, "2026-03-20")
        bill = self._invoice(self.user_a, "2026-03-10", move_type="in_invoice")
        Credit = self.env["sales.performance.credit"]

        def rows():
            return sorted(
                (
                    c.kind,
                    c.employee_id.id,
                    str(c.date),
                    c.amount_revenue,
                    c.amount_cost,
                    c.quantity,
                    c.amount_collected,
                    c.is_fully_paid,
                )
                for c in Credit.search([("move_id", "in", (invoice | bill).ids)])
            )

        before = rows()
        self.assertEqual([r[0] for r in before], ["invoice", "payment"])
        Credit._sp_sync_for(invoice | bill)
        self.assertEqual(rows(), before)
        self.assertFalse(Credit.search([("move_id", "=", bill.id)]))
