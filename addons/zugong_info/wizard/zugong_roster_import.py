import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class ZugongRosterImport(models.TransientModel):
    """Imports the officer network's roster (xlsx) in one step (see zugong.roster)."""

    _name = "zugong.roster.import"
    _description = "Import the Officer Network Roster"

    file = fields.Binary("Roster (xlsx)", attachment=False)
    filename = fields.Char()
    date_from = fields.Date(
        "Members and Officers From", required=True, default=fields.Date.context_today,
        help="The date from which the people belong to their units and the officers are registered.",
    )

    def action_download_template(self):
        return {"type": "ir.actions.act_url", "url": "/zugong_info/roster/template", "target": "download"}

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the roster file to import."))
        users = self.env["zugong.roster"]._import(base64.b64decode(self.file), self.date_from)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success", "title": _("Roster Imported"),
                "message": _("%s people imported into their units.", len(users)),
                "sticky": False,
                "next": {
                    "type": "ir.actions.act_window",
                    "name": _("Imported People"),
                    "res_model": "zugong.unit.member",
                    "view_mode": "list",
                    "views": [(False, "list")],
                    "domain": [("user_id", "in", users.ids)],
                },
            },
        }
