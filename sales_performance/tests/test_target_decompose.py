# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestTargetDecompose(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ranges(cls.year_type)
        cls._create_ranges(cls.quarter_type)
        cls.year = cls._period("2026", cls.year_type)
        cls.retail = cls.env.ref("sales_performance.seasonality_retail")

    def _wizard(self, **values):
        form = Form(
            self.env["sales.performance.target.decompose"].with_context(
                default_plan_id=self.plan.id
            )
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def test_r_t1_yearly_to_months_flat_keeps_sum(self):
        # 100,000.00 over 12 equal months: 8,333.33 x 11 + 8,333.37 (January
        # takes the 0.04 remainder as the first of equal weights).
        form = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_a,
            amount=100000.0,
            child_range_type_id=self.month_type,
        )
        self.assertEqual(len(form.line_ids), 12)
        form.save().action_apply()
        parent = self.plan.target_ids.filtered(lambda t: t.period_id == self.year)
        months = parent.child_ids.sorted("period_start")
        self.assertEqual(len(months), 12)
        self.assertAlmostEqual(sum(months.mapped("amount")), 100000.0, places=2)
        self.assertAlmostEqual(months[0].amount, 8333.37, places=2)
        self.assertAlmostEqual(months[0].rounding_adjustment, 0.04, places=2)
        self.assertEqual(set(months[1:].mapped("amount")), {8333.33})
        self.assertEqual(months.mapped("employee_id"), self.emp_a)

    def test_r_t1_yearly_to_months_with_seasonality(self):
        # Retail weights sum to 12.0: Jan 1.4, Feb 1.3, Mar 0.8, Apr 0.8,
        # May 1.0, Jun 0.9, Jul 0.8, Aug 0.8, Sep 1.0, Oct 1.2, Nov 1.0, Dec 1.0.
        # 120,000 x 1.4 / 12 = 14,000; x 1.3 / 12 = 13,000; x 0.8 / 12 = 8,000;
        # x 0.9 / 12 = 9,000; x 1.2 / 12 = 12,000; x 1.0 / 12 = 10,000.
        form = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_b,
            amount=120000.0,
            child_range_type_id=self.month_type,
            seasonality_id=self.retail,
        )
        form.save().action_apply()
        months = self.plan.target_ids.filtered(
            lambda t: t.employee_id == self.emp_b and t.parent_id
        ).sorted("period_start")
        self.assertEqual(
            months.mapped("amount"),
            [
                14000.0,
                13000.0,
                8000.0,
                8000.0,
                10000.0,
                9000.0,
                8000.0,
                8000.0,
                10000.0,
                12000.0,
                10000.0,
                10000.0,
            ],
        )
        self.assertFalse(any(months.mapped("rounding_adjustment")))

    def test_r_t2_year_to_quarters_with_seasonality(self):
        # Quarter weights are their months' sums: Q1 3.5, Q2 2.7, Q3 2.6, Q4 3.2.
        # 10,000.00 x 3.5 / 12 = 2,916.666.. -> 2,916.67; x 2.7/12 = 2,250.00;
        # x 2.6/12 = 2,166.666.. -> 2,166.67; x 3.2/12 = 2,666.666.. -> 2,666.67.
        # Sum 10,000.01: remainder -0.01 on Q1 (largest weight) -> 2,916.66.
        form = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_c,
            amount=10000.0,
            child_range_type_id=self.quarter_type,
            seasonality_id=self.retail,
        )
        form.save().action_apply()
        quarters = self.plan.target_ids.filtered(
            lambda t: t.employee_id == self.emp_c and t.parent_id
        ).sorted("period_start")
        self.assertEqual(quarters.mapped("amount"), [2916.66, 2250.0, 2166.67, 2666.67])
        self.assertAlmostEqual(quarters[0].rounding_adjustment, -0.01, places=2)

    def test_r_t2_node_to_members_by_shares(self):
        # Store target 1,000.00 in March, three salespeople 33.3333 / 33.3333 /
        # 33.3334 %: 333.33 + 333.33 + 333.34 (the cent on the largest share).
        form = self._wizard(
            mode="members",
            metric_id=self.metric_revenue,
            period_id=self.march,
            label="Store Xujiahui",
            amount=1000.0,
        )
        self.assertEqual(len(form.line_ids), 3)
        for index, share in enumerate((33.3333, 33.3333, 33.3334)):
            with form.line_ids.edit(index) as line:
                line.weight = share
        form.save().action_apply()
        node = self.plan.target_ids.filtered(
            lambda t: t.label == "Store Xujiahui" and not t.parent_id
        )
        self.assertEqual(node.amount, 1000.0)
        children = node.child_ids.sorted(lambda t: t.member_id.sequence)
        self.assertEqual(children.mapped("amount"), [333.33, 333.33, 333.34])
        self.assertEqual(
            children.mapped("employee_id"), self.emp_a | self.emp_b | self.emp_c
        )
        self.plan.action_approve()  # children add up to their parent
        self.assertEqual(self.plan.state, "approved")

    def test_r_t2_shares_not_100_refused(self):
        form = self._wizard(
            mode="members",
            metric_id=self.metric_revenue,
            period_id=self.march,
            label="Store Jing'an",
            amount=900.0,
        )
        with form.line_ids.edit(0) as line:
            line.weight = 50.0
        wizard = form.save()
        with self.assertRefused(ValidationError, "instead of 100"):
            wizard.action_apply()
        self.assertFalse(
            self.plan.target_ids.filtered(lambda t: t.label == "Store Jing'an")
        )

    def test_r_t5_zero_amount_refused(self):
        wizard = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_a,
            amount=0.0,
            child_range_type_id=self.month_type,
        ).save()
        with self.assertRefused(ValidationError, "positive amount"):
            wizard.action_apply()

    def test_resplit_replaces_children(self):
        wizard = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_a,
            amount=1200.0,
            child_range_type_id=self.month_type,
        ).save()
        wizard.action_apply()
        parent = self.plan.target_ids.filtered(lambda t: t.period_id == self.year)
        self.assertEqual(set(parent.child_ids.mapped("amount")), {100.0})
        # Split the same parent again by quarters: the months are replaced.
        form = Form(
            self.env["sales.performance.target.decompose"].with_context(
                default_plan_id=self.plan.id, default_parent_target_id=parent.id
            )
        )
        form.child_range_type_id = self.quarter_type
        form.save().action_apply()
        self.assertEqual(parent.child_ids.mapped("amount"), [300.0] * 4)
        self.assertEqual(
            set(parent.child_ids.period_id.mapped("sp_period_type")), {"quarter"}
        )

    def test_split_refused_on_approved_plan(self):
        self.plan.action_approve()
        wizard = self._wizard(
            mode="periods",
            metric_id=self.metric_revenue,
            period_id=self.year,
            member_id=self.member_a,
            amount=1200.0,
            child_range_type_id=self.month_type,
        ).save()
        with self.assertRefused(UserError, "reset it to draft"):
            wizard.action_apply()
