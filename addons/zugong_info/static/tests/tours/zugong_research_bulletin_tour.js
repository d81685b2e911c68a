/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office compiles an issue (期) of its bulletin from the received items,
// publishes it and reads it, on screen and as an official document (简报, docx).
const TITLE = "干部档案专项审核工作有序开展";

// The document, fetched as the user's browser downloads it: a docx file.
async function fetchDocument() {
    const match = window.location.pathname.match(/\/(\d+)\/?$/);
    if (!match) {
        throw new Error(`no record id in ${window.location.pathname}`);
    }
    const response = await fetch(`/zugong_info/bulletin/${match[1]}/document.docx`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.ok || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
        throw new Error(`the issue's document did not download: HTTP ${response.status}`);
    }
}

registry.category("web_tour.tours").add("zugong_research_bulletin", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_publishing", "zugong_info.menu_zugong_bulletin", "Open the issues"),
        {
            content: "Start a new issue",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the own bulletin",
            trigger: ".o_field_widget[name='publication_id'] input",
            run: "edit 江州组工信息",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item a:contains(江州组工信息)",
            run: "click",
        },
        {
            content: "Type the editor",
            trigger: ".o_field_widget[name='editor'] input",
            run: "edit 研究室",
        },
        {
            content: "Add the received items",
            trigger: ".o_form_statusbar button[name='action_open_compile']",
            run: "click",
        },
        {
            content: "The received item is proposed",
            trigger: `.modal .o_field_widget[name='item_ids'] .o_data_row:contains(${TITLE})`,
        },
        {
            content: "Add them to the issue",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The item is in the issue",
            trigger: `body:not(:has(.modal)) .o_field_widget[name='line_ids'] .o_data_row:contains(${TITLE})`,
        },
        {
            content: "Publish the issue",
            trigger: ".o_form_statusbar button[name='action_publish']",
            run: "click",
        },
        {
            content: "Confirm the publication",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is published",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='published']",
        },
        {
            content: "Download the issue as an official document",
            trigger: ".o_form_statusbar button[name='action_download_docx']",
            async run() {
                await fetchDocument();
            },
        },
        {
            content: "Read the issue",
            trigger: ".o_form_statusbar button[name='action_view_html']",
            run: "click",
        },
        {
            content: "The issue shows the item as published",
            trigger: `iframe:iframe .zugong-bulletin-item h3:contains(${TITLE})`,
        },
        {
            content: "with the issue's number",
            trigger: "iframe:iframe .zugong-bulletin:contains(江州组工信息)",
        },
    ],
});
