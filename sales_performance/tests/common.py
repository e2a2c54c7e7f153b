# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures: a company with a chart of accounts, a sales team of
employees with users, a 2026 monthly plan and helpers for invoices, refunds
and payments. Amounts are in the test company's currency unless stated."""

import sys
from contextlib import contextmanager

from odoo import Command, fields
from odoo.models import BaseModel

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class SalesPerformanceCommon(AccountTestInvoicingCommon):
    @classmethod
    def get_default_groups(cls):
        # The test user configures plans, manages employees and sells.
        return (
            super().get_default_groups()
            | cls.env.ref("sales_performance.group_sp_admin")
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("hr.group_hr_user")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        cls.currency = cls.company.currency_id
        cls.metric_revenue = cls.env.ref("sales_performance.metric_net_revenue")
        cls.metric_cash = cls.env.ref("sales_performance.metric_cash_collected")
        cls.metric_margin = cls.env.ref("sales_performance.metric_margin")
        cls.metric_new_customers = cls.env.ref("sales_performance.metric_new_customers")
        cls.metric_agents = cls.env.ref("sales_performance.metric_signed_agents")
        cls.metric_quantity = cls.env.ref("sales_performance.metric_quantity")
        cls.role_sales = cls.env.ref("sales_performance.role_salesperson")
        cls.role_manager = cls.env.ref("sales_performance.role_sales_manager")
        cls.month_type = cls.env.ref("sales_performance.date_range_type_month")
        cls.quarter_type = cls.env.ref("sales_performance.date_range_type_quarter")
        cls.year_type = cls.env.ref("sales_performance.date_range_type_year")

        # A manager with two salespeople, and a salesperson of another team.
        cls.user_manager, cls.emp_manager = cls._create_salesperson(
            "Zhang Min",
            "sp_manager",
            "sales_performance.group_sp_manager,account.group_account_invoice",
        )
        cls.user_a, cls.emp_a = cls._create_salesperson(
            "Wang Wei", "sp_wang", manager=cls.emp_manager
        )
        cls.user_b, cls.emp_b = cls._create_salesperson(
            "Li Na", "sp_li", manager=cls.emp_manager
        )
        cls.user_c, cls.emp_c = cls._create_salesperson("Chen Jie", "sp_chen")
        cls.user_admin = mail_new_test_user(
            cls.env,
            login="sp_admin",
            name="Performance Admin",
            groups="base.group_user,sales_team.group_sale_manager,"
            "account.group_account_invoice,sales_performance.group_sp_admin",
            company_id=cls.company.id,
        )

        cls.product_sofa = cls.env["product.product"].create(
            {
                "name": "Sofa",
                "list_price": 1000.0,
                "standard_price": 600.0,
                "taxes_id": [Command.clear()],
                "property_account_income_id": cls.company_data[
                    "default_account_revenue"
                ].id,
            }
        )
        cls.customer_1 = cls.env["res.partner"].create({"name": "Customer One"})
        cls.customer_2 = cls.env["res.partner"].create({"name": "Customer Two"})
        cls.customer_3 = cls.env["res.partner"].create({"name": "Customer Three"})

        cls.plan = cls.env["sales.performance.plan"].create(
            {
                "name": "2026 Sales",
                "company_id": cls.company.id,
                "currency_id": cls.currency.id,
                "period_type": "month",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "metric_ids": [
                    Command.set(
                        (
                            cls.metric_revenue
                            | cls.metric_cash
                            | cls.metric_margin
                            | cls.metric_new_customers
                            | cls.metric_quantity
                        ).ids
                    )
                ],
                "member_ids": [
                    Command.create(
                        {"employee_id": cls.emp_a.id, "role_id": cls.role_sales.id}
                    ),
                    Command.create(
                        {"employee_id": cls.emp_b.id, "role_id": cls.role_sales.id}
                    ),
                    Command.create(
                        {"employee_id": cls.emp_c.id, "role_id": cls.role_sales.id}
                    ),
                ],
            }
        )
        cls.plan.action_generate_periods()
        cls.member_a, cls.member_b, cls.member_c = cls.plan.member_ids
        cls.march = cls._period("2026-03")
        cls.april = cls._period("2026-04")

    def setUp(self):
        super().setUp()
        # Every step is done by the user who does it, on a cold cache: each
        # ``with_user`` of these tests starts from an invalidated cache, so
        # that records read earlier as the superuser cannot hide an
        # AccessError from a salesperson, a manager, an approver or a
        # payroll officer.
        # (Only the tests' own calls: the code under test keeps its cache.)
        with_user = BaseModel.with_user

        def cold_with_user(records, user):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith(__package__):
                records.env.invalidate_all()
            return with_user(records, user)

        self.patch(BaseModel, "with_user", cold_with_user)

    # ------------------------------------------------------------------
    # Fixtures helpers
    # ------------------------------------------------------------------
    @classmethod
    def _create_salesperson(
        cls,
        name,
        login,
        group="sales_performance.group_sp_user",
        manager=None,
        company=None,
    ):
        company = company or cls.company_data["company"]
        user = mail_new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=f"base.group_user,sales_team.group_sale_salesman,{group}",
            company_id=company.id,
        )
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "user_id": user.id,
                "company_id": company.id,
                "parent_id": manager.id if manager else False,
            }
        )
        return user, employee

    @classmethod
    def _create_ranges(cls, range_type, date_start="2026-01-01", date_end="2026-12-31"):
        """Ranges of ``range_type`` over the dates, as a plan generates them."""
        return range_type._sp_generate_ranges(
            cls.company_data["company"],
            fields.Date.to_date(date_start),
            fields.Date.to_date(date_end),
        )

    @classmethod
    def _period(cls, name, range_type=None):
        return cls.env["date.range"].search(
            [
                ("name", "=", name),
                ("type_id", "=", (range_type or cls.month_type).id),
                ("company_id", "=", cls.company_data["company"].id),
            ]
        )

    @classmethod
    def _invoice(
        cls,
        user,
        date,
        quantity=1.0,
        price=1000.0,
        partner=None,
        move_type="out_invoice",
        currency=None,
        post=True,
        product=None,
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer_1).id,
                "invoice_date": date,
                "date": date,
                "invoice_user_id": user.id,
                "currency_id": (currency or cls.company_data["currency"]).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.product_sofa).id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, date, currency=None):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": date,
                    "currency_id": (currency or invoice.currency_id).id,
                }
            )
        )
        return wizard._create_payments()

    @classmethod
    def _refund(cls, invoice, date, quantity=None, post=True):
        reversal = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {"journal_id": invoice.journal_id.id, "date": date, "reason": "Return"}
            )
        )
        refund = cls.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_date = date
        if quantity is not None:
            refund.invoice_line_ids.quantity = quantity
        if post:
            refund.action_post()
        return refund

    @contextmanager
    def assertRefused(self, exception, regex):
        """The statement raises ``exception`` matching ``regex`` and leaves
        nothing written: it runs in a savepoint rolled back on error."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield

    def _credits(self, move, kind="invoice"):
        return move.sp_credit_ids.filtered(lambda c: c.kind == kind).sorted(
            lambda c: (c.employee_id.name, c.date)
        )

    def _achievements(self, periods, plan=None):
        plan = plan or self.plan
        self.env["sales.performance.achievement"]._sp_compute(plan, periods)
        return {
            (a.employee_id, a.period_id, a.metric_id): a for a in plan.achievement_ids
        }

    # ------------------------------------------------------------------
    # Commission helpers
    # ------------------------------------------------------------------
    @classmethod
    def _rule(cls, rule_type, bands=(), plan=None, **values):
        """A commission rule; ``bands`` are (lower, upper, rate) triples."""
        return cls.env["sales.performance.commission.rule"].create(
            dict(
                {
                    "name": values.pop("name", rule_type),
                    "plan_id": (plan or cls.plan).id,
                    "rule_type": rule_type,
                    "band_ids": [
                        Command.create({"lower": lower, "upper": upper, "rate": rate})
                        for lower, upper, rate in bands
                    ],
                },
                **values,
            )
        )

    @classmethod
    def _target(cls, member, period, amount, metric=None):
        return cls.env["sales.performance.target"].create(
            {
                "plan_id": member.plan_id.id,
                "member_id": member.id,
                "period_id": period.id,
                "metric_id": (metric or cls.metric_revenue).id,
                "amount": amount,
            }
        )

    @classmethod
    def _grade(cls, code, scale="grade_scale_sabcd"):
        return cls.env.ref(f"sales_performance.{scale}").grade_ids.filtered(
            lambda g: g.code == code
        )

    @classmethod
    def _appraise(cls, employee, period, code, scale="grade_scale_sabcd", plan=None):
        """A published appraisal with the grade ``code`` (what commission
        gates on)."""
        grade = cls._grade(code, scale)
        return (
            cls.env["sales.performance.appraisal"]
            .sudo()
            .create(
                {
                    "plan_id": (plan or cls.plan).id,
                    "employee_id": employee.id,
                    "period_id": period.id,
                    "scale_id": grade.scale_id.id,
                    "grade_id": grade.id,
                    "total_score": grade.score_from,
                    "state": "published",
                }
            )
        )

    def _change_rules(self, period, edit, plan=None, reason=None, user=None):
        """Issue 19: change the plan's rules from ``period`` the way the
        administrator does (Change Rules, edit the draft version's rules with
        ``edit(rules)``, preview the corrections when it reaches back,
        approve), as ``user`` (the performance administrator by default).
        Returns the approved version."""
        plan = plan or self.plan
        user = user or self.user_admin
        self.env.invalidate_all()
        action = plan.with_user(user).action_change_rules()
        version = self.env["sales.performance.plan.version"].with_user(user)
        version = version.browse(action["res_id"])
        version.period_id = period
        edit(version.rule_ids)
        if reason:
            version.reason = reason
        if version.is_retroactive:
            version.action_preview()
        version.action_approve()
        return version

    def _run(self, period, members=None, plan=None):
        statements = self.env["sales.performance.statement"]._sp_run(
            plan or self.plan, period, members
        )
        return {s.employee_id: s for s in statements}

    @staticmethod
    def _amounts(statement, kind=None):
        lines = statement.line_ids.filtered(lambda line: not kind or line.kind == kind)
        return sorted(lines.mapped("amount"))

    @staticmethod
    def _date(value):
        return fields.Date.to_date(value)
