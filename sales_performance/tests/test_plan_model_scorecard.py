# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 24, plan modelling of the scorecard weights: a model weighs the
plan's scorecard indicators (R-A2) as they would be, each cycle totalling
100 %; *Compute* scores the window's real appraisals again with those
weights (their real line scores, the employee's and the manager's combined
as the appraisal combines them), grades them on their own scale (R-A3) and
gates the modelled pay with those grades (R-C2), writing nothing to the
appraisals.

Figures (hand-worked):
- Scorecard (monthly, R-A2): Satisfaction 50 %, scored by both, the
  employee's score weighing 30 %; Teamwork 50 %, scored by the manager.
- Li Na, March: Satisfaction self 90, manager 100 -> 0.3 x 90 + 0.7 x 100 =
  97.00; Teamwork 70. Total 97 x 50 % + 70 x 50 % = 48.50 + 35.00 = 83.50:
  grade B on the S/A/B/C/D scale (B 80-90, A 90-101, R-A3).
  With Satisfaction 80 % and Teamwork 20 %: 77.60 + 14.00 = 91.60: grade A.
- Wang Wei, March: 80 everywhere: 80.00, B, whatever the weights.
- Rule (R-C1, R-C2): 2 % of the whole amount from 100 % of the target; from
  80 % to 100 % the gate: 2 % paid in part by grade, B 40 %, A 60 %.
- March: Wang Wei 12,000 of 10,000 (120 %): 12,000 x 2 % = 240.00.
  Li Na 9,000 of 10,000 (90 %): 9,000 x 2 % = 180.00, B: x 40 % = 72.00
  paid; modelled A: x 60 % = 108.00, +36.00.
- April: Wang Wei 11,000 (110 %): 220.00; Li Na nothing.
- Paid over the window: 240 + 72 + 220 = 532.00; modelled with 80/20:
  240 + 108 + 220 = 568.00.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SalesPerformanceCommon
from .test_plan_model import BOOKED_TABLES

APPRAISAL_TABLES = (
    "sales_performance_appraisal",
    "sales_performance_appraisal_line",
    "sales_performance_scorecard_indicator",
)


