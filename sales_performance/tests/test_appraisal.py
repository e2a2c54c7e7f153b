# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestAppraisal(SalesPerformanceCommon):
    """Scorecards, grades, the review workflow, appeals and ranking
    (R-A1..R-A7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Division Head", "sp_head", "sales_performance.group_sp_approver"
        )[0]
        cls.ability = cls.env.ref("sales_performance.dimension_ability")
        cls.service = cls.env.ref("sales_performance.dimension_service")
        cls.teamwork = cls.env.ref("sales_performance.dimension_teamwork")
        cls.plan.appraisal_approver_id = cls.user_approver
        # R-A2 monthly scorecard: revenue 50 %, new customers 20 %,
        # satisfaction 20 % (manager), teamwork 10 % (self 30 % / manager 70 %).
        Indicator = cls.env["sales.performance.scorecard.indicator"]
        Indicator.create(
            [
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Revenue",
                    "weight": 50,
                    "kind": "quantitative",
                    "metric_id": cls.metric_revenue.id,
                    "cap": 105,
                    "dimension_id": cls.ability.id,
                },
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "New customers",
                    "weight": 20,
                    "kind": "quantitative",
                    "metric_id": cls.metric_new_customers.id,
                    "dimension_id": cls.ability.id,
                },
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Customer satisfaction",
                    "weight": 20,
                    "kind": "qualitative",
                    "scorer": "manager",
                    "dimension_id": cls.service.id,
                },
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Teamwork",
                    "weight": 10,
                    "kind": "qualitative",
                    "scorer": "both",
                    "self_weight": 30,
                    "dimension_id": cls.teamwork.id,
                },
            ]
        )
        for member in cls.plan.member_ids:
            cls._target(member, cls.march, 10000.0)
            cls._target(member, cls.march, 1.0, metric=cls.metric_new_customers)
        # Wang Wei: 9,000 of 10,000 (90 %) and one new customer (100 %).
        cls._invoice(cls.user_a, "2026-03-05", quantity=9, partner=cls.customer_1)
        # Li Na: 10,000 (100 %), no new customer of her own.
        cls._invoice(cls.user_b, "2026-02-05", quantity=1, partner=cls.customer_2)
        cls._invoice(cls.user_b, "2026-03-05", quantity=10, partner=cls.customer_2)

    def _generate(self, period=None):
        # appraisals are generated for an approved plan (issue 21)
        if self.plan.state == "draft":
            self.plan.action_approve()
        appraisals = self.env["sales.performance.appraisal"]._sp_generate(
            self.plan, period or self.march
        )
        return {a.employee_id: a for a in appraisals}

    def _line(self, appraisal, name):
        return appraisal.line_ids.filtered(lambda x: x.name == name)

    def _score(self, appraisal, satisfaction, team_self, team_manager, rater=None):
        """Self-assessment by the employee, rating by the manager."""
        employee_user = appraisal.user_id
        manager = rater or self.user_manager
        self._line(appraisal, "Teamwork").with_user(
            employee_user
        ).self_score = team_self
        appraisal.with_user(employee_user).action_submit_self()
        self._line(appraisal, "Customer satisfaction").with_user(
            manager
        ).manager_score = satisfaction
        self._line(appraisal, "Teamwork").with_user(
            manager
        ).manager_score = team_manager
        appraisal.with_user(manager).action_submit_manager()

    def test_r_a3_grade_bands_of_the_three_scales(self):
        cases = {
            "grade_scale_sabcd": [
                (105, "S"),
                (101, "S"),
                (100.99, "A"),
                (100.5, "A"),
                (90, "A"),
                (89.99, "B"),
                (80, "B"),
                (79.99, "C"),
                (70, "C"),
                (69.99, "D"),
                (69.5, "D"),
                (0, "D"),
            ],
            "grade_scale_abcde": [
                (100, "A"),
                (90, "A"),
                (89.99, "B"),
                (70, "C"),
                (60, "D"),
                (59.99, "E"),
                (0, "E"),
            ],
            "grade_scale_levels": [
                (100, "AA"),
                (95, "AA"),
                (94.99, "A+"),
                (85, "A+"),
                (75, "A"),
                (60, "B"),
                (59.99, "C"),
            ],
        }
        for xmlid, expectations in cases.items():
            scale = self.env.ref(f"sales_performance.{xmlid}")
            for score, code in expectations:
                self.assertEqual(
                    scale._grade_for_score(score).code, code, (xmlid, score)
                )
        with self.assertRefused(ValidationError, "outside grade scale"):
            self.env.ref("sales_performance.grade_scale_sabcd")._grade_for_score(105.01)

    def test_r_a3_scale_with_gap_or_overlap_refused(self):
        scale = self.env["sales.performance.grade.scale"]
        with self.assertRefused(ValidationError, "gap"):
            scale.create(
                {
                    "name": "Gap",
                    "code": "GAP",
                    "score_max": 100,
                    "grade_ids": [
                        Command.create(
                            {
                                "code": "A",
                                "name": "A",
                                "score_from": 50,
                                "score_to": 100,
                            }
                        ),
                        Command.create(
                            {"code": "B", "name": "B", "score_from": 0, "score_to": 40}
                        ),
                    ],
                }
            )
        with self.assertRefused(ValidationError, "overlap"):
            scale.create(
                {
                    "name": "Overlap",
                    "code": "OVL",
                    "score_max": 100,
                    "grade_ids": [
                        Command.create(
                            {
                                "code": "A",
                                "name": "A",
                                "score_from": 40,
                                "score_to": 100,
                            }
                        ),
                        Command.create(
                            {"code": "B", "name": "B", "score_from": 0, "score_to": 50}
                        ),
                    ],
                }
            )

    def test_r_a2_weighted_total_and_quantitative_lines(self):
        appraisals = self._generate()
        wang = appraisals[self.emp_a]
        self.assertEqual(wang.state, "self_assessment")
        revenue = self._line(wang, "Revenue")
        achievement = self.plan.achievement_ids.filtered(
            lambda a: (
                a.employee_id == self.emp_a
                and a.metric_id == self.metric_revenue
                and a.period_id == self.march
            )
        )
        # Quantitative lines are the achievement figures.
        self.assertEqual((revenue.target, revenue.actual), (10000.0, 9000.0))
        self.assertEqual(revenue.actual, achievement.actual)
        self.assertAlmostEqual(revenue.completion, 0.9)
        self._score(wang, satisfaction=85, team_self=90, team_manager=80)
        # Revenue 90 x 50 % = 45; new customers 100 x 20 % = 20;
        # satisfaction 85 x 20 % = 17; teamwork (90 x 30 % + 80 x 70 %) = 83
        # x 10 % = 8.3 -> 90.3 -> A.
        self.assertAlmostEqual(wang.total_score, 90.3, places=2)
        self.assertEqual(wang.grade_id.code, "A")
        # Dimensions: ability (90 x 50 + 100 x 20) / 70 = 92.86 -> A+;
        # service 85 -> A+; teamwork 83 -> A.
        self.assertEqual(
            {code: grade.code for code, grade in wang._sp_dimension_grades().items()},
            {"ABILITY": "A+", "SERVICE": "A+", "TEAMWORK": "A"},
        )

    def test_r_a2_indicator_without_target_does_not_apply(self):
        # Chen Jie has no new-customer target in March: that 20 % indicator
        # does not apply and the others scale up by 100 / 80: revenue 62.5 %,
        # satisfaction 25 %, teamwork 12.5 %.
        self.plan.target_ids.filtered(
            lambda t: (
                t.employee_id == self.emp_c and t.metric_id == self.metric_new_customers
            )
        ).unlink()
        chen = self._generate()[self.emp_c]
        self.assertEqual(
            {line.name: line.weight for line in chen.line_ids},
            {"Revenue": 62.5, "Customer satisfaction": 25.0, "Teamwork": 12.5},
        )
        for line in chen.line_ids.filtered(lambda x: x.kind == "qualitative"):
            line.sudo().write({"self_score": 80, "manager_score": 80})
        # No sales: revenue 0 x 62.5 % = 0; satisfaction 80 x 25 % = 20;
        # teamwork 80 x 12.5 % = 10 -> 30.0 (not 0 + 0 + 16 + 8 = 24).
        self.assertAlmostEqual(chen.total_score, 30.0, places=2)
        # Wang Wei keeps the four indicators at their weights.
        wang = self.env["sales.performance.appraisal"].search(
            [("employee_id", "=", self.emp_a.id), ("period_id", "=", self.march.id)]
        )
        self.assertEqual(
            sorted(wang.line_ids.mapped("weight")), [10.0, 20.0, 20.0, 50.0]
        )

    def test_r_a6_probation_members_skipped(self):
        self.env["hr.contract"].create(
            {
                "name": "Chen Jie",
                "employee_id": self.emp_c.id,
                "wage": 6000,
                "date_start": "2026-02-01",
                "trial_date_end": "2026-04-30",
                "state": "open",
            }
        )
        appraisals = self._generate()
        skipped = appraisals[self.emp_c]
        self.assertEqual(skipped.state, "skipped")
        self.assertIn("On probation until 2026-04-30", skipped.skip_reason)
        self.assertFalse(skipped.line_ids)
        self.assertEqual(appraisals[self.emp_a].state, "self_assessment")

    def test_r_a4_workflow_rights_and_r_a5_justification(self):
        wang = self._generate()[self.emp_a]
        self.assertEqual(wang.activity_ids.user_id, self.user_a)
        # Only Wang Wei self-assesses; the manager cannot do it for him.
        with self.assertRaises(AccessError):
            wang.with_user(self.user_manager).action_submit_self()
        with self.assertRaises(AccessError):
            self._line(wang, "Customer satisfaction").with_user(
                self.user_a
            ).manager_score = 100
        self._line(wang, "Teamwork").with_user(self.user_a).self_score = 90
        wang.with_user(self.user_a).action_submit_self()
        self.assertEqual(wang.state, "manager_review")
        self.assertEqual(wang.activity_ids.user_id, self.user_manager)
        # Li Na is not Wang Wei's manager.
        with self.assertRaises(AccessError):
            wang.with_user(self.user_b).action_submit_manager()
        # Scores must be inside the scale (0 to 105).
        with self.assertRefused(ValidationError, "outside the scale"):
            self._line(wang, "Customer satisfaction").with_user(
                self.user_manager
            ).manager_score = 120
        self._line(wang, "Customer satisfaction").with_user(
            self.user_manager
        ).manager_score = 0
        self._line(wang, "Teamwork").with_user(self.user_manager).manager_score = 0
        wang.with_user(self.user_manager).write(
            {"manager_note": "Missed the March fair."}
        )
        wang.with_user(self.user_manager).action_submit_manager()
        self.assertEqual(wang.state, "to_approve")
        self.assertEqual(wang.activity_ids.user_id, self.user_approver)
        # 45 + 20 + 0 + 90 x 30 % x 10 % = 67.7 -> D: needs a justification.
        self.assertAlmostEqual(wang.total_score, 67.7)
        self.assertEqual(wang.grade_id.code, "D")
        with self.assertRaises(AccessError):
            wang.with_user(self.user_manager).action_approve()
        with self.assertRefused(UserError, "needs a written justification"):
            wang.with_user(self.user_approver).action_approve()
        wang.with_user(
            self.user_approver
        ).justification = "Lost the Jinqiao account (-40 %)."
        wang.with_user(self.user_approver).action_approve()
        self.assertEqual(wang.state, "published")
        self.assertEqual(wang.approved_uid, self.user_approver)
        # The employee sees the result but not the manager's private note.
        self.assertEqual(wang.with_user(self.user_a).grade_id.code, "D")
        with self.assertRaises(AccessError):
            wang.with_user(self.user_a).read(["manager_note"])
        self.assertEqual(
            self.env["sales.performance.appraisal"]._sp_final_grades(
                self.emp_a, self.march
            ),
            {self.emp_a.id: wang.grade_id},
        )

    def test_nobody_approves_own_appraisal(self):
        self.user_approver.employee_ids.unlink()
        head = self.env["hr.employee"].create(
            {
                "name": "Division Head",
                "user_id": self.user_approver.id,
                "parent_id": self.emp_manager.id,
            }
        )
        self.plan.member_ids = [Command.create({"employee_id": head.id})]
        appraisal = self._generate()[head]
        appraisal.sudo().write({"state": "to_approve"})
        with self.assertRefused(UserError, "your own appraisal"):
            appraisal.with_user(self.user_approver).action_approve()

    def test_r_a4_appeal_reopens_and_is_decided_by_hr(self):
        wang = self._generate()[self.emp_a]
        self._score(wang, satisfaction=85, team_self=90, team_manager=80)
        wang.with_user(self.user_approver).action_approve()
        with self.assertRaises(AccessError):
            wang.with_user(self.user_b).action_appeal("Not mine")
        wang.with_user(self.user_a).action_appeal("Satisfaction survey had 2 answers.")
        self.assertEqual(wang.state, "appeal")
        self.assertFalse(
            self.env["sales.performance.appraisal"]._sp_final_grades(
                self.emp_a, self.march
            )
        )
        with self.assertRaises(AccessError):
            wang.with_user(self.user_manager).action_decide_appeal("No", reopen=False)
        wang.with_user(self.user_admin).action_decide_appeal(
            "Survey re-run: rate satisfaction again.", reopen=True
        )
        self.assertEqual(wang.state, "manager_review")
        self.assertEqual(
            wang.appeal_decision, "Survey re-run: rate satisfaction again."
        )
        self._line(wang, "Customer satisfaction").with_user(
            self.user_manager
        ).manager_score = 95
        wang.with_user(self.user_manager).action_submit_manager()
        wang.with_user(self.user_approver).action_approve()
        # 45 + 20 + 19 + 8.3 = 92.3 after the appeal.
        self.assertAlmostEqual(wang.total_score, 92.3)
        self.assertEqual(wang.state, "published")

    def test_r_a7_ranking_with_ties(self):
        appraisals = self._generate()
        wang, li, chen = (
            appraisals[self.emp_a],
            appraisals[self.emp_b],
            appraisals[self.emp_c],
        )
        # Wang Wei 90.3; Li Na: revenue 100 x 50 % + 0 + 17 + 8.3 = 75.3;
        # Chen Jie (no sales) 0 + 0 + 20 x 20 % + (100 x 30 % + 83 x 70 %) x 10 %
        # = 4 + 8.81 = 12.81 ... then set equal scores to force a tie.
        self._score(wang, 85, 90, 80)
        self._score(li, 85, 90, 80)
        self._score(chen, 85, 90, 80, rater=self.user_admin)  # no manager: HR rates
        for appraisal in (wang, li, chen):
            if appraisal.grade_id.needs_justification:
                appraisal.with_user(self.user_approver).justification = "See figures."
            appraisal.with_user(self.user_approver).action_approve()
        self.assertAlmostEqual(li.total_score, 75.3)
        # Tie: give Chen Jie exactly Li Na's score.
        chen.sudo().total_score = 75.3
        ranked = self.env["sales.performance.appraisal"]._sp_rank(self.plan, self.march)
        self.assertEqual(ranked, wang | chen | li)  # ties by name: Chen < Li
        self.assertEqual([wang.rank, chen.rank, li.rank], [1, 2, 2])
        # Team of Zhang Min: Wang Wei 1, Li Na 2; Chen Jie alone: 1.
        self.assertEqual([wang.team_rank, li.team_rank, chen.team_rank], [1, 2, 1])
        with self.assertRaises(AccessError):
            wang.with_user(self.user_a).read(["rank"])

    def test_bad_input_refused(self):
        Indicator = self.env["sales.performance.scorecard.indicator"]
        with self.assertRefused(ValidationError, "has no targets for"):
            Indicator.create(
                {
                    "plan_id": self.plan.id,
                    "cycle": "month",
                    "name": "Agents",
                    "weight": 10,
                    "kind": "quantitative",
                    "metric_id": self.metric_agents.id,
                }
            )
        self.plan.scorecard_ids[:1].weight = 40
        with self.assertRefused(ValidationError, "weighs 90.0 % instead of 100 %"):
            self._generate()
        self.plan.scorecard_ids[:1].weight = 50
        self._generate()
        with self.assertRefused(Exception, "sales_performance_appraisal_uniq"):
            self.env["sales.performance.appraisal"].sudo().create(
                {
                    "plan_id": self.plan.id,
                    "employee_id": self.emp_a.id,
                    "period_id": self.march.id,
                    "scale_id": self.plan.appraisal_scale_id.id,
                }
            )

    def test_r_a1_yearly_combines_quarters_and_conduct(self):
        year, q1, q2 = [
            self._create_ranges(t)[0] for t in (self.year_type, self.quarter_type)
        ] + [self._create_ranges(self.quarter_type)[1]]
        Indicator = self.env["sales.performance.scorecard.indicator"]
        Indicator.create(
            [
                {
                    "plan_id": self.plan.id,
                    "cycle": "year",
                    "name": "Quarterly results",
                    "weight": 80,
                    "kind": "quarters",
                },
                {
                    "plan_id": self.plan.id,
                    "cycle": "year",
                    "name": "Conduct",
                    "weight": 20,
                    "kind": "qualitative",
                    "scorer": "manager",
                },
            ]
        )
        scale = self.plan.appraisal_scale_id
        for quarter, score in ((q1, 80.0), (q2, 90.0)):
            self.env["sales.performance.appraisal"].sudo().create(
                {
                    "plan_id": self.plan.id,
                    "employee_id": self.emp_a.id,
                    "period_id": quarter.id,
                    "scale_id": scale.id,
                    "total_score": score,
                    "state": "published",
                }
            )
        wang = self._generate(year)[self.emp_a]
        # Quarters: (80 + 90) / 2 = 85 x 80 % = 68; conduct 90 x 20 % = 18 -> 86.
        self.assertEqual(self._line(wang, "Quarterly results").score, 85.0)
        wang.with_user(self.user_a).action_submit_self()
        self._line(wang, "Conduct").with_user(self.user_manager).manager_score = 90
        self.assertAlmostEqual(wang.total_score, 86.0)
        self.assertEqual(wang.grade_id.code, "B")
