/** @odoo-module **/
// Configuring a plan from the menus (README walk-through): create a plan,
// add a member and a metric, generate the periods, split a yearly target
// into months by seasonality, approve.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_performance_configure_plan", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "Open the Performance menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='sales_performance.menu_sales_performance_root']",
            run: "click",
        },
        {
            content: "Open Plans",
            trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_sales_performance_plan']",
            run: "click",
        },
        {
            content: "Create a plan",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: "div[name='name'] input",
            run: "edit Tour Plan 2026",
        },
        {
            trigger: "div[name='date_start'] input",
            run: "edit 01/01/2026 && press Escape",
        },
        {
            trigger: "div[name='date_end'] input",
            run: "edit 12/31/2026 && press Escape",
        },
        {
            content: "Add a member",
            trigger: "div[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name='member_ids'] .o_selected_row div[name='employee_id'] input",
            run: "edit Tour Salesperson",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Tour Salesperson')",
            run: "click",
        },
        {
            content: "Go to the metrics",
            trigger: "a.nav-link[name='metrics']",
            run: "click",
        },
        {
            trigger: "div[name='metric_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick net invoiced revenue",
            trigger: ".modal .o_data_row td:contains('Net Invoiced Revenue')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Generate the monthly periods",
            trigger: "button[name='action_generate_periods']",
            run: "click",
        },
        {
            trigger: "a.nav-link[name='periods']",
            run: "click",
        },
        {
            content: "Twelve months were generated",
            trigger: "div[name='period_ids'] .o_data_row:contains('2026-12')",
        },
        {
            content: "Split a yearly target",
            trigger: "button[name='action_open_decompose']",
            run: "click",
        },
        {
            trigger: ".modal div[name='metric_id'] input",
            run: "edit Net Invoiced",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Net Invoiced Revenue')",
            run: "click",
        },
        {
            trigger: ".modal div[name='period_id'] input",
            run: "edit 2026",
        },
        {
            content: "The year 2026, not one of its months",
            trigger: ".ui-menu-item-wrapper:contains(/^2026$/)",
            run: "click",
        },
        {
            trigger: ".modal div[name='member_id'] input",
            run: "edit Tour Salesperson",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Tour Salesperson')",
            run: "click",
        },
        {
            trigger: ".modal div[name='amount'] input",
            run: "edit 120000 && click .modal-body",
        },
        {
            trigger: ".modal div[name='child_range_type_id'] input",
            run: "edit Sales Month",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Sales Month')",
            run: "click",
        },
        {
            content: "Twelve monthly lines of 10,000",
            trigger: ".modal div[name='line_ids'] .o_data_row:eq(11) td:contains('10,000.00')",
        },
        {
            content: "Split",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The targets are listed",
            trigger: ".o_list_view .o_data_row:contains('2026-12')",
        },
        {
            content: "Back to the plans",
            trigger: ".o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the plan",
            trigger: ".o_data_row td:contains('Tour Plan 2026')",
            run: "click",
        },
        {
            content: "Approve",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});
