# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a sales manager sees (issue 15): the appraisals waiting for them,
their team's targeted rows, the team's completion, and the plan form's
percentages."""

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import SalesPerformanceCommon


@tagged("post_install", "-at_install")
class TestManagerDay(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_approver = cls._create_salesperson(
            "Division Head", "sp_md_head", "sales_performance.group_sp_approver"
        )[0]
        cls.plan.appraisal_approver_id = cls.user_approver
        cls.env["sales.performance.scorecard.indicator"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Revenue",
                    "weight": 60,
                    "kind": "quantitative",
                    "metric_id": cls.metric_revenue.id,
                },
                {
                    "plan_id": cls.plan.id,
                    "cycle": "month",
                    "name": "Attitude",
                    "weight": 40,
                    "kind": "qualitative",
                    "scorer": "manager",
                },
            ]
        )
        # Wang Wei: 9,000 of 10,000 (90 %); Li Na: 2,000 of 1,000 (200 %).
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._target(cls.member_b, cls.march, 1000.0)
        cls.invoice_a = cls._invoice(cls.user_a, "2026-03-05", quantity=9)
        cls._invoice(cls.user_b, "2026-03-06", quantity=2)
        # Cash collected is measured but has no target.

    def _waiting(self, user):
        self.env.invalidate_all()
        return (
            self.env["sales.performance.dashboard"].with_user(user).create({})
        ).with_user(user)

    def _appraisals(self):
        # appraisals are generated for an approved plan (issue 21)
        if self.plan.state == "draft":
            self.plan.action_approve()
        appraisals = self.env["sales.performance.appraisal"]._sp_generate(
            self.plan, self.march
        )
        return {a.employee_id: a for a in appraisals}

    def _submit_self(self, appraisal):
        appraisal.with_user(appraisal.user_id).action_submit_self()

    def _rate(self, appraisal, score=80):
        appraisal.line_ids.filtered(lambda x: x.kind == "qualitative").with_user(
            self.user_manager
        ).manager_score = score
        appraisal.with_user(self.user_manager).action_submit_manager()

    # ------------------------------------------------------------------
    # Appraisals waiting for me
    # ------------------------------------------------------------------
    def test_waiting_counts_only_the_steps_of_the_manager(self):
        appraisals = self._appraisals()
        wang, li = appraisals[self.emp_a], appraisals[self.emp_b]
        # Self-assessment: the employees' step, not the manager's.
        self.assertEqual(self._waiting(self.user_manager).waiting_appraisal_count, 0)
        self._submit_self(wang)
        self._submit_self(li)
        dashboard = self._waiting(self.user_manager)
        self.assertEqual(dashboard.waiting_appraisal_count, 2)
        self.assertEqual(dashboard.waiting_appraisal_ids, wang | li)
        action = dashboard.action_open_waiting_appraisals()
        self.assertEqual(
            self.env["sales.performance.appraisal"]
            .with_user(self.user_manager)
            .search(action["domain"]),
            wang | li,
        )
        self._rate(wang)
        self.assertEqual(self._waiting(self.user_manager).waiting_appraisal_ids, li)
        # Wang Wei's approval waits for the plan's approver, not the manager.
        Dashboard = self.env["sales.performance.dashboard"]
        self.assertEqual(Dashboard._sp_waiting_appraisals(self.user_approver), wang)
        wang.with_user(self.user_approver).action_approve()
        self.assertEqual(wang.state, "published")
        # Published: the feedback talk is an open activity of the manager, not
        # an appraisal waiting for a rating.
        self.assertEqual(wang.activity_ids.user_id, self.user_manager)
        self.assertIn(
            wang,
            self.env["sales.performance.appraisal"].search(
                [("activity_user_id", "=", self.user_manager.id)]
            ),
        )
        dashboard = self._waiting(self.user_manager)
        self.assertEqual(dashboard.waiting_appraisal_ids, li)
        self.assertEqual(dashboard.waiting_appraisal_count, 1)
        self._rate(li)
        self.assertEqual(self._waiting(self.user_manager).waiting_appraisal_count, 0)
        self.assertEqual(Dashboard._sp_waiting_appraisals(self.user_approver), li)

    def test_manager_saves_the_scores_in_the_appraisal_form(self):
        """What the browser does: the scores are saved through the
        appraisal (``line_ids`` updates), each line checking who scores."""
        wang = self._appraisals()[self.emp_a]
        self._submit_self(wang)
        with (
            Form(wang.with_user(self.user_manager)) as form,
            form.line_ids.edit(1) as line,
        ):
            self.assertEqual(line.name, "Attitude")
            line.manager_score = 85
        self.assertEqual(wang.line_ids[1].manager_score, 85)
        # Only updates of the lines: no line added or removed by hand.
        with self.assertRaises(AccessError):
            wang.with_user(self.user_manager).write(
                {"line_ids": [Command.delete(wang.line_ids[0].id)]}
            )
        # Not the employee at the manager's step, nor another manager.
        with self.assertRaises(AccessError):
            wang.with_user(self.user_a).write(
                {"line_ids": [Command.update(wang.line_ids[1].id, {"comment": "x"})]}
            )
        with self.assertRaises(AccessError):
            wang.with_user(self.user_b).write(
                {"line_ids": [Command.update(wang.line_ids[1].id, {"comment": "x"})]}
            )

    def test_feedback_talk_activity_follows_the_appraisal(self):
        appraisals = self._appraisals()
        wang, li = appraisals[self.emp_a], appraisals[self.emp_b]
        for appraisal in (wang, li):
            self._submit_self(appraisal)
            self._rate(appraisal)
            appraisal.with_user(self.user_approver).action_approve()
        talk = wang.activity_ids
        self.assertEqual(talk.user_id, self.user_manager)
        self.assertIn("Feedback talk", talk.summary)
        # The manager marks the feedback talk done: the appraisal is closed.
        talk.with_user(self.user_manager).action_feedback(feedback="Talked.")
        self.assertFalse(talk.exists())
        self.assertEqual(wang.state, "closed")
        self.assertFalse(wang.activity_ids)
        # Closing with the button marks the talk done.
        li.with_user(self.user_manager).action_close()
        self.assertEqual(li.state, "closed")
        self.assertFalse(li.activity_ids)

    def test_feedback_talk_leaves_with_the_appeal(self):
        wang = self._appraisals()[self.emp_a]
        self._submit_self(wang)
        self._rate(wang)
        wang.with_user(self.user_approver).action_approve()
        self.assertTrue(wang.activity_ids)
        # The employee appeals: the talk is no longer due, HR decides; the
        # appeal's own step does not close the appraisal.
        wang.with_user(self.user_a).action_appeal("My March fair was not counted.")
        self.assertEqual(wang.state, "appeal")
        self.assertNotIn("Feedback talk", " ".join(wang.activity_ids.mapped("summary")))
        self.assertNotEqual(wang.activity_ids.user_id, self.user_manager)

    def test_feedback_talk_done_by_someone_else_leaves_the_appraisal(self):
        """Only who may close an appraisal closes it through its activity."""
        wang = self._appraisals()[self.emp_a]
        self._submit_self(wang)
        self._rate(wang)
        wang.with_user(self.user_approver).action_approve()
        wang.activity_ids.user_id = self.user_approver
        wang.activity_ids.with_user(self.user_approver).action_feedback()
        self.assertEqual(wang.state, "published")

    # ------------------------------------------------------------------
    # My Team and Team Performance
    # ------------------------------------------------------------------
    @freeze_time("2026-03-16")
    def test_my_team_lists_the_targeted_rows(self):
        self.plan.action_compute_achievements()
        team = self._waiting(self.user_manager).team_achievement_ids
        # Five metrics measured for two people, two of them with a target.
        self.assertEqual(len(team), 2)
        self.assertEqual(team.metric_id, self.metric_revenue)
        self.assertEqual(
            sorted(team.mapped("actual")), [2000.0, 9000.0], team.mapped("actual")
        )
        all_rows = self.env["sales.performance.achievement"].search(
            [
                ("employee_id", "in", (self.emp_a | self.emp_b).ids),
                ("period_id", "=", self.march.id),
            ]
        )
        self.assertEqual(len(all_rows), 10)

    def test_team_completion_is_total_actual_over_total_target(self):
        self.plan.action_compute_achievements()
        Achievement = self.env["sales.performance.achievement"].with_user(
            self.user_manager
        )
        domain = [
            ("employee_id", "in", (self.emp_a | self.emp_b).ids),
            ("period_id", "=", self.march.id),
        ]
        rows = Achievement.search(domain + [("metric_id", "=", self.metric_revenue.id)])
        self.assertEqual(sorted(rows.mapped("completion")), [0.9, 2.0])
        # 11,000 / 11,000 = 100 %, not the average of 90 % and 200 % (145 %).
        [(completion,)] = Achievement._read_group(
            domain + [("metric_id", "=", self.metric_revenue.id)],
            [],
            ["completion:avg"],
        )
        self.assertAlmostEqual(completion, 1.0)
        # The pivot's and the grouped list's path. Rows without a target are
        # left out of the ratio (Wang Wei's 9,000 collected has none), and a
        # metric without a target has no completion.
        self._pay(self.invoice_a, 9000.0, "2026-03-20")
        self.plan.action_compute_achievements()
        groups = Achievement.read_group(
            domain, ["completion", "actual", "target_amount"], ["metric_id"]
        )
        by_metric = {g["metric_id"][0]: g for g in groups}
        self.assertAlmostEqual(by_metric[self.metric_revenue.id]["completion"], 1.0)
        self.assertEqual(by_metric[self.metric_cash.id]["actual"], 9000.0)
        self.assertFalse(by_metric[self.metric_cash.id]["completion"])
        # All metrics together: still only the targeted rows.
        [(total,)] = Achievement._read_group(domain, [], ["completion:avg"])
        self.assertAlmostEqual(total, 1.0)
        by_person = dict(
            Achievement._read_group(domain, ["employee_id"], ["completion:avg"])
        )
        self.assertAlmostEqual(by_person[self.emp_a], 0.9)
        self.assertAlmostEqual(by_person[self.emp_b], 2.0)

    # ------------------------------------------------------------------
    # Plan and rule forms
    # ------------------------------------------------------------------
    def test_rule_form_shows_percentages_and_plain_labels(self):
        Rule = self.env["sales.performance.commission.rule"]
        labels = dict(Rule._fields["rule_type"]._description_selection(self.env))
        self.assertEqual(labels["tiered"], "Tiered by completion")
        self.assertFalse([label for label in labels.values() if "(R-" in label])
        self.assertIn("R-C1", Rule._fields["rule_type"].help)
        arch = etree.fromstring(Rule.get_view(view_type="form")["arch"])
        bands = arch.xpath("//field[@name='band_ids']/list")[0]
        widgets = {
            (node.get("name"), node.get("column_invisible")): node.get("widget")
            for node in bands.xpath("field")
        }
        self.assertEqual(
            widgets,
            {
                ("lower", "parent.rule_type == 'year_end'"): "percentage",
                ("upper", "parent.rule_type == 'year_end'"): "sp_open_limit",
                ("lower", "parent.rule_type != 'year_end'"): None,
                ("upper", "parent.rule_type != 'year_end'"): "sp_open_limit",
                ("rate", None): "percentage",
            },
        )
        for name in ("flat_rate", "team_rate", "pool_rate", "share_rate", "gate_rate"):
            self.assertEqual(
                arch.xpath(f"//field[@name='{name}']")[0].get("widget"),
                "percentage",
                name,
            )
        # Shown in percent, stored as ratios: 2 % is 0.02, an open end 0.
        rule = self._rule("tiered", [(1.0, 0.0, 0.02)], name="Tiers")
        self.assertEqual(
            rule.band_ids.read(["lower", "upper", "rate"])[0]["rate"], 0.02
        )
        self.assertTrue(rule.band_ids._contains(5.0))

    def test_plan_shows_the_weight_of_each_cycle(self):
        self.assertEqual(self.plan.scorecard_weights, "Monthly: 100 %")
        self.env["sales.performance.scorecard.indicator"].create(
            {
                "plan_id": self.plan.id,
                "cycle": "quarter",
                "name": "Quarter revenue",
                "weight": 60,
                "kind": "quantitative",
                "metric_id": self.metric_revenue.id,
            }
        )
        self.assertEqual(self.plan.scorecard_weights, "Monthly: 100 %, Quarterly: 60 %")
        arch = etree.fromstring(
            self.env["sales.performance.plan"].get_view(view_type="form")["arch"]
        )
        weight = arch.xpath("//field[@name='scorecard_ids']//field[@name='weight']")[0]
        self.assertIsNone(weight.get("sum"))
