# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_repr, float_round

from ..tools.pg import array_param


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
    computed_on = fields.Datetime(
        readonly=True,
        help="When the row's figures last changed: measuring again writes only "
        "what changed. The plan's Measured On says when it was last measured.",
    )

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

    # What the measurement writes of each row, after its key (member, period,
    # metric): the row is written again only when one of these changes.
    _sp_value_columns = (
        ("employee_id", "int"),
        ("user_id", "int"),
        ("manager_id", "int"),
        ("role_id", "int"),
        ("company_id", "int"),
        ("currency_id", "int"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("metric_sequence", "int"),
        ("target_id", "int"),
        ("target_amount", "numeric"),
        ("minimum_amount", "numeric"),
        ("actual", "numeric"),
        ("completion", "numeric"),
        ("completion_percent", "numeric"),
        ("minimum_met", "bool"),
        ("counts_in_completion", "bool"),
        ("state", "varchar"),
    )

    @api.model
    def _sp_compute(self, plan, periods):
        """Recompute the achievements of ``plan`` for ``periods``.

        Periods are those given plus the periods of the plan's member targets
        overlapping them (e.g. the quarter and year targets of a monthly plan),
        except closed periods, which keep their last measurement.

        Set-wise (issue 25): the members, their employees and the targets
        are read in one query each, each metric is aggregated by
        ``_compute_actuals`` (one ``_read_group`` per membership window),
        and the rows are compared with the stored ones: only new rows are
        inserted, changed rows updated and rows that no longer apply
        deleted, in one query each (see :meth:`_sp_store`).
        """
        plan.ensure_one()
        periods = self._sp_periods_to_measure(plan, periods)
        if not periods:
            return self.browse()
        self.env.flush_all()
        members = self._sp_member_rows(plan)
        spans = [(p.id, p.date_start, p.date_end) for p in periods]
        # membership windows: {(date_from, date_to): {employee ids}}
        windows = defaultdict(set)
        cells = []  # (member row, period span, window)
        for member in members:
            for span in spans:
                start, end = max(span[1], member[5]), min(span[2], member[6])
                if start <= end:
                    windows[start, end].add(member[1])
                    cells.append((member, span, (start, end)))
        now = fields.Datetime.now()
        targets = self._sp_target_rows(plan, periods)
        rates = {
            p.id: rate for p, rate in self._sp_conversion_rates(plan, periods).items()
        }
        # (period, metric) with a target for someone: their rows count in a
        # group's completion, with or without a target of their own
        targeted = {(period_id, metric_id) for __, period_id, metric_id in targets}
        currency = plan.currency_id
        company_id, currency_id = plan.company_id.id, currency.id
        digits = {
            name: self._fields[name].get_digits(self.env)[1]
            for name in ("actual", "completion", "completion_percent")
        }

        columns, converted = {}, {}  # the same value is rounded once

        def column(value, scale):
            # what the field's convert_to_column writes (rounded to its
            # digits, as the ORM stores it), once a value (most repeat: zero,
            # a hundred percent)
            key = (value, scale)
            if key not in columns:
                rounded = float_round(float(value or 0.0), precision_digits=scale)
                columns[key] = float_repr(rounded, scale)
            return columns[key]

        rows = {}
        for metric in plan.metric_ids:
            actuals = metric._compute_actuals(plan.company_id, dict(windows))
            metric_id, sequence = metric.id, metric.sequence
            monetary = metric.is_monetary
            precision = metric._rounding(currency)
            for member, (period_id, period_start, period_end), window in cells:
                value = actuals.get((member[1], *window), 0.0)
                if monetary:
                    value *= rates[period_id]
                    if value not in converted:
                        converted[value] = currency.round(value)
                    value = converted[value]
                target = targets.get((member[0], period_id, metric_id))
                if target:
                    target_id, amount, minimum, amount_col, minimum_col = target
                    completion = value / amount
                    values = (
                        target_id,
                        amount_col,
                        minimum_col,
                        column(value, digits["actual"]),
                        column(completion, digits["completion"]),
                        column(completion * 100.0, digits["completion_percent"]),
                        float_compare(value, minimum, precision_rounding=precision)
                        >= 0,
                    )
                    state = "measured"
                else:
                    values = (None, None, None, column(value, digits["actual"]))
                    values += (None, None, None)
                    state = "no_target"
                rows[member[0], period_id, metric_id] = (
                    member[1],
                    member[3],
                    member[4],
                    member[2],
                    company_id,
                    currency_id,
                    period_start,
                    period_end,
                    sequence,
                    *values,
                    (period_id, metric_id) in targeted,
                    state,
                )
        records = self.sudo()._sp_store(plan, periods, rows, now)
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
    def _sp_member_rows(self, plan):
        """The plan's members as ``(member id, employee id, role id, user
        id, manager id, date from, date to)``, their membership dates
        defaulting to the plan's (``_effective_dates``), read in one query
        rather than record by record (issue 25). Callers flushed."""
        member_ids = plan.member_ids.ids
        if not member_ids:
            return []
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, m.employee_id, m.role_id, e.user_id, e.parent_id,
                       COALESCE(m.date_from, p.date_start),
                       COALESCE(m.date_to, p.date_end)
                  FROM sales_performance_member m
                  JOIN sales_performance_plan p ON p.id = m.plan_id
                  JOIN hr_employee e ON e.id = m.employee_id
                 WHERE m.id IN %s
                 ORDER BY m.id
                """,
                tuple(member_ids),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _sp_target_rows(self, plan, periods):
        """The plan's member targets of ``periods``: ``{(member id, period
        id, metric id): (target id, amount, minimum, amount and minimum as
        stored on an achievement)}``, in one query. Callers flushed."""
        Target = self.env["sales.performance.target"]
        fields_ = {
            name: self._fields[name] for name in ("target_amount", "minimum_amount")
        }
        self.env.cr.execute(
            SQL(
                """
                SELECT member_id, period_id, metric_id, id, amount, minimum_amount
                  FROM sales_performance_target
                 WHERE plan_id = %s AND member_id IS NOT NULL AND period_id IN %s
                """,
                plan.id,
                tuple(periods.ids),
            )
        )
        targets = {}
        for (
            member_id,
            period_id,
            metric_id,
            target_id,
            amount,
            minimum,
        ) in self.env.cr.fetchall():
            # as the ORM reads them (Target.amount), then as the
            # achievement's fields store them
            amount = Target._fields["amount"].convert_to_cache(amount, Target)
            minimum = Target._fields["minimum_amount"].convert_to_cache(minimum, Target)
            targets[member_id, period_id, metric_id] = (
                target_id,
                amount,
                minimum,
                fields_["target_amount"].convert_to_column(amount, self),
                fields_["minimum_amount"].convert_to_column(minimum, self),
            )
        return targets

    @api.model
    def _sp_store(self, plan, periods, rows, now):
        """Make the achievements of ``plan`` for ``periods`` be ``rows``
        (``{(member id, period id, metric id): values}``, the values of
        ``_sp_value_columns`` as their columns store them): the stored rows
        are read in one query, and only what differs is written: new rows
        inserted, changed rows updated (with ``computed_on``), rows that no
        longer apply (a member gone, a metric removed) deleted, one query
        each, whatever the number of rows (issue 25).

        Through the ORM (``create``, ``write``, ``unlink``) this costs most
        of the measurement step (see the benchmark). Values are converted by
        the caller as each field converts them (rounding to the field's
        digits), the stored related fields are given by the caller, and no
        other stored field, tracking or message depends on these rows
        (achievements are measurements of facts, recomputed from them, not
        money: statements track what is paid); the cache is invalidated
        after. Closed periods were left out by the caller (closed is
        closed). Callers must have checked the rights: this writes as the
        superuser would. Returns the achievements of ``rows``."""
        cr = self.env.cr
        columns = [name for name, __ in self._sp_value_columns]
        types = [kind for __, kind in self._sp_value_columns]
        cr.execute(
            SQL(
                "SELECT member_id, period_id, metric_id, id, %s"
                "  FROM sales_performance_achievement"
                " WHERE plan_id = %s AND period_id IN %s",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                plan.id,
                tuple(periods.ids),
            )
        )
        stored = {}
        for row in cr.fetchall():
            stored[row[:3]] = (row[3], self._sp_stored_values(row[4:], types))
        ids, changed, new = [], [], []
        for key, values in rows.items():
            old = stored.pop(key, None)
            if old is None:
                new.append((*key, *values))
            else:
                ids.append(old[0])
                if old[1] != self._sp_stored_values(values, types):
                    changed.append((old[0], *values))
        gone = [record_id for record_id, __ in stored.values()]
        if gone:
            cr.execute(
                SQL(
                    "DELETE FROM sales_performance_achievement WHERE id IN %s",
                    tuple(gone),
                )
            )
        stamp = [self.env.uid, now]
        if changed:
            cr.execute(
                SQL(
                    "UPDATE sales_performance_achievement a SET (%s, computed_on,"
                    " write_uid, write_date) = (%s, %s, %s, %s)"
                    "  FROM %s WHERE a.id = v.id",
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    SQL(", ").join(SQL.identifier("v", name) for name in columns),
                    now,
                    self.env.uid,
                    now,
                    self._sp_unnest(changed, ["id", *columns], ["int", *types]),
                )
            )
        if new:
            keys = ["member_id", "period_id", "metric_id"]
            cr.execute(
                SQL(
                    "INSERT INTO sales_performance_achievement (plan_id, %s,"
                    " computed_on, create_uid, create_date, write_uid, write_date)"
                    " SELECT %s, v.*, %s, %s, %s, %s, %s FROM %s RETURNING id",
                    SQL(", ").join(SQL.identifier(name) for name in keys + columns),
                    plan.id,
                    now,
                    *stamp,
                    *stamp,
                    self._sp_unnest(new, keys + columns, ["int"] * 3 + types),
                )
            )
            ids += [row[0] for row in cr.fetchall()]
        self.invalidate_model()
        plan.invalidate_recordset(["achievement_ids"])
        return self.browse(sorted(ids))

    @api.model
    def _sp_stored_values(self, values, types):
        """``values`` as comparable with what a row stores (numerics as
        decimals, whatever their scale)."""
        return tuple(
            Decimal(value) if kind == "numeric" and value is not None else value
            for value, kind in zip(values, types, strict=True)
        )

    @api.model
    def _sp_unnest(self, rows, names, types):
        """``rows`` (tuples) as a table ``v(names)`` of typed columns: one
        array parameter a column, however many rows, each passed as the
        text of an array (``tools.pg.array_param``, issue 25)."""
        columns = list(zip(*rows, strict=True))
        return SQL(
            "unnest(%s) AS v(%s)",
            SQL(", ").join(
                array_param(column, kind)
                for column, kind in zip(columns, types, strict=True)
            ),
            SQL(", ").join(SQL.identifier(name) for name in names),
        )

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
