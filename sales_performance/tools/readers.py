# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Messages written for their readers (issue 23).

Every message, activity and notification of the addon is built as a
:class:`~.explain.Sentence` (``explain.recorder(env)._("...", **params)``):
its source literal and its parameters, amounts already formatted in their
currency. What is stored is written in the language of whom it is for (the
assignee of an activity, the notified partners, the employee a record is
about), as Odoo writes its own notifications (``mail.activity.action_notify``
renders in the assignee's language); the source is kept with it
(``mail.message.sp_body_data``, ``mail.activity.sp_summary_data``) so that
everyone else who opens the record reads it in their own language
(``mail.message._to_store``, ``mail.activity._to_store``).

Recipients of several languages get one message per language: the first
group's is posted on the record, the others are notified (inbox or mail)
without a second copy in the chatter.
"""

import re

from odoo.tools import formatLang, plaintext2html

from . import explain

# A sentence that embeds what someone typed adds its own full stop.
_TRAILING_STOPS = re.compile(r"[\s.。!！?？;；,，:：]+$")


def clean(text):
    """What a person typed, to embed in a sentence that ends with its own
    punctuation: without trailing spaces and stops (no "。。")."""
    return _TRAILING_STOPS.sub("", text or "")


def amount(env, value, currency):
    """``value`` formatted in ``currency`` for the language of ``env``
    (``¥ 1,273.50``): never a bare float in a message."""
    return formatLang(env, value or 0.0, currency_obj=currency)


def lang_of(env, person):
    """The language ``person`` (a user or a partner) reads, if installed;
    else the language of ``env``."""
    code = person and person.sudo().lang
    if code and env["res.lang"]._lang_get(code):
        return code
    return env.lang or "en_US"


def employee_lang(env, employee):
    """The language of an employee: their user's, else the employee's own
    (HR's field), else the language of ``env``."""
    employee = employee.sudo()
    if employee.user_id:
        return lang_of(env, employee.user_id)
    code = employee.lang
    if code and env["res.lang"]._lang_get(code):
        return code
    return env.lang or "en_US"


def in_lang(env, lang):
    return env(context=dict(env.context, lang=lang))


class RecordName(str):
    """A translatable name given to a message (a rule's, a plan's): the
    text in the language it was written in, and which record it is, so that
    each reader reads it in theirs."""

    def __new__(cls, record, field="name"):
        text = super().__new__(cls, record[field] or "")
        text.ref = [record._name, record.id, field]
        return text


def name_of(record, field="name"):
    """``record``'s translatable ``field`` as a message parameter."""
    return RecordName(record, field)


def to_data(sentence):
    """What a message keeps of ``sentence`` (``explain.to_data``), record
    names as references."""
    data = explain.to_data(sentence)
    if data:
        for key, param in sentence.params.items():
            if isinstance(param, RecordName):
                data["params"][key] = {"record": param.ref}
    return data


def _params_in(env, params):
    resolved = {}
    for key, value in (params or {}).items():
        if isinstance(value, dict) and "record" in value:
            model, record_id, field = value["record"]
            record = env[model].sudo().browse(record_id).exists()
            value = record[field] if record else ""
        resolved[key] = value
    return resolved


def render(env, data, lang=None):
    """The text of a stored sentence in ``lang`` (default: of ``env``)."""
    if lang:
        env = in_lang(env, lang)
    if data and data.get("params"):
        data = dict(data, params=_params_in(env, data["params"]))
    return explain.render(env, data) or ""


def html(text):
    return plaintext2html(text or "")


def by_lang(env, people):
    """``{lang: people}`` of ``people`` (users or partners), languages in
    the order people are given."""
    groups = {}
    for person in people:
        lang = lang_of(env, person)
        groups[lang] = groups.get(lang, person.browse()) | person
    return groups


def post(record, body, partners=None, lang=None, **kwargs):
    """Post ``body`` (a sentence) on ``record``; returns the messages.

    Without ``partners`` it is a note, stored in ``lang`` (the language of
    whom the record is about) or the current one. With ``partners`` each
    language group is notified in its language: the first on the record,
    the others by a notification that does not repeat it in the chatter.
    Whoever opens the record reads the note in their own language."""
    env = record.env
    data = to_data(body)
    if data is None:  # plain text: no source to write again
        return record.message_post(body=html(body), partner_ids=partners, **kwargs)
    groups = by_lang(env, partners) if partners else {}
    if not groups:
        groups = {lang or env.lang or "en_US": env["res.partner"]}
    Message = env["mail.message"]
    messages = Message
    for index, (code, group) in enumerate(groups.items()):
        text = html(render(env, data, code))
        if index == 0:
            message = record.message_post(body=text, partner_ids=group.ids, **kwargs)
        else:
            message = record.message_notify(
                body=text,
                partner_ids=group.ids,
                subject=record.sudo().display_name,
                record_name=record.sudo().display_name,
            )
        messages |= message
    messages.sudo().write({"sp_body_data": data})
    return messages


def log_many(records, entries, tracking=None):
    """Notes on many records of one model in one go (``entries``: ``(record,
    sentence, lang)``), as :func:`post` without partners writes each: the
    text in ``lang`` (else the current language), its source kept for every
    other reader. No notification is sent (notes). ``tracking``: ``{record
    id: [mail.tracking.value values]}`` shown in the record's note."""
    env = records.env
    bodies, sources = {}, {}
    for record, body, lang in entries:
        data = to_data(body)
        text = render(env, data, lang or env.lang or "en_US") if data else body
        bodies[record.id] = html(text)
        sources[record.id] = data
    messages = records.browse([record.id for record, _b, _l in entries])
    messages = messages._message_log_batch(bodies=bodies)
    tracked = []
    for message in messages:
        if sources[message.res_id]:
            message.sp_body_data = sources[message.res_id]
        tracked += [
            dict(values, mail_message_id=message.id)
            for values in (tracking or {}).get(message.res_id, ())
        ]
    if tracked:
        env["mail.tracking.value"].sudo().create(tracked)
    return messages


def schedule(record, summary, users, note="", **kwargs):
    """One activity of ``record`` for each of ``users``, its summary (a
    sentence) written in the language of its assignee."""
    env = record.env
    data = to_data(summary)
    activities = env["mail.activity"]
    for user in users:
        text = render(env, data, lang_of(env, user)) if data else summary
        activities |= record.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=text,
            note=note or "",
            user_id=user.id,
            sp_summary_data=data,
            **kwargs,
        )
    return activities
