from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    zugong_urgent_deadline_hours = fields.Float(
        "Urgent Report Deadline (hours)", default=24,
        config_parameter="zugong_info.urgent_deadline_hours",
    )
    zugong_duplicate_years = fields.Integer(
        "Compare With Items Of The Last (years)", default=3,
        config_parameter="zugong_info.duplicate_years",
    )
    zugong_duplicate_threshold = fields.Float(
        "Similarity Threshold", default=0.5, config_parameter="zugong_info.duplicate_threshold",
        help="Share of common text (0 to 1) from which a submitted item is flagged.",
    )
    zugong_instruction_feedback_days = fields.Integer(
        "Instruction Feedback Due After (days)", default=15,
        config_parameter="zugong_info.instruction_feedback_days",
    )
    zugong_commission_reminder_days = fields.Integer(
        "Remind Commissions Before Deadline (days)", default=2,
        config_parameter="zugong_info.commission_reminder_days",
    )

    # The stats service. Its token is written here but never read back into the form.
    zugong_stats_url = fields.Char("Stats Service URL", config_parameter="zugong_info.stats_url")
    zugong_stats_token = fields.Char(
        "Stats Service Token",
        help="The bearer token the stats service expects. Leave empty to keep the current one.",
    )
    zugong_stats_token_set = fields.Boolean("Token Set", compute="_compute_zugong_stats_token_set")
    zugong_stats_timeout = fields.Integer(
        "Stats Service Timeout (seconds)", default=60, config_parameter="zugong_info.stats_timeout",
    )
    zugong_stats_role = fields.Char(
        "Read-only Role", default="zugong_stats", config_parameter="zugong_info.stats_role",
        help="The database role the stats service logs in with.",
    )
    zugong_stats_role_sql = fields.Text("Read-only Role SQL", compute="_compute_zugong_stats_role_sql")

    def _compute_zugong_stats_token_set(self):
        token_set = bool(self.env["ir.config_parameter"].sudo().get_param("zugong_info.stats_token"))
        for settings in self:
            settings.zugong_stats_token_set = token_set

    @api.depends("zugong_stats_role")
    def _compute_zugong_stats_role_sql(self):
        Contract = self.env["zugong.reporting.contract"]
        for settings in self:
            try:
                statements = Contract._readonly_role_sql(settings.zugong_stats_role)
            except UserError as error:
                settings.zugong_stats_role_sql = str(error)
                continue
            role = '"%s"' % settings.zugong_stats_role
            password = _("-- then give it a password: ALTER ROLE %s PASSWORD '...';", role)
            settings.zugong_stats_role_sql = "\n".join(
                [f"{statement.code};" for statement in statements] + [password]
            )

    def set_values(self):
        super().set_values()
        token = (self.zugong_stats_token or "").strip()
        if token:
            self.env["ir.config_parameter"].sudo().set_param("zugong_info.stats_token", token)
        self.zugong_stats_token = False

    def action_zugong_stats_check(self):
        """Asks the stats service for its health: the database and the contract it serves."""
        self.ensure_one()
        self.execute()
        message = self.env["zugong.notice"]._stats_health()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "title": _("Stats Service"), "message": message, "sticky": False},
        }
