# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPayment(SalesPerformanceCommon):
    def test_r_c10_partial_payments_then_fully_paid_date(self):
        # Invoice 3,000 on Mar 10th; 1,000 paid Mar 20th (partial: cash
        # recorded, not fully paid); 2,000 paid Apr 2nd -> fully paid Apr 2nd.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=3)
        self._pay(invoice, 1000.0, "2026-03-20")
        credit = self._credits(invoice)
        self.assertFalse(credit.is_fully_paid)
        self.assertFalse(credit.full_paid_date)
        self.assertEqual(credit.amount_collected, 1000.0)
        payments = self._credits(invoice, "payment")
        self.assertEqual(payments.mapped("amount_collected"), [1000.0])
        self.assertEqual(str(payments.date), "2026-03-20")

        self._pay(invoice, 2000.0, "2026-04-02")
        credit = self._credits(invoice)
        self.assertTrue(credit.is_fully_paid)
        self.assertEqual(str(credit.full_paid_date), "2026-04-02")
        self.assertEqual(credit.amount_collected, 3000.0)
        payments = self._credits(invoice, "payment")
        self.assertEqual(
            [(str(p.date), p.amount_collected) for p in payments],
            [("2026-03-20", 1000.0), ("2026-04-02", 2000.0)],
        )

    def test_r_c10_cash_split_between_contributors(self):
        # 1,000 paid on an invoice split 50/50 -> 500 cash each.
        invoice = self._invoice(self.user_a, "2026-03-10", post=False)
        invoice.write(
            {
                "sp_split_ids": [
                    (0, 0, {"employee_id": self.emp_a.id, "share": 50.0}),
                    (0, 0, {"employee_id": self.emp_b.id, "share": 50.0}),
                ]
            }
        )
        invoice.action_post()
        self._pay(invoice, 1000.0, "2026-03-25")
        payments = self._credits(invoice, "payment")
        self.assertEqual(payments.mapped("amount_collected"), [500.0, 500.0])
        self.assertEqual(payments.employee_id, self.emp_a | self.emp_b)
        self.assertTrue(all(self._credits(invoice).mapped("is_fully_paid")))

    def test_r_c11_payment_reversal_takes_cash_back(self):
        invoice = self._invoice(self.user_a, "2026-03-10")
        payment = self._pay(invoice, 1000.0, "2026-03-20")
        self.assertTrue(self._credits(invoice).is_fully_paid)
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertFalse(self._credits(invoice).is_fully_paid)
        self.assertFalse(self._credits(invoice, "payment"))

    def test_refund_netting_is_not_cash(self):
        # A full refund reconciled with its invoice settles it (fully "paid"
        # on the refund date) but collects no cash.
        invoice = self._invoice(self.user_a, "2026-03-10")
        refund = self._refund(invoice, "2026-03-28")
        receivables = (invoice | refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        if not all(receivables.mapped("reconciled")):
            receivables.reconcile()
        self.assertEqual(invoice.payment_state, "reversed")
        credit = self._credits(invoice)
        self.assertTrue(credit.is_fully_paid)
        self.assertEqual(str(credit.full_paid_date), "2026-03-28")
        self.assertEqual(credit.amount_collected, 0.0)
        self.assertFalse(self._credits(invoice, "payment"))
        self.assertFalse(self._credits(refund, "payment"))

    def test_late_payment_counts_in_payment_month(self):
        # Invoiced in March, paid in full in May: cash belongs to May.
        invoice = self._invoice(self.user_b, "2026-03-31", quantity=2)
        self._pay(invoice, 2000.0, "2026-05-15")
        may = self._period("2026-05")
        achievements = self._achievements(self.march | may)
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_cash)].actual, 0.0
        )
        self.assertEqual(
            achievements[(self.emp_b, may, self.metric_cash)].actual, 2000.0
        )
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_revenue)].actual, 2000.0
        )
