/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Before the month closes, the research office lists the units and people behind their
// targets or without a submission, and warns them.
registry.category("web_tour.tours").add("zugong_research_warnings", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the information work app",
            trigger: ".o_app[data-menu-xmlid='zugong_info.menu_zugong_root']",
            run: "click",
        },
        {
            content: "Open the Targets menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='zugong_info.menu_zugong_targets']",
            run: "click",
        },
        {
            content: "Open the mid-period warnings",
            trigger: ".dropdown-item[data-menu-xmlid='zugong_info.menu_zugong_progress_warning']",
            run: "click",
        },
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
