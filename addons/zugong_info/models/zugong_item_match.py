from odoo import fields, models


class ZugongItemMatch(models.Model):
    """An earlier item found similar to an item at its submission."""

    _name = "zugong.item.match"
    _description = "Similar Item"
    _order = "similarity desc, id"

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    matched_item_id = fields.Many2one("zugong.item", "Similar Item", required=True, ondelete="cascade")
    matched_reference = fields.Char(related="matched_item_id.reference", string="Reference")
    matched_unit_ids = fields.Many2many(related="matched_item_id.unit_ids", string="Units")
    matched_date = fields.Date(related="matched_item_id.submitted_date", string="Submitted")
    similarity = fields.Float(digits=(4, 3), help="Share of common text, from 0 to 1.")
    same_unit = fields.Boolean(help="The similar item comes from one of this item's units.")
    company_id = fields.Many2one(related="item_id.company_id", store=True)
