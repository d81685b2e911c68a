from markupsafe import Markup, escape

from odoo import api, fields, models


class ZugongItemSubmitSimilar(models.TransientModel):
    """The officer's answer when the text resembles earlier items: the similar items as the
    officer may see them, and the reason given to the research office."""

    _name = "zugong.item.submit.similar"
    _description = "Submit an Item Resembling Earlier Items"

    item_id = fields.Many2one("zugong.item", "Item", required=True, ondelete="cascade")
    similar_html = fields.Html("Similar Items", compute="_compute_similar_html", sanitize=False)
    reason = fields.Text(required=True, help="Why the item is new although it resembles these items.")

    @api.depends("item_id")
    def _compute_similar_html(self):
        for wizard in self:
            rows = wizard.item_id._similarity_rows(wizard.item_id._find_similar()[2]) if wizard.item_id else []
            wizard.similar_html = Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s</li>") % escape(row["label"]) for row in rows
            )

    def action_confirm(self):
        self.item_id.action_submit(similar_reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
