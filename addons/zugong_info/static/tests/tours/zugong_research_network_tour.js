/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office registers a network from the roster template in one step, then
// hands a cohort of units over to new officers at a leadership election (换届).
const ROSTER = "zugong-roster-tour.xlsx";

async function rpc(model, method, args, kwargs = {}) {
    const response = await fetch(`/web/dataset/call_kw/${model}/${method}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: { model, method, args, kwargs } }),
    });
    const body = await response.json();
    if (body.error) {
        throw new Error(JSON.stringify(body.error));
    }
    return body.result;
}

function pickInLine(field, text) {
    return [
        {
            content: `Type the ${field}`,
            trigger: `.modal .o_field_widget[name='line_ids'] .o_selected_row .o_field_widget[name='${field}'] input`,
            run: `edit ${text}`,
        },
        {
            content: `Pick the ${field}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("zugong_research_network", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_network", "zugong_info.menu_zugong_roster_import", "Import the roster"),
        {
            content: "The template is offered for download",
            trigger: ".modal button[name='action_download_template']",
            async run() {
                const response = await fetch("/zugong_info/roster/template");
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("spreadsheetml")) {
                    throw new Error(`the template did not download: ${response.status} ${type}`);
                }
            },
        },
        {
            content: "Upload the filled-in roster",
            trigger: ".modal .o_field_widget[name='file']",
            async run() {
                const input = this.anchor.querySelector("input[type=file]");
                const [attachment] = await rpc("ir.attachment", "search_read", [[["name", "=", ROSTER]], ["datas"]]);
                const bytes = Uint8Array.from(atob(attachment.datas), (char) => char.charCodeAt(0));
                const file = new File([bytes], ROSTER, {
                    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name='file'] .o_clear_file_button",
        },
        {
            content: "Import it",
            trigger: ".modal footer button[name='action_import']",
            run: "click",
        },
        {
            content: "The people are in their units",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(名册导入甲)",
        },
        ...openMenuItem("zugong_info.menu_zugong_network", "zugong_info.menu_zugong_officer_handover_bulk", "Hand a cohort over"),
        {
            content: "Add the first unit",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pickInLine("unit_id", "青山区委组织部"),
        ...pickInLine("successor_user_id", "换届接任甲"),
        {
            content: "Add the second unit",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pickInLine("unit_id", "新港区委组织部"),
        ...pickInLine("successor_user_id", "换届接任乙"),
        {
            content: "Hand them over",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The new registrations are listed",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(换届接任乙)",
        },
    ],
});
