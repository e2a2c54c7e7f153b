# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import float_compare

from ..tools.names import readable_names

# Context marker set (in Python only, never by a client: JSON cannot carry
# it) while a document writes its own split lines; the document's
# constraint then checks the whole split once every command has run.
SPLIT_DEFERRED = object()


class SalesPerformanceSplit(models.Model):
    """Who gets credit for a sale order or an invoice, and for which share.

    A document without split lines credits 100 % to the employee of its
    salesperson. Split lines set on a sale order are carried to its invoices
    and to their refunds; lines set on an invoice win over the order's.
    """

    _name = "sales.performance.split"
    _description = "Sales Credit Split"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    order_id = fields.Many2one("sale.order", ondelete="cascade", index="btree_not_null")
    move_id = fields.Many2one(
        "account.move", ondelete="cascade", index="btree_not_null"
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        check_company=True,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    role_id = fields.Many2one("sales.performance.role")
    stage_id = fields.Many2one(
        "sales.performance.project.stage",
        help="Project stage this person carried (R-C5): sets the share.",
    )
    share = fields.Float(
        string="Share (%)", required=True, default=100.0, digits=(16, 4)
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "share_range",
            "CHECK(share > 0 AND share <= 100)",
            "A credit share must be more than 0 % and at most 100 %.",
        ),
        (
            "one_document",
            "CHECK((order_id IS NULL) <> (move_id IS NULL))",
            "A credit split belongs to exactly one sale order or invoice.",
        ),
    ]

    @api.onchange("stage_id")
    def _onchange_stage_id(self):
        for split in self.filtered("stage_id"):
            split.share = split.stage_id.share

    @api.depends("order_id.company_id", "move_id.company_id")
    def _compute_company_id(self):
        for split in self:
            split.company_id = split.move_id.company_id or split.order_id.company_id

    @api.model
    def _check_totals(self, documents, document_label):
        """Shares of each document's split add up to 100 % (or it has none)."""
        for document in documents:
            splits = document.sp_split_ids
            if not splits:
                continue
            total = sum(splits.mapped("share"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The credit split of %(label)s %(name)s adds up to "
                        "%(total)s %% instead of 100 %%: adjust the shares so "
                        "that they add up to 100 %%.",
                        label=document_label,
                        name=document.display_name,
                        total=round(total, 4),
                    )
                )
            if len(splits.employee_id) != len(splits):
                raise ValidationError(
                    self.env._(
                        "The credit split of %(label)s %(name)s names the "
                        "same employee twice: merge their lines.",
                        label=document_label,
                        name=document.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Credit split (issue 12): 100 % per document; managers split their
    # team's documents among their team only.
    # ------------------------------------------------------------------
    def _sp_documents(self):
        return self.move_id, self.order_id

    def _sp_check_documents(self, moves, orders):
        """Totals of the documents, unless the document itself is writing its
        lines (then its own constraint checks them after the last command)."""
        if self.env.context.get("sp_split_deferred") is SPLIT_DEFERRED:
            return
        moves = moves.exists().sudo()
        orders = orders.exists().sudo()
        self._check_totals(moves, self.env._("invoice"))
        self._check_totals(orders, self.env._("sale order"))

    def _sp_team(self, user):
        """Employees of ``user``'s team: themselves and everyone under them."""
        return (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", user.employee_ids.ids)])
        )

    def _sp_check_team(self):
        """A manager splits only documents of their team, among their team:
        the document's salesperson and every credited employee are in the
        team (administrators and the engine split anything)."""
        user = self.env.user
        if self.env.su or user.has_group("sales_performance.group_sp_admin"):
            return
        team = self._sp_team(user)
        for split in self.sudo():
            document = split.move_id or split.order_id
            salesperson = (
                document.invoice_user_id if split.move_id else document.user_id
            )
            outsiders = (
                split.employee_id
                | salesperson.employee_ids.filtered(
                    lambda e, c=document.company_id: e.company_id == c
                )
                | document.sp_split_ids.employee_id
            ) - team
            if outsiders:
                # only who and what the manager may read is named (issue 21)
                raise AccessError(
                    self.env._(
                        "You can only split the documents of your team among your "
                        "team: %(employees)s are not in it (%(document)s).",
                        employees=readable_names(self.env, outsiders),
                        document=readable_names(self.env, document),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        splits = super().create(vals_list)
        splits._sp_check_team()
        splits._sp_check_documents(*splits._sp_documents())
        return splits

    def write(self, vals):
        self._sp_check_team()
        moves, orders = self._sp_documents()
        res = super().write(vals)
        self._sp_check_team()
        moves, orders = moves | self.move_id, orders | self.order_id
        self._sp_check_documents(moves, orders)
        return res

    def unlink(self):
        self._sp_check_team()
        moves, orders = self._sp_documents()
        res = super().unlink()
        self._sp_check_documents(moves, orders)
        return res

    def _copy_vals(self):
        return [
            {
                "sequence": split.sequence,
                "employee_id": split.employee_id.id,
                "role_id": split.role_id.id,
                "stage_id": split.stage_id.id,
                "share": split.share,
                "note": split.note,
            }
            for split in self
        ]
