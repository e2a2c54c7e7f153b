/** @odoo-module **/
// The HR officer (a statement approver) answers the dispute a salesperson
// raised on their statement, then approves the statement.
import {registry} from "@web/core/registry";
import {readsIn} from "@sales_performance/../tests/tours/lang_checks";

// The salesperson wrote in Chinese (their words stay theirs); everything
// else reads in the HR officer's English (issue 23).
const REASON = "3 月 5 日那单是 4 张沙发，不是 3 张。";
const ANSWER = "The fourth sofa was invoiced in April: it counts next month.";

registry.category("web_tour.tours").add("sales_performance_hr_answer_dispute", {
    url: "/odoo/action-sales_performance.action_sales_performance_statement",
    steps: () => [
        {
            content: "Open the disputed statement",
            trigger: ".o_data_row td:contains('Tour Disputer')",
            run: "click",
        },
        {
            content: "The dispute to answer is my activity",
            trigger: ".o-mail-Activity:contains('Answer the dispute of')",
        },
        {
            content: "The line is disputed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Disputed'):contains('60.00')",
        },
        {
            content: "The dispute, raised in Chinese, reads in English, the amount formatted",
            trigger: ".o-mail-Message:contains('Tour Disputer disputes'):contains('$ 60.00')",
        },
        // the reason as typed, and as a sentence quotes it (without its stop)
        readsIn("en_US", {
            allow: [REASON, REASON.replace(/。$/, "")],
            content: "The statement reads in English",
        }),
        {
            content: "Open the answer dialog",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row button[name='action_open_dispute']",
            run: "click",
        },
        {
            content: "The dialog is titled",
            trigger: ".modal .modal-title:contains('Answer the dispute')",
        },
        {
            content: "It shows the employee's reason",
            trigger: `.modal .o_field_widget[name='dispute_reason']:contains('${REASON}')`,
        },
        {
            content: "Who disputed",
            trigger: ".modal .o_field_widget[name='dispute_uid']:contains('Tour Disputer')",
        },
        {
            content: "The amount in question",
            trigger: ".modal .o_field_widget[name='line_amount']:contains('60.00')",
        },
        {
            content: "Reject",
            trigger: ".modal .o_field_widget[name='decision'] input[data-value='reject']",
            run: "click",
        },
        {
            content: "Write the answer",
            trigger: ".modal .o_field_widget[name='resolution'] textarea",
            run: `edit ${ANSWER}`,
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The line shows the answer's verdict",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='line_ids'] .o_data_row:contains('Rejected')",
        },
        {
            content: "The answer is in the chatter, in English for me",
            trigger: `.o-mail-Message:contains('rejected by Tour HR Officer'):contains('${ANSWER}')`,
        },
        {
            content: "No dispute left to answer",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity:contains('Answer the dispute of')))",
        },
        {
            content: "Approve",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "The statement is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});
