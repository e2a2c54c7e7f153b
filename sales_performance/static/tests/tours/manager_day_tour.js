/** @odoo-module **/
// A sales manager's day: My Team (the appraisals waiting for them, the
// team's targets), rating the team's appraisals, then the team's completion
// in Team Performance. Figures are the fixtures' (test_tour_manager.py).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {readsIn} from "@sales_performance/../tests/tours/lang_checks";

function openPerformanceMenu(xmlid) {
    return [
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
            trigger: `.o-dropdown-item[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
    ];
}

function rate(employee, score) {
    return [
        {
            content: `Rating ${employee}: the revenue line is filled from the invoices`,
            trigger: `.o_form_view .oe_title:contains('${employee}')`,
        },
        {
            content: "Score the attitude",
            trigger: "div[name='line_ids'] .o_data_row:contains('Attitude') td[name='manager_score']",
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='manager_score'] input",
            run: `edit ${score}`,
        },
        {
            content: "Submit the rating",
            trigger: ".o_form_view button[name='action_submit_manager']",
            run: "click",
        },
        {
            content: "The appraisal now waits for the approver",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Approve')",
        },
    ];
}

registry.category("web_tour.tours").add("sales_performance_manager_day", {
    url: "/odoo",
    steps: () => [
        ...openPerformanceMenu("sales_performance.menu_sales_performance_my_performance"),
        {
            content: "Two appraisals wait for my rating (the published one is not counted)",
            trigger: "button[name='action_open_waiting_appraisals'] .o_stat_value:contains('2')",
        },
        {
            content: "Open My Team",
            trigger: "a.nav-link[name='team']",
            run: "click",
        },
        {
            content: "The team's total: its actual over its target, the same rows as Team Performance",
            trigger: ".o_sp_team_total:contains('Net Invoiced Revenue'):contains('100 %')",
        },
        {
            content: "The team's year, as a chart",
            trigger: ".o_sp_team_year .o_sp_year_chart svg",
        },
        readsIn("en_US", {content: "My Team reads in English, whoever of the team works in Chinese"}),
        {
            content: "Three rows of the targeted metric (Seller Three without a target of their own), none of the untargeted metric",
            trigger:
                "div[name='team_achievement_ids'] .o_list_table:not(:has(.o_data_row:contains('New Customers')))" +
                ":has(.o_data_row:nth-child(3)):not(:has(.o_data_row:nth-child(4)))",
        },
        {
            content: "Seller One: 3,000 of 10,000",
            trigger:
                "div[name='team_achievement_ids'] .o_data_row:contains('Tour Seller One'):contains('10,000.00'):contains('3,000.00')",
        },
        {
            content: "The waiting list says the same",
            trigger: "div[name='waiting_appraisal_count']:contains('2')",
        },
        {
            content: "Rate them",
            trigger: "button[name='action_open_waiting_appraisals']",
            run: "click",
        },
        {
            content: "The list of the appraisals waiting for me is open",
            trigger: ".o_breadcrumb .active:contains('Appraisals Waiting for Me')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Seller One'):contains('Manager Rating')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Seller Two'):contains('Manager Rating')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Seller One') td[name='period_id']",
            run: "click",
        },
        ...rate("Tour Seller One", 85),
        {
            content: "Next appraisal",
            trigger: ".o_pager_next",
            run: "click",
        },
        {
            content: "Seller Two submitted in Chinese: my activity reads in English",
            trigger: ".o_form_view .oe_title:contains('Tour Seller Two')",
        },
        {
            trigger: ".o-mail-Activity:contains('Rate Tour Seller Two for')",
        },
        readsIn("en_US", {content: "The appraisal and its chatter read in English"}),
        ...rate("Tour Seller Two", 90),
        ...openPerformanceMenu("sales_performance.menu_sales_performance_team"),
        {
            content: "Team Performance has a completion measure, in percent",
            trigger: ".o_pivot thead th:contains('Completion (%)')",
        },
        {
            content: "Team completion: its total actual over its total target, 16,000 of 16,000 = 100.0 (not 75.0)",
            trigger: ".o_pivot tbody tr:first-child td:contains('16,000.00') ~ td:contains('100.0')",
        },
        {
            content: "Seller Two: 9,000 of 6,000 = 150.0, one decimal",
            trigger: ".o_pivot tbody tr:contains('Tour Seller Two') td:contains('150.0')",
        },
        readsIn("en_US", {content: "Team Performance reads in English"}),
    ],
});

// The commission rule form in percent: bands and rates typed and shown as
// percentages (stored as ratios), an open upper end shown as "and above".
registry.category("web_tour.tours").add("sales_performance_rule_form_percent", {
    steps: () => [
        {
            content: "The rule type reads as a plain label",
            trigger: ".o_form_view div[name='rule_type']:contains('Tiered by completion'):not(:contains('R-C'))",
        },
        {
            content: "From 100 % to 150 %: 1 %",
            trigger:
                "div[name='band_ids'] .o_data_row:eq(0):contains('100%'):contains('150%'):contains('1%')",
        },
        {
            content: "The last band has no upper end",
            trigger: "div[name='band_ids'] .o_data_row:eq(1) td[name='upper']:contains('and above')",
        },
        {
            content: "Type 3 for 3 %",
            trigger: "div[name='band_ids'] .o_data_row:eq(1) td[name='rate']",
            run: "click",
        },
        {
            trigger: "div[name='band_ids'] .o_selected_row div[name='rate'] input",
            run: "edit 3",
        },
        {
            content: "The open end stays empty while editing",
            trigger: "div[name='band_ids'] .o_selected_row div[name='upper'] input[placeholder='and above']",
            run() {
                const input = document.querySelector(
                    "div[name='band_ids'] .o_selected_row div[name='upper'] input"
                );
                if (input.value !== "") {
                    throw new Error(`open upper end shows "${input.value}"`);
                }
            },
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
