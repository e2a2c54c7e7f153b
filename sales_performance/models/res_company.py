# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    sp_payroll_create_payslip = fields.Boolean(
        string="Create Missing Payslips",
        default=True,
        help="Posting a statement to payroll creates the employee's draft "
        "payslip for the pay period when none exists yet.",
    )
    sp_separate_approve_post = fields.Boolean(
        string="Approver Cannot Post",
        default=True,
        help="Segregation of duties (R-W3): the user who approved a statement "
        "may not post it to payroll.",
    )
    sp_one_person_duties = fields.Boolean(
        string="One Person May Compute, Approve and Post",
        default=False,
        help="For a company with a single administrator (R-W3 relaxed): the "
        "user who computed a statement, or accepted its review, may also "
        "approve it, and the approver may post it. Each statement this allows "
        "says so in its chatter. Off: who computes, approves and posts are "
        "different people.",
    )
    sp_target_limit = fields.Float(
        string="Largest Target",
        default=1e10,
        digits=(16, 2),
        help="A target above this amount is refused as a typing error (a "
        "target of 1e15 would make every completion ratio zero and every "
        "amount derived from it meaningless). Raise it if your currency "
        "needs larger targets.",
    )

    sp_job_threshold = fields.Integer(
        string="Background Above",
        default=200,
        help="With OCA queue_job installed, approving, posting to payroll or "
        "generating payslips for more statements or employees than this goes "
        "to the job queue in chunks, with its progress under Background "
        "Operations and a notification when done (issue 25). At or below it, "
        "or without queue_job, they run at once as before.",
    )
    sp_job_chunk_size = fields.Integer(
        string="Chunk Size",
        default=100,
        help="Statements or employees per job of a background operation: each "
        "chunk is one transaction, done completely or not at all.",
    )

    @api.constrains("sp_job_threshold", "sp_job_chunk_size")
    def _check_sp_jobs(self):
        for company in self:
            if company.sp_job_threshold < 0 or company.sp_job_chunk_size <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the background threshold cannot be negative "
                        "and a chunk holds at least one record.",
                        company=company.name,
                    )
                )

    @api.constrains("sp_target_limit")
    def _check_sp_target_limit(self):
        for company in self:
            if company.sp_target_limit <= 0:
                raise ValidationError(
                    self.env._(
                        "The largest target of %(company)s must be positive.",
                        company=company.name,
                    )
                )

    @api.model
    def _sp_load_demo(self):
        """Builds the demo story (demo/sales_performance_demo.xml calls it).

        The story is plain Python under ``demo/story``, imported here only:
        a production install never imports it."""
        from ..demo import story  # pylint: disable=import-outside-toplevel

        return story.load(self.env)

    def _sp_users_in_group(self, group_xmlid):
        """The active internal users of this company in ``group_xmlid``
        (implied memberships included), by id: who gets a task when nobody
        is named for it. Never OdooBot or the superuser."""
        self.ensure_one()
        group = self.env.ref(group_xmlid)
        return (
            group.sudo()
            .users.filtered(
                lambda user: (
                    user.active
                    and not user.share
                    and not user._is_superuser()
                    and self in user.company_ids
                )
            )
            .sorted("id")
            .with_env(self.env)
        )
