# Run by scripts/demo inside `odoo shell` (``env`` is given): computes the
# current periods of every approved plan and prints a per-salesperson table.
# ruff: noqa: F821
import unicodedata

from odoo import fields


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(text, size, right=False):
    text = str(text)
    pad = " " * max(0, size - width(text))
    return pad + text if right else text + pad


def print_table(rows):
    headers = ["Period", "Salesperson", "Metric", "Target", "Actual", "Completion"]
    lines = [
        [
            row["period"],
            row["salesperson"],
            row["metric"],
            f"{row['target']:,.2f} {row['currency']}".strip(),
            f"{row['actual']:,.2f} {row['currency']}".strip(),
            f"{row['completion'] * 100:.1f} %",
        ]
        for row in rows
    ]
    sizes = [
        max([width(h)] + [width(line[i]) for line in lines])
        for i, h in enumerate(headers)
    ]
    right = [False, False, False, True, True, True]
    print(
        "  ".join(cell(h, s, r) for h, s, r in zip(headers, sizes, right, strict=True))
    )
    print("  ".join("-" * s for s in sizes))
    for line in lines:
        print(
            "  ".join(cell(v, s, r) for v, s, r in zip(line, sizes, right, strict=True))
        )


today = fields.Date.context_today(env["res.users"].browse(env.uid))
Plan = env["sales.performance.plan"].sudo()
plans = Plan.search(
    [("state", "=", "approved"), ("date_start", "<=", today), ("date_end", ">=", today)]
)
if not plans:
    raise SystemExit("No approved plan covers today: nothing to measure.")
for plan in plans:
    current = plan._sp_periods().filtered(lambda p: p.date_start <= today <= p.date_end)
    env["sales.performance.achievement"].sudo()._sp_compute(plan, current)
    env.cr.commit()
    print(
        f"\n{plan.name} ({plan.company_id.name}), measured {fields.Datetime.now()} UTC"
    )
    print_table(plan._sp_summary_rows(current))

# Payroll: last month's approved statements posted to payslips (R-W1) by a
# payroll officer, then the payslip lines. Posting again changes nothing
# (R-W2), so rerunning the job is safe.
Statement = env["sales.performance.statement"].sudo()
payroll_group = env.ref("sales_performance.group_sp_payroll")
for plan in plans:
    last = plan._sp_periods().filtered(lambda p: p.date_end < today)[-1:]
    statements = Statement.search(
        [
            ("plan_id", "=", plan.id),
            ("period_id", "in", last.ids),
            ("state", "in", ("approved", "posted", "paid")),
        ]
    )
    approvers = statements.approved_uid
    officer = payroll_group.users.filtered(
        lambda u, c=plan.company_id, a=approvers: c in u.company_ids and u not in a
    )[:1]
    if officer and statements.filtered(lambda s: s.state == "approved"):
        statements.filtered(lambda s: s.state == "approved").with_user(
            officer
        ).with_company(plan.company_id).action_post_to_payroll()
        env.cr.commit()
    inputs = statements.line_ids.payslip_input_id
    codes = set(inputs.mapped("code"))
    # only the payslips that pay something from the statements: an input of
    # zero (an employee with no commission this month) pays nothing
    payslips = inputs.payslip_id.filtered(
        lambda slip, codes=codes: any(
            line.code in codes and line.total for line in slip.line_ids
        )
    )
    if not payslips:
        continue
    commissioned = statements.line_ids.filtered(
        lambda x: x.kind == "commission" and x.amount
    ).payslip_input_id.payslip_id
    print(
        f"\nPayslips of {last.name} with sales performance pay ({len(payslips)}, "
        f"{len(payslips & commissioned)} of them with commission):"
    )
    headers = ["Payslip", "Employee", "Code", "Rule", "Amount"]
    rows = [
        [
            slip.number or slip.name,
            slip.employee_id.name,
            line.code,
            line.name,
            f"{line.total:,.2f}",
        ]
        for slip in payslips.sorted(lambda p: p.employee_id.name)
        for line in slip.line_ids.filtered(lambda x: x.total)
    ]
    sizes = [
        max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)
    ]
    print(
        "  ".join(
            cell(h, s, i == 4)
            for i, (h, s) in enumerate(zip(headers, sizes, strict=True))
        )
    )
    print("  ".join("-" * s for s in sizes))
    for row in rows:
        print(
            "  ".join(
                cell(v, s, i == 4)
                for i, (v, s) in enumerate(zip(row, sizes, strict=True))
            )
        )
