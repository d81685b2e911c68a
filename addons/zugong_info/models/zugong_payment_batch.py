import base64
import io
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.freeze import changed_except_sql, create_guard_trigger
from ..tools.money import exact_sum
from ..tools.settings import document_lang
from ..tools.xlsx import TextWorkbook
from .zugong_ledger_entry import LEDGER_KINDS

PAID_MESSAGE = (
    "A payment batch is marked paid once all its entries are paid; a paid batch is frozen: it "
    "cannot change, go back to draft nor be deleted, and its entries stay in it."
)


class ZugongPaymentBatch(models.Model):
    """Finance's payment list: confirmed unpaid entries picked by period, kind and unit,
    exported as an xlsx list (one row per person, the entries on a second sheet) and
    marked paid once paid. Only finance works on batches (the research office reads them);
    the entries, the state and the exported list are set by the actions only, and a paid
    batch is frozen in the database."""

    _name = "zugong.payment.batch"
    _description = "Payment Batch"
    _inherit = ["zugong.guarded.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "entry_ids", "export_file", "export_filename")

    name = fields.Char(required=True, default=lambda self: _("Payment list %s", fields.Date.context_today(self)))
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_from = fields.Date("Entries From")
    date_to = fields.Date("Entries To")
    kind = fields.Selection(LEDGER_KINDS, "Entry Kind", help="Empty for every kind.")
    unit_id = fields.Many2one("zugong.unit", "Unit or Below", check_company=True)
    state = fields.Selection(
        [("draft", "Draft"), ("paid", "Paid")], required=True, default="draft", tracking=True, readonly=True,
        copy=False,
    )
    entry_ids = fields.One2many("zugong.ledger.entry", "batch_id", "Entries", readonly=True)
    entry_count = fields.Integer(compute="_compute_totals")
    total_amount = fields.Monetary(compute="_compute_totals")
    export_file = fields.Binary("Payment List", attachment=True, readonly=True, copy=False)
    export_filename = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        ("date_range", "CHECK (date_from IS NULL OR date_to IS NULL OR date_from <= date_to)",
         "The entries of a batch run from an earlier to a later date."),
        # The trigger of init() refuses under this name what only a change or the entries tell.
        ("paid_frozen", "CHECK (state IN ('draft', 'paid'))", PAID_MESSAGE),
    ]

    def init(self):
        """A paid batch, frozen in the database: created draft; marked paid only when it has
        entries and all are paid, on its date; never changed, put back to draft or deleted
        afterwards (but for recording the payment list of a batch paid without one); a
        draft batch whose entries are being paid only becomes paid."""
        entries = "SELECT 1 FROM zugong_ledger_entry entry WHERE entry.batch_id = NEW.id"
        create_guard_trigger(self.env.cr, self._table, rules=[(
            f"""TG_OP = 'INSERT' AND NEW.state <> 'draft'
                OR TG_OP = 'DELETE' AND OLD.state <> 'draft'
                OR TG_OP = 'UPDATE' AND OLD.state <> 'draft' AND (
                    {changed_except_sql(("write_uid", "write_date", "export_filename"))}
                    OR NEW.export_filename IS DISTINCT FROM OLD.export_filename AND OLD.export_filename IS NOT NULL)
                OR TG_OP = 'UPDATE' AND OLD.state = 'draft' AND NEW.state <> 'draft' AND (
                    NEW.state <> 'paid' OR NOT EXISTS ({entries})
                    OR EXISTS ({entries} AND (entry.state <> 'paid' OR entry.paid_on IS DISTINCT FROM NEW.date)))
                OR TG_OP = 'UPDATE' AND OLD.state = 'draft' AND NEW.state = 'draft'
                   AND EXISTS ({entries} AND (entry.state = 'paid' OR entry.company_id <> NEW.company_id))""",
            self._sql_name("paid_frozen"), PAID_MESSAGE,
        )])

    def _sql_name(self, key):
        return f"{self._table}_{key}"

    @api.depends("entry_ids.amount")
    def _compute_totals(self):
        for batch in self:
            batch.entry_count = len(batch.entry_ids)
            batch.total_amount = exact_sum(batch.entry_ids.mapped("amount"))

    def _candidate_domain(self):
        """Confirmed entries of the batch's company and currency, not in a batch, with money
        for a person; a reversal only when it takes back a payment (the reversal of an entry
        that was never paid cancels it, and is not paid either)."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id), ("currency_id", "=", self.currency_id.id),
            ("state", "=", "confirmed"), ("batch_id", "=", False), ("amount", "!=", 0),
            ("user_id", "!=", False),
            "|", ("reversal_of_id", "=", False), ("reversal_of_id.paid_on", "!=", False),
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

    # ------------------------------------------------------------------ frozen when paid

    def write(self, vals):
        paid = self.filtered(lambda batch: batch.state == "paid")
        if paid and not (set(vals) <= {"export_file", "export_filename"}
                         and not any(paid.mapped("export_filename"))):
            raise UserError(_("%s is paid: a paid batch is frozen.", paid[0].display_name))
        if "company_id" in vals and any(batch.entry_ids and batch.company_id.id != vals["company_id"]
                                        for batch in self):
            raise UserError(_("Release the entries of the batch before moving it to another company."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(batch.state == "paid" for batch in self):
            raise UserError(_("A paid batch is kept."))

    def unlink(self):
        """A draft batch that is deleted releases its entries first."""
        if not any(batch.state == "paid" for batch in self):
            self._check_may_pay()
            entries = self.sudo().entry_ids
            entries._flush_step()
            entries.write({"batch_id": False})
            entries._flush_step()
        return super().unlink()

    # ------------------------------------------------------------------ actions

    def _check_may_pay(self):
        """Picking, releasing, exporting and paying are finance's: the user writes the batches."""
        if not self.env.su:
            self.check_access("write")

    def _check_draft(self, message):
        if any(batch.state != "draft" for batch in self):
            raise UserError(message)

    def action_load_entries(self):
        self._check_draft(_("Entries can only be added to a draft batch."))
        self._check_may_pay()
        for batch in self:
            entries = self.env["zugong.ledger.entry"].search(batch._candidate_domain())
            if not entries:
                raise UserError(_("No confirmed unpaid entries match the batch's filters."))
            entries = entries.sudo()
            entries._flush_step()
            entries.write({"batch_id": batch.id})
            entries._flush_step()
        return True

    def action_release_entries(self):
        self._check_draft(_("A paid batch keeps its entries."))
        self._check_may_pay()
        entries = self.sudo().entry_ids
        entries._flush_step()
        entries.write({"batch_id": False})
        entries._flush_step()
        return True

    def action_export(self):
        """The payment list of a draft batch, made anew; a paid batch's list as it was recorded."""
        self.ensure_one()
        if not self.entry_ids:
            raise UserError(_("The batch has no entries to export."))
        if self.state == "draft" or not self.export_file:
            self._check_may_pay()
            self._record_payment_list()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/zugong.payment.batch/{self.id}/export_file/{self.export_filename}?download=true",
            "target": "self",
        }

    def _record_payment_list(self):
        self.ensure_one()
        self.sudo().write({
            "export_file": base64.b64encode(self.with_context(lang=document_lang(self.env))._xlsx()),
            "export_filename": f"{self.name}.xlsx",
        })

    def action_mark_paid(self):
        """The entries are paid on the batch's date, then the batch is paid, with the payment
        list it was paid by."""
        if any(batch.state != "draft" or not batch.entry_ids for batch in self):
            raise UserError(_("Only a draft batch with entries can be marked paid."))
        self._check_may_pay()
        for batch in self:
            if not batch.export_file:
                batch._record_payment_list()
            entries = batch.sudo().entry_ids
            entries._flush_step()
            entries.write({"state": "paid", "paid_on": batch.date})
            entries._flush_step()
            batch.sudo().write({"state": "paid"})
            batch.sudo().flush_recordset()
            batch.message_post(body=_("Marked paid: %(count)s entries, %(total)s in all.",
                                      count=batch.entry_count, total=batch.total_amount))
        return True

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
        amounts = defaultdict(list)
        units = {}
        for entry in entries:
            amounts[entry.user_id].append(entry.amount)
            units.setdefault(entry.user_id, entry.unit_id.name or "")
        row = 3
        for number, (person, person_amounts) in enumerate(amounts.items(), start=1):
            summary.write_row(row, 0, [number, person.name or "", units[person], len(person_amounts)], cell)
            summary.write_number(row, 4, exact_sum(person_amounts), money)
            row += 1
        total = exact_sum(entries.mapped("amount"))
        summary.write(row, 0, _("Total"), total_label)
        summary.write_row(row, 1, ["", "", len(entries)], total_label)
        summary.write_number(row, 4, total, total_money)
        summary.set_column(0, 0, 6)
        summary.set_column(1, 2, 24)
        summary.set_column(3, 4, 12)
        summary.freeze_panes(3, 0)

        detail = workbook.add_worksheet(_("Entries"))
        detail_headers = [_("Date"), _("Person"), _("Unit"), _("Type"), _("Description"), _("Amount")]
        detail.write_row(0, 0, detail_headers, header)
        for row, entry in enumerate(entries, start=1):
            detail.write_row(row, 0, [fields.Date.to_string(entry.date), entry.user_id.name or "",
                                      entry.unit_id.name or "", kinds[entry.kind], entry.name], cell)
            detail.write_number(row, 5, entry.amount, money)
        detail.write(len(entries) + 1, 0, _("Total"), total_label)
        detail.write_number(len(entries) + 1, 5, total, total_money)
        detail.set_column(0, 0, 12)
        detail.set_column(1, 3, 18)
        detail.set_column(4, 4, 60)
        detail.set_column(5, 5, 12)
        detail.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()
