from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    zugong_training_signin_lead = fields.Integer(
        "Sign-in Opens Before the Start (Minutes)", default=30,
        help="Default for new sessions: how long before the start officers may sign in.",
    )
    zugong_training_late_minutes = fields.Integer(
        "Late After (Minutes)", default=15,
        help="Default for new sessions: a sign-in later than this many minutes after the "
             "start counts as late.",
    )
    zugong_training_late_percent = fields.Float(
        "Hours Credited When Late (%)", default=50.0,
        help="Default for new sessions: the share of the session's hours credited to a "
             "late attendee.",
    )
    zugong_training_absence_demerit = fields.Boolean(
        "Propose Demerits for Unexcused Absences",
        help="When a session is closed, its unexcused absences are proposed for a demerit "
             "in the reward and penalty ledger.",
    )
    zugong_training_absence_points = fields.Float(
        "Demerit Points per Absence", default=1.0, digits=(16, 2),
        help="The points of the demerit proposed for an unexcused absence.",
    )

    _sql_constraints = [
        (
            "zugong_training_absence_points_positive",
            # the ledger takes demerits below 10,000 points
            "CHECK (zugong_training_absence_points > 0 AND zugong_training_absence_points < 10000)",
            "The demerit points of an absence must be positive and below 10,000.",
        ),
        (
            "zugong_training_signin_lead_positive",
            "CHECK (zugong_training_signin_lead >= 0)",
            "The time sign-in opens before a training session cannot be negative.",
        ),
        (
            "zugong_training_late_minutes_positive",
            "CHECK (zugong_training_late_minutes >= 0)",
            "The minutes after which a sign-in counts as late cannot be negative.",
        ),
        (
            "zugong_training_late_percent_range",
            "CHECK (zugong_training_late_percent BETWEEN 0 AND 100)",
            "The share of hours credited when late must be between 0 and 100 percent.",
        ),
    ]
