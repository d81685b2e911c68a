"""Outcomes besides points (不达标, 不得评先评优, 一票否决): each row shows what befell its
own unit, or its person, in the notice's very period (city.OUTCOMES)."""
from city import rows_by_id
from test_notice_xlsx import data_rows, header_positions, sheet_of


def test_a_row_shows_the_outcomes_of_its_unit_in_the_period(notice):
    rows = rows_by_id(notice(period_kind="quarter", start="2026-07-01"))
    assert rows[4]["outcomes"] == ["no_award", "not_up_to_standard"]
    assert {unit_id: row["outcomes"] for unit_id, row in rows.items() if unit_id != 4} == {
        unit_id: [] for unit_id in rows if unit_id != 4}, "August's veto is a month's, not the quarter's"
    assert rows_by_id(notice(period_kind="month", start="2026-08-01"))[3]["outcomes"] == ["veto"]
    assert all(row["outcomes"] == [] for row in notice()["rows"]), "October has none"


def test_a_person_s_row_shows_the_person_s_own(notice):
    rows = rows_by_id(notice(period_kind="quarter", start="2026-07-01", subject="people"), "person_id")
    assert rows[105]["outcomes"] == ["no_award"]
    assert all(row["outcomes"] == [] for person_id, row in rows.items() if person_id != 105)


def test_a_rollup_row_shows_its_own_unit_s_only(notice):
    rows = rows_by_id(notice(period_kind="month", start="2026-08-01", rollup=True))
    assert rows[3]["outcomes"] == ["veto"]
    assert all(row["outcomes"] == [] for unit_id, row in rows.items() if unit_id != 3)


def test_the_xlsx_writes_them_in_a_column_of_their_own_where_the_period_has_any(notice):
    sheet = sheet_of(notice(period_kind="quarter", start="2026-07-01"))
    positions = header_positions(sheet)
    words = {sheet.cell(row, positions["单位"]).value: sheet.cell(row, positions["考核结论"]).value
             for row in data_rows(sheet)}
    assert words["新港区委组织部"] == "不得评先评优、不达标"
    assert {name: value for name, value in words.items() if name != "新港区委组织部"} == {
        name: None for name in words if name != "新港区委组织部"}
    assert "考核结论" not in header_positions(sheet_of(notice()))
