/** @odoo-module **/

import { registry } from "@web/core/registry";

// The unit head's journeys in the web client; tests/test_tour_unit_head.py checks the
// database afterwards.
const tours = registry.category("web_tour.tours");

function assertNoFormError() {
    if (document.querySelector(".o_error_dialog")) {
        throw new Error(document.querySelector(".o_error_dialog").textContent);
    }
}

tours.add("zugong_unit_head_signoff", {
    url: "/odoo/action-zugong_info.zugong_item_action_signoff",
    steps: () => [
        {
            content: "The list shows the 24-hour clock",
            trigger: ".o_list_view th:contains(24小时时限)",
        },
        {
            content: "The urgent item's clock stopped at the officer's sending",
            trigger: ".o_data_row:contains(老旧小区发生火情) td[name='urgent_clock']:contains(已报送（时限前)",
        },
        {
            content: "Open the urgent item",
            trigger: ".o_data_row td[name='name']:contains(老旧小区发生火情)",
            run: "click",
        },
        {
            content: "Its clock on the form",
            trigger: ".o_form_view .o_field_widget[name='urgent_clock']:contains(已报送)",
        },
        { content: "Sign it off", trigger: ".o_form_view button[name='action_sign']", run: "click" },
        {
            content: "Signed off: the button is gone",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_sign']))",
            run: assertNoFormError,
        },
        { content: "Back to the list", trigger: ".o_breadcrumb .breadcrumb-item a", run: "click" },
        {
            content: "Open the other item",
            trigger: ".o_data_row td[name='name']:contains(两委)",
            run: "click",
        },
        {
            content: "Return it for revision",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_return_wizard']:visible",
            run: "click",
        },
        {
            content: "What to revise",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: "edit 请补充评估结果运用的具体数据。",
        },
        { content: "Return", trigger: ".modal button[name='action_confirm']", run: "click" },
        {
            content: "Returned: no longer waiting for sign-off",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_sign']))",
            run: assertNoFormError,
        },
    ],
});

let moved = null;

tours.add("zugong_unit_head_split", {
    url: "/odoo/action-zugong_info.zugong_quota_action",
    steps: () => [
        {
            content: "Open the unit's quota",
            trigger: ".o_data_row td:contains(临江区委组织部)",
            run: "click",
        },
        { content: "The split among the people", trigger: ".o_notebook_headers a:contains(分解到人)", run: "click" },
        {
            content: "Read the first two shares",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:nth-child(2) td[name='monthly_min_submissions']",
            run() {
                const rows = document.querySelectorAll(".o_field_widget[name='line_ids'] .o_data_row");
                const value = (row) => parseInt(row.querySelector("td[name='monthly_min_submissions']").textContent.trim() || "0");
                const [a, b] = [value(rows[0]), value(rows[1])];
                moved = b > 0 ? [a + 1, b - 1] : [a - 1, b + 1];
            },
        },
        {
            content: "Change the first share",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:nth-child(1) td[name='monthly_min_submissions']",
            run: "click",
        },
        {
            content: "Type the first share",
            trigger: ".o_field_widget[name='line_ids'] .o_selected_row td[name='monthly_min_submissions'] input",
            run(helpers) {
                return helpers.edit(String(moved[0]));
            },
        },
        {
            content: "Change the second share",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:nth-child(2) td[name='monthly_min_submissions']",
            run: "click",
        },
        {
            content: "Type the second share",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:nth-child(2).o_selected_row td[name='monthly_min_submissions'] input",
            run(helpers) {
                return helpers.edit(String(moved[1]));
            },
        },
        { content: "Save", trigger: ".o_form_button_save:enabled", run: "click" },
        {
            content: "The change of the split is in the chatter",
            trigger: ".o-mail-Message-body:contains(任务分解已调整)",
            run: assertNoFormError,
        },
        {
            content: "Set the targets of the sub-units",
            trigger: ".o_form_view button[name='action_open_subunit_targets']",
            run: "click",
        },
        {
            content: "Give the first sub-unit more than the unit has",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:first-child td[name='monthly_min_submissions']",
            run: "click",
        },
        {
            content: "Type too much",
            trigger: ".modal .o_selected_row td[name='monthly_min_submissions'] input",
            run: "edit 999",
        },
        { content: "Save the targets", trigger: ".modal button[name='action_confirm']", run: "click" },
        {
            content: "The sums are checked, with a clear message in Chinese",
            trigger: ".o_error_dialog:contains(超出本单位的任务指标):contains(每月最低报送)",
        },
        { content: "Close the message", trigger: ".o_error_dialog .modal-footer .btn-primary", run: "click" },
        {
            content: "Give it its part",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:first-child td[name='monthly_min_submissions']",
            run: "click",
        },
        {
            content: "Type the target",
            trigger: ".modal .o_selected_row td[name='monthly_min_submissions'] input",
            run: "edit 1",
        },
        { content: "Save the targets", trigger: ".modal button[name='action_confirm']", run: "click" },
        {
            content: "Saved: the wizard closed",
            trigger: "body:not(:has(.modal))",
            run: assertNoFormError,
        },
    ],
});

tours.add("zugong_unit_head_progress", {
    url: "/my/zugong",
    steps: () => [
        {
            content: "Waiting for sign-off, the urgent one with its clock",
            trigger: "#zugong_signoff:contains(待审签) li:contains(老旧小区发生火情):contains(已报送（时限前)",
        },
        { content: "The other item waiting", trigger: "#zugong_signoff li:contains(两委)" },
        { content: "What is due from the units", trigger: "#zugong_due:contains(新就业群体党建工作)" },
        { content: "The unit's targets and who is behind", trigger: "#zugong_targets .card-header:contains(临江区委组织部)" },
        { content: "Open the urgent item to sign it off", trigger: "#zugong_signoff a:contains(老旧小区发生火情)", run: "click" },
        { content: "The item's form, with the sign-off button", trigger: ".o_form_view button[name='action_sign']" },
    ],
});

tours.add("zugong_unit_head_phone_report", {
    url: "/odoo/action-zugong_info.zugong_item_action_signoff",
    steps: () => [
        {
            content: "Open the urgent item",
            trigger: ".o_data_row td[name='name']:contains(老旧小区发生火情)",
            run: "click",
        },
        {
            content: "Record the phone report made before the written one",
            trigger: ".o_form_view button[name='action_open_phone_report']",
            run: "click",
        },
        { content: "Record it", trigger: ".modal button[name='action_confirm']", run: "click" },
        {
            content: "The form shows the phone report and who recorded it",
            trigger: ".o_form_view .o_field_widget[name='phone_reported_by_id']:contains(钱伟)",
            run: assertNoFormError,
        },
    ],
});
