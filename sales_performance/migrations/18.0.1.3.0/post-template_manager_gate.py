# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the retail rulebook template gates its manager rule like the
rulebook (R-C2: C 40 % / B 60 % / A 80 % from 80 % of the team target). The
template data is ``noupdate``: set the gate on the shipped template's rule
if it is still the template's and still ungated. Plans already started from
the template keep their own rules."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("sales_performance.rule_template_manager", raise_if_not_found=False)
    if rule and rule.plan_id.is_template and not rule.gate_enabled:
        rule.write({"gate_enabled": True, "gate_min_completion": 0.8})
