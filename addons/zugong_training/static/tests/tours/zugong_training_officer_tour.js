/** @odoo-module **/

import { registry } from "@web/core/registry";

// The officer signs in to today's session with its code, lands on a page that can be
// reloaded, then asks for leave from next week's workshop. tests/test_tour_training.py
// checks the database afterwards.
registry.category("web_tour.tours").add("zugong_training_officer_signin_leave", {
    url: "/my/training",
    steps: () => [
        { content: "Open today's session", trigger: "a:contains(直报点信息写作实训)", run: "click" },
        { content: "Type the code shown at the session", trigger: "#training_code", run: "edit 802613" },
        { content: "Sign in", trigger: "#training_signin button[type='submit']", run: "click" },
        {
            content: "Signed in, on the session's own page (a GET that can be reloaded)",
            trigger: "#training_signin_message",
            run() {
                if (window.location.pathname.endsWith("/signin")) {
                    throw new Error(`the result is the POST's page: ${window.location.pathname}`);
                }
            },
        },
        { content: "My attendance reads present", trigger: "#training_my_attendance:contains(出席)" },
        { content: "Back to my training", trigger: "a[href='/my/training']:last", run: "click" },
        { content: "Open next week's workshop", trigger: "a:contains(基层组工信息写作研讨)", run: "click" },
        {
            content: "The reason for leave",
            trigger: "#training_leave_reason",
            run: "edit 当天需参加街道防汛值班",
        },
        { content: "Ask for leave", trigger: "#training_leave_form button[type='submit']", run: "click" },
        { content: "The request is sent to HR", trigger: "#training_signin_message:contains(已提交人事科)" },
        { content: "It waits for HR", trigger: "#training_leave:contains(待人事科审批)" },
    ],
});
