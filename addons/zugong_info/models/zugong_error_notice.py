from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import event_dates

ERROR_KINDS = [
    ("figures", "Wrong Figures"),
    ("wording", "Wording Error"),
    ("political", "Political Error"),
    ("other", "Other"),
]


class ZugongErrorNotice(models.Model):
    """An error notice (差错通报) a higher office issued against a unit, or against one of
    its items: wrong figures, wrong names or wording, a political error, a late
    correction. The research office records it; the rule set deducts points for it."""

    _name = "zugong.error.notice"
    _description = "Error Notice"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin", "mail.thread"]
    _workflow_fields = ("recorded_by_id",)
    _scored_fields = ("unit_id", "date", "item_id", "error_kind")
    _event_date_field = "date"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Notice Number", required=True, help="The issuing office's number of the notice (通报文号).")
    date = fields.Date(required=True, default=event_dates.department_today, index=True)
    item_id = fields.Many2one(
        "zugong.item", "Item", index=True, ondelete="restrict", check_company=True,
        domain="[('state', 'not in', ('draft', 'signoff'))]",
        help="The item the notice is about, if it is about one.",
    )
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True,
        compute="_compute_unit_id", store=True, readonly=False, precompute=True,
        help="The unit the notice is against: one of the item's units when it is about an item.",
    )
    error_kind = fields.Selection(ERROR_KINDS, "Kind of Error", required=True, default="figures")
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user, readonly=True
    )

    _sql_constraints = [
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
    ]

    @api.depends("item_id")
    def _compute_unit_id(self):
        """The item's lead unit, unless the unit is already one of the item's."""
        for notice in self:
            item = notice.item_id
            if item and notice.unit_id not in item.unit_ids:
                notice.unit_id = item.unit_id
            else:
                notice.unit_id = notice.unit_id

    @api.constrains("item_id", "unit_id")
    def _check_unit_of_item(self):
        for notice in self:
            if notice.item_id and notice.unit_id not in notice.item_id.unit_ids:
                raise ValidationError(_(
                    "%(unit)s is not a unit of the item %(item)s: a notice about an item is against one of "
                    "its units.", unit=notice.unit_id.display_name, item=notice.item_id.reference,
                ))

    def _rescore(self):
        self.env["zugong.scoring"]._score_error_notices(self)
