# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The role matrix (issue 12): for every model of the addon and every role,
what each user may do on a record that belongs to themselves, their team,
someone else or another company, asserted as that user on a cold cache.

``MATRIX[model][role][owner]`` is a string of the operations allowed:
``r`` read, ``s`` search, ``w`` write, ``c`` create, ``u`` unlink; every
other operation must be refused. The owners are seen from the salesperson
Wang Wei: ``self`` his record, ``team`` his teammate Li Na's (the manager's
team), ``other`` Chen Jie's (another team; for a wizard: one opened by the
administrator), ``company`` a record of another company. Shared
configuration has a ``self`` record only (plus ``company`` when a company
may own it). Write, create and unlink are checked by ``check_access`` (access
rights and record rules, no side effect). Unlink is then tried for real by
every role on every record (``UNLINK_REFUSED``: what the models' own guards
refuse although the rights allow it), and child records (bands, weights,
grades, scorecard and statement lines, splits) are written and created
against their parent by the administrators (``CHILD_CHECKS``, issue 21); the
other ``write`` guards (steps of an appraisal, closed periods) are proven in
their tests.

A model of the addon (an ``ir.model`` whose modules include
sales_performance) without a row fails :meth:`test_every_model_has_a_row`;
inherited host models are in ``HOST_MODELS`` and abstract ones in
``ABSTRACT_MODELS``.
"""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesPerformanceCommon

ROLES = (
    "salesperson",
    "manager",
    "approver",
    "payroll",
    "admin",
    "internal",
    "portal",
    "other_company",
)
NONE = {role: {} for role in ROLES}
OPERATION_ROWS = dict(
    NONE,
    approver={"self": "rs"},
    payroll={"other": "rs"},
    admin={"self": "rsu", "other": "rsu"},
    other_company={"company": "rsu"},
)


def per_employee(user="rs", admin="rswcu", manager=None, all_roles=(), **extra):
    """Rows of a per-employee figure: own for salespeople, team for managers,
    every record for administrators (and ``all_roles``), company-bound."""
    manager = manager if manager is not None else user
    full = {"self": admin, "team": admin, "other": admin}
    rows = {
        "salesperson": {"self": user},
        "manager": {"self": manager, "team": manager},
        "approver": {},
        "payroll": {},
        "admin": full,
        "internal": {},
        "portal": {},
        "other_company": {"company": admin},
    }
    for role in all_roles:
        rows[role] = {"self": user, "team": user, "other": user}
    rows.update(extra)
    return rows


def shared(user="rs", admin="rswcu", company=True, payroll=None):
    """Rows of shared configuration read by every addon user, edited by
    administrators; ``company``: another company may own a record."""
    rows = {
        role: {"self": user}
        for role in ("salesperson", "manager", "approver", "payroll")
    }
    rows.update(admin={"self": admin}, internal={}, portal={})
    if payroll:
        rows["payroll"] = {"self": payroll}
    rows["other_company"] = {"self": admin}
    if company:
        rows["admin"]["company"] = ""
        rows["other_company"]["company"] = admin
    return rows


def plan_bound(user="rs", admin="rswcu"):
    """Configuration of a plan: readable in its company, edited by admins."""
    rows = {
        role: {"self": user}
        for role in ("salesperson", "manager", "approver", "payroll")
    }
    rows.update(
        admin={"self": admin},
        internal={},
        portal={},
        other_company={"company": admin},
    )
    return rows


MATRIX = {
    "sales.performance.plan": {
        # Wang Wei's plan ("self"), a plan without members ("other").
        "salesperson": {"self": "rs"},
        "manager": {"self": "rs", "other": "rs"},
        "approver": {},
        "payroll": {},
        "admin": {"self": "rswcu", "other": "rswcu"},
        "internal": {},
        "portal": {},
        "other_company": {"company": "rswcu"},
    },
    "sales.performance.member": per_employee(),
    "sales.performance.target": per_employee(),
    "sales.performance.credit": per_employee(admin="rs"),
    "sales.performance.achievement": per_employee(admin="rs"),
    "sales.performance.appraisal": per_employee(user="rsw", all_roles=("approver",)),
    "sales.performance.appraisal.line": per_employee(
        user="rsw", all_roles=("approver",)
    ),
    "sales.performance.statement": per_employee(
        user="rs",
        approver={"self": "rsw", "team": "rsw", "other": "rsw"},
        payroll={"self": "rsw", "team": "rsw", "other": "rsw"},
    ),
    "sales.performance.statement.line": per_employee(
        user="rs",
        approver={"self": "rs", "team": "rs", "other": "rs"},
        payroll={"self": "rsw", "team": "rsw", "other": "rsw"},
    ),
    "sales.performance.honour.award": per_employee(all_roles=("approver", "payroll")),
    "sales.performance.level.proposal": per_employee(
        # Managers read their team's proposals, not their own; salespeople
        # have none; administrators decide.
        user="",
        manager="rs",
        salesperson={},
    ),
    "sales.performance.split": per_employee(manager="rswcu"),
    "sales.performance.run": {
        # A commission run of this company's plan ("self").
        "salesperson": {},
        "manager": {},
        "approver": {"self": "rs"},
        "payroll": {},
        "admin": {"self": "rswcu"},
        "internal": {},
        "portal": {},
        "other_company": {"company": "rswcu"},
    },
    # Issue 25: background operations, read by the role that starts them
    # ("self" an approval, "other" a posting, "company" another company's
    # approval); written by their jobs only, deleted by administrators.
    "sales.performance.operation": OPERATION_ROWS,
    "sales.performance.operation.chunk": OPERATION_ROWS,
    "sales.performance.commission.rule": plan_bound(),
    # Issue 19: versions of a plan's rules (read like the rules), the
    # corrections a draft version would book (people's pay: administrators
    # only), what each line is paid on (like the line).
    "sales.performance.plan.version": plan_bound(),
    "sales.performance.plan.version.preview": dict(
        NONE, admin={"self": "rs"}, other_company={"company": "rs"}
    ),
    # Issue 24: plan models show other people's pay: administrators only.
    "sales.performance.plan.model": dict(
        NONE, admin={"self": "rswcu"}, other_company={"company": "rswcu"}
    ),
    "sales.performance.plan.model.line": dict(
        NONE, admin={"self": "rs"}, other_company={"company": "rs"}
    ),
    "sales.performance.plan.model.person": dict(
        NONE, admin={"self": "rs"}, other_company={"company": "rs"}
    ),
    "sales.performance.plan.model.chunk": dict(
        NONE, admin={"self": "rs"}, other_company={"company": "rs"}
    ),
    # the modelled scorecard weights: edited on the model's form (each made
    # with the model, at the weight in force); its grades, as its lines
    "sales.performance.plan.model.weight": dict(
        NONE, admin={"self": "rsw"}, other_company={"company": "rsw"}
    ),
    "sales.performance.plan.model.grade": dict(
        NONE, admin={"self": "rs"}, other_company={"company": "rs"}
    ),
    "sales.performance.payout.source": per_employee(
        user="rs", admin="rs", all_roles=("approver", "payroll")
    ),
    "sales.performance.commission.band": plan_bound(),
    "sales.performance.scorecard.indicator": plan_bound(),
    "sales.performance.scorecard.band": plan_bound(),
    "sales.performance.metric": shared(),
    "sales.performance.seasonality": shared(),
    "sales.performance.seasonality.line": shared(),
    "sales.performance.grade.scale": shared(),
    "sales.performance.grade": shared(),
    "sales.performance.salary.level": shared(),
    "sales.performance.role": shared(company=False),
    "sales.performance.project.stage": shared(company=False),
    "sales.performance.appraisal.dimension": shared(company=False),
    "sales.performance.honour": shared(company=False),
    "sales.performance.honour.condition": shared(company=False),
    "sales.performance.payout.code": shared(company=False, payroll="rswcu"),
    # Wizards and the dashboard: transient, each user sees only what they
    # opened ("self": opened by Wang Wei, "other": by the administrator).
    "sales.performance.dashboard": dict(
        NONE, salesperson={"self": "rswc"}, admin={"other": "rswc"}
    ),
    "sales.performance.appraisal.appeal": dict(
        NONE, salesperson={"self": "rswcu"}, admin={"other": "rswcu"}
    ),
    "sales.performance.dispute": dict(
        NONE, salesperson={"self": "rswcu"}, admin={"other": "rswcu"}
    ),
    "sales.performance.appraisal.generate": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.commission.run": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.target.decompose": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.target.decompose.line": dict(NONE, admin={"other": "rswcu"}),
    # Issue 20: payroll set-up (performance administrators and OCA payroll
    # managers; fixing checks payroll and accounting rights), taking
    # commission off payroll (payroll officers), closing a period
    # (administrators), approving a running period (approvers).
    "sales.performance.payroll.setup": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.payroll.setup.line": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.payroll.unpost": dict(NONE, payroll={"other": "rswcu"}),
    "sales.performance.period.close": dict(NONE, admin={"other": "rswcu"}),
    "sales.performance.statement.approve": dict(NONE, admin={"other": "rswcu"}),
}

# Real unlink paths (issue 21). ``check_access`` above says what access
# rights and record rules allow; the models' own guards refuse more, for
# every role (the administrator included). The matrix records whose real
# ``unlink()`` is refused although the row allows ``u``, and why:
ALL_OWNERS = frozenset({"self", "team", "other", "company"})
UNLINK_REFUSED = {
    # in use: statements and appraisals keep their plan (ondelete restrict)
    "sales.performance.plan": {"self", "company"},
    # published: the grade pay reads (issue 21)
    "sales.performance.appraisal": ALL_OWNERS,
    # scorecard lines make the grade: never deleted by hand (issue 21)
    "sales.performance.appraisal.line": ALL_OWNERS,
    # run lines: only manual adjustments are deleted by hand (issue 12)
    "sales.performance.statement.line": ALL_OWNERS,
    # a running run decides whether its period may be approved (issue 12)
    "sales.performance.run": {"self", "company"},
    # child models check their parent (issue 21): a tiered rule's only band,
    # a band-scored indicator's only band, a profile's January, a band of a
    # grade scale (the scale would have a gap)
    "sales.performance.commission.band": {"self", "company"},
    "sales.performance.scorecard.band": {"self", "company"},
    "sales.performance.seasonality.line": {"self", "company"},
    "sales.performance.grade": {"self", "company"},
    # in use by targets, appraisals, honour awards and honour conditions
    "sales.performance.metric": {"self"},
    "sales.performance.grade.scale": {"self"},
    "sales.performance.honour": {"self"},
    "sales.performance.appraisal.dimension": {"self"},
}

# Child models check themselves (issue 21): a record written or created on
# its own model is refused at once when it breaks its parent (a rule's
# bands, an indicator's band table, a profile's months, a grade scale's
# bands, a document's split) or is written by the engine only (scorecard
# and statement lines). ``{model: (bad write, bad create or None)}``; a
# bad create is given the parent of the matrix record.
CHILD_CHECKS = {
    # a modelled scorecard's weights total 100 % (R-A2, issue 24)
    "sales.performance.plan.model.weight": ({"weight": 50.0}, None),
    "sales.performance.commission.band": (
        {"rate": -0.01},
        lambda band: {"rule_id": band.rule_id.id, "lower": 0.5, "rate": 0.02},
    ),
    "sales.performance.scorecard.band": (
        {"score": -1.0},
        lambda band: {"indicator_id": band.indicator_id.id, "lower": 0.5, "score": 80},
    ),
    "sales.performance.seasonality.line": ({"weight": 0.0, "month": 13}, None),
    "sales.performance.grade": ({"score_from": 1.0}, None),
    "sales.performance.appraisal.line": (
        {"weight": 90.0},
        lambda line: {
            "appraisal_id": line.appraisal_id.id,
            "name": "Extra",
            "kind": "qualitative",
            "weight": 10.0,
        },
    ),
    "sales.performance.statement.line": (
        {"amount": 50000.0},
        lambda line: {
            "statement_id": line.statement_id.id,
            "name": "Bonus",
            "kind": "commission",
            "amount": 50000.0,
        },
    ),
    "sales.performance.split": ({"share": 50.0}, None),
}

# Host models the addon extends: no record of their own to guard, but a
# field of the addon restricted to its groups must not be copied by the ORM
# (``copy()`` reads copied fields as the user: a plain sales user could not
# duplicate a quotation any more).
HOST_MODELS = {
    "account.move",
    "account.move.line",
    "account.partial.reconcile",
    "date.range",
    "date.range.type",
    "hr.employee",
    "hr.payroll.structure",
    "hr.payslip",
    "hr.payslip.employees",
    "hr.payslip.input",
    "hr.payslip.run",
    "mail.activity",
    "mail.message",
    "mail.tracking.value",
    "ir.http",
    "ir.ui.menu",  # the Background Operations menu hidden without queue_job
    "res.company",
    "res.config.settings",
    "res.users",
    "sale.order",
}
ABSTRACT_MODELS = {
    "sales.performance.plan.lock.mixin",
    "report.sales_performance.statement_xlsx",
    "report.sales_performance.plan_model_xlsx",
    "sales.performance.split.mixin",
}


class RoleMatrixCommon(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_approver = cls._create_salesperson(
            "Matrix Approver", "sp_mx_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Matrix Payroll", "sp_mx_payroll", "sales_performance.group_sp_payroll"
        )[0]
        cls.user_internal = mail_new_test_user(
            env,
            login="sp_mx_internal",
            name="Matrix Internal",
            groups="base.group_user",
            company_id=cls.company.id,
        )
        cls.user_portal = mail_new_test_user(
            env,
            login="sp_mx_portal",
            name="Matrix Portal",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        other = cls.setup_other_company(name="Matrix Other Co")["company"]
        cls.other_company = other
        cls.user_x, cls.emp_x = cls._create_salesperson(
            "Matrix Other Admin",
            "sp_mx_other",
            "sales_performance.group_sp_admin",
            company=other,
        )
        cls.user_x.write(
            {"company_ids": [Command.set(other.ids)], "company_id": other.id}
        )
        cls.users = {
            "salesperson": cls.user_a,
            "manager": cls.user_manager,
            "approver": cls.user_approver,
            "payroll": cls.user_payroll,
            "admin": cls.user_admin,
            "internal": cls.user_internal,
            "portal": cls.user_portal,
            "other_company": cls.user_x,
        }
        cls.records = cls._matrix_records()

    @classmethod
    def _matrix_records(cls):
        """``{model: {owner: record}}``, created as the superuser."""
        env = cls.env(su=True)
        other = cls.other_company
        # The other company's plan, period and member.
        plan_x = env["sales.performance.plan"].create(
            {
                "name": "Other company plan",
                "company_id": other.id,
                "currency_id": other.currency_id.id,
                "period_type": "month",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "metric_ids": [Command.set(cls.metric_revenue.ids)],
                "member_ids": [Command.create({"employee_id": cls.emp_x.id})],
            }
        )
        plan_x.action_generate_periods()
        march_x = plan_x._sp_periods().filtered(lambda p: p.name == "2026-03")
        member_x = plan_x.member_ids
        members = {
            "self": cls.member_a,
            "team": cls.member_b,
            "other": cls.member_c,
            "company": member_x,
        }
        plans = {key: member.plan_id for key, member in members.items()}
        periods = {key: cls.march for key in members} | {"company": march_x}
        R = {}

        def each(model, make):
            R[model] = {key: make(key) for key in members}

        each("sales.performance.member", lambda k: members[k])
        R["sales.performance.plan"] = {
            "self": cls.plan,
            "other": cls.plan.copy({"name": "No member plan", "member_ids": []}),
            "company": plan_x,
        }
        each(
            "sales.performance.target",
            lambda k: cls._target(members[k], periods[k], 1000.0),
        )
        invoice = cls._invoice(cls.user_a, "2026-03-02")
        order_x = env["sale.order"].create(
            {
                "partner_id": cls.customer_1.id,
                "company_id": other.id,
                "user_id": cls.user_x.id,
            }
        )
        documents = {
            "self": invoice,
            "team": cls._invoice(cls.user_b, "2026-03-03"),
            "other": cls._invoice(cls.user_c, "2026-03-04"),
        }
        each(
            "sales.performance.credit",
            lambda k: env["sales.performance.credit"].create(
                {
                    "company_id": plans[k].company_id.id,
                    "currency_id": plans[k].currency_id.id,
                    "kind": "invoice",
                    "date": "2026-03-02",
                    "move_id": invoice.id,
                    "employee_id": members[k].employee_id.id,
                    "amount_revenue": 100.0,
                }
            ),
        )
        each(
            "sales.performance.achievement",
            lambda k: env["sales.performance.achievement"].create(
                {
                    "plan_id": plans[k].id,
                    "member_id": members[k].id,
                    "employee_id": members[k].employee_id.id,
                    "period_id": periods[k].id,
                    "metric_id": cls.metric_revenue.id,
                }
            ),
        )
        each(
            "sales.performance.appraisal",
            lambda k: cls._appraise(
                members[k].employee_id, periods[k], "B", plan=plans[k]
            ),
        )
        appraisals = R["sales.performance.appraisal"]
        each(
            "sales.performance.appraisal.line",
            lambda k: env["sales.performance.appraisal.line"].create(
                {
                    "appraisal_id": appraisals[k].id,
                    "name": "Teamwork",
                    "kind": "qualitative",
                    "weight": 100.0,
                }
            ),
        )
        each(
            "sales.performance.statement",
            lambda k: env["sales.performance.statement"].create(
                {
                    "plan_id": plans[k].id,
                    "employee_id": members[k].employee_id.id,
                    "period_id": periods[k].id,
                }
            ),
        )
        statements = R["sales.performance.statement"]
        each(
            "sales.performance.statement.line",
            lambda k: env["sales.performance.statement.line"].create(
                {
                    "statement_id": statements[k].id,
                    "name": "Commission",
                    "amount": 10.0,
                }
            ),
        )
        honour = env["sales.performance.honour"].search([], limit=1)
        each(
            "sales.performance.honour.award",
            lambda k: env["sales.performance.honour.award"].create(
                {
                    "honour_id": honour.id,
                    "employee_id": members[k].employee_id.id,
                    "period_id": periods[k].id,
                    "appraisal_id": appraisals[k].id,
                }
            ),
        )
        each(
            "sales.performance.level.proposal",
            lambda k: env["sales.performance.level.proposal"].create(
                {
                    "plan_id": plans[k].id,
                    "employee_id": members[k].employee_id.id,
                    "kind": "up",
                    "date": "2026-03-31",
                    "reason": "Matrix",
                }
            ),
        )
        each(
            "sales.performance.split",
            lambda k: env["sales.performance.split"].create(
                dict(
                    {"employee_id": members[k].employee_id.id, "share": 100.0},
                    **(
                        {"order_id": order_x.id}
                        if k == "company"
                        else {"move_id": documents[k].id}
                    ),
                )
            ),
        )
        company_keys = ("self", "company")
        R["sales.performance.run"] = {
            k: env["sales.performance.run"].create(
                {"plan_id": plans[k].id, "period_id": periods[k].id}
            )
            for k in company_keys
        }
        Operation = env["sales.performance.operation"].sudo()
        R["sales.performance.operation"] = {
            key: Operation.create(
                {
                    "kind": kind,
                    "company_id": plans[company].company_id.id,
                    "total": 1,
                    "chunk_ids": [Command.create({"res_ids": [1]})],
                }
            )
            for key, kind, company in (
                ("self", "approve", "self"),
                ("other", "post", "self"),
                ("company", "approve", "company"),
            )
        }
        R["sales.performance.operation.chunk"] = {
            key: operation.chunk_ids
            for key, operation in R["sales.performance.operation"].items()
        }
        R["sales.performance.commission.rule"] = {
            k: cls._rule("tiered", [(0.0, 0.0, 0.01)], plan=plans[k])
            for k in company_keys
        }
        R["sales.performance.commission.band"] = {
            k: rule.band_ids
            for k, rule in R["sales.performance.commission.rule"].items()
        }
        R["sales.performance.plan.version"] = {
            k: env["sales.performance.plan.version"].create(
                {"plan_id": plans[k].id, "period_id": periods[k].id, "sequence": 2}
            )
            for k in company_keys
        }
        R["sales.performance.plan.version.preview"] = {
            k: env["sales.performance.plan.version.preview"].create(
                {
                    "version_id": version.id,
                    "statement_id": statements[k].id,
                    "difference": 5.0,
                }
            )
            for k, version in R["sales.performance.plan.version"].items()
        }
        R["sales.performance.plan.model"] = {
            k: env["sales.performance.plan.model"].create(
                {"name": f"Model {k}", "plan_id": plans[k].id}
            )
            for k in company_keys
        }
        R["sales.performance.plan.model.chunk"] = {
            k: env["sales.performance.plan.model.chunk"].create(
                {"model_id": model.id, "period_id": periods[k].id}
            )
            for k, model in R["sales.performance.plan.model"].items()
        }
        R["sales.performance.plan.model.line"] = {
            k: env["sales.performance.plan.model.line"].create(
                {
                    "model_id": model.id,
                    "employee_id": members[k].employee_id.id,
                    "period_id": periods[k].id,
                    "modelled_amount": 5.0,
                }
            )
            for k, model in R["sales.performance.plan.model"].items()
        }
        R["sales.performance.plan.model.person"] = {
            k: env["sales.performance.plan.model.person"].create(
                {
                    "model_id": model.id,
                    "employee_id": members[k].employee_id.id,
                    "modelled_amount": 5.0,
                }
            )
            for k, model in R["sales.performance.plan.model"].items()
        }
        each(
            "sales.performance.payout.source",
            lambda k: env["sales.performance.payout.source"].create(
                {
                    "line_id": R["sales.performance.statement.line"][k].id,
                    "move_id": invoice.id,
                    "base": 100.0,
                    "amount": 10.0,
                }
            ),
        )
        R["sales.performance.scorecard.indicator"] = {
            k: env["sales.performance.scorecard.indicator"].create(
                {
                    "plan_id": plans[k].id,
                    "name": "Revenue",
                    "weight": 100.0,
                    "kind": "quantitative",
                    "metric_id": cls.metric_revenue.id,
                    "scoring": "bands",
                    "band_ids": [Command.create({"lower": 0.0, "score": 60.0})],
                }
            )
            for k in company_keys
        }
        R["sales.performance.scorecard.band"] = {
            k: indicator.band_ids
            for k, indicator in R["sales.performance.scorecard.indicator"].items()
        }
        R["sales.performance.plan.model.weight"] = {}
        for k, model in R["sales.performance.plan.model"].items():
            model._sp_add_weights()
            R["sales.performance.plan.model.weight"][k] = model.weight_ids
        R["sales.performance.plan.model.grade"] = {
            k: env["sales.performance.plan.model.grade"].create(
                {
                    "model_id": model.id,
                    "employee_id": members[k].employee_id.id,
                    "period_id": periods[k].id,
                }
            )
            for k, model in R["sales.performance.plan.model"].items()
        }

        def config(model, vals):
            Model = env[model]
            R[model] = {
                "self": Model.create(vals),
                "company": Model.create(dict(vals, company_id=other.id)),
            }

        R["sales.performance.metric"] = {
            "self": cls.metric_revenue,
            "company": cls.metric_revenue.copy({"company_id": other.id}),
        }
        # a profile has its twelve months (a weight checks its profile)
        config(
            "sales.performance.seasonality",
            {
                "name": "Mx",
                "line_ids": [
                    Command.create({"month": month, "weight": 1.0})
                    for month in range(1, 13)
                ],
            },
        )
        R["sales.performance.seasonality.line"] = {
            k: profile.line_ids.sorted("month")[:1]
            for k, profile in R["sales.performance.seasonality"].items()
        }
        scale = env.ref("sales_performance.grade_scale_sabcd")
        R["sales.performance.grade.scale"] = {
            "self": scale,
            "company": scale.copy({"code": "mx", "company_id": other.id}),
        }
        R["sales.performance.grade"] = {
            k: s.grade_ids[:1] for k, s in R["sales.performance.grade.scale"].items()
        }
        config("sales.performance.salary.level", {"name": "Mx", "code": "mx"})
        R["sales.performance.role"] = {"self": cls.role_sales}
        R["sales.performance.project.stage"] = {
            "self": env["sales.performance.project.stage"].create(
                {"name": "Mx", "share": 10.0}
            )
        }
        dimension = env.ref("sales_performance.dimension_ability")
        R["sales.performance.appraisal.dimension"] = {"self": dimension}
        R["sales.performance.honour"] = {"self": honour}
        R["sales.performance.honour.condition"] = {"self": honour.condition_ids[:1]}
        R["sales.performance.payout.code"] = {
            "self": env["sales.performance.payout.code"].search([], limit=1)
        }

        # Transient: opened by Wang Wei ("self") or by the administrator.
        def opened(model, vals, by_self=True):
            R[model] = {"other": env[model].with_user(cls.user_admin).create(vals)}
            if by_self:
                R[model]["self"] = env[model].with_user(cls.user_a).create(vals)

        opened("sales.performance.dashboard", {})
        opened(
            "sales.performance.appraisal.appeal",
            {"appraisal_id": appraisals["self"].id, "reason": "Matrix"},
        )
        opened(
            "sales.performance.dispute",
            {"line_id": R["sales.performance.statement.line"]["self"].id},
        )
        opened(
            "sales.performance.appraisal.generate",
            {"plan_id": cls.plan.id, "period_id": cls.march.id},
            by_self=False,
        )
        opened(
            "sales.performance.commission.run",
            {"plan_id": cls.plan.id, "period_id": cls.march.id},
            by_self=False,
        )
        # Into members: the wizard computes its own lines (one per member).
        opened(
            "sales.performance.target.decompose",
            {"plan_id": cls.plan.id, "mode": "members"},
            by_self=False,
        )
        opened("sales.performance.payroll.setup", {}, by_self=False)
        setup = R["sales.performance.payroll.setup"]["other"]
        R["sales.performance.payroll.setup.line"] = {
            "other": env["sales.performance.payroll.setup.line"]
            .with_user(cls.user_admin)
            .create(
                {
                    "setup_id": setup.id,
                    "item": "structure",
                    "state": "missing",
                }
            )
        }
        R["sales.performance.payroll.unpost"] = {
            "other": env["sales.performance.payroll.unpost"]
            .with_user(cls.user_payroll)
            .create(
                {
                    "statement_ids": [Command.set(statements["self"].ids)],
                    "reason": "Matrix",
                }
            )
        }
        opened(
            "sales.performance.period.close",
            {"period_ids": [Command.set(cls.march.ids)]},
            by_self=False,
        )
        opened(
            "sales.performance.statement.approve",
            {"statement_ids": [Command.set(statements["self"].ids)]},
            by_self=False,
        )
        decompose = R["sales.performance.target.decompose"]["other"]
        decompose.flush_recordset()
        R["sales.performance.target.decompose.line"] = {"other": decompose.line_ids[:1]}
        return R

    # ------------------------------------------------------------------
    def _allowed(self, record, user, operation):
        """Whether ``user`` may do ``operation`` on ``record`` (cold cache)."""
        self.env.invalidate_all()
        record = record.with_user(user)
        try:
            if operation == "r":
                record.read(["create_date"])
                return True
            if operation == "s":
                return record.search([("id", "in", record.ids)]) == record
            record.check_access({"w": "write", "c": "create", "u": "unlink"}[operation])
            return True
        except AccessError:
            return False


@tagged("post_install", "-at_install")
class TestRoleMatrix(RoleMatrixCommon):
    def test_every_model_has_a_row(self):
        """A model of the addon without rows fails here (issue 12)."""
        models = set(
            self.env["ir.model"]
            .search([])
            .filtered(lambda m: "sales_performance" in (m.modules or "").split(", "))
            .mapped("model")
        )
        self.assertTrue(models)
        missing = models - set(MATRIX) - HOST_MODELS - ABSTRACT_MODELS
        self.assertFalse(missing, "models of the addon without a matrix row")
        for model, rows in MATRIX.items():
            self.assertEqual(set(rows), set(ROLES), model)
            self.assertIn(model, self.records, f"{model}: no matrix record")
        for model in ABSTRACT_MODELS:
            self.assertTrue(self.env[model]._abstract, model)

    def test_matrix(self):
        """One subtest per model, role, owner and operation."""
        for model, rows in MATRIX.items():
            records = self.records[model]
            for role, expected in rows.items():
                user = self.users[role]
                unknown = set(expected) - set(records)
                self.assertFalse(unknown, f"{model}/{role}: no record for {unknown}")
                for owner, record in records.items():
                    allowed = expected.get(owner, "")
                    for operation in "rswcu":
                        with self.subTest(
                            model=model, role=role, owner=owner, op=operation
                        ):
                            self.assertEqual(
                                self._allowed(record, user, operation),
                                operation in allowed,
                                f"{model} {role} {owner} {operation}",
                            )

    def _unlinked(self, record, user):
        """Whether ``user`` really deletes ``record`` (rolled back after)."""
        self.env.invalidate_all()
        savepoint = self.env.cr.savepoint()
        try:
            record.with_user(user).unlink()
            self.env.flush_all()
            return True
        except Exception:  # noqa: BLE001 - any refusal (access, guard, SQL)
            return False
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def test_unlink_paths(self):
        """Every model, role and owner, deleted for real (issue 21): what the
        row allows, minus what the model's own guards refuse
        (``UNLINK_REFUSED``)."""
        for model, rows in MATRIX.items():
            records = self.records[model]
            for role, expected in rows.items():
                user = self.users[role]
                for owner, record in records.items():
                    allowed = "u" in expected.get(owner, "") and owner not in (
                        UNLINK_REFUSED.get(model, ())
                    )
                    with self.subTest(model=model, role=role, owner=owner):
                        self.assertEqual(
                            self._unlinked(record, user),
                            allowed,
                            f"{model} {role} {owner} unlink",
                        )

    def _assert_refused_by_model(self, error):
        """Refused by the model's own checks or SQL constraints: the access
        rights and record rules allow the write (asserted before)."""
        self.assertIsInstance(error, UserError | IntegrityError, error)

    def test_child_models_check_themselves(self):
        """The administrators (of this company, and of the other company on
        its records) write and create child records that break their parent
        or the engine's lines: refused by the model, nothing changed."""
        for model, (bad_write, bad_create) in CHILD_CHECKS.items():
            for role, owner in (("admin", "self"), ("other_company", "company")):
                record = self.records[model].get(owner)
                if not record:
                    continue
                user = self.users[role]
                self.assertTrue(self._allowed(record, user, "w"), (model, role))
                before = record.read(list(bad_write))
                with self.subTest(model=model, role=role, op="write"):
                    self.env.invalidate_all()
                    with self.assertRaises(Exception) as caught:
                        record.with_user(user).write(bad_write)
                    self._assert_refused_by_model(caught.exception)
                    self.env.invalidate_all()
                    self.assertEqual(record.read(list(bad_write)), before)
                if bad_create:
                    with self.subTest(model=model, role=role, op="create"):
                        Model = self.env[model]
                        count = Model.sudo().search_count([])
                        self.env.invalidate_all()
                        with self.assertRaises(Exception) as caught:
                            Model.with_user(user).create(bad_create(record))
                        self._assert_refused_by_model(caught.exception)
                        self.assertEqual(Model.sudo().search_count([]), count)

    def test_host_models_copy_no_restricted_field(self):
        """The host ERP keeps working for people outside the addon's groups:
        no field of the addon restricted to its groups is copied by the ORM
        (``copy()`` reads copied fields as the user)."""
        for model in HOST_MODELS:
            for name, field in self.env[model]._fields.items():
                if name.startswith("sp_") and field.groups and field.copy:
                    with self.subTest(model=model, field=name):
                        self.fail(f"{model}.{name} is restricted and copied")


