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
