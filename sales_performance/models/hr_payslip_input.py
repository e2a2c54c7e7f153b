# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.payroll import is_payroll_path


class HrPayslipInput(models.Model):
    _inherit = "hr.payslip.input"

    sp_statement_line_ids = fields.One2many(
        "sales.performance.statement.line",
        "payslip_input_id",
        string="Statement Lines",
        help="The commission statement lines this input pays (R-W1).",
    )

    @api.model
    def _sp_reserved_codes(self):
        """The input codes of the addon (Payroll Input Codes): only the
        addon puts them on payslips. Read once for many payslips when the
        caller read them (``sp_reserved_codes`` in the context, a frozenset:
        never what a JSON-RPC context holds, issue 25)."""
        known = self.env.context.get("sp_reserved_codes")
        if isinstance(known, frozenset):
            return set(known)
        return set(self.env["sales.performance.payout.code"]._code_map_codes())

    def _sp_locked(self, reserved=None):
        """The inputs that only the addon changes: of its codes, or paying
        statement lines."""
        reserved = self._sp_reserved_codes() if reserved is None else reserved
        return self.filtered(
            lambda i: i.code in reserved or i.sudo().sp_statement_line_ids
        )

    def _sp_changes(self, vals):
        """The fields ``vals`` would change on this input (the ORM rewrites
        an input's payslip when the payslip's inputs are reassigned)."""
        self.ensure_one()
        return [
            name
            for name, value in vals.items()
            if name in self._fields
            and self._fields[name].convert_to_record(
                self._fields[name].convert_to_cache(value, self), self
            )
            != self[name]
        ]

    def _sp_refuse(self, inputs):
        payslip = inputs[:1].payslip_id
        raise UserError(
            self.env._(
                "The input %(code)s of payslip %(payslip)s comes from sales "
                "performance statements: it changes only through them. To take "
                "commission off a payslip, open its statement and use Take Off "
                "Payroll (with a reason); posting adds it.",
                code=inputs[:1].code,
                payslip=payslip._sp_reference(),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_payroll_path(self.env):
            reserved = self._sp_reserved_codes()
            for vals in vals_list:
                if vals.get("code") in reserved:
                    raise UserError(
                        self.env._(
                            "%(code)s is a sales performance input code: only "
                            "posting an approved statement puts it on a payslip.",
                            code=vals["code"],
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not is_payroll_path(self.env):
            locked = self._sp_locked().filtered(lambda i: i._sp_changes(vals))
            if locked:
                self._sp_refuse(locked)
            if vals.get("code") in self._sp_reserved_codes():
                raise UserError(
                    self.env._(
                        "%(code)s is a sales performance input code: only posting "
                        "an approved statement puts it on a payslip.",
                        code=vals["code"],
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_statement_input(self):
        """Inputs paying statement lines go only through the statement (or
        their payslip's cancel, refund or deletion). An empty input of the
        addon's codes, paying nothing (made by payroll before 18.0.1.3.0),
        may go."""
        if is_payroll_path(self.env):
            return
        reserved = self._sp_reserved_codes()
        locked = self.filtered(
            lambda i: (
                i.sudo().sp_statement_line_ids or (i.code in reserved and i.amount)
            )
        )
        if locked:
            self._sp_refuse(locked)
