from odoo import fields, models


class ZugongItemReturn(models.TransientModel):
    _name = "zugong.item.return"
    _description = "Return Items for Revision"

    item_ids = fields.Many2many("zugong.item", string="Items", required=True)
    comment = fields.Text(required=True, help="What the authors should revise.")

    def action_confirm(self):
        self.item_ids._return_for_revision(self.comment)
        return {"type": "ir.actions.act_window_close"}
