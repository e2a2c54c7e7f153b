# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Separation of duties on statements (R-W3, issue 21): who computes, who
approves and who posts are different people, unless the company lets one
person do all (then each statement it allows says so in its chatter)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import explain, readers


class SalesPerformanceStatement(models.Model):
    # R-W3 apart from the payroll bridge, which it also serves (posting)
    _inherit = "sales.performance.statement"  # pylint: disable=consider-merging-classes-inherited

    computed_uid = fields.Many2one(
        "res.users",
        string="Computed By",
        readonly=True,
        copy=False,
        help="Who ran the commission that last computed the statement: they "
        "may not approve it (R-W3), unless the company lets one person "
        "compute, approve and post.",
    )

    def write(self, vals):
        # Only the engine writes ``computed_on`` (a run, in sudo mode after
        # its checks): whoever runs it computed the statement. The run's
        # starter when the run is known (a queue job runs as them too).
        if "computed_on" in vals and "computed_uid" not in vals:
            run = self.env["sales.performance.run"].browse(vals.get("run_id"))
            vals = dict(vals, computed_uid=(run.sudo().computed_uid.id or self.env.uid))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Review (issue 21): an absurd amount never reaches payroll unseen
    # ------------------------------------------------------------------
    def _sp_review_limits(self):
        """``{statement id: (limit, from targets)}``: the plan's review amount
        (Review Statements Above), or when it is zero, the plan's Review
        Share of Target times the largest member target of a monetary metric
        in the statement's period; no limit without either."""
        limits = {}
        by_targets = self.filtered(lambda s: not s.plan_id.max_statement_amount)
        largest = {}
        if by_targets:
            largest = {
                (plan.id, period.id): amount
                for plan, period, amount in self.env[
                    "sales.performance.target"
                ]._read_group(
                    [
                        ("plan_id", "in", by_targets.plan_id.ids),
                        ("period_id", "in", by_targets.period_id.ids),
                        ("member_id", "!=", False),
                        ("metric_id.is_monetary", "=", True),
                    ],
                    ["plan_id", "period_id"],
                    ["amount:max"],
                )
            }
        for statement in self:
            plan = statement.plan_id
            if plan.max_statement_amount:
                limits[statement.id] = (plan.max_statement_amount, False)
                continue
            target = largest.get((plan.id, statement.period_id.id), 0.0)
            if target and plan.review_target_share:
                limits[statement.id] = (
                    statement.currency_id.round(target * plan.review_target_share),
                    True,
                )
        return limits

    # ------------------------------------------------------------------
    # Who did what
    # ------------------------------------------------------------------
    def _sp_duty_conflicts(self, step, user):
        """What ``user`` already did on this statement that R-W3 keeps apart
        from ``step`` ("approve" or "post"), as phrases for a message."""
        self.ensure_one()
        statement = self.sudo()
        done = []
        if step == "approve":
            if statement.computed_uid == user:
                done.append(self.env._("computed it"))
            if statement.review_accepted_uid == user:
                done.append(self.env._("accepted its review"))
            if statement.line_ids.filtered(
                lambda line: line.is_manual and line.create_uid == user
            ):
                done.append(self.env._("adjusted it (a manual or dispute adjustment)"))
        elif step == "post" and statement.company_id.sp_separate_approve_post:
            if statement.computed_uid == user:
                done.append(self.env._("computed it"))
            if statement.approved_uid == user:
                done.append(self.env._("approved it"))
        return done

    @api.model
    def _sp_one_person_setting(self):
        return (
            self.env["res.company"]
            ._fields["sp_one_person_duties"]
            .get_description(self.env)["string"]
        )

    def _sp_check_duties(self, step):
        """Refuse ``step`` by a user who did a duty R-W3 keeps apart on one of
        these statements, naming the company setting that allows it; returns
        ``{statement: phrases}`` of the statements the setting allows (the
        caller records them in the chatter once the step is done)."""
        user = self.env.user
        allowed = {}
        for statement in self:
            done = statement._sp_duty_conflicts(step, user)
            if not done:
                continue
            if statement.sudo().company_id.sp_one_person_duties:
                allowed[statement] = done
                continue
            if step == "approve":
                message = self.env._(
                    "You %(done)s: another user must approve '%(statement)s' "
                    "(who computes, approves and posts are different people, "
                    "R-W3). A company with a single administrator turns on "
                    "'%(setting)s' in the payroll settings.",
                    done=self.env._(" and ").join(done),
                    statement=statement.name,
                    setting=self._sp_one_person_setting(),
                )
            else:
                message = self.env._(
                    "You %(done)s: another payroll officer must post "
                    "'%(statement)s' (segregation of duties, R-W3: setting "
                    "'%(separate)s'). A company with a single administrator "
                    "turns on '%(setting)s' in the payroll settings.",
                    done=self.env._(" and ").join(done),
                    statement=statement.name,
                    separate=self.env["res.company"]
                    ._fields["sp_separate_approve_post"]
                    .get_description(self.env)["string"],
                    setting=self._sp_one_person_setting(),
                )
            raise UserError(message)
        return allowed

    def _sp_log_one_person(self, allowed, step):
        """Say in each statement's chatter that one person did ``step`` after
        other duties, allowed by the company setting (R-W3)."""
        t = explain.recorder(self.env)
        for statement, done in allowed.items():
            # written for its readers (issue 23)
            readers.post(
                statement.sudo(),
                t._(
                    "%(user)s %(step)s the statement after they %(done)s: allowed "
                    "by the company setting '%(setting)s' (R-W3).",
                    user=self.env.user.name,
                    step=t._("approved") if step == "approve" else t._("posted"),
                    done=self.env._(" and ").join(done),
                    setting=self._sp_one_person_setting(),
                ),
                lang=readers.employee_lang(self.env, statement.employee_id),
            )
