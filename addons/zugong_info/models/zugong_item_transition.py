from odoo import fields, models

from .zugong_item import ITEM_STATES


class ZugongItemTransition(models.Model):
    """One step of an item through its workflow, kept for good."""

    _name = "zugong.item.transition"
    _description = "Item Transition"
    _order = "date desc, id desc"

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    from_state = fields.Selection(ITEM_STATES, "From")
    to_state = fields.Selection(ITEM_STATES, "To", required=True)
    user_id = fields.Many2one("res.users", "By", required=True, ondelete="restrict")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    comment = fields.Text()
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
