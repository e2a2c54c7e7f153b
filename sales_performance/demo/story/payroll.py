# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 4a, payroll: set up by the addon's Payroll Set-up, as a company
without demo data does it (issue 20): a salary structure with basic, gross
and net pay and the sales performance rules, a Salaries journal with its
accounts, and the structure and journal on every contract of the staff,
so that payslips are confirmed from their form and post their entries."""

from odoo.exceptions import UserError

from .common import set_xmlid


def payroll(env, company, people, plan):
    """Payroll Set-up for the demo company and its plan; the staff who are
    no plan members (HR, payroll) get the same structure and journal."""
    _share_categories(env)
    setup = env["sales.performance.payroll.setup"].create(
        {"company_id": company.id, "plan_id": plan.id}
    )
    setup.action_setup_all()
    structure, journal = setup.structure_id, setup.journal_id
    set_xmlid(env, structure, "demo_payroll_structure")
    employees = env["hr.employee"].browse([e.id for e in people["employees"].values()])
    employees.contract_ids.write({"struct_id": structure.id, "journal_id": journal.id})
    missing = setup.line_ids.filtered(lambda line: line.state == "missing")
    if missing:
        setup._sp_refresh()
        missing = setup.line_ids.filtered(lambda line: line.state == "missing")
    if missing:
        raise UserError("; ".join(missing.mapped("note")))
    return structure


def _share_categories(env):
    """OCA payroll's demo categories belong to the first company: shared,
    like the sales performance rules and the categories Payroll Set-up
    creates, so that the demo company's payslips sum them."""
    for code in ("BASIC", "ALW", "GROSS", "DED", "NET"):
        xmlid = f"payroll.{code}"
        shared = env.ref(xmlid, raise_if_not_found=False)
        if shared and shared.company_id:
            shared.company_id = False
