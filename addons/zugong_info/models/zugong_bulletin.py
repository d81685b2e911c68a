from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import event_dates
from ..tools.freeze import changed_sql, create_freeze_trigger
from ..documents.zugong_bulletin_document import render_bulletin

# The columns of an issue that it was published with: frozen while it is published (its
# withdrawal to draft, which removes its adoptions, unfreezes them).
FROZEN_COLUMNS = (
    "publication_id", "company_id", "year", "number", "total_number", "date", "editor", "reviewer",
    "published_on",
)
FROZEN_CONSTRAINT = "zugong_bulletin_published_frozen"
FROZEN_MESSAGE = "a published bulletin issue is frozen"


class ZugongBulletin(models.Model):
    """One numbered issue (第N期) of an own bulletin. Publishing it records the adoption
    of each of its items in the form it takes there; while published, the issue and its
    items stay as they were published (in the database too), until it is withdrawn to
    draft, which removes its adoptions."""

    _name = "zugong.bulletin"
    _description = "Bulletin Issue"
    _inherit = ["zugong.guarded.mixin", "zugong.official.document.mixin", "mail.thread"]
    _document_route = "bulletin"
    _workflow_fields = ("state", "published_on")
    _order = "date desc, number desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["publication_id", "year", "number"]

    publication_id = fields.Many2one(
        "zugong.publication", required=True, ondelete="restrict", check_company=True,
        domain="[('is_own', '=', True)]", tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    number = fields.Integer(
        required=True, copy=False, default=lambda self: self._default_number(),
        help="Number of the issue within the year (第N期).",
    )
    total_number = fields.Integer(
        "Overall Number", copy=False, help="Running number since the first issue (总第N期), if kept."
    )
    name = fields.Char(compute="_compute_name")
    issue_label = fields.Char(compute="_compute_name")
    date = fields.Date(required=True, default=event_dates.department_today, tracking=True)
    editor = fields.Char(help="Editor in charge (责任编辑).")
    reviewer = fields.Char(help="Who signed the issue off (签发).")
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        required=True, default="draft", tracking=True, copy=False,
    )
    line_ids = fields.One2many("zugong.bulletin.line", "bulletin_id", "Items", copy=False)
    item_count = fields.Integer(compute="_compute_item_count")
    adoption_ids = fields.One2many("zugong.adoption", "bulletin_id", "Adoptions")
    published_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("number_uniq", "UNIQUE (publication_id, year, number)",
         "This issue number already exists for the year."),
        ("number_positive", "CHECK (number > 0)", "The issue number must be positive."),
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
        ("year_in_range", f"CHECK (year BETWEEN {event_dates.EARLIEST.year} AND {event_dates.LATEST.year})",
         event_dates.RANGE_MESSAGE),
        # Also the constraint the freeze triggers (see init) refuse changes under.
        ("published_frozen", "CHECK (state != 'published' OR published_on IS NOT NULL)",
         "A published bulletin issue is frozen, with its items: withdraw it to draft to change it."),
    ]

    def init(self):
        """The freeze of published issues, in the database: their columns cannot change
        and they cannot be deleted; they go back to draft only once their adoptions are
        removed. Their lines are frozen with them (see zugong.bulletin.line)."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"""OLD.state = 'published' AND (
                    TG_OP = 'DELETE'
                    OR (NEW.state = 'published' AND {changed_sql(FROZEN_COLUMNS)})
                    OR (NEW.state != 'published'
                        AND EXISTS (SELECT 1 FROM zugong_adoption WHERE bulletin_id = OLD.id)))""",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE, events=("UPDATE", "DELETE"),
        )

    @api.model
    def _default_number(self):
        publication = self.env["zugong.publication"].browse(self.env.context.get("default_publication_id"))
        year = self.env.context.get("default_year") or fields.Date.context_today(self).year
        return self._next_number(publication, year)

    @api.model
    def _next_number(self, publication, year, exclude=None):
        """The number of the next issue of ``publication`` in ``year``: issues are numbered
        within their year (第N期), from No. 1 again each year."""
        if not publication:
            return 1
        domain = [("publication_id", "=", publication.id), ("year", "=", year)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        last = self.sudo().search(domain, order="number desc", limit=1)
        return last.number + 1

    @api.model
    def _next_total_number(self, publication, exclude=None):
        """The overall number (总第N期) after the publication's last issue, when it keeps one."""
        domain = [("publication_id", "=", publication.id), ("total_number", ">", 0)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        last = self.sudo().search(domain, order="total_number desc", limit=1)
        return last.total_number + 1 if last else 0

    @api.onchange("publication_id", "year")
    def _onchange_number(self):
        if self.publication_id and self.state == "draft":
            self.number = self._next_number(self.publication_id, self.year, exclude=self._origin)
            if not self.total_number:
                self.total_number = self._next_total_number(self.publication_id, exclude=self._origin)

    @api.onchange("date")
    def _onchange_date(self):
        if self.date and self.state == "draft" and self.date.year != self.year:
            self.year = self.date.year
            self._onchange_number()

    @api.depends("publication_id.name", "year", "number")
    @api.depends_context("lang")
    def _compute_name(self):
        for bulletin in self:
            bulletin.issue_label = _("%(year)s No. %(number)s", year=bulletin.year, number=bulletin.number)
            bulletin.name = f"{bulletin.publication_id.name or ''} {bulletin.issue_label}"

    def _compute_item_count(self):
        for bulletin in self:
            bulletin.item_count = len(bulletin.line_ids)

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        event_dates.check_dates(self, vals_list, ["date"])
        return super().create(vals_list)

    def write(self, vals):
        event_dates.check_dates(self, [vals], ["date"])
        if (set(FROZEN_COLUMNS) - {"published_on"} | {"line_ids"}) & set(vals):
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        self._check_draft()

    def _check_draft(self):
        published = self.sudo().filtered(lambda bulletin: bulletin.state == "published")
        if published:
            raise UserError(_(
                "%s is published: it stays as it was published, with its items and their "
                "adoptions. Withdraw it to draft to change it.", published[0].name,
            ))

    # ------------------------------------------------------------------ workflow

    def action_publish(self):
        self.check_access("write")
        for bulletin in self:
            if bulletin.state != "draft":
                raise UserError(_("%s is already published.", bulletin.name))
            if not bulletin.line_ids:
                raise UserError(_("%s has no items: add items before publishing.", bulletin.name))
        self.sudo().write({"state": "published", "published_on": fields.Datetime.now()})
        # the adoptions of an issue are the issue's: recorded as superuser, after the checks
        self.env["zugong.adoption"].sudo().create([{
            "item_id": line.item_id.id,
            "publication_id": bulletin.publication_id.id,
            "bulletin_id": bulletin.id,
            "form": line.form,
            "date": bulletin.date,
        } for bulletin in self for line in bulletin.line_ids])
        for bulletin in self:
            bulletin.message_post(body=_("Published with %s items.", len(bulletin.line_ids)))
        return True

    def action_reset_to_draft(self):
        self.check_access("write")
        for bulletin in self:
            if bulletin.state != "published":
                continue
            bulletin.adoption_ids.sudo().unlink()
            bulletin.message_post(body=_("Withdrawn to draft: its adoptions were removed."))
        self.sudo().write({"state": "draft", "published_on": False})
        return True

    def action_open_compile(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Received Items"),
            "res_model": "zugong.bulletin.compile",
            "view_mode": "form",
            "target": "new",
            "context": {"default_bulletin_id": self.id},
        }

    def action_view_html(self):
        self.ensure_one()
        return self.env.ref("zugong_info.action_report_bulletin").report_action(self)

    # ------------------------------------------------------------------ official document

    def _render_document(self, fmt):
        return render_bulletin(self, fmt)
