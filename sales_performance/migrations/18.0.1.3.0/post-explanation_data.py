# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: statement lines computed before 18.0.1.2.0 are read in the
reader's language too (issue 22).

Since 18.0.1.2.0 a run keeps each explanation as its sentence (the source
literal of ``tools/explain.py`` and its formatted figures, in
``explanation_data``) and shows it in the reader's language; lines computed
before kept only the text as written, in the language of whoever ran the
commission (English in the demo), so a Chinese salesperson read last year's
statements in English.

Each such text is read back into its sentence when it is, word for word, one
of the sentences of ``tools/explain.py`` in English (the .pot file) or in
Chinese (zh_CN.po), its figures in the places of the parameters: the
sentence filled with those figures must give back the very same text, else
the line keeps its text as written. Figures that are sentences themselves
(the tax basis of the above-list rule) are read back the same way. Manual
lines (written by a person) are left as written. The text as written stays
in ``explanation_text``; only lines without a sentence are read, so the
script can run again.
"""

import json
import re
from pathlib import Path

import polib

from odoo.tools import sql

I18N = Path(__file__).resolve().parents[2] / "i18n"
PARAM = re.compile(r"%\((\w+)\)s")


def _pattern(text):
    """A regular expression matching ``text`` with its ``%(name)s``
    parameters as groups (a parameter used twice must match the same)."""
    parts, seen, last = [], set(), 0
    for match in PARAM.finditer(text):
        parts.append(re.escape(text[last : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = match.end()
    parts.append(re.escape(text[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _templates():
    """(msgid, written form, pattern) for each sentence of tools/explain.py,
    in English and in Chinese, the most literal text first."""
    templates = []
    for name in ("sales_performance.pot", "zh_CN.po"):
        if not (I18N / name).exists():
            continue
        for entry in polib.pofile(str(I18N / name)):
            if not any("tools/explain.py" in where for where, __ in entry.occurrences):
                continue
            for written in {entry.msgid, entry.msgstr} - {""}:
                templates.append((entry.msgid, written, _pattern(written)))
    templates.sort(key=lambda t: -len(PARAM.sub("", t[1])))
    return templates


def _read(text, templates, depth=0):
    """The sentence data (``{"msgid", "params"}``) that gives back ``text``
    exactly, or ``None``."""
    for msgid, written, pattern in templates:
        match = pattern.fullmatch(text)
        if not match:
            continue
        params = match.groupdict()
        try:
            if written % params != text:
                continue
        except (KeyError, ValueError, TypeError):
            continue
        if depth < 2:
            for key, value in params.items():
                params[key] = _read(value, templates, depth + 1) or value
        return {"msgid": msgid, "params": params}
    return None


def migrate(cr, version):
    table = "sales_performance_statement_line"
    if not sql.column_exists(cr, table, "explanation_data"):
        return
    cr.execute(
        """
        SELECT id, explanation_text
          FROM sales_performance_statement_line
         WHERE explanation_data IS NULL
           AND coalesce(explanation_text, '') != ''
           AND is_manual IS NOT TRUE
        """
    )
    rows = cr.fetchall()
    if not rows:
        return
    templates = _templates()
    for line_id, text in rows:
        data = _read(text, templates)
        if data:
            cr.execute(
                "UPDATE sales_performance_statement_line "
                "SET explanation_data = %s WHERE id = %s",
                [json.dumps(data, ensure_ascii=False), line_id],
            )
