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
    due_days = fields.Integer(
        "Due Within (Days)",
        help="Items of this type are due at the research office this many days after the day of the "
             "event they report (报送时限); an item submitted later is late. 0 for no deadline. Urgent "
             "reports have their deadline in hours.",
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "The code of an item type must be unique."),
        ("due_days_positive", "CHECK (due_days >= 0)", "The days an item is due within cannot be negative."),
    ]
