# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestPayrollConcurrency(BaseCase):
    """R-W2: two sessions posting the same statement at the same time create
    one payslip input, not two. Needs committed data seen by two database
    cursors, so it commits its own fixtures and removes them afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            self.ids = self._fixtures(env)
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _fixtures(self, env):
        company = env.ref("base.main_company")
        user = mail_new_test_user(
            env,
            login="sp_concurrent_payroll",
            name="Concurrent Payroll",
            groups="base.group_user,sales_performance.group_sp_payroll,"
            "payroll.group_payroll_manager",
        )
        employee = env["hr.employee"].create(
            {"name": "Concurrent Seller", "company_id": company.id}
        )
        structure = env["hr.payroll.structure"].create(
            {"name": "Concurrent", "code": "CONC", "company_id": company.id}
        )
        structure.action_sp_add_rules()
        contract = env["hr.contract"].create(
            {
                "name": "Concurrent",
                "employee_id": employee.id,
                "wage": 5000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": structure.id,
            }
        )
        period = env["date.range"].create(
            {
                "name": "CONC-2031-03",
                "date_start": "2031-03-01",
                "date_end": "2031-03-31",
                "type_id": env.ref("sales_performance.date_range_type_month").id,
                "company_id": company.id,
            }
        )
        plan = env["sales.performance.plan"].create(
            {
                "name": "Concurrent plan",
                "company_id": company.id,
                "date_start": "2031-01-01",
                "date_end": "2031-12-31",
            }
        )
        statement = env["sales.performance.statement"].create(
            {
                "plan_id": plan.id,
                "employee_id": employee.id,
                "period_id": period.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Commission",
                            "kind": "commission",
                            "amount": 100.0,
                            "explanation": "5,000 × 2 %",
                        }
                    )
                ],
            }
        )
        statement.write(
            {"state": "approved", "approved_uid": env.ref("base.user_admin").id}
        )
        return {
            "user": user.id,
            "employee": employee.id,
            "structure": structure.id,
            "contract": contract.id,
            "period": period.id,
            "plan": plan.id,
            "statement": statement.id,
        }

    def _cleanup(self):
        with self.registry.cursor() as cr:
            ids = self.ids
            cr.execute(
                "DELETE FROM hr_payslip WHERE employee_id = %s", (ids["employee"],)
            )
            cr.execute(
                "DELETE FROM sales_performance_statement WHERE id = %s",
                (ids["statement"],),
            )
            cr.execute(
                "DELETE FROM sales_performance_plan WHERE id = %s", (ids["plan"],)
            )
            cr.execute("DELETE FROM date_range WHERE id = %s", (ids["period"],))
            cr.execute("DELETE FROM hr_contract WHERE id = %s", (ids["contract"],))
            cr.execute(
                "DELETE FROM hr_payroll_structure WHERE id = %s", (ids["structure"],)
            )
            cr.execute("DELETE FROM hr_employee WHERE id = %s", (ids["employee"],))
            cr.execute(
                "UPDATE res_users SET active = false, login = login || '_done_' || id "
                "WHERE id = %s",
                (ids["user"],),
            )

    def _statement(self, cr):
        env = api.Environment(cr, self.ids["user"], {})
        return env["sales.performance.statement"].browse(self.ids["statement"])

    def test_r_w2_two_cursors_post_once(self):
        with self.registry.cursor() as cr_b, self.registry.cursor() as cr_c:
            first = self._statement(cr_b)
            self.assertTrue(first._sp_post_one())  # holds the row lock
            second = self._statement(cr_c)
            result = second.action_post_to_payroll()
            self.assertIn(
                "being posted in another session", result["params"]["message"]
            )
            cr_c.rollback()
            cr_b.commit()  # pylint: disable=invalid-commit
            # Once the first session committed, posting again does nothing.
            second = self._statement(cr_c)
            second.invalidate_recordset()
            self.assertEqual(second.state, "posted")
            self.assertFalse(second._sp_post_one())
            cr_c.commit()  # pylint: disable=invalid-commit
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT i.code, i.amount FROM hr_payslip_input i
                     JOIN hr_payslip p ON p.id = i.payslip_id
                    WHERE p.employee_id = %s AND i.code = 'SPCOMM'""",
                (self.ids["employee"],),
            )
            self.assertEqual(cr.fetchall(), [("SPCOMM", 100.0)])
