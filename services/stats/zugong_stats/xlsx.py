"""The notice as the xlsx workbook a research office circulates: title, period and scope,
a two-level Chinese header (frozen), one row per unit or person, the totals row and the
notes. Values only, no formulas, so Excel and WPS show it without recalculating.

xlsxwriter writes the workbook; the rows of the units or people (a province's year has
about 34,000 of their cells) are written by this module as one block of the sheet's XML,
which xlsxwriter puts in its place among the rows it writes, rather than cell by cell
through xlsxwriter (ten times slower): the same cells, with the same formats, their
strings inline. The workbook's parts are deflated at zlib's fastest level (ZIP_LEVEL):
a province's notice in a third of the time of the default level, a third larger."""
import dataclasses
import functools
import io
import itertools
import math
import re
import types
import unicodedata
import zipfile
from typing import Callable

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT = "宋体"
TITLE_FONT = "黑体"
BELOW_TARGET_FILL = "#FCE4D6"
BELOW_PASS_MARK_FONT = "#C00000"
HEADER_FILL = "#D9E1F2"

LEVEL_NAMES = {"central": "中央", "province": "省级", "city": "市级", "county": "县级",
               "other": "其他"}
OUTCOME_NAMES = {"no_award": "不得评先评优", "not_up_to_standard": "不达标", "veto": "一票否决"}
UNIT_KIND_NAMES = {"county": "县（市、区）", "township": "乡镇（街道）", "section": "机关科室",
                   "point": "直报点", "other": "其他单位"}
TIE_BREAKER_NAMES = {"items_submitted": "报送信息数", "adoptions_total": "采用信息总数",
                     **{f"adoptions_{level}": f"{name}采用数" for level, name in LEVEL_NAMES.items()}}
DASH = "—"
UNCATEGORISED = "未分类"


@dataclasses.dataclass(frozen=True)
class Column:
    key: str  # the figure of a row (and of the totals) shown in the column
    header: str
    style: str = "number"  # number, text, center, percent
    group: str | None = None  # the upper header shared with neighbouring columns
    shown: Callable[[dict, str], object] | None = None

    def value(self, row):
        if self.shown:
            return self.shown(row, self.key)
        value = row.get(self.key)
        return DASH if value is None else value


def _rank_change(row, key):
    change = row[key]
    if change is None:
        return ""
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else DASH


def _percent(row, key):
    pct = row[key]
    return DASH if pct is None else pct / 100


def _yes(row, key):
    return "是" if row[key] else ""


def _kind_name(row, key):
    return UNIT_KIND_NAMES.get(row[key], "")


def _category_name(row, key):
    return row.get(key) or UNCATEGORISED


def _outcome_words(row, key):
    return "、".join(OUTCOME_NAMES[code] for code in row.get(key) or ())


def _tie_note(row, key):
    return f"并列第{row['rank']}名" if row[key] else ""


def _relative_path(scope_path):
    prefix = scope_path + " / "

    def shown(row, key):
        path = row[key] or ""
        return path[len(prefix):] if path.startswith(prefix) else row["name"]

    return shown


def notice_columns(notice):
    if notice["subject"] == "people":
        who = [Column("name", "姓名", "text"), Column("unit_name", "所在单位", "text")]
    else:
        who = [Column("path", "单位", "text", shown=_relative_path(notice["scope"]["path"]))]
        if notice.get("rank_within") == "kind":
            who.insert(0, Column("kind", "类别", "text", shown=_kind_name))
        elif notice.get("rank_within") == "category":
            who.insert(0, Column("category_name", "分类", "text", shown=_category_name))
    adoption_group = "采用信息（条）"
    return [
        Column("rank", "排名", "center"),
        *who,
        Column("items_submitted", "报送信息（条）"),
        # the items counting towards the minimums, where urgent reports leave some out
        *([Column("items_toward_minimum", "计入任务（条）")]
          if any(row["items_toward_minimum"] != row["items_submitted"] for row in notice["rows"]) else []),
        *[Column(f"adoptions_{level}", name, group=adoption_group)
          for level, name in LEVEL_NAMES.items()],
        Column("adoptions_total", "合计", group=adoption_group),
        Column("score", "得分"),
        Column("previous_rank", "上期排名", "center"),
        Column("rank_change", "名次变化", "center", shown=_rank_change),
        Column("submissions_required", "应报信息（条）"),
        Column("completion_pct", "完成率", "percent", shown=_percent),
        Column("below_target", "未完成目标", "center", shown=_yes),
        Column("below_pass_mark", "未达及格线", "center", shown=_yes),
        # outcomes besides points, where the period has any
        *([Column("outcomes", "考核结论", "text", shown=_outcome_words)]
          if any(row.get("outcomes") for row in notice["rows"]) else []),
        Column("tied", "备注", "text", shown=_tie_note),
    ]


