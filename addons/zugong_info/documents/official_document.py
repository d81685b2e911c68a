"""Official documents (公文) in the layout of GB/T 9704-2012, written as docx.

The page: A4, margins top 37 mm and left 28 mm, a text block of 156 × 225 mm holding 22
lines of 28 characters of 3号 (16 pt) 仿宋, page numbers "— n —" in 4号 宋体 7 mm below the
block, right on odd pages and left on even ones. The parts are added in reading order:
the red mark of the issuing body and the document number above the red line (or the
bulletin's header), the title, the recipients, the text, the attachment note, the
signature and date, the attachments on pages of their own, and the colophon (版记) at the
foot of the last page.

Every run names its font in all four slots (w:ascii, w:hAnsi, w:eastAsia, w:cs): the
official names in the docx given to the user (a machine with 方正小标宋简体 and 仿宋_GB2312
shows them), the free fonts in the docx the PDF is rendered from. Nothing here depends on
Odoo.
"""

import io
import math
import re
from datetime import datetime
from xml.sax.saxutils import escape

try:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt, RGBColor
except ImportError:  # the addon loads without python-docx; its documents say it is missing
    Document = None

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The page and its text block (GB/T 9704-2012, 5.2).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 156, 225
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - BLOCK_WIDTH_MM    # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - BLOCK_HEIGHT_MM  # 35
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
MM_PER_PT = 25.4 / 72
# 22 lines fill the block's 225 mm (28.98 pt a line), in whole twentieths of a point as
# the docx keeps them: 579 (28.95 pt).
LINE_PITCH_TWIPS = int(BLOCK_HEIGHT_MM / LINES_PER_PAGE / MM_PER_PT * 20)
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
CHAR_PITCH_PT = BLOCK_WIDTH_MM / CHARS_PER_LINE / MM_PER_PT    # 15.79 pt
# 28 characters of 16 pt fill the block's 156 mm (442.2 pt) when each is drawn a quarter
# point closer (15.75 pt: 441 pt for 28, 456.75 pt for 29). Character spacing rather
# than a character grid: LibreOffice puts a character wider than a grid cell in two.
CHAR_SPACING_TWIPS = -5
# The page number's dash (一字线) lies 7 mm below the text block (7.5).
PAGE_NUMBER_GAP_MM = 7

