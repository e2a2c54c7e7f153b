# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the two default honours (created at install without xml ids)
get the addon's xml ids, so that their names are translated like the
addon's other data (issue 23); then the installed languages' terms of the
addon are loaded again. Idempotent: an honour renamed by the company, or a
database that has the ids already, is left alone."""

from odoo import SUPERUSER_ID, api

DEFAULTS = {
    "honour_outstanding": "Outstanding Salesperson",
    "honour_excellent": "Excellent Salesperson",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Data = env["ir.model.data"]
    Honour = env["sales.performance.honour"].with_context(active_test=False)
    named = []
    for xmlid, name in DEFAULTS.items():
        if env.ref(f"sales_performance.{xmlid}", raise_if_not_found=False):
            continue
        honour = Honour.search([("name", "=", name)], order="id", limit=1)
        if honour and not Data.search(
            [("model", "=", honour._name), ("res_id", "=", honour.id)]
        ):
            honour._sp_name_as_data((xmlid,))
            named.append(xmlid)
    langs = [code for code, __ in env["res.lang"].get_installed() if code != "en_US"]
    if named and langs:
        env["ir.module.module"]._load_module_terms(["sales_performance"], langs)
