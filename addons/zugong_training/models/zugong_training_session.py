import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlencode

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.zugong_info.tools import event_dates
from odoo.addons.zugong_info.tools.freeze import changed_sql, create_freeze_trigger, parent_in_state_sql

# Wrong sign-in codes accepted per person and session before self sign-in is refused.
MAX_WRONG_CODES = 5
# The columns a closed session keeps, in the database (its title, trainer, location and
# agenda may still be corrected).
FROZEN_COLUMNS = (
    "state", "kind_id", "hours", "date_start", "date_end", "date_tz", "date", "signin_from",
    "signin_to", "late_minutes", "late_percent", "invite_all_members", "capacity", "company_id",
    "attendee_count",
)
# The tables of the invited units and people, frozen with a closed session.
INVITATION_TABLES = (
    "zugong_training_session_zugong_unit_rel", "res_users_zugong_training_session_rel",
)
DONE_FROZEN_CONSTRAINT = "zugong_training_session_done_frozen"
DONE_FROZEN_MESSAGE = "a closed training session is frozen"


class ZugongTrainingSession(models.Model):
    """A training session (培训): planned, confirmed (invitations sent, sign-in open in its
    window), then done (attendance frozen) or cancelled. A done session is frozen in the
    database: its row (see ``FROZEN_COLUMNS``), its invitations and its attendance."""

    _name = "zugong.training.session"
    _description = "Training Session"
    _inherit = ["zugong.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # moved by the actions only; the code is drawn by the session, never chosen
    _workflow_fields = ("state", "signin_code")

    # Fields a closed session keeps: they decide who attended and the hours credited.
    _FROZEN_WHEN_DONE = frozenset({
        "kind_id", "hours", "date_start", "date_end", "date_tz", "signin_from", "signin_to",
        "late_minutes", "late_percent", "unit_ids", "user_ids", "invite_all_members",
        "capacity", "company_id",
    })

    name = fields.Char("Title", required=True, tracking=True)
    kind_id = fields.Many2one(
        "zugong.training.kind", "Kind", required=True, ondelete="restrict", tracking=True,
        check_company=True,
    )
    trainer_user_id = fields.Many2one(
        "res.users", "Trainer (User)", ondelete="set null",
        help="The trainer when they are a user; otherwise give the outside trainer's name.",
    )
    trainer_name = fields.Char("Outside Trainer")
    trainer_title = fields.Char("Trainer's Title", help="e.g. deputy director of the research office")
    trainer_display = fields.Char(
        "Trainer", compute="_compute_trainer_display", compute_sudo=True
    )
    date_start = fields.Datetime("Start", required=True, tracking=True)
    date_end = fields.Datetime("End", required=True, tracking=True)
    date_tz = fields.Selection(
        _tz_get, "Time Zone", required=True,
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
        help="The session's local time: it sets the session's date and the times in "
             "invitations and sign-in messages.",
    )
    date = fields.Date(
        compute="_compute_date", store=True, index=True,
        help="The local date of the start: the session counts in this date's year.",
    )
    location = fields.Char()
    hours = fields.Float(
        compute="_compute_hours", store=True, readonly=False, digits=(6, 1), tracking=True,
        help="Hours credited to those present; the kind's default hours unless changed.",
    )
    organizer_id = fields.Many2one(
        "res.users", "Organizer", default=lambda self: self.env.user, ondelete="set null",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    unit_ids = fields.Many2many(
        "zugong.unit", string="Invited Units", check_company=True,
        help="The registered information officer of each unit is invited.",
    )
    invite_all_members = fields.Boolean(
        "Invite Everyone in the Units",
        help="Invite all the people of the invited units, not only their registered officers.",
    )
    user_ids = fields.Many2many(
        "res.users", string="Invited People",
        domain="[('company_ids', 'in', company_id)]",
        help="People invited by name, in addition to those of the invited units.",
    )
    attendance_ids = fields.One2many("zugong.training.attendance", "session_id", "Attendance")
    attendee_count = fields.Integer(
        "Invited", compute="_compute_attendee_count", store=True,
        help="Number of people invited; the database keeps it within the capacity.",
    )
    capacity = fields.Integer(help="Most people the session can take; 0 means no limit.")
    agenda = fields.Html()
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("confirmed", "Confirmed"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        "Status", required=True, default="planned", tracking=True, index=True, copy=False,
    )
    signin_code = fields.Char(
        "Sign-in Code", copy=False, groups="zugong_info.group_hr",
        default=lambda self: self._new_signin_code(),
        help="Shown at the session: officers sign in with it in the portal.",
    )
    signin_from = fields.Datetime(
        "Sign-in Opens", compute="_compute_signin_window", store=True, readonly=False,
    )
    signin_to = fields.Datetime(
        "Sign-in Closes", compute="_compute_signin_window", store=True, readonly=False,
    )
    late_minutes = fields.Integer(
        "Late After (Minutes)",
        default=lambda self: self.env.company.zugong_training_late_minutes,
        help="A sign-in later than this many minutes after the start counts as late.",
    )
    late_percent = fields.Float(
        "Hours Credited When Late (%)",
        default=lambda self: self.env.company.zugong_training_late_percent,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    present_count = fields.Integer("Present", compute="_compute_state_counts")
    late_count = fields.Integer("Late", compute="_compute_state_counts")
    absent_count = fields.Integer("Absent", compute="_compute_state_counts")
    excused_count = fields.Integer("Excused", compute="_compute_state_counts")
    unmarked_count = fields.Integer("Not Marked", compute="_compute_state_counts")

    _sql_constraints = [
        ("date_order", "CHECK (date_end > date_start)",
         "A training session must end after it starts."),
        ("signin_window_order", "CHECK (signin_to > signin_from)",
         "The sign-in window must close after it opens."),
        ("hours_positive", "CHECK (hours >= 0)",
         "The hours of a training session cannot be negative."),
        ("capacity_positive", "CHECK (capacity >= 0)",
         "The capacity of a training session cannot be negative."),
        ("capacity_respected",
         "CHECK (COALESCE(capacity, 0) = 0 OR attendee_count <= capacity)",
         "The training session is full: more people are invited than its capacity allows."),
        ("late_minutes_positive", "CHECK (late_minutes >= 0)",
         "The minutes after which a sign-in counts as late cannot be negative."),
        ("late_percent_range", "CHECK (late_percent BETWEEN 0 AND 100)",
         "The share of hours credited when late must be between 0 and 100 percent."),
        ("date_start_in_range", f"CHECK {event_dates.range_sql('date_start')}", event_dates.RANGE_MESSAGE),
        ("date_end_in_range", f"CHECK {event_dates.range_sql('date_end')}", event_dates.RANGE_MESSAGE),
        # Also the constraint the freeze triggers (see init) refuse changes under.
        ("done_frozen", "CHECK (state != 'done' OR hours IS NOT NULL)",
         "A closed training session is frozen: its hours, times, invitations and attendance "
         "stay as they were when it closed."),
    ]

    def init(self):
        """The freeze of closed sessions, in the database: their row cannot change (but for
        its description) nor be deleted, they cannot be reopened, and their invited units
        and people cannot change. The invitations' check reads the session FOR SHARE, so
        that it cannot race the close (see the attendance's freeze)."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"OLD.state = 'done' AND (TG_OP = 'DELETE' OR {changed_sql(FROZEN_COLUMNS)})",
            constraint=DONE_FROZEN_CONSTRAINT, message=DONE_FROZEN_MESSAGE, events=("UPDATE", "DELETE"),
        )
        column = f"{self._table}_id"
        for table in INVITATION_TABLES:
            create_freeze_trigger(
                self.env.cr, table,
                refused=parent_in_state_sql(self._table, [f"OLD.{column}", f"NEW.{column}"], "done"),
                constraint=DONE_FROZEN_CONSTRAINT, message=DONE_FROZEN_MESSAGE,
            )

    @api.model
    def _new_signin_code(self):
        return f"{secrets.randbelow(10**6):06d}"

    @api.depends("trainer_user_id", "trainer_name", "trainer_title")
    def _compute_trainer_display(self):
        for session in self:
            name = session.trainer_user_id.name or session.trainer_name or ""
            session.trainer_display = (
                f"{name} ({session.trainer_title})" if name and session.trainer_title else name
            )

    @api.depends("date_start", "date_tz")
    def _compute_date(self):
        for session in self:
            if session.date_start:
                tz = pytz.timezone(session.date_tz or "UTC")
                session.date = pytz.utc.localize(session.date_start).astimezone(tz).date()
            else:
                session.date = False

    @api.depends("kind_id")
    def _compute_hours(self):
        for session in self:
            session.hours = session.kind_id.default_hours

    @api.depends("date_start", "date_end", "company_id")
    def _compute_signin_window(self):
        for session in self:
            lead = timedelta(minutes=session.company_id.zugong_training_signin_lead)
            session.signin_from = session.date_start and session.date_start - lead
            session.signin_to = session.date_end

    @api.depends("attendance_ids")
    def _compute_attendee_count(self):
        for session in self:
            session.attendee_count = len(session.attendance_ids)

    def _compute_state_counts(self):
        counts = {
            (session.id, state): count
            for session, state, count in self.env["zugong.training.attendance"]._read_group(
                [("session_id", "in", self.ids)], ["session_id", "state"], ["__count"]
            )
        }
        for session in self:
            session.present_count = counts.get((session.id, "present"), 0)
            session.late_count = counts.get((session.id, "late"), 0)
            session.absent_count = counts.get((session.id, "absent"), 0)
            session.excused_count = counts.get((session.id, "excused"), 0)
            session.unmarked_count = counts.get((session.id, "invited"), 0)

    @api.model_create_multi
    def create(self, vals_list):
        event_dates.check_dates(self, vals_list, ["date_start", "date_end"])
        return super().create(vals_list)

    def write(self, vals):
        event_dates.check_dates(self, [vals], ["date_start", "date_end"])
        closed = self.filtered(lambda s: s.state == "done")
        if closed:
            if vals.get("state", "done") != "done":
                raise UserError(_("A closed training session cannot be reopened."))
            changed = self._FROZEN_WHEN_DONE & set(vals)
            if changed:
                raise UserError(
                    _("%(session)s is closed: its attendance, hours and invitations are frozen.",
                      session=closed[0].name)
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned_or_cancelled(self):
        if any(session.state not in ("planned", "cancelled") for session in self):
            raise UserError(
                _("Only planned or cancelled training sessions can be deleted; cancel the "
                  "session first.")
            )

    # ------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------

    def _invitees(self):
        """{session id: {user id: unit id}} of everyone the session invites: the registered
        officer of each invited unit on the session's date, everyone in those units when
        asked, and the people invited by name."""
        members = self.env["zugong.unit.member"].sudo().search(
            [("unit_id", "in", self.filtered("invite_all_members").unit_ids.ids)]
        )
        officers = self.env["zugong.officer"]
        invitees = {}
        for session in self:
            wanted = invitees[session.id] = {}
            registrations = officers._current_registrations(
                session.unit_ids, session.date or fields.Date.context_today(session)
            )
            for unit in session.unit_ids:
                if unit.id in registrations:
                    wanted.setdefault(registrations[unit.id].user_id.id, unit.id)
            if session.invite_all_members:
                for member in members.filtered(lambda m: m.unit_id in session.unit_ids):
                    wanted.setdefault(member.user_id.id, member.unit_id.id)
            for user in session.user_ids:
                wanted.setdefault(user.id, user.zugong_unit_id.id)
        return invitees

    def _invite(self):
        """Creates the attendance lines of the invitees who have none yet; returns them.
        Nobody is removed: HR deletes a line by hand when someone is uninvited."""
        if any(session.state not in ("planned", "confirmed") for session in self):
            raise UserError(_("Only planned or confirmed training sessions can invite people."))
        vals_list = []
        for session_id, wanted in self._invitees().items():
            session = self.browse(session_id)
            already = set(session.attendance_ids.user_id.ids)
            new = [
                {"session_id": session.id, "user_id": user_id, "unit_id": unit_id or False}
                for user_id, unit_id in wanted.items() if user_id not in already
            ]
            if session.capacity and len(already) + len(new) > session.capacity:
                raise UserError(
                    _("%(session)s takes %(capacity)s people, and %(count)s would be invited. "
                      "Raise the capacity or invite fewer units or people.",
                      session=session.name, capacity=session.capacity,
                      count=len(already) + len(new))
                )
            vals_list += new
        return self.env["zugong.training.attendance"].create(vals_list)

    def _send_invitations(self):
        """Mails the invitation to every invitee not yet invited and gives the internal users
        a to-do activity on the session."""
        pending = self.attendance_ids.filtered(lambda a: not a.invited_on and not a.walk_in)
        if not pending:
            return
        template = self.env.ref("zugong_training.mail_template_training_invitation")
        template.send_mail_batch(pending.ids)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create([
            {
                "res_model_id": model_id,
                "res_id": attendance.session_id.id,
                "activity_type_id": todo.id,
                "user_id": attendance.user_id.id,
                "summary": self.env._("Attend the training session %s", attendance.session_id.name),
                "date_deadline": attendance.session_id.date,
                "automated": True,
            }
            for attendance in pending if not attendance.user_id.share
        ])
        pending.sudo().write({"invited_on": fields.Datetime.now()})

    def _add_walk_in(self, user, unit=None, state="present", note=False):
        """Adds ``user``, who came without an invitation, to the attendance of this open
        session as present or late (HR, while the session is confirmed). Returns the new
        attendance line."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "confirmed":
            raise UserError(_("Walk-ins are added while the training session is open: %s is not.", self.name))
        if state not in ("present", "late"):
            raise UserError(_("A walk-in is present or late."))
        if self.company_id not in user.company_ids:
            raise UserError(_("%(person)s has no access to %(company)s, the company of the training session.",
                              person=user.name, company=self.company_id.name))
        if user in self.attendance_ids.user_id:
            raise UserError(_("%s is already on the attendance list: mark them there.", user.name))
        if self.capacity and self.attendee_count >= self.capacity:
            raise UserError(_("%(session)s is full: it takes %(capacity)s people. Raise the capacity first.",
                              session=self.name, capacity=self.capacity))
        attendance = self.env["zugong.training.attendance"].create({
            "session_id": self.id, "user_id": user.id, "unit_id": (unit or user.zugong_unit_id).id,
            "state": state, "note": note,
        })
        attendance.sudo().write({"walk_in": True})
        self.message_post(body=_("Walk-in added: %s", user.name), subtype_xmlid="mail.mt_note")
        return attendance

    def _clear_invitation_activities(self, attendances=None):
        """Removes the invitation to-dos of the people of ``attendances`` (of everyone by
        default): they are answered once the person is marked, moot once the session
        closes or is cancelled."""
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids), ("automated", "=", True),
        ])
        if attendances is not None:
            marked = {(a.session_id.id, a.user_id.id) for a in attendances}
            activities = activities.filtered(lambda act: (act.res_id, act.user_id.id) in marked)
        activities.unlink()

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def action_invite(self):
        self.check_access("write")
        self._invite()
        self.filtered(lambda s: s.state == "confirmed")._send_invitations()

    def action_confirm(self):
        self.check_access("write")
        if any(session.state != "planned" for session in self):
            raise UserError(_("Only planned training sessions can be confirmed."))
        self._invite()
        self.sudo().write({"state": "confirmed"})
        self._send_invitations()

    def action_done(self):
        """Closes the sessions: whoever is not marked is absent, attendance is frozen, and
        the unexcused absences are proposed for a demerit when the company asks for it."""
        self.check_access("write")
        if any(session.state != "confirmed" for session in self):
            raise UserError(_("Only confirmed training sessions can be closed."))
        unmarked = self.attendance_ids.filtered(lambda a: a.state == "invited")
        unmarked.write({"state": "absent"})
        # written before the session closes: from then on the database refuses changes
        unmarked.flush_recordset()
        self._clear_invitation_activities()
        self.sudo().write({"state": "done"})
        self._propose_absence_demerits()

    def action_cancel(self):
        self.check_access("write")
        if any(session.state not in ("planned", "confirmed") for session in self):
            raise UserError(_("Only planned or confirmed training sessions can be cancelled."))
        self._clear_invitation_activities()
        for session in self.filtered(lambda s: s.state == "confirmed"):
            invited = session.attendance_ids.filtered("invited_on").user_id.partner_id
            session.message_post(
                body=_("The training session %(session)s is cancelled.", session=session.name),
                partner_ids=invited.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self.sudo().write({"state": "cancelled"})

    def action_reset_to_planned(self):
        self.check_access("write")
        if any(session.state != "cancelled" for session in self):
            raise UserError(_("Only cancelled training sessions can be planned again."))
        self.sudo().write({"state": "planned"})

    def action_new_signin_code(self):
        self.check_access("write")
        if any(session.state in ("done", "cancelled") for session in self):
            raise UserError(_("Only planned or confirmed training sessions take a new sign-in code."))
        for session in self.sudo():
            session.signin_code = self._new_signin_code()

    def action_view_attendance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "zugong_training.zugong_training_attendance_action"
        )
        action["domain"] = [("session_id", "=", self.id)]
        action["context"] = {"default_session_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Absence demerits (the ledger of zugong_info receives them)
    # ------------------------------------------------------------------

    def _absence_demerit_candidates(self):
        """The unexcused absences of these closed sessions that are to be proposed for a
        demerit: none unless the session's company asks for it in the settings."""
        return self.filtered(
            lambda s: s.state == "done" and s.company_id.zugong_training_absence_demerit
        ).attendance_ids.filtered(lambda a: a.state == "absent")

    def _propose_absence_demerits(self):
        """Called when sessions are closed: a draft demerit in the reward and penalty ledger
        for each unexcused absence, for the research office to confirm or drop; each
        session lists them in its chatter. Returns the absences."""
        absences = self._absence_demerit_candidates()
        Ledger = self.env["zugong.ledger.entry"].sudo()
        proposed = Ledger.search([("source_model", "=", absences._name), ("source_id", "in", absences.ids)])
        Ledger.create([{
            "name": _("Unexcused absence from the training session %(session)s on %(date)s",
                      session=absence.session_id.name, date=absence.session_id.date),
            "kind": "demerit",
            "award": _("Unexcused absence from training"),
            "user_id": absence.user_id.id,
            "unit_id": absence.unit_id.id,
            "company_id": absence.company_id.id,
            "points": -absence.company_id.zugong_training_absence_points,
            "date": absence.session_id.date,
            "source_model": absence._name,
            "source_id": absence.id,
        } for absence in absences if absence.id not in proposed.mapped("source_id")])
        for session in absences.session_id:
            names = absences.filtered(lambda a: a.session_id == session).user_id.mapped("name")
            session.message_post(
                body=_("Unexcused absences proposed for a demerit: %s", ", ".join(names)),
                subtype_xmlid="mail.mt_note",
            )
        return absences

    # ------------------------------------------------------------------
    # Self sign-in and the portal
    # ------------------------------------------------------------------

    def _format_local(self, value):
        self.ensure_one()
        return format_datetime(self.env, value, tz=self.env.user.tz or self.date_tz, dt_format="short")

    def _signin_url(self):
        """The portal's training page with the session's code filled in its sign-in form,
        as the QR code of the sign-in sheet says."""
        self.ensure_one()
        return f"{self.get_base_url()}/my/training?{urlencode({'code': self.signin_code or ''})}"

    def _signin_qr_src(self):
        """The QR code of the sign-in page, as an image of Odoo's barcode route."""
        self.ensure_one()
        return "/report/barcode/?" + urlencode({
            "barcode_type": "QR", "value": self._signin_url(), "width": 360, "height": 360,
        })

    def _signin_sheet_lines(self):
        """The people on the printed sign-in sheet, by unit and name."""
        self.ensure_one()
        return self.attendance_ids.sorted(lambda a: (a.unit_id.complete_name or "", a.user_id.name or "", a.id))

    def _sign_in(self, code, user=None):
        """Signs ``user`` (the current user by default) in with the session's code, inside
        the sign-in window. Returns ``(success, message)``: refusals are messages rather
        than exceptions so that a wrong code is counted."""
        user = user or self.env.user
        session = self.sudo().exists()
        attendance = self.env["zugong.training.attendance"].sudo().search(
            [("session_id", "in", session.ids), ("user_id", "=", user.id)]
        )
        if len(session) != 1 or not attendance:
            return False, _("You are not invited to this training session.")
        if attendance.state in ("present", "late"):
            return True, _("You signed in at %s.", session._format_local(attendance.signin_date))
        if session.state != "confirmed":
            return False, _("This training session is not open for sign-in.")
        now = fields.Datetime.now()
        if now < session.signin_from:
            return False, _("Sign-in has not started yet: it opens at %s.",
                            session._format_local(session.signin_from))
        if now > session.signin_to:
            return False, _("Sign-in has closed: it ended at %s.",
                            session._format_local(session.signin_to))
        if attendance.signin_attempts >= MAX_WRONG_CODES:
            return False, _("Too many wrong codes: ask the organizer to record your attendance.")
        if not hmac.compare_digest((code or "").strip().encode(), (session.signin_code or "").encode()):
            attendance.signin_attempts += 1
            return False, _("The sign-in code is wrong: use the code shown at the session.")
        late = now > session.date_start + timedelta(minutes=session.late_minutes)
        attendance.write({
            "state": "late" if late else "present", "signin_date": now, "excuse_reason": False,
        })
        session._clear_invitation_activities(attendance)
        if late:
            return True, _("Signed in at %s, after the start: you are recorded as late.",
                           session._format_local(now))
        return True, _("Signed in at %s. Welcome!", session._format_local(now))

    @api.model
    def _portal_training_values(self, user=None):
        """What the portal training blocks show (``zugong_training.portal_training_section``
        and the blocks it calls): the user's upcoming sessions, those open for sign-in now,
        and the user's attendance and credited hours this year. Read with the user's own
        access rights."""
        user = user or self.env.user
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        Attendance = self.env["zugong.training.attendance"].with_user(user)
        upcoming = Attendance.search([
            ("user_id", "=", user.id),
            ("session_state", "=", "confirmed"),
            ("session_id.date_end", ">=", now),
        ]).sorted(lambda a: a.session_id.date_start)
        this_year = Attendance.search([
            ("user_id", "=", user.id),
            ("session_state", "in", ("confirmed", "done")),
            ("date", ">=", today.replace(month=1, day=1)),
            ("date", "<=", today.replace(month=12, day=31)),
        ]).sorted(lambda a: a.session_id.date_start)
        closed = this_year.filtered(lambda a: a.session_state == "done")
        return {
            "training_upcoming": upcoming,
            "training_signin": upcoming.filtered(
                lambda a: a.session_id.signin_from <= now <= a.session_id.signin_to
                and a.state not in ("present", "late")
            ),
            "training_year": today.year,
            "training_attendances": this_year,
            "training_hours": sum(closed.mapped("hours_credited")),
            "training_attended": len(closed.filtered(lambda a: a.state in ("present", "late"))),
        }
