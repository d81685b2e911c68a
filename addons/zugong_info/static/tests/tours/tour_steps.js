/** @odoo-module **/

import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Steps shared by the back-office tours.

// From the home screen: the apps menu, then the information work app.
export function openInformationApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the information work app",
            trigger: ".o_app[data-menu-xmlid='zugong_info.menu_zugong_root']",
            run: "click",
        },
    ];
}

// In an app: a section of the top menu, then one of its items (menus by xmlid).
export function openMenuItem(section, item, content) {
    return [
        {
            content: `Open the menu ${section}`,
            trigger: `.o_menu_sections button[data-menu-xmlid='${section}']`,
            run: "click",
        },
        {
            content,
            trigger: `.dropdown-item[data-menu-xmlid='${item}']`,
            run: "click",
        },
    ];
}
