/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office opens the next year in one action: periods, rule set, quotas
// with a rise, the bulletin numbering.
registry.category("web_tour.tours").add("zugong_research_year_rollover", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_targets", "zugong_info.menu_zugong_year_rollover", "Open a new year"),
        {
            content: "Raise the quotas by 10%",
            trigger: ".modal .o_field_widget[name='rise_percent'] input",
            run: "edit 10",
        },
        {
            content: "Open the year",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The year is opened",
            trigger: ".o_notification:contains(2027)",
        },
        {
            content: "Its periods are listed",
            trigger: "body:not(:has(.modal)) .o_list_view .o_group_header, body:not(:has(.modal)) .o_list_view .o_data_row",
        },
    ],
});
