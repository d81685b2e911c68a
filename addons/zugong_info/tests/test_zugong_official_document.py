import io
import os
import re
import subprocess
import zipfile
from datetime import date
from unittest.mock import patch

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from PyPDF2 import PdfReader
from PyPDF2.generic import ContentStream

from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tests import BaseCase, HttpCase, TransactionCase, tagged
from odoo.tools import config, mute_logger

from odoo.addons.zugong_info.documents import document_pdf, official_document

from .common import NoticeCase, notice_answer, notice_row

MM = 72 / 25.4
OFFICIAL = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def output_dir():
    """Where the tests leave the pages they render, for a person to look at."""
    directory = os.path.join(config["screenshots"], "zugong_official_document")
    os.makedirs(directory, exist_ok=True)
    return directory


def pdf_texts(page):
    """The text pieces of a PDF page: (text, x mm from the left, y mm from the top, font,
    size in points)."""
    pieces = []
    height = float(page.mediabox.height)

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font.get("/BaseFont", "")) if font else ""
        pieces.append((text.strip("\n"), x / MM, round((height - y) / MM, 1), name.split("+")[-1], round(size, 1)))

    page.extract_text(visitor_text=visit)
    return pieces


def pdf_lines(page):
    """The lines of text of a PDF page: {y mm from the top: (text, x of its start, font
    sizes)}."""
    lines = {}
    for text, x, y, _font, size in pdf_texts(page):
        start, texts, sizes = lines.get(y, (x, [], set()))
        lines[y] = (min(start, x), texts + [text], sizes | {size})
    return {y: ("".join(texts).strip(), x, sizes) for y, (x, texts, sizes) in lines.items()}


def pdf_rules(page, reader):
    """The straight strokes and filled rectangles of a PDF page: (x0, x1, y mm from the
    top, colour as an RGB tuple), horizontal ones only."""
    height = float(page.mediabox.height)
    operations = ContentStream(page.get_contents(), reader).operations
    stroke, fill, path, rules, stack = (0, 0, 0), (0, 0, 0), [], [], []
    ctm = [1, 0, 0, 1, 0, 0]

    def point(x, y):
        return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])

    for operands, operator in operations:
        op = operator.decode() if isinstance(operator, bytes) else operator
        values = [float(value) for value in operands if isinstance(value, (int, float)) or hasattr(value, "as_numeric")]
        if op == "q":
            stack.append((list(ctm), stroke, fill))
        elif op == "Q" and stack:
            ctm, stroke, fill = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = values
            ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2],
                   c * ctm[1] + d * ctm[3], e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]]
        elif op == "RG":
            stroke = tuple(round(value, 2) for value in values)
        elif op == "rg":
            fill = tuple(round(value, 2) for value in values)
        elif op == "G":
            stroke = (round(values[0], 2),) * 3
        elif op == "g":
            fill = (round(values[0], 2),) * 3
        elif op == "m":
            path = [point(*values)]
        elif op == "l":
            path.append(point(*values))
        elif op == "re":
            x, y, w, h = values
            path = [("re", point(x, y), point(x + w, y + h))]
        elif op in ("S", "s") and len(path) >= 2 and not isinstance(path[0][0], str):
            (x0, y0), (x1, y1) = path[0], path[-1]
            if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 10:
                rules.append((min(x0, x1) / MM, max(x0, x1) / MM, (height - y0) / MM, stroke))
            path = []
        elif op in ("f", "F", "f*", "B") and path and isinstance(path[0][0], str):
            _tag, (x0, y0), (x1, y1) = path[0]
            if abs(x1 - x0) > 10 and abs(y1 - y0) < 3:
                rules.append((min(x0, x1) / MM, max(x0, x1) / MM, (height - max(y0, y1)) / MM, fill))
            path = []
        elif op == "n":
            path = []
    return rules


