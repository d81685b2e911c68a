from odoo import _, api, fields, models


class ZugongOfficerHandoverBulk(models.TransientModel):
    """Hands many units over at one date (换届), each recorded as one handover (see
    zugong.officer._hand_over_many)."""

    _name = "zugong.officer.handover.bulk"
    _description = "Officer Handover of a Cohort"

    handover_date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text("Handover Reason", required=True, default=lambda self: _("Leadership election"))
    line_ids = fields.One2many("zugong.officer.handover.bulk.line", "wizard_id", "Units")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list and self.env.context.get("active_model") == "zugong.unit":
            units = self.env["zugong.unit"].browse(self.env.context.get("active_ids") or [])
            values["line_ids"] = [fields.Command.create({"unit_id": unit.id}) for unit in units]
        return values

    def action_confirm(self):
        self.ensure_one()
        officers = self.env["zugong.officer"]._hand_over_many([{
            "unit": line.unit_id, "successor_user": line.successor_user_id,
            "successor_employee": line.successor_employee_id, "successor_phone": line.successor_phone,
        } for line in self.line_ids], self.handover_date, self.reason)
        return {
            "type": "ir.actions.act_window",
            "name": _("Handed Over"),
            "res_model": "zugong.officer",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", officers.ids)],
        }


class ZugongOfficerHandoverBulkLine(models.TransientModel):
    _name = "zugong.officer.handover.bulk.line"
    _description = "Officer Handover of a Cohort: Unit"

    wizard_id = fields.Many2one("zugong.officer.handover.bulk", required=True, ondelete="cascade")
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True)
    company_id = fields.Many2one(related="unit_id.company_id")
    current_officer_id = fields.Many2one(
        "zugong.officer", "Current Officer", compute="_compute_current_officer"
    )
    successor_user_id = fields.Many2one(
        "res.users", "Successor", domain="[('company_ids', 'in', company_id)]",
        help="Leave empty to end the current registration without a successor.",
    )
    successor_employee_id = fields.Many2one(
        "hr.employee", "Successor Employee", domain="[('company_id', 'in', [company_id, False])]",
    )
    successor_phone = fields.Char("Successor Contact Phone")

    @api.depends("unit_id", "wizard_id.handover_date")
    def _compute_current_officer(self):
        for line in self:
            current = self.env["zugong.officer"]._current_registrations(
                line.unit_id, line.wizard_id.handover_date or fields.Date.context_today(self)
            )
            line.current_officer_id = current.get(line.unit_id.id, False)

    @api.onchange("successor_user_id")
    def _onchange_successor_user_id(self):
        self.successor_employee_id = self.successor_user_id.employee_ids.filtered(
            lambda employee: employee.company_id == self.company_id
        )[:1]
