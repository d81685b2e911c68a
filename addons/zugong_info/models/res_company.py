from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .zugong_notice_parameters import NOTICE_SUBJECTS


class ResCompany(models.Model):
    """The department's settings of the information work, one set per company, edited in
    Settings (res.config.settings relates to them). Each default is written here only."""

    _inherit = "res.company"

    # ------------------------------------------------------------------ items

    zugong_urgent_deadline_hours = fields.Float(
        "Urgent Report Deadline (hours)", default=24,
        help="Urgent reports are due this many hours after the event.",
    )
    zugong_duplicate_years = fields.Integer(
        "Compare With Items Of The Last (years)", default=3,
        help="Submitted items are compared with the items submitted in this many past years.",
    )
    zugong_duplicate_threshold = fields.Float(
        "Similarity Threshold", default=0.5,
        help="Share of common text (0 to 1) from which a submitted item is flagged.",
    )
    zugong_instruction_feedback_days = fields.Integer(
        "Instruction Feedback Due After (days)", default=15,
        help="Units report how an instruction was carried out within this many days.",
    )
    zugong_commission_reminder_days = fields.Integer(
        "Remind Commissions Before Deadline (days)", default=2,
        help="Officers are reminded this many days before a commission's deadline.",
    )

    # ------------------------------------------------------------------ scheduled notices

    zugong_notice_auto_month = fields.Boolean("Monthly")
    zugong_notice_auto_bimonth = fields.Boolean("Every Two Months")
    zugong_notice_auto_quarter = fields.Boolean("Quarterly")
    zugong_notice_auto_halfyear = fields.Boolean("Half-yearly")
    zugong_notice_auto_year = fields.Boolean("Yearly")
    zugong_notice_scope_unit_id = fields.Many2one(
        "zugong.unit", "Scheduled Notices Cover", ondelete="set null", domain="[('company_id', '=', id)]",
        help="The unit whose subtree the scheduled notices rank.",
    )
    zugong_notice_subject = fields.Selection(
        NOTICE_SUBJECTS + [("both", "Units and People")], "Scheduled Notices Rank", default="units",
    )

    _sql_constraints = [
        ("zugong_urgent_deadline_hours_positive", "CHECK (zugong_urgent_deadline_hours > 0)",
         "The deadline of urgent reports must be more than zero hours."),
        ("zugong_duplicate_years_positive", "CHECK (zugong_duplicate_years >= 1)",
         "Submitted items are compared with the items of one year at least."),
        ("zugong_duplicate_threshold_range",
         "CHECK (zugong_duplicate_threshold > 0 AND zugong_duplicate_threshold <= 1)",
         "The similarity threshold is a share of common text above 0 and at most 1."),
        ("zugong_instruction_feedback_days_positive", "CHECK (zugong_instruction_feedback_days >= 1)",
         "The feedback on an instruction is due one day after it at the earliest."),
        ("zugong_commission_reminder_days_positive", "CHECK (zugong_commission_reminder_days >= 0)",
         "The days of the commission reminder cannot be negative."),
    ]

    @api.constrains("zugong_notice_scope_unit_id")
    def _check_zugong_notice_scope(self):
        for company in self:
            scope = company.zugong_notice_scope_unit_id
            if scope and scope.company_id != company:
                raise ValidationError(_(
                    "The scheduled notices of %(company)s cover a unit of its own, not %(unit)s.",
                    company=company.name, unit=scope.complete_name,
                ))
