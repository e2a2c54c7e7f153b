# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Generate a benchmark dataset (posted invoices, refunds, reconciled full,
partial and late payments), deterministic by seed.

Salespeople, customers, contracts, OCA agents and the plan are created
through the ORM for everybody. The documents are posted, refunded and paid
through the ORM for a seed group of ``group`` salespeople, then replicated
onto the other groups (see replicate.py): ``invoices`` in all.
"""

import random
from datetime import date, timedelta

from replicate import check, replicate, watermarks

from odoo import Command

# A year that has ended (any day from 2026 on): its December is the month
# the monthly cron and the Run Commission wizard pick by default, and every
# month can be approved without the running-period confirmation. The
# benchmark depends on no other date.
YEAR = 2025
RATE = 0.03


def batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generate(env, invoices, salespeople, seed=2026, group=10, log=print):
    if salespeople % group:
        raise ValueError(f"{salespeople} salespeople do not split in groups of {group}")
    copies = salespeople // group
    rng = random.Random(seed)
    company = env.company
    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            no_reset_password=True,
        )
    )
    log(f"  people: {salespeople}")
    group_user = env.ref("sales_performance.group_sp_user")
    users = env["res.users"].create(
        [
            {
                "name": f"Seller {i:04d}",
                "login": f"bench_seller_{i:04d}",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set([env.ref("base.group_user").id, group_user.id])
                ],
            }
            for i in range(salespeople)
        ]
    )
    employees = env["hr.employee"].create(
        [
            {"name": user.name, "user_id": user.id, "company_id": company.id}
            for user in users
        ]
    )
    structure = _payroll_structure(env, company)
    env["hr.contract"].create(
        [
            {
                "name": employee.name,
                "employee_id": employee.id,
                "wage": 6000.0 + i % 7 * 500,
                "date_start": date(YEAR - 1, 1, 1),
                "state": "open",
                "struct_id": structure.id,
            }
            for i, employee in enumerate(employees)
        ]
    )
    agents = _oca_agents(env, users)
    products = env["product.product"].create(
        [
            {
                "name": f"Product {i}",
                "list_price": price,
                "standard_price": price * 0.6,
                "type": "consu",
                "taxes_id": [Command.clear()],
            }
            for i, price in enumerate([99.0, 250.0, 480.0, 1200.0, 3500.0, 8800.0])
        ]
    )
    # Each customer belongs to one salesperson (OCA agents are set on customers).
    customers = env["res.partner"].create(
        [
            {
                "name": f"Customer {i:05d}",
                "is_company": True,
                "agent_ids": [Command.set(agents[i % salespeople].ids)],
            }
            for i in range(max(salespeople * 5, 200))
        ]
    )
    plan = _plan(env, company, employees)
    env.flush_all()
    env.cr.commit()
    marks = watermarks(env.cr)
    # The seed group: salespeople 0..group-1 and their customers.
    seed_customers = [i for i in range(len(customers)) if i % salespeople < group]
    seed_invoices = round(invoices / copies)
    log(f"  invoices: {seed_invoices} through the ORM, x{copies} in all")
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    moves = env["account.move"]
    specs = []
    for __ in range(seed_invoices):
        customer_index = rng.choice(seed_customers)
        month = rng.randint(1, 12)
        specs.append((customer_index, date(YEAR, month, rng.randint(1, 28))))
    specs.sort(key=lambda s: s[1])
    for chunk in batched(specs, 500):
        vals_list = []
        for customer_index, invoice_date in chunk:
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": customers[customer_index].id,
                    "invoice_date": invoice_date,
                    "date": invoice_date,
                    "invoice_user_id": users[customer_index % salespeople].id,
                    "journal_id": journal.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": rng.choice(products).id,
                                "quantity": rng.randint(1, 5),
                                "price_unit": round(rng.uniform(80, 9000), 2),
                            }
                        )
                        for __ in range(rng.randint(1, 3))
                    ],
                }
            )
        batch = env["account.move"].create(vals_list)
        batch.action_post()
        moves |= batch
        env.cr.commit()
        log(f"    {len(moves)} posted")
    _refunds(env, moves, rng)
    _payments(env, moves, rng, log)
    # Group c's salesperson s + c * group sells to customer i + c * group.
    mapping = {}
    for i in seed_customers:
        mapping[("res_partner", customers[i].id)] = [
            customers[i + c * group].id for c in range(1, copies)
        ]
    for s in range(group):
        others = [s + c * group for c in range(1, copies)]
        mapping[("res_users", users[s].id)] = [users[o].id for o in others]
        mapping[("res_partner", users[s].partner_id.id)] = [
            users[o].partner_id.id for o in others
        ]
        mapping[("hr_employee", employees[s].id)] = [employees[o].id for o in others]
    tables = replicate(env, marks, copies, mapping, log=log)
    if tables:
        checked = check(env, tables)
        log(f"    {checked} copied invoices recomputed by the ORM to the same values")
    env.cr.commit()
    return plan


def _payroll_structure(env, company):
    basic = env["hr.salary.rule"].create(
        {
            "name": "Basic",
            "code": "BASIC",
            "sequence": 1,
            "company_id": company.id,
            "amount_select": "code",
            "amount_python_compute": "result = contract.wage",
        }
    )
    structure = env["hr.payroll.structure"].create(
        {
            "name": "Bench",
            "code": "BENCH",
            "company_id": company.id,
            "rule_ids": [Command.set(basic.ids)],
        }
    )
    structure.action_sp_add_rules()
    return structure


def _oca_agents(env, users):
    """OCA commission: a fixed 3 % commission on paid invoices; each
    salesperson's partner is an agent of type salesman (hr_commission_oca)."""
    commission = env["commission"].create(
        {
            "name": "3 % of paid invoices",
            "commission_type": "fixed",
            "fix_qty": RATE * 100,
            "invoice_state": "paid",
            "amount_base_type": "gross_amount",
        }
    )
    agents = users.partner_id
    agents.write(
        {
            "agent": True,
            "agent_type": "salesman",
            "commission_id": commission.id,
            "settlement": "monthly",
        }
    )
    return [user.partner_id for user in users]


