/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openInformationApp, openMenuItem } from "@zugong_info/../tests/tours/tour_steps";

// HR opens the session under way (its sign-in sheet printable from it), goes to its
// attendance and adds someone who came without an invitation; then opens an officer's
// employee page, reads the year's training hours there and opens the officer's
// attendance from it.
const SESSION = "基层信息写作现场培训";
const WALK_IN = "黄佳怡";
const EMPLOYEE = "王晓燕";

registry.category("web_tour.tours").add("zugong_hr_training", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_training.menu_zugong_training", "zugong_training.menu_zugong_training_session", "Open the sessions"),
        {
            content: "Open the session under way",
            trigger: `.o_list_view .o_data_row td.o_data_cell[name='name']:contains(${SESSION})`,
            run: "click",
        },
        {
            content: "Open the sign-in tab",
            trigger: ".o_form_view .o_notebook a[name='signin']",
            run: "click",
        },
        {
            content: "The session's sign-in sheet, with its QR code, can be printed",
            trigger: ".o_form_view button.btn-link:has(.fa-print)",
        },
        {
            content: "Open its attendance",
            trigger: ".o-form-buttonbox button[name='action_view_attendance']:first",
            run: "click",
        },
        {
            content: "The attendance lists the invited",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Add a walk-in",
            trigger: ".o_control_panel button[name='action_add_walk_in']",
            run: "click",
        },
        {
            content: "Choose the person",
            trigger: ".modal .o_field_widget[name='user_id'] input",
            run: `edit ${WALK_IN}`,
        },
        {
            content: "Pick them from the list",
            trigger: `.modal .o-autocomplete--dropdown-menu .dropdown-item:contains(${WALK_IN})`,
            run: "click",
        },
        {
            content: "Add them",
            trigger: ".modal button[name='action_add']",
            run: "click",
        },
        {
            content: "The walk-in is on the attendance",
            trigger: `.o_list_view:not(:has(.modal)) .o_data_row td[name='user_id']:contains(${WALK_IN})`,
        },
        // The employee's page
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Employees app",
            trigger: ".o_app[data-menu-xmlid='hr.menu_hr_root']",
            run: "click",
        },
        {
            content: "Search for the officer",
            trigger: ".o_searchview_input",
            run: `edit ${EMPLOYEE}`,
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the officer's page",
            trigger: `.o_kanban_record:contains(${EMPLOYEE})`,
            run: "click",
        },
        {
            content: "The page shows the year's training hours; open the training",
            trigger: ".o-form-buttonbox button[name='action_zugong_training']",
            run: "click",
        },
        {
            content: "The officer's attendance is listed",
            trigger: `.o_list_view .o_data_row td[name='user_id']:contains(${EMPLOYEE})`,
        },
    ],
});
