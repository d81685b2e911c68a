from odoo import fields, models


class ZugongPeriodReopen(models.TransientModel):
    _name = "zugong.period.reopen"
    _description = "Reopen Periods"

    period_ids = fields.Many2many("zugong.period", string="Periods", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.period_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
