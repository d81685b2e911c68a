"""The JSON request log."""
import json
import logging

from zugong_stats.logs import JsonFormatter


def test_one_json_line_per_request(city_client, caplog):
    with caplog.at_level(logging.INFO, logger="zugong_stats.request"):
        response = city_client.get("/v1/notices", params={"period_kind": "week"},
                                   headers={"X-Request-ID": "abc-123"})
    records = [record for record in caplog.records if record.name == "zugong_stats.request"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc-123" == response.headers["x-request-id"]
    assert (entry["path"], entry["status"], entry["method"]) == ("/v1/notices", 422, "GET")
    assert isinstance(entry["duration_ms"], float)
    assert entry["level"] == "info" and entry["time"].endswith("+00:00")


def test_the_log_names_the_path_but_never_the_query_string(city_client, caplog):
    with caplog.at_level(logging.INFO, logger="zugong_stats.request"):
        city_client.get("/v1/notices", params={"period_kind": "month", "start": "2026-10-01",
                                               "scope_unit_id": "1", "tie_breakers": "secret-looking-value"})
        city_client.get("/v1/notices", params={"access_token": "leaked-if-logged"}, headers={"Authorization": ""})
    lines = [JsonFormatter().format(record) for record in caplog.records if record.name == "zugong_stats.request"]
    assert len(lines) == 2
    for line in lines:
        entry = json.loads(line)
        assert entry["path"] == "/v1/notices" and "query" not in entry
        assert "secret-looking-value" not in line and "leaked-if-logged" not in line and "2026-10-01" not in line
