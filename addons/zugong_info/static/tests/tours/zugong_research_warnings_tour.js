/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// Before the month closes, the research office lists the units and people behind their
// targets or without a submission, and warns them.
registry.category("web_tour.tours").add("zugong_research_warnings", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_targets", "zugong_info.menu_zugong_progress_warning", "Open the mid-period warnings"),
        {
            content: "The unit without a submission is listed",
            trigger: ".o_list_view .o_data_row:contains(换届预警测试单位)",
        },
        {
            content: "Warn them all",
            trigger: ".o_control_panel button[name='action_warn'], .o_list_view button[name='action_warn']",
            run: "click",
        },
        {
            content: "They are warned",
            trigger: ".o_notification.border-success, .o_notification:has(.text-success), .o_notification",
        },
    ],
});
