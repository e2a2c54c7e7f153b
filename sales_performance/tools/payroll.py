# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The addon's own path to payslip inputs, and its payroll messages.

Inputs that carry statement lines (and every input of the addon's codes)
change only through the addon: posting, un-posting, payslip cancel,
refund and deletion (R-W1, R-W2, issue 20). The addon marks its own
operations with a context value that is a Python object: a JSON-RPC call
can put any JSON in a context, never this object, so no user (superuser
and sudo included) reaches the inputs another way.

Plain Python: no import from ``models/``.
"""

from odoo.tools import format_amount

from . import explain, readers

_PATH_KEY = "sp_payroll_path"
_PATH = object()


def on_payroll_path(records):
    """``records`` in the addon's own payroll path."""
    return records.with_context(**{_PATH_KEY: _PATH})


def is_payroll_path(env):
    """Whether ``env`` is the addon's own payroll path."""
    return env.context.get(_PATH_KEY) is _PATH


_DEFER_KEY = "sp_defer_compute"


def defer_compute(records):
    """``records`` whose payslips are not computed when OCA payroll would
    compute them: a payslip batch computes its payslips once, after the
    commission is on them (issue 25). Not reachable from JSON-RPC."""
    return records.with_context(**{_DEFER_KEY: _PATH})


def is_compute_deferred(env):
    return env.context.get(_DEFER_KEY) is _PATH


_WORKED_DAYS_KEY = "sp_worked_days"


class WorkedDays(dict):
    """``{(contract ids, date_from, date_to): worked day lines}`` computed
    set-wise for the payslips a posting creates (issue 25). A context value
    of this class is not reachable from JSON-RPC."""


def with_worked_days(records, known):
    """``records`` whose ``get_worked_day_lines`` answers from ``known``
    (a :class:`WorkedDays`) for the contracts and dates it holds."""
    return records.with_context(**{_WORKED_DAYS_KEY: known})


def known_worked_days(env):
    known = env.context.get(_WORKED_DAYS_KEY)
    return known if isinstance(known, WorkedDays) else None


class Money:
    """An amount and its currency, formatted when a message is rendered (in
    the language of whoever it is rendered for)."""

    __slots__ = ("amount", "currency")

    def __init__(self, amount, currency):
        self.amount = amount
        self.currency = currency


def render(env, term, **params):
    """``term`` (a lazy ``_lt`` term) in the language of ``env``, its
    ``%(name)s`` parameters filled, amounts (:class:`Money`) formatted with
    their currency. Every payroll message of the addon goes through here, so
    that it can be rendered in each reader's language."""
    values = {
        key: format_amount(env, value.amount, value.currency)
        if isinstance(value, Money)
        else value
        for key, value in params.items()
    }
    return env._(term) % values if values else env._(term)


def sentence(env, term, **params):
    """``term`` (a lazy ``_lt`` term) as a sentence that keeps its source
    (issue 23, ``tools/readers.py``): written in the language of ``env``,
    read by everyone in theirs; amounts (:class:`Money`) formatted with
    their currency."""
    values = {
        key: readers.amount(env, value.amount, value.currency)
        if isinstance(value, Money)
        else value
        for key, value in params.items()
    }
    return explain.recorder(env)._(term._source, **values)


def post(records, term, each=None, tracking=None, **params):
    """Post ``term`` with ``params`` (and ``each[record.id]``, the params
    of one record) on the chatter of ``records``, written in the language
    of the employee the record is about (a statement's, a payslip's), read
    in each reader's. One note per record, all created in one go (issue
    25: posting a thousand statements writes a thousand notes at once);
    ``tracking``: ``{record id: [tracking values]}`` the note shows."""
    if not records:
        return records.env["mail.message"]
    entries = []
    for record in records:
        values = dict(params, **(each or {}).get(record.id, {}))
        employee = "employee_id" in record._fields and record.employee_id
        lang = readers.employee_lang(record.env, employee) if employee else None
        entries.append((record, sentence(record.env, term, **values), lang))
    return readers.log_many(records, entries, tracking)
