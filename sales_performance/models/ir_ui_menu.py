# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .sales_performance_operation import jobs_available

# Menus that only mean something with OCA queue_job installed (an optional
# dependency): without it nothing goes to the background (issue 25).
JOB_MENUS = ("sales_performance.menu_sales_performance_operation",)


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _visible_menu_ids(self, debug=False):
        visible = super()._visible_menu_ids(debug=debug)
        hidden = self._sp_hidden_menu_ids()
        # the cached set is shared: a new one
        return visible - hidden if hidden else visible

    @api.model
    def _sp_hidden_menu_ids(self):
        """Background Operations without queue_job: always empty there."""
        if jobs_available(self.env):
            return set()
        ids = set()
        for xmlid in JOB_MENUS:
            menu_id = self.env["ir.model.data"]._xmlid_to_res_id(
                xmlid, raise_if_not_found=False
            )
            if menu_id:
                ids.add(menu_id)
        return ids
