from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.freeze import changed_except_sql, create_guard_trigger
from ..tools.money import split_evenly

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
# Bounds of one entry, kept by the database: a royalty or bonus of an information officer
# is some hundreds of yuan, a unit's year-end award some tens of thousands; points are
# counted in tens. An entry beyond them is a typing error (or worse), never a payment.
AMOUNT_LIMIT = 1_000_000
POINTS_LIMIT = 10_000
# What a confirmed entry may still change: its way to payment or reversal.
WAY_TO_PAYMENT = ("state", "batch_id", "paid_on", "payee_id")
STATE_CHANGES = {
    ("draft", "draft"), ("draft", "confirmed"),
    ("confirmed", "confirmed"), ("confirmed", "paid"), ("confirmed", "reversed"),
    ("paid", "paid"), ("paid", "reversed"),
    ("reversed", "reversed"),
}

FROZEN_MESSAGE = (
    "A ledger entry is recorded as a draft; once confirmed it is frozen: it is neither changed "
    "nor deleted, only paid through a payment batch or cancelled by a reversal entry."
)
PAYMENT_MESSAGE = (
    "Entries are paid only through a payment batch: a confirmed entry joins or leaves a draft "
    "batch of its company, and is paid on the batch's date when the batch is marked paid; a paid "
    "entry keeps its payment date and batch."
)
PAYEE_MESSAGE = (
    "The money of a unit (an entry for no person) is paid to a payee, named when the entry joins "
    "a payment batch and kept with its payment; an entry for a person is paid to that person."
)
REVERSAL_MESSAGE = (
    "A reversal entry cancels one confirmed or paid entry with the opposite amount and points, and "
    "is itself never reversed; an entry is marked reversed only by its reversal."
)


def _state_pairs(pairs):
    return ", ".join(f"('{old}', '{new}')" for old, new in sorted(pairs))


