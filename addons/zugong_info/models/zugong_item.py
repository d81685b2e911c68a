import hashlib
from datetime import datetime, timedelta

import pytz

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import similarity
from ..tools.text import count_words, html_to_text, text_to_html

ITEM_STATES = [
    ("draft", "Draft"),
    ("signoff", "Awaiting Sign-off"),
    ("submitted", "Submitted"),
    ("received", "Received"),
    ("adopted", "Adopted"),
    ("rejected", "Not Adopted"),
]
URGENT_STATUSES = [
    ("pending", "Within Deadline"),
    ("on_time", "Reported on Time"),
    ("late", "Reported Late"),
    ("missed", "Not Reported"),
]
DUPLICATE_STATES = [
    ("none", "No Similar Items"),
    ("flagged", "Similar Items Found"),
    ("accepted", "Accepted Despite Similarity"),
]
SUBMITTED_STATES = ("submitted", "received", "adopted", "rejected")
# What the portal form takes: a title of a line, a text of a long item at most.
PORTAL_TITLE_MAX = 200
PORTAL_TEXT_MAX = 30_000
PORTAL_EVENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


class ZugongItem(models.Model):
    """An information item (信息稿件) written by officers of one or several units."""

    _name = "zugong.item"
    _description = "Information Item"
    _inherit = ["zugong.guarded.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state", "reference", "company_id", "signoff_requested_on", "signed_by_id",
        "submitted_on", "submitted_date", "first_submitted_on", "first_submitted_date",
        "received_on", "received_by_id", "decided_on", "text_hash", "duplicate_state",
        "duplicate_accept_reason", "duplicate_accepted_by_id",
    )

    name = fields.Char("Title", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    body = fields.Html(sanitize_style=True)
    body_text = fields.Text("Plain Text", compute="_compute_body_text", store=True)
    word_count = fields.Integer(compute="_compute_body_text", store=True)
    type_id = fields.Many2one(
        "zugong.item.type", "Type", required=True, ondelete="restrict", tracking=True,
        default=lambda self: self.env.ref("zugong_info.item_type_dynamic", raise_if_not_found=False),
    )
    type_code = fields.Char(related="type_id.code", store=True, index=True)
    is_urgent = fields.Boolean(related="type_id.is_urgent")
    is_followup = fields.Boolean(related="type_id.is_followup")
    author_ids = fields.Many2many(
        "res.users", "zugong_item_author_rel", "item_id", "user_id", "Authors",
        default=lambda self: self.env.user, tracking=True,
    )
    unit_line_ids = fields.One2many("zugong.item.unit", "item_id", "Units", copy=True)
    unit_ids = fields.Many2many(
        "zugong.unit", "zugong_item_unit_ids_rel", "item_id", "unit_id", "Reporting Units",
        compute="_compute_units", store=True,
    )
    unit_id = fields.Many2one(
        "zugong.unit", "Lead Unit", compute="_compute_units", store=True, index=True
    )
    is_joint = fields.Boolean("Joint Item", compute="_compute_units", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        ITEM_STATES, required=True, default="draft", tracking=True, index=True, copy=False
    )

    signoff_requested_on = fields.Datetime("Sign-off Requested On", readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", "Signed Off By", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    submitted_date = fields.Date("Submission Date", readonly=True, copy=False, index=True)
    first_submitted_on = fields.Datetime("First Submitted On", readonly=True, copy=False)
    first_submitted_date = fields.Date("First Submission Date", readonly=True, copy=False)
    received_on = fields.Datetime(readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", "Received By", readonly=True, copy=False)
    decided_on = fields.Datetime("Decided On", readonly=True, copy=False)
    transition_ids = fields.One2many("zugong.item.transition", "item_id", "History")
    review_ids = fields.One2many("zugong.item.review", "item_id", "Review Comments")
    adoption_ids = fields.One2many("zugong.adoption", "item_id", "Adoptions")
    adoption_count = fields.Integer(compute="_compute_adoption_count")
    forward_ids = fields.One2many("zugong.item.forward", "item_id", "Forwarded")
    instruction_ids = fields.One2many("zugong.instruction", "item_id", "Leader Instructions")
    commission_id = fields.Many2one(
        "zugong.commission", "Commission", index=True, ondelete="restrict", check_company=True,
        domain="[('state', '=', 'open')]",
    )

    event_time = fields.Datetime("Event Time", help="When the reported event happened.")
    report_deadline = fields.Datetime(
        compute="_compute_report_deadline", store=True,
        help="Urgent reports are due this long after the event (24 hours by default).",
    )
    urgent_status = fields.Selection(
        URGENT_STATUSES, compute="_compute_urgent_status", store=True, index=True
    )
    parent_item_id = fields.Many2one(
        "zugong.item", "Follow-up Of", index=True, ondelete="restrict", check_company=True,
        help="The urgent report this item follows up (续报).",
    )
    followup_ids = fields.One2many("zugong.item", "parent_item_id", "Follow-ups")

    text_hash = fields.Char(readonly=True, copy=False, index=True)
    duplicate_state = fields.Selection(
        DUPLICATE_STATES, "Similarity Check", default="none", readonly=True, copy=False,
        tracking=True,
    )
    match_ids = fields.One2many("zugong.item.match", "item_id", "Similar Items", readonly=True)
    top_similarity = fields.Float(compute="_compute_top_similarity", digits=(4, 3))
    duplicate_accept_reason = fields.Text("Reason for Accepting", readonly=True, copy=False)
    duplicate_accepted_by_id = fields.Many2one("res.users", "Accepted By", readonly=True, copy=False)

    _sql_constraints = [
        ("urgent_deadline_after_event",
         "CHECK (report_deadline IS NULL OR event_time IS NULL OR report_deadline >= event_time)",
         "The reporting deadline cannot be before the event."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("body")
    def _compute_body_text(self):
        for item in self:
            item.body_text = html_to_text(item.body)
            item.word_count = count_words(item.body_text)

    @api.depends("unit_line_ids.unit_id", "unit_line_ids.sequence")
    def _compute_units(self):
        for item in self:
            lines = item.unit_line_ids.sorted(lambda line: (line.sequence, line.id or 0))
            item.unit_ids = lines.unit_id
            item.unit_id = lines[:1].unit_id
            item.is_joint = len(lines) > 1

    def _compute_adoption_count(self):
        counts = dict(self.env["zugong.adoption"]._read_group(
            [("item_id", "in", self.ids)], ["item_id"], ["__count"]
        ))
        for item in self:
            item.adoption_count = counts.get(item, 0)

    @api.depends("match_ids.similarity")
    def _compute_top_similarity(self):
        for item in self:
            item.top_similarity = max(item.match_ids.mapped("similarity"), default=0.0)

    @api.depends("event_time", "type_id.is_urgent", "company_id")
    def _compute_report_deadline(self):
        for item in self:
            if item.type_id.is_urgent and item.event_time:
                item.report_deadline = item.event_time + timedelta(hours=item._urgent_deadline_hours())
            else:
                item.report_deadline = False

    @api.depends("type_id.is_urgent", "report_deadline", "first_submitted_on")
    def _compute_urgent_status(self):
        now = fields.Datetime.now()
        for item in self:
            if not item.type_id.is_urgent or not item.report_deadline:
                item.urgent_status = False
            elif item.first_submitted_on:
                on_time = item.first_submitted_on <= item.report_deadline
                item.urgent_status = "on_time" if on_time else "late"
            else:
                item.urgent_status = "missed" if now > item.report_deadline else "pending"

    def _compute_access_url(self):
        super()._compute_access_url()
        for item in self:
            item.access_url = f"/my/items/{item.id}"

    # ------------------------------------------------------------------ settings

    def _settings(self):
        """The company whose settings apply to the item: its own, else the user's (read
        whatever the user may read of it)."""
        return (self.company_id or self.env.company).sudo()

    def _urgent_deadline_hours(self):
        return self._settings().zugong_urgent_deadline_hours

    def _duplicate_years(self):
        return self._settings().zugong_duplicate_years

    def _duplicate_threshold(self):
        return self._settings().zugong_duplicate_threshold

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        user_unit = self.env.user.zugong_unit_id
        for vals in vals_list:
            if not vals.get("unit_line_ids") and user_unit:
                vals["unit_line_ids"] = [fields.Command.create({"unit_id": user_unit.id})]
        items = super().create(vals_list)
        Sequence = self.env["ir.sequence"].sudo()
        for item in items:
            item.sudo().reference = Sequence.with_company(item.company_id).next_by_code(
                "zugong.item", sequence_date=fields.Date.context_today(item)
            ) or "/"
            item.message_subscribe(partner_ids=item.author_ids.partner_id.ids)
        return items

    def write(self, vals):
        result = super().write(vals)
        if "author_ids" in vals:
            for item in self:
                item.message_subscribe(partner_ids=item.author_ids.partner_id.ids)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(item.state != "draft" or item.submitted_on for item in self):
            raise UserError(_("Only drafts that never left their unit can be deleted."))

    # ------------------------------------------------------------------ workflow

    def _check_transition(self, states, group, action):
        """Refuse a transition from another state or by a user outside ``group``."""
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(_("You are not allowed to %(action)s items.", action=action))
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for item in self:
            if item.state not in states:
                raise UserError(_(
                    "%(item)s is %(state)s: only items that are %(allowed)s can be %(action)s.",
                    item=item.display_name, state=state_labels[item.state], action=action,
                    allowed=_(" or ").join(state_labels[state] for state in states),
                ))
        self.check_access("write")

    def _set_state(self, state, comment=None, **values):
        leaving = self.filtered(lambda item: item._counts() and state not in SUBMITTED_STATES)
        self.env["zugong.period"]._freeze_check([(item.company_id, item.submitted_date) for item in leaving])
        now = fields.Datetime.now()
        transitions = [{
            "item_id": item.id, "from_state": item.state, "to_state": state,
            "user_id": self.env.user.id, "date": now, "comment": comment,
        } for item in self]
        self.sudo().write(dict(values, state=state))
        self.env["zugong.item.transition"].sudo().create(transitions)

    def _counts(self):
        """The item counts in the figures of its submission date's periods."""
        self.ensure_one()
        return bool(self.submitted_date) and self.state in SUBMITTED_STATES

    def action_submit(self):
        """An officer sends the draft out: to the unit head for sign-off (审签) where the
        unit requires it, otherwise straight to the research office."""
        self._check_transition(("draft",), "zugong_info.group_officer", _("submit"))
        for item in self:
            item._check_ready_to_submit()
            item._check_similarity()
            if any(item.unit_line_ids.unit_id.mapped("signoff_required")):
                item._set_state("signoff", signoff_requested_on=fields.Datetime.now())
                item._ask_unit_heads_to_sign()
            else:
                item._mark_submitted()
        return True

    def action_sign(self):
        self._check_transition(("signoff",), "zugong_info.group_unit_head", _("signed off"))
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Signed off"))
        for item in self:
            item._mark_submitted(signed_by_id=self.env.user.id)
        return True

    def _mark_submitted(self, **values):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        self.env["zugong.period"]._freeze_check([(item.company_id, today) for item in self])
        for item in self:
            first = {} if item.first_submitted_on else {
                "first_submitted_on": now, "first_submitted_date": today,
            }
            item._set_state(
                "submitted", submitted_on=now, submitted_date=today, **first, **values
            )
        self._score_submission()

    def _score_submission(self):
        """A first submission may be a late urgent report or a commission's answer."""
        Scoring = self.env["zugong.scoring"]
        Scoring._score_urgent(self.filtered(lambda item: item.urgent_status == "late"))
        Scoring._score_commission_targets(self.commission_id.target_ids.filtered(
            lambda target: target.item_id in self
        ))

    def action_receive(self):
        self._check_transition(("submitted",), "zugong_info.group_research", _("received"))
        flagged = self.filtered(lambda item: item.duplicate_state == "flagged")
        if flagged:
            raise UserError(_(
                "%s resembles earlier items: review the similar items and accept it with a "
                "reason, or return it, before receiving it.", flagged[0].display_name,
            ))
        self._set_state("received", received_on=fields.Datetime.now(), received_by_id=self.env.user.id)
        return True

    def action_reject(self):
        self._check_transition(("received",), "zugong_info.group_research", _("marked not adopted"))
        self._set_state("rejected", decided_on=fields.Datetime.now())
        return True

    def _mark_adopted(self):
        """Called when an adoption is recorded: the item counts as adopted from then on."""
        not_out = self.filtered(lambda item: item.state in ("draft", "signoff"))
        if not_out:
            raise UserError(_(
                "%s has not been submitted yet: an adoption can only be recorded for a "
                "submitted item.", not_out[0].display_name,
            ))
        to_adopt = self.filtered(lambda item: item.state != "adopted")
        now = fields.Datetime.now()
        for item in to_adopt:
            values = {"decided_on": now}
            if not item.received_on:
                values.update(received_on=now, received_by_id=self.env.user.id)
            item._set_state("adopted", **values)

    def _return_for_revision(self, comment):
        """Send submitted items back to draft with the reviewer's comment."""
        if not (comment or "").strip():
            raise UserError(_("Say what needs revising: a comment is required to return an item."))
        for item in self:
            if item.state == "signoff":
                item._check_transition(("signoff",), "zugong_info.group_unit_head", _("returned"))
                item.sudo().activity_unlink(["mail.mail_activity_data_todo"])
            else:
                item._check_transition(
                    ("submitted", "received"), "zugong_info.group_research", _("returned")
                )
            item._set_state("draft", comment=comment)
            item._notify_authors(
                _("Returned for revision: %s", comment), subject=_("Item returned for revision")
            )

    def _notify_authors(self, body, subject):
        self.ensure_one()
        self.sudo().message_post(
            body=body, subject=subject, partner_ids=self.author_ids.partner_id.ids,
            message_type="comment", subtype_xmlid="mail.mt_comment",
        )

    def _check_ready_to_submit(self):
        self.ensure_one()
        if not self.unit_line_ids:
            raise UserError(_("%s has no unit: add the reporting unit before submitting.", self.display_name))
        if not self.body_text:
            raise UserError(_("%s has no text: write the item before submitting.", self.display_name))
        total = sum(self.unit_line_ids.mapped("share"))
        if abs(total - 100.0) > 0.01:
            raise UserError(_(
                "The shares of the units of %(item)s add up to %(total)s%%, not 100%%.",
                item=self.display_name, total=round(total, 2),
            ))
        if self.type_id.is_urgent and not self.event_time:
            raise UserError(_("An urgent report needs the time of the event."))

    def _ask_unit_heads_to_sign(self):
        for head in self.unit_ids._heads():
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo", user_id=head.id,
                summary=_("Sign off item %s", self.reference),
            )

    def action_split_evenly(self):
        for item in self:
            lines = item.unit_line_ids
            if not lines:
                continue
            share = round(100.0 / len(lines), 2)
            lines.write({"share": share})
            lines[-1:].share = round(100.0 - share * (len(lines) - 1), 2)
        return True

    # ------------------------------------------------------------------ similarity

    def _similarity_text(self):
        return f"{self.name or ''}\n{self.body_text or ''}"

    def _check_similarity(self):
        """At submission: refuse the same text submitted again by the same unit, flag the
        item when it resembles earlier items, and index it for later comparisons. The
        comparison reads every earlier item of the company, also those the submitting
        officer may not read: it runs as superuser, and what the officer sees of the
        matches is left to the record rules."""
        self.ensure_one()
        item = self.sudo()
        normalized, shingle_set, bands = similarity.fingerprint(item._similarity_text())
        text_hash = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
        since = fields.Date.context_today(item) - relativedelta(years=item._duplicate_years())
        earlier = item.search([
            ("text_hash", "=", text_hash), ("id", "!=", item.id),
            ("unit_ids", "in", item.unit_ids.ids), ("submitted_date", "!=", False),
        ], limit=1)
        if earlier:
            raise UserError(_(
                "The same text was already submitted by your unit as %(reference)s "
                "(%(title)s): it cannot be submitted again.",
                reference=earlier.reference, title=earlier.name,
            ))
        matches = item._similar_items(shingle_set, bands, since)
        item.match_ids.unlink()
        item.env["zugong.item.match"].create([{
            "item_id": item.id, "matched_item_id": match.id, "similarity": score,
            "same_unit": bool(match.unit_ids & item.unit_ids),
        } for match, score in matches])
        item.write({
            "text_hash": text_hash,
            "duplicate_state": "flagged" if matches else "none",
            "duplicate_accept_reason": False,
            "duplicate_accepted_by_id": False,
        })
        item._store_bands(bands)

    def _similar_items(self, shingle_set, bands, since, candidates=20):
        """Earlier items (of the company, submitted since ``since``) at or above the
        threshold, most similar first, as (item, similarity) pairs."""
        if not bands:
            return []
        threshold = self._duplicate_threshold()
        self.env.cr.execute(
            """
            SELECT band.item_id
              FROM zugong_item_band band
              JOIN zugong_item item ON item.id = band.item_id
             WHERE band.band_hash = ANY(%s)
               AND band.item_id <> %s
               AND item.company_id = %s
               AND item.submitted_date >= %s
             GROUP BY band.item_id
            HAVING count(*) >= %s
             ORDER BY count(*) DESC, band.item_id DESC
             LIMIT %s
            """,
            [bands, self.id or 0, self.company_id.id, since, similarity.min_shared_bands(threshold), candidates],
        )
        candidate_ids = [row[0] for row in self.env.cr.fetchall()]
        excluded = self.parent_item_id | self.followup_ids
        matches = []
        for candidate in self.browse(candidate_ids) - excluded:
            candidate_shingles = similarity.shingles(similarity.normalize(candidate._similarity_text()))
            score = similarity.jaccard(shingle_set, candidate_shingles)
            if score >= threshold:
                matches.append((candidate, round(score, 3)))
        return sorted(matches, key=lambda pair: -pair[1])

    def _store_bands(self, bands):
        self.env.cr.execute("DELETE FROM zugong_item_band WHERE item_id = %s", [self.id])
        if bands:
            self.env.cr.execute(
                "INSERT INTO zugong_item_band (band_hash, item_id) "
                "SELECT DISTINCT unnest(%s::bigint[]), %s",
                [bands, self.id],
            )

    def init(self):
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS zugong_item_band (
                band_hash bigint NOT NULL,
                item_id integer NOT NULL REFERENCES zugong_item (id) ON DELETE CASCADE,
                PRIMARY KEY (band_hash, item_id)
            );
            CREATE INDEX IF NOT EXISTS zugong_item_band_item_id_idx ON zugong_item_band (item_id);
            """
        )

    def action_accept_similar(self, reason):
        if not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office can accept a flagged item."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for accepting the item despite the similar items."))
        for item in self:
            if item.duplicate_state != "flagged":
                raise UserError(_("%s is not flagged as similar to earlier items.", item.display_name))
        self.sudo().write({
            "duplicate_state": "accepted",
            "duplicate_accept_reason": reason,
            "duplicate_accepted_by_id": self.env.user.id,
        })
        for item in self:
            item.message_post(body=_("Accepted despite similar items: %s", reason))
        return True

    # ------------------------------------------------------------------ portal

    @api.model
    def _portal_create(self, form):
        """A draft from the portal's form (the strings the officer typed), in the unit the
        officer chose among their own."""
        values = self._portal_values(form)
        if form.get("unit_id"):
            values["unit_line_ids"] = [fields.Command.create({"unit_id": self._portal_unit(form["unit_id"]).id})]
        return self.create(values)

    def _portal_save(self, form):
        """The draft changed from the portal's form, and submitted when asked."""
        self.ensure_one()
        self.write(self._portal_values(form))
        if form.get("submit"):
            self.action_submit()

    @api.model
    def _portal_values(self, form):
        """Field values from the portal form's strings, or a UserError saying in the
        officer's words what is wrong."""
        name = (form.get("name") or "").strip()
        if not name:
            raise UserError(_("The title is required."))
        if len(name) > PORTAL_TITLE_MAX:
            raise UserError(_("The title has %(count)s characters: at most %(max)s.",
                              count=len(name), max=PORTAL_TITLE_MAX))
        text = form.get("body") or ""
        if len(text) > PORTAL_TEXT_MAX:
            raise UserError(_("The text has %(count)s characters: an item holds at most %(max)s.",
                              count=len(text), max=PORTAL_TEXT_MAX))
        values = {"name": name, "body": text_to_html(text)}
        if form.get("type_id"):
            values["type_id"] = self._portal_type(form["type_id"]).id
        if "event_time" in form:
            values["event_time"] = self._portal_event_time(form["event_time"])
        return values

    @api.model
    def _portal_type(self, value):
        item_type = self.env["zugong.item.type"].browse(int(value)) if str(value).isdigit() else None
        if not item_type or not item_type.exists() or not item_type.has_access("read"):
            raise UserError(_("Choose one of the item types offered."))
        return item_type

    @api.model
    def _portal_unit(self, value):
        units = self.env.user.zugong_unit_ids
        unit = units.filtered(lambda unit: str(unit.id) == str(value).strip())
        if not unit:
            raise UserError(_("Choose one of your own units."))
        return unit

    @api.model
    def _portal_event_time(self, value):
        """The event time typed in the officer's time zone, in UTC; empty stays empty."""
        value = (value or "").strip()
        if not value:
            return False
        for pattern in PORTAL_EVENT_FORMATS:
            try:
                local = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
        else:
            raise UserError(_("The event time %s is not a date and time: use the date picker, "
                              "e.g. 2026-07-01 08:30.", value))
        if not 2000 <= local.year <= 2100:
            raise UserError(_("The event time %s is out of range.", value))
        zone = pytz.timezone(self._local_tz_name())
        return zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _portal_event_time_value(self):
        """The event time as the portal's form shows it, in the officer's time zone."""
        self.ensure_one()
        if not self.event_time:
            return ""
        zone = pytz.timezone(self._local_tz_name())
        return pytz.utc.localize(self.event_time).astimezone(zone).strftime("%Y-%m-%dT%H:%M")

    @api.model
    def _local_tz_name(self):
        """The user's time zone, else the department's (its company's), else UTC."""
        return self.env.user.tz or self.env.company.partner_id.tz or "UTC"

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_check_urgent_deadlines(self):
        """Urgent reports whose deadline passed without a report become missed, and are
        scored as such."""
        overdue = self.search([
            ("urgent_status", "=", "pending"),
            ("report_deadline", "<", fields.Datetime.now()),
        ])
        self.env.add_to_compute(self._fields["urgent_status"], overdue)
        overdue.flush_recordset(["urgent_status"])
        # missed reports not scored yet: those just found, and those recorded after their deadline
        self.env.cr.execute("""
            SELECT item.id FROM zugong_item item
             WHERE item.urgent_status = 'missed'
               AND NOT EXISTS (SELECT 1 FROM zugong_score_line line WHERE line.source_model = 'zugong.item'
                                  AND line.source_id = item.id AND line.kind = 'urgent')
        """)
        self.env["zugong.scoring"]._score_urgent(self.browse([row[0] for row in self.env.cr.fetchall()]))
        return overdue

    # ------------------------------------------------------------------ actions

    def action_open_return_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Return for Revision"),
            "res_model": "zugong.item.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_ids": self.ids},
        }

    def action_open_accept_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Accept Despite Similarity"),
            "res_model": "zugong.item.accept.similar",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_ids": self.ids},
        }

    def action_open_deduct_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Deduct for False Information"),
            "res_model": "zugong.score.deduct",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": self.id},
        }

    def action_open_adoption_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Adoption"),
            "res_model": "zugong.adoption.record",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": self.id},
        }

    def _record_adoption(self, publication, issue_number, form, day, note=None):
        """The adoption of the item by ``publication`` in ``issue_number`` (a higher
        publication's issue, however spelt: see zugong.adoption), recorded by the
        research office through the adoption model, which checks and scores it."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office records adoptions."))
        if publication.is_own:
            raise UserError(_(
                "The adoptions by %s come with the publication of its issues: compile the item "
                "into an issue instead.", publication.name,
            ))
        values = {
            "item_id": self.id, "publication_id": publication.id, "issue_number": issue_number,
            "form": form, "date": day, "note": note or False,
        }
        Adoption = self.env["zugong.adoption"]
        Adoption._check_issue_not_recorded([Adoption._tidied(values)])
        return Adoption.create(values)

    def action_open_instruction_form(self):
        """A leader enters an instruction (批示) on this item: the instruction's form, in a
        dialog, for the item, signed with the leader's name."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Enter an Instruction"),
            "res_model": "zugong.instruction",
            "view_mode": "form",
            "views": [(self.env.ref("zugong_info.zugong_instruction_view_form_enter").id, "form")],
            "target": "new",
            "context": {"default_item_id": self.id, "default_leader_name": self.env.user.name},
        }

    def action_view_adoptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("zugong_info.zugong_adoption_action")
        action["domain"] = [("item_id", "=", self.id)]
        action["context"] = {"default_item_id": self.id}
        return action
