# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestSecurity(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env["sales.performance.target"]
        cls.targets = Target.create(
            [
                {
                    "plan_id": cls.plan.id,
                    "member_id": member.id,
                    "period_id": cls.march.id,
                    "metric_id": cls.metric_revenue.id,
                    "amount": 1000.0,
                }
                for member in (cls.member_a, cls.member_b, cls.member_c)
            ]
        )
        cls.target_a, cls.target_b, cls.target_c = cls.targets
        cls.inv_a = cls._invoice(cls.user_a, "2026-03-02")
        cls.inv_b = cls._invoice(cls.user_b, "2026-03-03")
        cls.inv_c = cls._invoice(cls.user_c, "2026-03-04")
        cls.env["sales.performance.achievement"]._sp_compute(cls.plan, cls.march)

    def test_salesperson_sees_only_own_figures(self):
        for model in (
            "sales.performance.target",
            "sales.performance.credit",
            "sales.performance.achievement",
            "sales.performance.member",
        ):
            records = self.env[model].with_user(self.user_a).search([])
            self.assertTrue(records, model)
            self.assertEqual(records.employee_id, self.emp_a, model)
        # Reading another salesperson's record is refused.
        with self.assertRaises(AccessError):
            self.target_b.with_user(self.user_a).read(["amount"])
        with self.assertRaises(AccessError):
            self.inv_b.sp_credit_ids.with_user(self.user_a).read(["amount_revenue"])
        achievement_c = self.plan.achievement_ids.filtered(
            lambda a: a.employee_id == self.emp_c
        )
        with self.assertRaises(AccessError):
            achievement_c[0].with_user(self.user_a).read(["actual"])

    def test_salesperson_cannot_change_targets_or_splits(self):
        with self.assertRaises(AccessError):
            self.target_a.with_user(self.user_a).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.env["sales.performance.split"].with_user(self.user_a).create(
                {"move_id": self.inv_a.id, "employee_id": self.emp_a.id, "share": 100.0}
            )
        with self.assertRaises(AccessError):
            self.env["sales.performance.achievement"].with_user(self.user_a).create(
                {
                    "plan_id": self.plan.id,
                    "member_id": self.member_a.id,
                    "employee_id": self.emp_a.id,
                    "period_id": self.march.id,
                    "metric_id": self.metric_revenue.id,
                }
            )

    def test_manager_sees_team(self):
        targets = (
            self.env["sales.performance.target"].with_user(self.user_manager).search([])
        )
        self.assertEqual(targets, self.target_a | self.target_b)
        achievements = (
            self.env["sales.performance.achievement"]
            .with_user(self.user_manager)
            .search([])
        )
        self.assertEqual(achievements.employee_id, self.emp_a | self.emp_b)
        with self.assertRaises(AccessError):
            self.target_c.with_user(self.user_manager).read(["amount"])

    def test_manager_edits_split_salesperson_reads_it(self):
        self.inv_a.with_user(self.user_manager).write(
            {
                "sp_split_ids": [
                    Command.create({"employee_id": self.emp_a.id, "share": 50.0}),
                    Command.create({"employee_id": self.emp_b.id, "share": 50.0}),
                ]
            }
        )
        self.assertEqual(len(self.inv_a.sp_credit_ids), 2)
        split = self.inv_a.sp_split_ids.with_user(self.user_a)
        self.assertEqual(split.mapped("share"), [50.0, 50.0])
        self.assertFalse(self.inv_a.with_user(self.user_a).sp_split_editable)
        self.assertTrue(self.inv_a.with_user(self.user_manager).sp_split_editable)

    def test_admin_sees_all(self):
        targets = (
            self.env["sales.performance.target"].with_user(self.user_admin).search([])
        )
        self.assertEqual(targets, self.targets)

    def test_plan_visible_to_its_members_only(self):
        other = self.plan.copy({"name": "Other plan", "member_ids": []})
        plans = self.env["sales.performance.plan"].with_user(self.user_a).search([])
        self.assertEqual(plans, self.plan)
        with self.assertRaises(AccessError):
            other.with_user(self.user_a).read(["name"])

    def test_multi_company_isolation(self):
        other_company = self.setup_other_company()["company"]
        user_x, __ = self._create_salesperson(
            "Other Co Admin",
            "sp_other_admin",
            "sales_performance.group_sp_admin",
            company=other_company,
        )
        user_x.company_ids = other_company
        # no plan of another company; only the templates shared by every
        # company (no company, issue 15)
        plans = self.env["sales.performance.plan"].with_user(user_x).search([])
        self.assertFalse(plans.filtered("company_id"))
        self.assertEqual(set(plans.mapped("is_template")), {True})
        self.assertNotIn(self.plan, plans)
        self.assertFalse(
            self.env["sales.performance.credit"].with_user(user_x).search([])
        )
        with self.assertRaises(AccessError):
            self.plan.with_user(user_x).read(["name"])

    def test_invoice_posted_by_accountant_without_performance_rights(self):
        # Posting is not a performance right: credits are written anyway.
        accountant = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "sp_accountant",
                "groups_id": [
                    Command.set(self.env.ref("account.group_account_invoice").ids)
                ],
            }
        )
        invoice = self._invoice(self.user_b, "2026-03-09", post=False)
        invoice.with_user(accountant).action_post()
        self.assertEqual(invoice.sp_credit_ids.employee_id, self.emp_b)

    def test_with_user_starts_from_a_cold_cache(self):
        # The suite's harness (common.py): a value the test user read stays
        # in the ORM cache, shared by every environment of the transaction,
        # and a field read through a warm cache makes no access check. Each
        # ``with_user`` of these tests invalidates the cache first, so a
        # salesperson's read goes to the database through the record rules.
        amount = self.target_b._fields["amount"]
        self.assertEqual(self.target_b.amount, 1000.0)
        self.assertTrue(self.env.cache.contains(self.target_b, amount))
        as_a = self.target_b.with_user(self.user_a)
        self.assertFalse(as_a.env.cache.contains(as_a, amount))
        with self.assertRaises(AccessError):
            as_a.read(["amount"])
