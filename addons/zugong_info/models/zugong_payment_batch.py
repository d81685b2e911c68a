import base64
import io
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.settings import document_lang
from ..tools.xlsx import TextWorkbook
from .zugong_ledger_entry import LEDGER_KINDS


class ZugongPaymentBatch(models.Model):
    """Finance's payment list: confirmed unpaid entries picked by period, kind and unit,
    exported as an xlsx list (one row per person, the entries on a second sheet) and
    marked paid once paid."""

    _name = "zugong.payment.batch"
    _description = "Payment Batch"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: _("Payment list %s", fields.Date.context_today(self)))
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_from = fields.Date("Entries From")
    date_to = fields.Date("Entries To")
    kind = fields.Selection(LEDGER_KINDS, "Entry Kind", help="Empty for every kind.")
    unit_id = fields.Many2one("zugong.unit", "Unit or Below", check_company=True)
    state = fields.Selection(
        [("draft", "Draft"), ("paid", "Paid")], required=True, default="draft", tracking=True
    )
    entry_ids = fields.One2many("zugong.ledger.entry", "batch_id", "Entries")
    entry_count = fields.Integer(compute="_compute_totals")
    total_amount = fields.Monetary(compute="_compute_totals")
    export_file = fields.Binary("Payment List", attachment=True, readonly=True, copy=False)
    export_filename = fields.Char(readonly=True, copy=False)

    @api.depends("entry_ids.amount")
    def _compute_totals(self):
        for batch in self:
            batch.entry_count = len(batch.entry_ids)
            batch.total_amount = sum(batch.entry_ids.mapped("amount"))

    def _candidate_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id), ("state", "=", "confirmed"),
            ("batch_id", "=", False), ("amount", "!=", 0), ("user_id", "!=", False),
        ]
        if self.date_from:
            domain.append(("date", ">=", self.date_from))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        if self.kind:
            domain.append(("kind", "=", self.kind))
        if self.unit_id:
            domain.append(("unit_id", "child_of", self.unit_id.id))
        return domain

    def action_load_entries(self):
        for batch in self:
            if batch.state != "draft":
                raise UserError(_("Entries can only be added to a draft batch."))
            entries = self.env["zugong.ledger.entry"].search(batch._candidate_domain())
            if not entries:
                raise UserError(_("No confirmed unpaid entries match the batch's filters."))
            entries.write({"batch_id": batch.id})
        return True

    def action_release_entries(self):
        for batch in self:
            if batch.state != "draft":
                raise UserError(_("A paid batch keeps its entries."))
            batch.entry_ids.write({"batch_id": False})
        return True

    def action_export(self):
        self.ensure_one()
        if not self.entry_ids:
            raise UserError(_("The batch has no entries to export."))
        self.write({
            "export_file": base64.b64encode(self.with_context(lang=document_lang(self.env))._xlsx()),
            "export_filename": f"{self.name}.xlsx",
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/zugong.payment.batch/{self.id}/export_file/{self.export_filename}?download=true",
            "target": "self",
        }

    def action_mark_paid(self):
        for batch in self:
            if batch.state != "draft" or not batch.entry_ids:
                raise UserError(_("Only a draft batch with entries can be marked paid."))
            batch.entry_ids.write({"state": "paid", "paid_on": batch.date})
            batch.state = "paid"
            batch.message_post(body=_("Marked paid: %(count)s entries, %(total)s in all.",
                                      count=batch.entry_count, total=batch.total_amount))
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(batch.state == "paid" for batch in self):
            raise UserError(_("A paid batch is kept."))

    def _xlsx(self):
        """The payment list: a summary per person with totals, the entries in detail."""
        output = io.BytesIO()
        workbook = TextWorkbook(output)
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00", "border": 1})
        cell = workbook.add_format({"border": 1})
        total_money = workbook.add_format({"num_format": "#,##0.00", "bold": True, "border": 1})
        total_label = workbook.add_format({"bold": True, "border": 1})
        kinds = dict(self.env["zugong.ledger.entry"]._fields["kind"]._description_selection(self.env))
        entries = self.entry_ids.sorted(lambda entry: (entry.user_id.name or "", entry.date, entry.id))

        summary = workbook.add_worksheet(_("Summary"))
        summary.write(0, 0, self.name, title)
        headers = [_("No."), _("Person"), _("Unit"), _("Entries"), _("Amount")]
        summary.write_row(2, 0, headers, header)
        totals = defaultdict(lambda: [0, 0.0])
        units = {}
        for entry in entries:
            totals[entry.user_id][0] += 1
            totals[entry.user_id][1] += entry.amount
            units.setdefault(entry.user_id, entry.unit_id.name or "")
        row = 3
        for number, (person, (count, amount)) in enumerate(totals.items(), start=1):
            summary.write_row(row, 0, [number, person.name, units[person], count], cell)
            summary.write_number(row, 4, round(amount, 2), money)
            row += 1
        summary.write(row, 0, _("Total"), total_label)
        summary.write_row(row, 1, ["", "", len(entries)], total_label)
        summary.write_number(row, 4, round(sum(entries.mapped("amount")), 2), total_money)
        summary.set_column(0, 0, 6)
        summary.set_column(1, 2, 24)
        summary.set_column(3, 4, 12)
        summary.freeze_panes(3, 0)

        detail = workbook.add_worksheet(_("Entries"))
        detail_headers = [_("Date"), _("Person"), _("Unit"), _("Type"), _("Description"), _("Amount")]
        detail.write_row(0, 0, detail_headers, header)
        for row, entry in enumerate(entries, start=1):
            detail.write_row(row, 0, [fields.Date.to_string(entry.date), entry.user_id.name,
                                      entry.unit_id.name or "", kinds[entry.kind], entry.name], cell)
            detail.write_number(row, 5, entry.amount, money)
        detail.write(len(entries) + 1, 0, _("Total"), total_label)
        detail.write_number(len(entries) + 1, 5, round(sum(entries.mapped("amount")), 2), total_money)
        detail.set_column(0, 0, 12)
        detail.set_column(1, 3, 18)
        detail.set_column(4, 4, 60)
        detail.set_column(5, 5, 12)
        detail.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()
