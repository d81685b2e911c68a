/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// The research office opens the items from the app's menu, opens the newest one and
// leaves a note on it.
let openedTitle = null;

registry.category("web_tour.tours").add("zugong_research_review_item", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_items", "zugong_info.menu_zugong_item", "Open the list of items"),
        {
            content: "Open the newest item",
            trigger: ".o_list_view .o_data_row:first-child td.o_data_cell[name='name']",
            run(helpers) {
                openedTitle = this.anchor.textContent.trim();
                return helpers.click();
            },
        },
        {
            content: "The form shows the item that was clicked",
            trigger: ".o_form_view .o_field_widget[name='name']",
            run() {
                const shown = (this.anchor.querySelector("input, textarea") || this.anchor);
                const title = (shown.value ?? shown.textContent).trim();
                if (!openedTitle || title !== openedTitle) {
                    throw new Error(`opened "${openedTitle}" but the form shows "${title}"`);
                }
            },
        },
        {
            content: "Log a note",
            trigger: ".o-mail-Chatter-topbar button.o-mail-Chatter-logNote",
            run: "click",
        },
        {
            content: "Write the note",
            trigger: ".o-mail-Composer-input",
            run: "edit 已阅，请按意见修改后报送。",
        },
        {
            content: "Send the note",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The note is in the chatter",
            trigger: ".o-mail-Message-body:contains(已阅，请按意见修改后报送。)",
        },
    ],
});
