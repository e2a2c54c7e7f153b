/** @odoo-module **/
// Plan modelling (issue 24), as the performance administrator on the demo:
// model raising the store promoters' first band rate from a chosen month on
// the last twelve closed months, read the cost difference and the people
// most affected, export it, adopt it from the first open period and approve
// the version. Started on the demo plan's form (test_tour_plan_model.py).
import {registry} from "@web/core/registry";

// (no url: the test starts it on the plan's form)
registry.category("web_tour.tours").add("sales_performance_plan_model", {
    steps: () => [
        {
            content: "Model a change of the approved plan",
            trigger: ".o_form_view button[name='action_model_change']",
            run: "click",
        },
        {
            content: "The model: the window of the last closed months is filled in",
            trigger: ".o_form_view .o_field_widget[name='period_ids'] .o_tag",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Promoters' first band at 1.5 %",
        },
        {
            content: "Choose the month the change is modelled from",
            trigger: ".o_form_view .o_field_widget[name='period_id'] input",
            run: "click",
        },
        {
            content: "The third month of the window",
            trigger: ".o_field_widget[name='period_id'] .o-autocomplete--dropdown-menu li:nth-child(3) a",
            run: "click",
        },
        {
            content: "The modelled rules",
            trigger: ".o_notebook a.nav-link[name='rules']",
            run: "click",
        },
        {
            content: "Open the store promoters' tiers",
            trigger: ".o_field_widget[name='rule_ids'] .o_data_row:contains('Store promoter tiers') td[name='name']",
            run: "click",
        },
        {
            content: "The band from 100 % of the target",
            trigger: ".modal .o_field_widget[name='band_ids'] .o_data_row:first-child td[name='rate']",
            run: "click",
        },
        {
            content: "1 % becomes 1.5 %",
            trigger: ".modal .o_field_widget[name='band_ids'] .o_selected_row .o_field_widget[name='rate'] input",
            run: "edit 1.5",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Save the model",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "What the draft changes",
            trigger: ".o_notebook a.nav-link[name='changes']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='changes']:contains('1 % → 1.5 %')",
        },
        {
            content: "Compute it on the facts of the window",
            trigger: ".o_form_view button[name='action_compute']",
            run: "click",
        },
        {
            content: "The cost: what was paid, what it would have paid, the difference",
            trigger: ".o_form_view .o_field_widget[name='difference'] .text-danger, .o_form_view .o_field_widget[name='difference']:not(:contains('0.00'))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='modelled_pct']",
        },
        {
            content: "Who gains, who loses",
            trigger: ".o_notebook a.nav-link[name='persons']",
            run: "click",
        },
        {
            content: "The people most affected come first: a store promoter gains",
            trigger:
                ".o_field_widget[name='person_ids'] .o_data_row:first-child:contains('Wang Wei') td.text-success[name='difference'], " +
                ".o_field_widget[name='person_ids'] .o_data_row:first-child:contains('Li Na') td.text-success[name='difference']",
        },
        {
            content: "Every modelled line with its arithmetic",
            trigger: ".o_notebook a.nav-link[name='lines']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='explanation']:contains('%')",
        },
        {
            content: "Export it to Excel",
            trigger: ".o_form_view button[name='action_export_xlsx']",
            run: "click",
        },
        {
            content: "Adopt it (from the first open period, the default)",
            trigger: ".o_form_view button[name='action_adopt']",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The plan's next version opens: approve it",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "Confirm: the rules are in force from the period chosen",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "In force",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
    ],
});
