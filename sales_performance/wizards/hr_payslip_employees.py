# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models
from odoo.tools import LazyTranslate

from ..tools.payroll import defer_compute, render

_lt = LazyTranslate(__name__)

IN_OTHER_BATCH = _lt("payslip %(payslip)s of the period is in batch %(batch)s")
CONFIRMED = _lt(
    "payslip %(payslip)s of the period is confirmed (refund it to pay again)"
)


class HrPayslipEmployees(models.TransientModel):
    _inherit = "hr.payslip.employees"

    def compute_sheet(self):
        """Generate Payslips of a batch (R-W1, R-W2, issue 20): one payslip
        per employee and period, whoever made it first. Under the lock a
        posting takes on the employee, each employee's draft or computed
        payslip of the period is added to the batch instead of a second one;
        an employee with a confirmed payslip of the period gets none; the
        others get OCA's new payslip. Then the approved statements paid in
        the period are posted on them (the same path as Post to payroll,
        set-wise), and what was not posted is said per statement, in the
        batch and as a notification. Each payslip is computed once, after
        its commission is on it (issue 25): not by OCA when it creates it,
        nor when it is reused."""
        run = self.env["hr.payslip.run"].browse(self.env.context.get("active_id"))
        employees = self.employee_ids
        if not run or run.credit_note or not employees:
            return super().compute_sheet()
        # many employees: in chunks of jobs, each this same method (issue 25)
        Operation = self.env["sales.performance.operation"]
        if Operation._sp_big(len(employees)):
            return Operation._sp_start("payslips", employees, payslip_run=run)
        Payslip = self.env["hr.payslip"]
        Payslip._sp_lock_employees(employees)
        dates = (run.date_start, run.date_end)
        open_slips = Payslip._sp_open_payslips(employees, *dates)
        confirmed = Payslip._sp_confirmed_payslips(employees, *dates)
        reused, skipped = Payslip.browse(), []
        for employee in employees:
            slips = open_slips.filtered(lambda p, e=employee: p.employee_id == e)
            mine = slips.filtered(lambda p: p.payslip_run_id == run)
            free = slips.filtered(lambda p: not p.payslip_run_id)
            if mine or free:
                reused |= (mine or free)[:1]
            elif slips:
                skipped.append(
                    (
                        employee.name,
                        render(
                            self.env,
                            IN_OTHER_BATCH,
                            payslip=slips[:1]._sp_label(),
                            batch=slips[:1].payslip_run_id.name,
                        ),
                    )
                )
            elif employee in confirmed.employee_id:
                slip = confirmed.filtered(lambda p, e=employee: p.employee_id == e)
                skipped.append(
                    (
                        employee.name,
                        render(self.env, CONFIRMED, payslip=slip[:1]._sp_label()),
                    )
                )
        new = employees - reused.employee_id - confirmed.employee_id
        new -= open_slips.employee_id
        before = run.slip_ids
        if new:
            self.employee_ids = [Command.set(new.ids)]
            super(HrPayslipEmployees, defer_compute(self)).compute_sheet()
            self.employee_ids = [Command.set(employees.ids)]
        run.invalidate_recordset(["slip_ids"])
        created = run.slip_ids - before
        reused = reused.with_env(self.env)
        if reused:
            (reused - run.slip_ids).write({"payslip_run_id": run.id})
            run.invalidate_recordset(["slip_ids"])
        return run._sp_pay_commission(employees, created, reused, skipped)
