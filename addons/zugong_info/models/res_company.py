import json
import re
from datetime import datetime, time

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .zugong_notice_parameters import NOTICE_SUBJECTS

PERIOD_CLOSE_MODES = [
    ("manual", "By Hand"),
    ("close", "Close Automatically"),
    ("propose", "Propose for Closing"),
]

# The settings of the official documents a company issues, and what a new company gets
# (written once, when the company is made or the addon installed; the office edits them).
DOCUMENT_SETTINGS = (
    "zugong_document_mark", "zugong_document_prefix", "zugong_document_recipients",
    "zugong_document_copies", "zugong_document_signature", "zugong_document_printer",
    "zugong_bulletin_report_to", "zugong_bulletin_send_to", "zugong_bulletin_issue_to",
)
# The time zone a department dates its events in when its company's address names none:
# the product serves departments in China.
DEFAULT_TIME_ZONE = "Asia/Shanghai"
# The same rule in the database (the freeze triggers and scoring date timestamps with it).
LOCAL_DATE_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION zugong_local_date(company integer, moment timestamp) RETURNS date
        LANGUAGE sql STABLE PARALLEL SAFE
        AS $$ SELECT (moment AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(
                        (SELECT NULLIF(partner.tz, '') FROM res_company
                           JOIN res_partner partner ON partner.id = res_company.partner_id
                          WHERE res_company.id = company), '{DEFAULT_TIME_ZONE}'))::date $$;
