from odoo import fields, models


class ZugongUrgentConcealment(models.Model):
    """An event the unit should have reported urgently, which the research office learnt of
    from elsewhere (瞒报)."""

    _name = "zugong.urgent.concealment"
    _description = "Concealed Urgent Event"
    _inherit = ["mail.thread"]
    _order = "event_time desc, id desc"
    _check_company_auto = True

    name = fields.Char("Event", required=True)
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    event_time = fields.Datetime(required=True)
    learned_on = fields.Date("Learnt On", required=True, default=fields.Date.context_today)
    source = fields.Char("Learnt From", help="How the research office learnt of the event.")
    item_id = fields.Many2one(
        "zugong.item", "Late Report", ondelete="set null", check_company=True,
        help="The unit's report, if one came after the event was learnt of elsewhere.",
    )
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user, readonly=True
    )
    note = fields.Text()
