from odoo import fields, models


class ZugongMonthTotalDetail(models.Model):
    """The breakdowns of the monthly totals (zugong.month.total), kept by the same
    triggers: items submitted by item type (measure ``items``, key the type's id) and
    points by rule kind (measure ``points``)."""

    _name = "zugong.month.total.detail"
    _description = "Monthly Totals by Type and Kind"
    _log_access = False
    _order = "month, subject, subject_id, measure, key"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], required=True, readonly=True)
    subject_id = fields.Integer("Unit or Person ID", required=True, readonly=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True, index=True, ondelete="set null")
    person_id = fields.Many2one("res.users", "Person", readonly=True, index=True, ondelete="set null")
    month = fields.Date(required=True, readonly=True)
    measure = fields.Selection([("items", "Items Submitted"), ("points", "Points")], required=True, readonly=True)
    key = fields.Char(required=True, readonly=True, help="The item type's id for items, the rule kind for points.")
    value = fields.Float(readonly=True, digits=(16, 2))

    _sql_constraints = [
        ("key_uniq", "UNIQUE (subject, subject_id, month, measure, key)", "One total per subject, month and key."),
    ]
