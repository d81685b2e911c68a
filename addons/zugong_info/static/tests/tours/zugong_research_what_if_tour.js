/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// Before putting next year's draft in force, the research office tries it on the quarter
// under way: the units' points and ranks side by side with the rule set in force.
registry.category("web_tour.tours").add("zugong_research_what_if", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_config", "zugong_info.menu_zugong_ruleset", "Open the rule sets"),
        {
            content: "Open the draft",
            trigger: ".o_list_view .o_data_row td[name='name']:contains(试算草案)",
            run: "click",
        },
        {
            content: "Try it on a period",
            trigger: ".o_form_statusbar button[name='action_what_if']",
            run: "click",
        },
        {
            content: "The quarter under way is proposed; compare",
            trigger: ".modal footer button[name='action_compare']",
            run: "click",
        },
        {
            content: "The units are listed with both rule sets' points",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row td[name='name']:contains(临江区委组织部)",
        },
        {
            content: "Close",
            trigger: ".modal footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Back on the draft",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name='name']",
        },
    ],
});
