"""Bad input, authentication and content negotiation of GET /v1/notices."""
import io
import urllib.parse

import openpyxl
import pytest

from zugong_stats.xlsx import XLSX_MEDIA_TYPE

GOOD = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": "1"}


def with_(**changes):
    query = {**GOOD, **changes}
    return {key: value for key, value in query.items() if value is not None}


@pytest.mark.parametrize("query, status, code", [
    (with_(period_kind="week"), 422, "invalid_period_kind"),
    (with_(start="2026-10-15"), 422, "start_not_aligned"),
    (with_(period_kind="bimonth", start="2026-10-01"), 422, "start_not_aligned"),
    (with_(period_kind="quarter", start="2026-11-01"), 422, "start_not_aligned"),
    (with_(period_kind="halfyear", start="2026-04-01"), 422, "start_not_aligned"),
    (with_(period_kind="year", start="2026-07-01"), 422, "start_not_aligned"),
    (with_(end="2026-09-30"), 422, "end_before_start"),
    (with_(end="2026-11-30"), 422, "end_not_aligned"),
    (with_(start="2026-13-01"), 422, "invalid_date"),
    (with_(start="1 October"), 422, "invalid_date"),
    (with_(start=None), 422, "missing_parameter"),
    (with_(scope_unit_id="999"), 404, "unknown_unit"),
    (with_(scope_unit_id="jiangzhou"), 422, "invalid_unit"),
    (with_(subject="teams"), 422, "invalid_subject"),
    (with_(kind="village"), 422, "invalid_unit_kind"),
    (with_(rollup="perhaps"), 422, "invalid_parameter"),
    (with_(tie_breakers="score"), 422, "invalid_tie_breaker"),
    (with_(tie_breakers="items_submitted,items_submitted"), 422, "invalid_tie_breaker"),
    (with_(subject="people", rollup="true"), 422, "rollup_not_applicable"),
    (with_(rank_within="county"), 422, "invalid_parameter"),
    (with_(subject="people", rank_within="kind"), 422, "rank_within_not_applicable"),
    (with_(subject="people", rank_within="category"), 422, "rank_within_not_applicable"),
])
def test_bad_input_gets_a_json_error_with_a_code_and_a_chinese_message(city_client, query, status, code):
    response = city_client.get("/v1/notices", params=query)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= char <= "\u9fff" for char in body["message"]), body["message"]


def test_end_that_is_the_last_day_of_the_period_is_accepted(city_client):
    response = city_client.get("/v1/notices", params=with_(end="2026-10-31"))
    assert response.status_code == 200


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic dGVzdDp0ZXN0", "Bearer"])
def test_missing_or_wrong_token_is_401(city_client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    # The client's default header is replaced (or removed) for this request.
    response = city_client.get("/v1/notices", params=GOOD,
                               headers={"Authorization": ""} | headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_unauthorized_before_bad_input(city_client):
    response = city_client.get("/v1/notices", params=with_(period_kind="week"),
                               headers={"Authorization": ""})
    assert response.status_code == 401


@pytest.mark.parametrize("accept, media_type", [
    (None, "application/json"),
    ("*/*", "application/json"),
    ("application/json", "application/json"),
    (XLSX_MEDIA_TYPE, XLSX_MEDIA_TYPE),
    (f"{XLSX_MEDIA_TYPE}, */*;q=0.8", XLSX_MEDIA_TYPE),
    (f"application/json;q=0.5, {XLSX_MEDIA_TYPE}", XLSX_MEDIA_TYPE),
    (f"application/json, {XLSX_MEDIA_TYPE};q=0.5", "application/json"),
    ("application/*", "application/json"),
])
def test_content_negotiation(city_client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = city_client.get("/v1/notices", params=GOOD, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_neither_json_nor_xlsx_acceptable_is_406(city_client):
    response = city_client.get("/v1/notices", params=GOOD, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_unknown_path_is_a_json_404(city_client):
    response = city_client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_describes_the_endpoints(city_client):
    response = city_client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert {"/health", "/v1/notices"} <= set(spec["paths"])
    parameters = {parameter["name"] for parameter in spec["paths"]["/v1/notices"]["get"]["parameters"]}
    assert {"period_kind", "start", "end", "scope_unit_id", "subject", "kind", "rollup",
            "tie_breakers", "rank_within"} == parameters
    assert XLSX_MEDIA_TYPE in spec["paths"]["/v1/notices"]["get"]["responses"]["200"]["content"]
    render = spec["paths"]["/v1/notices/xlsx"]["post"]
    assert render["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Notice"}
    assert XLSX_MEDIA_TYPE in render["responses"]["200"]["content"]
    assert city_client.get("/docs").status_code == 200


def test_request_id_is_returned_and_a_sane_client_one_kept(city_client):
    response = city_client.get("/health", headers={"X-Request-ID": "odoo-notice-42"})
    assert response.headers["x-request-id"] == "odoo-notice-42"
    response = city_client.get("/health", headers={"X-Request-ID": "bad id; with spaces"})
    assert response.headers["x-request-id"] != "bad id; with spaces"
    assert len(response.headers["x-request-id"]) == 32


def test_xlsx_answer_is_an_attachment_named_after_the_title(city_client):
    response = city_client.get("/v1/notices", params=GOOD, headers={"Accept": XLSX_MEDIA_TYPE})
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="zugong-notice-2026-10-01.xlsx"')
    title = "2026年10月全市组工信息工作情况通报.xlsx"
    assert "filename*=UTF-8''" + urllib.parse.quote(title) in disposition
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == title.removesuffix(".xlsx")


def test_people_are_not_ranked_within_categories_and_the_message_says_so(city_client):
    response = city_client.get("/v1/notices", params=with_(subject="people", rank_within="category"))
    assert "按单位分类分别排名" in response.json()["message"]
    response = city_client.get("/v1/notices", params=with_(rank_within="group"))
    assert "category（按单位分类分别排名）" in response.json()["message"]


def test_json_answer_is_the_notice(city_client, notice):
    response = city_client.get("/v1/notices", params={**GOOD, "tie_breakers": "items_submitted"})
    assert response.json() == notice(tie_breakers=("items_submitted",))
