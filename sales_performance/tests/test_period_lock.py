# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPeriodLock(SalesPerformanceCommon):
    """Closed is closed: a closed period's credits and achievements are
    frozen; late documents and changes land in the next open period."""

    def _revenue(self, employee, period):
        return self._achievements(period)[
            (employee, period, self.metric_revenue)
        ].actual

    @freeze_time("2026-04-10")
    def test_cancel_after_close_books_reversal_in_next_open_period(self):
        # March: Wang Wei 2 x 1,000 = 2,000, measured then closed.
        invoice = self._invoice(self.user_a, "2026-03-10", quantity=2)
        self.assertEqual(self._revenue(self.emp_a, self.march), 2000.0)
        self.march.action_sp_close()
        self.assertEqual(self.march.sp_state, "closed")
        # Cancelled in April: the March credit stays, -2,000 lands on Apr 10th.
        invoice.button_draft()
        invoice.button_cancel()
        credits = self.env["sales.performance.credit"].search(
            [("move_id", "=", invoice.id)]
        )
        frozen = credits.filtered(lambda c: not c.is_adjustment)
        adjustment = credits.filtered("is_adjustment")
        self.assertEqual(frozen.amount_revenue, 2000.0)
        self.assertEqual(str(frozen.date), "2026-03-10")
        self.assertEqual(adjustment.amount_revenue, -2000.0)
        self.assertEqual(adjustment.amount_margin, -800.0)
        self.assertEqual(str(adjustment.date), "2026-04-10")
        self.assertEqual(str(adjustment.origin_date), "2026-03-10")
        # March keeps its measurement; April carries the reversal.
        achievements = self._achievements(self.march | self.april)
        march = self.plan.achievement_ids.filtered(
            lambda a: (
                a.period_id == self.march
                and a.employee_id == self.emp_a
                and a.metric_id == self.metric_revenue
            )
        )
        self.assertEqual(march.actual, 2000.0)
        self.assertEqual(
            achievements[(self.emp_a, self.april, self.metric_revenue)].actual, -2000.0
        )
        # Re-posting it cancels the adjustment out: nothing left to book.
        invoice.button_draft()
        invoice.action_post()
        credits = self.env["sales.performance.credit"].search(
            [("move_id", "=", invoice.id)]
        )
        self.assertEqual(credits, frozen)

    @freeze_time("2026-04-10")
    def test_late_invoice_dated_in_closed_period_lands_in_next_open(self):
        self.march.action_sp_close()
        invoice = self._invoice(self.user_b, "2026-03-25")
        credit = self._credits(invoice)
        self.assertEqual(str(credit.date), "2026-04-01")
        self.assertEqual(str(credit.origin_date), "2026-03-25")
        self.assertFalse(credit.is_adjustment)
        self.assertEqual(self._revenue(self.emp_b, self.april), 1000.0)

    @freeze_time("2026-04-10")
    def test_payment_reversal_after_close_and_full_payment_later(self):
        # Invoice 3,000 on Mar 5th, 1,000 paid Mar 20th; March is closed.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=3)
        payment = self._pay(invoice, 1000.0, "2026-03-20")
        self.march.action_sp_close()
        # The March payment is unreconciled in April: -1,000 cash in April.
        payment.move_id.line_ids.remove_move_reconcile()
        cash = self._credits(invoice, "payment")
        self.assertEqual(
            sorted((str(c.date), c.amount_collected, c.is_adjustment) for c in cash),
            [("2026-03-20", 1000.0, False), ("2026-04-10", -1000.0, True)],
        )
        # Then paid in full on Apr 8th: the frozen invoice credit follows the
        # paid status (a later event) without any amount adjustment.
        self._pay(invoice, 3000.0, "2026-04-08")
        invoice_credits = self._credits(invoice)
        self.assertEqual(len(invoice_credits), 1)
        self.assertTrue(invoice_credits.is_fully_paid)
        self.assertEqual(str(invoice_credits.full_paid_date), "2026-04-08")
        self.assertEqual(invoice_credits.amount_revenue, 3000.0)

    @freeze_time("2026-04-10")
    def test_backdated_payment_into_closed_period(self):
        invoice = self._invoice(self.user_c, "2026-02-10")
        self.march.action_sp_close()
        self._pay(invoice, 1000.0, "2026-03-15")
        cash = self._credits(invoice, "payment")
        self.assertEqual(str(cash.date), "2026-04-01")
        self.assertEqual(str(cash.origin_date), "2026-03-15")

    def test_closed_period_is_frozen_and_reopen_unfreezes(self):
        invoice = self._invoice(self.user_a, "2026-03-10")
        self._achievements(self.march)
        self.march.action_sp_close()
        self.assertEqual(self.march.sp_closed_uid, self.env.user)
        with self.assertRefused(UserError, "is closed: reopen it"):
            self.march.date_end = "2026-03-30"
        # Recomputing skips the closed period.
        before = self.plan.achievement_ids.filtered(lambda a: a.period_id == self.march)
        self.assertFalse(
            self.env["sales.performance.achievement"]._sp_compute(self.plan, self.march)
        )
        self.assertTrue(before.exists())
        self.march.action_sp_reopen()
        invoice.button_draft()
        self.assertFalse(invoice.sp_credit_ids)
        self.assertEqual(self._revenue(self.emp_a, self.march), 0.0)
