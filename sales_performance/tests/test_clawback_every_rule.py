# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 19, R-C11 for every rule type and metric: a refund after payout
takes back what was actually paid on the refunded base (its rate, grade
factor, pool share, threshold or year-end bonus), once, in the next payout,
from the people who were paid it, never more than they were paid; it never
drags the month it happens in."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestClawbackEveryRule(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_cb_approver", "sales_performance.group_sp_approver"
        )[0]

    def _run_as(self, period, members=None, plan=None):
        self.env.invalidate_all()
        plan = (plan or self.plan).with_user(self.user_admin)
        statements = (
            self.env["sales.performance.statement"]
            .with_user(self.user_admin)
            ._sp_run(plan, period, members)
        )
        return {s.employee_id: s for s in statements}

    def _approve_all(self, statements):
        self.env.invalidate_all()
        for statement in statements.values():
            statement.with_user(self.user_approver).with_context(
                sp_no_statement_mail=True
            ).action_approve()

    def _month(self, name, members=None, plan=None, approve=True):
        statements = self._run_as(self._period(name), members, plan)
        if approve:
            self._approve_all(statements)
        return statements

    @staticmethod
    def _lines(statement, kind):
        return statement.line_ids.filtered(lambda x: x.kind == kind)

    def _credit_note(self, date, amount, partner=None):
        """A credit note made by hand, linked to no invoice (R-C11)."""
        return self._invoice(
            self.user_a,
            date,
            price=amount,
            partner=partner,
            move_type="out_refund",
        )

    # ------------------------------------------------------------------
    # R-C12 thresholds
    # ------------------------------------------------------------------
    def test_r_c12_refund_after_a_paid_quarter_is_taken_back_once(self):
        self._rule(
            "threshold",
            name="Q bonus",
            threshold_amount=20000.0,
            threshold_window="quarter",
            bonus_rate=0.01,
        )
        self._invoice(self.user_a, "2026-07-10", quantity=10)  # 10,000
        august = self._invoice(self.user_a, "2026-08-10", quantity=15)  # 15,000
        for name in ("2026-07", "2026-08"):
            self._month(name, self.member_a)
        # Q3: 25,000 >= 20,000: 25,000 x 1 % = 250.00 with September.
        september = self._month("2026-09", self.member_a)[self.emp_a]
        self.assertEqual(september.amount_total, 250.0)
        # October: 5 of August's 15 sofas come back, and 21,000 is sold.
        self._refund(august, "2026-10-05", quantity=5)
        self._invoice(self.user_a, "2026-10-20", quantity=21)
        october = self._month("2026-10", self.member_a)[self.emp_a]
        # What the bonus paid on the August invoice: 250.00 x 15,000 /
        # 25,000 = 150.00; a third of it refunded: -50.00, once.
        clawback = self._lines(october, "clawback")
        self.assertEqual(clawback.mapped("amount"), [-50.0])
        self.assertEqual(clawback.origin_statement_id, september)
        self._month("2026-11", self.member_a)
        # December: Q4's own 21,000 (not 16,000: the refund is not Q4's)
        # reaches the threshold: 210.00, and nothing is taken back again.
        december = self._month("2026-12", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._lines(december, "bonus").mapped("amount"), [210.0])
        self.assertFalse(self._lines(december, "clawback"))

    # ------------------------------------------------------------------
    # R-P2 year-end bonus, refunded after the plan's last period
    # ------------------------------------------------------------------
    def test_r_p2_year_end_bonus_taken_back_by_the_next_plan(self):
        # 2025: a plan with a year-end bonus; 2026 (the fixtures' plan) is
        # Wang Wei's next plan, on a flat 1 %.
        plan_2025 = self.plan.copy(
            {
                "name": "2025 Sales",
                "date_start": "2025-01-01",
                "date_end": "2025-12-31",
                "member_ids": [
                    Command.create(
                        {"employee_id": self.emp_a.id, "role_id": self.role_sales.id}
                    )
                ],
            }
        )
        plan_2025.action_generate_periods()
        self._rule(
            "year_end",
            [(0.0, 400000.0, 0.005), (400000.0, 0.0, 0.01)],
            plan=plan_2025,
            name="Year-end",
        )
        self._rule("flat", flat_rate=0.01, name="Flat 1 %")
        invoice = self._invoice(self.user_a, "2025-06-15", quantity=500)
        for month in range(1, 13):
            self._month(f"2025-{month:02d}", plan=plan_2025)
        december = self.env["sales.performance.statement"].search(
            [("plan_id", "=", plan_2025.id), ("period_id.name", "=", "2025-12")]
        )
        # 500,000 >= 400,000: 1 % = 5,000.00 with December.
        self.assertEqual(december.amount_total, 5000.0)
        # January 2026: 100 of the 500 sofas come back (100,000). The 2025
        # plan has no period left: the next plan takes back what the bonus
        # paid on them, 5,000.00 x 100,000 / 500,000 = 1,000.00 (at the 1 %
        # paid, not the 0.5 % of the band 400,000 would fall in), naming
        # December 2025.
        self._refund(invoice, "2026-01-10", quantity=100)
        january = self._month("2026-01", self.member_a, approve=False)[self.emp_a]
        clawback = self._lines(january, "clawback")
        self.assertEqual(clawback.mapped("amount"), [-1000.0])
        self.assertEqual(clawback.origin_statement_id, december)
        # and the refund lowers none of 2026's own commission
        self.assertEqual(self._lines(january, "commission").mapped("amount"), [0.0])

    # ------------------------------------------------------------------
    # R-C4 pools: from the people who were paid it
    # ------------------------------------------------------------------
    def test_r_c4_pool_refund_taken_back_from_those_paid_not_from_a_newcomer(self):
        self.member_c.date_from = "2026-02-01"
        self._rule(
            "pool",
            name="Store pool",
            pool_rate=0.02,
            member_ids=[
                Command.set((self.member_a | self.member_b | self.member_c).ids)
            ],
        )
        jan, feb = self._period("2026-01"), self._period("2026-02")
        for employee, code in ((self.emp_a, "A"), (self.emp_b, "B")):
            self._appraise(employee, jan, code)
            self._appraise(employee, feb, code)
        self._appraise(self.emp_c, feb, "B")
        invoice = self._invoice(self.user_a, "2026-01-10", quantity=10)
        # January: pool 10,000 x 2 % = 200.00, TF = 1.2 + 1.0: Wang Wei
        # 200 x 1.2 / 2.2 = 109.09, Li Na 90.91.
        january = self._month("2026-01")
        self.assertEqual(january[self.emp_a].amount_total, 109.09)
        self.assertEqual(january[self.emp_b].amount_total, 90.91)
        # February: half the invoice comes back; Chen Jie joined the store
        # on 1 February. Each gives back half of their share: -54.55 and
        # -45.46 (what they were paid on it); Chen Jie gives nothing back,
        # and February's own pool (no sale) is 0, not -100.00.
        self._refund(invoice, "2026-02-10", quantity=5)
        february = self._month("2026-02", approve=False)
        self.assertEqual(
            self._lines(february[self.emp_a], "clawback").mapped("amount"), [-54.55]
        )
        self.assertEqual(
            self._lines(february[self.emp_b], "clawback").mapped("amount"), [-45.46]
        )
        self.assertFalse(self._lines(february[self.emp_c], "clawback"))
        for employee in (self.emp_a, self.emp_b, self.emp_c):
            self.assertEqual(
                sum(self._lines(february[employee], "pool_share").mapped("amount")),
                0.0,
            )

    # ------------------------------------------------------------------
    # A rule on margin
    # ------------------------------------------------------------------
    def test_margin_rule_refund_is_taken_back_not_dragging_the_month(self):
        self._rule(
            "tiered",
            [(0.0, 1.0, 0.02), (1.0, 0.0, 0.05)],
            name="Margin tiers",
            metric_id=self.metric_margin.id,
        )
        for period in (self.march, self.april):
            self._target(self.member_a, period, 4000.0, metric=self.metric_margin)
        # March: 10 sofas, margin 10 x (1,000 - 600) = 4,000 = 100 %: 5 %
        # of 4,000 = 200.00.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        march = self._month("2026-03", self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 200.0)
        # April: 10 more sofas (margin 4,000, 100 %) and 5 of March's back
        # (margin -2,000). April's own completion stays 100 %: 200.00; the
        # refund takes back half the margin March paid on: -100.00.
        self._invoice(self.user_a, "2026-04-05", quantity=10)
        self._refund(invoice, "2026-04-20", quantity=5)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._lines(april, "commission").mapped("amount"), [200.0])
        self.assertEqual(self._lines(april, "clawback").mapped("amount"), [-100.0])

    # ------------------------------------------------------------------
    # A credit note made by hand, in a month without sales
    # ------------------------------------------------------------------
    def test_unlinked_credit_note_in_an_empty_month_is_matched_and_taken_back(self):
        self._rule("tiered", [(0.0, 0.0, 0.02)], name="Tiers 2 %")
        for period in (self.march, self.april):
            self._target(self.member_a, period, 10000.0)
        older = self._invoice(self.user_a, "2026-03-02", quantity=3)
        newer = self._invoice(self.user_a, "2026-03-20", quantity=7)
        march = self._month("2026-03", self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 200.0)
        # April: no sale; a credit note of 4,000 typed by hand for the same
        # customer. Matched with March's invoices, the oldest first: the
        # 3,000 one in full (60.00 paid on it), then 1,000 of the 7,000 one
        # (20.00 of the 140.00): -80.00 in a month whose own net is 0.
        self._credit_note("2026-04-15", 4000.0)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        clawbacks = self._lines(april, "clawback")
        self.assertEqual(
            sorted(clawbacks.mapped(lambda x: (x.refund_origin_move_id.id, x.amount))),
            sorted([(older.id, -60.0), (newer.id, -20.0)]),
        )
        self.assertEqual(self._lines(april, "commission").mapped("amount"), [0.0])
        # A credit note to a customer Wang Wei sold nothing to takes nothing
        # back: it lowers the revenue of its month.
        self._credit_note("2026-04-16", 500.0, partner=self.customer_2)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(
            sorted(self._lines(april, "clawback").mapped("amount")), [-60.0, -20.0]
        )

    # ------------------------------------------------------------------
    # A return of a sale the plan never paid on
    # ------------------------------------------------------------------
    def test_a_credit_note_typed_by_hand_is_matched_again_when_its_invoice_is_refunded(
        self,
    ):
        """R-C11, issue 19: a credit note linked to no invoice is matched
        with what is left of the salesperson's invoices to the customer; a
        later credit note of that invoice leaves less to match, and the rest
        lowers the revenue of the first credit note's month: that month is
        corrected (its facts changed), and the invoice is taken back in
        full, once."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._month("2026-03", self.member_a)  # 5,000 x 2 % = 100.00
        # April: 2,000 typed by hand for the customer, matched with March's
        # invoice: out of April's revenue (0), 2,000 / 5,000 of the 100.00
        # paid on the invoice taken back: -40.00.
        self._credit_note("2026-04-10", 2000.0)
        april = self._month("2026-04", self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-40.0])
        # May: 4 of the 5 sofas come back on a credit note of the invoice.
        # Only 1,000 of it is left for April's credit note; the other 1,000
        # matches no sale and lowers April: -1,000 x 2 % = -20.00. The
        # invoice is refunded in full (4,000 + 1,000): 100.00 taken back,
        # 40.00 of it before: -60.00.
        self._refund(invoice, "2026-05-05", quantity=4)
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(
            sorted(
                may.line_ids.filtered("origin_statement_id").mapped(
                    lambda x: (x.refund_origin_move_id == invoice, x.amount)
                )
            ),
            [(False, -20.0), (True, -60.0)],
        )
        self.assertEqual(
            may.line_ids.filtered(
                lambda x: x.origin_statement_id and not x.refund_origin_move_id
            ).origin_statement_id,
            april,
        )

    def test_flat_rule_takes_nothing_back_on_a_sale_from_before_the_plan(self):
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        before = self._invoice(self.user_a, "2025-12-15", quantity=10)
        # March 2026: 5,000 of new sales, and the December 2025 invoice
        # (never paid on by this plan) comes back in full: March pays 2 %
        # of its own 5,000 = 100.00, nothing is taken back.
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._refund(before, "2026-03-10")
        march = self._month("2026-03", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(march), [100.0])

    def test_a_correction_paying_a_refunded_invoice_is_taken_back_with_it(self):
        """R-C11: the run that corrects a closed month for an invoice it had
        not counted (a late invoice) and sees that invoice's credit note
        takes its refunded share back in the same payout, not a month
        later: the correction and the clawback are booked, and frozen,
        together."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        # March: 1,000 -> 20.00, approved.
        self._invoice(self.user_a, "2026-03-05", quantity=1)
        march = self._month("2026-03", self.member_a)[self.emp_a]
        # April: an invoice of 5,000 dated in March is posted late, and 2 of
        # its 5 sofas come back on 10 April. March is worth 6,000 x 2 % =
        # 120.00: +100.00, paid on the late invoice; its credit note takes
        # back 2,000 / 5,000 of the 100.00 paid on it: -40.00, in April too.
        late = self._invoice(self.user_a, "2026-03-20", quantity=5)
        self._refund(late, "2026-04-10", quantity=2)
        april = self._month("2026-04", self.member_a)[self.emp_a]
        correction = self._lines(april, "correction")
        self.assertEqual(correction.mapped("amount"), [100.0])
        self.assertEqual(correction.origin_statement_id, march)
        clawback = self._lines(april, "clawback")
        self.assertEqual(clawback.mapped("amount"), [-40.0])
        self.assertEqual(clawback.refund_origin_move_id, late)
        self.assertEqual(clawback.origin_statement_id, march)
        # Booked once: May takes nothing more back.
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertFalse(may.line_ids.filtered("origin_statement_id"))

    def test_a_clawback_given_back_is_given_back_once(self):
        """R-C11, R-W2: an invoice taken back in part, then no longer paid
        on (its payment bounced: cash basis, R-C10), gives the clawback back
        once; the next runs give nothing more back."""
        self.plan.cash_basis = True
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        payment = self._pay(invoice, 5000.0, "2026-03-10")
        # March: 5,000 collected -> 100.00.
        march = self._month("2026-03", self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 100.0)
        # April: 1 of the 5 sofas comes back: 1,000 / 5,000 of 100.00.
        self._refund(invoice, "2026-04-10", quantity=1)
        april = self._month("2026-04", self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-20.0])
        # May: the March payment bounces. March paid nothing on the invoice
        # (-100.00), so the 20.00 taken back is given back: +20.00.
        payment.move_id.line_ids.remove_move_reconcile()
        may = self._month("2026-05", self.member_a)[self.emp_a]
        self.assertEqual(
            sorted(
                may.line_ids.filtered("origin_statement_id").mapped(
                    lambda x: (x.refund_origin_move_id == invoice, x.amount)
                )
            ),
            [(False, -100.0), (True, 20.0)],
        )
        # June: given back once, nothing more.
        june = self._month("2026-06", self.member_a, approve=False)[self.emp_a]
        self.assertFalse(june.line_ids.filtered("origin_statement_id"))

    def test_every_line_says_what_it_was_paid_on(self):
        """R-W1: a line's amount is split over the documents of its base, to
        the cent."""
        self._rule("tiered", [(0.0, 0.0, 0.02)], name="Tiers 2 %")
        self._target(self.member_a, self.march, 10000.0)
        first = self._invoice(self.user_a, "2026-03-02", quantity=1, price=333.33)
        second = self._invoice(self.user_a, "2026-03-03", quantity=1, price=666.67)
        march = self._month("2026-03", self.member_a, approve=False)[self.emp_a]
        line = march.line_ids
        self.assertEqual(line.amount, 20.0)
        self.assertEqual(
            sorted(line.source_ids.mapped(lambda s: (s.move_id.id, s.base, s.amount))),
            sorted([(first.id, 333.33, 6.67), (second.id, 666.67, 13.33)]),
        )

    def test_what_a_line_was_paid_on_is_stored_with_its_line(self):
        """Issue 25: the run writes the rows in one statement; each stored row
        carries its line's statement, state, company, currency, plan,
        person, user and rule and its period's end, as the related fields
        compute them, its amounts rounded to the currency (R-W1, R-C11: the
        ledger a refund reads)."""
        self._rule("tiered", [(0.0, 0.0, 0.02)], name="Tiers 2 %")
        self._target(self.member_a, self.march, 10000.0)
        self._invoice(self.user_a, "2026-03-02", quantity=1, price=333.33)
        self._invoice(self.user_a, "2026-03-03", quantity=1, price=666.67)
        march = self._month("2026-03", self.member_a, approve=False)[self.emp_a]
        line = march.line_ids
        self.assertEqual(len(line.source_ids), 2)
        related = [
            "statement_id",
            "statement_state",
            "company_id",
            "currency_id",
            "plan_id",
            "employee_id",
            "user_id",
            "rule_id",
        ]
        self.env.invalidate_all()
        self.env.cr.execute(
            "SELECT s.id FROM sales_performance_payout_source s"
            " JOIN sales_performance_statement_line l ON l.id = s.line_id"
            " JOIN date_range d ON d.id = s.period_id"
            " WHERE s.line_id = %s AND s.statement_id = l.statement_id"
            " AND s.statement_state = 'computed' AND s.company_id = l.company_id"
            " AND s.currency_id = l.currency_id AND s.plan_id = l.plan_id"
            " AND s.employee_id = l.employee_id AND s.user_id = l.user_id"
            " AND s.rule_id = l.rule_id AND s.period_end = d.date_end"
            " AND s.is_clawback IS FALSE AND s.create_uid IS NOT NULL",
            [line.id],
        )
        self.assertEqual(len(self.env.cr.fetchall()), 2)
        for source in line.source_ids:
            for name in related:
                self.assertEqual(source[name], line[name], name)
            self.assertEqual(source.period_end, self.march.date_end)
            self.assertEqual(source.lineage_id, line.rule_id)
        self.assertEqual(sum(line.source_ids.mapped("amount")), line.amount)
        # the state follows the line's once approved: frozen, refused to edit
        march.with_user(self.user_approver).with_context(
            sp_no_statement_mail=True
        ).action_approve()
        self.assertEqual(set(line.source_ids.mapped("statement_state")), {"approved"})

    def test_what_a_line_was_paid_on_is_inserted_by_the_run_only(self):
        """The bulk insert of the run is refused to anybody but the run (as
        superuser), like ``create``: a commission manager cannot write the
        ledger a refund takes back from (R-C11)."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        self._invoice(self.user_a, "2026-03-05", quantity=5)
        march = self._month("2026-03", self.member_a, approve=False)[self.emp_a]
        line = march.line_ids
        before = len(line.source_ids)
        vals = {
            "line_id": line.id,
            "move_id": line.source_ids[:1].move_id.id,
            "amount": 1000.0,
        }
        self.env.invalidate_all()
        Source = self.env["sales.performance.payout.source"]
        with self.assertRaises(UserError):
            Source.with_user(self.user_admin)._sp_insert([vals])
        self.env.invalidate_all()
        self.assertEqual(len(line.source_ids), before)

    # ------------------------------------------------------------------
    # More taken back than earned: carried forward, or deducted up to a cap
    # ------------------------------------------------------------------
    def _recovery_months(self):
        """Flat 2 %: March 5,000 -> 100.00, approved; April: no sale, the
        March invoice comes back in full: -100.00."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._month("2026-03", self.member_a)
        self._refund(invoice, "2026-04-10")

    def test_a_clawback_bigger_than_the_month_is_carried_forward(self):
        self._recovery_months()
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        # -100.00 clawed back; nothing is deducted from other pay: April pays
        # 0 and carries 100.00 forward, shown to the employee.
        self.assertEqual(self._amounts(april, "clawback"), [-100.0])
        self.assertEqual(self._amounts(april, "recovery"), [100.0])
        self.assertEqual(april.amount_total, 0.0)
        self.assertEqual(april.recovery_balance, 100.0)
        self.assertFalse(april.review_reasons)
        self.env.invalidate_all()
        self.assertEqual(
            april.with_user(self.user_a).recovery_balance, 100.0, "the employee sees it"
        )
        self._approve_all({self.emp_a: april})
        # May: 10,000 sold -> 200.00, less the 100.00 brought forward.
        self._invoice(self.user_a, "2026-05-05", quantity=10)
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(may, "recovery"), [-100.0])
        self.assertEqual(may.amount_total, 100.0)
        self.assertEqual(may.recovery_balance, 0.0)

    def test_a_clawback_deducted_from_pay_is_capped_and_reviewed(self):
        self.plan.write({"deduct_from_pay": True, "deduction_cap": 0.2})
        self.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": self.emp_a.id,
                "wage": 300.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        self._recovery_months()
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        # At most 20 % of the 300.00 wage = 60.00 comes off April's payslip;
        # the other 40.00 is carried forward. Taking money off the wage
        # waits for the administrator's review.
        self.assertEqual(self._amounts(april, "recovery"), [40.0])
        self.assertEqual(april.amount_total, -60.0)
        self.assertIn("deducted from the employee's other pay", april.review_reasons)
        self.env.invalidate_all()
        with self.assertRefused(Exception, "needs a performance administrator"):
            april.with_user(self.user_approver).action_approve()
        april.with_user(self.user_admin).action_accept_review()
        self._approve_all({self.emp_a: april})
        # May, no sale: the 40.00 brought forward is within the cap: deducted.
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(may, "recovery"), [-40.0])
        self.assertEqual(may.amount_total, -40.0)
        self.assertEqual(may.recovery_balance, 0.0)

    def test_a_negative_month_is_never_taken_from_the_wage_silently(self):
        # Flat 2 %, no sale in April and a credit note of 5,000 to a customer
        # Wang Wei never sold to (matching no invoice: it lowers April's
        # revenue): -100.00, carried forward, not deducted.
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        self._credit_note("2026-04-10", 5000.0, partner=self.customer_3)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(april, "commission"), [-100.0])
        self.assertEqual(april.amount_total, 0.0)
        self.assertEqual(april.recovery_balance, 100.0)

    def test_what_two_open_months_both_book_is_approved_once(self):
        """R-W2: April and May both computed while March's refund was still
        to take back; once April (which takes it) is approved, May must run
        again before its approval, and then books it no more."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._month("2026-03", self.member_a)
        self._refund(invoice, "2026-04-10", quantity=2)
        self._invoice(self.user_a, "2026-05-05", quantity=10)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-40.0])
        self.assertEqual(self._amounts(may, "clawback"), [-40.0])
        self._approve_all({self.emp_a: april})
        self.env.invalidate_all()
        with self.assertRefused(Exception, "run 2026-05 again"):
            may.with_user(self.user_approver).action_approve()
        may = self._month("2026-05", self.member_a)[self.emp_a]
        self.assertFalse(self._lines(may, "clawback"))
        self.assertEqual(may.state, "approved")

    def test_two_open_months_approved_together_are_refused(self):
        """R-W2: the same two open months approved in one call (a bulk
        approval, issue 25): April comes first in the batch and takes the
        refund back, so May, after it in the same batch, is refused and
        nothing is approved."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._month("2026-03", self.member_a)
        self._refund(invoice, "2026-04-10", quantity=2)
        self._invoice(self.user_a, "2026-05-05", quantity=10)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.env.invalidate_all()
        with self.assertRefused(Exception, "run 2026-05 again"):
            (april | may).with_user(self.user_approver).action_approve()
        self.assertEqual((april | may).mapped("state"), ["computed", "computed"])

    def test_an_upgrade_records_what_earlier_releases_paid_on(self):
        """Statements approved by a release that kept no record of what their
        lines were paid on (the migration's case): ``_sp_rebaseline`` records
        it, and a refund after the upgrade is taken back once; an old
        clawback line counts as taken."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        march = self._month("2026-03", self.member_a)[self.emp_a]
        # as an earlier release left it: no sources, no fingerprint
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM sales_performance_payout_source WHERE line_id IN %s",
            (tuple(march.line_ids.ids),),
        )
        self.env.cr.execute(
            "UPDATE sales_performance_statement SET fact_fingerprint = NULL, "
            "rule_stamp = NULL WHERE id = %s",
            (march.id,),
        )
        self.env.invalidate_all()
        self.env["sales.performance.statement"].search([])._sp_rebaseline()
        self.assertEqual(
            march.line_ids.source_ids.mapped(lambda s: (s.move_id, s.amount)),
            [(invoice, 200.0)],
        )
        # After the upgrade, 3 of the 10 sofas come back: -60.00, once.
        self._refund(invoice, "2026-04-10", quantity=3)
        april = self._month("2026-04", self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-60.0])
        may = self._month("2026-05", self.member_a, approve=False)[self.emp_a]
        self.assertFalse(may.line_ids.filtered("origin_statement_id"))

    def test_a_refund_made_in_code_is_the_salespersons_too(self):
        """A credit note made by code (``_reverse_moves``, not Odoo's wizard)
        is credited to the invoice's salesperson, not to OdooBot: it takes
        back what was paid on the invoice (R-C11)."""
        self._rule("flat", name="Flat 2 %", flat_rate=0.02)
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=5)
        self._month("2026-03", self.member_a)
        refund = invoice._reverse_moves(
            [{"invoice_date": "2026-04-10", "date": "2026-04-10"}]
        )
        refund.action_post()
        self.assertEqual(refund.invoice_user_id, self.user_a)
        april = self._month("2026-04", self.member_a, approve=False)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-100.0])
