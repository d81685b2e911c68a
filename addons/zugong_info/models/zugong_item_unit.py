from odoo import fields, models


class ZugongItemUnit(models.Model):
    """A unit of an item with its share: one line for a single-unit item, several for a
    joint item (合报)."""

    _name = "zugong.item.unit"
    _description = "Item Unit"
    _inherit = ["zugong.guarded.mixin"]
    _order = "item_id, sequence, id"
    _guarded_parent = "item_id"

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, index=True, ondelete="restrict")
    share = fields.Float(
        "Share (%)", digits=(5, 2), default=100.0,
        help="The unit's share of the item in percent; the shares of an item add up to 100.",
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("item_unit_uniq", "UNIQUE (item_id, unit_id)", "A unit appears once on an item."),
        ("share_range", "CHECK (share > 0 AND share <= 100)",
         "A unit's share must be more than 0 and at most 100 percent."),
    ]
