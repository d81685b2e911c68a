from odoo import fields, models


class ZugongItemPhoneReport(models.TransientModel):
    """The unit head or the research office records when an urgent event was first
    reported by phone."""

    _name = "zugong.item.phone.report"
    _description = "Record a Phone Report"

    item_id = fields.Many2one("zugong.item", "Item", required=True, ondelete="cascade")
    reported_at = fields.Datetime("Reported by Phone At", required=True, default=fields.Datetime.now)

    def action_confirm(self):
        self.item_id.action_record_phone_report(self.reported_at)
        return {"type": "ir.actions.act_window_close"}
