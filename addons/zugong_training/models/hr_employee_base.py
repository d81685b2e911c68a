from odoo import _, api, fields, models


class HrEmployeeBase(models.AbstractModel):
    """An employee's training, for HR: the hours credited this year in closed sessions
    and a button to the person's attendance. On the base of both the employee and the
    public employee, so that HR sees it on the employee's page whichever Odoo shows."""

    _inherit = "hr.employee.base"

    zugong_training_hours = fields.Float(
        "Training Hours This Year", compute="_compute_zugong_training_hours", digits=(6, 1),
        groups="zugong_info.group_hr",
        help="Hours credited to the person this year in closed training sessions.",
    )

    @api.depends("user_id")
    @api.depends_context("tz")
    def _compute_zugong_training_hours(self):
        year = fields.Date.context_today(self).year
        hours = self.env["zugong.training.attendance"]._year_hours(self.user_id, year)
        for employee in self:
            employee.zugong_training_hours = hours.get(employee.user_id.id, 0.0)

    def action_zugong_training(self):
        """The person's training attendance, this year's first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("zugong_training.zugong_training_attendance_action")
        action["name"] = _("Training of %s", self.name)
        action["domain"] = [("user_id", "=", self.user_id.id)]
        action["context"] = {"search_default_this_year": 1}
        return action
