# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Run inside `odoo shell` on a demo database (see test_demo_menus.py): prints
# one JSON object {menu: count} for every menu of the addon, as the demo's
# HR officer sees it, plus the dashboards of a salesperson and a manager.
# ruff: noqa: F821  (``env`` is given by odoo shell)
import json

from odoo.tools.safe_eval import safe_eval

company = env.ref("sales_performance.demo_company_huaxia")
hr_officer = env.ref("sales_performance.demo_user_sunli")
result = {}
roots = env.ref("sales_performance.menu_sales_performance_root") | env.ref(
    "sales_performance.menu_sales_performance_config"
)
menus = env["ir.ui.menu"].sudo().search([("id", "child_of", roots.ids)])
for menu in menus.filtered(lambda m: m.action):
    action = menu.action.sudo()
    name = menu.complete_name
    if action._name != "ir.actions.act_window":
        continue
    # "My ..." menus as a salesperson, the others as HR (configuration
    # as the superuser).
    user = (
        env.ref("sales_performance.demo_user_wangwei")
        if menu.name.startswith("My ")
        else hr_officer
        if menu.parent_id == roots[:1]
        else env.ref("base.user_root")
    )
    menv = env(user=user, context={"allowed_company_ids": company.ids})
    domain = safe_eval(action.domain or "[]", action.with_env(menv)._get_eval_context())
    result[name] = menv[action.res_model].search_count(domain)
for login in ("wangwei", "liuyang", "yangfan", "zhangmin"):
    user = env.ref(f"sales_performance.demo_user_{login}")
    denv = env(user=user, context={"allowed_company_ids": company.ids})
    board = denv["sales.performance.dashboard"].create({})
    result[f"dashboard/{login}"] = {
        "targets": len(board.achievement_ids),
        "grade": board.grade_id.code or "",
        "projected": board.commission_projected,
        "team": len(board.team_achievement_ids),
        "disputes": len(board.dispute_line_ids),
        "quotations": denv["sale.order"].search_count(
            [("user_id", "=", user.id), ("state", "in", ("draft", "sent"))]
        ),
    }
print("MENUS-JSON " + json.dumps(result, ensure_ascii=False))
env.cr.rollback()
