from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression


class _HandoverFailed(Exception):
    """Some handovers of a cohort failed: those that succeeded are rolled back."""


class ZugongOfficer(models.Model):
    """An information officer registration (信息员备案): who answers for a unit's information
    work over which dates. History is kept: ended registrations stay, and the database
    refuses two registrations of one unit that overlap in time."""

    _name = "zugong.officer"
    _description = "Information Officer Registration"
    _inherit = ["zugong.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "registered_by_id", "registered_on", "predecessor_id", "handover_reason")

    user_id = fields.Many2one(
        "res.users", "Person", required=True, index=True, ondelete="restrict", tracking=True,
        domain="[('company_ids', 'in', company_id)]",
    )
    employee_id = fields.Many2one(
        "hr.employee", "Employee", ondelete="set null", check_company=True,
        help="Link to the HR employee so that HR can track the officer's training.",
    )
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        "From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date("To", tracking=True)
    state = fields.Selection(
        [("pending", "Pending"), ("registered", "Registered"), ("ended", "Ended")],
        required=True, default="pending", tracking=True, index=True, copy=False,
    )
    phone = fields.Char("Contact Phone")
    handover_reason = fields.Text(tracking=True, copy=False)
    predecessor_id = fields.Many2one(
        "zugong.officer", "Predecessor", ondelete="set null", copy=False,
    )
    registered_by_id = fields.Many2one("res.users", "Registered By", readonly=True, copy=False)
    registered_on = fields.Datetime("Registered On", readonly=True, copy=False)
    is_current = fields.Boolean(
        "Current", compute="_compute_is_current", search="_search_is_current"
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "date_order",
            "CHECK (date_to IS NULL OR date_to >= date_from)",
            "The end date of a registration cannot be before its start date.",
        ),
        (
            "one_officer_per_unit_and_date",
            "EXCLUDE USING gist (unit_id WITH =, daterange(date_from, date_to, '[]') WITH &&)"
            " WHERE (state IN ('registered', 'ended') AND active)",
            "The unit already has a registered information officer during these dates.",
        ),
    ]

    @api.depends("user_id", "unit_id")
    def _compute_display_name(self):
        for officer in self:
            officer.display_name = _(
                "%(person)s (%(unit)s)", person=officer.user_id.name or "", unit=officer.unit_id.name or ""
            )

    @api.depends("state", "date_from", "date_to")
    @api.depends_context("tz")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for officer in self:
            officer.is_current = officer._covers(today)

    def _covers(self, day):
        self.ensure_one()
        return (
            self.state == "registered"
            and self.date_from <= day
            and (not self.date_to or self.date_to >= day)
        )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the current flag."))
        domain = self._covering_domain(fields.Date.context_today(self))
        if (operator == "=") != value:
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _covering_domain(self, day):
        """Registrations in force on ``day``."""
        return [
            ("state", "=", "registered"),
            ("date_from", "<=", day),
            "|", ("date_to", "=", False), ("date_to", ">=", day),
        ]

    @api.model
    def _current_registrations(self, units, day=None):
        """The registration covering ``day`` (today by default) of each unit, by unit id."""
        day = day or fields.Date.context_today(self)
        registrations = self.sudo().search(
            [("unit_id", "in", units.ids), *self._covering_domain(day)]
        )
        return {officer.unit_id.id: officer.sudo(False) for officer in registrations}

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        for officer in self:
            if officer.company_id not in officer.user_id.company_ids:
                raise ValidationError(
                    _("%(person)s has no access to %(company)s, the company of the unit.",
                      person=officer.user_id.name, company=officer.company_id.name)
                )

    def _check_may_register(self):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office can register information officers."))

    @api.model_create_multi
    def create(self, vals_list):
        officers = super().create(vals_list)
        officers.filtered(lambda o: o.state == "registered")._mark_registered()
        officers.filtered(lambda o: o.state == "pending")._notify_research_office()
        self.env.registry.clear_cache()  # record rules depend on the user's units
        return officers

    def write(self, vals):
        result = super().write(vals)
        if {"state", "unit_id", "user_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_pending(self):
        if any(officer.state != "pending" for officer in self):
            raise UserError(
                _("Registered information officers are kept as history and cannot be "
                  "deleted. Archive the registration instead.")
            )

    def _notify_research_office(self):
        group = self.env.ref("zugong_info.group_research")
        for officer in self:
            reviewers = group.sudo().users.filtered(
                lambda user: officer.company_id in user.company_ids and not user.share
            )
            for reviewer in reviewers:
                officer.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=reviewer.id,
                    summary=_("Review the officer registration of %s", officer.unit_id.name),
                )

    def _mark_registered(self):
        self.sudo().write({
            "registered_by_id": self.env.user.id,
            "registered_on": fields.Datetime.now(),
        })
        self._ensure_membership()

    def _ensure_membership(self):
        """An officer without a unit becomes a member of the unit they register for."""
        members = self.env["zugong.unit.member"].sudo()
        with_unit = set(members.search([("user_id", "in", self.user_id.ids)]).user_id.ids)
        new_members = []
        for officer in self:
            if officer.user_id.id not in with_unit:
                with_unit.add(officer.user_id.id)
                new_members.append({
                    "unit_id": officer.unit_id.id,
                    "user_id": officer.user_id.id,
                    "employee_id": officer.employee_id.id,
                    "date_from": officer.date_from,
                })
        members.create(new_members)

    def action_register(self):
        self._check_may_register()
        if any(officer.state != "pending" for officer in self):
            raise UserError(_("Only pending registrations can be registered."))
        self.sudo().write({"state": "registered"})
        self._mark_registered()
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Registered"))

    @api.model
    def _hand_over(self, unit, handover_date, reason, successor_user=None, successor_employee=None,
                   successor_phone=None):
        """Ends the registration of ``unit`` current on ``handover_date`` (its last day is
        the day before) and registers the successor from that date, in one transaction;
        the year's quota shares are carried over. The registration that results (the
        successor's, else the ended one) is returned."""
        self._check_may_register()
        successor_user = successor_user or self.env["res.users"]
        current = self._current_registrations(unit, handover_date).get(unit.id, self.browse())
        if not current and not successor_user:
            raise UserError(_("%s has no current officer: choose a successor to register.", unit.complete_name))
        if current and current.user_id == successor_user:
            raise UserError(_("The successor is already the unit's registered officer."))
        if current:
            if handover_date <= current.date_from:
                raise UserError(_(
                    "The handover date must be after %(start)s, when the current registration began.",
                    start=current.date_from,
                ))
            current.sudo().write({
                "date_to": handover_date - timedelta(days=1), "state": "ended", "handover_reason": reason,
            })
            # The successor's row is checked by the exclusion constraint on insert.
            current.flush_recordset()
        successor = self.browse()
        if successor_user:
            successor = self.sudo().create({
                "user_id": successor_user.id,
                "employee_id": successor_employee.id if successor_employee else False,
                "unit_id": unit.id,
                "company_id": unit.company_id.id,
                "date_from": handover_date,
                "state": "registered",
                "phone": successor_phone,
                "predecessor_id": current.id,
            }).with_env(self.env)
            successor.message_post(body=_("Registered by handover: %s", reason))
            if current:
                self.env["zugong.quota"].search([
                    ("unit_id", "=", unit.id), ("year", "=", handover_date.year),
                ])._carry_over(current.user_id, successor.user_id, handover_date)
        if current:
            current.message_post(body=_("Registration ended by handover: %s", reason))
        return successor or current

    @api.model
    def _hand_over_many(self, handovers, handover_date, reason):
        """A whole cohort's handover at one date (换届): ``handovers`` is a list of dicts
        (unit, successor_user, successor_employee, successor_phone), each recorded as one
        handover by ``_hand_over``. All or nothing: every unit's problem is reported and
        none is handed over while one fails. Returns the resulting registrations."""
        self._check_may_register()
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the handover, e.g. the leadership election."))
        if not handovers:
            raise UserError(_("Choose the units to hand over."))
        seen, problems = set(), []
        results = self.browse()
        try:
            with self.env.cr.savepoint():
                for handover in handovers:
                    unit = handover["unit"]
                    if unit.id in seen:
                        problems.append(_("%s is listed twice.", unit.complete_name))
                        continue
                    seen.add(unit.id)
                    try:
                        with self.env.cr.savepoint():
                            results |= self._hand_over(
                                unit, handover_date, reason, successor_user=handover.get("successor_user"),
                                successor_employee=handover.get("successor_employee"),
                                successor_phone=handover.get("successor_phone"),
                            )
                    except (UserError, ValidationError) as error:
                        problems.append(_("%(unit)s: %(problem)s", unit=unit.complete_name, problem=error.args[0]))
                if problems:
                    raise _HandoverFailed()
        except _HandoverFailed:
            raise UserError(
                _("Nothing was handed over; correct these units and confirm again:") + "\n" + "\n".join(problems)
            ) from None
        return results

    def action_open_handover(self):
        self.ensure_one()
        return self.unit_id.action_open_handover()
