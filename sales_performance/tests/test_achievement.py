# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestAchievement(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env["sales.performance.target"]
        for member, amount, minimum in (
            (cls.member_a, 4000.0, 3000.0),
            (cls.member_b, 2000.0, 0.0),
            (cls.member_c, 5000.0, 3000.0),
        ):
            Target.create(
                {
                    "plan_id": cls.plan.id,
                    "member_id": member.id,
                    "period_id": cls.march.id,
                    "metric_id": cls.metric_revenue.id,
                    "amount": amount,
                    "minimum_amount": minimum,
                }
            )
        Target.create(
            {
                "plan_id": cls.plan.id,
                "member_id": cls.member_a.id,
                "period_id": cls.march.id,
                "metric_id": cls.metric_new_customers.id,
                "amount": 2.0,
            }
        )
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        # March 2026:
        # Wang Wei: 3 x 1,000 (customer 1) + 2,000 EUR = 1,000 (customer 2)
        #           - refund 1 x 1,000 = 3,000; cost 3x600 + 2x600 - 600 = 2,400.
        #           quantity 3 + 2 - 1 = 4.
        # Li Na:    2 x 1,000 (customer 3); 1,000 paid on Mar 30th.
        # Chen Jie: 1,500 in February (out of period), nothing in March.
        cls.inv_a1 = cls._invoice(
            cls.user_a, "2026-03-02", quantity=3, partner=cls.customer_1
        )
        cls.inv_a2 = cls._invoice(
            cls.user_a,
            "2026-03-12",
            quantity=2,
            price=1000.0,
            partner=cls.customer_2,
            currency=cls.eur,
        )
        cls.ref_a1 = cls._refund(cls.inv_a1, "2026-03-20", quantity=1)
        cls.inv_b1 = cls._invoice(
            cls.user_b, "2026-03-05", quantity=2, partner=cls.customer_3
        )
        cls._pay(cls.inv_b1, 1000.0, "2026-03-30")
        cls.inv_c1 = cls._invoice(
            cls.user_c, "2026-02-10", price=1500.0, partner=cls.customer_3
        )

    def test_r_t3_r_t5_march_achievements(self):
        achievements = self._achievements(self.march)
        a = achievements[(self.emp_a, self.march, self.metric_revenue)]
        # Wang Wei: 3,000 - 1,000 + 2 x 1,000 EUR / 2.0 = 3,000; target 4,000
        # -> completion 0.75; minimum 3,000 met.
        self.assertEqual(a.actual, 3000.0)
        self.assertEqual(a.target_amount, 4000.0)
        self.assertAlmostEqual(a.completion, 0.75)
        self.assertTrue(a.minimum_met)
        self.assertEqual(a.state, "measured")
        margin = achievements[(self.emp_a, self.march, self.metric_margin)]
        # margin = 3,000 - (1,800 + 1,200 - 600) = 600; no margin target.
        self.assertEqual(margin.actual, 600.0)
        self.assertEqual(margin.state, "no_target")
        self.assertFalse(margin.completion)
        self.assertEqual(
            achievements[(self.emp_a, self.march, self.metric_quantity)].actual, 4.0
        )
        # Customers 1 and 2 are invoiced for the first time in March: 2 of 2.
        new = achievements[(self.emp_a, self.march, self.metric_new_customers)]
        self.assertEqual(new.actual, 2.0)
        self.assertAlmostEqual(new.completion, 1.0)

        b = achievements[(self.emp_b, self.march, self.metric_revenue)]
        # Li Na: 2,000 / 2,000 = 100 %; cash 1,000 collected in March.
        self.assertEqual(b.actual, 2000.0)
        self.assertAlmostEqual(b.completion, 1.0)
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_cash)].actual, 1000.0
        )
        # Customer 3 was first invoiced by Chen Jie in February: not new in March.
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_new_customers)].actual,
            0.0,
        )

        c = achievements[(self.emp_c, self.march, self.metric_revenue)]
        # Chen Jie: nothing in March: 0 / 5,000, minimum 3,000 missed.
        self.assertEqual(c.actual, 0.0)
        self.assertEqual(c.completion, 0.0)
        self.assertFalse(c.minimum_met)

    def test_recompute_replaces_and_follows_changes(self):
        self._achievements(self.march)
        count = len(self.plan.achievement_ids)
        # 5 metrics x 3 members for one period.
        self.assertEqual(count, 15)
        self.inv_b1.button_draft()
        achievements = self._achievements(self.march)
        self.assertEqual(len(self.plan.achievement_ids), count)
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_revenue)].actual, 0.0
        )
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_cash)].actual, 0.0
        )

    def test_r_t5_stored_rows_match_the_orm(self):
        # _sp_store writes in SQL: every stored related field holds what the
        # ORM computes from its source, and floats keep their field's digits.
        # Li Na: 2,000 / 6,000 = 0.3333 (4 digits), actual 2,000.00.
        self.plan.target_ids.filtered(
            lambda t: (
                t.employee_id == self.emp_b
                and t.metric_id == self.metric_revenue
                and t.period_id == self.march
            )
        ).amount = 6000.0
        achievements = self._achievements(self.march)
        b = achievements[(self.emp_b, self.march, self.metric_revenue)]
        self.assertEqual(b.completion, 0.3333)
        self.assertEqual(b.completion_percent, 33.3)  # progress shows 1 digit
        self.emp_b.parent_id = self.emp_a
        achievements = self._achievements(self.march)
        related = [
            name
            for name, field in self.env["sales.performance.achievement"]._fields.items()
            if field.related and field.store
        ]
        self.assertGreaterEqual(len(related), 8)
        rows = self.env["sales.performance.achievement"].browse(
            [a.id for a in achievements.values()]
        )
        self.env.invalidate_all()
        for achievement in rows:
            for name in related:
                field = achievement._fields[name]
                self.assertEqual(
                    achievement[name],
                    achievement.mapped(field.related)[:1]
                    if field.type == "many2one"
                    else achievement.mapped(field.related)[0],
                    name,
                )
            self.assertEqual(achievement.create_uid, self.env.user)
        b = achievements[(self.emp_b, self.march, self.metric_revenue)]
        self.assertEqual(b.manager_id, self.emp_a)
        # Searching on them works as for ORM-created rows (record rules use
        # user_id and manager_id).
        self.assertIn(
            b,
            self.env["sales.performance.achievement"].search(
                [("manager_id", "=", self.emp_a.id), ("user_id", "=", self.user_b.id)]
            ),
        )

    def test_membership_window_clips_the_period(self):
        # Wang Wei leaves the plan on March 10th: only the Mar 2nd invoice
        # (3,000) counts, not the Mar 12th one nor the Mar 20th refund.
        self.member_a.date_to = "2026-03-10"
        achievements = self._achievements(self.march)
        self.assertEqual(
            achievements[(self.emp_a, self.march, self.metric_revenue)].actual, 3000.0
        )
        april = self._achievements(self.april)
        self.assertNotIn((self.emp_a, self.april, self.metric_revenue), april)

    def test_plan_currency_conversion_at_period_end(self):
        # A plan in EUR (2.0 per company unit): Li Na's 2,000 -> 4,000 EUR.
        plan = self.plan.copy({"name": "EUR plan", "currency_id": self.eur.id})
        achievements = self._achievements(self.march, plan=plan)
        li_na = plan.member_ids.filtered(lambda m: m.employee_id == self.emp_b)
        self.assertTrue(li_na)
        self.assertEqual(
            achievements[(self.emp_b, self.march, self.metric_revenue)].actual, 4000.0
        )

    def test_quarter_target_in_monthly_plan(self):
        # A Q1 target of 6,000 for Li Na: Q1 revenue is her 2,000 of March.
        q1 = self._create_ranges(self.quarter_type)[0]
        self.env["sales.performance.target"].create(
            {
                "plan_id": self.plan.id,
                "member_id": self.member_b.id,
                "period_id": q1.id,
                "metric_id": self.metric_revenue.id,
                "amount": 6000.0,
            }
        )
        achievements = self._achievements(self.plan._sp_periods()[:3])
        quarter = achievements[(self.emp_b, q1, self.metric_revenue)]
        self.assertEqual(quarter.actual, 2000.0)
        self.assertAlmostEqual(quarter.completion, 2000.0 / 6000.0, places=4)

    def test_signed_agents_count_tagged_customers_only(self):
        # Customer 2 is a signed agent: 1 agent for Wang Wei in March.
        self.customer_2.category_id = self.env.ref(
            "sales_performance.partner_category_signed_agent"
        )
        self.plan.metric_ids |= self.metric_agents
        achievements = self._achievements(self.march)
        self.assertEqual(
            achievements[(self.emp_a, self.march, self.metric_agents)].actual, 1.0
        )

    def test_new_customer_counts_for_its_first_invoice_only(self):
        # R-T3, issue 25: a customer new in April is credited to the
        # salesperson of its first invoice (earliest date, then lowest id),
        # not to the next ones of the month: Customer Four is invoiced by Li
        # Na on April 3rd, then by Wang Wei on the 8th; Customer Five by
        # Chen Jie and Wang Wei on the same day, Chen Jie's first. Customer
        # Three, first invoiced in February, is new to nobody in April.
        four = self.env["res.partner"].create({"name": "Customer Four"})
        five = self.env["res.partner"].create({"name": "Customer Five"})
        self._invoice(self.user_a, "2026-04-08", partner=four)
        self._invoice(self.user_b, "2026-04-03", partner=four)
        self._invoice(self.user_c, "2026-04-10", partner=five)
        self._invoice(self.user_a, "2026-04-10", partner=five)
        self._invoice(self.user_b, "2026-04-12", partner=self.customer_3)
        achievements = self._achievements(self.april)
        self.assertEqual(
            {
                employee: achievements[
                    (employee, self.april, self.metric_new_customers)
                ].actual
                for employee in (self.emp_a, self.emp_b, self.emp_c)
            },
            {self.emp_a: 0.0, self.emp_b: 1.0, self.emp_c: 1.0},
        )

    def _count_queries(self, periods):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self._achievements(periods)
        return self.cr.sql_log_count - before

    def test_query_count_independent_of_invoices(self):
        # Set-based: adding 10 invoices adds no query to the measurement
        # (both measurements change a row: one UPDATE each).
        self._achievements(self.march)
        self._invoice(self.user_c, "2026-03-14", price=99.0, partner=self.customer_1)
        queries = self._count_queries(self.march)
        for index in range(10):
            self._invoice(
                self.user_c, "2026-03-15", price=100.0 + index, partner=self.customer_1
            )
        self.assertEqual(self._count_queries(self.march), queries)

    def _stored(self, plan=None):
        """{(employee, metric): (id, write_date, actual)} of March, as stored."""
        plan = plan or self.plan
        self.env.invalidate_all()
        return {
            (a.employee_id, a.metric_id): (a.id, a.write_date, a.actual)
            for a in plan.achievement_ids
            if a.period_id == self.march
        }

    def test_issue25_measuring_again_writes_only_what_changed(self):
        # Issue 25: the measurement compares with the stored rows. Nothing
        # changed: no row is written (same ids: nothing deleted and inserted
        # again; same write date: nothing updated). Chen Jie gets a 700
        # invoice in March: only his revenue, margin and quantity rows change
        # (0 -> 700, 0 -> 100, 0 -> 1; 700 / 5,000 = 0.14, minimum 3,000
        # missed); the others keep their write date.
        self._achievements(self.march)
        first = self._stored()
        self.assertEqual(len(first), 15)  # 5 metrics x 3 members
        written = self.env.cr.now().replace(year=2000)
        self.env.cr.execute(
            "UPDATE sales_performance_achievement SET write_date = %s "
            "WHERE plan_id = %s",
            (written, self.plan.id),
        )
        self.env.invalidate_all()
        unchanged = self._stored()
        self.assertEqual(
            {key: row[0] for key, row in unchanged.items()},
            {key: row[0] for key, row in first.items()},
        )
        self.assertEqual({row[1] for row in unchanged.values()}, {written})
        self._invoice(self.user_c, "2026-03-14", price=700.0, partner=self.customer_1)
        achievements = self._achievements(self.march)
        after = self._stored()
        changed = {key for key, row in after.items() if row[1] != written}
        self.assertEqual(
            changed,
            {
                (self.emp_c, self.metric_revenue),
                (self.emp_c, self.metric_margin),
                (self.emp_c, self.metric_quantity),
            },
        )
        self.assertEqual(
            {key: row[0] for key, row in after.items()},
            {key: row[0] for key, row in first.items()},
        )
        c = achievements[(self.emp_c, self.march, self.metric_revenue)]
        self.assertEqual(c.actual, 700.0)
        self.assertEqual(c.completion, 0.14)
        self.assertEqual(c.completion_percent, 14.0)
        self.assertFalse(c.minimum_met)  # 700 < 3,000

    def test_issue25_rows_that_no_longer_apply_are_deleted(self):
        # Chen Jie leaves the plan before March: his March rows go, the
        # others stay as they were (same ids).
        self._achievements(self.march)
        first = self._stored()
        self.member_c.date_to = "2026-02-28"
        self._achievements(self.march)
        after = self._stored()
        self.assertEqual(set(after), {key for key in first if key[0] != self.emp_c})
        self.assertEqual(
            {key: row[0] for key, row in after.items()},
            {key: first[key][0] for key in after},
        )

    @freeze_time("2026-03-15")
    def test_cron_refreshes_current_period_of_approved_plans(self):
        # On March 15th the daily job measures March for approved plans only:
        # 5 metrics x 3 members; a draft plan is left alone.
        self.plan.action_approve()
        draft = self.plan.copy({"name": "Draft plan"})
        self.env["sales.performance.plan"]._cron_compute_achievements()
        self.assertEqual(self.plan.achievement_ids.period_id, self.march)
        self.assertEqual(len(self.plan.achievement_ids), 15)
        revenue_a = self.plan.achievement_ids.filtered(
            lambda a: a.employee_id == self.emp_a and a.metric_id == self.metric_revenue
        )
        self.assertEqual(revenue_a.actual, 3000.0)
        self.assertFalse(draft.achievement_ids)
