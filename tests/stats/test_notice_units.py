"""Unit notices over the city of city.py (October 2026, compared with September)."""
from city import rows_by_id


def ranks(notice, key="unit_id"):
    return {row[key]: row["rank"] for row in notice["rows"]}


def test_scores_rank_with_ties_sharing_a_rank_and_the_next_rank_skipping(notice):
    result = notice()
    assert ranks(result) == {2: 1, 3: 2, 4: 2, 9: 2, 5: 5, 7: 6, 6: 7}
    rows = rows_by_id(result)
    assert [rows[unit]["score"] for unit in (2, 3, 4, 9, 5, 7, 6)] == [30, 25, 25, 25, 12, 10, 3]
    assert {unit for unit, row in rows.items() if row["tied"]} == {3, 4, 9}
    # By rank, then by unit code.
    assert [row["unit_id"] for row in result["rows"]] == [2, 3, 9, 4, 5, 7, 6]


def test_the_scope_unit_is_never_ranked_among_the_units_it_covers(notice):
    assert 1 not in rows_by_id(notice())
    assert 1 not in rows_by_id(notice(rollup=True))
    assert 2 not in rows_by_id(notice(scope_unit_id=2))
    assert rows_by_id(notice(scope_unit_id=6)) == {}


def test_rank_within_kinds_ranks_counties_with_counties(notice):
    result = notice(rank_within="kind")
    assert result["rank_within"] == "kind"
    assert ranks(result) == {2: 1, 3: 2, 4: 2, 9: 2, 5: 1, 7: 1, 6: 1}
    # Counties first, then townships, sections and points, each by rank.
    assert [row["unit_id"] for row in result["rows"]] == [2, 3, 9, 4, 5, 7, 6]
    assert {row["unit_id"] for row in result["rows"] if row["tied"]} == {3, 4, 9}
    # September among the counties: 3 40, 2 20, 4 10, 9 5.
    assert {row["unit_id"]: row["previous_rank"] for row in result["rows"] if row["kind"] == "county"} == {
        3: 1, 2: 2, 4: 3, 9: 4}
    assert notice(rank_within="all")["rank_within"] == "all"


def test_rank_within_categories_ranks_each_category_apart_the_uncategorised_last(notice):
    result = notice(rank_within="category")
    assert result["rank_within"] == "category"
    # October: 一类 2 30, 3 25, 9 25, 5 12 (and the city itself, 一类, not ranked);
    # 二类 4 25, 7 10; no category 6 3.
    assert ranks(result) == {2: 1, 3: 2, 9: 2, 5: 4, 4: 1, 7: 2, 6: 1}
    assert 1 not in rows_by_id(result), "the scope's own unit is not ranked among its units"
    assert {row["unit_id"] for row in result["rows"] if row["tied"]} == {3, 9}
    # 一类 then 二类 (the research office's order, not the ids' nor the names'), then the
    # units without a category; each by rank, then by code.
    assert [row["unit_id"] for row in result["rows"]] == [2, 3, 9, 5, 4, 7, 6]
    assert [(row["category_id"], row["category_name"]) for row in result["rows"]] == [
        (12, "一类")] * 4 + [(11, "二类")] * 2 + [(None, None)]
    # September within the same categories: 一类 3 40, 2 20, 9 5, 5 nothing; 二类 7 15, 4 10.
    assert {row["unit_id"]: (row["previous_rank"], row["rank_change"]) for row in result["rows"]} == {
        2: (2, 1), 3: (1, -1), 9: (3, 1), 5: (4, 0), 4: (2, 1), 7: (1, -1), 6: (1, 0)}
    # The totals are those of every row, whatever the groups.
    assert result["totals"] == notice()["totals"]


def test_rank_within_categories_leaves_the_scope_unit_out_of_its_own_category(notice):
    # 临江区 (一类, 30 points) covers 江滨街道 (一类, 12) and its point (no category, 3):
    # ranked with its township, it would come first.
    result = notice(scope_unit_id=2, rank_within="category")
    assert ranks(result) == {5: 1, 6: 1}
    assert [(row["unit_id"], row["category_name"]) for row in result["rows"]] == [(5, "一类"), (6, None)]
    # with rollup, each row's figures its subtree's: the scope is still no row
    assert ranks(notice(scope_unit_id=2, rank_within="category", rollup=True)) == {5: 1, 6: 1}
    assert ranks(notice(rank_within="category", rollup=True)) == {2: 1, 3: 2, 9: 3, 5: 4, 4: 1, 7: 2, 6: 1}


