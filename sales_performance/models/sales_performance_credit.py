# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..tools import allocate
from ..tools.names import readable_names

CUSTOMER_TYPES = ("out_invoice", "out_refund")


class SalesPerformanceCredit(models.Model):
    """Who gets credit for what: one row per source document and contributor.

    ``invoice`` rows carry a posted customer invoice's or refund's revenue,
    cost, margin and quantity, signed (refunds are negative, R-C11), in
    company currency at the invoice date, times the contributor's share;
    with the date the invoice became fully paid, if it is (R-C10).

    ``payment`` rows carry cash collected on the invoice, one per payment
    (reconciliation), on the payment date; partial payments are recorded
    here while the invoice row is not "fully paid" yet (R-C10).

    Rows are written only by :meth:`_sp_sync_for`, the ledger, called by the
    hooks of ``account.move`` and ``account.partial.reconcile``. Rows dated in
    a closed period are frozen: later changes of their document are booked as
    adjustment rows in the next open period, and documents dated in a closed
    period are credited in the next open period.
    """

    # Amounts of a row; the difference between a document's frozen rows and
    # what they are now worth is booked on these.
    _sp_amount_fields = (
        "amount_revenue",
        "amount_cost",
        "amount_margin",
        "amount_total",
        "quantity",
        "amount_collected",
    )

    _name = "sales.performance.credit"
    _description = "Sales Credit"
    _order = "date desc, id desc"
    _rec_name = "move_id"

    @classmethod
    def _sp_delta_fields(cls, kind):
        """Amounts that make a row's figures; the paid status and the cash
        collected so far on an invoice row are not figures of its period."""
        if kind == "payment":
            return ("amount_collected",)
        return tuple(f for f in cls._sp_amount_fields if f != "amount_collected")

    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, help="The company currency."
    )
    kind = fields.Selection(
        [("invoice", "Invoice"), ("payment", "Payment")],
        required=True,
        index=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        help="Invoice date for invoice rows, payment date for payment rows.",
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, ondelete="cascade", index=True
    )
    move_type = fields.Selection(related="move_id.move_type", string="Type")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, help="Commercial partner."
    )
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Reconciliation",
        ondelete="set null",
        help="The reconciliation with the payment, for payment rows.",
    )
    partial_ref = fields.Integer(
        string="Reconciliation Reference",
        help="Technical: id of the reconciliation, kept after it is removed so "
        "that a frozen payment credit can be reversed in an open period.",
    )
    origin_date = fields.Date(
        help="Date of the document or payment when it falls in a closed period: "
        "the credit is then dated in the next open period.",
    )
    is_adjustment = fields.Boolean(
        help="Difference booked in an open period for a document whose credits "
        "are frozen in a closed period (cancellation, reversal, late change).",
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, string="User"
    )
    role_id = fields.Many2one("sales.performance.role")
    share = fields.Float(string="Share (%)", digits=(16, 4))
    amount_revenue = fields.Monetary(
        string="Net Revenue", help="Untaxed, negative for refunds."
    )
    amount_cost = fields.Monetary(string="Cost", help="Product cost at invoice time.")
    amount_margin = fields.Monetary(string="Margin")
    amount_total = fields.Monetary(string="Total (taxed)")
    quantity = fields.Float(digits="Product Unit of Measure")
    amount_collected = fields.Monetary(
        string="Cash Collected",
        help="Payment rows: cash of this payment. Invoice rows: cash collected so far.",
    )
    is_fully_paid = fields.Boolean(string="Fully Paid", index=True)
    full_paid_date = fields.Date(
        string="Fully Paid On",
        index=True,
        help="Date of the reconciliation that brought the invoice's residual to "
        "zero (R-C10).",
    )

    # ------------------------------------------------------------------
    # Closed is closed (period lock): a row dated in a closed period keeps
    # its figures for everyone, the engine included; only the paid status of
    # an invoice row follows the document, paid in an open period.
    # ------------------------------------------------------------------
    _sp_paid_status_fields = frozenset(
        {"is_fully_paid", "full_paid_date", "amount_collected"}
    )

    def _sp_in_ranges(self, closed):
        """Credits dated in one of the ``closed`` ranges of their company."""
        return self.filtered(
            lambda c: any(
                start <= c.date <= end for start, end in closed.get(c.company_id.id, [])
            )
        )

    def _sp_frozen(self):
        closed = self.env["date.range"]._sp_closed_ranges(self.company_id)
        return self._sp_in_ranges(closed), closed

    def write(self, vals):
        frozen, closed = self._sp_frozen()
        if frozen:
            paid_date = fields.Date.to_date(vals.get("full_paid_date"))
            late_paid = paid_date and any(
                start <= paid_date <= end
                for c in frozen
                for start, end in closed.get(c.company_id.id, [])
            )
            if set(vals) - self._sp_paid_status_fields or late_paid:
                raise UserError(
                    self.env._(
                        "Credit of %(document)s is dated in a closed period: it "
                        "cannot change. Changes are booked in the next open "
                        "period.",
                        document=readable_names(self.env(su=False), frozen[0].move_id),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_period(self):
        frozen = self._sp_frozen()[0]
        if frozen:
            raise UserError(
                self.env._(
                    "Credit of %(document)s is dated in a closed period: it "
                    "cannot change. Changes are booked in the next open "
                    "period.",
                    document=readable_names(self.env(su=False), frozen[0].move_id),
                )
            )

    # ------------------------------------------------------------------
    # The ledger: the credits of customer invoices and refunds, rewritten
    # from their documents (engine path, sudo)
    # ------------------------------------------------------------------
    @api.model
    def _sp_sync_for(self, moves):
        """Rewrite the credits of ``moves`` to what they are now worth.

        Set-based: one delete, one read_group, one batched create. Called on
        post, reset to draft, cancel, reversal, split or salesperson change
        and every (un)reconciliation of the invoice (R-C10, R-C11). Moves that
        are not customer invoices or refunds are ignored. Credits dated in a
        closed period are kept; see :meth:`_sp_apply_period_lock`.
        """
        moves = moves.sudo().filtered(lambda m: m.move_type in CUSTOMER_TYPES)
        if not moves:
            return
        Credit = self.sudo()
        vals_list = Credit._sp_prepare_vals(moves)
        existing = Credit.search([("move_id", "in", moves.ids)])
        closed = self.env["date.range"]._sp_closed_ranges(moves.company_id)
        if closed:
            frozen = existing._sp_in_ranges(closed)
            existing -= frozen
            vals_list = Credit._sp_apply_period_lock(vals_list, frozen, closed)
        existing.unlink()
        Credit.create(vals_list)

    @api.model
    def _sp_prepare_vals(self, moves):
        """Credit values of the posted customer invoices and refunds among
        ``moves``: what they are worth now, before the period lock.

        Each document's split must add up to 100 % (issue 12); a document
        nobody is credited for (no split, salesperson without an employee in
        its company) has no rows.
        """
        moves = moves.filtered(
            lambda m: m.state == "posted" and m.move_type in CUSTOMER_TYPES
        )
        if not moves:
            return []
        self.env["sales.performance.split"]._check_totals(moves, self.env._("invoice"))
        totals = self._sp_line_totals(moves)
        contributors = self._sp_contributors(moves)
        payments = self._sp_payment_data(moves)
        vals_list = []
        for move in moves:
            people = contributors[move]
            if people:
                vals_list += self._sp_move_vals(
                    move, people, totals.get(move, (0.0, 0.0, 0.0)), payments[move]
                )
        return vals_list

    @api.model
    def _sp_line_totals(self, moves):
        """``{move: (balance, cost, quantity)}`` summed over the product lines
        (the costs frozen at posting, see ``account.move.line``)."""
        return {
            move: (balance, cost, quantity)
            for move, balance, cost, quantity in self.env[
                "account.move.line"
            ]._read_group(
                [("move_id", "in", moves.ids), ("display_type", "=", "product")],
                ["move_id"],
                ["balance:sum", "sp_cost_amount:sum", "quantity:sum"],
            )
        }

    @api.model
    def _sp_move_vals(self, move, people, totals, payment):
        """Rows of one document, amounts allocated by share to the cent.

        One ``invoice`` row per contributor: revenue, cost, margin, total and
        quantity, negative on refunds (R-C11), with the cash collected so far
        and the fully-paid date (R-C10). One ``payment`` row per contributor
        and cash reconciliation, on the payment date (R-C10).
        """
        currency = move.company_id.currency_id
        rounding = currency.rounding
        balance, cost, quantity = totals
        sign = -1 if move.move_type == "out_refund" else 1
        shares = [share for __, __, share in people]
        cash, full_paid_date = payment
        collected_total = sum(amount for __, __, amount in cash)

        def split(amount, rounding=rounding):
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
        persons = [
            dict(common, employee_id=employee.id, role_id=role.id, share=share)
            for employee, role, share in people
        ]
        vals_list = [
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
            for index, person in enumerate(persons)
        ]
        for partial, date, amount in cash:
            parts = split(amount)
            vals_list += [
                dict(
                    person,
                    kind="payment",
                    date=date,
                    partial_id=partial.id,
                    partial_ref=partial.id,
                    amount_collected=parts[index],
                )
                for index, person in enumerate(persons)
            ]
        return vals_list

    @api.model
    def _sp_contributors(self, moves):
        """``{move: [(employee, role, share)]}`` from the document's credit
        split, else 100 % to the employee of its salesperson in its company
        (issue 12); an empty list when nobody can be credited."""
        result = {}
        users = moves.filtered(lambda m: not m.sp_split_ids).invoice_user_id
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("user_id", "in", users.ids),
                    ("company_id", "in", moves.company_id.ids),
                ]
            )
        )
        employee_of = {(e.user_id.id, e.company_id.id): e for e in employees}
        for move in moves:
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

    @api.model
    def _sp_payment_data(self, moves):
        """Per move: cash partials ``[(partial, date, signed amount)]`` and
        the date the move became fully paid, if it did (R-C10; a netting with
        a refund settles it without cash, R-C11)."""
        data = {}
        for move in moves:
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

    # ------------------------------------------------------------------
    # Refunds and the invoices they take back (R-C11, issue 19)
    # ------------------------------------------------------------------
    @api.model
    def _sp_refund_origins(self, refund_ids, cash_basis=False):
        """``{(refund_id, employee_id): [(invoice_id, fraction)]}``: which
        invoices each credit note takes back, for each person credited.

        A credit note made from its invoice (*Credit Note* button,
        ``reversed_entry_id``) takes back that invoice. One linked to no
        invoice is matched with the person's invoices to the same customer
        that earn commission (on the cash basis, R-C10: paid in full by the
        credit note's date), the oldest first, each up to what is left of it
        (its revenue less its credit notes and the unlinked ones matched
        before): a reading of the documents as they stand, whenever it is
        made, so a later credit note of a matched invoice (or its payment
        reversed) moves the match, and the period of the credit note is
        corrected (its fingerprint covers those credits). What matches no
        invoice takes nothing back: it lowers the revenue of the period it
        counts in."""
        Move = self.env["account.move"].sudo()
        # the credit notes among them, with the invoice each reverses: one
        # query, no other field of the documents read (issue 25)
        refunds = Move.search_fetch(
            [("id", "in", list(refund_ids)), ("move_type", "=", "out_refund")],
            ["reversed_entry_id"],
        )
        result = {}
        # fetched, not read: no display name of each document, person and
        # customer is made (issue 25)
        credits = self.sudo().search_fetch(
            [
                ("move_id", "in", refunds.ids),
                ("kind", "=", "invoice"),
                ("is_adjustment", "=", False),
            ],
            ["move_id", "employee_id", "partner_id"],
        )
        pairs = set()
        for credit in credits:
            move = credit.move_id
            key = (move.id, credit.employee_id.id)
            if move.reversed_entry_id:
                result[key] = [(move.reversed_entry_id.id, 1.0)]
            elif credit.partner_id:
                pairs.add((credit.employee_id.id, credit.partner_id.id))
        if pairs:
            refund_set = set(refunds.ids)
            result.update(
                {
                    key: value
                    for key, value in self._sp_match_unlinked(pairs, cash_basis).items()
                    if key[0] in refund_set
                }
            )
        return result

    @api.model
    def _sp_match_unlinked(self, pairs, cash_basis=False):
        """Oldest-first matching of the unlinked credit notes of ``pairs``
        ``{(employee_id, customer_id)}`` with the person's invoices to the
        customer (see :meth:`_sp_refund_origins`)."""
        Credit = self.sudo()
        employees = list({e for e, __ in pairs})
        partners = list({p for __, p in pairs})
        common = [
            ("kind", "=", "invoice"),
            ("is_adjustment", "=", False),
            ("employee_id", "in", employees),
            ("partner_id", "in", partners),
        ]
        invoices = Credit.search_read(
            common
            + [("move_id.move_type", "=", "out_invoice")]
            + ([("is_fully_paid", "=", True)] if cash_basis else []),
            [
                "employee_id",
                "partner_id",
                "move_id",
                "date",
                "full_paid_date",
                "amount_revenue",
            ],
            order="date, move_id",
        )
        linked = defaultdict(float)
        refund_rows = Credit._read_group(
            common
            + [
                ("move_id.move_type", "=", "out_refund"),
                ("move_id.reversed_entry_id", "!=", False),
            ],
            ["move_id", "employee_id"],
            ["amount_revenue:sum"],
        )
        for refund, employee, total in refund_rows:
            linked[(refund.reversed_entry_id.id, employee.id)] += total
        unlinked = Credit.search_read(
            common
            + [
                ("move_id.move_type", "=", "out_refund"),
                ("move_id.reversed_entry_id", "=", False),
            ],
            ["employee_id", "partner_id", "move_id", "date", "amount_revenue"],
            order="date, move_id",
        )
        left = {}
        queues = defaultdict(list)
        for row in invoices:
            employee, partner = row["employee_id"][0], row["partner_id"][0]
            move = row["move_id"][0]
            left[(move, employee)] = row["amount_revenue"] + linked[(move, employee)]
            day = row["full_paid_date"] if cash_basis else row["date"]
            queues[(employee, partner)].append((day, move))
        result = {}
        for row in unlinked:
            employee, partner = row["employee_id"][0], row["partner_id"][0]
            if (employee, partner) not in pairs:
                continue
            need = -row["amount_revenue"]
            matches = []
            for day, move in queues[(employee, partner)]:
                if need <= 0:
                    break
                if not day or day > row["date"]:
                    continue
                take = min(need, max(left[(move, employee)], 0.0))
                if take > 0:
                    left[(move, employee)] -= take
                    need -= take
                    matches.append((move, take))
            total = -row["amount_revenue"]
            result[(row["move_id"][0], employee)] = [
                (move, take / total) for move, take in matches if total
            ]
        return result

    # ------------------------------------------------------------------
    # Closed is closed: what changed on a document whose credits are frozen
    # ------------------------------------------------------------------
    @api.model
    def _sp_credit_key(self, vals):
        """Document, kind, person and reconciliation of a row's values."""
        return (
            vals["move_id"],
            vals["kind"],
            vals["employee_id"],
            vals.get("partial_ref") or 0,
        )

    @api.model
    def _sp_apply_period_lock(self, vals_list, frozen, closed):
        """Closed is closed: keep the frozen credits and book what changed.

        * A new credit dated in a closed period is dated in the next open one
          (``origin_date`` keeps its own date): a late document.
        * For a frozen credit, the difference between what it is now worth and
          its frozen amounts (all frozen rows of the same document, person and
          reconciliation) is booked as an adjustment row in the next open
          period: a cancellation, a refund of a payment, a changed split
          (R-C11).
        * The paid status of a frozen invoice credit follows the document: it
          is a later event, not a figure of the closed period (R-C10).
        """
        frozen_sums = frozen._sp_frozen_sums()
        result = []
        for vals in vals_list:
            vals = self._sp_lock_vals(vals, frozen_sums, closed)
            if vals:
                result.append(vals)
        # Frozen credits of documents no longer worth anything: reverse them.
        seen = {self._sp_credit_key(vals) for vals in vals_list}
        result += [
            self._sp_reverse_vals(sums, closed)
            for key, sums in frozen_sums.items()
            if key not in seen
        ]
        return result

    def _sp_frozen_sums(self):
        """``{credit key: {"rows": credits, field: sum}}`` of these frozen
        credits, summed per document, kind, person and reconciliation."""
        amount_fields = self._sp_amount_fields
        frozen_sums = {}
        for credit in self:
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
        return frozen_sums

    @api.model
    def _sp_lock_vals(self, vals, frozen_sums, closed):
        """Values to create for what ``vals`` is now worth, given the frozen
        rows: itself (dated in the next open period if its date is closed),
        an adjustment row, or ``None`` when the frozen rows already say it.
        Updates the paid status of the frozen invoice rows (R-C10)."""
        DateRange = self.env["date.range"]
        ranges = closed.get(vals["company_id"], [])
        open_date = DateRange._sp_open_date(ranges, vals["date"])
        if vals.get("full_paid_date"):
            # A payment backdated into a closed period pays the invoice in
            # the next open one: cash-basis commission counts it there.
            vals = dict(
                vals,
                full_paid_date=DateRange._sp_open_date(ranges, vals["full_paid_date"]),
            )
        sums = frozen_sums.get(self._sp_credit_key(vals))
        if sums is None:
            if open_date != vals["date"]:
                vals = dict(vals, date=open_date, origin_date=vals["date"])
            return vals
        delta_fields = self._sp_delta_fields(vals["kind"])
        if vals["kind"] == "invoice":
            rows = sums["rows"].sorted(lambda c: (c.is_adjustment, c.id))
            rows.write(
                {
                    "is_fully_paid": vals["is_fully_paid"],
                    "full_paid_date": vals["full_paid_date"],
                }
            )
            rows[0].amount_collected = vals["amount_collected"]
        delta = {field: vals.get(field, 0.0) - sums[field] for field in delta_fields}
        if self._sp_is_zero_delta(delta, vals):
            return None
        return dict(
            vals,
            **delta,
            amount_collected=delta.get("amount_collected", 0.0),
            date=DateRange._sp_open_date(ranges, fields.Date.context_today(self)),
            origin_date=vals["date"],
            is_adjustment=True,
        )

    @api.model
    def _sp_reverse_vals(self, sums, closed):
        """Adjustment row reversing frozen rows whose document is no longer
        worth anything (cancelled, reset to draft, payment removed: R-C11)."""
        row = sums["rows"][:1]
        ranges = closed.get(row.company_id.id, [])
        return {
            "company_id": row.company_id.id,
            "currency_id": row.currency_id.id,
            "move_id": row.move_id.id,
            "partner_id": row.partner_id.id,
            "employee_id": row.employee_id.id,
            "role_id": row.role_id.id,
            "share": row.share,
            "kind": row.kind,
            "partial_ref": row.partial_ref,
            "date": self.env["date.range"]._sp_open_date(
                ranges, fields.Date.context_today(self)
            ),
            "origin_date": row.origin_date or row.date,
            "is_adjustment": True,
            **{field: -sums[field] for field in self._sp_delta_fields(row.kind)},
        }

    @api.model
    def _sp_is_zero_delta(self, delta, vals):
        """The adjustment is nothing: every amount rounds to zero in the
        row's currency (quantities to 6 digits)."""
        currency = self.env["res.currency"].browse(vals["currency_id"])
        return all(
            float_is_zero(value, precision_digits=6)
            if field == "quantity"
            else currency.is_zero(value)
            for field, value in delta.items()
        )
