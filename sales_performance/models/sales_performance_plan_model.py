# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

from ..tools.child_checks import parents_writing
from ..tools.commission_context import CommissionContext


class _ModelContext(CommissionContext):
    """The engine's context with the targets of the model scaled by its
    target factor (``optionally other targets``, issue 24)."""

    target_factor = 1.0
    # {indicator id: modelled weight %}: the scorecard weights the model
    # changes (issue 24); the period's appraisals are scored again with them
    weights = None

    def target(self, metric, member):
        return super().target(metric, member) * self.target_factor

    def graded(self, employees):
        """``{employee_id: (appraisal, modelled score, modelled grade)}``:
        the final appraisal the engine reads (R-C2), scored again with the
        modelled weights (R-A2) and graded on its own scale (R-A3)."""
        appraisals = self.env["sales.performance.appraisal"]._sp_final_appraisals(
            employees, self.period, self.plan
        )
        weights = self.weights or {}
        return {
            employee_id: (appraisal, *appraisal._sp_score_with(weights))
            for employee_id, appraisal in appraisals.items()
        }

    @property
    def grades(self):
        """The grades the modelled pay reads: with modelled weights, each
        member's appraisal graded again (gates R-C2, pools R-C4, performance
        pay R-P1 all read these)."""
        if not self.weights:
            return super().grades
        if self.cache.grades is None:
            employees = (self.all_members | self.members).employee_id
            self.cache.grades = {
                employee_id: grade
                for employee_id, (__, __, grade) in self.graded(employees).items()
            }
        return self.cache.grades


# The key of the PostgreSQL advisory locks of a plan model's computation
# (with the model's id): a chunk or the totals being computed hold it shared
# for their transaction; *Reset to Draft* takes it exclusively, without
# waiting, so it is refused while any of them is really computing.
COMPUTE_LOCK = 240024


def lock_computation(env, model_id, exclusive=False):
    """Hold the computation lock of plan model ``model_id`` until the end of
    the transaction: shared (computing) waits for a reset to end; exclusive
    (resetting) does not wait and says whether it got it."""
    if exclusive:
        env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", COMPUTE_LOCK, model_id)
        )
        return env.cr.fetchone()[0]
    env.cr.execute(
        SQL("SELECT pg_advisory_xact_lock_shared(%s, %s)", COMPUTE_LOCK, model_id)
    )
    return True


