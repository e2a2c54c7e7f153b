# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import tagged

from .common import SalesPerformanceCommon

EXTRA_TYPE = ("base_share", "Share of the base (another module's type)")


def _compute_base_share(rule, ctx, members):
    """What another module adds with ``selection_add`` and one method: the
    base (net revenue) x the flat rate, nothing about refunds or corrections."""
    payouts = []
    for member in members:
        base = ctx.base(rule.metric_id, member)
        amount = base * rule.flat_rate
        payouts.append(
            rule._payout(
                member,
                amount,
                f"{base:,.2f} × {rule.flat_rate:.0%} = {amount:,.2f}.",
                base_amount=base,
                rate=rule.flat_rate,
                move_ids=ctx.base_moves(rule.metric_id, member),
            )
        )
    return payouts


@tagged("post_install", "-at_install")
class TestRuleTypeExtension(SalesPerformanceCommon):
    """A rule type added by another module (``selection_add`` and a
    ``_compute_<type>`` method) gets clawbacks (R-C11) and corrections
    (R-W2) from the engine, with no change to it: the rule-type hooks
    default to a rule paying on a metric's base."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["sales.performance.commission.rule"]
        field = Rule._fields["rule_type"]
        cls.startClassPatcher(
            patch.object(field, "selection", [*field.selection, EXTRA_TYPE])
        )
        cls.startClassPatcher(
            patch.object(field, "_selection", dict([*field.selection, EXTRA_TYPE]))
        )
        cls.startClassPatcher(
            patch.object(
                type(Rule), "_compute_base_share", _compute_base_share, create=True
            )
        )
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.rule = cls._rule("base_share", name="Base share 3 %", flat_rate=0.03)

    def _approve(self, statement):
        statement.with_user(self.user_approver).action_approve()

    def test_hooks_default_to_a_rule_on_a_metric_base(self):
        self.assertEqual(self.rule._sp_clawback_metric(), self.rule.metric_id)
        self.assertFalse(self.rule._sp_is_collective())
        self.assertFalse(self.rule._sp_pays_per_deal())
        self.assertEqual(self.rule.payout_kind, "commission")

    def test_r_c11_refund_of_an_approved_month_is_clawed_back(self):
        # March: 10 sofas = 10,000.00 x 3 % = 300.00, approved.
        invoice = self._invoice(self.user_a, "2026-03-05", quantity=10)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(march), [300.0])
        self._approve(march)
        # April (R-C11): new sales of 5,000.00 and a refund of 2 sofas
        # (2,000.00) of the commissioned March invoice. April's own
        # commission is on its sales without the refund: 5,000.00 x 3 % =
        # 150.00; the refund is a clawback at the rate paid on the invoice:
        # -2,000.00 x 3 % = -60.00, at most the 300.00 paid on it.
        # April pays 150.00 - 60.00 = 90.00.
        self._invoice(self.user_a, "2026-04-08", quantity=5)
        refund = self._refund(invoice, "2026-04-12", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        commission = april.line_ids.filtered(lambda line: line.kind == "commission")
        clawback = april.line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(commission.amount, 150.0)
        self.assertEqual(clawback.amount, -60.0)
        self.assertEqual(clawback.rule_id, self.rule)
        self.assertEqual(clawback.source_move_ids, refund)
        self.assertIn("R-C11", clawback.explanation)
        self.assertEqual(april.amount_total, 90.0)
        # Rerunning April books it once only.
        april = self._run(self.april, self.member_a)[self.emp_a]
        self.assertEqual(april.amount_total, 90.0)

    def test_r_w2_change_of_an_approved_month_is_a_correction(self):
        # March: 4 sofas = 4,000.00 x 3 % = 120.00, approved.
        self._invoice(self.user_a, "2026-03-05", quantity=4)
        march = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(self._amounts(march), [120.0])
        self._approve(march)
        # A March invoice of 1 sofa posted after approval (R-W2): March now
        # earns 5,000.00 x 3 % = 150.00, 30.00 more than the 120.00 paid;
        # April pays it as a correction of March, besides its own 2 sofas:
        # 2,000.00 x 3 % = 60.00. What March paid stays as it was.
        late = self._invoice(self.user_a, "2026-03-20", quantity=1)
        self._invoice(self.user_a, "2026-04-08", quantity=2)
        april = self._run(self.april, self.member_a)[self.emp_a]
        correction = april.line_ids.filtered(lambda line: line.origin_statement_id)
        self.assertEqual(correction.amount, 30.0)
        self.assertEqual(correction.rule_id, self.rule)
        self.assertEqual(correction.origin_statement_id, march)
        self.assertIn(late, correction.source_move_ids)
        self.assertEqual(april.amount_total, 90.0)
        self.assertEqual(self._amounts(march), [120.0])
