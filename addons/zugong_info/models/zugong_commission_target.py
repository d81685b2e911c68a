from odoo import api, fields, models

TARGET_STATUSES = [
    ("open", "Open"),
    ("on_time", "On Time"),
    ("late", "Late"),
    ("missed", "Missed"),
]


class ZugongCommissionTarget(models.Model):
    """How one target unit answered a commission, derived from the items it submitted."""

    _name = "zugong.commission.target"
    _description = "Commission Fulfilment"
    _order = "commission_id, unit_id"

    commission_id = fields.Many2one("zugong.commission", required=True, index=True, ondelete="cascade")
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="commission_id.company_id", store=True, index=True)
    deadline = fields.Date(related="commission_id.deadline")
    item_id = fields.Many2one("zugong.item", "First Item", compute="_compute_status", store=True)
    fulfilled_date = fields.Date(compute="_compute_status", store=True)
    status = fields.Selection(TARGET_STATUSES, compute="_compute_status", store=True, index=True)

    _sql_constraints = [
        ("commission_unit_uniq", "UNIQUE (commission_id, unit_id)", "A unit is targeted once."),
    ]

    @api.depends(
        "commission_id.deadline",
        "commission_id.item_ids.first_submitted_date",
        "commission_id.item_ids.unit_ids",
    )
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for target in self:
            answers = target.commission_id.item_ids.filtered(
                lambda item: item.first_submitted_date and target.unit_id in item.unit_ids
            ).sorted(lambda item: (item.first_submitted_date, item.id))
            first = answers[:1]
            target.item_id = first
            target.fulfilled_date = first.first_submitted_date
            deadline = target.commission_id.deadline
            if first:
                target.status = "on_time" if first.first_submitted_date <= deadline else "late"
            else:
                target.status = "missed" if deadline and today > deadline else "open"
