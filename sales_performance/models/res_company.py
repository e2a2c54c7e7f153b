# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
