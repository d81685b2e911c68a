from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ZugongProgressWarning(models.TransientModel):
    """The mid-period warnings of the research office, as a list: the units and people
    behind their year's targets or with no submission in the current month (rows of
    zugong.quota._period_warnings), to warn before the month closes."""

    _name = "zugong.progress.warning"
    _description = "Mid-period Warning"
    _order = "subject desc, unit_id, user_id"

    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], required=True)
    quota_id = fields.Many2one("zugong.quota", "Quota", required=True, ondelete="cascade")
    line_id = fields.Many2one("zugong.quota.line", "Share", ondelete="cascade")
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Person", ondelete="cascade")
    month = fields.Char(required=True)
    submitted = fields.Integer("Submitted This Month")
    ytd_submissions = fields.Integer("Submitted This Year")
    expected_submissions = fields.Float("Expected by Now", digits=(16, 1))
    behind = fields.Boolean("Behind Target")
    no_submission = fields.Boolean("No Submission This Month")

    @api.model
    def action_open(self):
        """Fills the list for the current user's company, as of today, and opens it."""
        if not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office sends mid-period warnings."))
        today = fields.Date.context_today(self)
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        rows = self.create([{
            "subject": "person" if warning["user"] else "unit",
            "quota_id": warning["quota"].id,
            "line_id": warning["line"].id,
            "unit_id": warning["unit"].id,
            "user_id": warning["user"].id,
            "month": today.strftime("%Y-%m"),
            "submitted": warning["submitted"],
            "ytd_submissions": (warning["line"] or warning["quota"]).ytd_submissions,
            "expected_submissions": (warning["line"] or warning["quota"]).expected_submissions,
            "behind": warning["behind"],
            "no_submission": warning["none"],
        } for warning in self.env["zugong.quota"]._period_warnings(self.env.company, today)])
        return {
            "type": "ir.actions.act_window",
            "name": _("Mid-period Warnings %s", today.strftime("%Y-%m")),
            "res_model": self._name,
            "view_mode": "list",
            "views": [(self.env.ref("zugong_info.zugong_progress_warning_view_list").id, "list")],
            "domain": [("id", "in", rows.ids)],
            "target": "current",
        }

    def action_warn(self):
        """Warns the selected rows (all of them from the list's button)."""
        if not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office sends mid-period warnings."))
        rows = self or self.search([("create_uid", "=", self.env.uid)])
        warned = self.env["zugong.quota"]._warn([{
            "quota": row.quota_id, "line": row.line_id, "unit": row.unit_id, "user": row.user_id,
            "behind": row.behind, "none": row.no_submission,
        } for row in rows])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success", "title": _("Warnings Sent"),
                "message": _("%s people were given a to-do (and its mail).", len(warned)),
                "sticky": False,
            },
        }
