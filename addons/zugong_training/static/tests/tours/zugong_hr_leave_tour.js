/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "@zugong_info/../tests/tours/tour_steps";

// HR opens the leave requests waiting for it, approves one and refuses the other with a
// note. The Python test (tests/test_tour_hr.py) checks the database afterwards.
registry.category("web_tour.tours").add("zugong_hr_leave", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_training.menu_zugong_training", "zugong_training.menu_zugong_training_leave", "Open the leave requests"),
        {
            // a row of the requests (with the reason asked), not of the page shown before them
            content: "Open 王晓燕's request",
            trigger: ".o_list_view .o_data_row:contains(王晓燕):contains(当天参加县里防汛值班) td.o_data_cell",
            run: "click",
        },
        { content: "Approve it", trigger: ".o_form_view button[name='action_approve']", run: "click" },
        { content: "It is approved", trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(已批准)" },
        { content: "Back to the list", trigger: ".o_breadcrumb .breadcrumb-item.o_back_button", run: "click" },
        {
            content: "Open the other request",
            trigger: ".o_list_view .o_data_row:contains(林雪):contains(当天参加县里防汛值班) td.o_data_cell",
            run: "click",
        },
        { content: "Refuse it", trigger: ".o_form_view button[name='action_open_refuse']", run: "click" },
        { content: "HR's note", trigger: ".modal .o_field_widget[name='note'] input", run: "edit 本次培训为必训内容，请安排时间参加" },
        { content: "Confirm the refusal", trigger: ".modal button[name='action_confirm']", run: "click" },
        { content: "It is refused", trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(未批准)" },
    ],
});
