from odoo import api, fields, models


class ZugongTrainingAttendanceMark(models.TransientModel):
    """Marks the attendance lines selected in a list in one go."""

    _name = "zugong.training.attendance.mark"
    _description = "Mark Training Attendance"

    attendance_ids = fields.Many2many(
        "zugong.training.attendance", string="Attendance Lines", required=True,
        default=lambda self: self._default_attendances(),
    )
    attendance_count = fields.Integer("People", compute="_compute_attendance_count")
    state = fields.Selection(
        [
            ("present", "Present"),
            ("late", "Late"),
            ("absent", "Absent"),
            ("excused", "Excused"),
        ],
        "Mark As", required=True, default="present",
    )
    excuse_reason = fields.Char("Reason for Leave")

    @api.model
    def _default_attendances(self):
        if self.env.context.get("active_model") != "zugong.training.attendance":
            return self.env["zugong.training.attendance"]
        return self.env["zugong.training.attendance"].browse(self.env.context.get("active_ids", []))

    @api.depends("attendance_ids")
    def _compute_attendance_count(self):
        for wizard in self:
            wizard.attendance_count = len(wizard.attendance_ids)

    def action_apply(self):
        self.ensure_one()
        self.attendance_ids._mark(self.state, self.excuse_reason)
        return {"type": "ir.actions.act_window_close"}
