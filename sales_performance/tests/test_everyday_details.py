# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The small things people tripped on (issue 23): the year before its
quarters when a period is typed, the Targets list's total counting a split
target once, approving a selection of statements, the PDF saying a line is
disputed, the pool's terms explained."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools import explain
from .common import SalesPerformanceCommon

FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything


@tagged("post_install", "-at_install")
class TestEverydayDetails(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver, cls.emp_approver = cls._create_salesperson(
            "Approver", "sp_details_approver", "sales_performance.group_sp_approver"
        )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
        cls._rule("tiered", FLAT, name="Flat 2 %")
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 100.00
        cls._invoice(cls.user_b, "2026-03-06", quantity=10)  # 200.00
        cls._invoice(cls.user_c, "2026-03-07", quantity=4)  # 80.00

    def test_the_year_typed_in_full_comes_before_its_quarters(self):
        Range = self.env["date.range"].with_user(self.user_admin)
        # Split a Target's period field, in "into periods" mode
        domain = [
            ("sp_period_type", "in", ["quarter", "year"]),
            ("company_id", "in", (self.company.id, False)),
        ]
        found = Range.name_search("2026", domain, limit=8)
        self.assertEqual(found[0][1], "2026")
        self.assertIn("2026 Q1", [name for __, name in found])
        # a partial name keeps Odoo's order
        self.assertEqual(Range.name_search("2026 Q", domain, limit=8)[0][1], "2026 Q1")

    def test_targets_total_counts_a_split_year_once(self):
        year = self._period("2026", self.year_type)
        parent = self._target(self.member_a, year, 240000.0, metric=self.metric_margin)
        self.env["sales.performance.target.decompose"].create(
            {
                "plan_id": self.plan.id,
                "mode": "periods",
                "parent_target_id": parent.id,
                "child_range_type_id": self.month_type.id,
            }
        ).action_apply()
        Target = self.env["sales.performance.target"].with_user(self.user_admin)
        domain = [("id", "in", (parent | parent.child_ids).ids)]
        self.assertEqual(len(parent.child_ids), 12)
        [(amount, counted)] = Target._read_group(
            domain, [], ["amount:sum", "amount_counted:sum"]
        )
        self.assertEqual(amount, 480000.0)  # the year and its months
        self.assertEqual(counted, 240000.0)
        # the list's footer sums the counted amounts, not the amounts
        arch = etree.fromstring(Target.get_view(view_type="list")["arch"])
        self.assertFalse(arch.xpath("//field[@name='amount'][@sum]"))
        self.assertTrue(arch.xpath("//field[@name='amount_counted'][@sum]"))

    def test_approve_a_selection_of_statements(self):
        # the approver is also a member of the plan: not their own
        self.plan.member_ids = [Command.create({"employee_id": self.emp_approver.id})]
        statements = self.env["sales.performance.statement"].union(
            *self._run(self.march).values()
        )
        own = statements.filtered(lambda s: s.user_id == self.user_approver)
        self.assertTrue(own)
        with self.assertRaises(AccessError):
            statements.with_user(self.user_a).action_approve_selected()
        result = (
            statements.with_user(self.user_approver)
            .with_context(sp_no_statement_mail=True)
            .action_approve_selected()
        )
        self.assertEqual(
            (statements - own).mapped("state"), ["approved"] * len(statements - own)
        )
        self.assertEqual(own.state, "computed")
        message = result["params"]["message"]
        self.assertIn(f"{len(statements - own)} statement(s) approved, 1 not", message)
        self.assertIn(own.name, message)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertTrue(
            all(s.approved_uid == self.user_approver for s in statements - own)
        )

    def test_pdf_says_a_line_is_disputed(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        line = statement.line_ids
        line.with_user(self.user_a).action_dispute("A sofa is missing")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_performance.report_statement", statement.ids)[0]
            .decode()
        )
        self.assertIn("o_sp_line_disputed", html)
        self.assertIn("A sofa is missing", html)
        self.assertIn("Disputed", html)

    def test_pool_line_says_what_tf_r_and_f_are(self):
        text = explain.pool_share(self.env, 57000, 0.01, 570, 3.0, "A", 1.2, 228)
        self.assertIn("TF (the total of the grade coefficients", text)
        self.assertIn("R (the pool per coefficient point)", text)
        self.assertIn("F (the coefficient of grade A) = 1.2", text)
        self.assertIn("R × F = 228.00", text)

    def test_progress_above_target_is_not_grey_on_grey(self):
        """Odoo's progress bar paints an overflow grey (bg-secondary) on its
        grey track: My Performance and My Team paint it green."""
        arch = etree.fromstring(
            self.env["sales.performance.dashboard"].get_view(view_type="form")["arch"]
        )
        bars = arch.xpath("//field[@widget='progressbar']")
        self.assertEqual(len(bars), 2)
        for bar in bars:
            self.assertIn("'overflow_class': 'bg-success'", bar.get("options"))
