# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 4a, payroll: a salary structure with the sales performance rules
on every salesperson's contract, so posted statements reach payslips."""

from odoo import Command

from .common import set_xmlid


def payroll(env, company, people):
    """A salary structure with the sales performance rules on every
    salesperson's contract, so posted statements reach payslips."""
    _share_categories(env)
    Rule = env["hr.salary.rule"]
    basic = Rule.create(
        {
            "name": "Basic Salary",
            "code": "BASIC",
            "sequence": 1,
            "company_id": company.id,
            "amount_select": "code",
            "amount_python_compute": "result = contract.wage",
            "category_id": _category(env, "payroll.BASIC", "BASIC").id,
        }
    )
    net = Rule.create(
        {
            "name": "Net Salary",
            "code": "NET",
            "sequence": 200,
            "company_id": company.id,
            "amount_select": "code",
            "amount_python_compute": "result = categories.BASIC + categories.ALW",
            "category_id": _category(env, "payroll.NET", "NET").id,
        }
    )
    structure = env["hr.payroll.structure"].create(
        {
            "name": "Huaxia Sales Staff",
            "code": "HX_SALES",
            "company_id": company.id,
            "rule_ids": [Command.set((basic | net).ids)],
        }
    )
    structure.action_sp_add_rules()
    set_xmlid(env, structure, "demo_payroll_structure")
    employees = env["hr.employee"].browse([e.id for e in people["employees"].values()])
    employees.contract_ids.write({"struct_id": structure.id})
    company.payroll_structure_id = structure


def _share_categories(env):
    """The addon's category is an allowance; OCA payroll's categories belong
    to the first company: the demo company's payroll accountant computes
    payslips with them, so they are shared like this addon's own category."""
    category = env.ref("sales_performance.salary_rule_category_sales_performance")
    allowance = env.ref("payroll.ALW", raise_if_not_found=False)
    if allowance and not category.parent_id:
        category.parent_id = allowance
    for xmlid in ("payroll.BASIC", "payroll.ALW", "payroll.NET"):
        shared = env.ref(xmlid, raise_if_not_found=False)
        if shared and shared.company_id:
            shared.company_id = False


def _category(env, xmlid, code):
    """OCA payroll's category ``xmlid``, or a new one of ``code``."""
    return env.ref(xmlid, raise_if_not_found=False) or env[
        "hr.salary.rule.category"
    ].create({"name": code.title(), "code": code})
