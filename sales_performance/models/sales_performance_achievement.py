# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, split_every


class SalesPerformanceAchievement(models.Model):
    """Actual against target for employee x period x metric (R-T3, R-T5).

    Rows are (re)computed set-based by :meth:`_sp_compute`: one aggregate
    query per metric and membership window, whatever the number of invoices.
    """

    _name = "sales.performance.achievement"
    _description = "Sales Achievement"
    _order = "period_start desc, plan_id, employee_id, metric_sequence, id"
    _rec_name = "employee_id"

    plan_id = fields.Many2one(
        "sales.performance.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    member_id = fields.Many2one(
        "sales.performance.member", required=True, ondelete="cascade", index=True
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True)
    manager_id = fields.Many2one(
        "hr.employee", related="employee_id.parent_id", store=True, string="Manager"
    )
    role_id = fields.Many2one(related="member_id.role_id", store=True)
    period_id = fields.Many2one("date.range", required=True, index=True)
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    metric_id = fields.Many2one("sales.performance.metric", required=True, index=True)
    metric_sequence = fields.Integer(related="metric_id.sequence", store=True)
    is_monetary = fields.Boolean(related="metric_id.is_monetary")
    target_id = fields.Many2one(
        "sales.performance.target", string="Target Record", ondelete="set null"
    )
    target_amount = fields.Float(string="Target", digits=(16, 2), aggregator="sum")
    minimum_amount = fields.Float(string="Minimum", digits=(16, 2), aggregator="sum")
    actual = fields.Float(digits=(16, 2), aggregator="sum")
    # Stored per row as a ratio; a group's completion (pivot, graph, grouped
    # list, the dashboard's team total) is the group's actual over its
    # target over the same rows, computed in SQL by ``_read_group_select``:
    # ``avg`` is only the aggregator the views ask for, an average of ratios
    # would weigh a 1,000 target like a 100,000 one.
    completion = fields.Float(
        digits=(16, 4),
        aggregator="avg",
        help="Actual divided by target (任务完成比例, R-T5); empty when the period "
        "has no target. Of several rows: their total actual divided by their total "
        "target (the actual of a salesperson without a target counts too; a metric "
        "without any target in the period does not).",
    )
    completion_percent = fields.Float(
        string="Completion (%)",
        digits=(16, 1),
        aggregator="avg",
        help="The completion in percent, one decimal; of several rows, their total "
        "actual over their total target.",
    )
    counts_in_completion = fields.Boolean(
        help="The metric has a target in the period for someone of the plan: the "
        "row's actual counts in a group's completion (issue 23)."
    )
    minimum_met = fields.Boolean(help="Actual reached the target's minimum (R-T4).")
    state = fields.Selection(
        [("measured", "Measured"), ("no_target", "No Target")],
        required=True,
        default="measured",
    )
    computed_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "uniq",
            "unique(plan_id, member_id, period_id, metric_id)",
            "One achievement per member, period and metric.",
        )
    ]

    # ------------------------------------------------------------------
    # Closed is closed: a closed period keeps its last measurement, for
    # everyone (the measurement itself skips closed periods, in SQL).
    # ------------------------------------------------------------------
    def _sp_check_period_open(self):
        closed = self.filtered(lambda a: a.period_id.sp_state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Period %(period)s is closed: its achievements cannot change. "
                    "Reopen the period first.",
                    period=closed[0].period_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        achievements = super().create(vals_list)
        achievements._sp_check_period_open()
        return achievements

    def write(self, vals):
        self._sp_check_period_open()
        res = super().write(vals)
        if "period_id" in vals:
            self._sp_check_period_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_period(self):
        self._sp_check_period_open()

    def _read_group_select(self, aggregate_spec, query):
        """The completion of a group is its total actual over its total
        target (R-T5), over the same rows as the group's Actual and Target
        (issue 23: a salesperson without a target adds to both the actual
        and the completion), as Odoo's own reports weigh their ratios (e.g.
        the vendor on-time rate). Rows of a metric without any target in
        their period (cash collected measured for information) stay out."""
        factor = {"completion:avg": 1.0, "completion_percent:avg": 100.0}.get(
            aggregate_spec
        )
        if factor is None:
            return super()._read_group_select(aggregate_spec, query)
        counted = self._field_to_sql(self._table, "counts_in_completion", query)
        return SQL(
            "%(factor)s * SUM(CASE WHEN %(counted)s THEN %(actual)s END)"
            " / NULLIF(SUM(CASE WHEN %(counted)s THEN %(target)s END), 0)",
            factor=factor,
            counted=counted,
            actual=self._field_to_sql(self._table, "actual", query),
            target=self._field_to_sql(self._table, "target_amount", query),
        )

    @api.model
    def _sp_compute(self, plan, periods):
        """Recompute the achievements of ``plan`` for ``periods``.

        Periods are those given plus the periods of the plan's member targets
        overlapping them (e.g. the quarter and year targets of a monthly plan),
        except closed periods, which keep their last measurement.
        """
        plan.ensure_one()
        periods = self._sp_periods_to_measure(plan, periods)
        if not periods:
            return self.browse()
        # membership windows: {(date_from, date_to): {employee ids}}
        windows = defaultdict(set)
        cells = []  # (member, period, window)
        for member in plan.member_ids:
            for period in periods:
                window = member._window(period)
                if window:
                    windows[window].add(member.employee_id.id)
                    cells.append((member, period, window))
        now = fields.Datetime.now()
        common = self._sp_common_vals(plan, cells, now)
        targets = {
            (t.member_id.id, t.period_id.id, t.metric_id.id): t
            for t in self.env["sales.performance.target"]
            .sudo()
            .search(
                [
                    ("plan_id", "=", plan.id),
                    ("member_id", "!=", False),
                    ("period_id", "in", periods.ids),
                ]
            )
        }
        rates = self._sp_conversion_rates(plan, periods)
        # (period, metric) with a target for someone: their rows count in a
        # group's completion, with or without a target of their own
        targeted = {(period_id, metric_id) for __, period_id, metric_id in targets}
        vals_list = []
        for metric in plan.metric_ids:
            actuals = metric._compute_actuals(plan.company_id, dict(windows))
            for member, period, window in cells:
                value = actuals.get((member.employee_id.id, *window), 0.0)
                if metric.is_monetary:
                    value = plan.currency_id.round(value * rates[period])
                target = targets.get((member.id, period.id, metric.id))
                vals = self._sp_cell_vals(
                    common[member.id, period.id], metric, value, target, plan
                )
                vals["counts_in_completion"] = (period.id, metric.id) in targeted
                vals_list.append(vals)
        records = self.sudo()._sp_store(plan, periods, vals_list)
        plan.sudo().achievement_date = now
        return records.with_env(self.env)

    @api.model
    def _sp_periods_to_measure(self, plan, periods):
        """``periods`` and the periods of the plan's member targets
        overlapping them, the open ones only (closed is closed: a closed
        period keeps its last measurement)."""
        Target = self.env["sales.performance.target"].sudo()
        overlapping = expression.OR(
            [("period_start", "<=", p.date_end), ("period_end", ">=", p.date_start)]
            for p in periods
        )
        periods = periods | Target._read_group(
            expression.AND(
                [
                    [("plan_id", "=", plan.id), ("member_id", "!=", False)],
                    overlapping,
                ]
            ),
            [],
            ["period_id:recordset"],
        )[0][0].with_env(periods.env)
        return periods.filtered(lambda p: p.sp_state == "open")

    @api.model
    def _sp_common_vals(self, plan, cells, now):
        """What does not change with the metric, read once per member and
        period rather than once per cell (thousands of members x metrics):
        ``{(member_id, period_id): vals}``."""
        common = {}
        for member, period, _window in cells:
            employee = member.employee_id
            common[member.id, period.id] = {
                "plan_id": plan.id,
                "member_id": member.id,
                "employee_id": employee.id,
                "period_id": period.id,
                "computed_on": now,
                "state": "no_target",
                # stored related fields (see _sp_store)
                "company_id": plan.company_id.id,
                "currency_id": plan.currency_id.id,
                "user_id": employee.user_id.id,
                "manager_id": employee.parent_id.id,
                "role_id": member.role_id.id,
                "period_start": period.date_start,
                "period_end": period.date_end,
            }
        return common

    @api.model
    def _sp_cell_vals(self, common, metric, value, target, plan):
        """The values of one achievement: ``value`` of ``metric`` against
        ``target`` (a target record or ``None``)."""
        vals = dict(
            common,
            metric_id=metric.id,
            metric_sequence=metric.sequence,
            actual=value,
        )
        if target:
            precision = metric._rounding(plan.currency_id)
            vals.update(
                target_id=target.id,
                target_amount=target.amount,
                minimum_amount=target.minimum_amount,
                completion=value / target.amount,
                completion_percent=value / target.amount * 100.0,
                minimum_met=float_compare(
                    value, target.minimum_amount, precision_rounding=precision
                )
                >= 0,
                state="measured",
            )
        return vals

    @api.model
    def _sp_store(self, plan, periods, vals_list):
        """Replace the achievements of ``plan`` for ``periods`` by
        ``vals_list``: one DELETE and multi-row INSERTs.

        Snapshots are rewritten whole at each measurement, one row per member
        x metric x period; through ``unlink`` and ``create`` that costs most of
        the measurement step (see the benchmark). Values go through each
        field's own column conversion (rounding to the field's digits) like
        the ORM's, the stored related fields are given by the caller, and no
        other stored field, tracking or message depends on these rows; the
        cache is invalidated after. Callers must have checked the rights:
        this writes as the superuser would.
        """
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM sales_performance_achievement"
                " WHERE plan_id = %s AND period_id IN %s",
                plan.id,
                tuple(periods.ids),
            )
        )
        self.invalidate_model()
        if not vals_list:
            return self.browse()
        names = sorted(set().union(*vals_list))
        fields_ = [self._fields[name] for name in names]
        now = fields.Datetime.to_string(fields.Datetime.now())
        columns = ", ".join(
            f'"{name}"'
            for name in names + ["create_uid", "create_date", "write_uid", "write_date"]
        )
        row = "(" + ", ".join(["%s"] * (len(names) + 4)) + ")"
        ids = []
        for chunk in split_every(1000, vals_list):
            params = []
            for vals in chunk:
                params += [
                    field.convert_to_column(vals[field.name], self)
                    if field.name in vals
                    else None
                    for field in fields_
                ]
                params += [self.env.uid, now, self.env.uid, now]
            # column names are the model's own field names, values are
            # parameters
            cr.execute(
                SQL(
                    f"INSERT INTO sales_performance_achievement ({columns}) "
                    f"VALUES {', '.join([row] * len(chunk))} RETURNING id",
                    *params,
                )
            )
            ids += [r[0] for r in cr.fetchall()]
        return self.browse(ids)

    @api.model
    def _sp_conversion_rates(self, plan, periods):
        """Company currency to plan currency, at each period's end date."""
        company_currency = plan.company_id.currency_id
        return {
            period: company_currency._get_conversion_rate(
                company_currency, plan.currency_id, plan.company_id, period.date_end
            )
            for period in periods
        }