# Column widths count the default font's digits; a 宋体 CJK character is a little over two.
WIDE_CHARACTER_WIDTH = 2.2


@functools.lru_cache(maxsize=8192)
def _text_width(text):
    if text.isascii():
        return len(text)
    return sum(WIDE_CHARACTER_WIDTH if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)


def display_width(text):
    """Width of text in Excel's column units."""
    return _text_width(str(text))


def _as_text(value, style):
    """The value as the cell shows it."""
    if isinstance(value, float) and style == "percent":
        return f"{value * 100:.1f}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class _Formats:
    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def get(self, style="text", fill=None, red=False, bold=False):
        key = (style, fill, red, bold)
        if key not in self.cache:
            properties = {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter",
                          "bold": bold}
            if style in ("center", "number", "percent"):
                properties["align"] = "center"
            if style == "percent":
                properties["num_format"] = "0.0%"
            if fill:
                properties["bg_color"] = fill
            if red:
                properties["font_color"] = BELOW_PASS_MARK_FONT
            self.cache[key] = self.workbook.add_format(properties)
        return self.cache[key]


def notice_notes(notice):
    unit_word = "人" if notice["subject"] == "people" else "单位"
    breakers = "、".join(TIE_BREAKER_NAMES[name] for name in notice["tie_breakers"])
    order = "排名按本期得分从高到低排列"
    if breakers:
        order += f"，得分相同的依次比较{breakers}"
    notes = [f"{order}；仍相同的为并列，其后名次顺延（如1、2、2、4）。"]
    if notice.get("rank_within") == "kind":
        notes.append("各类单位分别排名：县（市、区）与县（市、区）比较，机关科室与机关科室比较，余类推。")
    elif notice.get("rank_within") == "category":
        notes.append(f"按单位分类分别排名：同一分类的单位相互比较；{UNCATEGORISED}的单位单独排名，列在最后。")
    if not notice["rows"] or all(row["rank"] is None for row in notice["rows"]):
        notes.append("本期无报送、采用和计分记录，不排名。")
    notes.append(f"名次变化与{notice['previous_period']['label']}排名相比，↑为上升，↓为下降，"
                 f"{DASH}为持平；上期无任何记录的不作比较。")
    notes.append(f"完成率为报送信息数除以本期应报信息数；底色标注的为未完成目标任务的{unit_word}。")
    if notice["pass_mark"] is not None:
        notes.append(f"本期及格线为{_as_text(notice['pass_mark'], 'number')}分，"
                     f"得分用红色标注的为未达及格线的{unit_word}。")
    if notice["rollup"]:
        notes.append("各单位数据均含其所属下级单位；合计中已含在上级单位数据内的下级单位不再重复计算。")
    if notice["subject"] == "people":
        notes.append("多人合写的信息，每位作者均计1条。")
    else:
        notes.append("多个单位合报的信息，每个单位均计1条。")
    return [f"{number}. {text}" for number, text in enumerate(notes, start=1)]


def scope_line(notice):
    scope = notice["scope"]
    parts = [f"统计时段：{_dates_label(notice['period'])}",
             f"统计范围：{scope['name']}{'及' if notice['subject'] == 'people' else ''}所属单位"]
    if notice["kind"]:
        parts.append(f"单位类别：{UNIT_KIND_NAMES[notice['kind']]}")
    return "　　".join(parts)


def _dates_label(period):
    def chinese(iso):
        year, month, day = (int(part) for part in iso.split("-"))
        return f"{year}年{month}月{day}日"

    return f"{chinese(period['start'])}至{chinese(period['end'])}"


# XML text: & < > escaped, and Excel's own escapes for what XML cannot hold (control
# characters, U+FFFE and U+FFFF as _xHHHH_, a literal _xHHHH_ as _x005F_xHHHH_), as
# xlsxwriter writes strings.
_XML_ESCAPES = re.compile(r"[&<>]")
_EXCEL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_MAX_STRING = 32767  # Excel's longest string in a cell (xlsxwriter truncates to it)


def _excel_escape(match):
    found = match.group()
    return "_x005F" + found if len(found) > 1 else f"_x{ord(found):04X}_"


