# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Names in messages (issue 21): an error names only the people and
documents its reader may read; the others are counted, never named."""


def readable(env, records):
    """The part of ``records`` that ``env``'s user may read. Employees are
    read through their public profile, as Odoo shows them to colleagues."""
    records = records.with_env(env)
    if env.su:
        return records
    if records._name == "hr.employee":
        public = env["hr.employee.public"].browse(records.ids)._filtered_access("read")
        return records.browse(public.ids)
    return records._filtered_access("read")


def readable_names(env, records):
    """``records`` as the names ``env``'s user may read, the others counted
    ("Li Na, 2 you cannot see")."""
    shown = readable(env, records)
    names = [record.sudo().display_name for record in shown]
    hidden = len(records) - len(shown)
    if hidden:
        names.append(env._("%(count)s you cannot see", count=hidden))
    return ", ".join(names)
