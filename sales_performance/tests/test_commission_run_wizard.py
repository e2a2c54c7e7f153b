# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestCommissionRunWizard(SalesPerformanceCommon):
    """*Run Commission* opens on the period a performance administrator runs:
    the plan's latest open period that has ended (last month, on the 2nd of
    the month), else its open period of today; the technical chunk size is
    only shown in developer mode."""

    def _wizard(self):
        self.env.invalidate_all()
        Wizard = (
            self.env["sales.performance.commission.run"]
            .with_user(self.user_admin)
            .with_context(default_plan_id=self.plan.id)
        )
        return Form(Wizard)

    @freeze_time("2026-04-02")
    def test_default_period_is_the_month_just_ended(self):
        self.assertEqual(self._wizard().period_id, self.march)

    @freeze_time("2026-01-15")
    def test_default_period_is_today_before_any_period_ended(self):
        # the plan starts on 1 January 2026: no period has ended yet
        self.assertEqual(self._wizard().period_id, self._period("2026-01"))

    @freeze_time("2026-04-02")
    def test_closed_period_is_skipped(self):
        self.march.sudo().sp_state = "closed"
        self.assertEqual(self._wizard().period_id, self._period("2026-02"))

    def test_chunk_size_only_in_developer_mode(self):
        self.assertFalse(self.user_admin.has_group("base.group_no_one"))
        arch = (
            self.env["sales.performance.commission.run"]
            .with_user(self.user_admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        fields = etree.fromstring(arch).xpath("//field/@name")
        self.assertIn("period_id", fields)
        self.assertNotIn("chunk_size", fields)
