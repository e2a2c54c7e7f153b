# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request

# The addon's portal pages (controllers/portal.py).
PORTAL_PREFIX = "/my/sp"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _frontend_pre_dispatch(cls):
        """The addon's portal pages read in the logged-in salesperson's
        language (issue 23): on a shared computer Odoo's ``frontend_lang``
        cookie keeps the previous visitor's language and wins over the
        user's; on these pages the user's language wins (and becomes the
        cookie)."""
        if cls._sp_portal_page():
            user = request.env.user
            lang = (
                request.env["res.lang"]._get_data(code=user.lang)
                if user.lang and not user._is_public()
                else None
            )
            if lang and lang.code:
                request.lang = lang
        return super()._frontend_pre_dispatch()

    @classmethod
    def _sp_portal_page(cls):
        path = request.httprequest.path or ""
        parts = path.split("/", 2)
        # /my/sp/... or, behind a language code, /zh_CN/my/sp/...
        return path.startswith(PORTAL_PREFIX + "/") or (
            len(parts) > 2 and ("/" + parts[2]).startswith(PORTAL_PREFIX + "/")
        )

    def session_info(self):
        """A salesperson of an approved plan without a home action of their
        own lands on My Performance rather than on the first app of the menu
        (Discuss)."""
        result = super().session_info()
        user = self.env.user
        if (
            not result.get("home_action_id")
            and user._is_internal()
            and user.has_group("sales_performance.group_sp_user")
            and self.env["sales.performance.member"]
            .sudo()
            .search_count(
                [
                    ("employee_id.user_id", "=", user.id),
                    ("plan_id.state", "=", "approved"),
                ],
                limit=1,
            )
        ):
            action = self.env.ref(
                "sales_performance.action_server_my_performance",
                raise_if_not_found=False,
            )
            result["home_action_id"] = action.id if action else False
        return result
