# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_bounds(period_type, date_start, date_end):
    """Calendar periods of ``period_type`` touching ``[date_start, date_end]``."""
    step = PERIOD_MONTHS[period_type]
    first_month = ((date_start.month - 1) // step) * step + 1
    current = date_start.replace(month=first_month, day=1)
    while current <= date_end:
        following = current + relativedelta(months=step)
        yield current, following - relativedelta(days=1)
        current = following


def period_name(period_type, date_start):
    if period_type == "month":
        return date_start.strftime("%Y-%m")
    if period_type == "quarter":
        return f"{date_start.year} Q{(date_start.month - 1) // 3 + 1}"
    return str(date_start.year)


class DateRangeType(models.Model):
    _inherit = "date.range.type"

    sp_period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Sales Performance Period",
        help="Plans with this period type use ranges of this type as periods.",
    )

    def _sp_generate_ranges(self, company, date_start, date_end, inside=False):
        """Create the missing calendar ranges of these types for ``company``
        between the dates (with ``inside``, only those inside the dates, not
        those overlapping them); return all their ranges inside them."""
        DateRange = self.env["date.range"]
        domain = [
            ("type_id", "in", self.ids),
            ("company_id", "in", (company.id, False)),
        ]
        known = {
            (r.type_id, r.date_start, r.date_end) for r in DateRange.search(domain)
        }
        vals_list = []
        for range_type in self:
            kind = range_type.sp_period_type or "month"
            vals_list += [
                {
                    "name": period_name(kind, start),
                    "date_start": start,
                    "date_end": end,
                    "type_id": range_type.id,
                    "company_id": company.id,
                }
                for start, end in period_bounds(kind, date_start, date_end)
                if (range_type, start, end) not in known
                and not (inside and (start < date_start or end > date_end))
            ]
        DateRange.create(vals_list)
        return DateRange.search(
            domain + [("date_start", ">=", date_start), ("date_end", "<=", date_end)],
            order="date_start",
        )
