from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    zugong_training_signin_lead = fields.Integer(
        related="company_id.zugong_training_signin_lead", readonly=False
    )
    zugong_training_late_minutes = fields.Integer(
        related="company_id.zugong_training_late_minutes", readonly=False
    )
    zugong_training_late_percent = fields.Float(
        related="company_id.zugong_training_late_percent", readonly=False
    )
    zugong_training_absence_demerit = fields.Boolean(
        related="company_id.zugong_training_absence_demerit", readonly=False
    )
    zugong_training_absence_points = fields.Float(
        related="company_id.zugong_training_absence_points", readonly=False
    )
