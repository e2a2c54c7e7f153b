# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate

from ..tools.payroll import post

_lt = LazyTranslate(__name__)

CLOSED = _lt("Closed by %(user)s.")
CLOSED_OVERRIDE = _lt(
    "Closed by %(user)s with items still open, overridden: %(reason)s. Open "
    "then: %(items)s."
)
REOPENED = _lt(
    "Reopened by %(user)s (closed by %(closed_by)s on %(closed_on)s): its figures "
    "may change again."
)


class DateRange(models.Model):
    _name = "date.range"
    _inherit = ["date.range", "mail.thread"]

    sp_period_type = fields.Selection(related="type_id.sp_period_type", store=True)
    sp_state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        string="Performance State",
        default="open",
        required=True,
        copy=False,
        tracking=True,
        help="Closed: the period's credits and achievements are frozen; later "
        "documents and changes are booked in the next open period.",
    )
    sp_closed_uid = fields.Many2one(
        "res.users", string="Closed By", readonly=True, tracking=True
    )
    sp_closed_date = fields.Datetime(string="Closed On", readonly=True, tracking=True)

    # Written by the close and reopen actions only (issue 20).
    _sp_close_fields = frozenset({"sp_state", "sp_closed_uid", "sp_closed_date"})

    def _sp_check_admin(self):
        """Only the addon's administrators close and reopen periods."""
        if not self.env.user.has_group("sales_performance.group_sp_admin"):
            raise AccessError(
                self.env._(
                    "Only a performance administrator closes or reopens a sales "
                    "performance period."
                )
            )

    def _sp_open_items(self):
        """``[(period, what is still open)]``: appeals and disputes not
        decided, statements not approved, approved statements not posted,
        posted ones whose payslip is not confirmed, and draft payslips of the
        period's commission."""
        items = []
        Appraisal = self.env["sales.performance.appraisal"].sudo()
        Statement = self.env["sales.performance.statement"].sudo()
        Line = self.env["sales.performance.statement.line"].sudo()
        Payslip = self.env["hr.payslip"].sudo()
        for period in self:
            found = []
            appeals = Appraisal.search(
                [("period_id", "=", period.id), ("state", "=", "appeal")]
            )
            if appeals:
                found.append(
                    self.env._(
                        "%(count)s appeal(s) not decided: %(names)s",
                        count=len(appeals),
                        names=", ".join(appeals.employee_id.mapped("name")),
                    )
                )
            disputes = Line.search(
                [
                    ("statement_id.period_id", "=", period.id),
                    ("dispute_state", "=", "open"),
                ]
            )
            if disputes:
                found.append(
                    self.env._(
                        "%(count)s disputed statement line(s) not answered: %(names)s",
                        count=len(disputes),
                        names=", ".join(disputes.statement_id.mapped("name")),
                    )
                )
            statements = Statement.search([("period_id", "=", period.id)])
            unapproved = statements.filtered(lambda s: s.state in ("draft", "computed"))
            if unapproved:
                found.append(
                    self.env._(
                        "%(count)s statement(s) not approved: %(names)s",
                        count=len(unapproved),
                        names=", ".join(unapproved.mapped("name")),
                    )
                )
            paid_now = Statement.search(
                [
                    "|",
                    ("pay_period_id", "=", period.id),
                    "&",
                    ("pay_period_id", "=", False),
                    ("period_id", "=", period.id),
                ]
            )
            unposted = paid_now.filtered(lambda s: s.state == "approved")
            if unposted:
                found.append(
                    self.env._(
                        "%(count)s approved statement(s) not posted to payroll: "
                        "%(names)s",
                        count=len(unposted),
                        names=", ".join(unposted.mapped("name")),
                    )
                )
            payslips = Payslip.search(
                Payslip._sp_period_domain(
                    (statements | paid_now).employee_id,
                    period.date_start,
                    period.date_end,
                    period.company_id or None,
                )
                + [("state", "in", ("draft", "verify"))]
            )
            if payslips:
                found.append(
                    self.env._(
                        "%(count)s payslip(s) not confirmed: %(names)s",
                        count=len(payslips),
                        names=", ".join(payslips.mapped(lambda p: p.number or p.name)),
                    )
                )
            if found:
                items.append((period, found))
        return items

    @api.model
    def _sp_open_items_text(self, items):
        return "\n".join(
            f"{period.name}: " + "; ".join(found) for period, found in items
        )

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """A period typed in full comes first (issue 23: "2026" then Tab
        picked "2026 Q1", the quarters being listed before the year)."""
        result = super().name_search(name, args, operator, limit)
        if not name or operator not in ("ilike", "like", "=ilike", "=like"):
            return result
        exact = self.search_fetch(
            list(args or []) + [("name", "=ilike", name)], ["display_name"]
        )
        if not exact:
            return result
        first = [(period.id, period.display_name) for period in exact]
        rest = [item for item in result if item[0] not in exact.ids]
        return (first + rest)[:limit] if limit else first + rest

    def action_sp_close(self):
        """Close sales performance periods. What is still open (appeals,
        disputes, statements not approved or not posted, payslips not
        confirmed) is listed first, and the period closes only once it is
        settled or the administrator overrides it with a reason."""
        self._sp_check_admin()
        periods = self.filtered(lambda p: p.sp_state == "open")
        if periods._sp_open_items():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Close the period"),
                "res_model": "sales.performance.period.close",
                "view_mode": "form",
                "target": "new",
                "context": {"default_period_ids": periods.ids},
            }
        periods._sp_close()
        return True

    def _sp_close(self, override_reason=False):
        """Measure every plan of the periods one last time, then freeze them;
        refused while something is open, unless ``override_reason`` says why
        (recorded in the chatter with what was open)."""
        self._sp_check_admin()
        periods = self.filtered(lambda p: p.sp_state == "open")
        items = periods._sp_open_items()
        if items and not (override_reason or "").strip():
            raise UserError(
                self.env._(
                    "Settle what is still open before closing, or close with an "
                    "override and its reason:\n%(items)s",
                    items=self._sp_open_items_text(items),
                )
            )
        Plan = self.env["sales.performance.plan"]
        Achievement = self.env["sales.performance.achievement"]
        for period in periods:
            plans = Plan.search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ]
            )
            for plan in plans:
                if period in plan._sp_periods():
                    Achievement._sp_compute(plan, period)
        periods.sudo().write(
            {
                "sp_state": "closed",
                "sp_closed_uid": self.env.uid,
                "sp_closed_date": fields.Datetime.now(),
            }
        )
        overridden = dict(items)
        for period in periods:
            if period in overridden:
                post(
                    period,
                    CLOSED_OVERRIDE,
                    user=self.env.user.name,
                    reason=override_reason,
                    items="; ".join(overridden[period]),
                )
            else:
                post(period, CLOSED, user=self.env.user.name)
        return True

    def action_sp_reopen(self):
        self._sp_check_admin()
        periods = self.filtered(lambda p: p.sp_state == "closed")
        for period in periods:
            post(
                period,
                REOPENED,
                user=self.env.user.name,
                closed_by=period.sp_closed_uid.name or "",
                closed_on=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(period, period.sp_closed_date)
                )[:16]
                if period.sp_closed_date
                else "",
            )
        periods.sudo().write(
            {"sp_state": "open", "sp_closed_uid": False, "sp_closed_date": False}
        )
        return True

    def write(self, vals):
        if self._sp_close_fields & set(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "A period is closed and reopened with its Close and Reopen "
                    "buttons, by a performance administrator."
                )
            )
        if {"date_start", "date_end", "company_id"} & set(vals) and self.filtered(
            lambda p: p.sp_state == "closed"
        ):
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: reopen it before changing its "
                    "dates or company.",
                    period=self.filtered(lambda p: p.sp_state == "closed")[0].name,
                )
            )
        return super().write(vals)

    @api.model
    def _sp_closed_ranges(self, companies):
        """``{company_id: [(date_start, date_end), ...]}`` of closed periods."""
        groups = self.sudo()._read_group(
            [("sp_state", "=", "closed"), ("company_id", "in", companies.ids)],
            ["company_id", "date_start:day", "date_end:day"],
        )
        ranges = {}
        for company, start, end in groups:
            ranges.setdefault(company.id, []).append((start, end))
        return ranges

    @api.model
    def _sp_open_date(self, closed_ranges, date):
        """First date on or after ``date`` outside the closed ranges."""
        moved = True
        while moved:
            moved = False
            for start, end in closed_ranges:
                if start <= date <= end:
                    date = fields.Date.add(end, days=1)
                    moved = True
        return date
