# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new company's administrator (issue 15): the plan templates are shared by
every company, a plan started from one belongs to the current company, and a
new plan's periods include the quarters and the year its yearly targets are
entered on and split into months."""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestNewCompanyAdmin(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="New Company B")["company"]
        cls.admin_b = mail_new_test_user(
            cls.env,
            login="sp_admin_b",
            name="Admin of B",
            groups="base.group_user,sales_team.group_sale_manager,"
            "hr.group_hr_user,sales_performance.group_sp_admin",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.user_b_seller, cls.emp_b_seller = cls._create_salesperson(
            "Seller of B", "sp_seller_b", company=cls.company_b
        )
        cls.template = cls.env.ref("sales_performance.plan_template_retail")

    def _as_admin_b(self, model="sales.performance.plan"):
        return self.env[model].with_user(self.admin_b).with_company(self.company_b)

    def _start_plan(self, **values):
        Plan = self._as_admin_b()
        action = Plan.browse(self.template.id).action_sp_start_plan()
        plan = Plan.browse(action["res_id"])
        if values:
            plan.write(values)
        return plan

    # ------------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------------
    def test_templates_are_shared_by_every_company(self):
        templates = self._as_admin_b().search([("is_template", "=", True)])
        self.assertIn(self.template, templates)
        self.assertEqual(len(templates), 3)
        self.assertFalse(templates.company_id)
        # their rules and bands too, read as company B's administrator
        rules = self._as_admin_b("sales.performance.commission.rule").search(
            [("plan_id", "=", self.template.id)]
        )
        self.assertEqual(len(rules), 4)
        self.assertEqual(len(rules.band_ids), 8)
        self.assertEqual(rules.band_ids.mapped("rate")[:1], [0.01])

    def test_start_a_plan_from_a_template_in_the_current_company(self):
        rule_ids = self.template.rule_ids.ids
        band_ids = self.template.rule_ids.band_ids.ids
        action = self._as_admin_b().browse(self.template.id).action_sp_start_plan()
        self.assertEqual(action["res_model"], "sales.performance.plan")
        plan = self.env["sales.performance.plan"].browse(action["res_id"])
        self.assertEqual(plan.company_id, self.company_b)
        self.assertEqual(plan.currency_id, self.company_b.currency_id)
        self.assertFalse(plan.is_template)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.metric_ids, self.template.metric_ids)
        self.assertEqual(
            plan.rule_ids.mapped("name"), self.template.rule_ids.mapped("name")
        )
        self.assertEqual(plan.rule_ids.company_id, self.company_b)
        # its own rules and bands, the same rates
        self.assertFalse(set(plan.rule_ids.ids) & set(rule_ids))
        self.assertFalse(set(plan.rule_ids.band_ids.ids) & set(band_ids))
        self.assertEqual(
            plan.rule_ids.band_ids.mapped("rate"),
            self.template.rule_ids.band_ids.mapped("rate"),
        )
        # the template is unchanged
        self.assertTrue(self.template.is_template)
        self.assertFalse(self.template.company_id)
        self.assertEqual(self.template.rule_ids.ids, rule_ids)
        self.assertEqual(self.template.rule_ids.band_ids.ids, band_ids)

    def test_duplicate_a_template_from_the_templates_menu(self):
        """Duplicate in *Plan Templates* (whose context makes new records
        templates) gives a plan of the current company, not a template."""
        Plan = self._as_admin_b().with_context(default_is_template=True)
        plan = Plan.browse(self.template.id).copy()
        self.assertFalse(plan.is_template)
        self.assertEqual(plan.company_id, self.company_b)
        self.assertEqual(len(plan.rule_ids), 4)
        # a template may still be copied as a template on purpose
        copy = Plan.browse(self.template.id).copy({"is_template": True})
        self.assertTrue(copy.is_template)

    def test_a_company_sees_neither_another_companys_plans_nor_their_rules(self):
        plan_b = self._start_plan()
        plans = self._as_admin_b().search([])
        self.assertNotIn(self.plan, plans)
        self.assertIn(plan_b, plans)
        with self.assertRaises(AccessError):
            self._as_admin_b().browse(self.plan.id).read(["name"])
        rules_a = self.env["sales.performance.commission.rule"].create(
            {
                "plan_id": self.plan.id,
                "name": "A's rule",
                "band_ids": [Command.create({"lower": 0, "upper": 0, "rate": 0.01})],
            }
        )
        self.assertFalse(
            self._as_admin_b("sales.performance.commission.rule").search(
                [("id", "=", rules_a.id)]
            )
        )
        # and company A's administrator does not see B's plan
        self.assertFalse(
            self.env["sales.performance.plan"]
            .with_user(self.user_admin)
            .search([("id", "=", plan_b.id)])
        )

    def test_only_a_template_is_without_company(self):
        with self.assertRaises(ValidationError):
            self._as_admin_b().create(
                {
                    "name": "No company",
                    "company_id": False,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                }
            )
        with self.assertRaises(UserError):
            self._as_admin_b().browse(self.template.id).action_generate_periods()

    def test_upgrade_shares_the_templates_of_the_first_company(self):
        """18.0.1.2.0's post-migrate script: templates created in the first
        company by an earlier version become shared, with their rules; a
        template in use (with members) stays where it is."""
        path = Path(__file__).parents[1] / "migrations/18.0.1.2.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("sp_post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        project = self.env.ref("sales_performance.plan_template_project")
        (self.template | project).company_id = self.company
        project.member_ids = [Command.create({"employee_id": self.emp_a.id})]
        rule = self.env.ref("sales_performance.rule_plan_company")
        rule.domain_force = "[('company_id', 'in', company_ids)]"
        self.assertEqual(self.template.rule_ids.company_id, self.company)
        self.assertFalse(self._as_admin_b().search([("id", "=", self.template.id)]))
        script.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertFalse(self.template.company_id)
        self.assertFalse(self.template.rule_ids.company_id)
        self.assertEqual(project.company_id, self.company)
        self.assertIn("('company_id', '=', False)", rule.domain_force)
        self.assertTrue(self._as_admin_b().search([("id", "=", self.template.id)]))

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    def _ranges(self, range_type):
        return self.env["date.range"].search(
            [("type_id", "=", range_type.id), ("company_id", "=", self.company_b.id)],
            order="date_start",
        )

    def test_generate_periods_makes_months_quarters_and_the_year(self):
        plan = self._start_plan(date_start="2026-01-01", date_end="2026-12-31")
        plan.action_generate_periods()
        self.assertEqual(len(self._ranges(self.month_type)), 12)
        self.assertEqual(
            self._ranges(self.quarter_type).mapped("name"),
            ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"],
        )
        self.assertEqual(self._ranges(self.year_type).mapped("name"), ["2026"])
        # the plan's own periods are still its months
        self.assertEqual(len(plan.period_ids), 12)
        self.assertEqual(set(plan.period_ids.mapped("sp_period_type")), {"month"})
        # generating again creates nothing
        plan.action_generate_periods()
        self.assertEqual(len(self._ranges(self.quarter_type)), 4)
        self.assertEqual(len(self._ranges(self.year_type)), 1)

    def test_generate_periods_of_a_fiscal_year_or_a_quarterly_plan(self):
        # April to March: the calendar quarters inside it, no calendar year
        plan = self._start_plan(date_start="2026-04-01", date_end="2027-03-31")
        plan.action_generate_periods()
        self.assertEqual(len(self._ranges(self.month_type)), 12)
        self.assertEqual(
            self._ranges(self.quarter_type).mapped("name"),
            ["2026 Q2", "2026 Q3", "2026 Q4", "2027 Q1"],
        )
        self.assertFalse(self._ranges(self.year_type))
        # a quarterly plan: its quarters and its year, no months
        quarterly = self._start_plan(
            name="Quarterly",
            period_type="quarter",
            date_start="2028-01-01",
            date_end="2028-12-31",
        )
        quarterly.action_generate_periods()
        self.assertEqual(len(quarterly.period_ids), 4)
        self.assertEqual(self._ranges(self.year_type).mapped("name"), ["2028"])
        self.assertFalse(
            self._ranges(self.month_type).filtered(lambda r: r.date_start.year == 2028)
        )

    def test_searching_the_year_finds_the_years_periods(self):
        plan = self._start_plan(date_start="2026-01-01", date_end="2026-12-31")
        plan.action_generate_periods()
        DateRange = self._as_admin_b("date.range")
        # the period field of Split Targets › Into periods
        found = DateRange.name_search(
            "2026",
            [
                ("sp_period_type", "in", ["quarter", "year"]),
                ("company_id", "in", (self.company_b.id, False)),
                ("date_start", ">=", "2026-01-01"),
                ("date_end", "<=", "2026-12-31"),
            ],
            limit=8,
        )
        names = [name for __, name in found]
        self.assertIn("2026", names)
        self.assertEqual(len(names), 5)

    # ------------------------------------------------------------------
    # Splitting a yearly target
    # ------------------------------------------------------------------
    def test_split_a_yearly_target_of_a_new_plan_into_months(self):
        plan = self._start_plan(
            name="2026 Plan of B",
            date_start="2026-01-01",
            date_end="2026-12-31",
            member_ids=[
                Command.create(
                    {"employee_id": self.emp_b_seller.id, "role_id": self.role_sales.id}
                )
            ],
        )
        plan.action_generate_periods()
        year = self._ranges(self.year_type)
        form = Form(
            self._as_admin_b("sales.performance.target.decompose").with_context(
                default_plan_id=plan.id
            )
        )
        # split into the plan's periods (months) by default
        self.assertEqual(form.child_range_type_id, self.month_type)
        form.metric_id = self.metric_revenue
        form.period_id = year
        form.member_id = plan.member_ids
        form.amount = 120000.0
        self.assertEqual(len(form.line_ids), 12)
        form.save().action_apply()
        parent = plan.target_ids.filtered(lambda t: t.period_id == year)
        months = parent.child_ids.sorted("period_start")
        self.assertEqual(len(months), 12)
        self.assertEqual(set(months.mapped("amount")), {10000.0})
        self.assertEqual(sum(months.mapped("amount")), parent.amount)
        self.assertEqual(months.period_id, plan.period_ids)
        self.assertEqual(plan.target_ids.company_id, self.company_b)
        plan.action_approve()
        self.assertEqual(plan.state, "approved")
