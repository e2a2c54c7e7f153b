# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DateRange(models.Model):
    _inherit = "date.range"

    sp_period_type = fields.Selection(related="type_id.sp_period_type", store=True)
