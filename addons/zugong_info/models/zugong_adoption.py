import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import event_dates
from ..tools.settings import document_lang
from .zugong_adoption_form import adoption_forms

# How the research office may write one issue (the key the database compares): brackets
# and dashes of any kind alike, "第" left out, before which the text is normalised (NFKC:
# full-width digits, letters, brackets and spaces as their plain forms), lower-cased,
# stripped of every space and of the leading zeros of numbers.
ISSUE_BRACKETS = ("〔【〈《「『({<", "〕】〉》」』)}>")
ISSUE_DASHES = "‐‑‒–—―−"


def tidy_issue(issue):
    """The issue as typed, tidied: NFKC-normalised (full-width digits and spaces as plain
    ones) and with runs of whitespace as one space, none at the ends; False when empty."""
    if not issue:
        return False
    return " ".join(unicodedata.normalize("NFKC", issue).split()) or False


def create_issue_key_function(cr):
    """The SQL function ``zugong_issue_key(issue)``: the key under which two spellings of
    one issue are the same (``2026年第12期``, ``2026年第12期 ``, ``2026年第１２期``,
    ``2026年 第012期``, ``〔2026〕12期`` and ``(2026)12期``). Immutable, so that the
    exclusion constraint compares it."""
    opening, closing = ISSUE_BRACKETS
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION zugong_issue_key(issue text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT regexp_replace(
                       replace(
                           regexp_replace(
                               translate(lower(normalize(issue, NFKC)),
                                         '{opening}{closing}{ISSUE_DASHES}',
                                         '{"(" * len(opening)}{")" * len(closing)}{"-" * len(ISSUE_DASHES)}'),
                               '[[:space:]]+', '', 'g'),
                           '第', ''),
                       '(^|[^0-9])0+([0-9])', '\\1\\2', 'g')
        $$;
    """)


class ZugongAdoption(models.Model):
    """An item adopted (采用) by a publication: by an issue of the department's own
    bulletin, or by a higher publication whose adoption the research office records.

    The research office records the adoptions by higher publications; those of the own
    bulletin come with the publication of its issue and go with its withdrawal only. One
    issue of a publication adopts an item once, however the issue is spelt."""

    _name = "zugong.adoption"
    _description = "Adoption"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("recorded_by_id", "bulletin_id", "level", "company_id")
    _scored_fields = ("item_id", "publication_id", "form", "date", "forward_id", "upstream_points")

    item_id = fields.Many2one(
        "zugong.item", "Item", required=True, index=True, ondelete="restrict", check_company=True
    )
    publication_id = fields.Many2one(
        "zugong.publication", "Publication", required=True, index=True, ondelete="restrict"
    )
    level = fields.Selection(related="publication_id.level", store=True, index=True)
    bulletin_id = fields.Many2one(
        "zugong.bulletin", "Own Issue", index=True, ondelete="restrict", check_company=True
    )
    issue_number = fields.Char(
        "Issue Number", help="The issue of the higher publication that adopted the item, e.g. 2026年第12期.",
    )
    issue = fields.Char(compute="_compute_issue", string="Issue")
    form = fields.Selection(adoption_forms, required=True, default="full")
    date = fields.Date(required=True, default=event_dates.department_today, index=True)
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded By", required=True, default=lambda self: self.env.user, readonly=True
    )
    forward_id = fields.Many2one(
        "zugong.item.forward", "After Forwarding", ondelete="set null",
        help="The forwarding by the research office that led to this adoption.",
    )
    upstream_points = fields.Float(
        digits=(16, 2), default=0.0,
        help="The points the adopting office's own rules give the item (上级计分), which a rule of "
             "the rule set may pass through to the unit instead of its own figure.",
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    item_unit_ids = fields.Many2many(related="item_id.unit_ids", string="Units")
    note = fields.Text()

    _sql_constraints = [
        ("item_bulletin_uniq",
         "EXCLUDE USING btree (item_id WITH =, bulletin_id WITH =) WHERE (bulletin_id IS NOT NULL)",
         "The item is already adopted in this issue of the publication."),
        # one issue however spelt: see zugong_issue_key
        ("item_issue_uniq",
         "EXCLUDE USING btree (item_id WITH =, publication_id WITH =, (zugong_issue_key(issue_number)) WITH =)"
         " WHERE (bulletin_id IS NULL)",
         "The item is already adopted in this issue of the publication."),
        ("issue_given",
         "CHECK (bulletin_id IS NOT NULL OR COALESCE(zugong_issue_key(issue_number), '') != '')",
         "Give the issue of the publication that adopted the item."),
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
        ("upstream_points_positive", "CHECK (upstream_points >= 0)", "Upstream points cannot be negative."),
    ]

    def _auto_init(self):
        # the constraints above call the function: it exists before they are added
        create_issue_key_function(self.env.cr)
        return super()._auto_init()

    @api.depends("bulletin_id", "issue_number")
    @api.depends_context("lang")
    def _compute_issue(self):
        for adoption in self:
            adoption.issue = adoption.bulletin_id.issue_label or adoption.issue_number

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._with_forwarding(self._tidied(vals)) for vals in vals_list]
        adoptions = super().create(vals_list)
        adoptions.item_id._mark_adopted()
        adoptions._create_royalties()
        for adoption in adoptions:
            adoption.item_id._notify_authors(
                _("Adopted by %(publication)s, %(issue)s.",
                  publication=adoption.publication_id.name, issue=adoption.issue),
                subject=_("Item adopted"),
            )
        return adoptions

    @api.model
    def _check_issue_not_recorded(self, vals_list):
        """Before recording from the item, a message naming the adoption already recorded
        in that issue of the publication, however spelt (the database refuses it anyway:
        item_issue_uniq)."""
        for vals in vals_list:
            if vals.get("bulletin_id") or not vals.get("issue_number"):
                continue
            self.env.cr.execute(
                """
                SELECT id FROM zugong_adoption
                 WHERE item_id = %s AND publication_id = %s AND bulletin_id IS NULL
                   AND zugong_issue_key(issue_number) = zugong_issue_key(%s)
                 LIMIT 1
                """,
                [vals.get("item_id"), vals.get("publication_id"), vals["issue_number"]],
            )
            row = self.env.cr.fetchone()
            if row:
                existing = self.sudo().browse(row[0])
                raise UserError(_(
                    "%(item)s is already recorded as adopted by %(publication)s in %(issue)s "
                    "(on %(date)s): one issue is recorded once, however its number is written.",
                    item=existing.item_id.display_name, publication=existing.publication_id.name,
                    issue=existing.issue_number, date=existing.date,
                ))

    @api.model
    def _tidied(self, vals):
        if vals.get("issue_number"):
            vals = dict(vals, issue_number=tidy_issue(vals["issue_number"]))
        return vals

    def _create_royalties(self):
        """Draft royalties (稿酬) for the authors of each adopted item."""
        self.env["zugong.ledger.entry"].sudo().with_context(lang=document_lang(self.env))._create_royalties(self)

    @api.model
    def _with_forwarding(self, vals):
        """An adoption by an outside publication links the item's forwarding to it."""
        if vals.get("forward_id") or not vals.get("item_id") or not vals.get("publication_id"):
            return vals
        if self.env["zugong.publication"].browse(vals["publication_id"]).is_own:
            return vals
        forward = self.env["zugong.item.forward"].sudo().search(
            [("item_id", "=", vals["item_id"]), ("publication_id", "=", vals["publication_id"])], limit=1)
        return dict(vals, forward_id=forward.id) if forward else vals

    def _rescore(self):
        # every adoption of the items: the highest-only rule compares them
        self.env["zugong.scoring"]._score_items_adoptions(self.item_id)

    def write(self, vals):
        vals = self._tidied(vals)
        if "item_id" in vals and any(adoption.item_id.id != vals["item_id"] for adoption in self):
            raise UserError(_(
                "An adoption stays with the item it adopted: delete it and record the adoption "
                "of the other item instead."
            ))
        if set(self._scored_fields) & set(vals):
            self._check_not_of_an_issue()
        return super().write(vals)

    def _check_not_of_an_issue(self):
        """The adoptions by an issue of the own bulletin are the issue's: they change with
        it (its publication and withdrawal), not by hand."""
        of_issue = self.sudo().filtered("bulletin_id")
        if of_issue and not self.env.su:
            raise AccessError(_(
                "This adoption is the publication of %s: withdraw the issue to draft to change "
                "or remove it.", of_issue[0].bulletin_id.name,
            ))

    def unlink(self):
        self._check_not_of_an_issue()
        items = self.item_id
        self.env["zugong.ledger.entry"]._remove_drafts_of(self)
        result = super().unlink()
        self.env["zugong.scoring"]._score_items_adoptions(items.exists())
        for item in items.exists().filtered(lambda i: i.state == "adopted" and not i.adoption_ids):
            item._set_state("received", comment=_("Its last adoption was removed."))
        return result

    @api.constrains("form")
    def _check_form(self):
        self.env["zugong.adoption.form"]._check_chosen(self, "form")

    @api.constrains("bulletin_id", "publication_id")
    def _check_bulletin_publication(self):
        for adoption in self.filtered("bulletin_id"):
            if adoption.bulletin_id.publication_id != adoption.publication_id:
                raise UserError(_("The issue %s belongs to another publication.", adoption.bulletin_id.name))

    @api.constrains("forward_id", "item_id", "publication_id")
    def _check_forward(self):
        """The forwarding an adoption followed (which weighs in its score) is the
        forwarding of that item to that publication."""
        for adoption in self.sudo().filtered("forward_id"):
            forward = adoption.forward_id
            if forward.item_id != adoption.item_id or forward.publication_id != adoption.publication_id:
                raise ValidationError(_(
                    "The forwarding an adoption followed is the forwarding of the same item to the "
                    "same publication."
                ))
