# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sp_payroll_create_payslip = fields.Boolean(
        related="company_id.sp_payroll_create_payslip", readonly=False
    )
    sp_separate_approve_post = fields.Boolean(
        related="company_id.sp_separate_approve_post", readonly=False
    )
    sp_one_person_duties = fields.Boolean(
        related="company_id.sp_one_person_duties", readonly=False
    )
    sp_target_limit = fields.Float(related="company_id.sp_target_limit", readonly=False)
    sp_job_threshold = fields.Integer(
        related="company_id.sp_job_threshold", readonly=False
    )
    sp_job_chunk_size = fields.Integer(
        related="company_id.sp_job_chunk_size", readonly=False
    )
