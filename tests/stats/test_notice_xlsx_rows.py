"""The notice's rows, which the renderer writes as one block of the sheet's XML, read back
as the same cells as xlsxwriter writes them one by one: values, types and formats."""
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter

from zugong_stats import xlsx
from zugong_stats.xlsx import FONT, render_notice_xlsx

FIRST_DATA_ROW = 5

# What a name may hold that XML escapes, or that xlsxwriter keeps apart: markup, spaces at
# either end, more than Excel holds in a cell.
AWKWARD_NAMES = ["A & B <C> \"D\" 'E'", "  leading and trailing  ", "第1县 / 第2镇", "x" * 40000]


def cells_one_by_one(notice):
    """The notice's rows written cell by cell through xlsxwriter, with the renderer's own
    columns and formats: what the renderer's block must read back as."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    formats = xlsx._Formats(workbook)
    for number, row in enumerate(notice["rows"], start=FIRST_DATA_ROW - 1):
        fill = xlsx.BELOW_TARGET_FILL if row["below_target"] else None
        for position, column in enumerate(xlsx.notice_columns(notice)):
            value = column.value(row)
            cell_format = formats.get(column.style, fill, row["below_pass_mark"] and column.key == "score")
            if isinstance(value, str) and value:
                sheet.write_string(number, position, value, cell_format)
            else:
                sheet.write(number, position, value, cell_format)
    workbook.close()
    return output.getvalue()


def data_cells(content, count):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [(cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.font.name,
             cell.font.b, cell.font.color and cell.font.color.rgb, cell.fill.fill_type,
             cell.fill.fgColor.rgb, cell.border.left.style, cell.alignment.horizontal,
             cell.alignment.vertical)
            for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + count - 1)
            for cell in row]


@pytest.mark.parametrize("parameters", [{}, {"rank_within": "kind"}, {"rank_within": "category"}, {"subject": "people"},
                                        {"rollup": True}, {"start": "2026-03-01"}])
def test_rows_read_back_as_written_cell_by_cell(notice, parameters):
    answer = notice(**parameters)
    count = len(answer["rows"])
    assert count
    rendered = data_cells(render_notice_xlsx(answer), count)
    assert rendered == data_cells(cells_one_by_one(answer), count)
    assert any(cell[1] == "是" for cell in rendered) or parameters


def test_awkward_names_read_back_as_they_are(notice):
    answer = notice()
    for row, name in zip(answer["rows"], AWKWARD_NAMES):
        row["path"] = f"{answer['scope']['path']} / {name}"
    count = len(answer["rows"])
    content = render_notice_xlsx(answer)
    assert data_cells(content, count) == data_cells(cells_one_by_one(answer), count)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    names = [sheet.cell(row, 2).value for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(AWKWARD_NAMES))]
    assert names[:3] == AWKWARD_NAMES[:3]
    assert names[3] == "x" * 32767  # Excel's longest string, as xlsxwriter cuts it


@pytest.mark.parametrize("name, written", [("_x0041_ literal", "_x005F_x0041_ literal"),
                                           ("tab\there\x01\x1f", "tab\there_x0001__x001F_"),
                                           ("\ufffe\uffff", "_xFFFE__xFFFF_")])
def test_excels_escapes_are_written_as_xlsxwriter_writes_them(notice, name, written):
    # Control characters as _xHHHH_, and a name holding such an escape literally
    # ("_x0041_" is Excel's escape of "A") with its underscore escaped: openpyxl reads
    # them back undone in part only, so the XML is compared.
    answer = notice()
    answer["rows"][0]["path"] = f"{answer['scope']['path']} / {name}"
    with zipfile.ZipFile(io.BytesIO(render_notice_xlsx(answer))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    with zipfile.ZipFile(io.BytesIO(cells_one_by_one(answer))) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode()
    assert f"<t>{written}</t>" in shared
    assert f"<t>{written}</t>" in sheet


def test_a_name_looking_like_markup_stays_text(notice):
    # xlsxwriter would take a shared string "<r>...</r>" for rich text and write it raw.
    answer = notice()
    answer["rows"][0]["path"] = f"{answer['scope']['path']} / <r><t>x</t></r>"
    content = render_notice_xlsx(answer)
    assert openpyxl.load_workbook(io.BytesIO(content)).active.cell(FIRST_DATA_ROW, 2).value == "<r><t>x</t></r>"


def test_rows_sit_between_the_header_and_the_totals_in_order(notice):
    answer = notice()
    with zipfile.ZipFile(io.BytesIO(render_notice_xlsx(answer))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(part.split('"')[0]) for part in sheet.split('<row r="')[1:]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert set(range(1, FIRST_DATA_ROW + len(answer["rows"]) + 1)) <= set(numbers)


def test_the_score_of_a_row_below_the_pass_mark_is_red(notice):
    answer = notice()
    sheet = openpyxl.load_workbook(io.BytesIO(render_notice_xlsx(answer))).active
    below = [number for number, row in enumerate(answer["rows"], start=FIRST_DATA_ROW) if row["below_pass_mark"]]
    assert below
    for number in below:
        score = [cell for cell in sheet[number]
                 if cell.font.color is not None and str(cell.font.color.rgb).endswith("C00000")]
        assert len(score) == 1 and score[0].font.name == FONT
