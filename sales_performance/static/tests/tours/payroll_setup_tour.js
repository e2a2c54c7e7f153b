/** @odoo-module **/
// Issue 20: a company without demo data pays commission through payroll.
// The administrator sets payroll up with the addon's Payroll Set-up (no
// developer mode, no Python), fixes the missing contract, runs and approves
// March; the payroll accountant posts it, confirms the payslip and finds its
// journal entry; then a payslip batch generated after posting finds the
// posted payslips, one per employee with the commission.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const openPlan = [
    stepUtils.showAppsMenuItem(),
    {
        content: "Open Sales",
        trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
        run: "click",
    },
    {
        trigger: ".o_menu_sections button[data-menu-xmlid='sales_performance.menu_sales_performance_root']",
        run: "click",
    },
    {
        trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_sales_performance_plan']",
        run: "click",
    },
    {
        content: "Open the plan",
        trigger: ".o_data_row td:contains('2026 Sunrise Payroll Plan')",
        run: "click",
    },
];

const openPayrollMenu = (menu, item) => [
    stepUtils.showAppsMenuItem(),
    {
        content: "The Payroll app",
        trigger: ".o_app[data-menu-xmlid='payroll.payroll_menu_root']",
        run: "click",
    },
    {
        trigger: `.o_menu_sections [data-menu-xmlid='${menu}']`,
        run: "click",
    },
    ...(item
        ? [
              {
                  trigger: `.o-dropdown-item[data-menu-xmlid='${item}']`,
                  run: "click",
              },
          ]
        : []),
];

