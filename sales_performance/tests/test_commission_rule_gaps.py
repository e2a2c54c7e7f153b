# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 13: worked cases of the rulebooks that did not come out to the
cent, one test per point, numbers worked by hand from the rule tag."""

from odoo import Command
from odoo.tests import tagged

from . import test_pay
from .common import SalesPerformanceCommon

TIERS = [(1.0, 1.5, 0.02), (1.5, 2.0, 0.025), (2.0, 3.0, 0.03), (3.0, 0.0, 0.035)]


@tagged("post_install", "-at_install")
class TestCommissionRuleGaps(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_gap_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.may = cls._period("2026-05")
        for member in cls.plan.member_ids:
            for period in (cls.march, cls.april, cls.may):
                cls._target(member, period, 10000.0)

    def _approve(self, *statements):
        self.env.invalidate_all()
        for statement in statements:
            statement.with_user(self.user_approver).action_approve()

    def _lines(self, statement, kind=None):
        return statement.line_ids.filtered(lambda line: not kind or line.kind == kind)

    def _manager_member(self):
        return self.env["sales.performance.member"].create(
            {
                "plan_id": self.plan.id,
                "employee_id": self.emp_manager.id,
                "role_id": self.role_manager.id,
            }
        )

    # ------------------------------------------------------------------
    # 1. R-C2 gate for a manager paid on the team total (R-C3)
    # ------------------------------------------------------------------
    def test_r_c2_r_c3_manager_on_team_total_gated_by_grade(self):
        manager = self._manager_member()
        # Team target 20,000 (Wang Wei 10,000 + Li Na 10,000: no own target).
        self._rule(
            "manager",
            role_ids=[Command.set(self.role_manager.ids)],
            team_rate=0.01,
            excess_rate=0.02,
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        # Team 9,000 + 8,000 = 17,000 of 20,000 = 85 %: gated (R-C2):
        # 17,000 x 1 % = 170.00 due; the manager factors C 40 % = 68.00,
        # B 60 % = 102.00, A 80 % = 136.00, D nothing.
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        self._invoice(self.user_b, "2026-03-05", quantity=8)
        appraisal = self._appraise(self.emp_manager, self.march, "C")
        for code, amount in (("C", 68.0), ("B", 102.0), ("A", 136.0), ("D", 0.0)):
            appraisal.grade_id = self._grade(code)
            line = self._lines(self._run(self.march, manager)[self.emp_manager])
            self.assertEqual(line.amount, amount, code)
        self.assertIn("85 % completion", line.explanation)
        # Below the minimum: team 15,000 = 75 % < 80 %: nothing, whatever
        # the grade (A).
        appraisal.grade_id = self._grade("A")
        self._refund(
            self.env["account.move"].search(
                [
                    ("invoice_user_id", "=", self.user_b.id),
                    ("move_type", "=", "out_invoice"),
                ]
            ),
            "2026-03-20",
            quantity=6,
        )
        line = self._lines(self._run(self.march, manager)[self.emp_manager])
        self.assertEqual((line.amount, line.line_state), (0.0, "info"))

    def test_r_c2_tiered_gate_on_team_for_manager_without_own_sales(self):
        manager = self._manager_member()
        # The tiered rule with the gate, for a manager who sells nothing:
        # the completion is the team's: 9,000 + 8,000 = 17,000 of 20,000 =
        # 85 %; 17,000 x 2 % (first band) = 340.00 due, grade B manager 60 %
        # -> 204.00 (R-C2 "the gate applies to a manager paid on the team
        # total with the team's completion").
        self._rule(
            "tiered",
            TIERS,
            role_ids=[Command.set(self.role_manager.ids)],
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        self._invoice(self.user_b, "2026-03-05", quantity=8)
        self._appraise(self.emp_manager, self.march, "B")
        line = self._lines(self._run(self.march, manager)[self.emp_manager])
        self.assertEqual(line.amount, 204.0)

    # ------------------------------------------------------------------
    # 3. R-C11 clawback in a month with nothing else sold
    # ------------------------------------------------------------------
    def test_r_c11_clawback_in_a_negative_month(self):
        self._rule("tiered", TIERS)
        # March: 16,000 of 10,000 = 160 % -> 2.5 % x 16,000 = 400.00, approved.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=16)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 400.0)
        self._approve(march)
        # April: nothing sold, 4 sofas returned: the month's net is -4,000
        # (-40 % completion, in no band). R-C11 takes back the commission
        # paid on the refunded amount: 4,000 x 2.5 % (the rate March paid)
        # = -100.00, as a clawback line; the month's own commission is 0.
        refund = self._refund(invoice, "2026-04-10", quantity=4)
        april = self._run(self.april, self.member_a)[self.emp_a]
        clawback = self._lines(april, "clawback")
        self.assertEqual(clawback.amount, -100.0)
        self.assertEqual(clawback.source_move_ids, refund)
        # more taken back than earned: carried forward, April pays 0
        # (issue 19)
        self.assertEqual(self._amounts(april, "recovery"), [100.0])
        self.assertEqual(april.amount_total, 0.0)

    def test_r_c11_clawback_uses_the_paid_rate_not_this_months_band(self):
        self._rule("tiered", TIERS)
        # March 16,000 -> 2.5 % = 400.00 paid. April: 12,000 sold (120 % ->
        # 2 % = 240.00) and 4,000 of March refunded: clawback 4,000 x 2.5 %
        # = -100.00 (not "due on 8,000 = 80 %, no band" - 240 = -240).
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=16)
        self._approve(self._run(self.march, self.member_a)[self.emp_a])
        self._invoice(self.user_a, "2026-04-08", quantity=12)
        self._refund(invoice, "2026-04-10", quantity=4)
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "commission"), [240.0])
        self.assertEqual(self._amounts(april, "clawback"), [-100.0])

    def test_r_c10_r_c11_credit_note_left_as_customer_credit_is_clawed(self):
        # Cash before commission (R-C10), flat 2 % from 0 %.
        self.plan.cash_basis = True
        self._rule("tiered", [(0.0, 0.0, 0.02)])
        # March: 10,000 invoiced and collected: 200.00, approved.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        self._pay(invoice, 10000.0, "2026-03-10")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 200.0)
        self._approve(march)
        # April: a credit note for 3 sofas, left as customer credit (not
        # paid back, not used): a refund of a collected invoice counts on
        # its own date, so 3,000 x 2 % = -60.00 is clawed back in April.
        refund = self._refund(invoice, "2026-04-10", quantity=3)
        self.assertNotEqual(refund.payment_state, "paid")
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-60.0])
        self.assertEqual(april.recovery_balance, 60.0)
        self.assertEqual(april.amount_total, 0.0)
        # A refund of an invoice not collected yet counts with the
        # invoice, when it becomes fully paid: Li Na 5,000 in April, 2
        # returned in April (netted), the 3,000 rest paid in May: April
        # nothing; May (5,000 - 2,000) x 2 % = 60.00.
        other = self._invoice(self.user_b, "2026-04-05", quantity=5)
        self._refund(other, "2026-04-12", quantity=2)  # netted on posting
        self.assertEqual(other.amount_residual, 3000.0)
        self.assertEqual(
            self._run(self.april, self.member_b)[self.emp_b].amount_total, 0
        )
        self._pay(other, 3000.0, "2026-05-06")
        may = self._run(self.may, self.member_b)[self.emp_b]
        self.assertEqual(may.amount_total, 60.0)

    # ------------------------------------------------------------------
    # 4. R-C6 refunds of project deals
    # ------------------------------------------------------------------
    def _price_ratio_rule(self):
        return self._rule(
            "price_ratio",
            [(0.0, 0.9, 0.035), (0.9, 1.0, 0.045), (1.0, 0.0, 0.055)],
            cost_factor=1.8,
            over_base_rate=0.055,
            over_excess_rate=0.10,
        )

    def test_r_c6_r_c11_refund_of_price_ratio_deal_claws_back_what_was_paid(self):
        self._price_ratio_rule()
        # March: 10 sofas at 1,500 (cost 600) with 1,200 of project
        # expenses: base 1.8 x 6,000 = 10,800; net 15,000 - 1,200 = 13,800;
        # ratio 127.8 % -> 10,800 x 5.5 % + 3,000 x 10 % = 594 + 300 = 894.00.
        deal = self._invoice(
            self.user_a, "2026-03-05", quantity=10, price=1500.0, post=False
        )
        deal.sp_project_expenses = 1200.0
        deal.action_post()
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 894.0)
        self._approve(march)
        # April: 5 of the 10 returned. The credit note carries no expenses:
        # the refund's share of them is 1,200 x 7,500 / 15,000 = 600, so net
        # -6,900 on base -5,400, the same 127.8 % ratio: -(297 + 150) =
        # -447.00 (not -(5,400 x 5.5 % + 2,100 x 10 %) = -507.00).
        self._refund(deal, "2026-04-10", quantity=5)
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-447.0])
        self._approve(april)
        # May: the other 5 returned: -447.00 again, 894.00 clawed in all,
        # never more than the 894.00 paid on the invoice.
        self._refund(deal, "2026-05-10", quantity=5)
        may = self._run(self.may, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(may, "clawback"), [-447.0])

    # ------------------------------------------------------------------
    # 10. What a discrepancy announces, the next run books (R-C11, R-W2)
    # ------------------------------------------------------------------
    def test_r_c11_discrepancy_is_what_the_next_run_books(self):
        self.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": self.emp_a.id,
                "wage": 9000.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        self._rule("perf_pay", share_rate=0.3, payout_kind="perf_pay")
        # R-P1: wage 9,000 x 30 % = 2,700 of performance pay x grade A 1.1
        # = 2,970.00 in March, plus a manual +30.00 adjustment agreed before
        # approval (not a rule's: never recomputed).
        appraisal = self._appraise(self.emp_a, self.march, "A")
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.env["sales.performance.statement.line"].create(
            {
                "statement_id": march.id,
                "kind": "adjustment",
                "name": "Fair bonus",
                "amount": 30.0,
                "is_manual": True,
                "explanation": "Agreed in March.",
            }
        )
        self.assertEqual(march.amount_total, 3000.0)
        self._approve(march)
        # Rerun: nothing changed, so nothing to announce (the adjustment is
        # not a difference).
        self._run(self.march, self.member_a)
        self.assertEqual(march.discrepancy_amount, 0.0)
        # The grade goes under appeal: the run holds March's performance pay
        # until HR decides (R-A4); it announces nothing to book, says it holds.
        appraisal.state = "appeal"
        self._run(self.march, self.member_a)
        self.assertEqual(march.discrepancy_amount, 0.0)
        self.assertTrue(march.discrepancy_held)
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertFalse(self._lines(april, "clawback"))
        # HR decides B (coefficient 1.0): 2,700.00, 270.00 less: announced
        # -270.00, and April books exactly that.
        appraisal.write({"grade_id": self._grade("B").id, "state": "published"})
        self._run(self.march, self.member_a)
        self.assertEqual(march.discrepancy_amount, -270.0)
        self.assertFalse(march.discrepancy_held)
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-270.0])
        # Once booked, March announces nothing more.
        self._run(self.march, self.member_a)
        self.assertEqual(march.discrepancy_amount, 0.0)

    # ------------------------------------------------------------------
    # 5. R-C5 the project pool is always fully distributed
    # ------------------------------------------------------------------
    def _project_deal(self, pm_split_role=None):
        """200,000 contract: Wang Wei 12.5 % (the project manager), Li Na
        37.5 %, Chen Jie 50 %."""
        invoice = self._invoice(self.user_a, "2026-03-10", price=200000.0, post=False)
        invoice.sp_split_ids = [
            Command.create(
                {
                    "employee_id": self.emp_a.id,
                    "share": 12.5,
                    "role_id": pm_split_role.id if pm_split_role else False,
                }
            ),
            Command.create({"employee_id": self.emp_b.id, "share": 37.5}),
            Command.create({"employee_id": self.emp_c.id, "share": 50.0}),
        ]
        invoice.action_post()
        return invoice

    def _project_amounts(self):
        statements = self._run(self.march)
        return [
            statements[e].amount_total for e in (self.emp_a, self.emp_b, self.emp_c)
        ]

    def test_r_c5_pm_known_by_plan_role_pool_fully_paid(self):
        pm_role = self.env.ref("sales_performance.role_project_manager")
        self.member_a.role_id = pm_role
        self._rule("project", pm_rate=0.01, project_pool_rate=0.02)
        # The PM is known by the plan role, not on the split line. PM:
        # 200,000 x 1 % = 2,000.00; pool 200,000 x 2 % = 4,000.00 shared by
        # the others' 87.5: Li Na 37.5 / 87.5 = 1,714.29, Chen Jie 50 / 87.5
        # = 2,285.71: 4,000.00 in all (not 1,500 + 2,000 = 3,500).
        self._project_deal()
        self.assertEqual(self._project_amounts(), [2000.0, 1714.29, 2285.71])

    def test_r_c5_pm_by_the_rules_own_role_pool_fully_paid(self):
        lead = self.env["sales.performance.role"].create(
            {"name": "Lead Engineer", "code": "LEAD"}
        )
        self._rule("project", pm_rate=0.01, project_pool_rate=0.02, pm_role_id=lead.id)
        # The rule's Project Manager Role is "Lead Engineer", on the split
        # line: same numbers as above.
        self._project_deal(pm_split_role=lead)
        self.assertEqual(self._project_amounts(), [2000.0, 1714.29, 2285.71])

    def test_r_c5_pool_rounding_remainder_is_paid(self):
        pm_role = self.env.ref("sales_performance.role_project_manager")
        self._rule("project", pm_rate=0.01, project_pool_rate=0.02)
        # 100,000 contract, PM Wang Wei 10 % + three equal thirds of 30 %:
        # pool 2,000.00 / 3 = 666.67 + 666.67 + 666.66 (the cent placed, the
        # whole pool paid: 2,000.00).
        invoice = self._invoice(self.user_a, "2026-03-10", price=100000.0, post=False)
        invoice.sp_split_ids = [
            Command.create(
                {"employee_id": self.emp_a.id, "share": 10.0, "role_id": pm_role.id}
            ),
            Command.create({"employee_id": self.emp_b.id, "share": 30.0}),
            Command.create({"employee_id": self.emp_c.id, "share": 30.0}),
            Command.create({"employee_id": self.emp_manager.id, "share": 30.0}),
        ]
        invoice.action_post()
        manager = self._manager_member()
        statements = self._run(self.march)
        pool = [
            statements[e].amount_total
            for e in (self.emp_b, self.emp_c, manager.employee_id)
        ]
        self.assertAlmostEqual(sum(pool), 2000.0, places=2)
        self.assertEqual(sorted(pool), [666.66, 666.67, 666.67])

    # ------------------------------------------------------------------
    # 6. Bands at their edges (R-C1, R-C2, R-C6)
    # ------------------------------------------------------------------
    def test_r_c6_price_ratio_exactly_100_uses_the_band_ending_at_100(self):
        # The table ends with [90 %, 100 %) at 4.5 %, as the help invites
        # ("up to 1.0"). R-C6: "up to 100 %: net x the rate for that ratio".
        self._rule(
            "price_ratio",
            [(0.0, 0.9, 0.035), (0.9, 1.0, 0.045)],
            cost_factor=1.8,
            over_base_rate=0.055,
            over_excess_rate=0.10,
        )
        # 9 sofas at 1,200 = 10,800, cost 9 x 600 = 5,400: base 1.8 x 5,400
        # = 9,720; 1,080 of expenses: net 9,720; ratio exactly 100 % ->
        # 9,720 x 4.5 % = 437.40 (not 0: "in no band").
        deal = self._invoice(
            self.user_a, "2026-03-05", quantity=9, price=1200.0, post=False
        )
        deal.sp_project_expenses = 1080.0
        deal.action_post()
        line = self._lines(self._run(self.march, self.member_a)[self.emp_a])
        self.assertEqual(line.amount, 437.4)
        self.assertIn("ratio 100 %", line.explanation)

    def test_r_c2_gate_rate_zero_and_below_gate_message(self):
        # A gate rate of 0 is a rate: the gated band pays nothing (not the
        # first band's 2 %): 9,000 = 90 % -> 9,000 x 0 % = 0.00.
        rule = self._rule(
            "tiered",
            TIERS,
            gate_enabled=True,
            gate_min_completion=0.8,
            gate_own_rate=True,
            gate_rate=0.0,
        )
        self._appraise(self.emp_a, self.march, "A")
        self._invoice(self.user_a, "2026-03-05", quantity=9)
        line = self._lines(self._run(self.march, self.member_a)[self.emp_a])
        self.assertEqual(line.amount, 0.0)
        self.assertIn("9,000.00 × 0 % = 0.00 due", line.explanation)
        # Unticked: the first band's 2 %: 180 x A 60 % = 108.00.
        rule.gate_own_rate = False
        line = self._lines(self._run(self.march, self.member_a)[self.emp_a])
        self.assertEqual(line.amount, 108.0)
        # 7,000 = 70 %: below the gate minimum 80 %, itself below the first
        # band 100 %: the message names both for what they are.
        self._invoice(self.user_b, "2026-03-05", quantity=7)
        line = self._lines(self._run(self.march, self.member_b)[self.emp_b])
        self.assertIn("below the gate minimum (80 %)", line.explanation)
        self.assertIn("first band (100 %)", line.explanation)

    # ------------------------------------------------------------------
    # 2. R-C7 above list price, prices including VAT
    # ------------------------------------------------------------------
    def _vat_sofa_invoice(self, user, date):
        """A sofa listed at 1,130 VAT included (13 %, i.e. 1,000 untaxed),
        2 sold at 1,356 VAT included (1,200 untaxed)."""
        vat = self.env["account.tax"].create(
            {
                "name": "VAT 13 % included",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": self.company.id,
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "Sofa (VAT incl.)",
                "list_price": 1130.0,
                "standard_price": 600.0,
                "taxes_id": [Command.set(vat.ids)],
            }
        )
        move = self._invoice(
            user, date, quantity=2, price=1356.0, post=False, product=product
        )
        move.invoice_line_ids.tax_ids = vat
        move.action_post()
        self.assertEqual(move.amount_untaxed, 2400.0)
        return move

    def test_r_c7_above_list_after_tax_with_tax_included_list_price(self):
        rule = self._rule("above_list", share_rate=0.5)
        self.assertEqual(rule.above_list_basis, "untaxed")
        # After tax (the rulebook's basis, the default): invoice 2,400
        # untaxed - list 2 x 1,130 / 1.13 = 2,000 untaxed = 400 above list
        # x 50 % = 200.00 (not 2,400 - 2,260 = 140 x 50 % = 70.00).
        self._vat_sofa_invoice(self.user_a, "2026-03-05")
        line = self._lines(self._run(self.march, self.member_a)[self.emp_a])
        self.assertEqual(line.amount, 200.0)
        self.assertIn("after tax", line.explanation)
        # Tax included on both sides: 2 x 1,356 = 2,712 - 2,260 = 452 x 50 %
        # = 226.00.
        rule.above_list_basis = "taxed"
        line = self._lines(self._run(self.march, self.member_a)[self.emp_a])
        self.assertEqual(line.amount, 226.0)
        self.assertIn("tax included", line.explanation)


@tagged("post_install", "-at_install")
class TestHonourGaps(SalesPerformanceCommon):
    """7. R-P3 honours: recorded whatever the rule's Pays As, once per plan's
    appraisal."""

    _dimension_appraisal = test_pay.TestPay._dimension_appraisal

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": cls.emp_a.id,
                "wage": 8000.0,
                "date_start": "2026-01-01",
                "state": "open",
            }
        )
        cls.levels = cls.env.ref("sales_performance.grade_scale_levels")
        cls.q1 = cls._create_ranges(cls.quarter_type)[0]

    def test_r_p3_honour_rule_pays_and_records_an_honour_by_default(self):
        # An honour rule created without touching Pays As: it pays as an
        # honour, and the honour is recorded on the employee. Wang Wei AA /
        # AA / AA in Q1 -> Outstanding: 2 months x 8,000 = 16,000.00.
        rule = self._rule("honour")
        self.assertEqual(rule.payout_kind, "honour")
        self._dimension_appraisal(self.emp_a, self.q1, 97, 96, 99)
        line = self._run(self.march, self.member_a)[self.emp_a].line_ids
        self.assertEqual((line.kind, line.amount), ("honour", 16000.0))
        self.assertEqual(self.emp_a.sp_honour_award_ids.line_id, line)
        # Even set by hand to pay as a bonus, the honour is recorded.
        rule.payout_kind = "bonus"
        line = self._run(self.march, self.member_a)[self.emp_a].line_ids
        self.assertEqual((line.kind, line.amount), ("bonus", 16000.0))
        self.assertEqual(self.emp_a.sp_honour_award_ids.line_id, line)

    def test_r_p3_employee_in_two_plans_is_honoured_once(self):
        # Wang Wei is also in a second plan with an honour rule; his Q1
        # appraisal (AA / AA / AA) belongs to the first plan: only the first
        # plan pays the 16,000.00 honour, the second pays nothing for it.
        other = self.env["sales.performance.plan"].create(
            {
                "name": "2026 Projects",
                "company_id": self.company.id,
                "currency_id": self.currency.id,
                "period_type": "month",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "metric_ids": [Command.set(self.metric_revenue.ids)],
                "member_ids": [
                    Command.create(
                        {"employee_id": self.emp_a.id, "role_id": self.role_sales.id}
                    )
                ],
            }
        )
        other.action_generate_periods()
        self._rule("honour")
        self._rule("honour", plan=other)
        self._dimension_appraisal(self.emp_a, self.q1, 97, 96, 99)
        first = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(first.amount_total, 16000.0)
        second = self._run(self.march, other.member_ids, plan=other)[self.emp_a]
        self.assertFalse(second.line_ids.filtered("amount"))
        self.assertEqual(len(self.emp_a.sp_honour_award_ids), 1)


@tagged("post_install", "-at_install")
class TestFlatRate(SalesPerformanceCommon):
    """9. A flat rate of the base, no target needed, with clawbacks."""

    def test_flat_rate_without_target_cash_rule_off_and_on(self):
        rule = self._rule("flat", flat_rate=0.03, name="3 % of net revenue")
        # No target at all. Wang Wei 12,000 in March -> 3 % = 360.00.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=12)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(march.amount_total, 360.0)
        self.assertIn("12,000.00 × 3 % = 360.00", march.line_ids.explanation)
        self.assertEqual(march.line_ids.source_move_ids, invoice)
        march.with_user(self.user_admin).action_approve()
        # April: nothing sold, 2 returned: clawback 2,000 x 3 % = -60.00.
        self._refund(invoice, "2026-04-10", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(april, "clawback"), [-60.0])
        # more taken back than earned: carried forward (issue 19)
        self.assertEqual(april.amount_total, 0.0)
        self.assertEqual(april.recovery_balance, 60.0)
        # Cash rule on: Li Na 5,000 invoiced in March, paid in May -> May
        # 150.00, March nothing.
        self.plan.cash_basis = True
        other = self._invoice(self.user_b, "2026-03-06", quantity=5)
        self._pay(other, 5000.0, "2026-05-03")
        self.assertEqual(
            self._run(self.march, self.member_b)[self.emp_b].amount_total, 0
        )
        may = self._run(self._period("2026-05"), self.member_b)[self.emp_b]
        self.assertEqual(may.amount_total, 150.0)
        self.assertEqual(rule.payout_kind, "commission")


@tagged("post_install", "-at_install")
class TestLevelProposalGaps(SalesPerformanceCommon):
    """8. R-P4 salary levels from quarterly targets, refreshed, on a chosen
    date, and saying why when there is nothing to read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_a.sp_salary_level_id = cls.env.ref("sales_performance.salary_level_3")
        cls.quarters = cls._create_ranges(cls.quarter_type)
        # Quarterly targets only (no monthly ones): 30,000 a quarter.
        for member in cls.plan.member_ids:
            for quarter in cls.quarters:
                cls._target(member, quarter, 30000.0)

    def test_r_p4_quarterly_targets_refreshed_on_the_chosen_date(self):
        # Wang Wei: Q1 9,000 / 30,000 = 30 %, Q2 10,500 = 35 %, Q3 6,000 =
        # 20 %: three quarters below 40 % -> down from level 3 to level 2.
        for date, price in (
            ("2026-02-15", 9000.0),
            ("2026-05-15", 10500.0),
            ("2026-08-15", 6000.0),
        ):
            self._invoice(self.user_a, date, price=price)
        # Evaluated on 2026-09-30, chosen on the plan; Propose Levels
        # measures the achievements itself (none computed before).
        self.plan.level_evaluation_date = "2026-09-30"
        self.env.invalidate_all()
        self.plan.with_user(self.user_admin).action_propose_levels()
        proposal = self.env["sales.performance.level.proposal"].search(
            [("plan_id", "=", self.plan.id), ("employee_id", "=", self.emp_a.id)]
        )
        self.assertEqual(proposal.kind, "down")
        self.assertEqual(proposal.date, self._date("2026-09-30"))
        self.assertIn("2026 Q1 30.0 %, 2026 Q2 35.0 %, 2026 Q3 20.0 %", proposal.reason)

    def test_r_p4_nothing_to_read_is_said(self):
        # The level metric has no target at all: Propose Levels says so
        # instead of proposing nothing silently.
        self.plan.level_metric_id = self.metric_quantity
        self.plan.level_evaluation_date = "2026-09-30"
        self.env.invalidate_all()
        action = self.plan.with_user(self.user_admin).action_propose_levels()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("no target", action["params"]["message"])


@tagged("post_install", "-at_install")
class TestHardTargetNegativeMonth(SalesPerformanceCommon):
    def test_r_c8_negative_month_pays_nothing(self):
        # R-C8 B = (actual / plan) x actual x 15 %: a month whose net is
        # -2,000 (a return of an uncommissioned sale, nothing sold) would
        # give (-2,000 / 10,000) x -2,000 x 15 % = +60.00: it pays 0.
        self._target(self.member_a, self.april, 10000.0)
        self._rule("hard_target", share_rate=0.15)
        self._invoice(self.user_a, "2026-04-10", price=2000.0, move_type="out_refund")
        line = self._run(self.april, self.member_a)[self.emp_a].line_ids
        self.assertEqual(line.amount, 0.0)
