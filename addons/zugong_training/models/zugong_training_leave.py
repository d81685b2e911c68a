from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

OPEN_STATES = ("requested", "approved")
REASON_MAX = 2000


class ZugongTrainingLeave(models.Model):
    """An invited person asks for leave (请假) from a training session, with a reason; HR
    approves it, and the attendance becomes excused, or refuses it. The person asks for
    themself only, before the session ends; one request waits or stands per invitation."""

    _name = "zugong.training.leave"
    _description = "Leave Request for Training"
    _inherit = ["zugong.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "decided_by_id", "decided_on", "decision_note")

    attendance_id = fields.Many2one(
        "zugong.training.attendance", "Invitation", required=True, index=True, ondelete="cascade",
    )
    session_id = fields.Many2one(
        related="attendance_id.session_id", store=True, index=True, string="Session", precompute=True,
    )
    user_id = fields.Many2one(related="attendance_id.user_id", store=True, index=True, string="Person", precompute=True)
    unit_id = fields.Many2one(related="attendance_id.unit_id", store=True, string="Unit", precompute=True)
    company_id = fields.Many2one(related="attendance_id.company_id", store=True, index=True, precompute=True)
    session_date = fields.Date(related="session_id.date", string="Session Date")
    reason = fields.Text("Reason for Leave", required=True, tracking=True)
    state = fields.Selection(
        [("requested", "Waiting for HR"), ("approved", "Approved"), ("refused", "Refused"),
         ("withdrawn", "Withdrawn")],
        "Status", required=True, default="requested", tracking=True, index=True,
    )
    decided_by_id = fields.Many2one("res.users", "Decided By", readonly=True)
    decided_on = fields.Datetime("Decided On", readonly=True)
    decision_note = fields.Char("HR's Note", readonly=True, tracking=True)

    _sql_constraints = [
        ("reason_given", "CHECK (length(btrim(COALESCE(reason, ''))) > 0)",
         "A leave request needs the reason for leave."),
        ("one_open_request", "EXCLUDE USING btree (attendance_id WITH =) WHERE (state IN ('requested', 'approved'))",
         "Leave from this session is already asked for."),
    ]

    @api.depends("session_id", "user_id")
    def _compute_display_name(self):
        for leave in self:
            leave.display_name = _("Leave of %(person)s from %(session)s",
                                   person=leave.user_id.name or "", session=leave.session_id.name or "")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            attendances = self.env["zugong.training.attendance"].browse(
                [vals.get("attendance_id") for vals in vals_list]
            )
            for attendance, vals in zip(attendances, vals_list):
                self._check_may_ask(attendance, vals.get("reason"))
        leaves = super().create(vals_list)
        for leave in leaves.sudo():
            leave._ask_hr()
        return leaves

    def write(self, vals):
        if not self.env.su:
            if set(vals) - {"reason"}:
                raise AccessError(_("A leave request changes only through its actions."))
            for leave in self:
                if leave.sudo().user_id != self.env.user or leave.state != "requested":
                    raise UserError(_("Only the person asking changes the reason, while the request waits for HR."))
                self._check_reason(vals.get("reason"))
        return super().write(vals)

    @api.model
    def _check_reason(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for leave."))
        if len(reason) > REASON_MAX:
            raise UserError(_("The reason has %(count)s characters: at most %(max)s.", count=len(reason), max=REASON_MAX))

    @api.model
    def _check_may_ask(self, attendance, reason):
        """The person asks for themself, for a session still to come or under way, not
        yet attended, with a reason."""
        attendance = attendance.sudo()
        if not attendance.exists() or attendance.user_id != self.env.user:
            raise AccessError(_("You may ask for leave only from sessions you are invited to."))
        session = attendance.session_id
        if session.state not in ("planned", "confirmed") or session.date_end < fields.Datetime.now():
            raise UserError(_("%s is over or cancelled: leave is asked for before a session ends.", session.name))
        if attendance.state not in ("invited", "absent"):
            raise UserError(_("Your attendance at %s is already recorded: there is no leave to ask for.", session.name))
        self._check_reason(reason)

    def _ask_hr(self):
        """A to-do for the session's organizer (HR), or the company's HR people."""
        self.ensure_one()
        organizer = self.session_id.organizer_id
        if not organizer or not organizer.has_group("zugong_info.group_hr"):
            organizer = self.env.ref("zugong_info.group_hr").users.filtered(
                lambda user: self.company_id in user.company_ids and not user.share
            )[:1]
        if organizer:
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=organizer.id, date_deadline=self.session_id.date,
                summary=_("Leave asked for: %s", self.user_id.name),
            )

    # ------------------------------------------------------------------ actions

    def _check_hr(self):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_hr"):
            raise AccessError(_("Only HR approves or refuses leave from training."))
        self.check_access("read")
        for leave in self:
            if leave.state != "requested":
                raise UserError(_("%s was already decided or withdrawn.", leave.display_name))

    def _decide(self, state, note=False):
        self.sudo().write({
            "state": state, "decided_by_id": self.env.user.id, "decided_on": fields.Datetime.now(),
            "decision_note": note or False,
        })
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        labels = dict(self._fields["state"]._description_selection(self.env))
        for leave in self.sudo():
            body = _("Your leave from %(session)s is %(decision)s.", session=leave.session_id.name,
                     decision=labels[state])
            if note:
                body += " " + note
            leave.message_post(body=body, partner_ids=leave.user_id.partner_id.ids,
                               message_type="comment", subtype_xmlid="mail.mt_comment")

    def action_approve(self):
        """HR approves: the person's attendance is excused with the reason given."""
        self._check_hr()
        for leave in self:
            attendance = leave.attendance_id
            if attendance.session_id.state not in ("planned", "confirmed"):
                raise UserError(_("%s is closed or cancelled: its attendance no longer changes.",
                                  attendance.session_id.name))
            attendance._mark("excused", leave.reason)
        self._decide("approved")
        return True

    def action_refuse(self, note=None):
        """HR refuses, with a note for the person."""
        self._check_hr()
        self._decide("refused", (note or "").strip())
        return True

    def action_open_refuse(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse Leave"),
            "res_model": "zugong.training.leave.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_leave_id": self.id},
        }

    def action_withdraw(self):
        """The person takes back a request HR has not decided yet."""
        for leave in self:
            if leave.sudo().user_id != self.env.user and not self.env.su:
                raise AccessError(_("Only the person asking withdraws the request."))
            if leave.state != "requested":
                raise UserError(_("%s was already decided or withdrawn.", leave.display_name))
        self.sudo().write({"state": "withdrawn"})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    @api.model
    def _portal_request(self, attendance, form):
        """A leave request from the portal's form for the user's invitation ``attendance``."""
        return self.create({"attendance_id": attendance.id, "reason": (form.get("reason") or "").strip()})
