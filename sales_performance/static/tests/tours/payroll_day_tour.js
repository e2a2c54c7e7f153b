/** @odoo-module **/
// The payroll accountant's day (R-W1, R-W3): the Sales app opens on the
// approved commission to post; posting it from the list puts it on the
// payslip, which the Payroll app shows with its commission input.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {readsIn} from "@sales_performance/../tests/tours/lang_checks";

registry.category("web_tour.tours").add("sales_performance_payroll_day", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "The Sales app: a payroll accountant who is no plan member lands on the work of the role",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "The approved statement waits, with its amount",
            trigger: ".o_breadcrumb:contains('Commission to Post')",
        },
        {
            trigger: ".o_data_row:contains('Tour Payee'):contains('60.00') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Post it to payroll",
            trigger: ".o_control_panel button[name='action_post_to_payroll']",
            run: "click",
        },
        {
            content: "Posting says what it did",
            trigger: ".o_notification:contains('1 statement(s) posted to payroll, 0 not posted.')",
        },
        {
            content: "Nothing is left to post",
            trigger: ".o_view_nocontent:contains('Nothing left to post')",
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "The Payroll app",
            trigger: ".o_app[data-menu-xmlid='payroll.payroll_menu_root']",
            run: "click",
        },
        {
            content: "The commission posted, under Sales Commission",
            trigger: ".o_menu_sections button[data-menu-xmlid='sales_performance.menu_payroll_sales_performance']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_payroll_statement_posted']",
            run: "click",
        },
        {
            content: "Posted, with its payslip",
            trigger: ".o_data_row:contains('Tour Payee'):contains('60.00'):contains('Posted') td[name='payslip_id']:not(:empty)",
        },
        {
            trigger: ".o_data_row:contains('Tour Payee') td[name='employee_id']",
            run: "click",
        },
        {
            content: "The posting is noted for the payee in Chinese, and reads in English for me, the amount formatted",
            trigger: ".o-mail-Message:contains('Posted to payslip'):contains('60.00.')",
        },
        // the form; in the chatter the notes read in English (above), the
        // mail the payee received on approval stays as it was sent, in Chinese
        readsIn("en_US", {selector: ".o_form_sheet", content: "The posted statement reads in English"}),
        {
            content: "The payslips",
            trigger: ".o_menu_sections [data-menu-xmlid='payroll.hr_payslip_menu']",
            run: "click",
        },
        {
            content: "The accountant also reaches the payslip batches",
            trigger: ".o_menu_sections [data-menu-xmlid='payroll.hr_payslip_run_menu']",
        },
        {
            content: "The payslip the posting made for March",
            trigger: ".o_data_row:contains('Salary Slip of Tour Payee for March-2026') td[name='number']",
            run: "click",
        },
        {
            content: "The payslip's inputs",
            trigger: ".o_notebook a.nav-link:contains('Worked Days')",
            run: "click",
        },
        {
            content: "The commission is an input of the payslip",
            trigger: ".o_field_widget[name='input_line_ids'] .o_data_row:contains('SPCOMM'):contains('60.00')",
        },
    ],
});
