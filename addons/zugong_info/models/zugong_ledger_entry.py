from odoo import _, api, fields, models
from odoo.exceptions import UserError

LEDGER_KINDS = [
    ("royalty", "Royalty"),
    ("bonus", "Bonus"),
    ("demerit", "Demerit"),
    ("penalty", "Withheld Pay"),
]
LEDGER_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("paid", "Paid"),
    ("reversed", "Reversed"),
]
# What may still change once an entry is confirmed: its way to payment or reversal.
MUTABLE_AFTER_CONFIRMATION = {
    "state", "batch_id", "paid_on", "write_uid", "write_date", "message_main_attachment_id",
}
ALLOWED_STATE_CHANGES = {("confirmed", "paid"), ("confirmed", "reversed"), ("paid", "reversed")}


class ZugongLedgerEntry(models.Model):
    """The reward and penalty ledger (奖惩台账): royalties, bonuses, demerits and withheld pay.
    A confirmed entry is never edited nor deleted, by any path: the ORM refuses, and a
    trigger in the database refuses what bypasses the ORM. A mistake is corrected by a
    reversal entry that points to it."""

    _name = "zugong.ledger.entry"
    _description = "Ledger Entry"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Description", required=True)
    kind = fields.Selection(LEDGER_KINDS, "Entry Kind", required=True, index=True)
    award = fields.Char(help="The award or demerit, e.g. advanced unit (先进集体).")
    user_id = fields.Many2one("res.users", "Person", index=True, ondelete="restrict")
    unit_id = fields.Many2one("zugong.unit", "Unit", index=True, ondelete="restrict", check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id,
        help="The company's currency when the entry was made; it stays with the entry.",
    )
    amount = fields.Monetary()
    points = fields.Float(digits=(16, 2))
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    source_model = fields.Char(index=True)
    source_id = fields.Many2oneReference("Source", model_field="source_model", index=True)
    adoption_id = fields.Many2one("zugong.adoption", "Adoption", index=True, ondelete="restrict")
    item_id = fields.Many2one("zugong.item", "Item", index=True, ondelete="restrict")
    state = fields.Selection(LEDGER_STATES, required=True, default="draft", tracking=True, index=True, copy=False)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", "Confirmed By", readonly=True, copy=False)
    paid_on = fields.Date(readonly=True, copy=False)
    batch_id = fields.Many2one("zugong.payment.batch", "Payment Batch", index=True, ondelete="restrict", copy=False)
    reversal_of_id = fields.Many2one("zugong.ledger.entry", "Reverses", index=True, ondelete="restrict", copy=False)
    reversal_ids = fields.One2many("zugong.ledger.entry", "reversal_of_id", "Reversed By")
    note = fields.Text()

    _sql_constraints = [
        ("beneficiary", "CHECK (user_id IS NOT NULL OR unit_id IS NOT NULL)",
         "A ledger entry names a person or a unit."),
        ("something", "CHECK (amount <> 0 OR points <> 0)", "A ledger entry has an amount or points."),
    ]

    def init(self):
        self.env.cr.execute("""
            CREATE OR REPLACE FUNCTION zugong_ledger_entry_guard() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    IF OLD.state <> 'draft' THEN
                        RAISE EXCEPTION 'ledger entry % is %: it cannot be deleted, only reversed', OLD.id, OLD.state
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'zugong_ledger_entry_immutable';
                    END IF;
                    RETURN OLD;
                END IF;
                IF OLD.state <> 'draft' AND (
                        (NEW.name, NEW.kind, NEW.award, NEW.user_id, NEW.unit_id, NEW.company_id, NEW.currency_id,
                         NEW.amount, NEW.points, NEW.date, NEW.source_model, NEW.source_id, NEW.adoption_id,
                         NEW.item_id, NEW.reversal_of_id, NEW.confirmed_on, NEW.confirmed_by_id, NEW.note)
                        IS DISTINCT FROM
                        (OLD.name, OLD.kind, OLD.award, OLD.user_id, OLD.unit_id, OLD.company_id, OLD.currency_id,
                         OLD.amount, OLD.points, OLD.date, OLD.source_model, OLD.source_id, OLD.adoption_id,
                         OLD.item_id, OLD.reversal_of_id, OLD.confirmed_on, OLD.confirmed_by_id, OLD.note)
                        OR (NEW.state <> OLD.state AND (OLD.state, NEW.state) NOT IN
                            (('confirmed', 'paid'), ('confirmed', 'reversed'), ('paid', 'reversed')))) THEN
                    RAISE EXCEPTION 'ledger entry % is %: it cannot be changed, only reversed', OLD.id, OLD.state
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'zugong_ledger_entry_immutable';
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS zugong_ledger_entry_guard ON zugong_ledger_entry;
            CREATE TRIGGER zugong_ledger_entry_guard BEFORE UPDATE OR DELETE ON zugong_ledger_entry
                FOR EACH ROW EXECUTE FUNCTION zugong_ledger_entry_guard();
        """)

    # ------------------------------------------------------------------ immutability

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        for vals in vals_list:
            if vals.get("company_id") and not vals.get("currency_id"):
                vals["currency_id"] = Company.browse(vals["company_id"]).currency_id.id
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        settled = self.filtered(lambda entry: entry.state != "draft")
        if settled:
            changed = set(vals) - MUTABLE_AFTER_CONFIRMATION
            if changed:
                raise UserError(_(
                    "%s is confirmed: it cannot be changed. Reverse it and record a new entry.",
                    settled[0].display_name,
                ))
            if "state" in vals:
                for entry in settled:
                    if (entry.state, vals["state"]) not in ALLOWED_STATE_CHANGES and entry.state != vals["state"]:
                        raise UserError(_("%(entry)s cannot go from %(old)s to %(new)s.",
                                          entry=entry.display_name, old=entry.state, new=vals["state"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(entry.state != "draft" for entry in self):
            raise UserError(_("Confirmed ledger entries cannot be deleted: reverse them instead."))

    # ------------------------------------------------------------------ actions

    def action_confirm(self):
        if any(entry.state != "draft" for entry in self):
            raise UserError(_("Only draft entries can be confirmed."))
        self.write({"state": "confirmed", "confirmed_on": fields.Datetime.now(), "confirmed_by_id": self.env.user.id})
        return True

    def action_reverse(self, reason=None):
        """A reversal entry cancels each entry; the entries are marked reversed."""
        if any(entry.state not in ("confirmed", "paid") for entry in self):
            raise UserError(_("Only confirmed or paid entries can be reversed."))
        reversals = self.create([{
            "name": _("Reversal of %(entry)s%(reason)s", entry=entry.name,
                      reason=_(": %s", reason) if reason else ""),
            "kind": entry.kind,
            "award": entry.award,
            "user_id": entry.user_id.id,
            "unit_id": entry.unit_id.id,
            "company_id": entry.company_id.id,
            "currency_id": entry.currency_id.id,
            "amount": -entry.amount,
            "points": -entry.points,
            "source_model": entry.source_model,
            "source_id": entry.source_id,
            "adoption_id": entry.adoption_id.id,
            "item_id": entry.item_id.id,
            "reversal_of_id": entry.id,
            "state": "confirmed",
            "confirmed_on": fields.Datetime.now(),
            "confirmed_by_id": self.env.user.id,
        } for entry in self])
        self.write({"state": "reversed"})
        return reversals

    # ------------------------------------------------------------------ royalties

    @api.model
    def _create_royalties(self, adoptions):
        """Draft royalties for the authors of adopted items, by the company's royalty rules."""
        rules = self.env["zugong.royalty.rule"].search([("company_id", "in", adoptions.company_id.ids)])
        values = []
        forms = dict(adoptions._fields["form"]._description_selection(self.env))
        for adoption in adoptions:
            item = adoption.item_id
            rule = rules.filtered(lambda r: r.company_id == adoption.company_id)._best_for(
                adoption.level, adoption.form, item.word_count
            )
            authors = item.author_ids
            if not rule or not rule.amount or not authors:
                continue
            amount = rule.amount / len(authors) if rule.split_among_authors else rule.amount
            for author in authors:
                values.append({
                    "name": _("Royalty: %(item)s, %(publication)s %(issue)s (%(form)s)",
                              item=item.name, publication=adoption.publication_id.name,
                              issue=adoption.issue, form=forms.get(adoption.form)),
                    "kind": "royalty",
                    "user_id": author.id,
                    "unit_id": item.unit_id.id,
                    "company_id": adoption.company_id.id,
                    "amount": round(amount, 2),
                    "date": adoption.date,
                    "source_model": "zugong.adoption",
                    "source_id": adoption.id,
                    "adoption_id": adoption.id,
                    "item_id": item.id,
                })
        return self.create(values)

    @api.model
    def _remove_drafts_of(self, adoptions):
        """The draft royalties of removed adoptions go with them; an adoption whose royalty
        was confirmed stays on record."""
        entries = self.sudo().search([("adoption_id", "in", adoptions.ids)])
        if entries.filtered(lambda entry: entry.state != "draft"):
            raise UserError(_("A royalty of this adoption is confirmed: the adoption stays on record."))
        entries.unlink()
