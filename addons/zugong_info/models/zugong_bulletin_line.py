from odoo import fields, models

ADOPTION_FORMS = [
    ("full", "Full Item"),
    ("combined", "Part of a Combined Item"),
    ("brief", "Brief"),
]


class ZugongBulletinLine(models.Model):
    _name = "zugong.bulletin.line"
    _description = "Bulletin Item"
    _order = "bulletin_id, sequence, id"

    bulletin_id = fields.Many2one("zugong.bulletin", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one(
        "zugong.item", "Item", required=True, index=True, ondelete="restrict",
        domain="[('state', 'in', ('received', 'adopted')), ('company_id', '=', company_id)]",
    )
    form = fields.Selection(ADOPTION_FORMS, required=True, default="full")
    title = fields.Char(help="The title as printed in the issue; the item's title when empty.")
    company_id = fields.Many2one(related="bulletin_id.company_id", store=True)
    item_unit_ids = fields.Many2many(related="item_id.unit_ids", string="Units")
    item_word_count = fields.Integer(related="item_id.word_count", string="Words")

    _sql_constraints = [
        ("bulletin_item_uniq", "UNIQUE (bulletin_id, item_id)", "An item appears once in an issue."),
    ]
