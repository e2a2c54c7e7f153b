# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.res_users import name_selection_groups
from odoo.addons.mail.tests.common import mail_new_test_user

GROUPS = {
    "Performance": ("group_sp_user", "group_sp_manager", "group_sp_admin"),
    "Statement Approval": ("group_sp_approver",),
    "Payroll Posting": ("group_sp_payroll",),
}


@tagged("post_install", "-at_install")
class TestUserRightsForm(TransactionCase):
    """R-W3 rights are granted from the user form's Access Rights tab by a
    settings administrator, without developer mode: each right is a dropdown
    under the heading "Sales Performance" (Odoo hides a category whose groups
    are not one chain of implications behind developer mode)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a settings administrator, not in "Technical Features" (developer mode)
        cls.settings_admin = mail_new_test_user(
            cls.env,
            login="sp_settings_admin",
            groups="base.group_user,base.group_erp_manager,base.group_system",
        )

    def _groups(self, xmlids):
        return self.env["res.groups"].browse(
            [self.env.ref(f"sales_performance.{x}").id for x in xmlids]
        )

    def test_rights_are_dropdowns_outside_developer_mode(self):
        self.assertFalse(self.settings_admin.has_group("base.group_no_one"))
        self.env.invalidate_all()
        arch = (
            self.env["res.users"]
            .with_user(self.settings_admin)
            .get_views([(self.env.ref("base.view_users_form").id, "form")])["views"][
                "form"
            ]["arch"]
        )
        form = etree.fromstring(arch)
        for label, xmlids in GROUPS.items():
            groups = self._groups(xmlids)
            field = name_selection_groups(groups.ids)
            nodes = form.xpath(f"//field[@name='{field}']")
            # shown to the settings administrator (the fields restricted to
            # developer mode are removed from the arch they receive)
            visible = [n for n in nodes if n.get("invisible") not in ("True", "1")]
            self.assertTrue(visible, f"{label}: no dropdown on the user form")
            heading = visible[0].getparent()
            self.assertEqual(heading.tag, "group")
            self.assertEqual(heading.get("string"), "Sales Performance", label)
            self.assertEqual(groups.category_id.name, label)

    def test_dropdown_grants_the_chain(self):
        """Choosing *Sales Manager* grants the salesperson's right with it;
        the approval and payroll rights stay apart (R-W3)."""
        access = self._groups(GROUPS["Performance"])
        user = mail_new_test_user(
            self.env, login="sp_new_seller", groups="base.group_user"
        )
        self.env.invalidate_all()
        Users = self.env["res.users"].with_user(self.settings_admin)
        Users.browse(user.id).write({name_selection_groups(access.ids): access[1].id})
        self.assertTrue(user.has_group("sales_performance.group_sp_manager"))
        self.assertTrue(user.has_group("sales_performance.group_sp_user"))
        self.assertFalse(user.has_group("sales_performance.group_sp_approver"))
        self.assertFalse(user.has_group("sales_performance.group_sp_payroll"))
        payroll = self._groups(GROUPS["Payroll Posting"])
        Users.browse(user.id).write({name_selection_groups(payroll.ids): payroll.id})
        self.assertTrue(user.has_group("sales_performance.group_sp_payroll"))
        self.assertFalse(user.has_group("sales_performance.group_sp_approver"))
