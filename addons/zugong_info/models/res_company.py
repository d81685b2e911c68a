import re

from odoo import _, api, fields, models

# The settings of the official documents a company issues, and what a new company gets
# (written once, when the company is made or the addon installed; the office edits them).
DOCUMENT_SETTINGS = (
    "zugong_document_mark", "zugong_document_prefix", "zugong_document_recipients",
    "zugong_document_copies", "zugong_document_signature", "zugong_document_printer",
    "zugong_bulletin_report_to", "zugong_bulletin_send_to", "zugong_bulletin_issue_to",
)
_PLACE = re.compile(r"^(?:中共)?(\w)\w*?[省市县区旗州盟]委组织部")


class ResCompany(models.Model):
    _inherit = "res.company"

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
