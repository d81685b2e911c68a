"""Notices read the monthly totals (zugong_month_total_v2) for periods of whole months:
the same notice as from the raw items, adoptions and score lines, on the same data."""
import itertools

import pytest

import city
from harness import compute_notice, connect
from zugong_stats.contract import load_contract
from zugong_stats.sandbox import recomputed_totals_sql

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


def test_the_city_has_what_the_comparison_needs(notice):
    """The comparison above meets joint items, adoptions of several levels, people and a
    previous period with figures."""
    result = notice(subject="units", rollup=True)
    assert result["totals"]["items_submitted"] and result["totals"]["adoptions_total"]
    assert any(row["previous_rank"] for row in result["rows"])


def test_the_city_totals_equal_the_recomputation(city_db):
    schema = load_contract()["schema"]
    with connect(city_db) as conn, conn.cursor() as cursor:
        cursor.execute(f"""SELECT count(*) FROM ((SELECT * FROM {schema}.zugong_month_total_v2
                                                EXCEPT ALL ({recomputed_totals_sql()}))
                                               UNION ALL
                                               (({recomputed_totals_sql()})
                                                EXCEPT ALL SELECT * FROM {schema}.zugong_month_total_v2)) difference""")
        assert cursor.fetchone()[0] == 0
        cursor.execute(f"SELECT count(*) FROM {schema}.zugong_month_total_v2")
        assert cursor.fetchone()[0] > 0


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