def _xml_text(text):
    text = text[:_MAX_STRING]
    if _EXCEL_ESCAPE.search(text):
        text = _EXCEL_ESCAPE.sub(_excel_escape, text)
    if _XML_ESCAPES.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


# zlib's level for the workbook's parts (1, the fastest, to 9): the sheet of a province's
# year notice (1.2 MB of XML) deflates in about 9 ms to 206 KB at 1, 31 ms to 154 KB at
# the default 6.
ZIP_LEVEL = 1


class _ZipInfo(zipfile.ZipInfo):
    """A part of the workbook, deflated at ZIP_LEVEL: xlsxwriter writes each part with a
    ZipInfo of its own, whose level zipfile takes (the default, unless set)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compresslevel = ZIP_LEVEL


class _Workbook(xlsxwriter.Workbook):
    """xlsxwriter's workbook storing its parts at ZIP_LEVEL: its own code for storing the
    workbook, reading _ZipInfo where it reads zipfile's ZipInfo."""

    _store_workbook = types.FunctionType(
        xlsxwriter.Workbook._store_workbook.__code__,
        {**vars(xlsxwriter.workbook), "ZipInfo": _ZipInfo},
        "_store_workbook",
    )


class _NoticeSheet(Worksheet):
    """A worksheet with one block of rows given as XML (``block``: their first and last
    row numbers, 0-based, and a function of the formats' XF indexes returning the XML),
    written where those rows belong when the workbook is closed: the rows before it and
    after it are xlsxwriter's own."""

    block = None

    def _write_row(self, row, *args, **kwargs):
        # xlsxwriter writes the rows in order, and a row after the block (the totals)
        # always follows: the block goes in just before it.
        if self.block is not None and row > self.block[1]:
            _first, _last, xml = self.block
            self.block = None
            self.fh.write(xml())
        super()._write_row(row, *args, **kwargs)


@functools.lru_cache(maxsize=16384, typed=True)
def _cell_end(value, style):
    """A data cell's XML after its reference and format (its type and value), and the
    width of its text in the column, for a value as Column.value shows it."""
    kind = type(value)
    if kind is str:
        return (f' t="inlineStr">{_xml_text(value)}</c>' if value else "/>"), _text_width(value)
    if kind is bool:
        return f' t="b"><v>{int(value)}</v></c>', _text_width(_as_text(value, style))
    if kind is int or (kind is float and math.isfinite(value)):
        return f"><v>{value:.16G}</v></c>", _text_width(_as_text(value, style))
    raise TypeError(f"a notice cell of type {kind.__name__}: {value!r}")


def _rows_xml(rows, columns, formats, first_row, widths):
    """A function returning the <row> elements of the notice's rows (from first_row,
    0-based) once the formats have their XF indexes; widths grow to fit their texts."""
    # The formats of a row's cells, by the row's fill and whether its score is red: made
    # when a row first needs them (the workbook's formats must all be made before it is
    # closed), and numbered by xlsxwriter in the order the sheet's cells use them.
    row_formats, used = {}, []
    for row in rows:
        fill, red_score = BELOW_TARGET_FILL if row["below_target"] else None, bool(row["below_pass_mark"])
        if (fill, red_score) not in row_formats:
            row_formats[fill, red_score] = [formats.get(column.style, fill, red_score and column.key == "score")
                                            for column in columns]
        used.append(row_formats[fill, red_score])
    # Column by column: each cell's XML after its format, and the column's width.
    ends = []
    for position, column in enumerate(columns):
        key = column.key
        if column.shown:
            shown = column.shown
            values = [shown(row, key) for row in rows]
        else:
            values = [DASH if (value := row.get(key)) is None else value for row in rows]
        column_ends, column_widths = zip(*map(_cell_end, values, itertools.repeat(column.style)))
        widths[position] = max(widths[position], *column_widths)
        ends.append(column_ends)
    letters = [xl_col_to_name(position) for position in range(len(columns))]
    spans = f"1:{len(columns)}"

    def xml():
        # A row's XML as a template of its number ({0}) and its cells' ends ({1}, ...),
        # one for each set of formats.
        templates = {}
        for formats_used in row_formats.values():
            cells = "".join(f'<c r="{letter}{{0}}" s="{cell_format._get_xf_index()}"{{{position}}}'
                            for position, (letter, cell_format) in enumerate(zip(letters, formats_used), start=1))
            templates[id(formats_used)] = f'<row r="{{0}}" spans="{spans}">{cells}</row>'.format
        return "".join([templates[id(formats_used)](number, *row_ends)
                        for number, formats_used, row_ends in zip(range(first_row + 1, first_row + 1 + len(rows)),
                                                                  used, zip(*ends))])

    return xml


