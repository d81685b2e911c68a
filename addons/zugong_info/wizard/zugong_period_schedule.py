from odoo import api, fields, models

from ..models.res_company import PERIOD_CLOSE_MODES


class ZugongPeriodSchedule(models.TransientModel):
    """The research office sets its company's periods' schedule: how periods close after
    their grace days, and when mid-period warnings go out."""

    _name = "zugong.period.schedule"
    _description = "Periods' Schedule"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    close_mode = fields.Selection(PERIOD_CLOSE_MODES, "Closing of Periods", required=True)
    grace_days = fields.Integer("Grace Days After a Period", required=True)
    warning_days = fields.Integer("Warn Days Before a Month Ends", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        settings = company.sudo()
        values.setdefault("close_mode", settings.zugong_period_close_mode)
        values.setdefault("grace_days", settings.zugong_period_grace_days)
        values.setdefault("warning_days", settings.zugong_warning_days)
        return values

    def action_confirm(self):
        self.ensure_one()
        self.env["zugong.period"]._set_schedule(self.company_id, self.close_mode, self.grace_days, self.warning_days)
        return {"type": "ir.actions.act_window_close"}
