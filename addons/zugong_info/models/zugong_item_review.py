from odoo import fields, models


class ZugongItemReview(models.Model):
    """A review comment (讲评) of the research office on an item, shown to its authors."""

    _name = "zugong.item.review"
    _description = "Item Review Comment"
    _order = "date desc, id desc"

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    author_id = fields.Many2one(
        "res.users", "Reviewer", required=True, default=lambda self: self.env.user, ondelete="restrict"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    body = fields.Text("Comment", required=True)
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
