# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Performance early in a month: "Earned so far" is 0 while "At this
pace" projects an amount, and the page says why, in the rules' own words and
in the salesperson's language."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestDashboardSalesperson(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls._target(cls.member_a, cls.march, 10000.0)
        # 2 % from half of the target on
        cls._rule("tiered", [(0.5, 0.0, 0.02)], name="From half 2 %")
        cls.plan.action_approve()
        cls._invoice(cls.user_a, "2026-03-02", quantity=1)  # 1,000.00

    def _dashboard(self):
        self.plan.action_compute_achievements()
        # the web client's context carries the user's language
        return (
            self.env["sales.performance.dashboard"]
            .with_user(self.user_a)
            .with_context(lang=self.user_a.lang)
            .create({})
        )

    @freeze_time("2026-03-02")
    def test_nothing_earned_yet_says_why(self):
        dashboard = self._dashboard()
        # 1,000 of 10,000 (10 %) is below the first band: 0 so far; at the
        # pace of 2 of 31 days: 1,000 / (2 / 31) = 15,500 x 2 % = 310.00.
        self.assertEqual(dashboard.commission_to_date, 0.0)
        self.assertEqual(dashboard.commission_projected, 310.0)
        note = dashboard.commission_note
        self.assertIn("the first 2 of the 31 days of 2026-03", note)
        self.assertIn("Nothing is earned yet:", note)
        self.assertIn(
            "From half 2 %: 1,000.00 / 10,000.00 = 10 % completion, below the first "
            "band (50 %): no commission.",
            note,
        )

    @freeze_time("2026-03-02")
    def test_the_reason_reads_in_the_salespersons_language(self):
        self.user_a.lang = "zh_CN"
        note = self._dashboard().commission_note
        self.assertIn("完成比例 10 %，低于首个区间（50 %）：无提成。", note)

    @freeze_time("2026-03-20")
    def test_no_reason_when_something_is_earned(self):
        self._invoice(self.user_a, "2026-03-15", quantity=5)  # 6,000 in all
        dashboard = self._dashboard()
        self.assertEqual(dashboard.commission_to_date, 120.0)
        self.assertNotIn("Nothing is earned yet", dashboard.commission_note)
        self.assertIn("the first 20 of the 31 days", dashboard.commission_note)
