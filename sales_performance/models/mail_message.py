# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each reader reads the addon's messages in their own language (issue 23):
a message keeps the source of its text (``sp_body_data``, see
tools/readers.py) and is shown translated for whoever opens it."""

from odoo import fields, models

from ..tools import readers


class MailMessage(models.Model):
    _inherit = "mail.message"

    sp_body_data = fields.Json(
        string="Text Source",
        copy=False,
        help="Source of the text of a sales performance message: its body "
        "in the reader's language.",
    )

    def _to_store(self, store, /, *, fields=None, **kwargs):
        result = super()._to_store(store, fields=fields, **kwargs)
        if fields is None or "body" in fields:
            for message in self:
                data = message.sp_body_data
                if data:
                    store.add(message, {"body": message._sp_body(data)})
        return result

    def _sp_body(self, data):
        """The body of a message of the addon in the language of ``env``."""
        self.ensure_one()
        done = data.get("activity_done")
        if done is None:
            return readers.html(readers.render(self.env, data))
        # an activity marked done: Odoo's own message, its summary in the
        # reader's language
        summary = done.get("summary")
        activity = (
            self.env["mail.activity"]
            .sudo()
            .new(
                {
                    "activity_type_id": done.get("type_id"),
                    "user_id": done.get("user_id"),
                    "summary": readers.render(self.env, summary) if summary else "",
                    "note": done.get("note") or False,
                }
            )
        )
        return self.env["ir.qweb"]._render(
            "mail.message_activity_done",
            {
                "activity": activity,
                "feedback": done.get("feedback") or False,
                "display_assignee": done.get("display_assignee"),
            },
            minimal_qcontext=True,
        )


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """A status change of the addon's records reads in the reader's
        language, whoever made it (Odoo stores the label in the language of
        whom changed it)."""
        formatted = super()._tracking_value_format_model(model)
        if not (model or "").startswith("sales.performance."):
            return formatted
        Model = self.env[model]
        labels = {}
        for values in formatted:
            field = Model._fields.get(values["fieldName"])
            if not field or field.type != "selection":
                continue
            if field.name not in labels:
                labels[field.name] = self._sp_selection_labels(Model, field)
            to_key, shown = labels[field.name]
            for side in ("oldValue", "newValue"):
                key = to_key.get(values[side]["value"])
                if key is not None:
                    values[side]["value"] = shown[key]
        return formatted

    def _sp_selection_labels(self, Model, field):
        """``({label in any installed language: key}, {key: label in the
        reader's language})``."""
        to_key = {}
        for code, __ in self.env["res.lang"].get_installed():
            env = Model.with_context(lang=code).env
            for key, label in field._description_selection(env):
                to_key.setdefault(label, key)
        return to_key, dict(field._description_selection(self.env))
