"""Person notices over the city of city.py: a person's items are those naming them among
their authors, the score is the sum of their subject='person' lines."""
from city import rows_by_id


def people(**query):
    return {"subject": "people", **query}


def test_people_of_the_scope_ranked_by_their_own_lines(notice):
    result = notice(**people())
    rows = rows_by_id(result, "person_id")
    assert set(rows) == {101, 102, 103, 104, 105, 107}  # 106 is inactive
    assert {person: row["rank"] for person, row in rows.items()} == {
        101: 1, 102: 1, 105: 3, 103: 4, 104: 5, 107: 6}
    # 102's unit line (the 10 points naming them as writer) is the unit's, not theirs.
    assert rows[102]["score"] == 8
    assert rows[101]["tied"] and rows[102]["tied"]
    assert (rows[101]["unit_id"], rows[101]["unit_name"], rows[101]["is_officer"]) == (2, "临江区委组织部", True)
    assert result["title"] == "2026年10月全市组工信息个人积分情况通报"


def test_person_items_and_adoptions_come_from_author_ids(notice):
    rows = rows_by_id(notice(**people()), "person_id")
    # 101: 201 and the joint 203 (listed once although it has a row per unit); not the
    # draft 204, the signoff 205 or September's 220.
    assert rows[101]["items_submitted"] == 2
    # 201 city and province, September's 220 central, the joint 203 county.
    assert (rows[101]["adoptions_central"], rows[101]["adoptions_province"], rows[101]["adoptions_city"],
            rows[101]["adoptions_county"], rows[101]["adoptions_total"]) == (1, 1, 1, 1, 4)
    assert (rows[103]["items_submitted"], rows[103]["adoptions_total"]) == (2, 1)


def test_tie_breaker_splits_people(notice):
    rows = rows_by_id(notice(**people(tie_breakers=("items_submitted",))), "person_id")
    assert (rows[101]["rank"], rows[102]["rank"]) == (1, 2)
    assert not rows[101]["tied"]


def test_people_rank_change(notice):
    rows = rows_by_id(notice(**people()), "person_id")
    # September: 104 10, 101 3, the others nothing.
    assert (rows[104]["previous_rank"], rows[104]["rank_change"]) == (1, -4)
    assert (rows[101]["previous_rank"], rows[101]["rank_change"]) == (2, 1)


def test_people_quota_and_pass_mark(notice):
    result = notice(**people())
    rows = rows_by_id(result, "person_id")
    assert (rows[101]["submissions_required"], rows[101]["completion_pct"]) == (2, 100.0)
    assert rows[102]["submissions_required"] is None
    assert result["pass_mark"] == 5
    assert {person for person, row in rows.items() if row["below_pass_mark"]} == {104, 107}


def test_people_scope_and_kind(notice):
    assert set(rows_by_id(notice(**people(scope_unit_id=5)), "person_id")) == {103, 107}
    assert set(rows_by_id(notice(**people(kind="township")), "person_id")) == {103}


def test_people_totals_add_up_the_rows(notice):
    totals = notice(**people())["totals"]
    # The joint item 203 counts for both its authors, 101 and 103, as in their rows.
    assert totals["items_submitted"] == 2 + 1 + 2 + 2 + 2 + 1
    assert totals["score"] == 29
    assert totals["row_count"] == 6
    assert totals["rows_below_pass_mark"] == 2
