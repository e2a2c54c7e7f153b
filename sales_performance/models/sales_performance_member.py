# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import readers
from ..tools.explain import recorder


class SalesPerformanceMember(models.Model):
    """An employee taking part in a plan, with a role and dates."""

    _name = "sales.performance.member"
    _description = "Sales Performance Plan Member"
    _inherit = ["sales.performance.plan.lock.mixin"]
    # Acknowledging an approved (locked) plan is not editing it.
    _sp_plan_lock_free_fields = frozenset({"acknowledged_date", "acknowledged_uid"})
    _order = "plan_id, sequence, id"
    _check_company_auto = True
    _rec_names_search = ["employee_id.name", "role_id.name"]

    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee",
        check_company=True,
        index=True,
        ondelete="restrict",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, string="User"
    )
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", string="Manager"
    )
    role_id = fields.Many2one("sales.performance.role")
    date_from = fields.Date(
        string="Member From", help="Empty: from the start of the plan."
    )
    date_to = fields.Date(string="Member To", help="Empty: until the end of the plan.")
    target_ids = fields.One2many(
        "sales.performance.target", "member_id", string="Targets"
    )
    acknowledged_date = fields.Datetime(
        readonly=True, copy=False, help="When the salesperson acknowledged the plan."
    )
    acknowledged_uid = fields.Many2one(
        "res.users", string="Acknowledged By", readonly=True, copy=False
    )

    @api.depends("employee_id", "plan_id", "role_id")
    def _compute_display_name(self):
        for member in self:
            name = member.employee_id.name or self.env._("(no employee)")
            if member.role_id:
                name = f"{name} ({member.role_id.name})"
            member.display_name = name

    def _sp_acknowledge(self, user):
        """The salesperson acknowledges the plan (targets and rules agreed,
        R-A4): date and user recorded, once; allowed while the plan is
        approved (it is locked)."""
        for member in self.filtered(lambda m: not m.acknowledged_date):
            member.sudo().write(
                {
                    "acknowledged_date": fields.Datetime.now(),
                    "acknowledged_uid": user.id,
                }
            )
            # for the plan's HR / approver, in their language; each reader
            # of the plan reads it in theirs (issue 23)
            plan = member.plan_id.sudo()
            readers.post(
                plan,
                recorder(self.env)._("%(user)s acknowledged the plan.", user=user.name),
                lang=readers.lang_of(self.env, plan.appraisal_approver_id),
            )

    def _effective_dates(self):
        self.ensure_one()
        return (
            self.date_from or self.plan_id.date_start,
            self.date_to or self.plan_id.date_end,
        )

    def _window(self, period):
        """Part of ``period`` during which the member belongs to the plan."""
        date_from, date_to = self._effective_dates()
        start = max(period.date_start, date_from)
        end = min(period.date_end, date_to)
        return (start, end) if start <= end else None

    @api.constrains("employee_id", "plan_id")
    def _check_employee(self):
        for member in self:
            if not member.employee_id:
                raise ValidationError(
                    self.env._(
                        "A member of plan '%(plan)s' has no employee: choose the "
                        "employee or remove the line.",
                        plan=member.plan_id.name,
                    )
                )
            if not member.employee_id.user_id:
                raise ValidationError(
                    self.env._(
                        "Employee %(employee)s in plan '%(plan)s' has no related "
                        "user, so no invoice can be credited to them: link a user "
                        "on the employee form.",
                        employee=member.employee_id.name,
                        plan=member.plan_id.name,
                    )
                )

    @api.constrains("date_from", "date_to", "employee_id", "plan_id")
    def _check_dates(self):
        # the plans' memberships by employee, once: a plan of thousands of
        # members is checked in linear time, not one scan of the plan per
        # member (issue 25: 5,000 members took longer than their invoices)
        memberships = {}
        for other in self.plan_id.member_ids:
            key = (other.plan_id, other.employee_id)
            memberships[key] = memberships.get(key, other.browse()) | other
        for member in self:
            date_from, date_to = member._effective_dates()
            if date_from > date_to:
                raise ValidationError(
                    self.env._(
                        "Membership of %(employee)s in plan '%(plan)s' ends before "
                        "it starts: fix the dates.",
                        employee=member.employee_id.name,
                        plan=member.plan_id.name,
                    )
                )
            key = (member.plan_id, member.employee_id)
            for other in memberships.get(key, member.browse()) - member:
                other_from, other_to = other._effective_dates()
                if date_from <= other_to and other_from <= date_to:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s is twice a member of plan '%(plan)s' "
                            "between %(start)s and %(end)s: make the membership "
                            "dates not overlap or remove one line.",
                            employee=member.employee_id.name,
                            plan=member.plan_id.name,
                            start=max(date_from, other_from),
                            end=min(date_to, other_to),
                        )
                    )
