from odoo import api, fields, models


class ZugongItemAcceptSimilar(models.TransientModel):
    _name = "zugong.item.accept.similar"
    _description = "Accept Items Despite Similarity"

    item_ids = fields.Many2many("zugong.item", string="Items", required=True)
    match_ids = fields.Many2many(
        "zugong.item.match", string="Similar Items", compute="_compute_match_ids"
    )
    reason = fields.Text(required=True)

    @api.depends("item_ids")
    def _compute_match_ids(self):
        for wizard in self:
            wizard.match_ids = wizard.item_ids.match_ids

    def action_confirm(self):
        self.item_ids.action_accept_similar(self.reason)
        return {"type": "ir.actions.act_window_close"}
