import base64
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.freeze import changed_except_sql, create_guard_trigger
from ..tools.money import capital_amount, exact_sum
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
        for a person or a unit; a reversal only when it takes back a payment (the reversal
        of an entry that was never paid cancels it, and is not paid either)."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id), ("currency_id", "=", self.currency_id.id),
            ("state", "=", "confirmed"), ("batch_id", "=", False), ("amount", "!=", 0),
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
            self.sudo().entry_ids._leave_batch()
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
            entries.sudo()._join_batch(batch)
        return True

    def action_release_entries(self):
        self._check_draft(_("A paid batch keeps its entries."))
        self._check_may_pay()
        self.sudo().entry_ids._leave_batch()
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

    def _bank_accounts(self, people):
        """The bank account of each of ``people`` on their employee record in the batch's
        company, by user id (none where HR recorded none). Read as superuser: paying is
        what finance needs them for, and finance reads nothing else of the employees."""
        employees = self.env["hr.employee"].sudo().search([
            ("user_id", "in", people.ids), ("company_id", "=", self.company_id.id),
            ("bank_account_id", "!=", False),
        ])
        return {employee.user_id.id: employee.bank_account_id for employee in employees}

    def _payment_rows(self, entries):
        """The payment list's rows: one per person for their own money, one per unit and
        payee for a unit's money, in the order of the names."""
        rows = {}
        for entry in entries:
            key = (entry.recipient_id, entry.unit_id if not entry.user_id else None)
            rows.setdefault(key, self.env["zugong.ledger.entry"])
            rows[key] |= entry
        return sorted(rows.items(), key=lambda row: (row[0][0].name or "", row[0][1] is not None,
                                                      row[0][1] and row[0][1].complete_name or ""))

    def _xlsx(self):
        """The payment list a paying office pays from, in A4 landscape fitted to the page
        width: per row the payee, their unit, what is paid, the amount in figures and in
        capital numerals (大写), the bank account the employee record holds and room to
        sign; the entries in detail on a second sheet. Each sheet carries its totals,
        written as numbers (no formula). Typed text is stored as text."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = TextWorkbook(output)
        title = workbook.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        info = workbook.add_format({"align": "left", "valign": "vcenter"})
        header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "align": "center",
                                      "valign": "vcenter", "text_wrap": True})
        cell = workbook.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
        centered = workbook.add_format({"border": 1, "valign": "vcenter", "align": "center"})
        money = workbook.add_format({"num_format": "#,##0.00", "border": 1, "valign": "vcenter"})
        total_label = workbook.add_format({"bold": True, "border": 1, "valign": "vcenter"})
        total_money = workbook.add_format({"num_format": "#,##0.00", "bold": True, "border": 1, "valign": "vcenter"})
        kinds = dict(self.env["zugong.ledger.entry"]._fields["kind"]._description_selection(self.env))
        entries = self.entry_ids.sorted(lambda entry: (entry.recipient_id.name or "", entry.date, entry.id))
        total = exact_sum(entries.mapped("amount"))
        accounts = self._bank_accounts(entries.recipient_id)
        footer = "&C" + _("Page &P of &N")

        def set_up_page(sheet, header_row):
            sheet.set_paper(9)  # A4
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)  # the width of one page, as many pages as it takes
            sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
            sheet.center_horizontally()
            sheet.repeat_rows(header_row)
            sheet.set_footer(footer)
            sheet.freeze_panes(header_row + 1, 0)

        # The list to pay from
        summary = workbook.add_worksheet(_("Payment List"))
        headers = [_("No."), _("Payee"), _("Unit"), _("Paid For"), _("Entries"), _("Amount (yuan)"),
                   _("Amount in Words"), _("Bank"), _("Account Number"), _("Signature")]
        widths = [6, 12, 28, 22, 6, 14, 36, 20, 24, 14]
        last = len(headers) - 1
        summary.merge_range(0, 0, 0, last, self.name, title)
        summary.set_row(0, 30)
        summary.merge_range(1, 0, 1, last, _(
            "%(company)s    Payment date: %(date)s    %(count)s entries",
            company=self.company_id.name, date=fields.Date.to_string(self.date), count=len(entries),
        ), info)
        summary.write_row(3, 0, headers, header)
        summary.set_row(3, 30)
        row = 4
        for number, ((person, unit), row_entries) in enumerate(self._payment_rows(entries), start=1):
            labels = ", ".join(dict.fromkeys(kinds[kind] for kind in row_entries.mapped("kind")))
            paid_for = _("Unit money: %s", labels) if unit else labels
            unit_name = unit.name if unit else ", ".join(dict.fromkeys(row_entries.unit_id.mapped("name")))
            amount = exact_sum(row_entries.mapped("amount"))
            account = accounts.get(person.id)
            summary.write_number(row, 0, number, centered)
            summary.write_row(row, 1, [person.name or "", unit_name, paid_for], cell)
            summary.write_number(row, 4, len(row_entries), centered)
            summary.write_number(row, 5, amount, money)
            summary.write_row(row, 6, [capital_amount(amount), account and account.bank_id.name or "",
                                       account and account.acc_number or "", ""], cell)
            summary.set_row(row, 28)  # room to sign
            row += 1
        summary.write(row, 0, _("Total"), total_label)
        summary.write_row(row, 1, ["", "", ""], total_label)
        summary.write_number(row, 4, len(entries), total_label)
        summary.write_number(row, 5, total, total_money)
        summary.write(row, 6, capital_amount(total), total_label)
        summary.write_row(row, 7, ["", "", ""], total_label)
        summary.set_row(row, 24)
        summary.write(row + 2, 0, _("Prepared by: %(name)s        Checked by:                Approved by:",
                                    name=self.env.user.name), info)
        for column, width in enumerate(widths):
            summary.set_column(column, column, width)
        set_up_page(summary, 3)

        # The entries in detail
        detail = workbook.add_worksheet(_("Entries in Detail"))
        detail_headers = [_("Date"), _("Payee"), _("Unit"), _("Type"), _("Description"), _("Amount (yuan)")]
        detail.write_row(0, 0, detail_headers, header)
        for row, entry in enumerate(entries, start=1):
            detail.write_row(row, 0, [fields.Date.to_string(entry.date), entry.recipient_id.name or "",
                                      entry.unit_id.name or "", kinds[entry.kind], entry.name], cell)
            detail.write_number(row, 5, entry.amount, money)
        detail.write(len(entries) + 1, 0, _("Total"), total_label)
        detail.write_row(len(entries) + 1, 1, ["", "", "", ""], total_label)
        detail.write_number(len(entries) + 1, 5, total, total_money)
        for column, width in enumerate([12, 12, 28, 10, 60, 14]):
            detail.set_column(column, column, width)
        set_up_page(detail, 0)
        workbook.close()
        return output.getvalue()
