# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools import readers


class MailActivity(models.Model):
    _inherit = "mail.activity"

    sp_summary_data = fields.Json(
        string="Summary Source",
        copy=False,
        help="Source of the summary of a sales performance activity: written "
        "in its assignee's language, shown in each reader's.",
    )

    def _to_store(self, store):
        result = super()._to_store(store)
        for activity in self:
            data = activity.sp_summary_data
            if data:
                text = readers.render(self.env, data)
                store.add(activity, {"summary": text, "display_name": text})
        return result

    def _action_done(self, feedback=False, attachment_ids=None):
        """The feedback talk (面谈反馈, R-A4) is the last step of a published
        appraisal: marking its activity done, from the chatter or the
        activity menu, closes the appraisal as its Close button does, for
        the people allowed to close it. The appraisal's own steps mark their
        activities done themselves (``sp_appraisal_step``) and are left
        alone.

        The message saying an activity of the addon is done keeps its
        summary's source: each reader reads it in their language (issue 23).
        """
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
        messages = self.env["mail.message"]
        next_activities = self.env["mail.activity"]
        sourced = self.filtered("sp_summary_data")
        for activity in sourced:
            done = {
                "type_id": activity.activity_type_id.id,
                "user_id": activity.user_id.id,
                "summary": activity.sp_summary_data,
                "note": str(activity.note or ""),
                "feedback": feedback or False,
                "display_assignee": activity.user_id != self.env.user,
            }
            message, following = super(MailActivity, activity)._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
            message.sudo().write({"sp_body_data": {"activity_done": done}})
            messages |= message
            next_activities |= following
        rest = self - sourced
        if rest:
            message, following = super(MailActivity, rest)._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
            messages |= message
            next_activities |= following
        closable = talks.filtered(lambda a: a._sp_can_close(self.env.user))
        if closable:
            closable.action_close()
        return messages, next_activities
