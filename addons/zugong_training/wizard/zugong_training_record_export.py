import base64
import io

import pytz

from odoo import fields, models

from odoo.addons.zugong_info.tools.xlsx import TextWorkbook

# The record is a document of the department: always in Chinese, whoever exports it.
EXPORT_LANG = "zh_CN"


class ZugongTrainingRecordExport(models.TransientModel):
    """The yearly training record per person as an xlsx workbook: a summary sheet (one
    row per person, people without training included) and a sheet with every session
    attended or missed."""

    _name = "zugong.training.record.export"
    _description = "Export the Yearly Training Record"
    _check_company_auto = True

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    unit_id = fields.Many2one(
        "zugong.unit", "Within Unit", check_company=True,
        help="Only the people of this unit and its sub-units; leave empty for everyone.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char()

    _sql_constraints = [
        ("year_range", "CHECK (year BETWEEN 1949 AND 2999)", "Enter a year such as 2026."),
    ]

    def action_export(self):
        self.ensure_one()
        env = self.with_context(lang=EXPORT_LANG).env
        filename = env._("Training Record %(year)s.xlsx", year=self.year)
        self.write({"file": base64.b64encode(self._xlsx()), "filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{filename}?download=true",
            "target": "download",
        }

    def _people(self):
        domain = [("year", "=", str(self.year)), ("company_id", "=", self.company_id.id)]
        if self.unit_id:
            domain.append(("unit_id", "child_of", self.unit_id.id))
        rows = self.env["zugong.training.person.report"].search(domain)
        return rows.sorted(lambda r: (r.unit_id.complete_name or "", r.user_id.name or ""))

    def _attendances(self, users):
        return self.env["zugong.training.attendance"].search([
            ("company_id", "=", self.company_id.id),
            ("session_state", "=", "done"),
            ("user_id", "in", users.ids),
            ("date", ">=", f"{self.year}-01-01"),
            ("date", "<=", f"{self.year}-12-31"),
        ]).sorted(lambda a: (a.user_id.name or "", a.session_id.date_start, a.id))

    def _xlsx(self):
        self.ensure_one()
        wizard = self.with_context(lang=EXPORT_LANG)
        _ = wizard.env._
        people = wizard._people()
        attendances = wizard._attendances(people.user_id)
        states = dict(
            wizard.env["zugong.training.attendance"]._fields["state"]._description_selection(wizard.env)
        )

        output = io.BytesIO()
        book = TextWorkbook(output)
        title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        header = book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2",
                                  "align": "center", "valign": "vcenter", "text_wrap": True})
        cell = book.add_format({"border": 1})
        number = book.add_format({"border": 1, "num_format": "0.0"})
        scope = self.unit_id.complete_name or self.company_id.name

        summary_headers = [
            _("No."), _("Full Name"), _("Unit"), _("Sessions Invited"), _("Sessions Attended"),
            _("Late"), _("Absent"), _("Excused"), _("Hours Credited"),
        ]
        sheet = book.add_worksheet(_("Summary"))
        sheet.merge_range(0, 0, 0, len(summary_headers) - 1,
                          _("Training Record of %(year)s: %(scope)s", year=self.year, scope=scope),
                          title)
        sheet.write_row(1, 0, summary_headers, header)
        for index, row in enumerate(people, start=1):
            sheet.write_row(index + 1, 0, [
                index, row.user_id.name or "", row.unit_id.complete_name or "",
                row.invited_count, row.attended_count, row.late_count, row.absent_count,
                row.excused_count,
            ], cell)
            sheet.write_number(index + 1, 8, row.hours_credited, number)
        total_row = len(people) + 2
        sheet.write(total_row, 0, _("Total"), header)
        sheet.write_number(total_row, 8, sum(people.mapped("hours_credited")), number)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 12)
        sheet.set_column(2, 2, 36)
        sheet.set_column(3, 8, 12)
        sheet.freeze_panes(2, 0)

        detail_headers = [
            _("Full Name"), _("Unit"), _("Date"), _("Session"), _("Kind"), _("Location"),
            _("Session Hours"), _("Attendance"), _("Signed In At"), _("Hours Credited"),
            _("Reason for Leave"),
        ]
        sheet = book.add_worksheet(_("Details"))
        sheet.write_row(0, 0, detail_headers, header)
        for index, attendance in enumerate(attendances, start=1):
            session = attendance.session_id
            signin = ""
            if attendance.signin_date:
                local = pytz.utc.localize(attendance.signin_date).astimezone(
                    pytz.timezone(session.date_tz or "UTC")
                )
                signin = local.strftime("%Y-%m-%d %H:%M")
            sheet.write_row(index, 0, [
                attendance.user_id.name or "", attendance.unit_id.complete_name or "",
                fields.Date.to_string(session.date), session.name, session.kind_id.name,
                session.location or "",
            ], cell)
            sheet.write_number(index, 6, session.hours, number)
            sheet.write_row(index, 7, [states[attendance.state], signin], cell)
            sheet.write_number(index, 9, attendance.hours_credited, number)
            sheet.write(index, 10, attendance.excuse_reason or "", cell)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 2, 12)
        sheet.set_column(3, 3, 36)
        sheet.set_column(4, 5, 16)
        sheet.set_column(6, 6, 10)
        sheet.set_column(7, 8, 16)
        sheet.set_column(9, 9, 10)
        sheet.set_column(10, 10, 24)
        sheet.freeze_panes(1, 0)
        book.close()
        return output.getvalue()
