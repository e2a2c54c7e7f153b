# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plan modelling in the browser (issue 24), as the demo's performance
administrator (Sun Li) on the demo data: runs on a database installed with
demo data (``tests/e2e/test_demo_tour_plan_model.py`` runs it on the demo
database of ``scripts/test``), skipped without it."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourPlanModel(HttpCase):
    def test_model_a_change_on_the_demo(self):
        plan = self.env.ref("sales_performance.demo_plan", raise_if_not_found=False)
        if not plan:
            self.skipTest("needs the demo data")
        admin = self.env["res.users"].search([("login", "=", "sunli")])
        self.assertTrue(admin.has_group("sales_performance.group_sp_admin"))
        first_open = plan._sp_first_open_period()
        window = plan._sp_periods().filtered(lambda p: p.sp_state == "closed")[-12:]
        self.assertGreaterEqual(len(window), 3, "the demo has closed months")
        Model = self.env["sales.performance.plan.model"]
        # the demo's own model of the rules in force (its reference)
        demo_models = Model.search([("plan_id", "=", plan.id)])
        self.start_tour(
            f"/odoo/action-sales_performance.action_sales_performance_plan/{plan.id}",
            "sales_performance_plan_model",
            login="sunli",
        )
        model = Model.search([("plan_id", "=", plan.id)]) - demo_models
        self.assertEqual(len(model), 1)
        self.assertEqual(model.state, "adopted")
        self.assertEqual(model.create_uid, admin)
        self.assertEqual(model.period_ids, window)
        # modelled from the third month of the window: the months before it
        # keep the rules that were in force, and change nothing
        chosen = window.sorted("date_start")[2]
        self.assertEqual(model.period_id, chosen)
        before = model.line_ids.filtered(lambda x: x.period_start < chosen.date_start)
        self.assertTrue(before)
        self.assertFalse(before.filtered("difference"))
        # raising a rate costs more; the promoters gain, nobody loses
        self.assertGreater(model.difference, 0.0)
        self.assertEqual(model.loser_count, 0)
        promoters = model.person_ids.filtered(lambda p: p.difference > 0).employee_id
        self.assertTrue(
            set(promoters.mapped("name")) <= {"王伟 Wang Wei", "李娜 Li Na"},
            promoters.mapped("name"),
        )
        # adopted from the first open period, approved, with the model
        version = model.adopted_version_id
        self.assertEqual(version.model_id, model)
        self.assertEqual(version.period_id, first_open)
        self.assertEqual(version.state, "approved")
        self.assertEqual(version.approved_uid, admin)
        rule = plan._sp_rules_for(first_open).filtered(
            lambda r: r.name == "Store promoter tiers"
        )
        self.assertEqual(rule.band_ids.sorted("lower")[0].rate, 0.015)
        self.assertTrue(
            plan.message_ids.filtered(lambda m: model.name in (m.body or "")),
            "the plan's history names the model",
        )
