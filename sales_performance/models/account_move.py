# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_is_zero

from ..tools import allocate
from .sales_performance_split import SPLIT_DEFERRED

CUSTOMER_TYPES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    _inherit = "account.move"

    sp_split_ids = fields.One2many(
        "sales.performance.split",
        "move_id",
        string="Credit Split",
        copy=False,
        groups="sales_performance.group_sp_user",
        help="Who gets credit for this invoice. Empty: 100 % to the employee "
        "of the salesperson.",
    )
    sp_credit_sale = fields.Boolean(
        string="Sold on Credit",
        compute="_compute_sp_credit_sale",
        store=True,
        help="Its payment terms give the customer time to pay: with cash before "
        "commission, it earns commission only once the credit sale is approved "
        "(R-C10).",
    )
    sp_credit_sale_approved = fields.Boolean(
        string="Credit Sale Approved",
        copy=False,
        tracking=True,
        groups="sales_performance.group_sp_manager",
        help="The general manager approved selling this invoice on credit (R-C10).",
    )
    sp_company_negotiated = fields.Boolean(
        string="Negotiated by the Company",
        copy=False,
        groups="sales_performance.group_sp_user",
        help="The company negotiated the deal: no above-list-price share (R-C7).",
    )
    sp_project_expenses = fields.Monetary(
        string="Project Expenses",
        currency_field="company_currency_id",
        copy=False,
        groups="sales_performance.group_sp_user",
        help="Project-related expenses deducted from the contract amount for the "
        "price-ratio commission (R-C6), in company currency.",
    )
    sp_split_editable = fields.Boolean(
        compute="_compute_sp_split_editable",
        help="Technical: the current user may edit the credit split.",
    )

    sp_credit_ids = fields.One2many(
        "sales.performance.credit",
        "move_id",
        string="Sales Credits",
        readonly=True,
        groups="sales_performance.group_sp_user",
    )
    sp_credit_warning = fields.Char(
        string="Credit Warning",
        compute="_compute_sp_credit_warning",
        groups="sales_performance.group_sp_user",
    )

    @api.depends(
        "move_type",
        "invoice_payment_term_id.line_ids.nb_days",
        "invoice_payment_term_id.line_ids.delay_type",
    )
    def _compute_sp_credit_sale(self):
        """Sold on credit: the payment terms give time to pay (R-C10)."""
        for move in self:
            move.sp_credit_sale = move.move_type == "out_invoice" and any(
                line.nb_days > 0 or line.delay_type != "days_after"
                for line in move.invoice_payment_term_id.line_ids
            )

    @api.depends("state", "move_type", "invoice_user_id", "sp_credit_ids")
    def _compute_sp_credit_warning(self):
        for move in self:
            move.sp_credit_warning = False
            if (
                move.state == "posted"
                and move.move_type in CUSTOMER_TYPES
                and not move.sudo().sp_credit_ids
            ):
                move.sp_credit_warning = self.env._(
                    "Nobody is credited for this invoice: its salesperson "
                    "%(user)s has no employee in %(company)s. Link the user to "
                    "an employee or set a credit split.",
                    user=move.invoice_user_id.name or self.env._("(none)"),
                    company=move.company_id.name,
                )

    @api.depends_context("uid")
    def _compute_sp_split_editable(self):
        editable = self.env.user.has_group("sales_performance.group_sp_manager")
        for record in self:
            record.sp_split_editable = editable

    @api.constrains("sp_split_ids")
    def _check_sp_split_ids(self):
        self.env["sales.performance.split"]._check_totals(
            self.sudo(), self.env._("invoice")
        )

    # ------------------------------------------------------------------
    # Document life cycle: every change re-syncs the credits
    # ------------------------------------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        customer = posted.filtered(lambda m: m.move_type in CUSTOMER_TYPES)
        customer._sp_store_line_costs()
        customer._sp_sync_credits()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._sp_sync_credits()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._sp_sync_credits()
        return res

    def _reverse_moves(self, default_values_list=None, cancel=False):
        reverses = super()._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )
        # R-C11: a refund credits the same people as its invoice, negatively.
        split_vals = []
        for reverse in reverses.sudo():
            origin = reverse.reversed_entry_id
            if origin.sp_split_ids and not reverse.sp_split_ids:
                split_vals += [
                    dict(vals, move_id=reverse.id)
                    for vals in origin.sp_split_ids._copy_vals()
                ]
        if split_vals:
            self.env["sales.performance.split"].sudo().create(split_vals)
        reverses._sp_sync_credits()
        return reverses

    def _sp_copy_splits_from_orders(self):
        """Carry the orders' credit splits to their new invoices.

        An invoice grouping orders with different splits gets none and a
        note in its chatter: the split has to be set on the invoice.
        """
        vals_list = []
        for move in self.filtered(lambda m: not m.sp_split_ids):
            orders = move.invoice_line_ids.sale_line_ids.order_id
            splits = {
                tuple(
                    (v["employee_id"], v["role_id"], v["share"])
                    for v in order.sp_split_ids._copy_vals()
                )
                for order in orders
            }
            if len(splits) > 1:
                move.message_post(
                    body=self.env._(
                        "The orders %(orders)s have different credit splits: "
                        "set the credit split on this invoice.",
                        orders=", ".join(orders.mapped("name")),
                    )
                )
                continue
            if orders and orders[0].sp_split_ids:
                vals_list += [
                    dict(vals, move_id=move.id)
                    for vals in orders[0].sp_split_ids._copy_vals()
                ]
        if vals_list:
            self.env["sales.performance.split"].create(vals_list)
            self.filtered(lambda m: m.state == "posted")._sp_sync_credits()

    def write(self, vals):
        moves = self
        if "sp_split_ids" in vals:
            # Credit split: the lines are checked together once all commands ran
            # (constraint ``_check_sp_split_ids``), not one by one.
            moves = self.with_context(sp_split_deferred=SPLIT_DEFERRED)
        res = super(AccountMove, moves).write(vals)
        if "sp_split_ids" in vals or "invoice_user_id" in vals:
            self.filtered(lambda m: m.state == "posted")._sp_sync_credits()
        return res

    # ------------------------------------------------------------------
    # Credits
    # ------------------------------------------------------------------
    def _sp_store_line_costs(self):
        """Freeze the product cost of each invoice line at posting time."""
        for move in self.sudo():
            sign = -1 if move.move_type == "out_refund" else 1
            lines = move.invoice_line_ids.filtered(
                lambda line: line.display_type == "product" and line.product_id
            )
            for line in lines:
                product = line.product_id.with_company(move.company_id)
                quantity = line.product_uom_id._compute_quantity(
                    line.quantity, product.uom_id, round=False
                )
                currency = move.company_id.currency_id
                line.sp_cost_amount = currency.round(
                    sign * quantity * product.standard_price
                )
                # R-C7: the part above the list price, per line, on the same
                # tax basis: the list price without tax (a tax-included list
                # price has its VAT taken out by the product's taxes) against
                # the line's untaxed amount; and both tax included.
                taxes = product.taxes_id.filtered(
                    lambda t, c=move.company_id: t.company_id == c
                )
                listed = taxes.compute_all(
                    product.lst_price, currency, 1.0, product=product
                )
                untaxed = -sign * line.balance
                taxed = (
                    untaxed * line.price_total / line.price_subtotal
                    if line.price_subtotal
                    else untaxed
                )
                line.sp_above_list_amount = sign * max(
                    0.0, currency.round(untaxed - quantity * listed["total_excluded"])
                )
                line.sp_above_list_taxed = sign * max(
                    0.0, currency.round(taxed - quantity * listed["total_included"])
                )

    def _sp_contributors(self):
        """``{move: [(employee, role, share)]}`` from splits or salesperson."""
        result = {}
        users = self.filtered(lambda m: not m.sp_split_ids).invoice_user_id
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("user_id", "in", users.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        employee_of = {(e.user_id.id, e.company_id.id): e for e in employees}
        for move in self:
            if move.sp_split_ids:
                result[move] = [
                    (split.employee_id, split.role_id, split.share)
                    for split in move.sp_split_ids
                ]
            else:
                employee = employee_of.get(
                    (move.invoice_user_id.id, move.company_id.id)
                )
                result[move] = (
                    [(employee, employee.browse(), 100.0)] if employee else []
                )
        return result

    @api.model
    def _sp_is_cash_counterpart(self, line):
        """A reconciliation brings cash if its other side is a payment or a
        bank/cash entry; netting with another invoice or refund, exchange
        differences and write-offs do not (R-C10)."""
        move = line.move_id
        return bool(
            move.origin_payment_id
            or move.statement_line_id
            or move.journal_id.type in ("bank", "cash")
        )

    def _sp_payment_data(self):
        """Per move: cash partials ``[(partial, date, signed amount)]`` and
        the date the move became fully paid, if it did."""
        data = {}
        for move in self:
            receivables = move.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            cash, dates = [], []
            for line in receivables:
                for partial in line.matched_debit_ids | line.matched_credit_ids:
                    is_debit_side = partial.debit_move_id == line
                    other = (
                        partial.credit_move_id
                        if is_debit_side
                        else partial.debit_move_id
                    )
                    dates.append(partial.max_date)
                    if self._sp_is_cash_counterpart(other):
                        sign = 1 if is_debit_side else -1
                        cash.append((partial, partial.max_date, sign * partial.amount))
            currency = move.company_id.currency_id
            fully_paid = bool(receivables) and float_is_zero(
                sum(receivables.mapped("amount_residual")),
                precision_rounding=currency.rounding,
            )
            full_paid_date = False
            if fully_paid:
                full_paid_date = max(dates) if dates else move.invoice_date
            data[move] = (cash, full_paid_date)
        return data

    def _sp_prepare_credit_vals(self):
        moves = self.filtered(
            lambda m: m.state == "posted" and m.move_type in CUSTOMER_TYPES
        )
        if not moves:
            return []
        self.env["sales.performance.split"]._check_totals(moves, self.env._("invoice"))
        totals = {
            move: (balance, cost, quantity)
            for move, balance, cost, quantity in self.env[
                "account.move.line"
            ]._read_group(
                [("move_id", "in", moves.ids), ("display_type", "=", "product")],
                ["move_id"],
                ["balance:sum", "sp_cost_amount:sum", "quantity:sum"],
            )
        }
        contributors = moves._sp_contributors()
        payments = moves._sp_payment_data()
        vals_list = []
        for move in moves:
            people = contributors[move]
            if not people:
                continue
            currency = move.company_id.currency_id
            rounding = currency.rounding
            balance, cost, quantity = totals.get(move, (0.0, 0.0, 0.0))
            sign = -1 if move.move_type == "out_refund" else 1
            shares = [share for __, __, share in people]
            cash, full_paid_date = payments[move]
            collected_total = sum(amount for __, __, amount in cash)

            def split(amount, rounding=rounding, shares=shares):
                return allocate(amount, shares, rounding)[0]

            revenue = split(-balance)
            costs = split(cost)
            totals_taxed = split(move.amount_total_signed)
            collected = split(collected_total)
            quantities = split(sign * quantity, 1e-6)
            common = {
                "company_id": move.company_id.id,
                "currency_id": currency.id,
                "move_id": move.id,
                "partner_id": move.commercial_partner_id.id,
            }
            for index, (employee, role, share) in enumerate(people):
                person = dict(
                    common, employee_id=employee.id, role_id=role.id, share=share
                )
                vals_list.append(
                    dict(
                        person,
                        kind="invoice",
                        date=move.invoice_date or move.date,
                        amount_revenue=revenue[index],
                        amount_cost=costs[index],
                        amount_margin=currency.round(revenue[index] - costs[index]),
                        amount_total=totals_taxed[index],
                        quantity=quantities[index],
                        amount_collected=collected[index],
                        is_fully_paid=bool(full_paid_date),
                        full_paid_date=full_paid_date,
                    )
                )
            for partial, date, amount in cash:
                parts = split(amount)
                for index, (employee, role, share) in enumerate(people):
                    vals_list.append(
                        dict(
                            common,
                            employee_id=employee.id,
                            role_id=role.id,
                            share=share,
                            kind="payment",
                            date=date,
                            partial_id=partial.id,
                            partial_ref=partial.id,
                            amount_collected=parts[index],
                        )
                    )
        return vals_list

    def _sp_sync_credits(self):
        """Rewrite the credits of these moves to what they are now worth.

        Set-based: one delete, one read_group, one batched create. Called on
        post, reset to draft, cancel, reversal, split or salesperson change
        and every (un)reconciliation of the invoice. Credits dated in a closed
        period are kept; see :meth:`_sp_apply_period_lock`.
        """
        moves = self.sudo().filtered(lambda m: m.move_type in CUSTOMER_TYPES)
        if not moves:
            return
        Credit = self.env["sales.performance.credit"].sudo()
        vals_list = moves._sp_prepare_credit_vals()
        existing = Credit.search([("move_id", "in", moves.ids)])
        closed = self.env["date.range"]._sp_closed_ranges(moves.company_id)
        if closed:
            frozen = existing.filtered(
                lambda c: any(
                    start <= c.date <= end
                    for start, end in closed.get(c.company_id.id, [])
                )
            )
            existing -= frozen
            vals_list = moves._sp_apply_period_lock(vals_list, frozen, closed)
        existing.unlink()
        Credit.create(vals_list)

    @api.model
    def _sp_credit_key(self, vals):
        return (
            vals["move_id"],
            vals["kind"],
            vals["employee_id"],
            vals.get("partial_ref") or 0,
        )

    def _sp_apply_period_lock(self, vals_list, frozen, closed):
        """Closed is closed: keep the frozen credits and book what changed.

        * A new credit dated in a closed period is dated in the next open one
          (``origin_date`` keeps its own date): a late document.
        * For a frozen credit, the difference between what it is now worth and
          its frozen amounts (all frozen rows of the same document, person and
          reconciliation) is booked as an adjustment row in the next open
          period: a cancellation, a refund of a payment, a changed split.
        * The paid status of a frozen invoice credit follows the document: it
          is a later event, not a figure of the closed period.
        """
        Credit = self.env["sales.performance.credit"]
        DateRange = self.env["date.range"]
        amount_fields = Credit._sp_amount_fields
        frozen_sums = {}
        for credit in frozen:
            key = (
                credit.move_id.id,
                credit.kind,
                credit.employee_id.id,
                credit.partial_ref,
            )
            sums = frozen_sums.setdefault(
                key, {"rows": credit.browse(), **dict.fromkeys(amount_fields, 0.0)}
            )
            sums["rows"] |= credit
            for field in amount_fields:
                sums[field] += credit[field]
        result = []
        seen = set()
        for vals in vals_list:
            ranges = closed.get(vals["company_id"], [])
            open_date = DateRange._sp_open_date(ranges, vals["date"])
            if vals.get("full_paid_date"):
                # A payment backdated into a closed period pays the invoice in
                # the next open one: cash-basis commission counts it there.
                vals = dict(
                    vals,
                    full_paid_date=DateRange._sp_open_date(
                        ranges, vals["full_paid_date"]
                    ),
                )
            key = self._sp_credit_key(vals)
            sums = frozen_sums.get(key)
            if sums is None:
                if open_date != vals["date"]:
                    vals = dict(vals, date=open_date, origin_date=vals["date"])
                result.append(vals)
                continue
            seen.add(key)
            delta_fields = Credit._sp_delta_fields(vals["kind"])
            if vals["kind"] == "invoice":
                rows = sums["rows"].sorted(lambda c: (c.is_adjustment, c.id))
                rows.write(
                    {
                        "is_fully_paid": vals["is_fully_paid"],
                        "full_paid_date": vals["full_paid_date"],
                    }
                )
                rows[0].amount_collected = vals["amount_collected"]
            delta = {
                field: vals.get(field, 0.0) - sums[field] for field in delta_fields
            }
            if self._sp_is_zero_delta(delta, vals):
                continue
            result.append(
                dict(
                    vals,
                    **delta,
                    amount_collected=delta.get("amount_collected", 0.0),
                    date=DateRange._sp_open_date(
                        ranges, fields.Date.context_today(self)
                    ),
                    origin_date=vals["date"],
                    is_adjustment=True,
                )
            )
        # Frozen credits of documents no longer worth anything: reverse them.
        for key, sums in frozen_sums.items():
            if key in seen:
                continue
            row = sums["rows"][:1]
            ranges = closed.get(row.company_id.id, [])
            result.append(
                {
                    "company_id": row.company_id.id,
                    "currency_id": row.currency_id.id,
                    "move_id": row.move_id.id,
                    "partner_id": row.partner_id.id,
                    "employee_id": row.employee_id.id,
                    "role_id": row.role_id.id,
                    "share": row.share,
                    "kind": row.kind,
                    "partial_ref": row.partial_ref,
                    "date": DateRange._sp_open_date(
                        ranges, fields.Date.context_today(self)
                    ),
                    "origin_date": row.origin_date or row.date,
                    "is_adjustment": True,
                    **{
                        field: -sums[field]
                        for field in Credit._sp_delta_fields(row.kind)
                    },
                }
            )
        return result

    @api.model
    def _sp_is_zero_delta(self, delta, vals):
        currency = self.env["res.currency"].browse(vals["currency_id"])
        return all(
            float_is_zero(value, precision_digits=6)
            if field == "quantity"
            else currency.is_zero(value)
            for field, value in delta.items()
        )
