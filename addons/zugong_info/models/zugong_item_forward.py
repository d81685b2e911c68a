from odoo import fields, models

from ..tools import event_dates


class ZugongItemForward(models.Model):
    """The research office forwarding an item upward (报送上级), adopted there or not."""

    _name = "zugong.item.forward"
    _description = "Item Forwarding"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # who forwarded is the user who records it; the level and company follow the
    # publication and the item
    _workflow_fields = ("user_id", "level", "company_id")
    _scored_fields = ("item_id", "publication_id", "date", "rewritten")

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    publication_id = fields.Many2one(
        "zugong.publication", "Forwarded To", required=True, ondelete="restrict",
        domain="[('is_own', '=', False)]",
    )
    level = fields.Selection(related="publication_id.level", store=True)
    date = fields.Date(required=True, default=event_dates.department_today)
    user_id = fields.Many2one(
        "res.users", "Forwarded By", required=True, default=lambda self: self.env.user, readonly=True
    )
    rewritten = fields.Boolean(
        "Rewritten by the Office",
        help="The research office rewrote more than half of the item before forwarding it: where the rule set "
             "says so, the unit shares the credit of the adoption that follows with the office.")
    note = fields.Text()
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("item_publication_uniq", "UNIQUE (item_id, publication_id)",
         "The item has already been forwarded to this publication."),
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
    ]

    def _rescore(self):
        self.env["zugong.scoring"]._score_forwards(self)
        # the adoptions that followed a forwarding count its rewrite
        self.env["zugong.scoring"]._score_items_adoptions(self.item_id)
