/** @odoo-module **/
// Approving a computed statement and posting it to payroll.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_performance_approve_post", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections button[data-menu-xmlid='sales_performance.menu_sales_performance_root']",
            run: "click",
        },
        {
            content: "Open the statements",
            trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_sales_performance_statement']",
            run: "click",
        },
        {
            content: "Open the computed statement",
            trigger: ".o_data_row:contains('Tour Salesperson') td[name='amount_total']",
            run: "click",
        },
        {
            content: "Its arithmetic is shown",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('3,000.00 × 2 % = 60.00')",
        },
        {
            content: "Approve",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "The month is still running: approving asks first (issue 20)",
            trigger: ".modal:contains('has not ended') button[name='action_confirm']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "Post to payroll",
            trigger: "button[name='action_post_to_payroll']",
            run: "click",
        },
        {
            content: "Posted: the payslip is linked",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
        {
            trigger: "div[name='payslip_id'] a, div[name='payslip_id'] span",
        },
    ],
});