class SalesPerformancePlanModel(models.Model):
    """Plan modelling (issue 24): a change of a plan's rules computed over
    past periods' real facts, side by side with what was paid, before it
    takes effect.

    The modelled rules are a draft plan version of the model's own (never
    approved unless the model is adopted): rules, bands, rates, gates,
    factors and pools are edited as in *Change Rules*. *Compute* runs the
    commission engine (``plan._sp_payouts``) over the window's periods with
    those rules and keeps the payouts as model lines; no statement, credit,
    achievement, correction or payroll record is written. What was paid is
    what is booked for the approved statements of those periods, rule by
    rule (their lines and the corrections booked for them, R-C11), under
    the versions in force then. *Adopt* makes the modelled version the
    plan's next draft version from a chosen open period: it is approved
    through the plan-change path (preview and reason when it reaches back).
    """

    _name = "sales.performance.plan.model"
    _description = "Plan Model"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    plan_id = fields.Many2one(
        "sales.performance.plan",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    version_id = fields.Many2one(
        "sales.performance.plan.version",
        string="Modelled Version",
        readonly=True,
        ondelete="restrict",
        copy=False,
    )
    rule_ids = fields.One2many(
        related="version_id.rule_ids", readonly=False, string="Modelled Rules"
    )
    weight_ids = fields.One2many(
        "sales.performance.plan.model.weight",
        "model_id",
        string="Scorecard Weights",
        copy=False,
        help="The plan's scorecard indicators as the model weighs them: the "
        "window's appraisals are scored and graded again with these weights.",
    )
    grade_ids = fields.One2many(
        "sales.performance.plan.model.grade",
        "model_id",
        string="Grades",
        readonly=True,
    )
    grade_changed_count = fields.Integer(
        string="Grades Changed", compute="_compute_grade_changed_count"
    )
    changes = fields.Text(
        compute="_compute_changes",
        help="What the modelled rules change against the rules in force.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computing", "Computing"),
            ("computed", "Computed"),
            ("adopted", "Adopted"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    period_ids = fields.Many2many(
        "date.range",
        string="Window",
        help="The past periods modelled (default: the plan's last twelve closed "
        "periods).",
    )
    plan_period_ids = fields.Many2many(related="plan_id.period_ids")
    period_id = fields.Many2one(
        "date.range",
        string="Modelled From",
        help="The first period of the window computed with the modelled rules; "
        "earlier ones with the rules that were in force.",
    )
    member_ids = fields.Many2many(
        "sales.performance.member",
        string="Members",
        help="Leave empty to model every member of the plan.",
    )
    target_factor = fields.Float(
        default=1.0,
        digits=(16, 4),
        help="Scale the targets of the window (1.10 models targets 10 % higher).",
    )
    chunk_size = fields.Integer(
        default=200,
        help="Members computed per job when the model runs in the background.",
    )
    use_jobs = fields.Boolean(readonly=True, copy=False)
    chunk_ids = fields.One2many(
        "sales.performance.plan.model.chunk", "model_id", readonly=True
    )
    progress = fields.Float(compute="_compute_progress")
    line_ids = fields.One2many(
        "sales.performance.plan.model.line", "model_id", readonly=True
    )
    person_ids = fields.One2many(
        "sales.performance.plan.model.person", "model_id", readonly=True
    )
    computed_date = fields.Datetime(readonly=True, copy=False)
    computed_signature = fields.Char(readonly=True, copy=False)
    result_current = fields.Boolean(compute="_compute_result_current")
    revenue = fields.Monetary(
        string="Net Revenue", readonly=True, copy=False, currency_field="currency_id"
    )
    modelled_amount = fields.Monetary(
        string="Modelled", readonly=True, copy=False, currency_field="currency_id"
    )
    paid_amount = fields.Monetary(
        string="Paid", readonly=True, copy=False, currency_field="currency_id"
    )
    difference = fields.Monetary(
        readonly=True, copy=False, currency_field="currency_id"
    )
    modelled_pct = fields.Float(
        string="Modelled % of Revenue", readonly=True, copy=False, digits=(16, 6)
    )
    paid_pct = fields.Float(
        string="Paid % of Revenue", readonly=True, copy=False, digits=(16, 6)
    )
    gainer_count = fields.Integer(string="Gain", readonly=True, copy=False)
    loser_count = fields.Integer(string="Lose", readonly=True, copy=False)
    adopt_period_id = fields.Many2one(
        "date.range",
        string="Adopt From",
        help="The open period the plan's next version takes effect from.",
    )
    adopted_version_id = fields.Many2one(
        "sales.performance.plan.version", readonly=True, copy=False
    )

    @api.depends(
        "version_id.rule_ids", "period_id", "state", "weight_ids.weight", "weight_ids"
    )
    def _compute_changes(self):
        for model in self:
            if not model.version_id or model.state in ("adopted", "cancelled"):
                model.changes = False
                continue
            changes = model.version_id._sp_changes() + model._sp_weight_changes()
            model.changes = "\n".join(changes) or False

    def _sp_weight_changes(self):
        """Sentences of the scorecard weights the model changes (R-A2)."""
        self.ensure_one()
        cycles = dict(
            self.env["sales.performance.plan.model.weight"]
            ._fields["cycle"]
            ._description_selection(self.env)
        )
        return [
            self.env._(
                "Scorecard (%(cycle)s) '%(indicator)s': weight %(before)s %% → "
                "%(after)s %%.",
                cycle=cycles.get(line.cycle, ""),
                indicator=line.name,
                before=line.weight_in_force,
                after=line.weight,
            )
            for line in self.weight_ids
            if float_compare(line.weight, line.weight_in_force, precision_digits=2)
        ]

    def _sp_weights(self):
        """``{indicator id: weight}`` of the indicators whose modelled weight
        differs from the weight in force."""
        self.ensure_one()
        return {
            line.indicator_id.id: line.weight
            for line in self.weight_ids
            if float_compare(line.weight, line.weight_in_force, precision_digits=2)
        }

    def _sp_weights_for(self, period):
        """The weights a period of the window is scored with: the modelled
        ones from the Modelled From period on, those in force before."""
        self.ensure_one()
        if self.period_id and period.date_start < self.period_id.date_start:
            return {}
        return self._sp_weights()

    @api.depends("grade_ids.changed")
    def _compute_grade_changed_count(self):
        for model in self:
            model.grade_changed_count = len(model.grade_ids.filtered("changed"))

    @api.constrains("weight_ids")
    def _check_modelled_weights(self):
        """Each cycle's modelled scorecard totals 100 %, as the plan's must
        (R-A2, ``_check_weights``)."""
        Indicator = self.env["sales.performance.scorecard.indicator"]
        for model in self:
            for cycle in set(model.weight_ids.mapped("cycle")):
                Indicator._sp_check_weight_total(
                    model.name,
                    cycle,
                    model.weight_ids.filtered(lambda w, c=cycle: w.cycle == c).mapped(
                        "weight"
                    ),
                )

    @api.depends("chunk_ids.state")
    def _compute_progress(self):
        for model in self:
            chunks = model.chunk_ids
            done = len(chunks.filtered(lambda c: c.state == "done"))
            model.progress = 100.0 * done / len(chunks) if chunks else 0.0

    @api.depends(
        "computed_signature", "period_ids", "period_id", "rule_ids", "weight_ids.weight"
    )
    def _compute_result_current(self):
        for model in self:
            model.result_current = bool(
                model.computed_signature
                and model.computed_signature == model._sp_signature()
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["sales.performance.plan"]._sp_check_admin()
        models_ = super().create(vals_list)
        for model in models_:
            plan = model.plan_id
            # (the superuser may prepare one for a draft plan: data, tests)
            if (plan.state != "approved" and not self.env.su) or plan.is_template:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' is not an approved plan: model changes of "
                        "an approved plan.",
                        plan=plan.name,
                    )
                )
            if not model.period_ids:
                model.period_ids = model._sp_default_window()
            if not model.period_id:
                model.period_id = model.period_ids.sorted("date_start")[:1]
            if not model.adopt_period_id:
                model.adopt_period_id = plan._sp_first_open_period()
            if not model.version_id:
                version = plan._sp_new_version(plan._sp_first_open_period())
                version.sudo().write({"is_model": True, "sequence": 0})
                model.sudo().version_id = version
            model._sp_add_weights()
        return models_

    def _sp_add_weights(self):
        """The plan's scorecard indicators not weighed yet by the model, at
        their weight in force."""
        self.ensure_one()
        missing = self.plan_id.sudo().scorecard_ids - self.weight_ids.indicator_id
        if missing:
            self.sudo().write(
                {
                    "weight_ids": [
                        fields.Command.create(
                            {"indicator_id": indicator.id, "weight": indicator.weight}
                        )
                        for indicator in missing
                    ]
                }
            )

    @api.constrains("period_ids", "period_id", "plan_id")
    def _check_window(self):
        for model in self:
            periods = model.plan_id._sp_periods()
            if model.period_ids - periods:
                raise UserError(
                    self.env._(
                        "The window of model '%(model)s' holds periods that are "
                        "not plan '%(plan)s''s.",
                        model=model.name,
                        plan=model.plan_id.name,
                    )
                )
            if model.period_id and model.period_id not in model.period_ids:
                raise UserError(
                    self.env._("Modelled From must be a period of the window.")
                )
            if float_compare(model.target_factor, 0.0, precision_digits=4) <= 0:
                raise UserError(self.env._("The target factor must be positive."))
            if model.chunk_size <= 0:
                raise UserError(self.env._("A model needs a chunk size of at least 1."))

    def _sp_default_window(self):
        """The plan's last twelve closed periods (closed, not by the date:
        no dependence on today), else its last twelve periods ended before
        the first open one."""
        self.ensure_one()
        periods = self.plan_id._sp_periods().sorted("date_start")
        closed = periods.filtered(lambda p: p.sp_state == "closed")
        if not closed:
            first_open = self.plan_id._sp_first_open_period()
            closed = periods.filtered(
                lambda p: first_open and p.date_end < first_open.date_start
            )
        return closed[-12:]

    def _sp_signature(self):
        self.ensure_one()
        return json.dumps(
            [
                self.version_id._sp_signature() if self.version_id else "",
                sorted(self.period_ids.ids),
                self.period_id.id,
                sorted(self.member_ids.ids),
                self.target_factor,
                sorted(self._sp_weights().items()),
            ]
        )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def write(self, vals):
        # the modelled rules are edited on the model's form: their commands
        # go to the model's version as they are (the inverse of a related
        # one2many would set every rule's version again)
        rule_commands = vals.pop("rule_ids", None) if "rule_ids" in vals else None
        if not self.env.su:
            self.env["sales.performance.plan"]._sp_check_admin()
            terms = set(vals) - {"name", "adopt_period_id"}
            if rule_commands is not None:
                terms.add("rule_ids")
            frozen = self.filtered(lambda m: m.state in ("adopted", "cancelled"))
            if frozen and terms:
                raise UserError(
                    self.env._(
                        "Model '%(model)s' is %(state)s: duplicate it to model again.",
                        model=frozen[0].name,
                        state=frozen[0]._sp_state_label(),
                    )
                )
        with parents_writing(self):
            result = super().write(vals) if vals else True
        if rule_commands:
            for model in self:
                model.version_id.write({"rule_ids": rule_commands})
        return result

    def _sp_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_adopted(self):
        for model in self:
            if model.state == "adopted":
                raise UserError(
                    self.env._(
                        "Model '%(model)s' was adopted: it stays in the plan's "
                        "history.",
                        model=model.name,
                    )
                )

    def unlink(self):
        versions = self.version_id.filtered(lambda v: v.is_model)
        result = super().unlink()
        versions.sudo().action_cancel_model()
        return result

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _sp_members(self):
        self.ensure_one()
        return self.member_ids or self.plan_id.member_ids

    def action_compute(self):
        """Run the engine over the window with the modelled rules: in the
        background, in chunks of members and periods, when ``queue_job`` is
        installed and the model is bigger than one chunk; else now."""
        self.env["sales.performance.plan"]._sp_check_admin()
        for model in self:
            if model.state not in ("draft", "computed"):
                raise UserError(
                    self.env._(
                        "Model '%(model)s' is %(state)s: it is computed again "
                        "only while draft or computed.",
                        model=model.name,
                        state=model._sp_state_label(),
                    )
                )
            if not model.period_ids:
                raise UserError(
                    self.env._(
                        "Model '%(model)s' has no period to model: choose the "
                        "window's periods.",
                        model=model.name,
                    )
                )
            model.version_id.rule_ids._check_bands()
            model.version_id.rule_ids._check_rates()
            # indicators added to the plan since (or a model made before
            # models weighed the scorecard) are weighed as in force
            model._sp_add_weights()
            model._sp_start()
        return True

    def _sp_start(self):
        self.ensure_one()
        sudo = self.sudo()
        sudo.line_ids.unlink()
        sudo.grade_ids.unlink()
        sudo.person_ids.unlink()
        sudo.chunk_ids.unlink()
        members = self._sp_members()
        chunks = []
        for period in self.period_ids.sorted("date_start"):
            active = members.filtered(lambda m, p=period: m._window(p))
            size = self.chunk_size
            for i in range(0, len(active), size):
                chunks.append(
                    {
                        "model_id": self.id,
                        "period_id": period.id,
                        "member_ids": [fields.Command.set(active[i : i + size].ids)],
                    }
                )
        records = self.env["sales.performance.plan.model.chunk"].sudo().create(chunks)
        Run = self.env["sales.performance.run"]
        use_jobs = bool(
            Run._sp_jobs_available()
            and not self.env.context.get("sp_model_now")
            and len(records) > 1
            and sum(len(c.member_ids) for c in records) > self.chunk_size
        )
        sudo.write(
            {
                "state": "computing",
                "use_jobs": use_jobs,
                "computed_signature": self._sp_signature(),
            }
        )
        if use_jobs:
            from odoo.addons.queue_job.delay import group

            jobs = [
                chunk.delayable(
                    description=self.env._(
                        "Plan model %(model)s: %(period)s, chunk %(index)s/%(count)s",
                        model=self.name,
                        period=chunk.period_id.name,
                        index=index,
                        count=len(records),
                    ),
                    max_retries=5,
                )._sp_compute()
                for index, chunk in enumerate(records, start=1)
            ]
            finish = self.delayable(
                description=self.env._("Plan model %(model)s: totals", model=self.name)
            )
            group(*jobs).on_done(finish._sp_finish()).delay()
        else:
            for chunk in records:
                chunk._sp_compute()
            self._sp_finish()
        return True

    def _sp_rules_for(self, period):
        """The rules a period of the window is modelled with: the modelled
        version's from the Modelled From period on, the rules in force in
        it before."""
        self.ensure_one()
        if self.period_id and period.date_start < self.period_id.date_start:
            return self.plan_id._sp_rules_for(period)
        return self.version_id.rule_ids.sudo().filtered("active")

    def _sp_finish(self):
        """The totals and the change per person, once every chunk is done
        (of a model still computing: not of one reset meanwhile, nor twice)."""
        self.ensure_one()
        if not self.exists():
            return False
        lock_computation(self.env, self.id)
        self.invalidate_recordset(["state"])
        if self.state != "computing" or self.chunk_ids.filtered(
            lambda c: c.state != "done"
        ):
            return False
        currency = self.currency_id
        revenue = defaultdict(float)
        for chunk in self.chunk_ids:
            for employee_id, amount in json.loads(chunk.revenue or "{}").items():
                revenue[int(employee_id)] += amount
        Line = self.env["sales.performance.plan.model.line"].sudo()
        groups = Line._read_group(
            [("model_id", "=", self.id)],
            ["employee_id"],
            ["modelled_amount:sum", "paid_amount:sum"],
        )
        totals = {e.id: (m, p) for e, m, p in groups}
        vals = []
        for employee_id in set(totals) | {e for e, v in revenue.items() if v}:
            modelled, paid = totals.get(employee_id, (0.0, 0.0))
            vals.append(
                {
                    "model_id": self.id,
                    "employee_id": employee_id,
                    "revenue": currency.round(revenue[employee_id]),
                    "modelled_amount": currency.round(modelled),
                    "paid_amount": currency.round(paid),
                }
            )
        persons = self.env["sales.performance.plan.model.person"].sudo().create(vals)
        gain = persons.filtered(lambda p: currency.compare_amounts(p.difference, 0) > 0)
        lose = persons.filtered(lambda p: currency.compare_amounts(p.difference, 0) < 0)
        total_revenue = currency.round(sum(revenue.values()))
        modelled = currency.round(sum(persons.mapped("modelled_amount")))
        paid = currency.round(sum(persons.mapped("paid_amount")))
        self.sudo().write(
            {
                "state": "computed",
                "computed_date": fields.Datetime.now(),
                "revenue": total_revenue,
                "modelled_amount": modelled,
                "paid_amount": paid,
                "difference": currency.round(modelled - paid),
                "modelled_pct": modelled / total_revenue if total_revenue else 0.0,
                "paid_pct": paid / total_revenue if total_revenue else 0.0,
                "gainer_count": len(gain),
                "loser_count": len(lose),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Adopt
    # ------------------------------------------------------------------
    def action_adopt(self):
        """Make the modelled rules the plan's next version from the chosen
        open period: the model's version becomes the plan's draft version,
        recorded with the model, and opens to be approved through the
        plan-change path (its changes, and the corrections' preview and a
        reason when it reaches back to approved periods)."""
        self.ensure_one()
        plan = self.plan_id
        plan._sp_check_admin()
        if self.state != "computed":
            raise UserError(
                self.env._(
                    "Compute model '%(model)s' before adopting it.", model=self.name
                )
            )
        if not self.result_current:
            raise UserError(
                self.env._(
                    "The modelled rules or window of '%(model)s' changed since it "
                    "was computed: compute it again before adopting it.",
                    model=self.name,
                )
            )
        period = self.adopt_period_id
        if not period:
            raise UserError(
                self.env._("Choose the open period the change takes effect from.")
            )
        plan._sp_check_period(period)
        if period.sp_state != "open":
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: adopt the model from an open period.",
                    period=period.name,
                )
            )
        if plan.has_draft_version:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has a change of its rules in draft: approve "
                    "or cancel it before adopting a model.",
                    plan=plan.name,
                )
            )
        # the modelled scorecard weights become the plan's (R-A2): the
        # appraisals generated from now on are weighted with them; those
        # generated already keep the weights they were agreed with (R-A4)
        weights = self._sp_weights()
        weight_note = self._sp_weight_changes()
        for line in self.weight_ids.filtered(lambda w: w.indicator_id.id in weights):
            line.indicator_id.weight = line.weight
        version = self.version_id.sudo()
        sequence = max(plan.sudo().version_ids.mapped("sequence"), default=1) + 1
        version.write(
            {
                "is_model": False,
                "model_id": self.id,
                "sequence": sequence,
                "period_id": period.id,
                "reason": version.reason
                or self.env._("Adopted from plan model '%(model)s'.", model=self.name),
            }
        )
        self.sudo().write({"state": "adopted", "adopted_version_id": version.id})
        self.message_post(
            body=self.env._(
                "Adopted as %(version)s of plan '%(plan)s' from %(period)s, to be "
                "approved.",
                version=version.name,
                plan=plan.name,
                period=period.name,
            )
        )
        if weight_note:
            self.message_post(
                body=self.env._(
                    "Scorecard weights of plan '%(plan)s' changed for the "
                    "appraisals generated from now on: %(changes)s",
                    plan=plan.name,
                    changes=" ".join(weight_note),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sales.performance.plan.version",
            "res_id": version.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_reset(self):
        """Put a model stuck in *Computing* (its job died, a worker was
        killed) back to draft, its partial results removed, so that
        *Compute* can run again. Refused while a chunk or its totals are
        really computing (they hold the computation lock, see
        :func:`lock_computation`); jobs of it still waiting in the queue
        find it reset and do nothing."""
        self.env["sales.performance.plan"]._sp_check_admin()
        for model in self:
            if model.state != "computing":
                raise UserError(
                    self.env._(
                        "Model '%(model)s' is %(state)s: only a model stuck "
                        "computing is reset.",
                        model=model.name,
                        state=model._sp_state_label(),
                    )
                )
            if not lock_computation(self.env, model.id, exclusive=True):
                raise UserError(
                    self.env._(
                        "Model '%(model)s' is being computed right now: wait for "
                        "its chunks to end (see its progress) before resetting it.",
                        model=model.name,
                    )
                )
            sudo = model.sudo()
            sudo.chunk_ids.unlink()
            sudo.line_ids.unlink()
            sudo.grade_ids.unlink()
            sudo.person_ids.unlink()
            sudo.write({"state": "draft", "computed_signature": False})
            model.message_post(
                body=self.env._(
                    "Reset to draft while computing: compute it again.",
                )
            )
        return True

    def action_cancel(self):
        self.env["sales.performance.plan"]._sp_check_admin()
        for model in self:
            if model.state in ("adopted", "computing"):
                raise UserError(
                    self.env._(
                        "Model '%(model)s' is %(state)s: it cannot be cancelled.",
                        model=model.name,
                        state=model._sp_state_label(),
                    )
                )
        self.sudo().write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------
    # Reading the result
    # ------------------------------------------------------------------
    def _sp_open(self, res_model, name, views="list,pivot,graph"):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "view_mode": views,
            "domain": [("model_id", "=", self.id)],
            "context": {"default_model_id": self.id},
        }

    def action_view_lines(self):
        return self._sp_open(
            "sales.performance.plan.model.line", self.env._("Modelled Lines")
        )

    def action_view_persons(self):
        return self._sp_open(
            "sales.performance.plan.model.person",
            self.env._("Change per Person"),
            "list,graph,pivot",
        )

    def action_view_grades(self):
        action = self._sp_open(
            "sales.performance.plan.model.grade", self.env._("Modelled Grades"), "list"
        )
        action["context"] = dict(action["context"], search_default_changed=1)
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref(
            "sales_performance.action_report_plan_model_xlsx"
        ).report_action(self)