registry.category("web_tour.tours").add("sales_performance_payroll_setup_admin", {
    url: "/odoo",
    steps: () => [
        ...openPlan,
        {
            content: "Payroll Set-up, from the plan",
            trigger: "button:contains('Payroll Set-up')",
            run: "click",
        },
        {
            content: "Nothing is set up: no salary structure",
            trigger: ".modal .o_data_row:contains('Salary structure'):contains('Missing'):contains('has no salary structure')",
        },
        {
            trigger: ".modal .o_data_row:contains('Salary journal'):contains('Missing')",
        },
        {
            content: "Set everything up that needs no data entry",
            trigger: ".modal button[name='action_setup_all']",
            run: "click",
        },
        {
            content: "The structure is created",
            trigger: ".modal .o_data_row:contains('Salary structure'):contains('Done'):contains('Sales Staff')",
        },
        {
            trigger: ".modal .o_data_row:contains('Salary journal'):contains('Done'):contains('Salaries')",
        },
        {
            trigger: ".modal .o_data_row:contains('Accounts of the salary rules'):contains('Done')",
        },
        {
            content: "Li Ming's contract got the structure and the journal",
            trigger: ".modal .o_data_row:contains('Sunrise Li Ming'):contains(\"Contract's salary journal\"):contains('Done')",
        },
        {
            content: "Zhao Yun has no contract: Fix it",
            trigger: ".modal .o_data_row:contains('Sunrise Zhao Yun'):contains('Running contract'):contains('Missing') button[name='action_fix']",
            run: "click",
        },
        {
            content: "A new contract with the structure and the journal",
            trigger: ".o_form_view div[name='struct_id'] input:value('Sales Staff')",
        },
        {
            trigger: ".o_form_view div[name='journal_id'] input:value('Salaries')",
        },
        {
            content: "Enter the wage",
            trigger: ".o_form_view div[name='wage'] input",
            run: "edit 6000",
        },
        ...stepUtils.saveForm(),
        {
            content: "Running",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Running')",
        },
        {
            content: "Back to the plan",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('2026 Sunrise Payroll Plan')",
            run: "click",
        },
        {
            trigger: "button:contains('Payroll Set-up')",
            run: "click",
        },
        {
            content: "Everything is done",
            trigger: ".modal div[name='missing_count']:contains('0')",
        },
        {
            trigger: ".modal .o_data_row:contains('Sunrise Zhao Yun'):contains('Running contract'):contains('Done')",
        },
        {
            trigger: ".modal .o_form_button_cancel, .modal footer button:contains('Close')",
            run: "click",
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
            trigger: ".modal button[name='action_run']",
            run: "click",
        },
        {
            content: "Zhao Yun's March: 240.00",
            trigger: ".o_list_view .o_data_row:contains('Sunrise Zhao Yun') td[name='amount_total']:contains('240.00')",
            run: "click",
        },
        {
            content: "Approve it (March has ended: no question asked)",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

registry.category("web_tour.tours").add("sales_performance_payroll_setup_accountant", {
    url: "/odoo",
    steps: () => [
        ...openPayrollMenu(
            "sales_performance.menu_payroll_sales_performance",
            "sales_performance.menu_payroll_statement_to_post"
        ),
        {
            trigger: ".o_data_row:contains('Sunrise Zhao Yun'):contains('240.00') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Post it to payroll",
            trigger: ".o_control_panel button[name='action_post_to_payroll']",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('1 statement(s) posted to payroll, 0 not posted.')",
        },
        ...openPayrollMenu("payroll.hr_payslip_menu"),
        {
            trigger: ".o_breadcrumb:contains('Employee Payslips')",
        },
        {
            content: "The payslip the posting made for March, with its commission",
            trigger: ".o_data_row:contains('Salary Slip of Sunrise Zhao Yun for March-2026'):contains('240.00') td[name='number']",
            run: "click",
        },
        {
            content: "Confirm it, from the form",
            trigger: ".o_form_view button[name='action_payslip_done']",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            trigger: ".o_notebook a.nav-link:contains('Accounting Information')",
            run: "click",
        },
        {
            content: "Its journal entry, in the Salaries journal",
            trigger: ".o_form_view div[name='move_id']:contains('SAL/')",
        },
        {
            content: "The commission is on the payslip",
            trigger: ".o_notebook a.nav-link:contains('Salary Computation')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='dynamic_filtered_payslip_lines'] .o_data_row:contains('SPCOMM'):contains('240.00')",
        },
    ],
});

registry.category("web_tour.tours").add("sales_performance_payroll_batch_after_posting", {
    url: "/odoo",
    steps: () => [
        ...openPayrollMenu(
            "sales_performance.menu_payroll_sales_performance",
            "sales_performance.menu_payroll_statement_to_post"
        ),
        {
            trigger: ".o_data_row:contains('Sunrise Li Ming')",
        },
        {
            content: "Select both statements",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel button[name='action_post_to_payroll']",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('2 statement(s) posted to payroll, 0 not posted.')",
        },
        ...openPayrollMenu("payroll.hr_payslip_run_menu"),
        {
            trigger: ".o_breadcrumb:contains('Payslips Batches')",
        },
        {
            content: "A new batch",
            trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name='name'] input",
            run: "edit March 2026",
        },
        {
            trigger: ".o_form_view div[name='date_start'] input:eq(0)",
            run: "edit 03/01/2026 && press Escape",
        },
        {
            trigger: ".o_form_view div[name='date_start'] input:eq(1)",
            run: "edit 03/31/2026 && press Escape",
        },
        ...stepUtils.saveForm(),
        {
            content: "Generate Payslips",
            trigger: ".o_form_view button:contains('Generate Payslips')",
            run: "click",
        },
        {
            content: "Pick the employees",
            trigger: ".modal div[name='employee_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_list_view .o_data_row:contains('Sunrise Li Ming') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal .o_list_view .o_data_row:contains('Sunrise Zhao Yun') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal .o_select_button",
            run: "click",
        },
        {
            trigger: ".modal div[name='employee_ids'] .o_data_row:contains('Sunrise Zhao Yun')",
        },
        {
            content: "Generate",
            trigger: ".modal button[name='compute_sheet']",
            run: "click",
        },
        {
            content: "The batch took the posted payslips and says so",
            trigger: ".o_notification:contains('0 payslip(s) created, 2 existing payslip(s) of the period added to the batch')",
        },
        {
            content: "One payslip each, with its commission",
            trigger: ".o_form_view div[name='slip_ids'] .o_data_row:contains('Sunrise Zhao Yun') td[name='sp_amount']:contains('240.00')",
        },
        {
            trigger: ".o_form_view div[name='slip_ids'] .o_data_row:contains('Sunrise Li Ming') td[name='sp_amount']:contains('100.00')",
        },
        {
            trigger: ".o_form_view div[name='slip_ids']:not(:has(.o_data_row:eq(2)))",
        },
    ],
});
