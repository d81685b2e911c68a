from odoo import _, fields, models


class ZugongYearRollover(models.TransientModel):
    """Opens a new year in one action (see zugong.period._roll_over)."""

    _name = "zugong.year.rollover"
    _description = "Open a New Year"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year + 1)
    quota_mode = fields.Selection(
        [("category", "From Unit Categories"), ("copy", "Copy Last Year's with a Rise")],
        "Quotas", required=True, default="category",
    )
    rise_percent = fields.Float("Rise (%)", default=0.0, help="Each figure rises by this much, rounded up.")

    def action_confirm(self):
        self.ensure_one()
        summary = self.env["zugong.period"]._roll_over(
            self.company_id, self.year, self.quota_mode, self.rise_percent
        )
        ruleset = summary["ruleset"]
        if summary["ruleset_copied"]:
            ruleset_text = _("rule set %s copied as a draft", ruleset.name)
        elif ruleset:
            ruleset_text = _("rule set %s kept", ruleset.name)
        else:
            ruleset_text = _("no earlier rule set to copy")
        message = _(
            "%(year)s opened: %(periods)s periods; %(ruleset)s; %(quotas)s quotas created, "
            "%(kept)s kept, %(skipped)s units skipped; bulletin issues numbered from No. %(number)s.",
            year=self.year, periods=len(summary["periods"]), ruleset=ruleset_text,
            quotas=len(summary["quotas"]), kept=len(summary["quotas_kept"]),
            skipped=summary["quotas_skipped"], number=min(summary["numbering"].values(), default=1),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success", "title": _("New Year Opened"), "message": message, "sticky": True,
                "next": {
                    "type": "ir.actions.act_window",
                    "name": _("Periods %s", self.year),
                    "res_model": "zugong.period",
                    "view_mode": "list,form",
                    "views": [(False, "list"), (False, "form")],
                    "domain": [("company_id", "=", self.company_id.id), ("year", "=", self.year)],
                    "context": {"search_default_group_kind": 1},
                },
            },
        }
