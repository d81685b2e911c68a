"""The answer's JSON (orjson) is the text JSONResponse (the standard library's json) writes."""
import decimal

import pytest
from fastapi.responses import JSONResponse

import city
from harness import compute_notice, connect, notice_request
from zugong_stats.cache import decode_json, encode_json
from zugong_stats.notice import COUNTED_COLUMNS, _plain

SHAPES = [{}, {"subject": "people"}, {"rollup": True}, {"rank_within": "kind"}, {"rank_within": "category"},
          {"tie_breakers": ("adoptions_central", "items_submitted")}, {"period_kind": "year", "start": "2026-01-01"},
          {"start": "2026-03-01"}]


@pytest.mark.parametrize("parameters", SHAPES)
def test_the_answer_is_the_text_the_standard_library_writes(notice, parameters):
    answer = notice(**parameters)
    assert encode_json(answer) == JSONResponse(answer).body
    assert decode_json(encode_json(answer)) == answer


@pytest.mark.parametrize("parameters", SHAPES)
def test_counts_are_written_as_integers(notice, parameters):
    """The rows' and the totals' counts are integers, as the answer's schema has them (3,
    not 3.0)."""
    answer = notice(**parameters)
    for figures in (*answer["rows"], answer["totals"]):
        assert all(type(figures[key]) is int for key in COUNTED_COLUMNS), figures
    assert f'"items_submitted":{answer["totals"]["items_submitted"]},'.encode() in encode_json(answer)


def test_awkward_text_and_numbers_are_written_alike(notice):
    answer = notice()
    names = ['"quoted" \\ back', "tab\tnew\nline\x00\x1f\x7f", "第1县\u2028\u2029", "emoji \U0001F600",
             "</script>", ""]
    for row, name in zip(answer["rows"], names):
        row["name"] = name
    answer["rows"][0]["score"] = 1234567.89
    answer["rows"][1]["score"] = 0.1 + 0.2
    answer["rows"][2]["score"] = 2.0 ** 53
    answer["rows"][3]["score"] = -0.5
    assert encode_json(answer) == JSONResponse(answer).body


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_figure_that_is_not_a_number_is_refused(value):
    # JSONResponse refuses NaN and infinities; orjson would write null.
    with pytest.raises(ValueError):
        _plain(decimal.Decimal(value))


def test_figures_are_plain_numbers():
    assert _plain(decimal.Decimal("12.50")) == 12.5
    assert _plain(7) == 7 and _plain(None) is None
    assert notice_request().period.start.isoformat() == "2026-10-01"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(("table", "period"), [("zugong_month_total_v2_data", {}),
                                                ("zugong_year_total_v2_data", {"period_kind": "year",
                                                                               "start": "2026-01-01"})])
def test_a_notice_with_a_figure_that_is_not_a_number_is_refused(databases, value, table, period):
    """A total that is not a number (a numeric NaN or infinity in the database) never
    reaches an answer, in a row or in the totals."""
    dbname = databases.create(load=city.load)
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET points = %s::numeric WHERE subject = 'unit' AND unit_id = 4", (value,))
        assert cursor.rowcount
    with pytest.raises(ValueError, match="not a number"):
        compute_notice(dbname, **period)
