"""The xlsx notice read back with openpyxl."""
import io
import re
import zipfile

import openpyxl
import pytest

from harness import compute_notice
from zugong_stats.xlsx import BELOW_TARGET_FILL, display_width, render_notice_xlsx

FIRST_DATA_ROW = 5


def sheet_of(notice):
    return sheet_of_bytes(render_notice_xlsx(notice))


def sheet_of_bytes(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def header_positions(sheet):
    """Lower header row, falling back to the upper one for vertically merged headers."""
    positions = {}
    for column in range(1, sheet.max_column + 1):
        name = sheet.cell(4, column).value or sheet.cell(3, column).value
        positions[name] = column
    return positions


def data_rows(sheet):
    rows = []
    for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(number, 1).value == "合计":
            break
        rows.append(number)
    return rows


@pytest.fixture(scope="module")
def units_sheet(notice):
    return sheet_of(notice())


def test_title_period_and_scope_lines(units_sheet):
    sheet = units_sheet
    assert sheet["A1"].value == "2026年10月全市组工信息工作情况通报"
    assert "统计时段：2026年10月1日至2026年10月31日" in sheet["A2"].value
    assert "统计范围：江州市所属单位" in sheet["A2"].value


def test_chinese_headers_and_frozen_header(units_sheet):
    sheet = units_sheet
    assert [sheet.cell(3, column).value for column in range(1, 5)] == ["排名", "单位", "报送信息（条）", "采用信息（条）"]
    assert [sheet.cell(4, column).value for column in range(4, 10)] == ["中央", "省级", "市级", "县级", "其他", "合计"]
    positions = header_positions(sheet)
    assert {"得分", "上期排名", "名次变化", "应报信息（条）", "完成率", "未完成目标", "未达及格线", "备注"} <= set(positions)
    assert sheet.freeze_panes == "C5"


def test_rows_with_ties_shown_plainly(units_sheet):
    sheet = units_sheet
    columns = header_positions(sheet)
    table = [(sheet.cell(row, columns["排名"]).value, sheet.cell(row, columns["单位"]).value,
              sheet.cell(row, columns["得分"]).value, sheet.cell(row, columns["备注"]).value)
             for row in data_rows(sheet)]
    assert table[:5] == [
        (1, "临江区委组织部", 30, None),
        (2, "青山区委组织部", 25, "并列第2名"),
        (2, "石桥县委组织部", 25, "并列第2名"),
        (2, "新港区委组织部", 25, "并列第2名"),
        (5, "临江区委组织部 / 江滨街道", 12, None),
    ]
    assert len(table) == 7


def test_rank_change_and_completion(units_sheet):
    sheet = units_sheet
    columns = header_positions(sheet)
    by_unit = {sheet.cell(row, columns["单位"]).value: row for row in data_rows(sheet)}
    row = by_unit["石桥县委组织部"]
    assert sheet.cell(row, columns["上期排名"]).value == 5
    assert sheet.cell(row, columns["名次变化"]).value == "↑3"
    assert sheet.cell(row, columns["完成率"]).value == "—"
    row = by_unit["市委组织部办公室"]
    assert sheet.cell(row, columns["名次变化"]).value == "↓3"
    completion = sheet.cell(by_unit["新港区委组织部"], columns["完成率"])
    assert completion.value == 0.5 and completion.number_format == "0.0%"


def test_below_target_rows_are_filled_and_flagged(units_sheet):
    sheet = units_sheet
    columns = header_positions(sheet)
    for row in data_rows(sheet):
        unit = sheet.cell(row, columns["单位"]).value
        below = unit in ("新港区委组织部", "临江区委组织部 / 江滨街道 / 江滨街道直报点")
        assert (sheet.cell(row, columns["未完成目标"]).value == "是") is below, unit
        fill = sheet.cell(row, columns["单位"]).fill.fgColor.rgb
        assert (fill[-6:] == BELOW_TARGET_FILL[1:]) is below, unit


def test_ranked_within_kinds_shows_each_rows_kind_and_says_so(notice):
    sheet = sheet_of(notice(rank_within="kind"))
    columns = header_positions(sheet)
    table = [(sheet.cell(row, columns["类别"]).value, sheet.cell(row, columns["排名"]).value,
              sheet.cell(row, columns["单位"]).value) for row in data_rows(sheet)]
    assert table[0] == ("县（市、区）", 1, "临江区委组织部")
    assert ("机关科室", 1, "市委组织部办公室") in table
    assert any(cell.value and "各类单位分别排名" in str(cell.value) for cell in sheet["A"])


def test_ranked_within_categories_shows_the_category_sections_and_says_so(notice):
    sheet = sheet_of(notice(rank_within="category"))
    columns = header_positions(sheet)
    assert columns["分类"] == 2 and columns["单位"] == 3
    table = [(sheet.cell(row, columns["分类"]).value, sheet.cell(row, columns["排名"]).value,
              sheet.cell(row, columns["单位"]).value) for row in data_rows(sheet)]
    assert table == [
        ("一类", 1, "临江区委组织部"),
        ("一类", 2, "青山区委组织部"),
        ("一类", 2, "石桥县委组织部"),
        ("一类", 4, "临江区委组织部 / 江滨街道"),
        ("二类", 1, "新港区委组织部"),
        ("二类", 2, "市委组织部办公室"),
        ("未分类", 1, "临江区委组织部 / 江滨街道 / 江滨街道直报点"),
    ]
    assert any(cell.value and "按单位分类分别排名" in str(cell.value) for cell in sheet["A"])
    assert not any(cell.value and "各类单位分别排名" in str(cell.value) for cell in sheet["A"])


def test_a_notice_sent_back_keeps_its_categories_in_the_file(city_client):
    answer = city_client.get("/v1/notices", params={"period_kind": "month", "start": "2026-10-01",
                                                    "scope_unit_id": "1", "rank_within": "category"}).json()
    response = city_client.post("/v1/notices/xlsx", json=answer)
    assert response.status_code == 200, response.text
    sheet = sheet_of_bytes(response.content)
    columns = header_positions(sheet)
    assert [sheet.cell(row, columns["分类"]).value for row in data_rows(sheet)] == ["一类"] * 4 + ["二类"] * 2 + ["未分类"]


def test_below_pass_mark_flagged(units_sheet):
    sheet = units_sheet
    columns = header_positions(sheet)
    flagged = {sheet.cell(row, columns["单位"]).value for row in data_rows(sheet)
               if sheet.cell(row, columns["未达及格线"]).value == "是"}
    assert flagged == {"市委组织部办公室", "临江区委组织部 / 江滨街道",
                       "临江区委组织部 / 江滨街道 / 江滨街道直报点"}


def test_totals_row_and_notes(units_sheet):
    sheet = units_sheet
    columns = header_positions(sheet)
    totals = data_rows(sheet)[-1] + 1
    assert sheet.cell(totals, 1).value == "合计"
    assert sheet.cell(totals, columns["报送信息（条）"]).value == 16
    assert sheet.cell(totals, columns["得分"]).value == 130
    assert sheet.cell(totals, columns["未完成目标"]).value == "2个单位"
    notes = [sheet.cell(row, 1).value for row in range(totals + 1, sheet.max_row + 1)
             if sheet.cell(row, 1).value]
    assert notes[0].startswith("1. 排名按本期得分从高到低排列")
    assert any("及格线为20分" in note for note in notes)


def test_values_only_and_columns_wide_enough(units_sheet):
    sheet = units_sheet
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    unit_column = sheet.column_dimensions["B"].width
    assert unit_column >= display_width("临江区委组织部 / 江滨街道 / 江滨街道直报点")


def test_tie_breakers_named_in_the_notes(notice):
    sheet = sheet_of(notice(tie_breakers=("adoptions_central", "items_submitted")))
    notes = [cell.value for cell in sheet["A"] if isinstance(cell.value, str) and cell.value.startswith("1.")]
    assert "得分相同的依次比较中央采用数、报送信息数" in notes[0]


def test_people_workbook(notice):
    sheet = sheet_of(notice(subject="people"))
    assert sheet.title == "个人排名"
    assert sheet["A1"].value == "2026年10月全市组工信息个人积分情况通报"
    assert [sheet.cell(3, column).value for column in (1, 2, 3)] == ["排名", "姓名", "所在单位"]
    assert sheet.freeze_panes == "D5"
    first_two = [(sheet.cell(row, 1).value, sheet.cell(row, 2).value) for row in (5, 6)]
    assert sorted(first_two) == [(1, "张伟"), (1, "王芳")]


def test_empty_period_workbook_says_there_is_no_ranking(notice):
    sheet = sheet_of(notice(start="2026-03-01"))
    assert all(sheet.cell(row, 1).value == "—" for row in data_rows(sheet))
    assert any(cell.value and "不排名" in str(cell.value) for cell in sheet["A"])


# What a user may type as a name, that the notice must keep as text.
TYPED_NAMES = ['=HYPERLINK("http://x","y")', "+cmd", "-1+2", "@SUM(A1)", '{=HYPERLINK("http://x","y")}',
               "http://example.com/pay"]


def test_names_are_never_formulas(databases):
    def load(cursor):
        cursor.execute("INSERT INTO zugong_unit_v2_data VALUES "
                       "(1, 1, NULL, '1/', 'S', 'Scope', 'Scope', 'other', NULL, NULL, true, NULL),"
                       "(2, 1, 1, '1/2/', 'X', '=HYPERLINK(\"http://example.com\")', 'x', 'other', NULL, NULL, true, NULL)")

    cell = sheet_of(compute_notice(databases.create(load=load))).cell(FIRST_DATA_ROW, 2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.parametrize("name", TYPED_NAMES)
def test_typed_names_stay_text(databases, name):
    def load(cursor):
        cursor.execute("INSERT INTO zugong_unit_v2_data VALUES "
                       "(1, 1, NULL, '1/', 'S', 'Scope', 'Scope', 'other', NULL, NULL, true, NULL),"
                       "(2, 1, 1, '1/2/', 'U', %s, %s, 'other', NULL, NULL, true, NULL)", [name, f"Scope / {name}"])
        cursor.execute("INSERT INTO zugong_person_v2_data VALUES (7, 1, %s, 2, true, true)", [name])

    database = databases.create(load=load)
    for subject in ("units", "people"):
        xlsx = render_notice_xlsx(compute_notice(database, subject=subject))
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
        typed = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
        assert typed, subject
        for cell in typed:
            assert cell.data_type == "s" and cell.hyperlink is None, (subject, cell.coordinate)
        with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
            assert not re.search(rb"<f[ >]", archive.read("xl/worksheets/sheet1.xml")), subject
