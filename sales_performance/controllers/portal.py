# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal pages for salespeople without backend access: their statements
(with PDF and disputes), their appraisals and their plan (acknowledgement).
Each page checks the record belongs to the logged-in user and answers 404
otherwise."""

from markupsafe import escape
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools.states import APPRAISAL_SHOWN_STATES

STATEMENT_ICON = """<svg width="64" height="64" viewBox="0 0 64 64" fill="none" \
xmlns="http://www.w3.org/2000/svg">
<rect x="14" y="6" width="36" height="50" rx="4" fill="#D5F1F0" stroke="#017E84" \
stroke-width="2"/>
<path d="M21 18H43M21 26H43M21 34H35" stroke="#017E84" stroke-width="2" \
stroke-linecap="round"/>
<circle cx="44" cy="46" r="11" fill="#FBB945" stroke="#714B67" stroke-width="2"/>
<text x="44" y="46" dy="0.35em" text-anchor="middle" font-family="sans-serif" \
font-weight="bold" font-size="{size}" fill="#714B67">{symbol}</text>
</svg>
"""


class SalesPerformancePortal(CustomerPortal):
    def _sp_employees(self):
        return request.env.user.sudo().employee_ids

    def _sp_statements(self):
        return (
            request.env["sales.performance.statement"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self._sp_employees().ids),
                    ("state", "!=", "draft"),
                ],
                order="period_start desc",
            )
        )

    def _sp_appraisals(self):
        return (
            request.env["sales.performance.appraisal"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self._sp_employees().ids),
                    ("state", "in", APPRAISAL_SHOWN_STATES),
                ],
                order="period_start desc",
            )
        )

    def _sp_members(self):
        return (
            request.env["sales.performance.member"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self._sp_employees().ids),
                    ("plan_id.state", "=", "approved"),
                ]
            )
        )

    def _sp_own(self, model, record_id):
        record = request.env[model].sudo().browse(record_id).exists()
        if not record or record.employee_id not in self._sp_employees():
            raise NotFound()
        return record

    def _sp_render(self, template, values):
        layout = self._prepare_portal_layout_values()
        layout.update(values)
        return request.render(template, layout)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sp_statement_count" in counters:
            values["sp_statement_count"] = len(self._sp_statements())
        if "sp_appraisal_count" in counters:
            values["sp_appraisal_count"] = len(self._sp_appraisals())
        if "sp_plan_count" in counters:
            values["sp_plan_count"] = len(self._sp_members())
        if "sp_performance_count" in counters:
            values["sp_performance_count"] = int(bool(self._sp_dashboard().member_id))
        return values

    def _sp_dashboard(self):
        """My Performance of the logged-in user (the dashboard shows its
        user's figures only, computed by the engine)."""
        return (
            request.env["sales.performance.dashboard"]
            .sudo()
            .create({"user_id": request.env.uid})
        )

    @http.route("/my/sp/performance", type="http", auth="user", website=True)
    def sp_performance(self, **kw):
        """What the backend's My Performance shows, for salespeople on the
        portal (issue 23): the next band and what it pays, the commission so
        far and at this pace, where they stand, the year so far, their
        targets."""
        dashboard = self._sp_dashboard()._sp_measure_if_new()
        return self._sp_render(
            "sales_performance.portal_my_performance",
            {"dashboard": dashboard, "page_name": "sp_performance"},
        )

    @http.route("/my/sp/statement-icon.svg", type="http", auth="user")
    def sp_statement_icon(self, **kw):
        """The statements card's pictogram: a statement and a coin with the
        company's currency symbol (issue 23: not a ¥ for a USD company)."""
        symbol = request.env.company.currency_id.symbol or "¤"
        svg = STATEMENT_ICON.format(
            symbol=escape(symbol), size=18 if len(symbol) == 1 else 11
        )
        return request.make_response(
            svg,
            headers=[
                ("Content-Type", "image/svg+xml"),
                ("Cache-Control", "private, max-age=3600"),
            ],
        )

    @http.route("/my/sp/statements", type="http", auth="user", website=True)
    def sp_statements(self, **kw):
        return self._sp_render(
            "sales_performance.portal_my_statements",
            {"statements": self._sp_statements(), "page_name": "sp_statements"},
        )

    @http.route(
        "/my/sp/statements/<int:statement_id>", type="http", auth="user", website=True
    )
    def sp_statement(self, statement_id, report_type=None, download=False, **kw):
        statement = self._sp_own("sales.performance.statement", statement_id)
        if statement.state == "draft":
            raise NotFound()
        if report_type in ("pdf", "html"):
            return self._show_report(
                statement,
                report_type,
                "sales_performance.action_report_statement",
                download=download,
            )
        return self._sp_render(
            "sales_performance.portal_my_statement",
            {
                "statement": statement,
                "page_name": "sp_statement",
                "message": kw.get("message"),
                # the line just disputed: the banner says what happens next
                "disputed_line": statement.line_ids.filtered(
                    lambda line: str(line.id) == kw.get("disputed")
                ),
            },
        )

    @http.route(
        "/my/sp/statements/line/<int:line_id>/dispute",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def sp_dispute(self, line_id, reason=None, **kw):
        line = (
            request.env["sales.performance.statement.line"]
            .sudo()
            .browse(line_id)
            .exists()
        )
        if not line or line.statement_id.employee_id not in self._sp_employees():
            raise NotFound()
        try:
            line.action_dispute(reason)
            query = {"disputed": line.id}
        except UserError as error:
            query = {"message": error.args[0]}
        return request.redirect(
            f"/my/sp/statements/{line.statement_id.id}?{url_encode(query)}"
        )

    @http.route("/my/sp/appraisals", type="http", auth="user", website=True)
    def sp_appraisals(self, **kw):
        return self._sp_render(
            "sales_performance.portal_my_appraisals",
            {"appraisals": self._sp_appraisals(), "page_name": "sp_appraisals"},
        )

    @http.route(
        "/my/sp/appraisals/<int:appraisal_id>", type="http", auth="user", website=True
    )
    def sp_appraisal(self, appraisal_id, **kw):
        appraisal = self._sp_own("sales.performance.appraisal", appraisal_id)
        if appraisal.state not in APPRAISAL_SHOWN_STATES:
            raise NotFound()
        return self._sp_render(
            "sales_performance.portal_my_appraisal",
            {"appraisal": appraisal, "page_name": "sp_appraisal"},
        )

    @http.route("/my/sp/plans", type="http", auth="user", website=True)
    def sp_plans(self, **kw):
        return self._sp_render(
            "sales_performance.portal_my_plans",
            {"members": self._sp_members(), "page_name": "sp_plans"},
        )

    @http.route(
        "/my/sp/plans/<int:member_id>/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def sp_acknowledge(self, member_id, **kw):
        member = self._sp_own("sales.performance.member", member_id)
        member._sp_acknowledge(request.env.user)
        return request.redirect("/my/sp/plans")
