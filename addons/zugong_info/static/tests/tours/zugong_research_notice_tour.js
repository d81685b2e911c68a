/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office generates last month's notice with each unit ranked among the units
// of its kind, reads the units that submitted nothing (零报送), edits the drafted text and
// reads the notice as an official document.
const PRAISED = "二、表扬。临江区委组织部等单位本月报送及时、采用较多，予以表扬。";

function recordId() {
    const match = window.location.pathname.match(/\/(\d+)\/?$/);
    if (!match) {
        throw new Error(`no record id in ${window.location.pathname}`);
    }
    return match[1];
}

// The document's download, fetched as the user's browser would: a docx file.
async function fetchDocument(kind) {
    const response = await fetch(`/zugong_info/${kind}/${recordId()}/document.docx`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.ok || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
        throw new Error(`the ${kind}'s document did not download: HTTP ${response.status}`);
    }
}

registry.category("web_tour.tours").add("zugong_research_notice", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_notices", "zugong_info.menu_zugong_notice_generate", "Generate a notice"),
        {
            content: "Rank each unit among the units of its kind",
            trigger: ".modal .o_field_widget[name='rank_within'] input[data-value='kind']",
            run: "click",
        },
        {
            content: "Generate it",
            trigger: ".modal footer button[name='action_generate']",
            run: "click",
        },
        {
            content: "The notice arrives as a draft",
            trigger: "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value='draft']",
        },
        {
            content: "ranked within kinds",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='kind']",
        },
        {
            content: "Open the units that submitted nothing",
            trigger: ".o_notebook .nav-link[name='zero']",
            run: "click",
        },
        {
            content: "They are listed",
            trigger: ".o_field_widget[name='zero_line_ids'] .o_data_row",
        },
        {
            content: "The overall situation is drafted from the figures",
            trigger: ".o_field_widget[name='document_overview'] textarea",
            run() {
                if (!this.anchor.value.startsWith("一、")) {
                    throw new Error(`the overall situation is not drafted: ${this.anchor.value}`);
                }
            },
        },
        {
            content: "Rewrite the praise",
            trigger: ".o_field_widget[name='document_praised'] textarea",
            run: `edit ${PRAISED}`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Read the notice as an official document",
            trigger: ".o_form_statusbar button[name='action_download_docx']",
            async run() {
                await fetchDocument("notice");
            },
        },
    ],
});
