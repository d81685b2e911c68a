from odoo import fields, models


class ZugongItemType(models.Model):
    _name = "zugong.item.type"
    _description = "Item Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable code used by scoring rules and reports (e.g. research, urgent).",
    )
    sequence = fields.Integer(default=10)
    is_urgent = fields.Boolean(
        "Urgent Report", help="Items of this type carry an event time and a reporting deadline."
    )
    is_followup = fields.Boolean(
        "Follow-up Report", help="Items of this type continue an earlier urgent report (续报)."
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "The code of an item type must be unique."),
    ]
