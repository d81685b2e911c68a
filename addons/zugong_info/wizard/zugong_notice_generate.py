from odoo import api, models


class ZugongNoticeGenerate(models.TransientModel):
    """The research office picks a period, a scope and what is ranked; the stats service
    computes the notice, which is created as a draft (or not at all when the service
    fails)."""

    _name = "zugong.notice.generate"
    _description = "Generate a Notice"
    _inherit = ["zugong.notice.parameters"]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "scope_unit_id" in fields_list and not values.get("scope_unit_id"):
            root = self.env["zugong.unit"].search(
                [("parent_id", "=", False), ("company_id", "=", self.env.company.id)], limit=1
            )
            values["scope_unit_id"] = root.id
        return values

    def action_generate(self):
        self.ensure_one()
        notice = self.env["zugong.notice"]._generate(self._parameter_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "zugong.notice",
            "res_id": notice.id,
            "view_mode": "form",
        }
