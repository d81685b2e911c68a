import hashlib
from datetime import datetime, timedelta

import pytz

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import format_date, format_datetime
from odoo.tools.mimetypes import guess_mimetype

from ..tools import similarity
from ..tools.money import split_evenly
from ..tools.text import clean_filename, count_words, html_to_text, text_to_html
from .zugong_publication import PUBLICATION_LEVELS

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
# Files officers attach to items: photos, Word and WPS documents, PDF, spreadsheets, plain
# text. Each extension with the content types its bytes may show (sniffed, not trusted
# from the browser): never HTML, SVG or scripts, which a browser would run.
ATTACHMENT_TYPES = {
    "jpg": ("image/jpeg",), "jpeg": ("image/jpeg",), "png": ("image/png",),
    "gif": ("image/gif",), "webp": ("image/webp",),
    "doc": ("application/msword", "application/vnd.ms-office", "application/x-ole-storage", "application/CDFV2"),
    "wps": ("application/msword", "application/vnd.ms-office", "application/x-ole-storage",
            "application/CDFV2", "application/vnd.ms-works"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"),
    "xls": ("application/vnd.ms-excel", "application/msword", "application/vnd.ms-office",
            "application/x-ole-storage", "application/CDFV2"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"),
    "pdf": ("application/pdf",),
    "txt": ("text/plain",),
}
# What the portal form takes: a title of a line, a text of a long item at most.
PORTAL_TITLE_MAX = 200
PORTAL_TEXT_MAX = 30_000
PORTAL_EVENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def _decodes(data):
    """The bytes are text in UTF-8 or GB 18030 (the encodings of Chinese text files)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


# the levels of the offices that ask for urgent reports
ASKING_LEVELS = [level for level in PUBLICATION_LEVELS if level[0] != "other"]
# what decides an item's deductions for its deadline (urgent reports, items due)
DEADLINE_FIELDS = {"asked_by_level", "event_time", "type_id"}


class SimilarItemsFound(UserError):
    """A submission refused for want of a reason: the text resembles earlier items. The
    message names them as the submitting user may see them; ``rows`` holds the same for
    the portal's page."""

    def __init__(self, item, matches):
        self.rows = item._similarity_rows(matches)
        lines = [item.env._("This text resembles items already submitted:")]
        lines += ["- " + row["label"] for row in self.rows]
        lines.append(item.env._("Change the text, or submit it with your reason for the research office."))
        super().__init__("\n".join(lines))


class ZugongItem(models.Model):
    """An information item (信息稿件) written by officers of one or several units."""

    _name = "zugong.item"
    _description = "Information Item"
    _inherit = ["zugong.guarded.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _research_fields = ("asked_by_level",)
    _workflow_fields = (
        "state", "reference", "company_id", "signoff_requested_on", "signed_by_id",
        "submitted_on", "submitted_date", "first_submitted_on", "first_submitted_date",
        "received_on", "received_by_id", "decided_on", "text_hash", "duplicate_state",
        "duplicate_accept_reason", "duplicate_accepted_by_id", "first_sent_on",
        "phone_reported_on", "phone_reported_by_id", "similar_reason",
    )

    name = fields.Char("Title", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    # An item's text is read where it is shown or compared, not with the records of every
    # list, page and report that names the item (prefetch).
    body = fields.Html(sanitize_style=True, prefetch=False)
    body_text = fields.Text("Plain Text", compute="_compute_body_text", store=True, prefetch=False)
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
    first_sent_on = fields.Datetime(
        "First Sent On", readonly=True, copy=False,
        help="When the officer first sent the item out of the draft: to the unit head for "
             "sign-off, or straight to the research office.",
    )
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
    error_notice_ids = fields.One2many("zugong.error.notice", "item_id", "Error Notices")
    commission_id = fields.Many2one(
        "zugong.commission", "Commission", index=True, ondelete="restrict", check_company=True,
        domain="[('state', '=', 'open')]",
    )

    event_time = fields.Datetime("Event Time", help="When the reported event happened.")
    report_deadline = fields.Datetime(
        compute="_compute_report_deadline", store=True,
        help="Urgent reports are due this long after the event (24 hours by default).",
    )
    asked_by_level = fields.Selection(
        ASKING_LEVELS, "Asked For By", tracking=True,
        help="The level of the office that asked for this urgent report (上级要求报送), as the research office "
             "records it; empty when the unit reported on its own. A rule set may deduct more for a report a "
             "higher office asked for.",
    )
    due_days = fields.Integer(related="type_id.due_days")
    due_date = fields.Date(
        "Due On", compute="_compute_due_date", store=True,
        help="The last day the item is due at the research office: the day of the event it reports "
             "and the days its type allows.",
    )
    submitted_late = fields.Boolean(
        "Submitted Late", compute="_compute_submitted_late", store=True,
        help="First submitted to the research office after the day it was due.",
    )
    phone_reported_on = fields.Datetime(
        "Reported by Phone At", readonly=True, copy=False, tracking=True,
        help="An urgent event reported first by phone, before the written report: the time "
             "is recorded by the unit head or the research office.",
    )
    phone_reported_by_id = fields.Many2one("res.users", "Phone Report Recorded By", readonly=True, copy=False)
    reported_on = fields.Datetime(
        "Reported At", compute="_compute_reported_on", store=True,
        help="When the urgent event was first reported: the officer's first sending, a phone "
             "report recorded by the unit head or the research office, or the first submission, "
             "whichever came first. The 24-hour clock stops here, not at the head's sign-off.",
    )
    urgent_status = fields.Selection(
        URGENT_STATUSES, compute="_compute_urgent_status", store=True, index=True
    )
    urgent_clock = fields.Char("Reporting Clock", compute="_compute_urgent_clock")
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
    similar_reason = fields.Text(
        "Officer's Reason", readonly=True, copy=False,
        help="Why the officer submitted the item although it resembles earlier items.",
    )

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

    @api.depends("event_time", "type_id.is_urgent", "type_id.is_followup", "company_id")
    def _compute_report_deadline(self):
        """The first report of an urgent event is due within the deadline; a follow-up
        (续报) reports later news of an event already reported and has no deadline."""
        for item in self:
            if item.type_id.is_urgent and not item.type_id.is_followup and item.event_time:
                item.report_deadline = item.event_time + timedelta(hours=item._urgent_deadline_hours())
            else:
                item.report_deadline = False

    @api.depends("event_time", "type_id.due_days", "type_id.is_urgent", "company_id")
    def _compute_due_date(self):
        """An ordinary item reporting an event is due within its type's days of the event's
        day in the department; urgent reports have their deadline in hours."""
        for item in self:
            days = item.type_id.due_days
            if days and not item.type_id.is_urgent and item.event_time:
                item.due_date = item._settings()._zugong_local_date(item.event_time) + timedelta(days=days)
            else:
                item.due_date = False

    @api.depends("due_date", "first_submitted_date")
    def _compute_submitted_late(self):
        for item in self:
            item.submitted_late = bool(item.due_date and item.first_submitted_date
                                       and item.first_submitted_date > item.due_date)

    @api.depends("first_sent_on", "phone_reported_on", "first_submitted_on")
    def _compute_reported_on(self):
        for item in self:
            times = [time for time in (item.first_sent_on, item.phone_reported_on, item.first_submitted_on) if time]
            item.reported_on = min(times) if times else False

    @api.depends("report_deadline", "reported_on")
    def _compute_urgent_status(self):
        now = fields.Datetime.now()
        for item in self:
            if not item.report_deadline:
                item.urgent_status = False
            elif item.reported_on:
                on_time = item.reported_on <= item.report_deadline
                item.urgent_status = "on_time" if on_time else "late"
            else:
                item.urgent_status = "missed" if now > item.report_deadline else "pending"

    @api.depends("report_deadline", "reported_on")
    def _compute_urgent_clock(self):
        """The 24-hour clock as the unit head and the officer read it: the time left, or
        how early or late the event was reported."""
        now = fields.Datetime.now()
        for item in self:
            deadline = item.report_deadline
            if not deadline:
                item.urgent_clock = False
            elif item.reported_on and item.reported_on <= deadline:
                item.urgent_clock = _("Reported %s before the deadline", self._duration(deadline - item.reported_on))
            elif item.reported_on:
                item.urgent_clock = _("Reported %s after the deadline", self._duration(item.reported_on - deadline))
            elif now <= deadline:
                item.urgent_clock = _("%s left to report", self._duration(deadline - now))
            else:
                item.urgent_clock = _("Not reported, %s overdue", self._duration(now - deadline))

    @api.model
    def _duration(self, delta):
        minutes = max(0, int(delta.total_seconds() // 60))
        hours, minutes = divmod(minutes, 60)
        if hours >= 48:
            return _("%(days)s days %(hours)s h", days=hours // 24, hours=hours % 24)
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)

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
        if items._checks_unit_rules():
            for item in items:
                item._check_authors(item.sudo().author_ids)
            items._check_joint_units()
            items._check_links()
        Sequence = self.env["ir.sequence"].sudo()
        for item in items:
            item.sudo().reference = Sequence.with_company(item.company_id).next_by_code(
                "zugong.item", sequence_date=fields.Date.context_today(item)
            ) or "/"
            # the authors follow their item (as the workflow's bookkeeping: portal users
            # may not subscribe others)
            item.sudo().message_subscribe(partner_ids=item.sudo().author_ids.partner_id.ids)
        return items

    def write(self, vals):
        checked = self._checks_unit_rules()
        # authors read as superuser: a portal officer may not read a portal colleague
        authors_before = {item.id: item.sudo().author_ids for item in self} if checked and "author_ids" in vals else None
        judged = self._judged_by_deadline() if DEADLINE_FIELDS & set(vals) else None
        result = super().write(vals)
        if checked:
            if authors_before is not None:
                for item in self:
                    item._check_authors(item.sudo().author_ids - authors_before[item.id])
            if "unit_line_ids" in vals:
                self._check_joint_units()
            if {"commission_id", "parent_item_id", "type_id", "unit_line_ids"} & set(vals):
                self._check_links()
        if "author_ids" in vals:
            for item in self.sudo():
                item.message_subscribe(partner_ids=item.author_ids.partner_id.ids)
        if judged is not None:
            (judged | self._judged_by_deadline())._rescore_deadlines()
        return result

    def _judged_by_deadline(self):
        """The items judged against a deadline: those submitted, and urgent reports whose
        deadline passed."""
        return self.filtered(lambda item: item.first_submitted_date or item.urgent_status in ("late", "missed"))

    def _rescore_deadlines(self):
        """Score the items against their deadlines again, refusing a change of a deduction
        dated in a closed period (before or after)."""
        Scoring = self.env["zugong.scoring"]
        Scoring._check_lines_unfrozen("zugong.item", self.ids)
        Scoring._score_deadlines(self)
        Scoring._check_lines_unfrozen("zugong.item", self.ids)

    # ------------------------------------------------------------------ what units may name

    def _checks_unit_rules(self):
        """Officers and unit heads name only their own unit's people, the units near their
        own and what their units were asked for; the research office (and the superuser's
        code) name anything of the company."""
        return not self.env.su and not self.env.user.has_group("zugong_info.group_research")

    def _check_authors(self, added):
        """The authors a unit adds to an item are people of its lead unit (members and the
        registered officer), or the user writing it."""
        self.ensure_one()
        strangers = added.sudo() - self.unit_id._people().sudo() - self.env.user.sudo()
        if strangers:
            raise UserError(_(
                "%(people)s cannot be an author of this item: co-authors are people of %(unit)s.",
                people=", ".join(strangers.sudo().mapped("name")),
                unit=self.unit_id.sudo().name or _("the item's unit"),
            ))

    def _check_joint_units(self):
        """The units of an item beside its lead unit lie in the lead unit's subtree or are
        its siblings (the other units of its parent)."""
        for item in self.sudo():
            lead = item.unit_id
            if not lead:
                continue
            allowed = item.unit_line_ids.unit_id.filtered_domain(lead._joint_unit_domain())
            others = item.unit_line_ids.unit_id - allowed
            if others:
                raise UserError(_(
                    "%(units)s cannot report this item jointly with %(lead)s: a joint item names "
                    "units below the lead unit or beside it (under the same parent).",
                    units=", ".join(others.mapped("name")), lead=lead.name,
                ))

    def _check_links(self):
        """The commission an item answers is open and asked one of the item's units; the
        urgent report a follow-up (续报) follows up is a report of one of its units that
        the writer may read and that was sent out."""
        for item in self:
            commission = item.commission_id
            if commission:
                if not commission.has_access("read") or commission.sudo().state != "open" \
                        or not (commission.sudo().target_unit_ids & item.sudo().unit_ids):
                    raise UserError(_("Choose one of the open commissions addressed to your unit."))
            parent = item.parent_item_id
            if parent:
                parent_sudo = parent.sudo()
                if not item.type_id.is_followup:
                    raise UserError(_("Only a follow-up report (续报) follows up an urgent report."))
                if not parent.has_access("read") or not parent_sudo.report_deadline \
                        or not parent_sudo.reported_on or not (parent_sudo.unit_ids & item.sudo().unit_ids):
                    raise UserError(_("Choose one of your unit's urgent reports already sent out."))

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

    def action_submit(self, similar_reason=None):
        """An officer sends the draft out: to the unit head for sign-off (审签) where the
        unit requires it, otherwise straight to the research office. A text resembling
        earlier items goes out only with the officer's reason, for the research office
        (which still accepts it or returns it): without one the submission is refused with
        the similar items named."""
        self._check_transition(("draft",), "zugong_info.group_officer", _("submit"))
        reason = (similar_reason or "").strip()
        for item in self:
            item._check_ready_to_submit()
            found = item._find_similar()
            if found[2] and not reason:
                raise SimilarItemsFound(item, found[2])
            item._record_similarity(found, reason)
            now = fields.Datetime.now()
            sent = {} if item.first_sent_on else {"first_sent_on": now}
            if any(item.unit_line_ids.unit_id.mapped("signoff_required")):
                item._set_state("signoff", signoff_requested_on=now, **sent)
                item._ask_unit_heads_to_sign()
                if item.urgent_status == "late":  # judged from the sending, not the sign-off
                    self.env["zugong.scoring"]._score_deadlines(item)
            else:
                item._mark_submitted(**sent)
        return True

    def action_open_submit(self):
        """The Submit button: submits at once, or, when the text resembles earlier items,
        opens the dialog that names them and asks for the reason."""
        self.ensure_one()
        self._check_transition(("draft",), "zugong_info.group_officer", _("submit"))
        self._check_ready_to_submit()
        if not self._find_similar()[2]:
            return self.action_submit()
        return {
            "type": "ir.actions.act_window",
            "name": _("Similar Items Found"),
            "res_model": "zugong.item.submit.similar",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": self.id},
        }

    def action_record_phone_report(self, reported_at):
        """The unit head over the item's lead unit, or the research office, records when the
        urgent event was first reported by phone: the 24-hour clock stops there. Once
        recorded, only the research office corrects it."""
        self.ensure_one()
        user = self.env.user
        research = self.env.su or user.has_group("zugong_info.group_research")
        if not research:
            if user.share or not user.has_group("zugong_info.group_unit_head"):
                raise AccessError(_("Only the unit head or the research office records a phone report."))
            self.check_access("read")
            if not self.unit_id or not self.unit_id._is_under(user.zugong_unit_ids):
                raise AccessError(_("Only the head of the item's unit records its phone report."))
            if self.phone_reported_on:
                raise UserError(_("The phone report is already recorded: ask the research office to correct it."))
        if not self.report_deadline:
            raise UserError(_("Only the first report of an urgent event, with its event time, has a phone report."))
        try:
            moment = fields.Datetime.to_datetime(reported_at)
        except (TypeError, ValueError):
            moment = None
        if not moment:
            raise UserError(_("Give the date and time of the phone report."))
        if moment < self.event_time:
            raise UserError(_("The phone report cannot be before the event."))
        if moment > fields.Datetime.now() + timedelta(minutes=1):
            raise UserError(_("The phone report cannot be in the future."))
        self.sudo().write({"phone_reported_on": moment, "phone_reported_by_id": user.id})
        self.sudo().message_post(
            body=_("Reported by phone at %(time)s, recorded by %(user)s.",
                   time=format_datetime(self.env, moment, tz=self._local_tz_name(), dt_format="short"),
                   user=user.name),
            subtype_xmlid="mail.mt_note",
        )
        self.env["zugong.scoring"]._score_deadlines(self)
        return True

    def action_sign(self):
        self._check_transition(("signoff",), "zugong_info.group_unit_head", _("signed off"))
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Signed off"))
        for item in self:
            item._mark_submitted(signed_by_id=self.env.user.id)
        return True

    def _mark_submitted(self, **values):
        now = fields.Datetime.now()
        days = {item: item.company_id._zugong_local_date(now) for item in self}
        self.env["zugong.period"]._freeze_check([(item.company_id, day) for item, day in days.items()])
        for item, today in days.items():
            first = {} if item.first_submitted_on else {
                "first_submitted_on": now, "first_submitted_date": today,
            }
            item._set_state(
                "submitted", submitted_on=now, submitted_date=today, **first, **values
            )
        self._score_submission()

    def _score_submission(self):
        """A first submission may be late (an urgent report, an item due) or a commission's answer."""
        Scoring = self.env["zugong.scoring"]
        Scoring._score_deadlines(self.filtered(lambda item: item.urgent_status == "late" or item.submitted_late))
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
        if self.type_id.is_followup:
            if not self.parent_item_id:
                raise UserError(_("A follow-up report (续报) names the urgent report it follows up."))
        elif self.type_id.is_urgent and not self.event_time:
            raise UserError(_("An urgent report needs the time of the event."))
        elif self.type_id.due_days and not self.event_time:
            raise UserError(_("%(type)s is due within %(days)s days of its event: give the time of the event.",
                              type=self.type_id.name, days=self.type_id.due_days))

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
            by_share = {}
            for line, share in zip(lines, split_evenly(100, len(lines))):
                by_share[share] = by_share.get(share, lines.browse()) | line
            for share, equal_lines in by_share.items():
                equal_lines.share = share
        return True

    # ------------------------------------------------------------------ similarity

    def _similarity_text(self):
        return f"{self.name or ''}\n{self.body_text or ''}"

    def _find_similar(self):
        """At submission: refuse the same text submitted again by the same unit, and find
        the earlier items the text resembles. The comparison reads every earlier item of
        the company, also those the submitting officer may not read: it runs as superuser,
        and what the officer sees of the matches is left to the record rules. Returns the
        text's fingerprint and the matches: (text hash, bands, [(item, similarity)])."""
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
        return text_hash, bands, item._similar_items(shingle_set, bands, since)

    def _record_similarity(self, found, reason=""):
        """Flag the item when it resembles earlier items (with the officer's reason), and
        index it for later comparisons."""
        self.ensure_one()
        text_hash, bands, matches = found
        item = self.sudo()
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
            "similar_reason": reason if matches else False,
        })
        item._store_bands(bands)

    def _similarity_rows(self, matches):
        """The similar items as the current user may see them: title, reference, unit, date
        and share of common text of those they may read; of the others only the unit and
        the date."""
        rows = []
        for match, score in matches:
            match_sudo = match.sudo()
            readable = match.with_env(self.env).has_access("read")
            unit = match_sudo.unit_id.name or ""
            day = format_date(self.env, match_sudo.submitted_date) if match_sudo.submitted_date else ""
            percent = round(score * 100)
            if readable:
                label = _("%(title)s (%(reference)s, %(unit)s, %(date)s): %(percent)s%% the same",
                          title=match_sudo.name, reference=match_sudo.reference, unit=unit, date=day,
                          percent=percent)
            else:
                label = _("Another unit's item (%(unit)s, %(date)s): %(percent)s%% the same",
                          unit=unit, date=day, percent=percent)
            rows.append({
                "readable": readable, "id": match.id if readable else False,
                "title": match_sudo.name if readable else _("Another unit's item"),
                "reference": match_sudo.reference if readable else "",
                "unit": unit, "date": day, "percent": percent, "label": label,
            })
        return rows

    def _match_rows(self):
        """The similar items found at the item's submission, as the current user may see
        them."""
        self.ensure_one()
        return self._similarity_rows([(match.matched_item_id, match.similarity) for match in self.sudo().match_ids])

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

    @api.model
    def _index_unindexed(self):
        """Index for the similarity check the submitted items that never went through a
        submission here (loaded as data): their bands (their own records are left as
        they are, some in closed periods)."""
        self.env.cr.execute("""
            SELECT item.id FROM zugong_item item
             WHERE item.submitted_date IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM zugong_item_band band WHERE band.item_id = item.id)
        """)
        for item in self.sudo().browse([row[0] for row in self.env.cr.fetchall()]):
            item._store_bands(similarity.fingerprint(item._similarity_text())[2])

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
            -- the items waiting for a unit head's sign-off, by unit: each head's page lists
            -- those of its subtree, a few among all the items of all states
            CREATE INDEX IF NOT EXISTS zugong_item_signoff_unit_idx ON zugong_item (unit_id)
                WHERE state = 'signoff';
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
    def _portal_create(self, form, files=()):
        """A draft from the portal's form (the strings the officer typed, the files they
        attached), led by the unit the officer chose among their own."""
        lead = self._portal_unit(form["unit_id"]) if form.get("unit_id") else self._portal_default_unit()
        values = self._portal_values(form, lead)
        item = self.create(values)
        if len(item.unit_line_ids) > 1:
            item.action_split_evenly()
        item._portal_attach(files)
        return item

    def _portal_save(self, form, files=()):
        """The draft changed from the portal's form, and submitted when asked. Returns the
        similar items that held the submission back for want of a reason (as the officer
        may see them), else an empty list."""
        self.ensure_one()
        units_before = self.unit_ids
        self.write(self._portal_values(form, self.unit_id, self))
        if self.unit_ids != units_before:
            self.action_split_evenly()
        self._portal_attach(files)
        if form.get("submit"):
            try:
                with self.env.cr.savepoint():
                    self.action_submit(similar_reason=form.get("similar_reason"))
            except SimilarItemsFound as found:
                return found.rows
        return []

    @api.model
    def _portal_values(self, form, lead, item=None):
        """Field values from the portal form's strings, or a UserError saying in the
        officer's words what is wrong. ``lead`` is the unit leading the item, ``item`` the
        draft changed (none for a new one). Lists (co-authors, joint units) are lists of
        strings; they are read only when the form showed them."""
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
        current = item or self.browse()
        if "commission_id" in form:
            commission = self._portal_choice(
                form["commission_id"], self._portal_commission_choices(lead),
                _("Choose one of the open commissions addressed to your unit."),
            )
            if commission != current.commission_id:
                values["commission_id"] = commission.id
        if "parent_item_id" in form:
            parent = self._portal_choice(
                form["parent_item_id"], self._portal_parent_choices(lead),
                _("Choose one of your unit's urgent reports already sent out."),
            )
            if parent != current.parent_item_id:
                values["parent_item_id"] = parent.id
            if parent and not values.get("event_time") and not current.event_time:
                values["event_time"] = parent.sudo().event_time
        if form.get("authors_shown"):
            people = lead._people()
            chosen = self._portal_choice_set(form.get("author_ids"), people,
                                             _("Choose co-authors among the people of your unit."))
            people, chosen = people.sudo(), chosen.sudo()
            authors = (current.sudo().author_ids - people) | chosen
            if not authors:
                raise UserError(_("Name at least one author."))
            if authors != current.sudo().author_ids or not item:
                values["author_ids"] = [fields.Command.set(authors.ids)]
        if form.get("units_shown"):
            choices = lead._joint_unit_choices()
            chosen = self._portal_choice_set(form.get("joint_unit_ids"), choices,
                                             _("Choose joint units among those offered."))
            if not item:
                values["unit_line_ids"] = [fields.Command.create({"unit_id": lead.id, "sequence": 10})] + [
                    fields.Command.create({"unit_id": unit.id, "sequence": 20 + index})
                    for index, unit in enumerate(chosen.sorted("id"))
                ]
            else:
                joint_lines = current.unit_line_ids.filtered(lambda line: line.unit_id != lead)
                commands = [fields.Command.delete(line.id) for line in joint_lines if line.unit_id not in chosen]
                commands += [
                    fields.Command.create({"unit_id": unit.id, "sequence": 20 + index})
                    for index, unit in enumerate((chosen - joint_lines.unit_id).sorted("id"))
                ]
                if commands:
                    values["unit_line_ids"] = commands
        elif not item:
            values["unit_line_ids"] = [fields.Command.create({"unit_id": lead.id})]
        return values

    def _portal_similar_preview(self):
        """The earlier items the draft's text resembles, as the user may see them (nothing
        is written)."""
        self.ensure_one()
        self.check_access("read")
        return self._similarity_rows(self._find_similar()[2])

    @api.model
    def _portal_choice(self, value, choices, message):
        """The record of ``choices`` whose id the form sent (empty: none)."""
        value = str(value or "").strip()
        if not value:
            return choices.browse()
        chosen = choices.filtered(lambda record: str(record.id) == value)
        if not chosen:
            raise UserError(message)
        return chosen

    @api.model
    def _portal_choice_set(self, values, choices, message):
        """The records of ``choices`` whose ids the form sent (a list of strings)."""
        if isinstance(values, str):
            values = [values]
        wanted = {str(value).strip() for value in values or () if str(value).strip()}
        chosen = choices.filtered(lambda record: str(record.id) in wanted)
        if len(chosen) != len(wanted):
            raise UserError(message)
        return chosen

    @api.model
    def _portal_default_unit(self):
        user = self.env.user
        unit = user.zugong_unit_id if user.zugong_unit_id in user.zugong_unit_ids else user.zugong_unit_ids[:1]
        if not unit:
            raise UserError(_("You belong to no reporting unit: ask the research office to register you."))
        return unit

    @api.model
    def _portal_commission_choices(self, lead):
        """The open commissions addressed to the lead unit, soonest deadline first."""
        return self.env["zugong.commission"].search(
            [("state", "=", "open"), ("target_unit_ids", "in", lead.ids)], order="deadline, id"
        )

    @api.model
    def _portal_parent_choices(self, lead):
        """The urgent reports of the lead unit already sent out, that a follow-up may
        follow up: newest first."""
        return self.search([
            ("unit_ids", "in", lead.ids), ("report_deadline", "!=", False), ("reported_on", "!=", False),
        ], limit=50)

    def _portal_form_choices(self, form=None):
        """What the portal's item form offers, as (id, name) pairs: the lead unit's people
        as co-authors, the units it may report jointly with, its open commissions and its
        urgent reports (names read as superuser: officers read only their own units)."""
        lead = self.unit_id if self else self._portal_default_unit()
        commissions = self._portal_commission_choices(lead) | self.commission_id
        return {
            "lead": lead.sudo(),
            "people": [(user.id, user.name) for user in lead._people().sudo().sorted("name")],
            "joint_units": [(unit.id, unit.name) for unit in lead._joint_unit_choices().sorted("complete_name")],
            "commissions": commissions,
            "parents": self._portal_parent_choices(lead) - self,
        }

    # ------------------------------------------------------------------ attachments

    def _attachment_limits(self):
        """The largest file (in megabytes) and the most files an item takes (its company's settings)."""
        settings = self._settings()
        return settings.zugong_attachment_max_mb, settings.zugong_attachment_max_count

    @api.model
    def _check_attachment_file(self, name, data):
        """A file attached to an item is a photo, a Word or WPS document, a PDF, a
        spreadsheet or plain text, as its name says and its content shows, within the size
        limit; else a UserError naming the file."""
        max_mb, _max_count = self._attachment_limits()
        name = name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ATTACHMENT_TYPES:
            raise UserError(_(
                "%s cannot be attached: only photos (JPG, PNG, GIF, WebP), Word or WPS documents, "
                "PDF files, spreadsheets and text files can.", name,
            ))
        if not data:
            raise UserError(_("%s is empty.", name))
        if len(data) > max_mb * 1024 * 1024:
            raise UserError(_("%(name)s has %(size)s MB: a file may have at most %(max)s MB.",
                              name=name, size=round(len(data) / 1024 / 1024, 1), max=max_mb))
        if extension == "txt":
            matches = b"\x00" not in data and _decodes(data)
        else:
            matches = guess_mimetype(data, default="application/octet-stream") in ATTACHMENT_TYPES[extension]
        if not matches:
            raise UserError(_("%s is not the kind of file its name says: it cannot be attached.", name))

    def _check_attachment_count(self, adding):
        _max_mb, max_count = self._attachment_limits()
        for item in self:
            count = self.env["ir.attachment"].sudo().search_count(item._attachment_domain())
            if count + adding > max_count:
                raise UserError(_("An item takes at most %s files.", max_count))

    def _attachment_domain(self):
        self.ensure_one()
        return [("res_model", "=", self._name), ("res_id", "=", self.id), ("res_field", "=", False)]

    def _portal_attach(self, files):
        """Attaches the files the officer sent with the form ((name, content, type)) to the
        draft, which the officer may edit; each is checked first."""
        self.ensure_one()
        files = [(clean_filename(name), data) for name, data, _type in files or () if name]
        if not files:
            return
        self.check_access("write")
        if self.state != "draft":
            raise UserError(_("Files are attached to drafts only."))
        for name, data in files:
            self._check_attachment_file(name, data)
        self._check_attachment_count(len(files))
        self.env["ir.attachment"].sudo().create([
            {"name": name, "raw": data, "res_model": self._name, "res_id": self.id} for name, data in files
        ])

    def _portal_attachments(self):
        """The files of an item the user may read (as superuser records: portal users read
        no attachment directly)."""
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.attachment"].sudo().search(self._attachment_domain(), order="id")

    def _portal_attachment(self, attachment_id):
        attachment = self._portal_attachments().filtered(lambda record: record.id == attachment_id)
        if not attachment:
            raise MissingError(_("This file is not attached to the item."))
        return attachment

    def _portal_detach(self, attachment_id):
        """Removes a file from a draft the user may edit."""
        attachment = self._portal_attachment(attachment_id)
        self.check_access("write")
        if self.state != "draft":
            raise UserError(_("Files are removed from drafts only."))
        attachment.unlink()

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
        return self.env.user.tz or self.env.company.sudo().partner_id.tz or "UTC"

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
        self.env["zugong.scoring"]._score_deadlines(self.browse([row[0] for row in self.env.cr.fetchall()]))
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

    def action_open_phone_report(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Phone Report"),
            "res_model": "zugong.item.phone.report",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": self.id},
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

    def action_open_error_notice_form(self):
        """The research office records an error notice (差错通报) on this item: the notice's
        form, in a dialog, for the item and against its lead unit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record an Error Notice"),
            "res_model": "zugong.error.notice",
            "view_mode": "form",
            "views": [(False, "form")],
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

    def _record_adoption(self, publication, issue_number, form, day, note=None, upstream_points=0.0):
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
            "form": form, "date": day, "note": note or False, "upstream_points": upstream_points or 0.0,
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
