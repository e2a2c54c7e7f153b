# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

from odoo.tests import tagged

from ..tools.commission_context import CommissionContext
from .common import SalesPerformanceCommon

RATE = 0.03
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]


@tagged("post_install", "-at_install")
class TestCommissionProperty(SalesPerformanceCommon):
    """R-C10 / R-C11 property: with cash before commission, whatever happens
    to invoices after their commission was approved (partial and late
    payments, refunds, cancellations, payment reversals), the commission paid
    over all periods equals the commission due on the final net collected
    amounts, to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.cash_basis = True
        cls.periods = [cls._period(name) for name in MONTHS]
        for member in cls.plan.member_ids:
            for period in cls.periods:
                cls._target(member, period, 1000.0)
        cls._rule("tiered", [(0.0, 0.0, RATE)], name="3 % of collected sales")
        cls.users = [cls.user_a, cls.user_b, cls.user_c]
        cls.customers = [cls.customer_1, cls.customer_2, cls.customer_3]

    def _simulate(self, seed):
        rng = random.Random(seed)
        invoices = self.env["account.move"]
        payments = []
        events = 0
        for index, period in enumerate(self.periods):
            month = index + 1
            days = [f"2026-{month:02d}-{day:02d}" for day in range(1, 29)]
            if month < len(self.periods):
                for __ in range(rng.randint(6, 10)):
                    invoices |= self._invoice(
                        rng.choice(self.users),
                        rng.choice(days),
                        quantity=rng.randint(1, 4),
                        price=round(rng.uniform(100, 3000), 2),
                        partner=rng.choice(self.customers),
                    )
                    events += 1
                posted = invoices.filtered(
                    lambda m, end=period.date_end: (
                        m.state == "posted"
                        and m.move_type == "out_invoice"
                        and m.invoice_date <= end
                    )
                )
                for invoice in posted.sorted("id"):
                    draw = rng.random()
                    residual = invoice.amount_residual
                    if invoice.currency_id.is_zero(residual):
                        continue
                    day = max(rng.choice(days), str(invoice.invoice_date))
                    if draw < 0.35:  # paid in full
                        payments.append(self._pay(invoice, residual, day))
                    elif draw < 0.55:  # partial payment
                        payments.append(
                            self._pay(
                                invoice, round(residual * rng.uniform(0.2, 0.8), 2), day
                            )
                        )
                    elif draw < 0.63 and invoice.payment_state == "not_paid":
                        if rng.random() < 0.5:  # cancelled
                            invoice.button_draft()
                            invoice.button_cancel()
                        else:  # a unit returned (refund netted with the invoice)
                            self._refund(invoice, day, quantity=1)
                    else:
                        continue
                    events += 1
                if payments and rng.random() < 0.5:  # a payment bounces
                    payment = payments.pop(rng.randrange(len(payments)))
                    payment.move_id.line_ids.remove_move_reconcile()
                    events += 1
            statements = self.env["sales.performance.statement"]._sp_run(
                self.plan, period
            )
            statements.filtered(lambda s: s.state == "computed").with_user(
                self.user_admin
            ).action_approve()
        return events

    def _due_now(self):
        """What every period is worth with today's documents, rule by rule,
        rounded per line as a statement does."""
        total = 0.0
        collected = 0.0
        for period in self.periods:
            ctx = CommissionContext(self.env, self.plan, period, self.plan.member_ids)
            for payout in ctx.payouts(self.plan.member_ids):
                total += payout["amount"]
            collected += sum(
                ctx.base(self.metric_revenue, m) for m in self.plan.member_ids
            )
        return round(total, 2), round(collected, 2)

    def _check(self, seed):
        events = self._simulate(seed)
        self.assertGreater(events, 60)
        lines = self.env["sales.performance.statement.line"].search(
            [("plan_id", "=", self.plan.id)]
        )
        paid = round(sum(lines.mapped("amount")), 2)
        due, collected = self._due_now()
        # Paid (approved lines, clawbacks and corrections) == due on the final
        # documents, to the cent; and that is 3 % of the net collected sales
        # within the per-line rounding (half a cent per line).
        self.assertEqual(paid, due, f"seed {seed}: paid {paid} != due {due}")
        self.assertLessEqual(abs(due - RATE * collected), 0.005 * len(lines) + 0.001)
        self.assertTrue(
            lines.filtered(lambda line: line.kind in ("clawback", "correction"))
        )
        return events

    def test_r_c10_r_c11_paid_equals_due_seed_1(self):
        self._check(1)

    def test_r_c10_r_c11_paid_equals_due_seed_11(self):
        self._check(11)

    def test_r_c10_r_c11_paid_equals_due_seed_2026(self):
        self._check(2026)
