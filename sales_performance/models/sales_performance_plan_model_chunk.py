# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from collections import defaultdict

from psycopg2 import OperationalError

from odoo import fields, models

from ..tools.jobs import error_reason, job_tries, retry_or_give_up
from ..tools.states import FROZEN_STATES
from .sales_performance_plan_model import _ModelContext, lock_computation

_logger = logging.getLogger(__name__)


class SalesPerformancePlanModelChunk(models.Model):
    """A part of a plan model's computation (issue 24): one period for a
    chunk of members, one job (one transaction) when the model runs in the
    background. Each chunk writes only its own lines and state: jobs never
    write the same row, and the model's progress is the chunks done."""

    _name = "sales.performance.plan.model.chunk"
    _description = "Plan Model Chunk"
    _order = "model_id, id"

    model_id = fields.Many2one(
        "sales.performance.plan.model", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    period_id = fields.Many2one("date.range", required=True)
    member_ids = fields.Many2many("sales.performance.member")
    state = fields.Selection(
        [("todo", "To Compute"), ("done", "Done")], default="todo", required=True
    )
    revenue = fields.Text(help="{employee id: net revenue of the period}")

    def _sp_compute(self):
        """The chunk's lines (:meth:`_sp_compute_lines`). As a job (issue
        25), a chunk that fails writes nothing and says why in its model's
        chatter instead of failing unseen in the job queue: a concurrency
        error is retried up to the job's ``max_retries`` (queue_job alone
        retries those forever, never counting them), then given up. The
        model then stays *Computing* with the chunk to do: *Reset to Draft*
        and *Compute* run it again. Outside a job an error is the
        request's."""
        self.ensure_one()
        if job_tries(self.env) is None:
            return self._sp_compute_lines()
        try:
            with self.env.cr.savepoint():
                return self._sp_compute_lines()
        except OperationalError as error:
            self._sp_record_failure(retry_or_give_up(self.env, error))
        except Exception as error:  # noqa: BLE001 said in the model's chatter
            self._sp_record_failure(error_reason(error))
        return 0

    def _sp_record_failure(self, reason):
        """Say in the model's chatter that this chunk failed, and why."""
        if not self.exists():
            return
        _logger.warning(
            "Chunk %s of plan model %s failed: %s", self.id, self.model_id.id, reason
        )
        self.model_id.sudo().message_post(
            body=self.env._(
                "The chunk of %(period)s (%(count)s member(s)) failed and wrote "
                "nothing: %(reason)s. Reset the model to draft and compute it "
                "again.",
                period=self.period_id.name,
                count=len(self.member_ids),
                reason=reason,
            )
        )

    def _sp_compute_lines(self):
        """The modelled payouts of the chunk's members in its period, and
        what was booked for them (the approved statements' lines and the
        corrections booked for them, rule lineage by rule lineage), as model
        lines. Reads facts only: the engine's payouts are not booked."""
        self.ensure_one()
        # a job of a model reset (or computed again) meanwhile does nothing
        if not self.exists():
            return 0
        model = self.model_id
        lock_computation(self.env, model.id)
        self.invalidate_recordset(["state"])
        model.invalidate_recordset(["state"])
        if self.state == "done" or model.state != "computing":
            return 0
        plan = model.plan_id
        period = self.period_id
        members = self.member_ids.exists()
        currency = plan.currency_id
        ctx = _ModelContext(
            self.env,
            plan,
            period,
            plan.member_ids.filtered(lambda m: m._window(period)),
        )
        ctx.target_factor = model.target_factor
        ctx.weights = model._sp_weights_for(period)
        payouts = plan._sp_payouts(ctx, members, rules=model._sp_rules_for(period))
        Statement = self.env["sales.performance.statement"].sudo()
        frozen = Statement.search(
            [
                ("plan_id", "=", plan.id),
                ("period_id", "=", period.id),
                ("employee_id", "in", members.employee_id.ids),
                ("state", "in", FROZEN_STATES),
            ]
        )
        booked = Statement._sp_booked(frozen, self.env["date.range"])
        keys = {}
        figures = defaultdict(
            lambda: {"modelled": 0.0, "paid": 0.0, "base": 0.0, "text": []}
        )
        for payout in payouts:
            lineage = payout["rule"]._sp_lineage()
            key = (payout["member"].employee_id, lineage)
            keys.setdefault(key, payout["rule"])
            each = figures[key]
            each["modelled"] += payout["amount"]
            each["base"] += payout.get("base_amount", 0.0)
            each["rate"] = payout.get("rate", 0.0)
            if payout.get("explanation"):
                each["text"].append(payout["explanation"])
        for (statement, lineage), amount in booked.items():
            key = (statement.employee_id, lineage)
            keys.setdefault(key, lineage)
            figures[key]["paid"] += amount
        revenue_metric = ctx.revenue_metric()
        revenue = {
            member.employee_id.id: ctx.base(revenue_metric, member)
            if revenue_metric
            else 0.0
            for member in members
        }
        vals = []
        for (employee, lineage), rule in keys.items():
            each = figures[(employee, lineage)]
            if currency.is_zero(each["modelled"]) and currency.is_zero(each["paid"]):
                continue
            vals.append(
                {
                    "model_id": model.id,
                    "chunk_id": self.id,
                    "employee_id": employee.id,
                    "period_id": period.id,
                    "lineage_id": lineage.id,
                    "rule_name": rule.name,
                    "modelled_amount": currency.round(each["modelled"]),
                    "paid_amount": currency.round(each["paid"]),
                    "base_amount": currency.round(each["base"]),
                    "rate": each.get("rate", 0.0),
                    "explanation": "\n".join(each["text"]) or False,
                }
            )
        self.env["sales.performance.plan.model.line"].sudo().create(vals)
        # the grades the modelled pay read, next to the real ones (R-A3)
        self.env["sales.performance.plan.model.grade"].sudo().create(
            [
                {
                    "model_id": model.id,
                    "chunk_id": self.id,
                    "employee_id": employee_id,
                    "period_id": period.id,
                    "appraisal_id": appraisal.id,
                    "score": appraisal.total_score,
                    "grade_id": appraisal.grade_id.id,
                    "modelled_score": score,
                    "modelled_grade_id": grade.id,
                }
                for employee_id, (appraisal, score, grade) in ctx.graded(
                    members.employee_id
                ).items()
            ]
        )
        self.sudo().write({"state": "done", "revenue": json.dumps(revenue)})
        return len(vals)
