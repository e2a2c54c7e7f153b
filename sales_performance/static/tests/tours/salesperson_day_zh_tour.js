/** @odoo-module **/
// The salesperson's day in Chinese (issue 15): a salesperson whose language
// is zh_CN lands on My Performance (not Discuss), tries the
// what-if, submits their self-assessment, reads their approved statement
// (the arithmetic in Chinese) and disputes its line.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {readsIn} from "@sales_performance/../tests/tours/lang_checks";

// Names of people (their pinyin) are names, not English.
// people's names (the company's approvers answer the dispute, issue 21;
// OdooBot and the administrator write in the chatter) read as they are
const NAMES = ["Wang Wei", "Zhang Min", "Sun Li", "Administrator", "OdooBot"];

registry.category("web_tour.tours").add("sales_performance_salesperson_day_zh", {
    url: "/odoo",
    steps: () => [
        {
            content: "Landed on My Performance, in Chinese",
            trigger: ".o_sp_dashboard .o_form_label:contains('已赚提成')",
        },
        {
            content: "Not in Discuss",
            trigger: ".o_main_navbar:not(:has(.o_menu_brand:contains('讨论'))):not(:has(.o_menu_brand:contains('Discuss')))",
        },
        {
            content: "The year so far, as a chart",
            trigger: ".o_sp_year_chart svg",
        },
        readsIn("zh_CN", {allow: NAMES, content: "My Performance reads in Chinese, the plan's own names included"}),
        {
            content: "Try the what-if",
            trigger: "a.nav-link[name='whatif']:contains('假设分析')",
            run: "click",
        },
        {
            content: "The picker finds the quotation by its customer",
            trigger: "div[name='whatif_order_ids'] input",
            run: "edit 华夏家居",
        },
        {
            content: "Each quotation with its customer and amount",
            trigger: ".ui-menu-item-wrapper:contains('ZH-Q-001 · 华夏家居 · $ 2,000.00')",
            run: "click",
        },
        {
            content: "With the 2,000 quotation: 2 % of 2,000 = 40",
            trigger: "div[name='whatif_commission']:contains('40.00')",
        },
        {
            content: "The increase is said",
            trigger: "div[name='whatif_increase']:contains('40.00')",
        },
        readsIn("zh_CN", {allow: NAMES, content: "The what-if reads in Chinese"}),
        stepUtils.showAppsMenuItem(),
        {
            content: "The addon's app",
            trigger: ".o_app[data-menu-xmlid='sales_performance.menu_sales_performance_app']",
            run: "click",
        },
        {
            content: "Open my appraisals",
            trigger: ".o_menu_sections [data-menu-xmlid='sales_performance.menu_sales_performance_app_appraisal']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('自评') .o_data_cell",
            run: "click",
        },
        {
            content: "The scorecard's indicators are in Chinese",
            trigger: "div[name='line_ids'] .o_data_row:contains('客户满意度')",
        },
        readsIn("zh_CN", {allow: NAMES, content: "My appraisal reads in Chinese"}),
        {
            content: "Score my qualitative indicator",
            trigger: "div[name='line_ids'] .o_data_row:contains('团队合作') td[name='self_score']",
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_data_row td[name='self_score'] input",
            run: "edit 95",
        },
        {
            trigger: "a.nav-link[name='notes']",
            run: "click",
        },
        {
            trigger: "div[name='self_note'] textarea",
            run: "edit 本月新开发了三个客户。",
        },
        {
            content: "Submit the self-assessment",
            trigger: "button[name='action_submit_self']:contains('提交自评')",
            run: "click",
        },
        {
            content: "Now with my manager",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('上级评定')",
        },
        {
            content: "Open my commission",
            trigger: ".o_menu_sections [data-menu-xmlid='sales_performance.menu_sales_performance_app_my_statement']",
            run: "click",
        },
        {
            content: "My statements are listed",
            trigger: ".o_list_view .o_data_row td[name='period_id']:contains('-03')",
            run: "click",
        },
        {
            content: "The line's arithmetic is in Chinese",
            trigger: "div[name='line_ids'] .o_data_row td[name='explanation']:contains('完成比例 50 %，区间起点 0 %')",
        },
        {
            content: "Dispute the line",
            trigger: "div[name='line_ids'] .o_data_row button[name='action_open_dispute']",
            run: "click",
        },
        {
            trigger: ".modal div[name='reason'] textarea",
            run: "edit 漏算了一张发票",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The statement says the dispute is open and with whom",
            trigger: ".o_sp_dispute_summary:contains('漏算了一张发票')",
        },
        {
            trigger: "div[name='line_ids'] .o_data_row td[name='dispute_state']:contains('有异议')",
        },
        {
            content: "My dispute is in the chatter, in Chinese",
            trigger: ".o-mail-Message:contains('漏算了一张发票')",
        },
        readsIn("zh_CN", {allow: NAMES, content: "My statement and its chatter read in Chinese"}),
    ],
});
