"""Notices read the yearly totals (zugong_year_total_v2) for periods of whole years and
the monthly totals (zugong_month_total_v2) for other periods of whole months: the same
notice as from the raw items, adoptions and score lines, on the same data."""
import itertools

import pytest

import city
from harness import compute_notice, connect, notice_request
from test_notice_xlsx import data_rows, header_positions, sheet_of
from zugong_stats.contract import load_contract
from zugong_stats.notice import MONTHS, RAW, YEARS, figures_source
from zugong_stats.sandbox import fill_totals_sql, recomputed_totals_sql, recomputed_year_totals_sql

PERIODS = [("month", "2026-10-01"), ("month", "2026-11-01"), ("bimonth", "2026-09-01"),
           ("quarter", "2026-10-01"), ("halfyear", "2026-07-01"), ("year", "2026-01-01"),
           ("year", "2025-01-01")]
SHAPES = [
    {"subject": "units"},
    {"subject": "units", "kind": "county"},
    {"subject": "units", "rollup": True},
    {"subject": "units", "scope_unit_id": 2, "rollup": True},
    {"subject": "units", "tie_breakers": ("items_submitted", "adoptions_central")},
    {"subject": "units", "rank_within": "kind"},
    {"subject": "units", "scope_unit_id": 2, "rank_within": "kind", "tie_breakers": ("adoptions_total",)},
    {"subject": "units", "rank_within": "category"},
    {"subject": "units", "rank_within": "category", "rollup": True, "tie_breakers": ("items_submitted",)},
    {"subject": "people"},
    {"subject": "people", "scope_unit_id": 2},
    {"subject": "people", "kind": "township", "tie_breakers": ("adoptions_total",)},
]


@pytest.mark.parametrize(("period", "shape"), list(itertools.product(PERIODS, SHAPES)),
                         ids=lambda value: "-".join(map(str, value.values() if isinstance(value, dict) else value)))
def test_the_notice_from_the_totals_is_the_notice_from_the_raw_rows(city_db, period, shape):
    kind, start = period
    from_totals = compute_notice(city_db, period_kind=kind, start=start, from_totals=True, **shape)
    from_raw = compute_notice(city_db, period_kind=kind, start=start, from_totals=False, **shape)
    assert from_totals == from_raw


def load_two_years(cursor):
    """The city, and a year before (2025) with part of its items, adoptions and score
    lines a year earlier, other points, and a few of 2027: each year notice has a
    previous year with figures, and a change of year in between."""
    city.load(cursor)
    cursor.execute("""
        INSERT INTO zugong_item_v2_data
        SELECT item_id + 1000, company_id, unit_id, unit_share, reference || '-2025', title, type_code, state,
               (submitted_on - interval '1 year')::date, author_ids, word_count, counts_toward_minimum
          FROM zugong_item_v2_data WHERE item_id % 3 <> 0;
        INSERT INTO zugong_adoption_v2_data
        SELECT adoption_id + 1000, company_id, item_id + 1000, publication_id, publication_name, level, form,
               (adopted_on - interval '1 year')::date
          FROM zugong_adoption_v2_data WHERE item_id % 3 <> 0;
        -- an item of December 2025 adopted in January 2026
        INSERT INTO zugong_adoption_v2_data
        SELECT max(adoption_id) + 1, 1, 1202, 1, '江州组工信息', 'province', 'full', '2026-01-05'
          FROM zugong_adoption_v2_data;
        UPDATE zugong_item_v2_data SET submitted_on = '2025-12-31' WHERE item_id = 1202;
        INSERT INTO zugong_score_line_v2_data
        SELECT line_id + 1000, company_id, subject, unit_id, person_id, (line_date - interval '1 year')::date,
               points * (1 + line_id % 3), rule_kind, source_model, source_id
          FROM zugong_score_line_v2_data;
        INSERT INTO zugong_score_line_v2_data
        SELECT max(line_id) + 1, 1, 'unit', 9, NULL, '2027-02-01', 7, 'adoption', NULL, NULL
          FROM zugong_score_line_v2_data;
    """)
    cursor.execute(city.fill_totals_sql())


@pytest.fixture(scope="module")
def two_years_db(databases):
    return databases.create(load=load_two_years)


