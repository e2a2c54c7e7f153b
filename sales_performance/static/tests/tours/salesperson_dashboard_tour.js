/** @odoo-module **/
// A salesperson opens My Performance: progress on the targets, commission so
// far and at this pace, and what-if with an open quotation.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_performance_my_dashboard", {
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
            content: "Open My Performance",
            trigger: ".o-dropdown-item[data-menu-xmlid='sales_performance.menu_sales_performance_my_performance']",
            run: "click",
        },
        {
            content: "My net revenue target shows its progress",
            trigger: "div[name='achievement_ids'] .o_data_row:contains('Net Invoiced Revenue') .o_progressbar",
        },
        {
            content: "Commission earned so far: 2 % of 3,000 = 60",
            trigger: "div[name='commission_to_date']:contains('60.00')",
        },
        {
            content: "Try the what-if",
            trigger: "a.nav-link[name='whatif']",
            run: "click",
        },
        {
            trigger: "div[name='whatif_order_ids'] input",
            run: "edit Tour Quotation",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains('Tour Quotation')",
            run: "click",
        },
        {
            content: "With the 2,000 quotation: 2 % of 5,000 = 100",
            trigger: "div[name='whatif_commission']:contains('100.00')",
        },
        ...stepUtils.discardForm(),
    ],
});
