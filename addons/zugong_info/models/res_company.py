from odoo import _, fields, models

PERIOD_CLOSE_MODES = [
    ("manual", "By Hand"),
    ("close", "Close Automatically"),
    ("propose", "Propose for Closing"),
]


class ResCompany(models.Model):
    """The information work's settings of a company (shown in the settings through
    related fields: their defaults are these)."""

    _inherit = "res.company"

    zugong_period_close_mode = fields.Selection(
        PERIOD_CLOSE_MODES, "Closing of Periods", required=True, default="manual",
        help="When a period's grace days after its end have passed: nothing (the research office "
             "closes it by hand), close it, or ask the research office to close it (an activity).",
    )
    zugong_period_grace_days = fields.Integer(
        "Grace Days After a Period", default=10,
        help="A period closes (or is proposed for closing) this many days after its end.",
    )
    zugong_warning_days = fields.Integer(
        "Warn Days Before a Month Ends", default=7,
        help="This many days before the end of each month, the units and people behind their "
             "targets or without a submission in the month are warned (0: never by schedule).",
    )

    _sql_constraints = [
        ("zugong_period_grace_days_positive", "CHECK (zugong_period_grace_days >= 0)",
         "The grace days after a period cannot be negative."),
        ("zugong_warning_days_positive", "CHECK (zugong_warning_days >= 0)",
         "The days before a month's end for warnings cannot be negative."),
    ]

    def _zugong_research_users(self):
        """The research office's internal users who work in this company."""
        self.ensure_one()
        return self.env.ref("zugong_info.group_research").sudo().users.filtered(
            lambda user: self in user.company_ids and not user.share
        )