def run_fonts(document):
    """The East Asian font named by every run of the docx's body and footers."""
    fonts = []
    parts = [document.element.body] + [footer._element for section in document.sections
                                         for footer in (section.footer, section.even_page_footer)]
    for part in parts:
        for run in part.iter(f"{W}r"):
            if run.find(f"{W}t") is None:
                continue
            fonts_element = run.find(f"{W}rPr/{W}rFonts")
            fonts.append(fonts_element.get(qn("w:eastAsia")) if fonts_element is not None else None)
    return fonts


@tagged("post_install", "-at_install")
class TestZugongOfficialDocument(NoticeCase):
    """A published notice as a GB/T 9704-2012 document: its number, its drafted and
    frozen text, and the layout of its docx and PDF read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "zugong_document_mark": "中共测试市委组织部文件", "zugong_document_prefix": "测组通",
            "zugong_document_recipients": "各区县委组织部", "zugong_document_copies": "市委办公室",
            "zugong_document_signature": "中共测试市委组织部", "zugong_document_printer": "中共测试市委组织部办公室",
        })
        cls.stub.reset(cls.answer)
        cls.notice = cls._generate_as(cls.research_user)
        # A text long enough to fill the second page with lines of the text alone.
        cls.notice.document_closing = "四、工作要求。" + "各单位要对照通报查找差距进一步加强信息工作" * 40
        cls.notice.with_user(cls.research_user).action_publish()
        cls.year = cls.notice.document_date.year
        content, cls.docx_name, _type = cls.notice.with_user(cls.research_user)._official_document("docx")
        cls.docx = docx.Document(io.BytesIO(content))
        cls.pdf_bytes, cls.pdf_name, cls.pdf_type = cls.notice.with_user(cls.research_user)._official_document("pdf")
        cls.pdf = PdfReader(io.BytesIO(cls.pdf_bytes))
        with open(os.path.join(output_dir(), "notice.pdf"), "wb") as stream:
            stream.write(cls.pdf_bytes)
        cls.png = os.path.join(output_dir(), "notice-page-1")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", cls.png],
                       input=cls.pdf_bytes, check=True)

    @classmethod
    def _generate_as(cls, user, **parameters):
        values = {"period_kind": "month", "period_start": date(2026, 10, 1), "scope_unit_id": cls.city.id,
                  "subject": "units", **parameters}
        return cls.env["zugong.notice"].with_user(user)._generate(values)

    # ------------------------------------------------------------------ number

    def test_numbers_follow_each_other_per_year_from_publishing(self):
        self.assertEqual(self.notice.document_number, f"测组通〔{self.year}〕1号")
        self.assertIn(self.notice.document_number, self.docx_name)
        draft = self._generate_as(self.research_user, period_start=date(2026, 9, 1))
        self.assertFalse(draft.document_number, "a draft has no number")
        draft.with_user(self.research_user)._official_document("docx")
        self.assertFalse(draft.document_number, "downloading numbers nothing")
        draft.with_user(self.research_user).action_publish()
        self.assertEqual(draft.document_number, f"测组通〔{self.year}〕2号")
        # a new year starts from 1 again; another kind of document counts apart
        self.assertEqual(self.company._zugong_next_document_number("notice", date(self.year + 1, 1, 2)), 1)
        self.assertEqual(self.company._zugong_next_document_number("notice", date(self.year, 12, 30)), 3)
        self.assertEqual(self.company._zugong_next_document_number("other", date(self.year, 12, 30)), 1)
        sequence = self.env["ir.sequence"].search([("code", "=", "zugong_info.document.notice"),
                                                   ("company_id", "=", self.company.id)])
        self.assertEqual(len(sequence), 1)
        self.assertEqual(sequence.implementation, "no_gap")

    def test_a_client_cannot_give_a_number(self):
        draft = self._generate_as(self.research_user, period_start=date(2026, 8, 1))
        with self.assertRaises(UserError):
            draft.with_user(self.research_user).write({"document_number": "测组通〔2026〕9号"})
        with self.assertRaises(UserError):
            self.env["zugong.notice"].with_user(self.research_user).create({
                "name": "x", "period_kind": "month", "period_start": date(2026, 7, 1),
                "scope_unit_id": self.city.id, "document_number": "测组通〔2026〕9号"})
        with self.assertDatabaseRefuses("zugong_notice_document_number_uniq", "发文字号"):
            with self.env.cr.savepoint():
                self.env.cr.execute("UPDATE zugong_notice SET document_number = %s WHERE id = %s",
                                    [self.notice.document_number, draft.id])

    # ------------------------------------------------------------------ text

    def test_text_is_drafted_from_the_figures_and_frozen_when_published(self):
        notice = self.notice
        self.assertTrue(notice.document_overview.startswith("一、总体情况。"))
        self.assertIn("4个单位共报送组工信息10篇", notice.document_overview)
        self.assertIn("District", notice.document_praised)
        self.assertIn("County（完成率50.0%）", notice.document_criticised)
        self.assertIn("本期零报送：Point", notice.document_criticised)
        self.assertEqual(notice.document_recipients, "各区县委组织部")
        self.assertEqual(notice.document_title, "关于2026年10月City组工信息工作情况的通报")
        with self.assertRaises(UserError):
            notice.with_user(self.research_user).write({"document_overview": "改过的"})
        with self.assertDatabaseRefuses("zugong_notice_published_frozen", "已发布的通报已锁定"):
            with self.env.cr.savepoint():
                self.env.cr.execute("UPDATE zugong_notice SET document_praised = 'x' WHERE id = %s", [notice.id])
        self.env.invalidate_all()
        self.assertIn("District", notice.document_praised)

    def test_draft_text_is_edited_and_drafted_again(self):
        draft = self._generate_as(self.research_user, period_start=date(2026, 6, 1))
        draft.with_user(self.research_user).write({"document_praised": "二、表扬的单位。编辑过的表扬。"})
        content, _name, _type = draft.with_user(self.research_user)._official_document("docx")
        text = "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs)
        self.assertIn("编辑过的表扬", text)
        self.assertIn(f"测组通〔{date.today().year}〕", text)
        draft.with_user(self.research_user).action_draft_document()
        self.assertIn("District", draft.document_praised)

    # ------------------------------------------------------------------ docx

    def test_docx_page_and_fonts(self):
        section = self.docx.sections[0]
        # in whole twentieths of a point, as a docx keeps them
        for length, millimetres in ((section.page_width, 210), (section.page_height, 297),
                                    (section.top_margin, 37), (section.left_margin, 28),
                                    (section.right_margin, 26), (section.bottom_margin, 35)):
            self.assertAlmostEqual(length.mm, millimetres, delta=0.02)
        grid = section._sectPr.find(qn("w:docGrid"))
        self.assertEqual(int(grid.get(qn("w:linePitch"))) * 22, 12738, "22 lines of 28.95 pt")
        fonts = run_fonts(self.docx)
        self.assertTrue(fonts)
        self.assertLessEqual(set(fonts), OFFICIAL, "every run names an official font for East Asian text")
        normal = self.docx.styles["Normal"]
        self.assertEqual(normal.font.size, Pt(16))
        self.assertEqual(normal.paragraph_format.line_spacing, Pt(28.95))

    def test_docx_header_mark_number_and_red_line(self):
        paragraphs = [paragraph for paragraph in self.docx.paragraphs if paragraph.text.strip()]
        mark, number, title = paragraphs[0], paragraphs[1], paragraphs[2]
        self.assertEqual(mark.text, "中共测试市委组织部文件")
        self.assertEqual(mark.runs[0].font.color.rgb, docx.shared.RGBColor(0xFF, 0, 0))
        self.assertEqual(mark.runs[0].font.name, "方正小标宋简体")
        self.assertAlmostEqual(mark.paragraph_format.space_before.mm, 35 + 0.065 * mark.runs[0].font.size.pt,
                               delta=0.02, msg="its top 35 mm below the text block's")
        self.assertEqual(number.text, f"测组通〔{self.year}〕1号")
        border = number._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
        self.assertEqual(border.get(qn("w:color")), "FF0000")
        self.assertEqual(title.runs[0].font.size, Pt(22))
        self.assertEqual(title.runs[0].font.name, "方正小标宋简体")
        texts = [paragraph.text for paragraph in paragraphs]
        self.assertIn("各区县委组织部：", texts)
        self.assertTrue(any(text.startswith("附件：1.2026年10月各单位组工信息报送采用情况排名表") or
                            text.startswith("附件：2026年10月各单位组工信息报送采用情况排名表") for text in texts))
        self.assertIn("中共测试市委组织部", texts)

    def test_docx_page_numbers_and_colophon(self):
        self.assertTrue(self.docx.settings.odd_and_even_pages_header_footer)
        section = self.docx.sections[0]
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        for paragraph, alignment in ((odd, "right"), (even, "left")):
            self.assertEqual(paragraph.alignment, getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, alignment.upper()))
            self.assertEqual(paragraph.text, "— 1 —")
            instruction = paragraph._p.find(f".//{W}instrText")
            self.assertEqual(instruction.text.strip(), "PAGE")
            self.assertEqual({run.font.name for run in paragraph.runs if run.text}, {"宋体"})
            self.assertEqual({run.font.size for run in paragraph.runs if run.text}, {Pt(14)})
        framed = [paragraph for paragraph in self.docx.paragraphs
                  if paragraph._p.find(f"{W}pPr/{W}framePr") is not None]
        self.assertEqual([paragraph.text.strip("\u3000").split("\t")[0] for paragraph in framed],
                         ["抄送：市委办公室。", "中共测试市委组织部办公室"])
        self.assertTrue(framed[-1].text.endswith("日印发"))
        frame = framed[0]._p.find(f"{W}pPr/{W}framePr")
        self.assertEqual((frame.get(qn("w:vAnchor")), frame.get(qn("w:yAlign"))), ("margin", "bottom"))

    # ------------------------------------------------------------------ PDF

    def test_pdf_pages_fonts_and_header(self):
        self.assertEqual(self.pdf_type, "application/pdf")
        self.assertTrue(self.pdf_name.endswith(".pdf"))
        for page in self.pdf.pages:
            self.assertAlmostEqual(float(page.mediabox.width) / MM, 210, delta=0.5)
            self.assertAlmostEqual(float(page.mediabox.height) / MM, 297, delta=0.5)
        first = pdf_texts(self.pdf.pages[0])
        mark = next(piece for piece in first if "中共测试市委组织部文件" in piece[0])
        self.assertEqual(mark[3], "FandolSong-Bold")
        number = next(piece for piece in first if "测组通" in piece[0])
        body = [piece for piece in first if piece[3] == "FandolFang-Regular" and piece[4] == 16]
        self.assertTrue(body)
        self.assertAlmostEqual(min(piece[1] for piece in body), 28, delta=0.5, msg="the text starts 28 mm from the left")
        rules = pdf_rules(self.pdf.pages[0], self.pdf)
        red = [rule for rule in rules if rule[3] == (1.0, 0.0, 0.0)]
        self.assertTrue(red, "the red separator line")
        x0, x1, y, _colour = red[0]
        self.assertAlmostEqual(x0, 28, delta=0.5)
        self.assertAlmostEqual(x1, 184, delta=0.5, msg="as wide as the text block")
        self.assertAlmostEqual(y - number[2], 4, delta=2.5, msg="about 4 mm below the number")
        self.assertTrue(os.path.getsize(self.png + ".png") > 10000, self.png)

    def test_pdf_text_lines_and_page_numbers(self):
        # the second page holds the text alone: 22 lines 28.95 pt apart, 28 characters a line
        lines = {y: line for y, line in pdf_lines(self.pdf.pages[1]).items() if line[2] == {16}}
        tops = sorted(lines)
        self.assertEqual(len(tops), 22, lines)
        self.assertAlmostEqual((tops[-1] - tops[0]) / 21, 225 / 22, delta=0.1)
        self.assertAlmostEqual(max(len(text) for text, _x, _sizes in lines.values()), 28)
        self.assertAlmostEqual(min(x for _text, x, _sizes in lines.values()), 28, delta=0.5)
        for index, page in enumerate(self.pdf.pages, 1):
            numbers = [(y, line) for y, line in pdf_lines(page).items() if y > 262]
            self.assertEqual(len(numbers), 1, f"one page number on page {index}: {numbers}")
            y, (text, x, sizes) = numbers[0]
            self.assertEqual(text, f"— {index} —")
            self.assertEqual(sizes, {14})
            self.assertAlmostEqual(y, 262 + 7, delta=3, msg="7 mm below the text block")
            if index % 2:
                self.assertGreater(x, 150, "odd pages: on the right")
            else:
                self.assertLess(x, 60, "even pages: on the left")
        fonts = {font for page in self.pdf.pages for _text, _x, _y, font, size in pdf_texts(page) if size == 14
                 and _y > 262}
        self.assertEqual(fonts, {"FandolSong-Regular"})

    def test_pdf_colophon_at_the_foot_of_the_last_page(self):
        last = self.pdf.pages[-1]
        pieces = pdf_texts(last)
        printed = next(piece for piece in pieces if "印发" in piece[0])
        copies = next(piece for piece in pieces if "抄送" in piece[0])
        self.assertGreater(printed[2], copies[2])
        rules = [rule for rule in pdf_rules(last, self.pdf) if rule[2] > printed[2]]
        self.assertTrue(rules, "a rule below the last line")
        self.assertAlmostEqual(max(rule[2] for rule in rules), 262, delta=3, msg="at the foot of the text block")
        self.assertAlmostEqual(min(rule[0] for rule in rules), 28, delta=0.5)
        self.assertAlmostEqual(max(rule[1] for rule in rules), 184, delta=0.5)
        ranking = [piece for page in self.pdf.pages for piece in pdf_texts(page) if "District" in piece[0]]
        self.assertTrue(ranking, "the ranking table")

    def test_pdf_ranking_table_repeats_its_headings_on_every_page(self):
        units = self.env["zugong.unit"].create([{
            "name": f"测试第{index}镇", "code": f"TABLE-{index}", "kind": "township", "parent_id": self.city.id,
        } for index in range(1, 91)])
        self.stub.reset(notice_answer(self.city, [
            notice_row(unit, rank, 100.0 - rank, items=rank % 7) for rank, unit in enumerate(units, 1)]))
        notice = self._generate_as(self.research_user)
        notice.with_user(self.research_user).action_publish()
        pdf = PdfReader(io.BytesIO(notice.with_user(self.research_user)._official_document("pdf")[0]))
        rows_per_page, listed = [], []
        for page in pdf.pages:
            pieces = pdf_texts(page)
            headings = {y for _text, _x, y, font, size in pieces if font == "FandolHei-Regular" and size == 12}
            rows = {y: text for y, (text, _x, sizes) in pdf_lines(page).items() if sizes == {12} and y not in headings}
            if not rows:
                continue
            self.assertEqual(len(headings), 1, "the headings once at the top of each page of the table")
            self.assertLess(min(headings), min(rows))
            self.assertLessEqual(max(rows), 37 + 225, "rows inside the text block")
            rows_per_page.append(len(rows))
            listed += [name for text in rows.values() for name in re.findall(r"测试第\d+镇", text)]
        self.assertEqual(sorted(listed), sorted(units.mapped("name")), "every unit once")
        self.assertGreaterEqual(len(rows_per_page), 3)
        self.assertGreaterEqual(min(rows_per_page[1:-1]), 30, "a page of the table is full before the next")

    def test_the_ranking_table_writes_the_outcomes_where_the_period_has_any(self):
        """不达标, 不得评先评优, 一票否决 in a column of their own (考核结论), in the docx and the PDF,
        only in a notice whose period has any; so do the items counted towards the minimums
        (计入任务) where urgent reports leave some out."""
        self.assertNotIn("考核结论", "".join(paragraph.text for paragraph in self.docx.paragraphs))
        rows = [notice_row(self.district, 1, 80.0, items=3), notice_row(self.county, 2, 10.0, items=1)]
        rows[1]["outcomes"] = ["no_award", "not_up_to_standard"]
        rows[1]["items_toward_minimum"] = 0.0  # its one item an urgent report
        self.stub.reset(notice_answer(self.city, rows))
        notice = self._generate_as(self.research_user)
        notice.with_user(self.research_user).action_publish()
        content = notice.with_user(self.research_user)._official_document("docx")[0]
        table = [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]
        table += [cell.text for table_ in docx.Document(io.BytesIO(content)).tables
                  for row in table_.rows for cell in row.cells]
        text = "\n".join(table)
        self.assertIn("考核结论", text)
        county_row = next(line for line in text.splitlines() if self.county.name in line and "不得评先评优" in line)
        self.assertIn("不得评先评优、不达标", county_row)
        self.assertIn("计入任务", text, "the items counted beside those sent, where they differ")
        self.assertEqual(county_row.split("\t")[3:5], ["1", "0"])
        self.assertEqual(notice.line_ids.filtered(lambda line: line.unit_id == self.county).items_toward_minimum, 0)
        pdf = PdfReader(io.BytesIO(notice.with_user(self.research_user)._official_document("pdf")[0]))
        self.assertIn("不得评先评优", "".join(page.extract_text() for page in pdf.pages))

    def test_missing_tools_are_named(self):
        notice = self.notice.with_user(self.research_user)
        with patch.object(official_document, "Document", None), self.assertRaises(UserError) as refusal:
            notice._official_document("docx")
        self.assertIn("python-docx", str(refusal.exception))
        with patch.object(document_pdf, "soffice_path", lambda: None), self.assertRaises(UserError) as refusal:
            notice._official_document("pdf")
        self.assertIn("libreoffice-writer-nogui", str(refusal.exception))
        self.assertEqual(notice._official_document("docx")[0][:2], b"PK", "the docx needs no LibreOffice")

    def test_settings_start_from_the_company_name(self):
        company = self.env["res.company"].create({"name": "中共江北县委组织部"})
        self.assertEqual(company.zugong_document_mark, "中共江北县委组织部文件")
        self.assertEqual(company.zugong_document_prefix, "江组通")
        self.assertEqual(company.zugong_document_signature, "中共江北县委组织部")
        self.assertEqual(company.zugong_document_printer, "中共江北县委组织部办公室")
        company.zugong_document_printer = "中共江北县委组织部研究室"
        company._zugong_write_document_defaults()
        self.assertEqual(company.zugong_document_printer, "中共江北县委组织部研究室", "written once")
        settings = self.env["res.config.settings"].with_company(company).create({})
        self.assertEqual(settings.zugong_document_prefix, "江组通")

    def test_free_fonts_cover_gb2312(self):
        characters = set()
        for high in range(0xB0, 0xF8):
            for low in range(0xA1, 0xFF):
                try:
                    characters.add(ord(bytes([high, low]).decode("gb2312")))
                except UnicodeDecodeError:
                    pass
        self.assertEqual(len(characters), 6763)
        directory = document_pdf.font_dir()
        for name in ("FandolFang-Regular", "FandolSong-Regular", "FandolSong-Bold", "FandolHei-Regular",
                     "FandolKai-Regular"):
            charset = subprocess.run(["fc-query", "--format=%{charset}", os.path.join(directory, f"{name}.otf")],
                                     capture_output=True, text=True, check=True).stdout
            covered = set()
            for part in charset.split():
                first, _dash, last = part.partition("-")
                covered.update(range(int(first, 16), int(last or first, 16) + 1))
            self.assertFalse(characters - covered, name)


@tagged("post_install", "-at_install")
class TestZugongOfficialDocumentAccess(HttpCase, NoticeCase):
    """Who downloads a notice's document: the research office from the form, the units
    it covers from the portal, nobody else; and a bulletin issue's document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stub.reset(cls.answer)
        cls.city_notice = cls._generate_research(scope_unit_id=cls.city.id)
        cls.stub.reset(notice_answer(cls.district, [
            notice_row(cls.district, 1, 50.0, items=3), notice_row(cls.point, 2, 10.0, items=1),
        ]))
        cls.district_notice = cls._generate_research(scope_unit_id=cls.district.id)
        cls.stub.reset(notice_answer(cls.county, [notice_row(cls.county, 1, 30.0, items=2)]))
        cls.county_notice = cls._generate_research(scope_unit_id=cls.county.id)
        cls.stub.reset(cls.answer)
        cls.draft = cls._generate_research(scope_unit_id=cls.city.id, period_start=date(2026, 9, 1))
        (cls.city_notice | cls.district_notice | cls.county_notice).with_user(cls.research_user).action_publish()

    @classmethod
    def _generate_research(cls, **values):
        return cls.env["zugong.notice"].with_user(cls.research_user)._generate(
            {"period_kind": "month", "period_start": date(2026, 10, 1), "subject": "units", **values})

    def test_units_covered_download_in_the_portal(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        page = self.url_open(f"/my/notices/{self.district_notice.id}")
        self.assertIn(f"/my/notices/{self.district_notice.id}/document.pdf", page.text)
        response = self.url_open(f"/my/notices/{self.district_notice.id}/document.docx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertIn("word/document.xml", names)
        response = self.url_open(f"/my/notices/{self.district_notice.id}/document.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_a_portal_officer_not_covered_cannot_download(self):
        # the point (a portal officer's unit) lies under the district, not the county
        self.authenticate(self.point_officer.login, self.point_officer.login)
        with mute_logger("odoo.http"):
            for url in (f"/my/notices/{self.county_notice.id}/document.pdf",
                        f"/my/notices/{self.county_notice.id}/document.docx",
                        f"/zugong_info/notice/{self.county_notice.id}/document.docx",
                        f"/zugong_info/notice/{self.county_notice.id}/document.pdf"):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, url)
                self.assertNotIn(b"PK", response.content[:2])
        self.assertEqual(self.url_open(f"/my/notices/{self.city_notice.id}/document.docx").status_code, 200)

    def test_others_cannot_download(self):
        # the county is not covered by the district's notice; drafts are nobody's in the portal
        self.authenticate(self.county_officer.login, self.county_officer.login)
        with mute_logger("odoo.http"):
            for url in (f"/my/notices/{self.district_notice.id}/document.pdf",
                        f"/my/notices/{self.district_notice.id}/document.docx",
                        f"/my/notices/{self.draft.id}/document.docx",
                        f"/zugong_info/notice/{self.district_notice.id}/document.docx",
                        f"/zugong_info/notice/{self.draft.id}/document.docx"):
                self.assertEqual(self.url_open(url).status_code, 404, url)
        self.assertEqual(self.url_open(f"/my/notices/{self.city_notice.id}/document.docx").status_code, 200,
                         "the city's notice covers the county")
        self.authenticate(self.point_officer.login, self.point_officer.login)
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(f"/zugong_info/notice/{self.draft.id}/document.pdf").status_code, 404)

    def test_research_office_downloads_from_the_form(self):
        action = self.draft.with_user(self.research_user).action_download_docx()
        self.assertEqual(action["url"], f"/zugong_info/notice/{self.draft.id}/document.docx")
        self.authenticate(self.research_user.login, self.research_user.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")

    def test_bulletin_issue_document(self):
        publication = self.env["zugong.publication"].create({
            "name": "测试组工信息", "level": "city", "is_own": True, "company_id": self.company.id})
        self.company.write({"zugong_bulletin_report_to": "省委组织部研究室",
                            "zugong_bulletin_issue_to": "各区县委组织部"})
        item = self._submitted_item(body="<p>全区划分城市网格五百余个。</p><p>选派网格党支部书记。</p>")
        item.with_user(self.research_user).action_receive()
        bulletin = self.env["zugong.bulletin"].with_user(self.research_user).create({
            "publication_id": publication.id, "year": 2026, "number": 7, "date": date(2026, 5, 10),
            "editor": "沈立华", "reviewer": "王强",
            "line_ids": [(0, 0, {"item_id": item.id, "title": "网格党建见实效"})],
        })
        action = bulletin.action_download_pdf()
        self.assertEqual(action["url"], f"/zugong_info/bulletin/{bulletin.id}/document.pdf")
        content, name, _type = bulletin._official_document("docx")
        document = docx.Document(io.BytesIO(content))
        texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
        self.assertEqual(texts[0], "测试组工信息")
        self.assertEqual(document.paragraphs[0].runs[0].font.color.rgb, docx.shared.RGBColor(0xFF, 0, 0))
        self.assertIn("第7期", texts)
        self.assertIn("网格党建见实效", texts)
        self.assertIn("全区划分城市网格五百余个。", texts)
        self.assertIn("（District）", texts)
        self.assertIn("\u3000报：省委组织部研究室。", texts)
        self.assertIn("\u3000发：各区县委组织部。", texts)
        self.assertLessEqual(set(run_fonts(document)), OFFICIAL)
        self.authenticate(self.research_user.login, self.research_user.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        reader = PdfReader(io.BytesIO(response.content))
        with open(os.path.join(output_dir(), "bulletin.pdf"), "wb") as stream:
            stream.write(response.content)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-",
                        os.path.join(output_dir(), "bulletin-page-1")], input=response.content, check=True)
        text = "".join(piece[0] for page in reader.pages for piece in pdf_texts(page))
        self.assertIn("第7期", text)
        self.assertIn("网格党建见实效", text)
        last = pdf_texts(reader.pages[-1])
        self.assertTrue(any("签发" in piece[0] and piece[2] > 240 for piece in last), last)


@tagged("post_install", "-at_install")
class TestZugongTitleLines(BaseCase):
    """A title too long for one line breaks into lines of about equal length with its
    words whole (GB/T 9704-2012 7.3.1)."""

    def test_titles_break_between_words(self):
        cases = {
            "2026年10月各单位组工信息报送采用情况排名表": ["2026年10月各单位", "组工信息报送采用情况排名表"],
            "中共某某市委组织部关于2026年度全市组工信息工作考核情况的通报": [
                "中共某某市委组织部关于2026年度", "全市组工信息工作考核情况的通报"],
            "2026年第一季度各区县委组织部组工信息报送采用情况通报": [
                "2026年第一季度各区县委组织部", "组工信息报送采用情况通报"],
            "2026年各单位组工信息工作排名表": ["2026年各单位组工信息工作排名表"],
        }
        for title, expected in cases.items():
            with self.subTest(title=title):
                lines = official_document.title_lines(title, official_document.SIZE_2)
                self.assertEqual(lines, expected)
                self.assertTrue(all(official_document.text_width(line) <= 18 for line in lines))

    def test_a_title_without_a_good_break_still_fits(self):
        title = "一二三四五六七八九十" * 5
        lines = official_document.title_lines(title, official_document.SIZE_2)
        self.assertEqual("".join(lines), title)
        self.assertEqual(len(lines), 3)
        self.assertTrue(all(official_document.text_width(line) <= 18 for line in lines))


@tagged("post_install", "-at_install")
class TestZugongDocumentNumberingConcurrency(TransactionCase):
    """Two transactions numbering documents of a company at once take turns: while the
    first holds its number, the second waits (here: gives up after a short lock
    timeout) rather than take the same number."""

    def test_a_second_transaction_waits_for_the_first(self):
        company_id = self.env.ref("base.main_company").id
        day = date(2031, 3, 1)
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first = self.env(cr=first_cr, su=True)["res.company"].browse(company_id)
            second = self.env(cr=second_cr, su=True)["res.company"].browse(company_id)
            taken = first._zugong_next_document_number("notice", day)
            self.assertGreaterEqual(taken, 1)
            second_cr.execute("SET LOCAL lock_timeout = '300ms'")
            with mute_logger("odoo.sql_db"), self.assertRaises(LockNotAvailable):
                second._zugong_next_document_number("notice", day)
            second_cr.rollback()
            first_cr.rollback()
