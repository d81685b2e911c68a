"""A bulletin issue (《XX组工信息》第N期) as a 简报 on the page of GB/T 9704-2012: the
bulletin's name in red, 第N期 (总第N期), the issuing office and the date above a red line,
the items with their titles, text and units, and 报/送/发 with the editor and the
signing-off at the foot of the last page."""

from datetime import datetime, time

from odoo.tools import html2plaintext

from ..tools.settings import document_lang
from .document_pdf import render
from .official_document import BLOCK_WIDTH_MM, MM_PER_PT, OfficialDocument, chinese_date, text_width

NAME_SIZE_MAX = 54


def colophon_lines(bulletin):
    settings = bulletin.company_id._zugong_document_settings()
    lines = []
    for label, key in (("报", "zugong_bulletin_report_to"), ("送", "zugong_bulletin_send_to"),
                       ("发", "zugong_bulletin_issue_to")):
        if settings[key]:
            lines.append((f"{label}：{settings[key].strip().rstrip('。.')}。", ""))
    editor = f"责任编辑：{bulletin.editor}" if bulletin.editor else ""
    reviewer = f"签发：{bulletin.reviewer}" if bulletin.reviewer else ""
    if editor or reviewer:
        lines.append((editor, reviewer))
    return lines


def build(bulletin, for_pdf=False):
    bulletin = bulletin.with_context(lang=document_lang(bulletin.env))
    name = bulletin.publication_id.name or ""
    issuer = bulletin.publication_id.issuer or bulletin.company_id._zugong_document_settings()[
        "zugong_document_signature"]
    document = OfficialDocument(for_pdf, title=bulletin.name, author=issuer,
                                created=datetime.combine(bulletin.date, time()))
    size = min(NAME_SIZE_MAX, int(BLOCK_WIDTH_MM / MM_PER_PT / max(text_width(name), 1)))
    document.mark(name, size=size, space_mm=15)
    document.blank_lines(1)
    document.centred(f"第{bulletin.number}期", role="kaiti")
    if bulletin.total_number:
        document.centred(f"（总第{bulletin.total_number}期）", role="kaiti")
    document.blank_lines(1)
    document.red_line(issuer, chinese_date(bulletin.date))
    for index, line in enumerate(bulletin.line_ids):
        document.title(line.title or line.item_id.name, blank_lines_before=1 if index == 0 else 2)
        document.blank_lines(1)
        document.text(html2plaintext(line.item_id.body or ""))
        units = "、".join(line.item_id.unit_ids.mapped("name"))
        if units:
            document.right_aligned(f"（{units}）", "kaiti")
    document.colophon(colophon_lines(bulletin))
    return document


def render_bulletin(bulletin, fmt):
    """The issue's document as (bytes, file name, media type); ``fmt`` is docx or pdf."""
    content, media_type = render(lambda for_pdf: build(bulletin, for_pdf),
                                 colophon_lines(bulletin), fmt)
    return content, f"{bulletin.name.strip().replace('/', '-')}.{fmt}", media_type
