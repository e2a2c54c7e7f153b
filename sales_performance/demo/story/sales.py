# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 3, invoices, refunds and payments: the deals of every month from
the plan's start to today, returns (R-C11), partial and late payments
(R-C10), project contracts split 70/30 (R-C5) and open quotations."""

from datetime import timedelta

from odoo import Command

from .catalogue import new_customer

# the kind of products each salesperson sells
KIND_OF = {
    "wangwei": "retail",
    "lina": "retail",
    "liuyang": "decoration",
    "chenjing": "decoration",
    "yangfan": "channel",
    "zhaolei": "channel",
    "huangqiang": "project",
    "zhouting": "project",
}
# Zhao Lei's out-of-city channel struggles until the current quarter: the
# quarters before it are all weak (R-P4 story).
WEAK_LOGINS = {"zhaolei"}
# those who try quotations in the dashboard's what-if
QUOTING_LOGINS = ("wangwei", "lina", "liuyang", "chenjing", "yangfan", "zhaolei")


def sales(env, company, people, products, customers, plan, rng, today):
    """Invoices, refunds and payments from the plan's start to today."""
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    invoice_vals = _invoice_vals(
        env, people, products, customers, plan, journal, rng, today
    )
    # One batch: the ORM creates and posts about 200 invoices much faster
    # together than one by one.
    invoices = env["account.move"].create(invoice_vals)
    invoices.action_post()
    _payments_and_refunds(env, invoices, rng, today)
    _quotations(env, company, people["users"], products, customers, rng)


def _monthly_targets(plan):
    """{(employee, month start): monthly net revenue target}."""
    revenue = plan.env.ref("sales_performance.metric_net_revenue")
    return {
        (t.employee_id, t.period_start): t.amount
        for t in plan.target_ids
        if t.metric_id == revenue
        and t.employee_id
        and t.period_id.sp_period_type == "month"
    }


def _invoice_vals(env, people, products, customers, plan, journal, rng, today):
    """The values of every month's invoices in ``journal``, month by
    month and salesperson by salesperson; the current month's deals spread
    over its days so far."""
    employees, users = people["employees"], people["users"]
    monthly_target = _monthly_targets(plan)
    invoice_vals = []
    months = plan._sp_periods().filtered(lambda p: p.date_start <= today)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    for month in months.mapped("date_start"):
        days = today.day if month == today.replace(day=1) else 28
        for login, kind in KIND_OF.items():
            target = monthly_target.get((employees[login], month))
            if target is None:
                continue
            goal = target * rng.uniform(0.55, 1.45)
            deal_count = 1 if kind == "project" else rng.randint(2, 4)
            if login in WEAK_LOGINS and month < quarter_start:
                goal, deal_count = target * rng.uniform(0.12, 0.3), 1
            for __ in range(deal_count):
                day = 1 + (rng.randint(1, 28) - 1) * days // 28
                lines = _lines(products[kind], goal, goal / deal_count, rng)
                partner = rng.choice(customers)
                if kind == "channel" and rng.random() < 0.35:
                    # Channels open new accounts, some of them agents (R-T3).
                    partner = new_customer(env, rng, len(customers))
                    customers.append(partner)
                invoice_vals.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": month.replace(day=day),
                        "invoice_user_id": users[login].id,
                        "journal_id": journal.id,
                        "invoice_line_ids": lines,
                        "sp_split_ids": _split(kind, employees),
                    }
                )
    return invoice_vals


def _lines(products, goal, amount, rng):
    """Up to three invoice lines of ``products`` worth about ``amount``
    (products dearer than the month's ``goal`` left out when possible)."""
    lines = []
    amount_left = amount
    while amount_left > 0:
        product = rng.choice([p for p in products if p.list_price <= goal] or products)
        quantity = max(
            1,
            round(amount_left / product.list_price * rng.uniform(0.3, 1.0)),
        )
        lines.append(Command.create({"product_id": product.id, "quantity": quantity}))
        amount_left -= quantity * product.list_price
        if len(lines) >= 3:
            break
    return lines


def _split(kind, employees):
    """R-C5: the project manager and the engineer share projects 70/30."""
    if kind != "project":
        return []
    return [
        Command.create({"employee_id": employees["huangqiang"].id, "share": 70.0}),
        Command.create({"employee_id": employees["zhouting"].id, "share": 30.0}),
    ]


def _payments_and_refunds(env, invoices, rng, today):
    """By the invoice date: a few returns (R-C11); most invoices paid in
    full, some half now and the rest late (R-C10), some late, the rest
    unpaid. Nothing after today."""
    for invoice in invoices.sorted("invoice_date"):
        draw = rng.random()
        if draw < 0.06:
            # A return of one unit of the first line, 10-30 days later (R-C11).
            refund_date = invoice.invoice_date + timedelta(days=rng.randint(10, 30))
            if refund_date <= today:
                _refund_one_unit(invoice, refund_date)
        schedule = []
        if draw < 0.60:  # paid in full within 40 days
            schedule = [(1.0, rng.randint(3, 40))]
        elif draw < 0.80:  # half now, the rest late (R-C10)
            schedule = [(0.5, rng.randint(5, 30)), (1.0, rng.randint(60, 110))]
        elif draw < 0.90:  # paid late in full
            schedule = [(1.0, rng.randint(90, 140))]
        for fraction, days in schedule:  # the rest stays unpaid
            _pay(
                env,
                invoice,
                fraction,
                invoice.invoice_date + timedelta(days=days),
                today,
            )


def _refund_one_unit(invoice, refund_date):
    """A posted refund of one unit of the invoice's first line."""
    refund = invoice._reverse_moves(
        [
            {
                "invoice_date": refund_date,
                "date": refund_date,
                "ref": f"Return of {invoice.name}",
                "invoice_user_id": invoice.invoice_user_id.id,
            }
        ]
    )
    refund.invoice_line_ids[1:].unlink()
    refund.invoice_line_ids.quantity = 1
    refund.action_post()


def _pay(env, invoice, fraction, pay_date, today):
    """Registers a payment of ``fraction`` of the invoice (the whole
    residual for 1.0) on ``pay_date``, unless it is after today or the
    invoice is paid."""
    residual = invoice.amount_residual
    if pay_date > today or invoice.currency_id.is_zero(residual):
        return
    amount = (
        residual
        if fraction >= 1.0
        else invoice.currency_id.round(invoice.amount_total * fraction)
    )
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({"payment_date": pay_date, "amount": amount})._create_payments()


def _quotations(env, company, users, products, customers, rng):
    """Open quotations: what the salespeople try in the dashboard's what-if."""
    for login in QUOTING_LOGINS:
        kind = KIND_OF[login]
        for __ in range(2):
            env["sale.order"].create(
                {
                    "partner_id": rng.choice(customers).id,
                    "user_id": users[login].id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": rng.choice(products[kind]).id,
                                "product_uom_qty": rng.randint(1, 4),
                            }
                        )
                    ],
                }
            )