@pytest.mark.parametrize("start", ["2026-01-01", "2025-01-01", "2027-01-01"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda value: "-".join(map(str, value.values())))
def test_a_year_notice_from_the_yearly_totals_is_the_one_from_the_monthly_totals(two_years_db, start, shape):
    from_years = compute_notice(two_years_db, period_kind="year", start=start, from_totals=YEARS, **shape)
    assert from_years == compute_notice(two_years_db, period_kind="year", start=start, from_totals=MONTHS, **shape)
    assert from_years == compute_notice(two_years_db, period_kind="year", start=start, from_totals=False, **shape)


def test_the_two_years_have_what_the_comparison_needs(two_years_db):
    """Both years have figures, ranked, and 2026 compares with 2025."""
    year = compute_notice(two_years_db, period_kind="year", start="2026-01-01", subject="units", rollup=True)
    assert any(row["rank_change"] for row in year["rows"])
    before = compute_notice(two_years_db, period_kind="year", start="2025-01-01")
    assert before["totals"]["items_submitted"] and before["totals"]["adoptions_total"] and before["totals"]["score"]
    assert compute_notice(two_years_db, period_kind="year", start="2027-01-01")["totals"]["score"] == 7


def test_which_totals_a_period_reads():
    expected = {("year", "2026-01-01"): YEARS, ("halfyear", "2026-01-01"): MONTHS, ("halfyear", "2026-07-01"): MONTHS,
                ("quarter", "2026-01-01"): MONTHS, ("bimonth", "2026-11-01"): MONTHS, ("month", "2026-01-01"): MONTHS}
    for (kind, start), source in expected.items():
        period = notice_request(period_kind=kind, start=start).period
        assert figures_source(period) == source, (kind, start)
        assert figures_source(period, True) == source
        assert figures_source(period, False) == RAW
        assert figures_source(period, MONTHS) == MONTHS


def test_the_city_has_what_the_comparison_needs(notice):
    """The comparison above meets joint items, adoptions of several levels, people and a
    previous period with figures."""
    result = notice(subject="units", rollup=True)
    assert result["totals"]["items_submitted"] and result["totals"]["adoptions_total"]
    assert any(row["previous_rank"] for row in result["rows"])


@pytest.mark.parametrize("loaded", ["city_db", "two_years_db"])
def test_the_city_totals_equal_the_recomputation(loaded, request):
    schema = load_contract()["schema"]
    with connect(request.getfixturevalue(loaded)) as conn, conn.cursor() as cursor:
        for view, recomputed in (("zugong_month_total_v2", recomputed_totals_sql()),
                                 ("zugong_year_total_v2", recomputed_year_totals_sql())):
            cursor.execute(f"""SELECT count(*) FROM ((SELECT * FROM {schema}.{view} EXCEPT ALL ({recomputed}))
                                                   UNION ALL
                                                   (({recomputed}) EXCEPT ALL SELECT * FROM {schema}.{view})) difference""")
            assert cursor.fetchone()[0] == 0, view
            cursor.execute(f"SELECT count(*) FROM {schema}.{view}")
            assert cursor.fetchone()[0] > 0, view


def test_a_whole_months_notice_reads_the_totals(databases):
    """Changing the totals alone changes the notice (and the raw rows alone do not)."""
    dbname = databases.create(load=city.load)
    before = compute_notice(dbname)
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE zugong_month_total_v2_data SET items_submitted = items_submitted + 7, points = points + 100"
                       " WHERE subject = 'unit' AND unit_id = 4 AND month = '2026-10-01'")
        cursor.execute("DELETE FROM zugong_score_line_v2_data WHERE unit_id = 2 AND line_date >= '2026-10-01'")
    after = compute_notice(dbname)
    rows_before, rows_after = city.rows_by_id(before), city.rows_by_id(after)
    assert rows_after[4]["items_submitted"] == rows_before[4]["items_submitted"] + 7
    assert rows_after[4]["score"] == rows_before[4]["score"] + 100
    assert rows_after[4]["rank"] == 1
    assert rows_after[2]["score"] == rows_before[2]["score"]
    assert compute_notice(dbname, from_totals=False)["rows"] != after["rows"]


def test_a_year_notice_reads_the_yearly_totals(databases):
    """Changing the yearly totals alone changes the year notice, and neither the month
    notices nor the year notice from the monthly totals."""
    dbname = databases.create(load=load_two_years)
    year = {"period_kind": "year", "start": "2026-01-01"}
    before = compute_notice(dbname, **year)
    quarter = compute_notice(dbname, period_kind="quarter", start="2026-10-01")
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE zugong_year_total_v2_data SET items_submitted = items_submitted + 7,"
                       " adoptions_central = adoptions_central + 1, points = points + 1000"
                       " WHERE subject = 'unit' AND unit_id = 4 AND year = 2026")
        assert cursor.rowcount == 1
    after = compute_notice(dbname, **year)
    rows_before, rows_after = city.rows_by_id(before), city.rows_by_id(after)
    assert rows_after[4]["items_submitted"] == rows_before[4]["items_submitted"] + 7
    assert rows_after[4]["adoptions_central"] == rows_before[4]["adoptions_central"] + 1
    assert rows_after[4]["score"] == rows_before[4]["score"] + 1000
    assert rows_after[4]["rank"] == 1
    assert compute_notice(dbname, from_totals=MONTHS, **year) == before
    assert compute_notice(dbname, period_kind="quarter", start="2026-10-01") == quarter
    # The previous year is read from the yearly totals too.
    next_year = compute_notice(dbname, period_kind="year", start="2027-01-01")
    assert next_year != compute_notice(dbname, period_kind="year", start="2027-01-01", from_totals=MONTHS)


