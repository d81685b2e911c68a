from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ZugongOfficerHandover(models.TransientModel):
    """Ends a unit's current registration and registers the successor in one transaction
    (备案): the old officer's last day is the day before the handover date."""

    _name = "zugong.officer.handover"
    _description = "Information Officer Handover"
    _check_company_auto = True

    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, check_company=True)
    company_id = fields.Many2one(related="unit_id.company_id")
    current_officer_id = fields.Many2one(
        "zugong.officer", "Current Officer", compute="_compute_current_officer"
    )
    handover_date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text("Handover Reason", required=True)
    successor_user_id = fields.Many2one(
        "res.users", "Successor", domain="[('company_ids', 'in', company_id)]",
        help="Leave empty to end the current registration without a successor.",
    )
    successor_employee_id = fields.Many2one("hr.employee", "Successor Employee", check_company=True)
    successor_phone = fields.Char("Successor Contact Phone")

    @api.depends("unit_id", "handover_date")
    def _compute_current_officer(self):
        for wizard in self:
            current = self.env["zugong.officer"]._current_registrations(
                wizard.unit_id, wizard.handover_date
            )
            wizard.current_officer_id = current.get(wizard.unit_id.id, False)

    @api.onchange("successor_user_id")
    def _onchange_successor_user_id(self):
        employee = self.successor_user_id.employee_ids.filtered(
            lambda e: e.company_id == self.company_id
        )[:1]
        self.successor_employee_id = employee

    def action_confirm(self):
        self.ensure_one()
        current = self.current_officer_id
        if not current and not self.successor_user_id:
            raise UserError(_("%s has no current officer: choose a successor to register.",
                              self.unit_id.complete_name))
        if current and current.user_id == self.successor_user_id:
            raise UserError(_("The successor is already the unit's registered officer."))
        if current:
            if self.handover_date <= current.date_from:
                raise UserError(
                    _("The handover date must be after %(start)s, when the current "
                      "registration began.", start=current.date_from)
                )
            current.write({
                "date_to": self.handover_date - timedelta(days=1),
                "state": "ended",
                "handover_reason": self.reason,
            })
            # The successor's row is checked by the exclusion constraint on insert.
            current.flush_recordset()
        successor = self.env["zugong.officer"]
        if self.successor_user_id:
            successor = successor.create({
                "user_id": self.successor_user_id.id,
                "employee_id": self.successor_employee_id.id,
                "unit_id": self.unit_id.id,
                "company_id": self.unit_id.company_id.id,
                "date_from": self.handover_date,
                "state": "registered",
                "phone": self.successor_phone,
                "predecessor_id": current.id,
            })
            successor.message_post(body=_("Registered by handover: %s", self.reason))
            if current:
                self.env["zugong.quota"].search([
                    ("unit_id", "=", self.unit_id.id), ("year", "=", self.handover_date.year),
                ])._carry_over(current.user_id, successor.user_id, self.handover_date)
        if current:
            current.message_post(body=_("Registration ended by handover: %s", self.reason))
        target = successor or current
        return {
            "type": "ir.actions.act_window",
            "res_model": "zugong.officer",
            "res_id": target.id,
            "view_mode": "form",
        }
