# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestPay(SalesPerformanceCommon):
    """Performance pay by grade (R-P1) and honours on dimension grades (R-P3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for employee, wage in ((cls.emp_a, 8000.0), (cls.emp_b, 10000.0)):
            cls.env["hr.contract"].create(
                {
                    "name": employee.name,
                    "employee_id": employee.id,
                    "wage": wage,
                    "date_start": "2026-01-01",
                    "state": "open",
                }
            )
        cls.levels = cls.env.ref("sales_performance.grade_scale_levels")

    def _dimension_appraisal(self, employee, period, ability, service, teamwork):
        """A published appraisal whose three dimension lines score as given."""
        dims = {
            "ABILITY": (self.env.ref("sales_performance.dimension_ability"), ability),
            "SERVICE": (self.env.ref("sales_performance.dimension_service"), service),
            "TEAMWORK": (
                self.env.ref("sales_performance.dimension_teamwork"),
                teamwork,
            ),
        }
        return (
            self.env["sales.performance.appraisal"]
            .sudo()
            .create(
                {
                    "plan_id": self.plan.id,
                    "employee_id": employee.id,
                    "period_id": period.id,
                    "scale_id": self.levels.id,
                    "state": "published",
                    "line_ids": [
                        Command.create(
                            {
                                "name": code,
                                "kind": "qualitative",
                                "scorer": "manager",
                                "weight": 100 / 3,
                                "dimension_id": dim.id,
                                "manager_score": score,
                            }
                        )
                        for code, (dim, score) in dims.items()
                    ],
                }
            )
        )

    def test_r_p1_performance_pay_by_grade_coefficient(self):
        self._rule("perf_pay", share_rate=0.3, payout_kind="perf_pay")
        # Wang Wei: 8,000 x 30 % = 2,400 x grade A 1.1 = 2,640.00.
        self._appraise(self.emp_a, self.march, "A")
        # Li Na: 10,000 x 30 % = 3,000 x grade C 0.8 = 2,400.00.
        self._appraise(self.emp_b, self.march, "C")
        statements = self._run(self.march)
        line_a = statements[self.emp_a].line_ids
        self.assertEqual((line_a.kind, line_a.amount), ("perf_pay", 2640.0))
        self.assertIn(
            "8,000.00 × 30 % = 2,400.00; grade A × 1.1 → 2,640.00", line_a.explanation
        )
        self.assertEqual(statements[self.emp_b].line_ids.amount, 2400.0)
        # Chen Jie: no contract, no appraisal: waits, pays nothing.
        self.assertEqual(statements[self.emp_c].line_ids.line_state, "waiting_grade")

    def test_r_p3_honours_recorded_with_bonus_in_months(self):
        self._rule("honour", payout_kind="honour")
        q1 = self._create_ranges(self.quarter_type)[0]
        # Wang Wei AA / AA / AA -> Outstanding: 2 x 8,000 = 16,000.00.
        outstanding = self._dimension_appraisal(self.emp_a, q1, 97, 96, 99)
        # Li Na A+ / A / A -> Excellent: 1.5 x 10,000 = 15,000.00.
        excellent = self._dimension_appraisal(self.emp_b, q1, 90, 80, 76)
        # Chen Jie A / A / A: ability below A+ -> no honour.
        self._dimension_appraisal(self.emp_c, q1, 80, 80, 80)
        # The quarter's appraisal ends in March: honours are paid then, once.
        february = self._run(self._period("2026-02"))
        self.assertFalse(february[self.emp_a].line_ids)
        statements = self._run(self.march)
        line_a = statements[self.emp_a].line_ids
        self.assertEqual(
            (line_a.kind, line_a.amount, line_a.name),
            ("honour", 16000.0, "Outstanding Salesperson"),
        )
        self.assertEqual(statements[self.emp_b].line_ids.amount, 15000.0)
        self.assertFalse(statements[self.emp_c].line_ids)
        awards = self.env["sales.performance.honour.award"].search(
            [("employee_id", "in", (self.emp_a | self.emp_b).ids)]
        )
        self.assertEqual(
            {
                (a.employee_id, a.honour_id.name, a.appraisal_id, a.period_id)
                for a in awards
            },
            {
                (self.emp_a, "Outstanding Salesperson", outstanding, q1),
                (self.emp_b, "Excellent Salesperson", excellent, q1),
            },
        )
        self.assertEqual(self.emp_a.sp_honour_award_ids.amount, 16000.0)
        # Rerunning March replaces the awards with the lines: still one each.
        self._run(self.march)
        self.assertEqual(len(self.emp_a.sp_honour_award_ids), 1)

    def test_r_p3_honour_line_named_in_the_employees_language(self):
        """A Chinese salesperson's honour line reads the honour's Chinese
        name, whoever runs the commission (issue 23)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        # the default honours are the addon's data: translated with it
        self.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        honour = self.env.ref("sales_performance.honour_outstanding")
        chinese = honour.with_context(lang="zh_CN").name
        self.assertNotEqual(chinese, "Outstanding Salesperson")
        self.user_a.lang = "zh_CN"
        self._rule("honour", payout_kind="honour")
        q1 = self._create_ranges(self.quarter_type)[0]
        self._dimension_appraisal(self.emp_a, q1, 97, 96, 99)
        self._dimension_appraisal(self.emp_b, q1, 97, 96, 99)
        statements = self._run(self.march)
        self.assertEqual(statements[self.emp_a].line_ids.name, chinese)
        self.assertEqual(
            statements[self.emp_b].line_ids.name, "Outstanding Salesperson"
        )

    def test_r_p3_honours_only_on_the_rules_appraisal_cycle(self):
        # R-P3 with the rule's appraisal cycle set to quarterly: Wang Wei's
        # March appraisal (AA / AA / AA) ends in March too, but only the
        # quarter's counts. Quarter: A+ / A / A -> Excellent, 1.5 x 8,000 =
        # 12,000.00 (not Outstanding's 16,000.00 from the monthly one).
        self._rule("honour", payout_kind="honour", appraisal_cycle="quarter")
        q1 = self._create_ranges(self.quarter_type)[0]
        self._dimension_appraisal(self.emp_a, self.march, 97, 96, 99)
        quarterly = self._dimension_appraisal(self.emp_a, q1, 90, 80, 76)
        # Li Na has only a monthly appraisal: no honour at all.
        self._dimension_appraisal(self.emp_b, self.march, 97, 96, 99)
        statements = self._run(self.march)
        line_a = statements[self.emp_a].line_ids
        self.assertEqual(
            (line_a.amount, line_a.name), (12000.0, "Excellent Salesperson")
        )
        self.assertEqual(self.emp_a.sp_honour_award_ids.appraisal_id, quarterly)
        self.assertFalse(statements[self.emp_b].line_ids)
        self.assertFalse(self.emp_b.sp_honour_award_ids)