@tagged("post_install", "-at_install")
class TestRoleMatrixJsonRpc(RoleMatrixCommon, HttpCase):
    """The leaks of issue 12 probed over JSON-RPC, as the web client does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_a, cls.user_manager):
            user.password = f"{user.login}-matrix-pw"

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def test_salesperson_over_json_rpc(self):
        self.authenticate("sp_wang", "sp_wang-matrix-pw")
        # Own appraisals: list (``rank`` no longer in _order) and form.
        appraisal = self.records["sales.performance.appraisal"]["self"]
        rows = self._call(
            "sales.performance.appraisal",
            "web_search_read",
            [],
            {"domain": [], "specification": {"name": {}, "state": {}}},
        )
        self.assertEqual([r["id"] for r in rows["records"]], appraisal.ids)
        # Honour awards: only his own.
        rows = self._call(
            "sales.performance.honour.award",
            "search_read",
            [[]],
            {"fields": ["employee_id"]},
        )
        self.assertEqual(
            [r["id"] for r in rows],
            self.records["sales.performance.honour.award"]["self"].ids,
        )
        # A dashboard written for Chen Jie shows Wang Wei's figures.
        dashboard_id = self._call(
            "sales.performance.dashboard", "create", [{"user_id": self.user_c.id}]
        )
        [dashboard] = self._call(
            "sales.performance.dashboard",
            "read",
            [[dashboard_id], ["user_id", "employee_id"]],
        )
        self.assertEqual(dashboard["user_id"][0], self.user_a.id)
        self.assertNotEqual(
            dashboard["employee_id"] and dashboard["employee_id"][0], self.emp_c.id
        )
        # Cancelling his own appraisal is refused.
        appraisal.sudo().state = "self_assessment"
        with self.assertRaisesRegex(Exception, "AccessError"):
            self._call("sales.performance.appraisal", "action_cancel", [appraisal.ids])
        self.assertEqual(appraisal.state, "self_assessment")

    def test_manager_split_outside_team_over_json_rpc(self):
        self.authenticate("sp_manager", "sp_manager-matrix-pw")
        invoice = self.records["sales.performance.split"]["other"].move_id
        with self.assertRaisesRegex(Exception, "not in it|AccessError|access"):
            self._call(
                "sales.performance.split",
                "create",
                [{"move_id": invoice.id, "employee_id": self.emp_a.id, "share": 100.0}],
            )
        self.assertEqual(
            invoice.sudo().sp_split_ids,
            self.records["sales.performance.split"]["other"],
        )

    def test_plain_sales_user_duplicates_quotation_over_json_rpc(self):
        """The host ERP's own flow for a sales user outside the addon's
        groups: duplicating a quotation with a credit split (sp_split_ids is
        restricted to the addon's groups and was read by ``copy()``)."""
        seller = mail_new_test_user(
            self.env,
            login="sp_mx_seller",
            name="Matrix Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=self.company.id,
            password="sp_mx_seller-matrix-pw",
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_1.id,
                "user_id": seller.id,
                "sp_split_ids": [
                    Command.create({"employee_id": self.emp_a.id, "share": 100.0})
                ],
            }
        )
        self.authenticate("sp_mx_seller", "sp_mx_seller-matrix-pw")
        copy_id = self._call("sale.order", "copy", [order.ids])[0]
        copy = self.env["sale.order"].browse(copy_id)
        self.assertEqual(copy.sudo().sp_split_ids.employee_id, self.emp_a)