"""
_PLACE = re.compile(r"^(?:中共)?(\w)\w*?[省市县区旗州盟]委组织部")


class ResCompany(models.Model):
    """The department's settings of the information work, one set per company, edited in
    Settings (res.config.settings relates to them). Each default is written here only."""

    _inherit = "res.company"

    # ------------------------------------------------------------------ periods and warnings

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
    zugong_attachment_max_mb = fields.Float(
        "Largest File of an Item (MB)", default=10,
        help="A file attached to an item may be this large at most.",
    )
    zugong_attachment_max_count = fields.Integer(
        "Most Files of an Item", default=20,
        help="An item takes this many files at most.",
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
        help="Units are ranked as the rule set in force for the period's year says: all together, "
             "within each kind of unit or within each unit category.",
    )

    # ------------------------------------------------------------------ official documents

    zugong_document_mark = fields.Char(
        "Issuing Body's Mark", help="Printed in red at the head of the notices, e.g. 中共××市委组织部文件.",
    )
    zugong_document_prefix = fields.Char(
        "Document Number Prefix",
        help="The notices' numbers read prefix〔year〕number号, e.g. ×组通〔2026〕3号; numbered "
             "from 1 every year when a notice is published.",
    )
    zugong_document_recipients = fields.Char(
        "Main Recipients", help="Who the notices are addressed to (主送), e.g. 各区县委组织部.",
    )
    zugong_document_copies = fields.Char("Copies To", help="Who gets copies of the notices (抄送).")
    zugong_document_signature = fields.Char(
        "Signature", help="The issuing body's name signing the notices (发文机关署名).",
    )
    zugong_document_printer = fields.Char(
        "Printed By", help="The office printing and issuing the documents (印发机关), in their colophon.",
    )
    zugong_bulletin_report_to = fields.Char(
        "Bulletin Reported To", help="The higher bodies a bulletin issue goes to (报).",
    )
    zugong_bulletin_send_to = fields.Char("Bulletin Sent To", help="The bodies of the same level a bulletin issue goes to (送).")
    zugong_bulletin_issue_to = fields.Char("Bulletin Issued To", help="The units below a bulletin issue goes to (发).")

    _sql_constraints = [
        ("zugong_period_grace_days_positive", "CHECK (zugong_period_grace_days >= 0)",
         "The grace days after a period cannot be negative."),
        ("zugong_warning_days_positive", "CHECK (zugong_warning_days >= 0)",
         "The days before a month's end for warnings cannot be negative."),
        ("zugong_urgent_deadline_hours_positive", "CHECK (zugong_urgent_deadline_hours > 0)",
         "The deadline of urgent reports must be more than zero hours."),
        ("zugong_duplicate_years_positive", "CHECK (zugong_duplicate_years >= 1)",
         "Submitted items are compared with the items of one year at least."),
        ("zugong_duplicate_threshold_range",
         "CHECK (zugong_duplicate_threshold > 0 AND zugong_duplicate_threshold <= 1)",
         "The similarity threshold is a share of common text above 0 and at most 1."),
        ("zugong_attachment_max_mb_positive", "CHECK (zugong_attachment_max_mb > 0)",
         "The largest file of an item must be more than zero megabytes."),
        ("zugong_attachment_max_count_positive", "CHECK (zugong_attachment_max_count >= 1)",
         "An item takes one file at least."),
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

    def init(self):
        super().init()
        self.env.cr.execute(LOCAL_DATE_FUNCTION)

    # ------------------------------------------------------------------ dates

    def _zugong_tz(self):
        """The time zone the department dates its events in: its address's, else China's
        (never the server's UTC, nor the time zone of whoever records the event)."""
        self.ensure_one()
        return self.sudo().partner_id.tz or DEFAULT_TIME_ZONE

    def _zugong_local_date(self, moment):
        """The department's date of ``moment``, a UTC datetime as Odoo stores them
        (zugong_local_date in the database)."""
        return pytz.utc.localize(moment).astimezone(pytz.timezone(self._zugong_tz())).date()

    def _zugong_today(self):
        return self._zugong_local_date(fields.Datetime.now())

    def _zugong_todays(self):
        """The department's today of each of these companies, as a JSON object by company
        id, for SQL to read (``(%s::jsonb ->> company_id::text)::date``)."""
        now = fields.Datetime.now()
        return json.dumps({str(company.id): company._zugong_local_date(now).isoformat() for company in self})

    def _zugong_day_start(self, day):
        """The UTC datetime at which the department's ``day`` begins, to search stored
        datetimes by the department's dates."""
        local = pytz.timezone(self._zugong_tz()).localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._zugong_write_document_defaults()
        return companies

    def _zugong_document_defaults(self):
        """What the document settings start from, after the company's name, e.g. for
        中共江州市委组织部: 中共江州市委组织部文件, 江组通, signed 中共江州市委组织部 and
        printed by 中共江州市委组织部办公室."""
        self.ensure_one()
        name = (self.name or "").strip()
        place = _PLACE.match(name)
        return {
            "zugong_document_mark": f"{name}文件" if name else False,
            "zugong_document_prefix": f"{place.group(1)}组通" if place else "组通",
            "zugong_document_signature": name or False,
            "zugong_document_printer": f"{name}办公室" if name else False,
        }

    def _zugong_write_document_defaults(self):
        """Writes the defaults of the document settings still empty: once, when the
        company is made or the addon installed."""
        for company in self:
            values = {key: value for key, value in company._zugong_document_defaults().items()
                      if value and not company[key]}
            if values:
                company.write(values)

    def _zugong_document_settings(self):
        """The document settings, each empty one that a document needs (mark, prefix,
        signature, printer) read as its default."""
        self.ensure_one()
        defaults = self._zugong_document_defaults()
        return {key: (self[key] or defaults.get(key) or "").strip() for key in DOCUMENT_SETTINGS}

    def _zugong_next_document_number(self, kind, day):
        """The next number of the company's documents of ``kind`` in the year of ``day``:
        1, 2, 3... from the first of every year, without gaps (an ir.sequence per company
        and kind, with a date range per year). The company's row is locked until the
        transaction ends: the first number of a company makes its sequence, the first of a
        year its range, and two transactions numbering at once take turns."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE", [self.id])
        Sequence = self.env["ir.sequence"].sudo()
        code = f"zugong_info.document.{kind}"
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", self.id)], limit=1)
        if not sequence:
            sequence = Sequence.create({
                "name": _("Document numbers (%(kind)s) of %(company)s", kind=kind, company=self.name),
                "code": code, "company_id": self.id, "implementation": "no_gap",
                "use_date_range": True, "padding": 0, "prefix": "", "suffix": "",
            })
        return int(sequence._next(sequence_date=day))

    def _zugong_research_users(self):
        """The research office's internal users who work in this company."""
        self.ensure_one()
        return self.env.ref("zugong_info.group_research").sudo().users.filtered(
            lambda user: self in user.company_ids and not user.share
        )
