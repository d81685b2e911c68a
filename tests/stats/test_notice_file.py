"""POST /v1/notices/xlsx: the file of a notice answered before, with exactly its figures."""
import io

import openpyxl
import pytest

from zugong_stats.xlsx import XLSX_MEDIA_TYPE

QUERIES = {
    "units of the city": {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": "1"},
    "people, tie-broken": {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": "1",
                           "subject": "people", "tie_breakers": "items_submitted"},
    "rolled-up units of the year": {"period_kind": "year", "start": "2026-01-01", "scope_unit_id": "1",
                                    "rollup": "true"},
    "an empty period": {"period_kind": "month", "start": "2025-02-01", "scope_unit_id": "1"},
}


def cells(xlsx):
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_file_of_an_answer_is_the_file_of_the_same_request(city_client, query):
    answer = city_client.get("/v1/notices", params=query).json()
    asked_for_the_file = city_client.get("/v1/notices", params=query, headers={"Accept": XLSX_MEDIA_TYPE})
    response = city_client.post("/v1/notices/xlsx", json=answer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"] == asked_for_the_file.headers["content-disposition"]
    assert cells(response.content) == cells(asked_for_the_file.content)


def test_the_file_shows_the_figures_sent_not_the_database_s(city_client):
    answer = city_client.get("/v1/notices", params=QUERIES["units of the city"]).json()
    first = answer["rows"][0]
    first["score"] = 999.5
    answer["title"] = "2026年10月全市组工信息工作情况通报（定稿）"
    sheet = openpyxl.load_workbook(io.BytesIO(city_client.post("/v1/notices/xlsx", json=answer).content)).active
    assert sheet["A1"].value == "2026年10月全市组工信息工作情况通报（定稿）"
    assert 999.5 in [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("change, field", [
    (lambda answer: answer.pop("rows"), "rows"),
    (lambda answer: answer["rows"][0].update(score="many"), "rows.0.score"),
    (lambda answer: answer["totals"].pop("row_count"), "totals.row_count"),
])
def test_a_body_that_is_not_a_notice_is_refused_naming_the_field(city_client, change, field):
    answer = city_client.get("/v1/notices", params=QUERIES["units of the city"]).json()
    change(answer)
    response = city_client.post("/v1/notices/xlsx", json=answer)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["parameter"]) == ("invalid_notice", field)
    assert field in body["message"] and "通报内容无效" in body["message"]


def test_a_body_that_is_not_json_is_refused(city_client):
    response = city_client.post("/v1/notices/xlsx", content=b"not a notice",
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"code": "invalid_notice", "message": "通报内容无效：请求体不是有效的 JSON。"}


def test_a_notice_of_another_contract_version_is_refused(city_client):
    answer = city_client.get("/v1/notices", params=QUERIES["units of the city"]).json()
    response = city_client.post("/v1/notices/xlsx", json=dict(answer, contract_version="v1"))
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_contract_version"


def test_the_file_needs_the_token(city_client):
    answer = city_client.get("/v1/notices", params=QUERIES["units of the city"]).json()
    response = city_client.post("/v1/notices/xlsx", json=answer, headers={"Authorization": ""})
    assert response.status_code == 401
