# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

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
