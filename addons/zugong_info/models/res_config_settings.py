from odoo import fields, models


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
