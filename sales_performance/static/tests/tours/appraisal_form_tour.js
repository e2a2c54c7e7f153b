/** @odoo-module **/
// The salesperson's appraisal form (issue 23): their own score and comment
// are editable, the manager's score is not; a comment being edited survives
// switching to another tab (no list renderer crash); saving keeps both.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("sales_performance_appraisal_form", {
    steps: () => [
        {
            content: "The manager's score is not mine to type",
            trigger: "div[name='line_ids'] .o_data_row td[name='manager_score'].o_readonly_modifier",
        },
        {
            content: "My score",
            trigger: "div[name='line_ids'] .o_data_row td[name='self_score']",
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='self_score'] input",
            run: "edit 88",
        },
        {
            content: "My comment",
            trigger: "div[name='line_ids'] .o_selected_row td[name='comment']",
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='comment'] :is(input, textarea)",
            run: "edit Helped the store team at the fair.",
        },
        {
            content: "Another tab while the comment is being edited",
            trigger: "a.nav-link[name='notes']",
            run: "click",
        },
        {
            content: "The page is still there",
            trigger: "div[name='self_note'] textarea",
        },
        {
            content: "The comment was kept",
            trigger: "div[name='line_ids'] .o_data_row td[name='comment']:contains('Helped the store team')",
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
