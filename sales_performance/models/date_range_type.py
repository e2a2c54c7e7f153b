# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DateRangeType(models.Model):
    _inherit = "date.range.type"

    sp_period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Sales Performance Period",
        help="Plans with this period type use ranges of this type as periods.",
    )
