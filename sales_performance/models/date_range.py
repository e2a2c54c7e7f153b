# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DateRange(models.Model):
    _inherit = "date.range"

    sp_period_type = fields.Selection(related="type_id.sp_period_type", store=True)
    sp_state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        string="Performance State",
        default="open",
        required=True,
        copy=False,
        help="Closed: the period's credits and achievements are frozen; later "
        "documents and changes are booked in the next open period.",
    )
    sp_closed_uid = fields.Many2one("res.users", string="Closed By", readonly=True)
    sp_closed_date = fields.Datetime(string="Closed On", readonly=True)

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
        """Close sales performance periods: measure every plan one last time,
        then freeze."""
        periods = self.filtered(lambda p: p.sp_state == "open")
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
        periods.write(
            {
                "sp_state": "closed",
                "sp_closed_uid": self.env.uid,
                "sp_closed_date": fields.Datetime.now(),
            }
        )
        return True

    def action_sp_reopen(self):
        self.write(
            {"sp_state": "open", "sp_closed_uid": False, "sp_closed_date": False}
        )
        return True

    def write(self, vals):
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