def test_rank_within_categories_with_tie_breakers(notice):
    # 3 and 9 both 25 in 一类: 9 submitted 5 items, 3 two.
    result = notice(rank_within="category", tie_breakers=("items_submitted",))
    assert ranks(result) == {2: 1, 9: 2, 3: 3, 5: 4, 4: 1, 7: 2, 6: 1}
    assert not any(row["tied"] for row in result["rows"])


def test_every_unit_row_names_its_category(notice):
    rows = rows_by_id(notice())
    assert {unit: row["category_name"] for unit, row in rows.items()} == {
        2: "一类", 3: "一类", 9: "一类", 5: "一类", 4: "二类", 7: "二类", 6: None}


def test_active_units_only_and_records_outside_the_period_left_out(notice):
    rows = rows_by_id(notice())
    assert 8 not in rows  # archived
    # 6's 100 points are dated 1 November; 7's item of 31 October counts, not its 1 November one.
    assert rows[6]["score"] == 3
    assert rows[7]["items_submitted"] == 1


def test_items_submitted_count_states_that_left_the_unit_and_joint_items_for_each_unit(notice):
    rows = rows_by_id(notice())
    # 2: 201, 202 and the joint 203; its draft 204 and signoff 205 do not count.
    assert rows[2]["items_submitted"] == 3
    assert rows[5]["items_submitted"] == 2  # its own 215 and the joint 203
    assert rows[4]["items_submitted"] == 2  # a rejected item was submitted all the same


def test_adoptions_per_level_dated_in_the_period_whenever_the_item_was_submitted(notice):
    row = rows_by_id(notice())[2]
    assert (row["adoptions_central"], row["adoptions_province"], row["adoptions_city"],
            row["adoptions_county"], row["adoptions_other"], row["adoptions_total"]) == (1, 1, 1, 1, 0, 4)
    assert rows_by_id(notice())[5]["adoptions_county"] == 1  # the joint item's adoption
    assert rows_by_id(notice())[3]["adoptions_other"] == 0  # adopted 2 November


def test_tie_breakers_split_ties_in_order_and_equal_rows_still_share(notice):
    result = notice(tie_breakers=("adoptions_central", "items_submitted"))
    assert ranks(result) == {2: 1, 3: 2, 4: 2, 9: 4, 5: 5, 7: 6, 6: 7}
    assert {row["unit_id"] for row in result["rows"] if row["tied"]} == {3, 4}
    assert result["tie_breakers"] == ["adoptions_central", "items_submitted"]

    result = notice(tie_breakers=("items_submitted",))
    assert ranks(result) == {2: 1, 9: 2, 3: 3, 4: 3, 5: 5, 7: 6, 6: 7}


def test_rank_change_against_the_previous_month(notice):
    result = notice()
    previous = {row["unit_id"]: row["previous_rank"] for row in result["rows"]}
    # September: 3 40, 2 20, 7 15, 4 10, 9 5, and 1, 5, 6 nothing.
    assert previous == {3: 1, 2: 2, 7: 3, 4: 4, 9: 5, 5: 6, 6: 6}
    change = {row["unit_id"]: row["rank_change"] for row in result["rows"]}
    assert change == {2: 1, 3: -1, 4: 2, 9: 3, 5: 1, 7: -3, 6: -1}
    assert result["previous_period"] == {"kind": "month", "start": "2026-09-01",
                                         "end": "2026-09-30", "label": "2026年9月"}


def test_previous_period_crossing_the_year(notice):
    result = notice(start="2026-01-01")
    assert result["previous_period"]["start"] == "2025-12-01"
    assert result["previous_period"]["label"] == "2025年12月"


def test_subtree_scope(notice):
    result = notice(scope_unit_id=2)
    assert ranks(result) == {5: 1, 6: 2}
    assert result["scope"]["label"] == "临江区"
    assert result["title"] == "2026年10月临江区组工信息工作情况通报"
    assert ranks(notice(scope_unit_id=5)) == {6: 1}


def test_kind_filter(notice):
    result = notice(kind="county")
    assert ranks(result) == {2: 1, 3: 2, 4: 2, 9: 2}
    assert result["kind"] == "county"


