# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: the plan templates are shared by every company (issue 15: a
second company's *Plan Templates* was empty, the templates belonged to the
first company). Their data and the record rules are ``noupdate``: make the
shipped templates that are still templates without members, targets or
statements shared, and give the multi-company rules of plans, commission
rules, bands and scorecards their new domains."""

from odoo import SUPERUSER_ID, api

TEMPLATES = ("plan_template_retail", "plan_template_project", "plan_template_trade")

RULES = {
    "rule_plan_company": "['|', ('company_id', '=', False), "
    "('company_id', 'in', company_ids)]",
    "rule_commission_rule_company": "['|', ('company_id', '=', False), "
    "('company_id', 'in', company_ids)]",
    "rule_commission_band_company": "['|', ('rule_id.company_id', '=', False), "
    "('rule_id.company_id', 'in', company_ids)]",
    "rule_scorecard_indicator_company": "['|', ('plan_id.company_id', '=', False), "
    "('plan_id.company_id', 'in', company_ids)]",
    "rule_scorecard_band_company": "['|', "
    "('indicator_id.plan_id.company_id', '=', False), "
    "('indicator_id.plan_id.company_id', 'in', company_ids)]",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, domain in RULES.items():
        rule = env.ref(f"sales_performance.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
    for xmlid in TEMPLATES:
        plan = env.ref(f"sales_performance.{xmlid}", raise_if_not_found=False)
        if (
            plan
            and plan.is_template
            and plan.company_id
            and plan.state == "draft"
            and not (plan.member_ids or plan.target_ids or plan.statement_ids)
        ):
            plan.with_context(tracking_disable=True).company_id = False
