# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Run inside `odoo shell` on a demo database just upgraded to this code (see
# test_upgrade.py): reruns the current month's commission as the demo's HR
# officer (Run Commission), commits it, and prints one JSON object with what
# the checks read: the current month's corrections of earlier months, every
# statement line's explanation in English and in Chinese, and the invoice
# lines whose tax-included above-list amount is still empty.
# ruff: noqa: F821  (``env`` is given by odoo shell)
import json
import re

from odoo import Command, fields

CJK = re.compile(r"[\u4e00-\u9fff]")
hr_officer = env.ref("sales_performance.demo_user_sunli")
today = fields.Date.context_today(hr_officer)
result = {"runs": [], "corrections": [], "explanations": {}, "above_list": {}}
plans = (
    env["sales.performance.plan"]
    .sudo()
    .search(
        [
            ("state", "=", "approved"),
            ("date_start", "<=", today),
            ("date_end", ">=", today),
        ]
    )
)
for plan in plans:
    current = plan._sp_periods().filtered(lambda p: p.date_start <= today <= p.date_end)
    henv = env(user=hr_officer, context={"allowed_company_ids": plan.company_id.ids})
    run = henv["sales.performance.run"]._sp_start(plan.with_env(henv), current)
    env.cr.commit()
    result["runs"].append(
        {"plan": plan.name, "state": run.state, "message": run.message}
    )
    statements = (
        env["sales.performance.statement"]
        .sudo()
        .search([("plan_id", "=", plan.id), ("period_id", "=", current.id)])
    )
    for line in statements.line_ids.filtered(
        lambda x, c=current: (
            x.origin_period_id and x.origin_period_id.date_end < c.date_start
        )
    ):
        result["corrections"].append(
            {
                "employee_id": line.employee_id.id,
                "employee": line.employee_id.name,
                "rule_id": line.rule_id.id,
                "rule": line.rule_id.name or "",
                "kind": line.kind,
                "origin_period_id": line.origin_period_id.id,
                "month": line.origin_period_id.name,
                "closed": line.origin_period_id.sp_state == "closed",
                "amount": line.amount,
                "explanation": line.explanation or "",
            }
        )

# Chinese, as an administrator adds it (releases before 18.0.1.2.0 did not
# install it with their demo)
if not env["res.lang"]._lang_get("zh_CN"):
    Lang = env["res.lang"].with_context(active_test=False)
    env["base.language.install"].create(
        {"lang_ids": [Command.set(Lang.search([("code", "=", "zh_CN")]).ids)]}
    ).lang_install()
    env.cr.commit()
    result["zh_CN_installed"] = True
Line = env["sales.performance.statement.line"].sudo()
lines = Line.search([])
english = {x.id: x.explanation for x in lines.with_context(lang="en_US")}
lines.invalidate_recordset(["explanation"])
chinese = {x.id: x.explanation for x in lines.with_context(lang="zh_CN")}
result["explanations"] = {
    "lines": len(lines),
    "empty_en": sorted(i for i, text in english.items() if not text),
    "empty_zh": sorted(i for i, text in chinese.items() if not text),
    # lines that keep their sentence: the Chinese reader reads Chinese
    "sentences": len(lines.filtered("explanation_data")),
    "sentences_not_in_chinese": sorted(
        x.id
        for x in lines.filtered("explanation_data")
        if not CJK.search(chinese[x.id])
    ),
    # lines a run wrote (not a person) that a Chinese reader reads in
    # another language
    "not_in_chinese": sorted(
        x.id
        for x in lines
        if english[x.id] and not x.is_manual and not CJK.search(chinese[x.id] or "")
    ),
    "sample_zh": next((chinese[x.id] for x in lines.filtered("explanation_data")), ""),
}
# R-C7: lines created before the database had the tax-included above-list
# amount, with an above-list amount frozen (a zero amount is stored empty)
env.cr.execute(
    """
    SELECT count(*),
           count(*) FILTER (WHERE line.sp_above_list_taxed IS NULL),
           count(*) FILTER (WHERE abs(line.sp_above_list_taxed)
                                  < abs(line.sp_above_list_amount))
      FROM account_move_line line, ir_model_data field
     WHERE field.module = 'sales_performance'
       AND field.name = 'field_account_move_line__sp_above_list_taxed'
       AND line.create_date < field.create_date
       AND line.sp_above_list_amount IS NOT NULL
    """
)
frozen, empty, below = env.cr.fetchone()
result["above_list"] = {"frozen": frozen, "taxed_empty": empty, "taxed_below": below}
print("UPGRADE-JSON " + json.dumps(result, ensure_ascii=False, default=str))
