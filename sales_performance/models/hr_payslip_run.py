# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payslip batches pay the commission of their period (R-W1, R-W2, issue 20):
generating a batch reuses each employee's open payslip of the period and
posts the approved statements on it, by the same path as *Post to payroll*,
and says per statement what it could not post and why."""

from odoo import api, fields, models
from odoo.tools import LazyTranslate

from ..tools.payroll import post, render

_lt = LazyTranslate(__name__)

BATCH_SUMMARY = _lt(
    "%(created)s payslip(s) created, %(reused)s existing payslip(s) of the period "
    "added to the batch; %(posted)s commission statement(s) posted, %(failed)s not "
    "posted."
)
BATCH_NOT_POSTED = _lt("Not posted: %(lines)s")
BATCH_SKIPPED = _lt("Not generated: %(lines)s")
NO_RIGHT = _lt(
    "%(user)s generated the batch without the Payroll Posting right (Payroll "
    "Officer: post payouts): a payroll officer posts it (Post to Payroll), or "
    "generates the payslips again."
)


class HrPayslipRun(models.Model):
    _inherit = "hr.payslip.run"

    sp_statement_todo_ids = fields.Many2many(
        "sales.performance.statement",
        "hr_payslip_run_sp_statement_todo_rel",
        "run_id",
        "statement_id",
        string="Commission Not Posted",
        compute="_compute_sp_statement_todo_ids",
        help="Approved commission statements of the batch's employees paid in "
        "its period that are not on a payslip yet, with why.",
    )

    def _compute_sp_statement_todo_ids(self):
        for run in self:
            employees = run.slip_ids.employee_id
            run.sp_statement_todo_ids = (
                run._sp_statements_to_post(employees) if employees else False
            )

    def _sp_statements_to_post(self, employees):
        """The approved statements of ``employees`` whose pay period (else
        period) overlaps the batch's dates."""
        self.ensure_one()
        return (
            self.env["sales.performance.statement"]
            .sudo()
            .search(
                [
                    ("state", "=", "approved"),
                    ("employee_id", "in", employees.ids),
                    "|",
                    "&",
                    ("pay_period_id", "!=", False),
                    "&",
                    ("pay_period_id.date_start", "<=", self.date_end),
                    ("pay_period_id.date_end", ">=", self.date_start),
                    "&",
                    ("pay_period_id", "=", False),
                    "&",
                    ("period_start", "<=", self.date_end),
                    ("period_end", ">=", self.date_start),
                ],
                order="employee_id, period_start, id",
            )
            .with_env(self.env)
        )

    @api.model
    def _sp_join(self, items):
        return "; ".join(f"{name}: {reason}" for name, reason in items)

    def _sp_pay_commission(self, employees, created, reused, skipped):
        """Post the period's approved statements of ``employees`` on the
        batch's payslips and report it: in the batch's chatter and as the
        notification returned. ``skipped``: ``[(employee name, why)]`` of
        employees the batch made no payslip for. The payslips ``created``
        and ``reused`` are computed here, once (issue 25): posting computes
        those it puts commission on, then the others."""
        self.ensure_one()
        statements = self._sp_statements_to_post(employees)
        posted, failed = statements.browse(), {}
        if statements and not self.env.user.has_group(
            "sales_performance.group_sp_payroll"
        ):
            reason = render(self.env, NO_RIGHT, user=self.env.user.name)
            statements._sp_record_payroll_error(reason)
            failed = dict.fromkeys(statements, reason)
        elif statements:
            posted, failed = statements._sp_post_statements(self.slip_ids)
        computed = posted.sudo().line_ids.payslip_input_id.payslip_id
        rest = (created | reused).with_env(self.env) - computed
        if rest:
            rest.compute_sheet()
        parts = [
            (
                BATCH_SUMMARY,
                {
                    "created": len(created),
                    "reused": len(reused),
                    "posted": len(posted),
                    "failed": len(failed),
                },
            )
        ]
        if failed:
            lines = self._sp_join((s.name, why) for s, why in failed.items())
            parts.append((BATCH_NOT_POSTED, {"lines": lines}))
        if skipped:
            parts.append((BATCH_SKIPPED, {"lines": self._sp_join(skipped)}))
        for term, params in parts:
            post(self.sudo(), term, **params)
        message = " ".join(render(self.env, term, **params) for term, params in parts)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Generate payslips"),
                "message": message,
                "type": "warning" if failed or skipped else "success",
                "sticky": bool(failed or skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