# Chinese type sizes in points.
SIZE_2 = 22      # 2号: titles
SIZE_3 = 16      # 3号: the text
SIZE_4 = 14      # 4号: page numbers, the colophon
SIZE_SMALL_4 = 12  # 小四: tables
COLOPHON_LINE_PT = SIZE_4 * 1.75
RED_HEX = "FF0000"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Font roles: 小标宋 (mark, titles), 仿宋 (text), 黑体 (first-level headings, table
# heads), 楷体 (second-level headings), 宋体 (page numbers). A role gives a family and
# whether it is set bold (the free Song stands in for 小标宋 in its bold weight).
OFFICIAL_FONTS = {
    "xiaobiaosong": ("方正小标宋简体", False),
    "fangsong": ("仿宋_GB2312", False),
    "heiti": ("黑体", False),
    "kaiti": ("楷体_GB2312", False),
    "songti": ("宋体", False),
}
# The free fonts of the Fandol family (Debian: texlive-lang-chinese), each covering all
# 6,763 characters of GB2312.
FREE_FONTS = {
    "xiaobiaosong": ("FandolSong", True),
    "fangsong": ("FandolFang", False),
    "heiti": ("FandolHei", False),
    "kaiti": ("FandolKai", False),
    "songti": ("FandolSong", False),
}

_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
_HALF_WIDTH = re.compile(r"[\x20-\x7e]")


def text_width(text):
    """The width of ``text`` in characters of the text grid: ASCII counts half."""
    return sum(0.5 if _HALF_WIDTH.match(char) else 1 for char in text)


# Words a title's line never breaks inside (GB/T 9704-2012 7.3.1: 词意完整), and the
# characters after which it breaks best.
TITLE_WORDS = (
    "组工信息", "组织部", "研究室", "信息员", "工作", "情况", "单位", "通报", "排名", "采用", "报送",
    "信息", "关于", "表彰", "批评", "考核", "计分", "党建", "党委", "党组", "简报", "名单", "人员",
    "各级", "全市", "全省", "全区", "全县", "进一步", "加强", "做好", "开展", "组织", "年度", "季度",
    "上半年", "下半年", "区县", "县委", "市委", "省委", "委组织部",
)
_BREAK_AFTER = "年月日的于和与及、，）》"


def _title_cut(line, count, per_line):
    """Where the first of ``count`` lines of ``line`` ends: near an equal share of its
    characters, each line within ``per_line`` characters, never inside a run of ASCII (a
    year, a number) nor, where it can, inside a word of TITLE_WORDS; after a word or a
    character of _BREAK_AFTER rather than not."""
    ideal = round(len(line) / count)
    inside, ends = set(), set()
    for word in TITLE_WORDS:
        start = line.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            ends.add(start + len(word))
            start = line.find(word, start + 1)
    best = None
    for cut in range(max(1, ideal - 5), min(len(line) - 1, ideal + 5) + 1):
        if _HALF_WIDTH.match(line[cut]) and _HALF_WIDTH.match(line[cut - 1]):
            continue
        if text_width(line[:cut]) > per_line or text_width(line[cut:]) > per_line * (count - 1):
            continue
        score = abs(cut - ideal) + (10 if cut in inside else 0) \
            - (1 if cut in ends else 0) - (1.5 if line[cut - 1] in _BREAK_AFTER else 0)
        if best is None or score < best[0]:
            best = (score, cut)
    return best[1] if best else ideal


def title_lines(text, size):
    """A title's lines: those of ``text``, each too long for the block split into lines
    of about equal length (GB/T 9704-2012 7.3.1: a trapezoid or a diamond rather than a
    last line of one character), with its words whole (see _title_cut)."""
    # two characters to spare: Latin letters and digits are often wider than half
    per_line = int(BLOCK_WIDTH_MM / MM_PER_PT / size) - 2
    lines = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        count = math.ceil(text_width(line) / per_line)
        while count > 1:
            cut = _title_cut(line, count, per_line)
            lines.append(line[:cut])
            line, count = line[cut:], count - 1
        lines.append(line)
    return lines or [""]


def colophon_height(lines):
    """The height in points of a colophon of ``lines``: its lines (a long one wraps after
    its head, e.g. 抄送：), rules and their gaps."""
    per_line = (BLOCK_WIDTH_MM / MM_PER_PT) / SIZE_4 - 2
    count = 0
    for left, right in lines:
        head = text_width(left.split("：", 1)[0]) + 1 if "：" in left and not right else 0
        count += max(1, math.ceil((text_width(left) - head) / (per_line - head))) if not right else 1
    return COLOPHON_LINE_PT * count + 2 * len(lines) + 3


def chinese_date(day):
    """A date as GB/T 9704-2012 writes it: Arabic numerals, e.g. 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _set_run_font(run, font, size=None, bold=None, color=None):
    family, font_bold = font
    run.font.name = family
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)
    fonts.set(qn("w:hint"), "eastAsia")
    if size:
        run.font.size = Pt(size)
    if bold or font_bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = color


def _append_ppr(paragraph, *elements):
    """Adds ``elements`` (w:framePr, w:pBdr, w:snapToGrid, w:tabs...) to the paragraph's
    properties in the order of the schema."""
    ppr = paragraph._p.get_or_add_pPr()
    for element in elements:
        ppr.insert_element_before(element, *_PPR_AFTER.get(element.tag, ()))


_PPR_ORDER = [f"w:{name}" for name in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)]
_PPR_AFTER = {_W + tag[2:]: tuple(_PPR_ORDER[index + 1:]) for index, tag in enumerate(_PPR_ORDER)}


class DocumentToolMissing(Exception):
    """What the documents need is not installed; the message names the packages."""


def _element(tag, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _border(side, size, color="000000", space=0):
    """A paragraph border: ``size`` in eighths of a point, ``space`` in points."""
    return _element(f"w:{side}", val="single", sz=size, space=space, color=color)


class OfficialDocument:
    """A docx being written part by part in the GB/T 9704-2012 layout; ``save()`` gives
    its bytes. ``for_pdf``: the docx a PDF is rendered from, in the free fonts, its tables
    as ruled lines laid out page by page and its colophon left to ``colophon_page``."""

    def __init__(self, for_pdf=False, title="", author="", created=None):
        if Document is None:
            raise DocumentToolMissing("python-docx (Python)")
        self.for_pdf = for_pdf
        self.fonts = FREE_FONTS if for_pdf else OFFICIAL_FONTS
        # the lines of text block an attachment's heading took on its page (for a table after it)
        self._lines_above_table = None
        self.document = Document()
        self._clear_body()
        self._set_page()
        self._set_defaults()
        self._set_page_numbers()
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.last_modified_by = author
        properties.language = "zh-CN"
        properties.created = properties.modified = created or datetime.now().replace(microsecond=0)
        properties.revision = 1

    # ------------------------------------------------------------------ set-up

    def _clear_body(self):
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def _set_page(self):
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
        section.gutter = 0
        section.header_distance = Mm(15)
        # The footer's bottom edge, so that the page number's dash, drawn about the middle
        # of its exact 14 pt line and a millimetre lower, sits 7 mm below the block.
        section.footer_distance = Mm(BOTTOM_MM - PAGE_NUMBER_GAP_MM - 1) - Pt(SIZE_4 * 0.5)
        # The line grid: 22 lines (the exact line spacing of the text gives the same).
        sect_pr = section._sectPr
        for grid in sect_pr.findall(qn("w:docGrid")):
            sect_pr.remove(grid)
        sect_pr.append(_element("w:docGrid", type="lines", linePitch=LINE_PITCH_TWIPS))

    def _set_defaults(self):
        """The text's font and size as the defaults of the document and its Normal style,
        without the theme fonts of the template (which would win over the names)."""
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(rpr):
            rpr.remove(child)
        family = self.fonts["fangsong"][0]
        rpr.append(_element("w:rFonts", ascii=family, hAnsi=family, eastAsia=family, cs=family))
        rpr.append(_element("w:spacing", val=CHAR_SPACING_TWIPS))
        rpr.append(_element("w:kern", val=2))
        rpr.append(_element("w:sz", val=SIZE_3 * 2))
        rpr.append(_element("w:szCs", val=SIZE_3 * 2))
        rpr.append(_element("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
        normal = self.document.styles["Normal"]
        normal.font.name = family
        normal.font.size = Pt(SIZE_3)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = 0
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
        normal.paragraph_format.widow_control = False
        self.document.settings.odd_and_even_pages_header_footer = True

    def _set_page_numbers(self):
        """"— n —" in 4号 宋体: right with one character to spare on odd pages, left on even."""
        section = self.document.sections[0]
        for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.alignment = alignment
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = 0
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(SIZE_4)
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(SIZE_4)
            else:
                fmt.left_indent = Pt(SIZE_4)
            _append_ppr(paragraph, _element("w:snapToGrid", val=0))
            self._run(paragraph, "— ", "songti", SIZE_4)
            self._field(paragraph, "PAGE", "1", "songti", SIZE_4)
            self._run(paragraph, " —", "songti", SIZE_4)

    # ------------------------------------------------------------------ primitives

    def _run(self, paragraph, text, role="fangsong", size=SIZE_3, color=None, bold=None):
        run = paragraph.add_run(text)
        _set_run_font(run, self.fonts[role], size, bold=bold, color=color)
        return run

    def _field(self, paragraph, code, placeholder, role, size):
        """A field (PAGE) as Word writes it: begin, instruction, separator, result, end."""
        def char(kind):
            run = self._run(paragraph, "", role, size)
            run._r.append(_element("w:fldChar", fldCharType=kind))
        char("begin")
        run = self._run(paragraph, "", role, size)
        instruction = _element("w:instrText")
        instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instruction.text = f" {code} "
        run._r.append(instruction)
        char("separate")
        self._run(paragraph, placeholder, role, size)
        char("end")

    def _paragraph(self, alignment=None, first_line_chars=0, left_chars=0, right_chars=0,
                   hanging_chars=0, space_before_lines=0, line_pt=None, grid=True, keep_next=False):
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        if alignment is not None:
            paragraph.alignment = alignment
        if first_line_chars:
            fmt.first_line_indent = Pt(first_line_chars * CHAR_PITCH_PT)
        if hanging_chars:
            fmt.first_line_indent = -Pt(hanging_chars * CHAR_PITCH_PT)
        if left_chars:
            fmt.left_indent = Pt(left_chars * CHAR_PITCH_PT)
        if right_chars:
            fmt.right_indent = Pt(right_chars * CHAR_PITCH_PT)
        if space_before_lines:
            fmt.space_before = Pt(space_before_lines * LINE_PITCH_PT)
        if line_pt:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(line_pt)
        if keep_next:
            fmt.keep_with_next = True
        if not grid:
            _append_ppr(paragraph, _element("w:snapToGrid", val=0))
        return paragraph

    def blank_lines(self, count=1):
        for _index in range(count):
            self._paragraph()

    # ------------------------------------------------------------------ the header (版头)

    def mark(self, text, size=None, space_mm=35):
        """The issuing body's mark (发文机关标志) in red 小标宋, centred, its top 35 mm
        below the top of the text block; as large as fits the block's width."""
        size = size or min(48, int(BLOCK_WIDTH_MM / MM_PER_PT / max(text_width(text), 1)))
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, line_pt=size, grid=False)
        # An exact line of the font's size draws the characters a little above its top.
        paragraph.paragraph_format.space_before = Mm(space_mm + 0.065 * size)
        self._run(paragraph, text, "xiaobiaosong", size, color=RGBColor.from_string(RED_HEX))
        return paragraph

    def number(self, text):
        """The document number (发文字号) two lines below the mark, centred, with the red
        separator line 4 mm below it across the text block."""
        self.blank_lines(2)
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, line_pt=SIZE_3, grid=False)
        self._run(paragraph, text)
        pbdr = _element("w:pBdr")
        # 4 mm below the characters: the line's descent takes about 1.5 mm of it.
        pbdr.append(_border("bottom", 12, RED_HEX, space=7))
        _append_ppr(paragraph, pbdr)
        return paragraph

    def red_line(self, above_left="", above_right="", size=SIZE_3, role="fangsong"):
        """A line of text with a red rule across the block below it (the bulletin's header:
        the issuing office left and the date right)."""
        paragraph = self._paragraph()
        tabs = _element("w:tabs")
        tabs.append(_element("w:tab", val="right", pos=int(BLOCK_WIDTH_MM / MM_PER_PT * 20)))
        pbdr = _element("w:pBdr")
        pbdr.append(_border("bottom", 18, RED_HEX, space=4))
        _append_ppr(paragraph, pbdr, tabs)
        self._run(paragraph, f"{above_left}\t{above_right}", role, size)
        return paragraph

    def centred(self, text, role="fangsong", size=SIZE_3):
        """A line of text, centred."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER)
        self._run(paragraph, text, role, size)
        return paragraph

    def right_aligned(self, text, role="fangsong", right_chars=2):
        """A line flush right, ``right_chars`` characters from the block's edge."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.RIGHT, right_chars=right_chars)
        self._run(paragraph, text, role)
        return paragraph

    # ------------------------------------------------------------------ the main part (主体)

    def title(self, text, blank_lines_before=2):
        """The title in 2号 小标宋, centred; lines of it split at line ends of ``text``."""
        self.blank_lines(blank_lines_before)
        for line in title_lines(text, SIZE_2):
            paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER)
            self._run(paragraph, line, "xiaobiaosong", SIZE_2)

    def recipients(self, text):
        """主送: one line below the title, flush left, ending with a full-width colon."""
        self.blank_lines(1)
        text = text.strip().rstrip("：:")
        paragraph = self._paragraph()
        self._run(paragraph, f"{text}：")

    def text(self, text):
        """The text: a paragraph per line, two characters indented; a paragraph opening
        with 一、 has that heading (to its first full stop) in 黑体, one opening with （一）
        in 楷体."""
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            paragraph = self._paragraph(first_line_chars=2)
            role = "heiti" if _HEADING_1.match(line) else "kaiti" if _HEADING_2.match(line) else None
            if role:
                head, stop, rest = line.partition("。")
                if not stop and len(head) > CHARS_PER_LINE:
                    head, rest = line, ""
                self._run(paragraph, head + stop, role)
                if rest:
                    self._run(paragraph, rest)
            else:
                self._run(paragraph, line)

    def attachment_note(self, names):
        """附件说明: one line below the text, two characters in, numbered when several;
        further lines of a name align with its first character."""
        names = [name for name in names if name]
        if not names:
            return
        self.blank_lines(1)
        for index, name in enumerate(names, 1):
            label = f"{index}." if len(names) > 1 else ""
            lead = "附件：" if index == 1 else "\u3000" * 3
            paragraph = self._paragraph(left_chars=2 + 3 + text_width(label),
                                        hanging_chars=3 + text_width(label))
            self._run(paragraph, f"{lead}{label}{name}")

    def signature(self, signer, day_text):
        """The signature (发文机关署名) one line below, two characters from the right, and
        the date below it, its first character two to the right of the signature's (the
        signature moves left when the date is the longer, 7.3.5.2)."""
        self.blank_lines(1)
        signer_width, date_width = text_width(signer), text_width(day_text)
        if date_width + 2 <= signer_width:
            signer_right = 2
        else:
            signer_right = 2 + date_width - (signer_width - 2)
        signer_left = CHARS_PER_LINE - signer_right - signer_width
        paragraph = self._paragraph(left_chars=max(signer_left, 0))
        self._run(paragraph, signer)
        paragraph = self._paragraph(left_chars=max(signer_left + 2, 0))
        self._run(paragraph, day_text)

    def attachment(self, label, title):
        """An attachment on a page of its own: 附件N in 3号 黑体 on the first line, its
        title in 2号 小标宋 on the third."""
        paragraph = self._paragraph()
        paragraph.paragraph_format.page_break_before = True
        self._run(paragraph, label, "heiti")
        self.blank_lines(1)
        lines = title_lines(title, SIZE_2)
        for line in lines:
            paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER)
            self._run(paragraph, line, "xiaobiaosong", SIZE_2)
        self.blank_lines(1)
        self._lines_above_table = 3 + len(lines)

    def table(self, columns, rows, size=SIZE_SMALL_4, flowing=False):
        """A ruled table (三线表) of ``columns`` ((heading, width in mm, "left", "center" or
        "right")) and ``rows`` (lists of strings): a thick rule above and below, a thin one
        under the headings and hairlines between rows; headings in 黑体 repeated on every
        page, cells in 仿宋, one line a row (a cell too long for its column is narrowed),
        rows never split across pages.

        The columns are tab stops of a paragraph style of the table: LibreOffice spends
        milliseconds on every table cell and on every row, too long for a province's 2,000
        units. The docx given to the user holds a table of one cell a row (Word and WPS
        edit it as a table); the docx of a PDF holds paragraphs, a page of them at a time
        after the headings, as many as the exact line heights let the page hold. Rows are
        written as XML text and parsed at once: python-docx's elements one by one take
        seconds for such a table.

        ``flowing``: a short table in the text, its headings kept with its first row; in
        the docx of a PDF its rows follow the text on the page, not from a page of their
        own, and its headings are not repeated."""
        self._tables = getattr(self, "_tables", 0) + 1
        style = f"ZugongTable{self._tables}"
        scale = BLOCK_WIDTH_MM / sum(width for _heading, width, _align in columns)
        spans, position = [], 0.0
        for _heading, width, align in columns:
            spans.append((position, position + width * scale, align))
            position += width * scale
        line_pt = size * 1.6
        self._table_style(style, spans, line_pt)
        headings = _row_runs([heading for heading, _width, _align in columns], spans, self.fonts["heiti"], size)
        runs = [_row_runs(row, spans, self.fonts["fangsong"], size) for row in rows]
        if self.for_pdf:
            lines = _ruled_lines(headings, runs, style, line_pt, self._lines_above_table, flowing)
            elements = list(parse_xml(f'<w:body {nsdecls("w")}>{lines}</w:body>'))
        else:
            # parsed as the root: lxml moves a large subtree out of a parent slowly
            elements = [parse_xml(_ruled_table(headings, runs, style))]
        self._lines_above_table = None
        body = self.document.element.body
        for element in elements:
            body.insert(len(body) - 1, element)  # before the section's properties

    def _table_style(self, style, spans, line_pt):
        """The paragraph style of a table's rows: its tab stops, exact lines, no indent."""
        tabs = "".join(
            f'<w:tab w:val="{stop}" w:pos="{int(position / MM_PER_PT * 20)}"/>'
            for stop, position in (_tab_stop(span) for span in spans))
        element = parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style}">'
            f'<w:name w:val="{style}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
            f'<w:pPr><w:tabs>{tabs}</w:tabs><w:snapToGrid w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="{int(line_pt * 20)}" w:lineRule="exact"/>'
            '<w:ind w:left="0" w:right="0" w:firstLine="0"/></w:pPr></w:style>')
        self.document.styles.element.append(element)

    def numbered_list(self, entries, size=SIZE_3):
        """Numbered paragraphs (1. …), further lines aligned with the text after the number."""
        for index, entry in enumerate(entries, 1):
            label = f"{index}."
            paragraph = self._paragraph(left_chars=text_width(label) + 0.5,
                                        hanging_chars=text_width(label) + 0.5)
            self._run(paragraph, f"{label} {entry}", size=size)

    # ------------------------------------------------------------------ the colophon (版记)

    def colophon(self, lines):
        """The colophon (版记) at the foot of the last page: ``lines`` are (left, right)
        pairs, e.g. ("抄送：…。", "") and ("印发机关", "2026年3月5日印发"), in 4号 仿宋,
        one character in from each side, between a thick rule above the first and below
        the last and thin rules between them.

        First a blank of its height, kept with what follows: it makes a new page when the
        last page has no room for the colophon. Then the colophon as a frame at the bottom
        of the text block (Word and WPS place it there; the docx of a PDF leaves it out and
        gets it from ``colophon_page``), anchored to an empty last line."""
        lines = [(left, right) for left, right in lines if left or right]
        if not lines:
            return
        spacer = self._paragraph(line_pt=colophon_height(lines), grid=False, keep_next=True)
        spacer.paragraph_format.first_line_indent = 0
        if not self.for_pdf:
            self._colophon_lines(lines, framed=True)
        anchor = self._paragraph(line_pt=1, grid=False)
        anchor.paragraph_format.first_line_indent = 0

    def colophon_page(self, lines):
        """This (empty) document becomes a page with only the colophon, at the foot of its
        text block: laid over the last page of a PDF, whose blank keeps the room."""
        lines = [(left, right) for left, right in lines if left or right]
        section = self.document.sections[0]
        for footer in (section.footer, section.even_page_footer):
            for paragraph in footer.paragraphs:
                for run in list(paragraph.runs):
                    run._r.getparent().remove(run._r)
        # A line less than the block's height above it: what is left of a point or two
        # goes below the last rule.
        room = BLOCK_HEIGHT_MM / MM_PER_PT - colophon_height(lines) - 3
        spacer = self._paragraph(line_pt=room, grid=False)
        spacer.paragraph_format.first_line_indent = 0
        self._colophon_lines(lines, framed=False)

    def _colophon_lines(self, lines, framed):
        """The colophon's paragraphs: their rules span the text block, their text keeps a
        character (a full-width space) from each side; a wrapped 抄送 aligns after its colon."""
        block_twips = int(BLOCK_WIDTH_MM / MM_PER_PT * 20)
        for index, (left, right) in enumerate(lines):
            paragraph = self._paragraph(line_pt=COLOPHON_LINE_PT, grid=False, keep_next=True)
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = 0
            head = left.split("：", 1)[0] if "：" in left and not right else ""
            if head:
                hanging = text_width(head) + 1
                fmt.left_indent = Pt(SIZE_4 * (1 + hanging))
                fmt.first_line_indent = -Pt(SIZE_4 * (1 + hanging))
            pbdr = _element("w:pBdr")
            if index == 0:
                pbdr.append(_border("top", 8, space=1))
            pbdr.append(_border("bottom", 8 if index == len(lines) - 1 else 6, space=1))
            tabs = _element("w:tabs")
            tabs.append(_element("w:tab", val="right", pos=block_twips - int(SIZE_4 * 20)))
            elements = [pbdr, tabs]
            if framed:
                elements.insert(0, _element("w:framePr", w=block_twips, wrap="around", vAnchor="margin",
                                            hAnchor="margin", xAlign="center", yAlign="bottom"))
            _append_ppr(paragraph, *elements)
            self._run(paragraph, f"\u3000{left}\t{right}" if right else f"\u3000{left}", "fangsong", SIZE_4)

    # ------------------------------------------------------------------ output

    def save(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


PADDING_MM = 1.5


def _tab_stop(span):
    start, end, align = span
    if align == "center":
        return "center", (start + end) / 2
    if align == "right":
        return "right", end - PADDING_MM
    return "left", start + PADDING_MM


def _row_runs(cells, spans, font, size):
    """The runs, as XML text, of a row of ``cells`` at the tab stops of its table's
    paragraph style: one run a cell (a tab, then the text, narrowed when too long)."""
    family, bold = font
    family = escape(family, {'"': "&quot;"})
    half_points = int(size * 2)
    common = (f'<w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:eastAsia="{family}" w:cs="{family}" '
              f'w:hint="eastAsia"/>' + ("<w:b/>" if bold else ""))
    size_xml = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    runs = []
    for (start, end, _align), text in zip(spans, cells):
        text = str(text or "")
        room = (end - start - 2 * PADDING_MM) / MM_PER_PT
        needed = text_width(text) * size
        narrowed = "" if needed <= room else f'<w:spacing w:val="0"/><w:w w:val="{max(50, int(100 * room / needed))}"/>'
        content = f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
        runs.append(f"<w:r><w:rPr>{common}{narrowed}{size_xml}</w:rPr><w:tab/>{content}</w:r>")
    return "".join(runs)


# Rules in eighths of a point: the table's top and bottom, under the headings, between rows.
THICK_RULE, THIN_RULE, HAIRLINE = 12, 6, 2


def _rule(side, size):
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'


def _ruled_table(headings, rows, style):
    """A w:tbl, as XML text, of one cell a row, the headings' row repeated on every page."""
    block = int(BLOCK_WIDTH_MM / MM_PER_PT * 20)

    def row(runs, header=False):
        header_xml = "<w:tblHeader/>" if header else ""
        borders = f"<w:tcBorders>{_rule('bottom', THIN_RULE)}</w:tcBorders>" if header else ""
        return (f"<w:tr><w:trPr><w:cantSplit/>{header_xml}</w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{block}\" "
                f"w:type=\"dxa\"/>{borders}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr>"
                f"<w:pStyle w:val=\"{style}\"/></w:pPr>{runs}</w:p></w:tc></w:tr>")

    return "".join([
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{block}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_rule("top", THICK_RULE)}{_rule("bottom", THICK_RULE)}{_rule("insideH", HAIRLINE)}'
        '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        f'<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{block}"/>'
        '</w:tblGrid>',
        row(headings, header=True), *(row(runs) for runs in rows), "</w:tbl>",
    ])


