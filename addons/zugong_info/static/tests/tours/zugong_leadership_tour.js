/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// A leader (部领导) reads the month's notice, looks at the targets' progress, opens an item
// and enters an instruction (批示) on it.
const ITEM = "临江区推行“网格党建”打通服务群众“最后一米”";
const INSTRUCTION = "经验做法很好，请研究室总结推广。";
const LEADER = "郑国强";

registry.category("web_tour.tours").add("zugong_leadership_instruct", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_notices", "zugong_info.menu_zugong_notice", "Open the notices"),
        {
            content: "Open the month's notice",
            trigger: ".o_list_view .o_data_row:first td.o_data_cell",
            run: "click",
        },
        {
            content: "The notice ranks the units",
            trigger: ".o_form_view .o_field_one2many[name='line_ids'] .o_data_row",
        },
        {
            content: "The notice is read-only to a leader: no edit possible",
            trigger: ".o_form_view .o_form_readonly, .o_form_view:not(:has(.o_form_button_save))",
        },
        ...openMenuItem("zugong_info.menu_zugong_targets", "zugong_info.menu_zugong_quota_progress", "Open the targets' progress"),
        {
            content: "The progress of the units is shown",
            trigger: ".o_action_manager .o_view_controller:not(.o_action_manager_empty) .o_content",
        },
        ...openMenuItem("zugong_info.menu_zugong_items", "zugong_info.menu_zugong_item", "Open the items"),
        {
            content: "Open the item",
            trigger: `.o_list_view .o_data_row td.o_data_cell[name='name']:contains(${ITEM})`,
            run: "click",
        },
        {
            content: "Enter an instruction on it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_instruction_form']",
            run: "click",
        },
        {
            content: "Write the instruction",
            trigger: ".modal .o_field_widget[name='text'] textarea",
            run: `edit ${INSTRUCTION}`,
        },
        {
            content: "Enter it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The instruction shows on the item",
            trigger: `body:not(:has(.modal)) .o_form_view .o_notebook a[name='instructions']`,
            run: "click",
        },
        {
            content: "It is listed, signed by the leader",
            trigger: `.o_form_view .o_field_one2many[name='instruction_ids'] .o_data_row:contains(${LEADER})`,
        },
    ],
});
