# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import explain, readers
from ..tools.states import FROZEN_STATES


class SalesPerformancePlanVersion(models.Model):
    """A version of a plan's commission rules, in force from a period
    (issue 19: money over time).

    The rules of an approved plan are never edited in place once they paid
    an approved statement: *Change Rules* opens a draft version holding a
    copy of the rules in force, edited like the plan's own; approving it
    makes its rules take effect from the chosen period (by default the first
    open one), and the rules they replace stay in force, unchanged, for the
    periods before. Each period is computed, rerun and corrected with the
    rules in force in it, also after later changes. A version that reaches
    back into periods already approved is an explicit choice: it shows the
    corrections it will book before it is approved, and those corrections go
    through the statements' review (R-C11, R-W2).
    """

    _name = "sales.performance.plan.version"
    _description = "Plan Version"
    _inherit = ["mail.thread"]
    _order = "plan_id, sequence desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "sales.performance.plan",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    plan_range_type_id = fields.Many2one(related="plan_id.date_range_type_id")
    sequence = fields.Integer(readonly=True, default=1)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "In Force"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    period_id = fields.Many2one(
        "date.range",
        string="Takes Effect From",
        tracking=True,
        help="The first period computed with this version's rules. Earlier "
        "periods keep the rules they were computed with.",
    )
    date_from = fields.Date(
        related="period_id.date_start", string="In Force From", store=True
    )
    rule_ids = fields.One2many(
        "sales.performance.commission.rule",
        "version_id",
        string="Rules",
        context={"active_test": False},
        help="Draft: the rules as they will be. In force: the rules this version "
        "changed or added (the others continue).",
    )
    reason = fields.Text(
        tracking=True,
        help="Why the rules change; required when the change reaches back into "
        "periods already approved.",
    )
    pending_changes = fields.Text(
        string="Changes",
        compute="_compute_pending_changes",
        help="What the draft changes, rule by rule, against the rules in force "
        "when it takes effect.",
    )
    change_summary = fields.Text(
        string="Changed",
        readonly=True,
        copy=False,
        help="What the version changed, as it was when it was approved.",
    )
    is_retroactive = fields.Boolean(
        string="Reaches Back",
        compute="_compute_retroactive",
        help="The version takes effect in a period whose statements are already "
        "approved: approving it books corrections for them.",
    )
    repriced_period_ids = fields.Many2many(
        "date.range",
        string="Approved Periods Changed",
        compute="_compute_retroactive",
    )
    preview_line_ids = fields.One2many(
        "sales.performance.plan.version.preview", "version_id", readonly=True
    )
    preview_total = fields.Monetary(
        compute="_compute_preview_total", currency_field="currency_id"
    )
    preview_signature = fields.Char(readonly=True, copy=False)
    preview_date = fields.Datetime(readonly=True, copy=False)
    preview_current = fields.Boolean(compute="_compute_preview_current")
    approved_uid = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    # issue 24: the modelled rules of a plan model are a draft version of the
    # model's own, never approved unless the model is adopted
    is_model = fields.Boolean(readonly=True, copy=False, index=True)
    model_id = fields.Many2one(
        "sales.performance.plan.model",
        string="Modelled In",
        readonly=True,
        copy=False,
        help="The plan model this version was adopted from.",
    )
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("sequence", "plan_id.name")
    def _compute_name(self):
        for version in self:
            version.name = self.env._("Version %(number)s", number=version.sequence)

    @api.depends("state", "period_id", "rule_ids")
    def _compute_pending_changes(self):
        for version in self:
            version.pending_changes = (
                "\n".join(version._sp_changes()) or False
                if version.state == "draft"
                else False
            )

    @api.depends("period_id", "plan_id")
    def _compute_retroactive(self):
        Statement = self.env["sales.performance.statement"].sudo()
        for version in self:
            periods = self.env["date.range"]
            if version.period_id and version.state == "draft":
                periods = (
                    Statement.search(
                        [
                            ("plan_id", "=", version.plan_id.id),
                            ("state", "in", FROZEN_STATES),
                            ("period_start", ">=", version.period_id.date_start),
                        ]
                    )
                    .period_id.sorted("date_start")
                    .with_env(self.env)
                )
            version.repriced_period_ids = periods
            version.is_retroactive = bool(periods)

    @api.depends("preview_line_ids.difference")
    def _compute_preview_total(self):
        for version in self:
            version.preview_total = version.currency_id.round(
                sum(version.preview_line_ids.mapped("difference"))
            )

    @api.depends("preview_signature", "period_id", "rule_ids")
    def _compute_preview_current(self):
        for version in self:
            version.preview_current = bool(
                version.preview_signature
                and version.preview_signature == version._sp_signature()
            )

    # ------------------------------------------------------------------
    # What the version changes
    # ------------------------------------------------------------------
    def _sp_base_rules(self):
        """The rules this version replaces: those in force when it takes
        effect, and any starting later (a version approved earlier for a
        later period)."""
        self.ensure_one()
        return self.plan_id._sp_rules_from(self.date_from or self.plan_id.date_start)

    def _sp_changes(self):
        """Sentences of what the version changes, rule by rule."""
        self.ensure_one()
        changes = []
        drafts = self.rule_ids
        base = self._sp_base_rules()
        for rule in drafts.sorted(lambda r: (r.sequence, r.id)):
            source = rule.previous_rule_id
            if not source:
                changes.append(self.env._("New rule '%(rule)s'.", rule=rule.name))
                continue
            for label, before, after in rule._sp_term_changes(source):
                changes.append(
                    self.env._(
                        "%(rule)s: %(field)s %(before)s → %(after)s.",
                        rule=rule.name,
                        field=label,
                        before=before,
                        after=after,
                    )
                )
        copied = drafts.previous_rule_id
        for rule in (base - copied).sorted(lambda r: (r.sequence, r.id)):
            changes.append(self.env._("Rule '%(rule)s' removed.", rule=rule.name))
        return changes

    def _sp_signature(self):
        """What the preview was computed for: the period and every term of
        the draft rules."""
        self.ensure_one()
        terms = [
            (rule.previous_rule_id.id, rule._sp_terms())
            for rule in self.rule_ids.sorted("id")
        ]
        payload = json.dumps(
            [self.period_id.id, terms], sort_keys=True, default=str
        ).encode()
        return hashlib.sha1(payload, usedforsecurity=False).hexdigest()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _sp_check_draft(self):
        self.plan_id._sp_check_admin()
        for version in self:
            if version.is_model:
                # issue 24: a plan model's rules come in force only adopted
                raise UserError(
                    self.env._(
                        "These rules are a plan model's: adopt the model to make "
                        "them the plan's next version."
                    )
                )
            if version.state != "draft":
                raise UserError(
                    self.env._(
                        "%(version)s of plan '%(plan)s' is %(state)s: only a draft "
                        "version changes.",
                        version=version.name,
                        plan=version.plan_id.name,
                        state=dict(
                            version._fields["state"]._description_selection(self.env)
                        )[version.state],
                    )
                )

    def action_preview(self):
        """The corrections approving the version would book: for every
        approved statement of a period it reaches back to, what it is worth
        with the version's rules minus what was booked for it, rule by
        rule, on the same facts."""
        self._sp_check_draft()
        Preview = self.env["sales.performance.plan.version.preview"].sudo()
        Statement = self.env["sales.performance.statement"]
        for version in self:
            if not version.period_id:
                raise UserError(
                    self.env._("Choose the period the version takes effect from.")
                )
            version.sudo().preview_line_ids.unlink()
            vals = []
            for each in Statement._sp_version_differences(version):
                vals.append(
                    {
                        "version_id": version.id,
                        "statement_id": each["statement"].id,
                        "rule_id": each["rule"].id,
                        "booked": each["booked"],
                        "new_amount": each["due"],
                        "difference": each["amount"],
                    }
                )
            Preview.create(vals)
            version.sudo().write(
                {
                    "preview_signature": version._sp_signature(),
                    "preview_date": fields.Datetime.now(),
                }
            )
        return True

    def action_approve(self):
        self._sp_check_draft()
        for version in self:
            version._sp_check_approvable()
            summary = "\n".join(version._sp_changes())
            repriced = version.repriced_period_ids
            version._sp_apply()
            version.sudo().write(
                {
                    "change_summary": summary,
                    "state": "approved",
                    "approved_uid": self.env.uid,
                    "approved_date": fields.Datetime.now(),
                }
            )
            readers.post(version.plan_id, version._sp_history_note(repriced))
        return True

    def action_cancel(self):
        self._sp_check_draft()
        self.sudo().rule_ids.unlink()
        self.sudo().preview_line_ids.unlink()
        self.sudo().write({"state": "cancelled"})
        return True

    def _sp_check_approvable(self):
        self.ensure_one()
        plan = self.plan_id
        if not self.period_id:
            raise UserError(
                self.env._(
                    "Choose the period %(version)s takes effect from.",
                    version=self.name,
                )
            )
        plan._sp_check_period(self.period_id)
        if not self._sp_changes():
            raise UserError(
                self.env._(
                    "%(version)s changes nothing in the rules of plan '%(plan)s': "
                    "change a rule, or cancel the version.",
                    version=self.name,
                    plan=plan.name,
                )
            )
        rules = self.rule_ids
        rules._check_bands()
        rules._check_rates()
        if self.is_retroactive:
            periods = ", ".join(self.repriced_period_ids.mapped("name"))
            if not (self.reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(version)s takes effect in %(period)s, whose statements "
                        "are approved (%(periods)s): it changes what was paid. "
                        "Write why in Reason, then preview the corrections.",
                        version=self.name,
                        period=self.period_id.name,
                        periods=periods,
                    )
                )
            if not self.preview_current:
                raise UserError(
                    self.env._(
                        "%(version)s changes approved periods (%(periods)s): "
                        "preview the corrections it will book (Preview "
                        "Corrections) and approve once they are what you expect.",
                        version=self.name,
                        periods=periods,
                    )
                )

    def action_cancel_model(self):
        """The modelled version of a deleted plan model (issue 24)."""
        versions = self.filtered(lambda v: v.is_model and v.state == "draft")
        versions.sudo().rule_ids.unlink()
        versions.sudo().write({"state": "cancelled"})
        return True

    def _sp_apply(self):
        """Put the draft rules in force from the version's period; the rules
        they replace end the day before. A copy that changes nothing of a
        rule in force is dropped: that rule simply continues."""
        self.ensure_one()
        Rule = self.env["sales.performance.commission.rule"].sudo()
        start = self.date_from
        day_before = start - timedelta(days=1)
        kept = Rule
        for rule in self.rule_ids.sudo():
            source = rule.previous_rule_id
            if (
                source
                and not source.date_to
                and (not source.date_from or source.date_from <= start)
                and not rule._sp_term_changes(source)
            ):
                kept |= source
                rule.with_context(sp_version_apply=True).unlink()
        replaced = self.plan_id._sp_rules_from(start).sudo() - kept
        replaced.with_context(sp_version_apply=True).write({"date_to": day_before})
        self.rule_ids.sudo().with_context(sp_version_apply=True).write(
            {"date_from": start, "date_to": False}
        )

    def _sp_history_note(self, repriced):
        """The plan's chatter note of the approval (a sentence each reader
        reads in their language, issue 23; the changes as approved)."""
        self.ensure_one()
        t = explain.recorder(self.env)
        details = []
        if self.reason:
            details.append(self.reason)
        details += (self.change_summary or "").splitlines()
        head = t._(
            "%(version)s approved by %(user)s, in force from %(period)s.",
            version=self.name,
            user=self.env.user.name,
            period=self.period_id.name,
        )
        if repriced:
            head = t._(
                "%(approved)s It reaches back to approved periods (%(periods)s): "
                "the next run books %(amount)s of corrections, reviewed before "
                "approval.",
                approved=head,
                periods=", ".join(repriced.mapped("name")),
                amount=readers.amount(self.env, self.preview_total, self.currency_id),
            )
        if self.model_id:
            details.append(
                t._("Adopted from plan model '%(model)s'.", model=self.model_id.name)
            )
        return t._("%(note)s\n%(details)s", note=head, details="\n".join(details))


class SalesPerformancePlanVersionPreview(models.Model):
    """A correction a draft version would book (issue 19), for review."""

    _name = "sales.performance.plan.version.preview"
    _description = "Plan Version Correction Preview"
    _order = "version_id, period_start, employee_id, id"

    version_id = fields.Many2one(
        "sales.performance.plan.version", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="version_id.company_id", store=True)
    currency_id = fields.Many2one(related="version_id.currency_id")
    statement_id = fields.Many2one(
        "sales.performance.statement", required=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(related="statement_id.employee_id")
    period_id = fields.Many2one(related="statement_id.period_id")
    period_start = fields.Date(related="statement_id.period_start", store=True)
    rule_id = fields.Many2one("sales.performance.commission.rule")
    booked = fields.Monetary(string="Paid", currency_field="currency_id")
    new_amount = fields.Monetary(
        string="With This Version", currency_field="currency_id"
    )
    difference = fields.Monetary(string="Correction", currency_field="currency_id")