def _plan(env, company, employees):
    metrics = env["sales.performance.metric"].search(
        [("company_id", "in", (company.id, False))]
    )
    revenue = env.ref("sales_performance.metric_net_revenue")
    plan = env["sales.performance.plan"].create(
        {
            "name": "Benchmark plan",
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date_start": date(YEAR, 1, 1),
            "date_end": date(YEAR, 12, 31),
            "metric_ids": [Command.set(metrics.ids)],
            "cash_basis": True,
            "member_ids": [Command.create({"employee_id": e.id}) for e in employees],
        }
    )
    plan.action_generate_periods()
    months = plan._sp_periods()
    env["sales.performance.target"].create(
        [
            {
                "plan_id": plan.id,
                "member_id": member.id,
                "period_id": month.id,
                "metric_id": revenue.id,
                "amount": 20000.0,
            }
            for member in plan.member_ids
            for month in months
        ]
    )
    env["sales.performance.commission.rule"].create(
        {
            "plan_id": plan.id,
            "name": "3 % of collected sales",
            "rule_type": "tiered",
            "band_ids": [Command.create({"lower": 0.0, "upper": 0.0, "rate": RATE})],
        }
    )
    plan.action_approve()
    return plan


def _year_end():
    return date(YEAR, 12, 31)


def _after(day, days):
    return day + timedelta(days=days)


def _refunds(env, moves, rng):
    """5 % of invoices get one unit returned some weeks later. A return that
    would fall after the year has not happened yet: it is left out (it was
    once dated 28 December, which piled the last weeks' returns onto the
    year's last month)."""
    returned = moves.filtered(lambda m: rng.random() < 0.05)
    returned = returned.filtered(lambda m: _after(m.invoice_date, 20) <= _year_end())
    for chunk in batched(list(returned), 200):
        originals = env["account.move"].union(*chunk)
        refunds = originals._reverse_moves(
            [
                {
                    # the credit note of the salesperson's own invoice
                    "invoice_user_id": m.invoice_user_id.id,
                    "invoice_date": _after(m.invoice_date, 20),
                    "date": _after(m.invoice_date, 20),
                }
                for m in originals
            ]
        )
        for refund in refunds:
            refund.invoice_line_ids[1:].unlink()
            refund.invoice_line_ids.quantity = 1
        refunds.action_post()
        env.cr.commit()


def _payments(env, moves, rng, log):
    """70 % paid in full (some late), 15 % in part, 15 % unpaid. A payment
    due after the year has not been received yet: the invoice is still open
    at the year's end, as in a real ledger (such payments were once dated
    in December, which made the year's last month carry every late payment
    of the autumn: about twice a normal month's cash, issue 25)."""
    full, partial = {}, []
    for move in moves:
        draw = rng.random()
        delay = rng.choice([3, 10, 25, 40, 70, 110])
        pay_date = _after(move.invoice_date, delay)
        if pay_date > _year_end():
            continue
        if draw < 0.70:
            full.setdefault(pay_date.replace(day=15), []).append(move)
        elif draw < 0.85:
            partial.append((move, pay_date))
    Register = env["account.payment.register"]
    done = 0
    for pay_date, invoices in sorted(full.items()):
        for chunk in batched(invoices, 300):
            records = (
                env["account.move"]
                .union(*chunk)
                .filtered(lambda m: not m.currency_id.is_zero(m.amount_residual))
            )
            if not records:
                continue
            Register.with_context(
                active_model="account.move", active_ids=records.ids
            ).create(
                {"payment_date": pay_date, "group_payment": False}
            )._create_payments()
            done += len(records)
            env.cr.commit()
        log(f"    paid {done}")
    for chunk in batched(partial, 300):
        for move, pay_date in chunk:
            amount = move.currency_id.round(move.amount_residual * 0.5)
            if move.currency_id.is_zero(amount):
                continue
            Register.with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": pay_date, "amount": amount})._create_payments()
        env.cr.commit()
