from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.zugong_adoption_form import adoption_forms


class ZugongBulletinCompile(models.TransientModel):
    """Adds received items to a draft issue, in the chosen form, after its last item."""

    _name = "zugong.bulletin.compile"
    _description = "Compile Bulletin Issue"

    bulletin_id = fields.Many2one("zugong.bulletin", required=True)
    company_id = fields.Many2one(related="bulletin_id.company_id")
    item_ids = fields.Many2many(
        "zugong.item", string="Items",
        domain="[('state', '=', 'received'), ('company_id', '=', company_id)]",
    )
    form = fields.Selection(adoption_forms, required=True, default="full")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        bulletin = self.env["zugong.bulletin"].browse(values.get("bulletin_id"))
        if bulletin and "item_ids" in fields_list:
            received = self.env["zugong.item"].search([
                ("state", "=", "received"), ("company_id", "=", bulletin.company_id.id),
                ("id", "not in", bulletin.line_ids.item_id.ids),
            ])
            values["item_ids"] = [fields.Command.set(received.ids)]
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.bulletin_id.state != "draft":
            raise UserError(_("Items can only be added to a draft issue."))
        present = self.bulletin_id.line_ids.item_id
        last = max(self.bulletin_id.line_ids.mapped("sequence"), default=0)
        self.env["zugong.bulletin.line"].create([{
            "bulletin_id": self.bulletin_id.id, "item_id": item.id, "form": self.form,
            "sequence": last + index,
        } for index, item in enumerate(self.item_ids - present, start=1)])
        return {"type": "ir.actions.act_window_close"}
