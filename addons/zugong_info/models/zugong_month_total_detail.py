from odoo import fields, models


class ZugongMonthTotalDetail(models.Model):
    """The breakdowns of the monthly totals (zugong.month.total), kept by the same
    triggers: items submitted by item type (measure ``items``, key the type's id) and
    points by rule kind (measure ``points``)."""

    _name = "zugong.month.total.detail"
    _inherit = ["zugong.month.subject.mixin"]
    _description = "Monthly Totals by Type and Kind"
    _order = "month, subject, subject_id, measure, key"

    measure = fields.Selection([("items", "Items Submitted"), ("points", "Points")], required=True, readonly=True)
    key = fields.Char(required=True, readonly=True, help="The item type's id for items, the rule kind for points.")
    value = fields.Float(readonly=True, digits=(16, 2))

    _sql_constraints = [
        ("key_uniq", "UNIQUE (subject, subject_id, month, measure, key)", "One total per subject, month and key."),
    ]
