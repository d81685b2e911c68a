from odoo import fields, models


class ZugongTrainingLeaveRefuse(models.TransientModel):
    """HR refuses a leave request, with a note for the person asking."""

    _name = "zugong.training.leave.refuse"
    _description = "Refuse Leave from Training"

    leave_id = fields.Many2one("zugong.training.leave", "Leave Request", required=True, ondelete="cascade")
    note = fields.Char("Note")

    def action_confirm(self):
        self.leave_id.action_refuse(self.note)
        return {"type": "ir.actions.act_window_close"}