def test_rollup_counts_each_units_subtree_once(notice):
    result = notice(rollup=True)
    rows = rows_by_id(result)
    # 2 with 5 and 6: the joint item 203 and its adoption count once.
    assert (rows[2]["score"], rows[2]["items_submitted"], rows[2]["adoptions_total"]) == (45, 5, 5)
    # 3 with its archived township 8.
    assert (rows[3]["score"], rows[3]["items_submitted"]) == (30, 3)
    assert ranks(result) == {2: 1, 3: 2, 4: 3, 9: 3, 5: 5, 7: 6, 6: 7}
    # Required submissions add up over the subtree: 2 (2) + 0 (5: a quarterly minimum only,
    # nothing due in a month) + 2 (6) = 4, 5 submitted.
    assert (rows[2]["submissions_required"], rows[2]["completion_pct"], rows[2]["below_target"]) == (4, 125.0, False)


def test_quota_completion_and_below_target(notice):
    rows = rows_by_id(notice())
    # a month requires the monthly minimum (a quarterly one only counts in a quarter's
    # notice, or a longer one's): 5 has a quarterly minimum alone
    expected = {2: (2, 150.0, False), 3: (1, 200.0, False), 4: (4, 50.0, True),
                5: (0, None, False), 6: (2, 50.0, True), 9: (None, None, False),
                7: (None, None, False)}
    found = {unit: (row["submissions_required"], row["completion_pct"], row["below_target"])
             for unit, row in rows.items()}
    assert found == expected


def test_quarter_requires_three_monthly_minimums_and_the_quarterly_one(notice):
    rows = rows_by_id(notice(period_kind="quarter", start="2026-10-01"))
    assert rows[2]["submissions_required"] == 9  # 2 a month and 3 a quarter
    assert rows[2]["completion_pct"] == round(3 * 100 / 9, 1)


def test_pass_mark_flags_the_units_below_it(notice):
    result = notice()
    assert result["pass_mark"] == 20
    below = {row["unit_id"] for row in result["rows"] if row["below_pass_mark"]}
    assert below == {5, 7, 6}
    assert result["totals"]["rows_below_pass_mark"] == 3


def test_no_pass_mark_for_the_period_kind_flags_nobody(notice):
    result = notice(period_kind="year", start="2026-01-01")
    assert result["pass_mark"] is None
    assert not any(row["below_pass_mark"] for row in result["rows"])


def test_totals_add_up_the_rows(notice):
    result = notice()
    totals = result["totals"]
    assert totals["row_count"] == 7
    for figure in ("items_submitted", "adoptions_central", "adoptions_province", "adoptions_city",
                   "adoptions_county", "adoptions_other", "adoptions_total", "score"):
        assert totals[figure] == sum(row[figure] for row in result["rows"]), figure
    # The joint item 203 counts for 2 and for 5, as in their rows.
    assert (totals["items_submitted"], totals["adoptions_county"], totals["score"]) == (16, 3, 130)
    assert (totals["submissions_required"], totals["completion_pct"]) == (9, 177.8)
    assert totals["rows_below_target"] == 2


def test_rollup_totals_leave_out_rows_inside_other_rows(notice):
    # The units below the city, each with its own subtree, add up to the city's figures.
    totals = notice(rollup=True)["totals"]
    assert (totals["score"], totals["items_submitted"], totals["row_count"]) == (135, 16, 7)
    # The counties do not overlap: their totals add up.
    totals = notice(rollup=True, kind="county")["totals"]
    assert (totals["score"], totals["items_submitted"]) == (45 + 30 + 25 + 25, 5 + 3 + 2 + 5)


def test_empty_period_has_rows_of_zeros_and_no_ranking(notice):
    result = notice(start="2026-03-01")
    assert len(result["rows"]) == 7
    for row in result["rows"]:
        assert (row["items_submitted"], row["adoptions_total"], row["score"]) == (0, 0, 0)
        assert (row["rank"], row["tied"], row["previous_rank"], row["rank_change"]) == (None, False, None, None)
    assert result["totals"]["items_submitted"] == 0
    assert result["totals"]["score"] == 0


def test_title_and_period_labels(notice):
    assert notice()["title"] == "2026年10月全市组工信息工作情况通报"
    assert notice(period_kind="bimonth", start="2026-09-01")["title"].startswith("2026年9—10月全市")
    assert notice(period_kind="quarter", start="2026-07-01")["period"]["label"] == "2026年第三季度"
    assert notice(period_kind="halfyear", start="2026-01-01")["period"]["label"] == "2026年上半年"
    year = notice(period_kind="year", start="2026-01-01")
    assert year["period"] == {"kind": "year", "start": "2026-01-01", "end": "2026-12-31", "label": "2026年度"}
