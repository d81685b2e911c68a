/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office receives a submitted item, writes its review comment (讲评) and
// records its adoption by a higher publication from the item itself; recording the same
// issue again under another spelling is refused.
const TITLE = "换届选举工作稳步推进";

function openAdoptionWizard() {
    return [
        {
            content: "Record an adoption from the item",
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_adoption_wizard']",
            run: "click",
        },
        {
            content: "Choose the provincial publication",
            trigger: ".modal .o_field_widget[name='publication_id'] input",
            run: "edit 江南组工",
        },
        {
            content: "Pick it from the list",
            trigger: ".o-autocomplete--dropdown-item a:contains(江南组工)",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("zugong_research_adopt_item", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_items", "zugong_info.menu_zugong_item_to_receive", "Open the items to receive"),
        {
            content: "Open the submitted item",
            trigger: `.o_list_view .o_data_row td.o_data_cell[name='name']:contains(${TITLE})`,
            run: "click",
        },
        {
            content: "Receive it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_receive']",
            run: "click",
        },
        {
            content: "It is received",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='received']",
        },
        {
            content: "Open the review comments",
            trigger: ".o_notebook_headers a[name='reviews']",
            run: "click",
        },
        {
            content: "Add a review comment",
            trigger: ".o_field_widget[name='review_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Write the review comment",
            trigger: ".o_field_widget[name='review_ids'] .o_data_row .o_field_widget[name='body'] textarea",
            run: "edit 材料扎实，建议精简后上报。",
        },
        ...openAdoptionWizard(),
        {
            content: "Type the issue",
            trigger: ".modal .o_field_widget[name='issue_number'] input",
            run: "edit 2026年第12期",
        },
        {
            content: "Record the adoption",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The item is adopted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='adopted']",
        },
        {
            content: "The adoption is listed on the item",
            trigger: ".o_notebook_headers a[name='adoptions']",
            run: "click",
        },
        {
            content: "with its issue",
            trigger: ".o_field_widget[name='adoption_ids'] .o_data_row td:contains(2026年第12期)",
        },
        ...openAdoptionWizard(),
        {
            content: "Type the same issue spelt otherwise",
            trigger: ".modal .o_field_widget[name='issue_number'] input",
            run: "edit 2026年 第０12期",
        },
        {
            content: "Try to record it again",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The second record of the issue is refused",
            trigger: ".o_error_dialog:contains(2026年第12期)",
        },
        {
            content: "Close the message",
            trigger: ".modal:has(.o_error_dialog) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Close the wizard",
            trigger: ".modal footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Back on the item",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='adopted']",
        },
    ],
});
