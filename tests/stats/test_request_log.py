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