def test_a_period_with_only_a_line_of_no_points_is_ranked_both_ways(databases):
    """Activity counts score lines, which the totals do not count: a line of 0 points makes
    the period active, read from the totals as from the raw rows."""
    def load(cursor):
        city.load(cursor)
        cursor.execute("INSERT INTO zugong_score_line_v2_data VALUES (900, 1, 'unit', 4, NULL, '2026-12-03', 0,"
                       " 'adoption', NULL, NULL)")
        cursor.execute(city.fill_totals_sql())

    dbname = databases.create(load=load)
    from_totals = compute_notice(dbname, start="2026-12-01", from_totals=True)
    assert all(row["rank"] == 1 for row in from_totals["rows"])
    assert from_totals == compute_notice(dbname, start="2026-12-01", from_totals=False)
    empty = compute_notice(dbname, start="2027-01-01", from_totals=True)
    assert all(row["rank"] is None for row in empty["rows"])
    assert empty == compute_notice(dbname, start="2027-01-01", from_totals=False)


def load_with_urgent_reports(cursor):
    """The city with the two October items of unit 3 (a monthly minimum of 1) and the
    joint item of units 2 and 5 (203) urgent reports that count towards no minimum (their
    year's rule set does not say they do)."""
    city.load(cursor)
    cursor.execute("UPDATE zugong_item_v2_data SET type_code = 'urgent', counts_toward_minimum = false"
                   " WHERE item_id IN (206, 207, 203)")
    cursor.execute(fill_totals_sql())


@pytest.mark.parametrize("period", [("month", "2026-10-01"), ("quarter", "2026-10-01"), ("year", "2026-01-01")],
                         ids="-".join)
def test_urgent_reports_are_submitted_but_count_towards_no_minimum(databases, period):
    """The completion of a unit compares with its minimum the items the contract counts
    towards it (items_toward_minimum, counts_toward_minimum): its urgent reports are
    among the items it submitted, not among those; the same from the totals as from the
    raw rows, a rollup row counting its joint item once."""
    kind, start = period
    dbname = databases.create(load=load_with_urgent_reports)
    for shape in ({"subject": "units"}, {"subject": "units", "rollup": True}, {"subject": "people"}):
        from_totals = compute_notice(dbname, period_kind=kind, start=start, from_totals=True, **shape)
        assert from_totals == compute_notice(dbname, period_kind=kind, start=start, from_totals=False, **shape)
    notice = compute_notice(dbname, period_kind=kind, start=start, subject="units")
    town = city.rows_by_id(notice)[3]
    assert town["items_submitted"] - town["items_toward_minimum"] == 2
    if kind == "month":
        assert (town["items_submitted"], town["items_toward_minimum"]) == (2, 0)
        assert (town["submissions_required"], town["completion_pct"], town["below_target"]) == (1, 0, True)
    rollup = city.rows_by_id(compute_notice(dbname, period_kind=kind, start=start, subject="units", rollup=True))
    district = rollup[2]
    assert district["items_submitted"] - district["items_toward_minimum"] == 1, "the joint urgent report once"
    totals = notice["totals"]
    assert totals["items_submitted"] - totals["items_toward_minimum"] == 4, "the joint one for each of its units"


def test_the_xlsx_writes_the_items_counted_where_urgent_reports_leave_some_out(databases):
    dbname = databases.create(load=load_with_urgent_reports)
    sheet = sheet_of(compute_notice(dbname, period_kind="month", start="2026-10-01"))
    positions = header_positions(sheet)
    counted = {sheet.cell(row, positions["单位"]).value: (sheet.cell(row, positions["报送信息（条）"]).value,
                                                          sheet.cell(row, positions["计入任务（条）"]).value,
                                                          sheet.cell(row, positions["完成率"]).value)
               for row in data_rows(sheet)}
    assert counted["青山区委组织部"] == (2, 0, 0)
    assert "计入任务（条）" not in header_positions(sheet_of(compute_notice(dbname, period_kind="month",
                                                                        start="2026-11-01")))
