from odoo import fields, models


class ZugongQuotaRequirement(models.Model):
    """A minimum of items of one type, e.g. one research item a quarter."""

    _name = "zugong.quota.requirement"
    _description = "Minimum by Item Type"
    _order = "quota_id, item_type_id"

    quota_id = fields.Many2one("zugong.quota", required=True, index=True, ondelete="cascade")
    item_type_id = fields.Many2one("zugong.item.type", "Item Type", required=True, ondelete="restrict")
    period = fields.Selection([("month", "Each Month"), ("quarter", "Each Quarter")], required=True, default="month")
    minimum = fields.Integer(required=True, default=1)
    company_id = fields.Many2one(related="quota_id.company_id", store=True)

    _sql_constraints = [
        ("minimum_positive", "CHECK (minimum > 0)", "A minimum by type must be positive."),
        ("type_period_uniq", "UNIQUE (quota_id, item_type_id, period)",
         "This type already has a minimum for this period."),
    ]
