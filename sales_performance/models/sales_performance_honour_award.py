# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesPerformanceHonourAward(models.Model):
    """An honour recorded on the employee (R-P3), with the period, the
    appraisal it comes from and the statement line that pays its bonus."""

    _name = "sales.performance.honour.award"
    _description = "Honour Award"
    _order = "period_start desc, id desc"

    honour_id = fields.Many2one(
        "sales.performance.honour", required=True, ondelete="restrict"
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    period_id = fields.Many2one("date.range", required=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    appraisal_id = fields.Many2one("sales.performance.appraisal", required=True)
    line_id = fields.Many2one(
        "sales.performance.statement.line", string="Paid By", ondelete="cascade"
    )
    amount = fields.Monetary(related="line_id.amount")
    currency_id = fields.Many2one(related="line_id.currency_id")

    # ------------------------------------------------------------------
    # Closed is closed (issue 21): the honours of a closed period are
    # history, neither fabricated nor lost.
    # ------------------------------------------------------------------
    def _sp_closed(self):
        """The awards of a closed period: their own period or the period of
        the statement line that pays them."""
        return self.filtered(
            lambda award: (
                "closed" in (award.period_id.sp_state, award.line_id.period_id.sp_state)
            )
        )

    def _sp_refuse_closed(self, closed):
        if closed:
            award = closed[:1].sudo()
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: the honour %(honour)s of "
                    "%(employee)s is history and cannot be created, copied, "
                    "changed or deleted.",
                    period=award.period_id.name,
                    honour=award.honour_id.name,
                    employee=award.employee_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        awards = super().create(vals_list)
        # The engine (sudo) records the honours a run pays, on lines of an
        # open period, whatever the appraisal's period; a user never records
        # one of a closed period.
        closed = awards._sp_closed()
        if self.env.su:
            closed = closed.filtered(
                lambda a: not a.line_id or a.line_id.period_id.sp_state == "closed"
            )
        self._sp_refuse_closed(closed)
        return awards

    def write(self, vals):
        self._sp_refuse_closed(self._sp_closed())
        res = super().write(vals)
        self._sp_refuse_closed(self._sp_closed())
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._sp_refuse_closed(self._sp_closed())
