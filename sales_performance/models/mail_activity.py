# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """The feedback talk (面谈反馈, R-A4) is the last step of a published
        appraisal: marking its activity done, from the chatter or the
        activity menu, closes the appraisal as its Close button does, for
        the people allowed to close it. The appraisal's own steps mark their
        activities done themselves (``sp_appraisal_step``) and are left
        alone."""
        talks = self.env["sales.performance.appraisal"]
        if not self.env.context.get("sp_appraisal_step"):
            talks = (
                talks.sudo()
                .browse(
                    activity.res_id
                    for activity in self
                    if activity.res_model == talks._name
                )
                .filtered(lambda a: a.state == "published")
                .with_env(self.env)
            )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        closable = talks.filtered(lambda a: a._sp_can_close(self.env.user))
        if closable:
            closable.action_close()
        return result
