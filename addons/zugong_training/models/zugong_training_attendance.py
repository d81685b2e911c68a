from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.zugong_info.tools.freeze import (
    changed_sql, create_freeze_trigger, create_touch_trigger, parent_in_state_sql,
)

ATTENDED = ("present", "late")


class ZugongTrainingAttendance(models.Model):
    """One invited person at one session: how they attended and the hours credited.

    Present earns the session's hours, late the session's share of them, absent and
    excused (请假) none. HR marks the attendance; the sign-in time, the wrong codes and
    the invitation date are the sign-in's and the invitation's own. Once the session is
    closed the database refuses any change: a trigger guards the rows of closed sessions
    (see ``init``)."""

    _name = "zugong.training.attendance"
    _description = "Training Attendance"
    _inherit = ["zugong.guarded.mixin"]
    _order = "date desc, session_id desc, unit_id, id"
    _check_company_auto = True
    _workflow_fields = (
        "signin_date", "signin_attempts", "invited_on", "walk_in", "session_state", "company_id", "kind_id", "date",
    )

    # Columns frozen once the session is closed (its status, which the close itself
    # writes to every row, apart: it may only become the session's).
    _FROZEN_COLUMNS = (
        "session_id", "user_id", "unit_id", "state", "excuse_reason", "signin_date",
        "hours_credited", "company_id", "kind_id", "date", "walk_in",
    )

    session_id = fields.Many2one(
        "zugong.training.session", "Session", required=True, index=True, ondelete="cascade",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", "Person", required=True, index=True, ondelete="restrict",
        domain="[('company_ids', 'in', company_id)]",
    )
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", index=True, ondelete="restrict", check_company=True,
        help="The unit the person was invited for.",
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, precompute=True
    )
    kind_id = fields.Many2one(related="session_id.kind_id", store=True, string="Kind")
    date = fields.Date(related="session_id.date", store=True, index=True)
    session_state = fields.Selection(
        related="session_id.state", store=True, string="Session Status", index=True,
        precompute=True,
    )
    state = fields.Selection(
        [
            ("invited", "Not Marked"),
            ("present", "Present"),
            ("late", "Late"),
            ("absent", "Absent"),
            ("excused", "Excused"),
        ],
        "Attendance", required=True, default="invited", index=True,
    )
    excuse_reason = fields.Char("Reason for Leave")
    signin_date = fields.Datetime("Signed In At", copy=False)
    signin_attempts = fields.Integer(
        "Wrong Sign-in Codes", copy=False, readonly=True,
        help="Wrong codes entered in the portal; self sign-in stops after five.",
    )
    hours_credited = fields.Float(
        "Hours Credited", compute="_compute_hours_credited", store=True, digits=(6, 1),
    )
    invited_on = fields.Datetime("Invitation Sent", readonly=True, copy=False)
    walk_in = fields.Boolean(
        "Walk-in", readonly=True, copy=False,
        help="Came without an invitation: added by HR while the session was open.",
    )
    note = fields.Char()

    _sql_constraints = [
        ("person_once_per_session", "UNIQUE (session_id, user_id)",
         "A person is invited to a training session only once."),
        ("excuse_needs_reason",
         "CHECK (state != 'excused' OR length(btrim(COALESCE(excuse_reason, ''))) > 0)",
         "An excused absence needs the reason for leave."),
        ("hours_credited_positive", "CHECK (hours_credited >= 0)",
         "The hours credited cannot be negative."),
        # Also the name of the trigger's refusal (see init), so that both read the same.
        ("closed_session_frozen",
         "CHECK (session_state IS DISTINCT FROM 'done' OR state != 'invited')",
         "The attendance of a closed training session is frozen: everyone invited is "
         "marked, and nothing can be changed any more."),
    ]

    def init(self):
        """The freeze of closed sessions, in the database: rows of a closed session cannot
        be inserted, deleted, changed or moved to or from another session, whatever writes
        them; the session's state is read in its table, FOR SHARE.

        A change and the close cannot race. A change waits for a concurrent close and then
        fails (as a serialization error, or, once the close is seen, as the freeze). A
        close waits for a concurrent change, and conflicts with it rather than miss it:
        the close rewrites every row's session status, and adding, removing or moving a
        row writes its session's row again (the touch trigger). Signing in, which only
        changes a row, leaves the session's row alone: people sign in at once."""
        cr = self.env.cr
        changed = changed_sql(self._FROZEN_COLUMNS)
        old_done = parent_in_state_sql("zugong_training_session", ["OLD.session_id"], "done")
        new_done = parent_in_state_sql("zugong_training_session", ["NEW.session_id"], "done")
        create_freeze_trigger(
            cr, self._table,
            refused=f"""(TG_OP != 'INSERT' AND {old_done}
                    AND (TG_OP = 'DELETE' OR {changed} OR NEW.session_state IS DISTINCT FROM 'done'))
                OR (TG_OP != 'DELETE' AND {new_done} AND (TG_OP = 'INSERT' OR {changed}))""",
            constraint=f"{self._table}_closed_session_frozen",
            message="the attendance of a closed training session is frozen",
        )
        create_touch_trigger(cr, self._table, "session_id", "zugong_training_session",
                             update_columns=["session_id"])

    @api.depends("user_id", "session_id")
    def _compute_display_name(self):
        for attendance in self:
            attendance.display_name = _(
                "%(person)s at %(session)s",
                person=attendance.user_id.name or "", session=attendance.session_id.name or "",
            )

    @api.depends("state", "session_id.hours", "session_id.late_percent", "session_id.state")
    def _compute_hours_credited(self):
        for attendance in self:
            session = attendance.session_id
            if session.state == "cancelled":
                attendance.hours_credited = 0.0
            elif attendance.state == "present":
                attendance.hours_credited = session.hours
            elif attendance.state == "late":
                attendance.hours_credited = round(session.hours * session.late_percent / 100.0, 2)
            else:
                attendance.hours_credited = 0.0

    def _check_not_frozen(self):
        closed = self.filtered(lambda a: a.session_id.state == "done")
        if closed:
            raise UserError(
                _("%(session)s is closed: its attendance is frozen.",
                  session=closed[0].session_id.name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        sessions = self.env["zugong.training.session"].browse(
            [vals["session_id"] for vals in vals_list if vals.get("session_id")]
        )
        closed = sessions.filtered(lambda s: s.state == "done")
        if closed:
            raise UserError(
                _("%(session)s is closed: its attendance is frozen.", session=closed[0].name)
            )
        return super().create(vals_list)

    def write(self, vals):
        if set(self._FROZEN_COLUMNS) & set(vals):
            self._check_not_frozen()
        if vals.get("session_id"):
            target = self.env["zugong.training.session"].browse(vals["session_id"])
            if target.state == "done":
                raise UserError(_("%(session)s is closed: its attendance is frozen.", session=target.name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_not_frozen()

    @api.model
    def _year_hours(self, users, year):
        """The hours credited to ``users`` in the closed sessions of ``year``, by user id
        (read as superuser: callers show them to those who may see them)."""
        groups = self.sudo()._read_group([
            ("user_id", "in", users.ids), ("session_state", "=", "done"),
            ("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 31)),
        ], ["user_id"], ["hours_credited:sum"])
        return {user.id: hours for user, hours in groups}

    def action_add_walk_in(self):
        """From the attendance list: HR adds someone who came without an invitation to the
        open session of the list (or of the selected lines)."""
        session_id = self.env.context.get("default_session_id")
        if not session_id and len(self.session_id) == 1:
            session_id = self.session_id.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Add a Walk-in"),
            "res_model": "zugong.training.walkin",
            "view_mode": "form",
            "target": "new",
            "context": {"default_session_id": session_id},
        }

    def _mark(self, state, reason=False):
        """Records how these people attended (HR, one by one or in bulk)."""
        if state not in dict(self._fields["state"].selection) or state == "invited":
            raise UserError(_("Choose present, late, absent or excused."))
        if state == "excused" and not (reason or "").strip():
            raise UserError(_("An excused absence needs the reason for leave."))
        self.write({
            "state": state,
            "excuse_reason": reason if state == "excused" else False,
        })
        self.session_id._clear_invitation_activities(self)
