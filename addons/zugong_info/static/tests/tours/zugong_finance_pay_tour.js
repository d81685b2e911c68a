/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openInformationApp, openMenuItem } from "./tour_steps";

// Finance confirms the drafted royalties and unit bonuses in one go from the ledger's
// list, looks at them by unit and month (pivot) and by month and kind (graph), then makes
// a payment batch, picks the confirmed entries and marks it paid.

registry.category("web_tour.tours").add("zugong_finance_pay", {
    url: "/odoo",
    steps: () => [
        ...openInformationApp(),
        ...openMenuItem("zugong_info.menu_zugong_scores", "zugong_info.menu_zugong_ledger_entry", "Open the ledger"),
        {
            content: "The ledger lists the drafts",
            trigger: ".o_list_view .o_data_row.text-info",
        },
        {
            content: "Select every entry",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Confirm them in one go",
            trigger: ".o_control_panel button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Agree",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "No draft is left",
            trigger: ".o_list_view:not(:has(.o_data_row.text-info)) .o_data_row",
        },
        {
            content: "See the ledger by unit and month",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot sums the amounts",
            trigger: ".o_pivot .o_pivot_cell_value:not(:empty)",
        },
        {
            content: "See the ledger by month and kind",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        ...openMenuItem("zugong_info.menu_zugong_scores", "zugong_info.menu_zugong_payment_batch", "Open the payment batches"),
        {
            content: "Make a new batch",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit 年度稿酬及单位奖金发放",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Pick the confirmed entries",
            trigger: ".o_form_view button[name='action_load_entries']",
            run: "click",
        },
        {
            content: "The batch holds the entries",
            trigger: ".o_form_view .o_field_widget[name='entry_ids'] .o_data_row",
        },
        {
            content: "Mark it paid",
            trigger: ".o_form_view button[name='action_mark_paid']",
            run: "click",
        },
        {
            content: "Agree",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The batch is paid",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='paid']",
        },
    ],
});
