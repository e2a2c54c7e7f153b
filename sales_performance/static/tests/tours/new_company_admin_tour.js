/** @odoo-module **/
// A new company's administrator, on a database without demo data (issue 15):
// grant a salesperson their right on the user form (no developer mode), start
// a plan from a shared template, generate the periods, split a yearly target
// into months, keep the template's rules, approve, run March's commission and
// approve the statement. Each step checks what the administrator sees.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {readsIn} from "@sales_performance/../tests/tours/lang_checks";

const openSales = [
    stepUtils.showAppsMenuItem(),
    {
        content: "Open Sales",
        trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
        run: "click",
    },
];

registry.category("web_tour.tours").add("sales_performance_new_company_admin", {
    url: "/odoo",
    steps: () => [
        // 1. Rights: Settings › Users › the salesperson › Access Rights
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Settings",
            trigger: ".o_app[data-menu-xmlid='base.menu_administration']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections button[data-menu-xmlid='base.menu_users']",
            run: "click",
        },
        {
            content: "Open Users",
            trigger: ".o-dropdown-item[data-menu-xmlid='base.menu_action_res_users']",
            run: "click",
        },
        {
            content: "Open the salesperson",
            trigger: ".o_data_row td:contains('Sunrise Seller')",
            run: "click",
        },
        {
            trigger: ".o_notebook a.nav-link:contains('Access Rights')",
            run: "click",
        },
        {
            content: "The Sales Performance rights, without developer mode",
            trigger: ".o_notebook .o_horizontal_separator:contains('Sales Performance')",
        },
        {
            content: "Performance: Salesperson: own figures",
            trigger: ".o_notebook select:has(option:contains('own figures'))",
            run: "selectByLabel own figures",
        },
        ...stepUtils.saveForm(),
        {
            content: "The right is kept",
            trigger: ".o_notebook select:has(option:checked:contains('Salesperson: own figures'))",
        },
        // 2. Plan Templates: the rulebooks, shared by every company
        ...openSales,
        {
            trigger: ".o_menu_sections button[data-menu-xmlid='sale.menu_sale_config']",
            run: "click",
        },
        {
            content: "Open Plan Templates",
            trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_sales_performance_config_plan_template']",
            run: "click",
        },
        {
            content: "The three rulebook templates are listed",
            trigger: ".o_list_view .o_data_row:eq(2):contains('Rulebook')",
        },
        readsIn("en_US", {content: "The templates read in English (their names are translatable)"}),
        {
            content: "Open the retail and channel template",
            trigger: ".o_data_row td:contains('Rulebook: retail and channel sales')",
            run: "click",
        },
        {
            content: "Start a plan from it",
            trigger: "button[name='action_sp_start_plan']",
            run: "click",
        },
        {
            content: "A draft plan, no longer a template",
            trigger: ".o_form_view:has(.o_statusbar_status button.o_arrow_button_current:contains('Draft')):not(:has(button[name='action_sp_start_plan']))",
        },
        {
            content: "Name it",
            trigger: "div[name='name'] input",
            run: "edit 2026 Sunrise Sales Plan",
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
            content: "Add the salesperson",
            trigger: "div[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name='member_ids'] .o_selected_row div[name='employee_id'] input",
            run: "edit Sunrise Seller",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Sunrise Seller')",
            run: "click",
        },
        {
            trigger: "div[name='member_ids'] .o_selected_row div[name='role_id'] input",
            run: "edit Salesperson",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains(/^Salesperson$/)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        // 3. Periods: the months, the quarters and the year
        {
            content: "Generate the periods",
            trigger: "button[name='action_generate_periods']",
            run: "click",
        },
        {
            trigger: "a.nav-link[name='periods']",
            run: "click",
        },
        {
            content: "Twelve months",
            trigger: "div[name='period_ids'] .o_data_row:eq(11):contains('2026-12')",
        },
        // 4. A yearly target split into months
        {
            content: "Split Targets",
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
            content: "Search the period 2026",
            trigger: ".modal div[name='period_id'] input",
            run: "edit 2026",
        },
        {
            content: "The year 2026 comes first, before its quarters (Tab picks it)",
            trigger: ".ui-autocomplete:has(.ui-menu-item-wrapper:contains('2026 Q4')) .ui-menu-item:first-child .ui-menu-item-wrapper:contains(/^2026$/)",
            run: "click",
        },
        {
            trigger: ".modal div[name='member_id'] input",
            run: "edit Sunrise Seller",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Sunrise Seller')",
            run: "click",
        },
        {
            trigger: ".modal div[name='amount'] input",
            run: "edit 120000 && click .modal-body",
        },
        {
            content: "Split into the plan's months by default: twelve lines of 10,000.00",
            trigger: ".modal div[name='line_ids'] .o_data_row:eq(11):contains('2026-12') td:contains('10,000.00')",
        },
        {
            content: "They add up to the year",
            trigger: ".modal div[name='line_ids'] tfoot:contains('120,000.00')",
        },
        {
            trigger: ".modal div[name='line_ids']:not(:has(.o_data_row:eq(12)))",
        },
        {
            content: "Split",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The year and its twelve months are listed",
            trigger: ".o_list_view .o_data_row:eq(12):contains('2026-12')",
        },
        {
            content: "The footer counts the year once, through its months: 120,000.00, not 240,000.00",
            trigger: ".o_list_view tfoot td:contains('120,000.00')",
        },
        {
            trigger: ".o_list_view tfoot:not(:contains('240,000.00'))",
        },
        {
            content: "Back to the plan",
            trigger: ".o_breadcrumb li.o_back_button a",
            run: "click",
        },
        // 5. The template's rules, kept
        {
            trigger: "a.nav-link[name='commission']",
            run: "click",
        },
        {
            content: "The template's rules were copied",
            trigger: "div[name='rule_ids'] .o_data_row:contains('Salesperson and channel tiers')",
        },
        {
            trigger: "div[name='rule_ids'] .o_data_row:eq(3):contains('Store pool')",
        },
        // 6. Approve, run March, approve the statement
        {
            content: "Approve the plan",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "Run Commission",
            trigger: "button[name='action_run_commission']",
            run: "click",
        },
        {
            trigger: ".modal div[name='period_id'] input",
            run: "edit 2026-03",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('2026-03')",
            run: "click",
        },
        {
            content: "Run",
            trigger: ".modal button[name='action_run']",
            run: "click",
        },
        {
            content: "March's statement: 240.00",
            trigger: ".o_list_view .o_data_row:contains('Sunrise Seller') td[name='amount_total']:contains('240.00')",
            run: "click",
        },
        {
            content: "Its arithmetic is shown",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('12,000.00 × 2 % = 240.00')",
        },
        {
            content: "Approve the statement",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "The statement is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        readsIn("en_US", {content: "The statement reads in English"}),
    ],
});
