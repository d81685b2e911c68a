/** @odoo-module **/

import { registry } from "@web/core/registry";

// A period's grace days have passed and the schedule proposed it for closing: the research
// office finds the to-do among its activities, opens the period and closes it.
registry.category("web_tour.tours").add("zugong_research_period_close", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the activities",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Open the periods proposed for closing",
            trigger: ".o-mail-ActivityMenu .o-mail-ActivityGroup[data-model_name='zugong.period']",
            run: "click",
        },
        {
            content: "Open the period proposed",
            trigger: ".o_list_view .o_data_row td[name='name']:contains(2029)",
            run: "click",
        },
        {
            content: "The proposal is its to-do",
            trigger: ".o-mail-Chatter .o-mail-Activity",
        },
        {
            content: "Close the period",
            trigger: ".o_form_statusbar button[name='action_close']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='closed']",
        },
        {
            content: "and the to-do is done",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity))",
        },
    ],
});