def _ruled_lines(headings, rows, style, line_pt, lines_above, flowing=False):
    """The table's rows as paragraphs, page by page: on each page the headings' line
    (a thick rule above, a thin one below), then the rows as one group of paragraphs
    (hairlines between them, a thick rule below the last). Each page holds what its
    exact lines and rules leave room for, with half a row to spare; the first starts
    ``lines_above`` lines of text down the page of the attachment's heading, or on a
    page of its own."""
    heading_pt = line_pt + (THICK_RULE + THIN_RULE) / 8
    row_pt = line_pt + HAIRLINE / 8
    block_pt = BLOCK_HEIGHT_MM / MM_PER_PT

    def fitting(room):
        return max(1, math.floor((room - heading_pt - THICK_RULE / 8 - row_pt / 2) / row_pt))

    def line(runs, rules, new_page=False, keep_next=False):
        page_break = "<w:pageBreakBefore/>" if new_page else ""
        keep = "<w:keepNext/>" if keep_next else ""
        return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{page_break}{keep}<w:keepLines/><w:pBdr>{rules}</w:pBdr>'
                f"</w:pPr>{runs}</w:p>")

    heading_rules = _rule("top", THICK_RULE) + _rule("bottom", THIN_RULE)
    row_rules = _rule("bottom", THICK_RULE) + _rule("between", HAIRLINE)
    if flowing:
        return line(headings, heading_rules, keep_next=True) + "".join(line(runs, row_rules) for runs in rows)
    parts, start = [], 0
    room = block_pt - lines_above * LINE_PITCH_PT if lines_above is not None else block_pt
    while True:
        count = fitting(room)
        parts.append(line(headings, heading_rules, new_page=lines_above is None or start > 0))
        parts += [line(runs, row_rules) for runs in rows[start:start + count]]
        start += count
        if start >= len(rows):
            return "".join(parts)
        room = block_pt
