# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .date_range_type import period_name


class SalesPerformanceLevelProposal(models.Model):
    """A proposed salary level change or dismissal flag (R-P4, R-P5),
    accepted or rejected by a performance administrator."""

    _name = "sales.performance.level.proposal"
    _description = "Salary Level Proposal"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    date = fields.Date(string="Evaluated On", required=True)
    kind = fields.Selection(
        [
            ("down", "Move down"),
            ("up", "Move up"),
            ("leave", "Advise to leave"),
            ("new_hire", "New hire without a paid deal"),
        ],
        required=True,
    )
    current_level_id = fields.Many2one("sales.performance.salary.level", readonly=True)
    proposed_level_id = fields.Many2one("sales.performance.salary.level")
    reason = fields.Text(required=True, help="The figures behind the proposal.")
    state = fields.Selection(
        [("proposed", "Proposed"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        default="proposed",
        required=True,
        tracking=True,
    )
    decided_uid = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_date = fields.Datetime(string="Decided On", readonly=True)

    @api.depends("employee_id", "kind")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for proposal in self:
            proposal.name = f"{proposal.employee_id.name}: {kinds.get(proposal.kind)}"

    def _check_proposed(self):
        # Deciding changes the employee's salary level (with sudo): only
        # performance administrators decide (R-P4, R-P5).
        if not (
            self.env.su or self.env.user.has_group("sales_performance.group_sp_admin")
        ):
            raise AccessError(
                self.env._("Level proposals are decided by performance administrators.")
            )
        decided = self.filtered(lambda p: p.state != "proposed")
        if decided:
            raise UserError(
                self.env._(
                    "Proposal '%(proposal)s' is already decided.",
                    proposal=decided[0].name,
                )
            )

    def action_accept(self):
        self._check_proposed()
        for proposal in self:
            if proposal.kind in ("down", "up") and proposal.proposed_level_id:
                proposal.employee_id.sudo().sp_salary_level_id = (
                    proposal.proposed_level_id
                )
            proposal.write(
                {
                    "state": "accepted",
                    "decided_uid": self.env.uid,
                    "decided_date": fields.Datetime.now(),
                }
            )
        return True

    def action_reject(self):
        self._check_proposed()
        self.write(
            {
                "state": "rejected",
                "decided_uid": self.env.uid,
                "decided_date": fields.Datetime.now(),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Generation (R-P4, R-P5)
    # ------------------------------------------------------------------
    @api.model
    def _sp_generate(self, plan, date):
        """Propose level changes and new-hire flags for ``plan`` as of
        ``date``; open proposals of the plan are replaced."""
        plan.ensure_one()
        self.search([("plan_id", "=", plan.id), ("state", "=", "proposed")]).unlink()
        members = plan.member_ids.filtered(lambda m: m._effective_dates()[0] <= date)
        employees = members.employee_id
        quarters, year = self._sp_completions(plan, employees, date)
        vals_list = []
        for employee in employees:
            vals = self._sp_level_rule(
                plan, employee, quarters[employee], year.get(employee), date
            )
            if vals:
                vals_list.append(vals)
        vals_list += self._sp_new_hire_flags(plan, employees, date)
        return self.create(vals_list)

    @api.model
    def _sp_completions(self, plan, employees, date):
        """Completion of the plan's level metric per employee: by calendar
        quarter ended by ``date`` (``{employee: [(quarter_start, ratio)]}``,
        oldest first) and over the year to ``date`` (``{employee: (actual,
        target)}``), from the stored achievements (one aggregate query).

        A quarter is read from its quarterly achievement when the plan has
        quarterly targets (or quarterly periods), else from the sum of its
        monthly achievements; the year adds up the quarters so read (R-P4)."""
        domain = [
            ("plan_id", "=", plan.id),
            ("employee_id", "in", employees.ids),
            ("metric_id", "=", plan.level_metric_id.id),
            ("state", "=", "measured"),
            ("period_id.sp_period_type", "in", ("month", "quarter")),
            ("period_start", ">=", plan.date_start),
            ("period_end", "<=", date),
        ]
        Achievement = self.env["sales.performance.achievement"].sudo()
        figures = defaultdict(dict)
        for employee, period, actual, target in Achievement._read_group(
            domain, ["employee_id", "period_id"], ["actual:sum", "target_amount:sum"]
        ):
            start = period.date_start
            quarter = start.replace(month=(start.month - 1) // 3 * 3 + 1, day=1)
            kind = period.sp_period_type
            before = figures[(employee, quarter)].get(kind, (0.0, 0.0))
            figures[(employee, quarter)][kind] = (
                before[0] + actual,
                before[1] + target,
            )
        quarters = defaultdict(list)
        year = {}
        for (employee, quarter), by_kind in sorted(
            figures.items(), key=lambda item: (item[0][0].id, item[0][1])
        ):
            # the quarterly achievement when it has a target, else the months
            if by_kind.get("quarter", (0.0, 0.0))[1] or not by_kind.get("month"):
                actual, target = by_kind["quarter"]
            else:
                actual, target = by_kind["month"]
            previous = year.get(employee, (0.0, 0.0))
            year[employee] = (previous[0] + actual, previous[1] + target)
            # A quarter counts once it is over: a quarter under way (say
            # October alone) neither breaks nor extends a streak (R-P4).
            quarter_end = quarter + relativedelta(months=3, days=-1)
            if target and quarter_end <= date:
                quarters[employee].append((quarter, actual / target))
        return quarters, year

    @api.model
    def _sp_level_rule(self, plan, employee, quarters, year, date):
        """One proposal for an employee, or None (R-P4):

        * down one level after ``level_down_quarters`` consecutive quarters
          below ``level_down_quarter_ratio``, or a year below
          ``level_down_year_ratio``; at the lowest level: advise to leave;
        * up one level when the full year exceeds ``level_up_year_ratio``.
        """
        level = employee.sudo().sp_salary_level_id
        year_ratio = year[0] / year[1] if year and year[1] else None
        year_done = date >= plan.date_end
        reasons = self._sp_level_down_reasons(plan, quarters, year_ratio, year_done)
        vals = {
            "plan_id": plan.id,
            "employee_id": employee.id,
            "date": date,
            "current_level_id": level.id,
        }
        if reasons:
            return self._sp_level_down(level, reasons, vals)
        if (
            level
            and year_ratio is not None
            and year_done
            and year_ratio > plan.level_up_year_ratio
        ):
            return self._sp_level_up(plan, level, year_ratio, vals)
        return None

    def _sp_level_down_reasons(self, plan, quarters, year_ratio, year_done):
        """Why the employee goes down one level (R-P4): the last
        ``level_down_quarters`` quarters all below the quarter ratio, and
        the finished year below the year ratio; empty if neither."""
        count = plan.level_down_quarters
        recent = quarters[-count:] if count else []
        reasons = []
        if (
            count
            and len(recent) == count
            and all(ratio < plan.level_down_quarter_ratio for __, ratio in recent)
        ):
            reasons.append(
                self.env._(
                    "%(count)s consecutive quarters below %(limit)s %%: %(figures)s.",
                    count=count,
                    limit=round(plan.level_down_quarter_ratio * 100, 2),
                    figures=", ".join(
                        f"{period_name('quarter', start)} {ratio * 100:.1f} %"
                        for start, ratio in recent
                    ),
                )
            )
        if (
            year_ratio is not None
            and year_done
            and year_ratio < plan.level_down_year_ratio
        ):
            reasons.append(
                self.env._(
                    "Year completion %(ratio)s %% is below %(limit)s %%.",
                    ratio=round(year_ratio * 100, 1),
                    limit=round(plan.level_down_year_ratio * 100, 2),
                )
            )
        return reasons

    def _sp_level_down(self, level, reasons, vals):
        """The proposal one level below ``level`` for ``reasons``; at the
        lowest level, the advice to leave; None without a level."""
        lower = level._sp_neighbour(-1) if level else level
        if level and not lower:
            return dict(
                vals,
                kind="leave",
                reason=" ".join(
                    reasons
                    + [self.env._("Already at the lowest level: advise to leave.")]
                ),
            )
        if not level:
            return None
        return dict(
            vals, kind="down", proposed_level_id=lower.id, reason=" ".join(reasons)
        )

    def _sp_level_up(self, plan, level, year_ratio, vals):
        """The proposal one level above ``level`` for a year above the plan's
        ratio; None at the highest level."""
        higher = level._sp_neighbour(1)
        if not higher:
            return None
        return dict(
            vals,
            kind="up",
            proposed_level_id=higher.id,
            reason=self.env._(
                "Year completion %(ratio)s %% exceeds %(limit)s %%: "
                "one level up for next year.",
                ratio=round(year_ratio * 100, 1),
                limit=round(plan.level_up_year_ratio * 100, 2),
            ),
        )

    @api.model
    def _sp_new_hire_flags(self, plan, employees, date):
        """R-P5: employees whose first ``new_hire_months`` months (from their
        first contract) ended inside the plan, before ``date``, without a
        fully paid invoice credited to them are flagged."""
        months = plan.new_hire_months
        if not months:
            return []
        hired = dict(
            self.env["hr.contract"]
            .sudo()
            ._read_group(
                [("employee_id", "in", employees.ids), ("state", "!=", "cancel")],
                ["employee_id"],
                ["date_start:min"],
            )
        )
        window = {}
        for employee, start in hired.items():
            end = start + relativedelta(months=months, days=-1)
            if plan.date_start <= end < date:
                window[employee] = (start, end)
        if not window:
            return []
        credits = (
            self.env["sales.performance.credit"]
            .sudo()
            .search_read(
                [
                    ("employee_id", "in", [e.id for e in window]),
                    ("kind", "=", "invoice"),
                    ("is_fully_paid", "=", True),
                    ("amount_revenue", ">", 0),
                ],
                ["employee_id", "date", "full_paid_date"],
            )
        )
        paid = set()
        for credit in credits:
            employee = self.env["hr.employee"].browse(credit["employee_id"][0])
            start, end = window[employee]
            if credit["date"] >= start and credit["full_paid_date"] <= end:
                paid.add(employee)
        return [
            {
                "plan_id": plan.id,
                "employee_id": employee.id,
                "date": date,
                "kind": "new_hire",
                "current_level_id": employee.sudo().sp_salary_level_id.id,
                "reason": self.env._(
                    "Hired on %(start)s: no fully paid deal by %(end)s, the end of "
                    "the first %(months)s months (R-P5).",
                    start=start,
                    end=end,
                    months=months,
                ),
            }
            for employee, (start, end) in window.items()
            if employee not in paid
        ]