class ZugongLedgerEntry(models.Model):
    """The reward and penalty ledger (奖惩台账): royalties, bonuses, demerits and withheld pay.

    The research office records entries as drafts (royalties are drafted when adoptions are
    recorded, demerits when training sessions close). Finance confirms the entries that
    carry money and pays them through payment batches; the research office confirms those
    with points only. Whoever may confirm an entry may reverse it: a mistake is corrected
    by a reversal entry that points to it, never by an edit. A confirmed entry is frozen by
    every path: the ORM refuses, and the database refuses what bypasses the ORM."""

    _name = "zugong.ledger.entry"
    _description = "Ledger Entry"
    _inherit = ["zugong.guarded.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Set by the actions below (and by the code that drafts royalties and demerits), never
    # by a client's create or write.
    _workflow_fields = (
        "state", "confirmed_on", "confirmed_by_id", "paid_on", "batch_id", "payee_id", "reversal_of_id",
        "adoption_id", "source_model", "source_id",
    )

    name = fields.Char("Description", required=True)
    kind = fields.Selection(LEDGER_KINDS, "Entry Kind", required=True, index=True)
    award = fields.Char(help="The award or demerit, e.g. advanced unit (先进集体).")
    user_id = fields.Many2one("res.users", "Person", index=True, ondelete="restrict", check_company=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", index=True, ondelete="restrict", check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, required=True,
        help="The company's currency when the entry was made; it stays with the entry.",
    )
    amount = fields.Monetary(required=True, default=0.0)
    points = fields.Float(digits=(16, 2), required=True, default=0.0)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    source_model = fields.Char(index=True, readonly=True, copy=False)
    source_id = fields.Many2oneReference("Source", model_field="source_model", index=True, readonly=True,
                                         copy=False)
    adoption_id = fields.Many2one("zugong.adoption", "Adoption", index=True, ondelete="restrict",
                                  check_company=True, readonly=True, copy=False)
    item_id = fields.Many2one("zugong.item", "Item", index=True, ondelete="restrict", check_company=True)
    state = fields.Selection(LEDGER_STATES, required=True, default="draft", tracking=True, index=True,
                             copy=False, readonly=True)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", "Confirmed By", readonly=True, copy=False)
    paid_on = fields.Date(readonly=True, copy=False)
    batch_id = fields.Many2one("zugong.payment.batch", "Payment Batch", index=True, ondelete="restrict",
                               copy=False, readonly=True, check_company=True)
    payee_id = fields.Many2one(
        "res.users", "Unit Money Paid To", index=True, ondelete="restrict", readonly=True, copy=False,
        help="Who receives the money of a unit (an entry for no person): the unit's payee, else its "
             "registered officer on the batch's date, named when the entry joins a payment batch.",
    )
    recipient_id = fields.Many2one(
        "res.users", "Paid To", compute="_compute_recipient_id",
        help="The person the entry is for, or who receives the money of a unit.",
    )
    reversal_of_id = fields.Many2one("zugong.ledger.entry", "Reverses", index=True, ondelete="restrict",
                                     copy=False, readonly=True, check_company=True)
    reversal_ids = fields.One2many("zugong.ledger.entry", "reversal_of_id", "Reversed By", readonly=True)
    note = fields.Text()

    _sql_constraints = [
        ("beneficiary", "CHECK (user_id IS NOT NULL OR unit_id IS NOT NULL)",
         "A ledger entry names a person or a unit."),
        ("something", "CHECK (amount <> 0 OR points <> 0)", "A ledger entry has an amount or points."),
        ("amount_range", f"CHECK (abs(amount) < {AMOUNT_LIMIT})",
         "The amount of a ledger entry must be below 1,000,000."),
        ("points_range", f"CHECK (abs(points) < {POINTS_LIMIT})",
         "The points of a ledger entry must be below 10,000."),
        ("sign",
         "CHECK (reversal_of_id IS NOT NULL"
         " OR kind = 'royalty' AND amount > 0 AND points >= 0"
         " OR kind = 'bonus' AND amount >= 0 AND points >= 0"
         " OR kind IN ('demerit', 'penalty') AND amount <= 0 AND points <= 0)",
         "Royalties are positive amounts, bonuses are not negative, demerits and withheld pay are not "
         "positive; only a reversal entry has the opposite sign."),
        # The rows alone say this much of the workflow; the trigger of init() refuses under
        # the same names what only a change or other rows tell.
        ("frozen",
         "CHECK (state IN ('draft', 'confirmed', 'paid', 'reversed')"
         " AND (state = 'draft') = (confirmed_on IS NULL AND confirmed_by_id IS NULL)"
         " AND (state <> 'draft' OR (paid_on IS NULL AND batch_id IS NULL AND reversal_of_id IS NULL)))",
         FROZEN_MESSAGE),
        ("payment",
         "CHECK ((state <> 'paid' OR (paid_on IS NOT NULL AND batch_id IS NOT NULL))"
         " AND (state NOT IN ('draft', 'confirmed') OR paid_on IS NULL))",
         PAYMENT_MESSAGE),
        ("payee",
         "CHECK ((payee_id IS NULL OR (user_id IS NULL AND batch_id IS NOT NULL))"
         " AND (batch_id IS NULL OR user_id IS NOT NULL OR payee_id IS NOT NULL))",
         PAYEE_MESSAGE),
        ("reversal", "CHECK (reversal_of_id <> id)", REVERSAL_MESSAGE),
        ("reversal_unique", "UNIQUE (reversal_of_id)", "An entry is reversed only once."),
    ]

    def init(self):
        """The workflow, in the database, for every path that bypasses the ORM."""
        frozen = self._sql_name("frozen")
        payment = self._sql_name("payment")
        reversal = self._sql_name("reversal")
        payee = self._sql_name("payee")
        create_guard_trigger(self.env.cr, self._table, prelude="""
            -- The batches an entry joins, leaves or is paid in are locked until the end of
            -- the transaction: a batch is not marked paid while its entries move.
            IF TG_OP = 'INSERT' AND NEW.batch_id IS NOT NULL
                    OR TG_OP = 'UPDATE' AND (NEW.batch_id IS DISTINCT FROM OLD.batch_id
                                             OR NEW.state <> OLD.state AND NEW.batch_id IS NOT NULL) THEN
                PERFORM 1 FROM zugong_payment_batch WHERE id IN (OLD.batch_id, NEW.batch_id) FOR SHARE;
            END IF;
        """, rules=[
            # Recorded as a draft (only a reversal is recorded confirmed); confirmed once;
            # frozen from then on but for its way to payment or reversal; never deleted.
            (f"""TG_OP = 'DELETE' AND OLD.state <> 'draft'
                OR TG_OP = 'INSERT' AND NEW.state <> 'draft'
                   AND NOT (NEW.state = 'confirmed' AND NEW.reversal_of_id IS NOT NULL)
                OR TG_OP = 'UPDATE' AND (
                    (OLD.state, NEW.state) NOT IN ({_state_pairs(STATE_CHANGES)})
                    OR OLD.state <> 'draft' AND {changed_except_sql(WAY_TO_PAYMENT + ('write_uid', 'write_date'))}
                    OR OLD.state IN ('paid', 'reversed')
                       AND ROW(NEW.batch_id, NEW.paid_on, NEW.payee_id)
                           IS DISTINCT FROM ROW(OLD.batch_id, OLD.paid_on, OLD.payee_id))""",
             frozen, FROZEN_MESSAGE),
            # Paid only through a batch: joins and leaves a draft batch of its company while
            # confirmed (a reversal joins only when it takes back a payment), is paid on the
            # batch's date while the batch is still draft, before the batch is marked paid;
            # leaves its draft batch before it is reversed.
            ("""TG_OP = 'INSERT' AND NEW.batch_id IS NOT NULL
                OR TG_OP = 'UPDATE' AND OLD.batch_id IS NOT NULL AND NEW.batch_id IS DISTINCT FROM OLD.batch_id
                   AND NOT (OLD.state = 'confirmed' AND NEW.state IN ('confirmed', 'reversed')
                            AND EXISTS (SELECT 1 FROM zugong_payment_batch batch
                                         WHERE batch.id = OLD.batch_id AND batch.state = 'draft'))
                OR TG_OP = 'UPDATE' AND NEW.batch_id IS NOT NULL AND NEW.batch_id IS DISTINCT FROM OLD.batch_id
                   AND NOT (OLD.state = 'confirmed' AND NEW.state = 'confirmed'
                            AND EXISTS (SELECT 1 FROM zugong_payment_batch batch
                                         WHERE batch.id = NEW.batch_id AND batch.state = 'draft'
                                           AND batch.company_id = NEW.company_id)
                            AND (NEW.reversal_of_id IS NULL
                                 OR EXISTS (SELECT 1 FROM zugong_ledger_entry reversed
                                             WHERE reversed.id = NEW.reversal_of_id
                                               AND reversed.paid_on IS NOT NULL)))
                OR TG_OP = 'UPDATE' AND NEW.state = 'paid' AND OLD.state <> 'paid'
                   AND NOT (OLD.state = 'confirmed' AND NEW.batch_id = OLD.batch_id
                            AND EXISTS (SELECT 1 FROM zugong_payment_batch batch
                                         WHERE batch.id = NEW.batch_id AND batch.state = 'draft'
                                           AND batch.date = NEW.paid_on))
                OR TG_OP = 'UPDATE' AND NEW.state = 'reversed' AND OLD.state = 'confirmed'
                   AND NEW.batch_id IS NOT NULL""",
             payment, PAYMENT_MESSAGE),
            # The payee of a unit's money is named as the entry joins a batch and goes as
            # it leaves; it never changes while the entry stays in its batch.
            ("""TG_OP = 'UPDATE' AND NEW.payee_id IS DISTINCT FROM OLD.payee_id
                AND NEW.batch_id IS NOT DISTINCT FROM OLD.batch_id""",
             payee, PAYEE_MESSAGE),
            # A reversal mirrors a confirmed (and not batched) or paid entry that is no
            # reversal itself; an entry is marked reversed only once its reversal exists.
            ("""TG_OP = 'INSERT' AND NEW.reversal_of_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM zugong_ledger_entry reversed
                     WHERE reversed.id = NEW.reversal_of_id
                       AND reversed.state IN ('confirmed', 'paid') AND reversed.reversal_of_id IS NULL
                       AND (reversed.state = 'paid' OR reversed.batch_id IS NULL)
                       AND reversed.kind = NEW.kind AND reversed.company_id = NEW.company_id
                       AND reversed.currency_id = NEW.currency_id
                       AND reversed.user_id IS NOT DISTINCT FROM NEW.user_id
                       AND reversed.unit_id IS NOT DISTINCT FROM NEW.unit_id
                       AND reversed.amount = -NEW.amount AND reversed.points = -NEW.points)
                OR TG_OP = 'UPDATE' AND NEW.reversal_of_id IS DISTINCT FROM OLD.reversal_of_id
                OR TG_OP = 'UPDATE' AND NEW.state = 'reversed' AND OLD.state <> 'reversed'
                   AND NOT EXISTS (SELECT 1 FROM zugong_ledger_entry reversal
                                    WHERE reversal.reversal_of_id = NEW.id)""",
             reversal, REVERSAL_MESSAGE),
        ])

    def _sql_name(self, key):
        return f"{self._table}_{key}"

    @api.depends("user_id", "payee_id")
    def _compute_recipient_id(self):
        for entry in self:
            entry.recipient_id = entry.user_id or entry.payee_id

    @api.depends("company_id")
    def _compute_currency_id(self):
        for entry in self:
            entry.currency_id = entry.company_id.currency_id

    # ------------------------------------------------------------------ immutability

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        settled = self.filtered(lambda entry: entry.state != "draft")
        if settled:
            if set(vals) - set(WAY_TO_PAYMENT):
                raise UserError(_(
                    "%s is confirmed: it cannot be changed. Reverse it and record a new entry.",
                    settled[0].display_name,
                ))
            if "state" in vals:
                for entry in settled:
                    if (entry.state, vals["state"]) not in STATE_CHANGES:
                        raise UserError(_("%(entry)s cannot go from %(old)s to %(new)s.",
                                          entry=entry.display_name, old=entry.state, new=vals["state"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(entry.state != "draft" for entry in self):
            raise UserError(_("Confirmed ledger entries cannot be deleted: reverse them instead."))

    # ------------------------------------------------------------------ actions

    def _check_may_settle(self):
        """Confirming and reversing an entry: finance for an entry that carries money, the
        research office for one with points only (a demerit). The entries must be readable
        by the user (their company's)."""
        if self.env.su:
            return
        self.check_access("read")
        user = self.env.user
        for entry in self:
            if entry.amount and not user.has_group("zugong_info.group_finance"):
                raise AccessError(_("Only finance confirms or reverses an entry with an amount: %s.",
                                    entry.display_name))
            if not entry.amount and not user.has_group("zugong_info.group_research"):
                raise AccessError(_("Only the research office confirms or reverses an entry with points "
                                    "only: %s.", entry.display_name))

    def action_confirm(self):
        if any(entry.state != "draft" for entry in self):
            raise UserError(_("Only draft entries can be confirmed."))
        self._check_may_settle()
        self.sudo().write({
            "state": "confirmed", "confirmed_on": fields.Datetime.now(), "confirmed_by_id": self.env.user.id,
        })
        self._flush_step()
        return True

    def _flush_step(self):
        """The database checks each step of the workflow against the row as it was stored by
        the previous step: a step is stored before the next is written."""
        self.flush_recordset()

    def action_reverse(self, reason=None):
        """A reversal entry cancels each entry; the entries are marked reversed. An entry
        waiting in a draft payment batch leaves it. Opens the reversals."""
        if any(entry.state not in ("confirmed", "paid") for entry in self):
            raise UserError(_("Only confirmed or paid entries can be reversed."))
        if self.filtered("reversal_of_id"):
            raise UserError(_("A reversal entry is not reversed: record a new entry instead."))
        self._check_may_settle()
        entries = self.sudo()
        entries._flush_step()
        entries.filtered(lambda entry: entry.state == "confirmed" and entry.batch_id)._leave_batch()
        now = fields.Datetime.now()
        reversals = entries.create([{
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
            "confirmed_on": now,
            "confirmed_by_id": self.env.user.id,
        } for entry in entries])
        entries.write({"state": "reversed"})
        entries._flush_step()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reversals"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", reversals.ids)],
        }

    # ------------------------------------------------------------------ payment batches

    def _join_batch(self, batch):
        """These confirmed entries join the draft ``batch`` (as superuser, after the batch's
        checks). The money of a unit goes to the unit's payee, else to its registered
        officer on the batch's date; a unit with neither stops the whole batch."""
        units = self.filtered(lambda entry: not entry.user_id).unit_id
        payees = units._payees(batch.date)
        missing = units.filtered(lambda unit: unit.id not in payees)
        if missing:
            raise UserError(_(
                "No one receives the money of %s: name a payee on the unit, or register its information "
                "officer, then pick the entries again.", ", ".join(missing.mapped("complete_name")),
            ))
        self._flush_step()
        personal = self.filtered("user_id")
        personal.write({"batch_id": batch.id})
        for unit, entries in (self - personal).grouped("unit_id").items():
            entries.write({"batch_id": batch.id, "payee_id": payees[unit.id].id})
        self._flush_step()

    def _leave_batch(self):
        """These confirmed entries leave their draft batch, and their payee with it."""
        self._flush_step()
        self.write({"batch_id": False, "payee_id": False})
        self._flush_step()

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
            # split between joint authors to the cent, adding up to the rule's amount
            amounts = split_evenly(rule.amount, len(authors)) if rule.split_among_authors \
                else [rule.amount] * len(authors)
            for author, amount in zip(authors, amounts):
                if not amount:
                    continue  # a cent shared among more authors: those left without one get none
                values.append({
                    "name": _("Royalty: %(item)s, %(publication)s %(issue)s (%(form)s)",
                              item=item.name, publication=adoption.publication_id.name,
                              issue=adoption.issue, form=forms.get(adoption.form)),
                    "kind": "royalty",
                    "user_id": author.id,
                    "unit_id": item.unit_id.id,
                    "company_id": adoption.company_id.id,
                    "amount": amount,
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