def _write_text(sheet, row, col, text, *args):
    """Every string as text: a name typed as ``=HYPERLINK(...)``, ``{=...}`` (which
    xlsxwriter writes as an array formula whatever its options) or ``http://...`` stays
    the text it is."""
    if not text:
        return None  # xlsxwriter writes a blank cell
    return sheet.write_string(row, col, text, *args)


def render_notice_xlsx(notice):
    """The notice dict (see notice.build_notice) as xlsx bytes."""
    output = io.BytesIO()
    workbook = _Workbook(output, {
        "in_memory": True,
        # Names are data: never let one starting with '=' or 'http' become a formula or link.
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    workbook.set_properties({"title": notice["title"], "subject": notice["period"]["label"]})
    sheet = workbook.add_worksheet("个人排名" if notice["subject"] == "people" else "单位排名",
                                   worksheet_class=_NoticeSheet)
    sheet.add_write_handler(str, _write_text)
    formats = _Formats(workbook)
    columns = notice_columns(notice)
    last_column = len(columns) - 1
    widths = [display_width(column.header) for column in columns]

    title_format = workbook.add_format({"font_name": TITLE_FONT, "font_size": 18, "bold": True,
                                        "align": "center", "valign": "vcenter"})
    line_format = workbook.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter"})
    header_format = workbook.add_format({"font_name": FONT, "font_size": 11, "bold": True,
                                         "border": 1, "align": "center", "valign": "vcenter",
                                         "text_wrap": True, "bg_color": HEADER_FILL})
    sheet.merge_range(0, 0, 0, last_column, notice["title"], title_format)
    sheet.set_row(0, 36)
    sheet.merge_range(1, 0, 1, last_column, scope_line(notice), line_format)
    sheet.set_row(1, 22)

    header_top, header_bottom = 2, 3
    index = 0
    while index < len(columns):
        column = columns[index]
        if column.group:
            span = index
            while span + 1 < len(columns) and columns[span + 1].group == column.group:
                span += 1
            sheet.merge_range(header_top, index, header_top, span, column.group, header_format)
            for sub in range(index, span + 1):
                sheet.write(header_bottom, sub, columns[sub].header, header_format)
            index = span + 1
        else:
            sheet.merge_range(header_top, index, header_bottom, index, column.header, header_format)
            index += 1
    sheet.set_row(header_top, 22)
    sheet.set_row(header_bottom, 22)
    sheet.freeze_panes(header_bottom + 1, 2 if notice["subject"] == "units" else 3)

    row_number = header_bottom + 1
    if notice["rows"]:
        last = row_number + len(notice["rows"]) - 1
        sheet.block = (row_number, last,
                       _rows_xml(notice["rows"], columns, formats, row_number, widths))
        row_number = last + 1

    _write_totals(sheet, formats, notice, columns, row_number, widths)
    row_number += 2
    for note in notice_notes(notice):
        sheet.merge_range(row_number, 0, row_number, last_column, note, line_format)
        row_number += 1

    for position, width in enumerate(widths):
        sheet.set_column(position, position, min(max(width + 2, 6), 60))
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_top, header_bottom)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")
    workbook.close()
    return output.getvalue()


def _write_totals(sheet, formats, notice, columns, row_number, widths):
    totals = notice["totals"]
    counted = "人" if notice["subject"] == "people" else "个单位"
    shown = {
        "submissions_required": totals["submissions_required"],
        "completion_pct": None if totals["completion_pct"] is None else totals["completion_pct"] / 100,
        "below_target": f"{totals['rows_below_target']}{counted}",
        "below_pass_mark": f"{totals['rows_below_pass_mark']}{counted}",
    }
    label_columns = [position for position, column in enumerate(columns)
                     if column.key in ("rank", "name", "unit_name", "path")]
    sheet.merge_range(row_number, 0, row_number, label_columns[-1], "合计",
                      formats.get("center", bold=True))
    for position, column in enumerate(columns[label_columns[-1] + 1:], start=label_columns[-1] + 1):
        if column.key in shown:
            value = DASH if shown[column.key] is None else shown[column.key]
        elif column.key in totals:
            value = totals[column.key]
        else:
            value = ""
        sheet.write(row_number, position, value, formats.get(column.style, bold=True))
        widths[position] = max(widths[position], display_width(_as_text(value, column.style)))