@tagged("post_install", "-at_install")
class TestPlanModelScorecard(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_ms_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.may = cls._period("2026-05")
        for period in (cls.march, cls.april, cls.may):
            cls._target(cls.member_a, period, 10000.0)
            cls._target(cls.member_b, period, 10000.0)
        Indicator = cls.env["sales.performance.scorecard.indicator"]
        cls.satisfaction = Indicator.create(
            {
                "plan_id": cls.plan.id,
                "name": "Satisfaction",
                "cycle": "month",
                "kind": "qualitative",
                "scorer": "both",
                "self_weight": 30.0,
                "weight": 50.0,
            }
        )
        cls.teamwork = Indicator.create(
            {
                "plan_id": cls.plan.id,
                "name": "Teamwork",
                "cycle": "month",
                "kind": "qualitative",
                "scorer": "manager",
                "weight": 50.0,
            }
        )
        cls.rule = cls._rule(
            "tiered",
            [(1.0, 0.0, 0.02)],
            name="Gated tiers",
            gate_enabled=True,
            gate_min_completion=0.8,
        )
        cls.plan.action_approve()
        cls._invoice(cls.user_a, "2026-03-05", quantity=12)
        cls._invoice(cls.user_b, "2026-03-06", quantity=9)
        cls._invoice(cls.user_a, "2026-04-08", quantity=11)
        cls.appraisal_b = cls._scored(cls.emp_b, {"satisfaction": (90, 100)}, 70)
        cls.appraisal_a = cls._scored(cls.emp_a, {"satisfaction": (80, 80)}, 80)

    @classmethod
    def _scored(cls, employee, scores, teamwork):
        """A published March appraisal with its scorecard lines scored as
        the workflow leaves them (generated in sudo mode, as _sp_generate)."""
        self_score, manager_score = scores["satisfaction"]
        return (
            cls.env["sales.performance.appraisal"]
            .sudo()
            .create(
                {
                    "plan_id": cls.plan.id,
                    "employee_id": employee.id,
                    "period_id": cls.march.id,
                    "scale_id": cls.env.ref("sales_performance.grade_scale_sabcd").id,
                    "state": "published",
                    "line_ids": [
                        Command.create(
                            {
                                "indicator_id": cls.satisfaction.id,
                                "name": "Satisfaction",
                                "kind": "qualitative",
                                "scorer": "both",
                                "self_weight": 30.0,
                                "weight": 50.0,
                                "self_score": self_score,
                                "manager_score": manager_score,
                            }
                        ),
                        Command.create(
                            {
                                "indicator_id": cls.teamwork.id,
                                "name": "Teamwork",
                                "kind": "qualitative",
                                "scorer": "manager",
                                "weight": 50.0,
                                "manager_score": teamwork,
                            }
                        ),
                    ],
                }
            )
        )

    # ------------------------------------------------------------------
    def _pay_months(self):
        """March and April run, approved and closed: what was paid."""
        self.assertEqual(self.appraisal_b.total_score, 83.5)
        self.assertEqual(self.appraisal_b.grade_id.code, "B")
        for period in (self.march, self.april):
            self.env.invalidate_all()
            statements = (
                self.env["sales.performance.statement"]
                .with_user(self.user_admin)
                ._sp_run(self.plan.with_user(self.user_admin), period)
            )
            self.env.invalidate_all()
            statements.with_user(self.user_approver).action_approve()
            self.env.invalidate_all()
            period.with_user(self.user_admin)._sp_close(
                override_reason="Paid with the month's payroll."
            )
        paid = self.env["sales.performance.statement"].search(
            [("plan_id", "=", self.plan.id)]
        )
        # 240.00 + 72.00 (B: 40 % of 180.00) + 220.00
        self.assertEqual(sum(paid.mapped("amount_total")), 532.0)

    def _model(self, **vals):
        self.env.invalidate_all()
        return (
            self.env["sales.performance.plan.model"]
            .with_user(self.user_admin)
            .create(dict({"name": "Weights", "plan_id": self.plan.id}, **vals))
        )

    def _weigh(self, model, satisfaction, teamwork):
        """Change the weights on the model's form (one save)."""
        self.env.invalidate_all()
        admin_model = model.with_user(self.user_admin)
        lines = {w.indicator_id: w for w in admin_model.weight_ids}
        admin_model.write(
            {
                "weight_ids": [
                    Command.update(
                        lines[self.satisfaction].id, {"weight": satisfaction}
                    ),
                    Command.update(lines[self.teamwork].id, {"weight": teamwork}),
                ]
            }
        )

    def _lines(self, model):
        return {
            (line.employee_id, line.period_id): (
                line.modelled_amount,
                line.paid_amount,
                line.difference,
            )
            for line in model.line_ids
        }

    def _grades(self, model):
        return {
            grade.employee_id: (
                grade.score,
                grade.grade_id.code,
                grade.modelled_score,
                grade.modelled_grade_id.code,
            )
            for grade in model.grade_ids
            if grade.period_id == self.march
        }

    def _snapshot(self, tables):
        rows = {}
        for table in tables:
            last = "max(write_date)" if table != "queue_job" else "max(id)"
            self.env.cr.execute(f"SELECT count(*), {last} FROM {table}")
            rows[table] = self.env.cr.fetchone()
        self.env.cr.execute(
            "SELECT id, total_score, grade_id FROM sales_performance_appraisal "
            "ORDER BY id"
        )
        rows["appraisals"] = self.env.cr.fetchall()
        self.env.cr.execute(
            "SELECT id, weight, score, weighted_score "
            "FROM sales_performance_appraisal_line ORDER BY id"
        )
        rows["lines"] = self.env.cr.fetchall()
        return rows

    # ------------------------------------------------------------------
    def test_model_weighs_the_plans_indicators_at_their_weight(self):
        model = self._model()
        self.assertEqual(
            {(w.indicator_id, w.weight_in_force, w.weight) for w in model.weight_ids},
            {(self.satisfaction, 50.0, 50.0), (self.teamwork, 50.0, 50.0)},
        )
        self.assertFalse(model.changes)
        self._weigh(model, 80.0, 20.0)
        self.assertIn("Satisfaction", model.changes)
        self.assertIn("50.0 % → 80.0 %", model.changes)
        # the plan's own weights are untouched
        self.assertEqual(self.satisfaction.weight, 50.0)
        # a duplicate starts from the weights in force, as from the rules
        self.env.invalidate_all()
        duplicate = model.with_user(self.user_admin).copy()
        self.assertEqual(duplicate.weight_ids.mapped("weight"), [50.0, 50.0])
        self.assertFalse(duplicate.changes)

    def test_weights_total_100_per_cycle(self):
        """R-A2, as the plan's scorecard (_check_weights)."""
        model = self._model()
        with self.assertRefused(ValidationError, "weighs 110"):
            self._weigh(model, 80.0, 30.0)
        # a line written on its own is checked at once too
        line = model.weight_ids.filtered(lambda w: w.indicator_id == self.teamwork)
        self.env.invalidate_all()
        with self.assertRefused(ValidationError, "weighs 60"):
            line.with_user(self.user_admin).weight = 10.0
        with self.assertRefused(ValidationError, "less than 0"):
            self._weigh(model, 110.0, -10.0)
        # nobody else weighs a model
        self.env.invalidate_all()
        with self.assertRefused(AccessError, ""):
            line.with_user(self.user_manager).weight = 50.0
        self._weigh(model, 100.0, 0.0)
        self.assertEqual(model.weight_ids.mapped("weight"), [100.0, 0.0])

    def test_weights_moving_b_to_a_change_the_gated_payout(self):
        """Li Na: B (83.50) paid 72.00; with Satisfaction 80 % / Teamwork
        20 % she scores 91.60, an A: 180.00 x 60 % = 108.00, +36.00."""
        self._pay_months()
        model = self._model()
        self._weigh(model, 80.0, 20.0)
        model.with_user(self.user_admin).action_compute()
        self.assertEqual(model.state, "computed")
        self.assertEqual(
            self._grades(model),
            {
                self.emp_b: (83.5, "B", 91.6, "A"),
                self.emp_a: (80.0, "B", 80.0, "B"),
            },
        )
        self.assertEqual(model.grade_changed_count, 1)
        self.assertEqual(
            self._lines(model),
            {
                (self.emp_a, self.march): (240.0, 240.0, 0.0),
                (self.emp_b, self.march): (108.0, 72.0, 36.0),
                (self.emp_a, self.april): (220.0, 220.0, 0.0),
            },
        )
        line = model.line_ids.filtered(lambda x: x.employee_id == self.emp_b)
        self.assertIn("A", line.explanation)
        self.assertEqual(model.paid_amount, 532.0)
        self.assertEqual(model.modelled_amount, 568.0)
        self.assertEqual(model.difference, 36.0)
        person = model.person_ids.filtered(lambda p: p.employee_id == self.emp_b)
        self.assertEqual(person.difference, 36.0)

    def test_weights_unchanged_reproduce_what_was_paid(self):
        self._pay_months()
        model = self._model()
        model.with_user(self.user_admin).action_compute()
        self.assertEqual(
            self._lines(model),
            {
                (self.emp_a, self.march): (240.0, 240.0, 0.0),
                (self.emp_b, self.march): (72.0, 72.0, 0.0),
                (self.emp_a, self.april): (220.0, 220.0, 0.0),
            },
        )
        self.assertEqual(model.modelled_amount, 532.0)
        self.assertEqual(model.paid_amount, 532.0)
        self.assertEqual(
            self._grades(model),
            {
                self.emp_b: (83.5, "B", 83.5, "B"),
                self.emp_a: (80.0, "B", 80.0, "B"),
            },
        )
        self.assertEqual(model.grade_changed_count, 0)

    def test_rescoring_is_the_appraisals_own_arithmetic(self):
        """The appraisal's own weights given as modelled ones score what it
        scored (the same functions, the same roundings); other weights
        score the hand-worked figure."""
        appraisal = self.appraisal_b
        line = appraisal.line_ids.filtered(lambda x: x.indicator_id == self.teamwork)
        # forced through the re-scoring path: Teamwork 50 % -> 50.001 % and
        # Satisfaction 49.999 %: 97 x 0.49999 + 70 x 0.50001 = 83.49946
        total, grade = appraisal._sp_score_with(
            {self.satisfaction.id: 49.999, line.indicator_id.id: 50.001}
        )
        self.assertEqual((total, grade.code), (83.5, "B"))
        total, grade = appraisal._sp_score_with(
            {self.satisfaction.id: 80.0, self.teamwork.id: 20.0}
        )
        self.assertEqual((total, grade.code), (91.6, "A"))

    def test_modelling_writes_nothing_to_appraisals(self):
        self._pay_months()
        self.env.flush_all()
        before = self._snapshot(APPRAISAL_TABLES + BOOKED_TABLES)
        model = self._model()
        self._weigh(model, 80.0, 20.0)
        model.with_user(self.user_admin).action_compute()
        self.env.flush_all()
        self.assertEqual(self._grades(model)[self.emp_b][3], "A")
        self.assertEqual(self._snapshot(APPRAISAL_TABLES + BOOKED_TABLES), before)
        self.env.invalidate_all()
        self.assertEqual(self.appraisal_b.grade_id.code, "B")
        self.assertEqual(self.appraisal_b.total_score, 83.5)

    def test_weights_modelled_from_a_later_month_keep_earlier_grades(self):
        self._pay_months()
        model = self._model(
            period_ids=[Command.set((self.march | self.april).ids)],
            period_id=self.april.id,
        )
        self._weigh(model, 80.0, 20.0)
        model.with_user(self.user_admin).action_compute()
        self.assertEqual(self._grades(model)[self.emp_b], (83.5, "B", 83.5, "B"))
        self.assertEqual(model.difference, 0.0)

    def test_changed_weights_make_the_result_stale_and_adopt_them(self):
        self._pay_months()
        model = self._model()
        admin_model = model.with_user(self.user_admin)
        admin_model.action_compute()
        self.assertTrue(admin_model.result_current)
        self._weigh(model, 80.0, 20.0)
        self.assertFalse(admin_model.result_current)
        with self.assertRefused(UserError, "compute it again"):
            admin_model.action_adopt()
        admin_model.action_compute()
        admin_model.action_adopt()
        # the appraisals generated from now on are weighted so (R-A2)
        self.assertEqual(self.satisfaction.weight, 80.0)
        self.assertEqual(self.teamwork.weight, 20.0)
        # those of the past keep theirs
        self.assertEqual(self.appraisal_b.line_ids.mapped("weight"), [50.0, 50.0])
        self.assertEqual(self.appraisal_b.grade_id.code, "B")
        with self.assertRefused(UserError, "no longer change"):
            model.weight_ids[0].with_user(self.user_admin).weight = 50.0
