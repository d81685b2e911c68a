/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "@zugong_info/../tests/tours/tour_steps";

// The administrator opens the information work's settings from its Configuration menu,
// changes the urgent reports' deadline and the training's late rule of the current company
// and saves: the page comes back with the company's new values.
registry.category("web_tour.tours").add("zugong_settings_per_company", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_config", "zugong_info.menu_zugong_settings", "Open the settings"),
        {
            content: "The information work's settings are shown",
            trigger: ".settings_tab .tab.selected[data-key='zugong_info']",
        },
        {
            content: "Set the urgent reports' deadline",
            trigger: ".o_field_widget[name='zugong_urgent_deadline_hours'] input",
            run: "edit 12",
        },
        {
            content: "Open the training's settings",
            trigger: ".settings_tab .tab[data-key='zugong_training']",
            run: "click",
        },
        {
            content: "Set when a sign-in is late",
            trigger: ".o_field_widget[name='zugong_training_late_minutes'] input",
            run: "edit 20",
        },
        {
            content: "Mark the page before saving, to see it come back",
            trigger: ".o_form_button_save",
            run() {
                document.body.classList.add("o_zugong_settings_unsaved");
            },
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The settings come back, saved",
            trigger: "body:not(.o_zugong_settings_unsaved) .o_field_widget[name='zugong_training_late_minutes'] input",
        },
    ],
});
