# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 4, the months: every past month as the company runs it, the
appraisal round (quarterly too, with honours, R-P3), the commission run
approved by HR and posted to payroll by the payroll accountant (R-W3: three
different people), the payslips confirmed and the month closed. Last month
is posted but not paid yet and has a dispute and an appeal open; this month
is computed; salary level proposals and the new hire's flag wait for a
decision (R-P4, R-P5)."""

from odoo.exceptions import UserError

from .payroll import payroll


def months(env, plan, people, rng, today):
    """The year so far, month after month (see the module's docstring)."""
    periods = plan._sp_periods()
    current = periods.filtered(lambda p: p.date_start <= today <= p.date_end)
    past = periods.filtered(lambda p: p.date_end < today)
    quarters = env["date.range"].search(
        [
            (
                "type_id",
                "=",
                env.ref("sales_performance.date_range_type_quarter").id,
            ),
            ("company_id", "=", plan.company_id.id),
            ("date_start", ">=", plan.date_start),
            ("date_end", "<", today),
        ]
    )
    users = people["users"]
    payroll(env, plan.company_id, people, plan)
    # Everyone but Zhao Lei has acknowledged the plan (portal).
    for member in plan.member_ids.filtered(lambda m: m.user_id != users["zhaolei"]):
        member._sp_acknowledge(member.user_id)
    statements = env["sales.performance.statement"]
    for period in past:
        # the managers hold the feedback talks of every month but the last
        # (issue 23: no talk of a closed month left due today)
        talks = period != past[-1]
        _appraisals(env, plan, period, users, rng, talks=talks)
        for quarter in quarters.filtered(lambda q, p=period: q.date_end == p.date_end):
            _appraisals(env, plan, quarter, users, rng, quarterly=True, talks=talks)
        statements = _commission_month(
            env, plan, period, users, last=period == past[-1]
        )
    _feedback(env, statements, users)
    if current:
        env["sales.performance.run"]._sp_start(plan, current)
    env["sales.performance.level.proposal"]._sp_generate(plan, today)
    _plan_model(env, plan, users)


def _plan_model(env, plan, users):
    """HR models the rules in force on the last closed months (issue 24):
    the reference a change of the plan is compared with (Plan Models, Model
    Comparison); it writes nothing outside its own records."""
    hr_officer = users["sunli"]
    action = plan.with_user(hr_officer).action_model_change()
    model = env["sales.performance.plan.model"].with_user(hr_officer)
    model.browse(action["res_id"]).action_compute()


def _commission_month(env, plan, period, users, last):
    """The month's commission run (what Run Commission does, recorded under
    Commission Runs), reviewed and approved by HR, posted by the payroll
    accountant; unless it is the ``last`` month, the payslips are confirmed
    and the month closed. Returns the month's statements."""
    hr_officer, payroll_accountant = users["sunli"], users["zhenghua"]
    run = env["sales.performance.run"]._sp_start(plan, period)
    statements = env["sales.performance.statement"].search(
        [("plan_id", "=", plan.id), ("period_id", "=", period.id)]
    )
    if run.state != "done":
        raise UserError(run.message)
    # Corrections of closed months (late refunds and payments) are
    # reviewed by a performance administrator before approval (issue 12),
    # as the company does every month: the system administrator, since who
    # accepts a review does not approve the statement too (R-W3, issue 21).
    statements.filtered("review_reasons").with_user(
        env.ref("base.user_admin")
    ).action_accept_review()
    # Statements are mailed on approval; not while loading the demo
    # (no web server yet to render the PDF).
    statements.with_user(hr_officer).with_context(
        sp_no_statement_mail=True
    ).action_approve()
    statements.with_user(payroll_accountant).action_post_to_payroll()
    if not last:
        # OCA payroll confirms one payslip at a time; each posts its entry
        # in the Salaries journal.
        for payslip in statements.payslip_id.with_user(payroll_accountant):
            payslip.action_payslip_done()
        # closing refuses while something is open (issue 20): nothing is
        if period.with_user(hr_officer).action_sp_close() is not True:
            raise UserError(
                env["date.range"]._sp_open_items_text(period._sp_open_items())
            )
    return statements


def _feedback(env, statements, users):
    """Last month: a salesperson disputes a line of their statement and
    another appeals the appraisal grade."""
    line = statements.filtered(
        lambda s: s.user_id == users["chenjing"]
    ).line_ids.filtered(lambda x: x.amount > 0)[:1]
    if line:
        # Chen Jing writes in Chinese, as she works
        line.with_user(users["chenjing"]).action_dispute(
            "地板订单的退货记在了本月，但客户同一周又重新下了单，请核对这笔扣回。"
        )
    appraisal = env["sales.performance.appraisal"].search(
        [
            ("period_id", "=", statements[:1].period_id.id),
            ("employee_id.user_id", "=", users["liuyang"].id),
            ("state", "=", "published"),
        ],
        limit=1,
    )
    if appraisal:
        appraisal.with_user(users["liuyang"]).action_appeal(
            "两笔大额衣柜订单因供应商延误顺延到了本月，申请复核服务评分。"
        )


def _appraisals(env, plan, period, users, rng, quarterly=False, talks=True):
    """Generate the period's appraisals and take them through
    self-assessment, manager rating and approval (R-A4). Managers rate
    a quarter's business ability by the quarter's revenue completion; with
    ``talks``, they hold the feedback talk, which closes the appraisal."""
    appraisals = env["sales.performance.appraisal"]._sp_generate(plan, period)
    completion = _completion(env, plan, period) if quarterly else {}
    for appraisal in appraisals.filtered(lambda a: a.state == "self_assessment"):
        _score(appraisal, completion.get(appraisal.employee_id), rng)
        appraisal.with_user(appraisal.user_id).action_submit_self()
        rater = appraisal.employee_id.parent_id.user_id or users["sunli"]
        appraisal.with_user(rater).action_submit_manager()
        if appraisal.grade_id.needs_justification:
            appraisal.sudo().justification = (
                "Figures checked with the store manager; see the monthly report."
            )
        appraisal.with_user(users["sunli"]).action_approve()
        talk = appraisal.activity_ids
        if talks and talk:
            # the manager marks the feedback talk done: the appraisal closes
            talk.with_user(talk.user_id).action_feedback()


def _score(appraisal, base, rng):
    """The self and manager scores of the appraisal's qualitative lines;
    ``base``, the quarter's revenue completion, sets business ability."""
    for line in appraisal.line_ids.filtered(lambda x: x.kind == "qualitative"):
        if base is not None and line.dimension_id.code == "ABILITY":
            # 100 % of the quarter's target -> 85 (A+), 125 % -> 95 (AA)
            score = min(99, round(45 + 40 * base) + rng.randint(-1, 1))
        elif base is not None:
            score = rng.randint(66, 97)
        else:
            score = rng.randint(70, 96)
        line.sudo().write(
            {
                "self_score": min(100, score + rng.randint(0, 6)),
                "manager_score": score,
            }
        )


def _completion(env, plan, period):
    """{employee: revenue completion} over ``period`` from the monthly
    achievements (targets are monthly)."""
    groups = env["sales.performance.achievement"]._read_group(
        [
            ("plan_id", "=", plan.id),
            ("metric_id", "=", plan.level_metric_id.id),
            ("period_id.sp_period_type", "=", "month"),
            ("period_start", ">=", period.date_start),
            ("period_end", "<=", period.date_end),
        ],
        ["employee_id"],
        ["actual:sum", "target_amount:sum"],
    )
    return {employee: actual / target for employee, actual, target in groups if target}
