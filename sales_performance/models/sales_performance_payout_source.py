# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.pg import array_param


class SalesPerformancePayoutSource(models.Model):
    """What a statement line was paid on (R-W1, R-C11, issue 19).

    One row per line and document: the document's value in the line's
    measure (the rule's metric, net revenue for deals) for the person whose
    sales counted, and the part of the line's amount paid on it. A pool
    share is paid on every document of the pool, a team commission on the
    team's. A refund of the document later takes back this part, in the
    proportion of what it refunds, from the person this line paid, once:
    the ledger (``sales.performance.statement._sp_clawbacks``) books the
    difference between what should be taken back and what was.

    Written by the commission run with its line, never by hand; frozen with
    the statement.
    """

    _name = "sales.performance.payout.source"
    _description = "Statement Line Paid On"
    _order = "line_id, move_id, id"

    line_id = fields.Many2one(
        "sales.performance.statement.line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    statement_id = fields.Many2one(
        related="line_id.statement_id", store=True, index=True
    )
    statement_state = fields.Selection(related="line_id.statement_state", store=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    currency_id = fields.Many2one(related="line_id.currency_id", store=True)
    plan_id = fields.Many2one(related="line_id.plan_id", store=True)
    employee_id = fields.Many2one(
        related="line_id.employee_id",
        store=True,
        index=True,
        string="Paid To",
    )
    user_id = fields.Many2one(related="line_id.user_id", store=True)
    rule_id = fields.Many2one(related="line_id.rule_id", store=True)
    lineage_id = fields.Many2one(
        "sales.performance.commission.rule",
        string="Rule (All Versions)",
        index=True,
    )
    period_id = fields.Many2one(
        "date.range",
        string="Earned In",
        help="The period whose worth the amount is: a refund counted after it "
        "takes back what it paid.",
    )
    period_end = fields.Date(related="period_id.date_end", store=True)
    # a document that paid commission is not deleted (R-W1: traceable)
    move_id = fields.Many2one(
        "account.move",
        string="Document",
        required=True,
        index=True,
        ondelete="restrict",
    )
    measured_employee_id = fields.Many2one(
        "hr.employee",
        string="Sold By",
        help="Whose credit of the document counted in the line's base.",
    )
    metric_id = fields.Many2one("sales.performance.metric", string="Measure")
    base = fields.Monetary(
        help="The document's value in the line's measure (plan currency)."
    )
    amount = fields.Monetary(help="The part of the line's amount paid on it.")
    is_clawback = fields.Boolean(
        help="A part taken back because the document was refunded (R-C11)."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._("What a line was paid on is written by the commission run.")
            )
        return super().create(vals_list)

    # the columns a row is written with; the line's (statement, state,
    # company, currency, plan, employee, user, rule) and the period's end
    # are read from them in SQL, as their related fields would compute them
    _SP_INSERT_COLUMNS = {
        "line_id": "int",
        "lineage_id": "int",
        "period_id": "int",
        "move_id": "int",
        "measured_employee_id": "int",
        "metric_id": "int",
        "base": "numeric",
        "amount": "numeric",
        "is_clawback": "bool",
    }

    @api.model
    def _sp_insert(self, vals_list):
        """Create the rows of ``vals_list`` (the columns of
        ``_SP_INSERT_COLUMNS``) in one statement (issue 25): what ``create``
        writes, without computing eight related fields and a currency per
        row in Python. The related columns are copied from the flushed
        lines and periods in the same statement, the amounts rounded with
        the line's currency as a Monetary field rounds them. Only the run
        calls it, as superuser, like ``create``."""
        if not self.env.su:
            raise UserError(
                self.env._("What a line was paid on is written by the commission run.")
            )
        if not vals_list:
            return self.browse()
        lines = self.env["sales.performance.statement.line"].browse(
            {vals["line_id"] for vals in vals_list}
        )
        lines.flush_recordset()
        currencies = {line.id: line.currency_id for line in lines}
        arrays = {name: [] for name in self._SP_INSERT_COLUMNS}
        for vals in vals_list:
            currency = currencies[vals["line_id"]]
            for name, kind in self._SP_INSERT_COLUMNS.items():
                value = vals.get(name)
                if kind == "int":
                    value = value or None
                elif kind == "numeric":
                    value = currency.round(value or 0.0)
                else:
                    value = bool(value)
                arrays[name].append(value)
        unnest = SQL(", ").join(
            array_param(arrays[name], kind)
            for name, kind in self._SP_INSERT_COLUMNS.items()
        )
        names = SQL(", ").join(SQL.identifier(name) for name in self._SP_INSERT_COLUMNS)
        values = SQL(", ").join(
            SQL.identifier("v", name) for name in self._SP_INSERT_COLUMNS
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sales_performance_payout_source (
                    %(names)s, statement_id, statement_state, company_id,
                    currency_id, plan_id, employee_id, user_id, rule_id,
                    period_end, create_uid, create_date, write_uid, write_date)
                SELECT %(values)s, l.statement_id, l.statement_state, l.company_id,
                       l.currency_id, l.plan_id, l.employee_id, l.user_id,
                       l.rule_id, d.date_end, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(unnest)s) WITH ORDINALITY AS v(%(names)s, n)
                  JOIN sales_performance_statement_line l ON l.id = v.line_id
                  LEFT JOIN date_range d ON d.id = v.period_id
                 ORDER BY v.n
                RETURNING id
                """,
                names=names,
                values=values,
                unnest=unnest,
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        records = self.browse([row[0] for row in self.env.cr.fetchall()])
        if len(records) != len(vals_list):
            raise UserError(
                self.env._(
                    "What a line was paid on could not be recorded: its line "
                    "was not found."
                )
            )
        # the lines' "Paid On" as cached before the insert is out of date
        lines.invalidate_recordset(["source_ids"])
        return records

    def write(self, vals):
        # R-C11: the ledger of what was paid is written once, by the run
        # (as superuser, like ``create``); nobody edits it afterwards
        if not self.env.su or self.filtered(
            lambda s: s.statement_state in ("approved", "posted", "paid")
        ):
            raise UserError(
                self.env._("What a line was paid on is written by the commission run.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        if not self.env.su or self.filtered(
            lambda s: s.statement_state in ("approved", "posted", "paid")
        ):
            raise UserError(
                self.env._(
                    "What an approved line was paid on stays: it is what a "
                    "refund takes back (R-C11)."
                )
            )
