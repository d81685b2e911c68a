from odoo import api, fields, models


class ZugongTrainingWalkin(models.TransientModel):
    """Adds a person who came without an invitation to an open session's attendance."""

    _name = "zugong.training.walkin"
    _description = "Add a Training Walk-in"

    session_id = fields.Many2one(
        "zugong.training.session", "Session", required=True, domain="[('state', '=', 'confirmed')]",
    )
    company_id = fields.Many2one(related="session_id.company_id")
    user_id = fields.Many2one(
        "res.users", "Person", required=True, domain="[('company_ids', 'in', company_id)]",
    )
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", compute="_compute_unit_id", store=True, readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    state = fields.Selection([("present", "Present"), ("late", "Late")], "Attended", required=True,
                             default="present")
    note = fields.Char()

    @api.depends("user_id")
    def _compute_unit_id(self):
        for wizard in self:
            wizard.unit_id = wizard.user_id.zugong_unit_id

    def action_add(self):
        self.ensure_one()
        self.session_id._add_walk_in(self.user_id, self.unit_id, self.state, self.note)
        return {"type": "ir.actions.act_window_close"}
