from odoo import api, fields, models


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
        target = self.env["zugong.officer"]._hand_over(
            self.unit_id, self.handover_date, self.reason, successor_user=self.successor_user_id,
            successor_employee=self.successor_employee_id, successor_phone=self.successor_phone,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "zugong.officer",
            "res_id": target.id,
            "view_mode": "form",
        }
