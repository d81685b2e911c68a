"""Starting the service: refusal against an unknown contract, the command line, health."""
import os
import subprocess
import sys
import uuid

import pytest
from fastapi.testclient import TestClient

from harness import connect, settings_for
from zugong_stats.app import create_app
from zugong_stats.cli import main
from zugong_stats.contract import ContractError
from zugong_stats.sandbox import sandbox_sql


def test_application_startup_fails_against_an_unknown_contract_version(databases):
    with pytest.raises(ContractError, match="versions v3; this service reads v2 only"):
        with TestClient(create_app(settings_for(databases.create(versions=["v3"])))):
            pass


def run_cli(dbname, *arguments, **environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZUGONG_STATS_")}
    env.update({"ZUGONG_STATS_DSN": f"dbname={dbname}", "ZUGONG_STATS_TOKEN": "x",
                "ZUGONG_STATS_PORT": "1", **environment})
    return subprocess.run([sys.executable, "-m", "zugong_stats", *arguments], env=env,
                          capture_output=True, text=True, timeout=120)


def test_command_refuses_to_serve_an_unknown_contract_version_with_a_clear_message(databases):
    result = run_cli(databases.create(versions=["v3"]), "serve")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "zugong-stats: refusing to start: the database serves reporting contract versions v3; "
        "this service reads v2 only")


def test_command_refuses_to_serve_views_that_do_not_match(databases):
    dbname = databases.create(contract_sql=sandbox_sql() + "DROP VIEW zugong_reporting.zugong_quota_v2;")
    result = run_cli(dbname, "serve")
    assert result.returncode == 2
    assert "refusing to start" in result.stderr and "view zugong_quota_v2 is missing" in result.stderr


def test_command_refuses_to_serve_without_a_token(city_db):
    result = run_cli(city_db, "serve", ZUGONG_STATS_TOKEN="")
    assert result.returncode == 2
    assert "ZUGONG_STATS_TOKEN" in result.stderr


def test_command_refuses_a_bad_setting(city_db):
    result = run_cli(city_db, "check", ZUGONG_STATS_POOL_MAX="many")
    assert result.returncode == 2
    assert "ZUGONG_STATS_POOL_MAX" in result.stderr


def test_check_command(city_db, databases):
    result = run_cli(city_db, "check")
    assert (result.returncode, result.stdout.strip()) == (0, "the database serves reporting contract v2")
    result = run_cli(databases.create(contract_sql=sandbox_sql() + "DROP VIEW zugong_reporting.zugong_reporting_contract;"), "check")
    assert result.returncode == 2
    assert "zugong_reporting_contract is missing" in result.stderr


def test_health_ok_without_a_token(city_client):
    response = city_client.get("/health", headers={"Authorization": ""})
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "contract_version": "v2"}


def test_health_503_when_the_contract_changes_under_a_running_service(databases, client_for):
    dbname = databases.create()
    with client_for(dbname) as client:
        assert client.get("/health").status_code == 200
        with connect(dbname) as conn, conn.cursor() as cursor:
            cursor.execute("CREATE OR REPLACE VIEW zugong_reporting.zugong_reporting_contract AS SELECT 'v3'::text AS version")
        response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["code"] == "contract_mismatch"
        assert response.json()["status"] == "unavailable"


def test_service_runs_as_the_readonly_role_the_command_prints(city_db, client_for, capsys):
    role = f"zugong_stats_{uuid.uuid4().hex[:8]}"
    assert main(["grant-readonly-sql", "--role", role, "--database", city_db]) == 0
    with connect(city_db) as conn, conn.cursor() as cursor:
        cursor.execute(capsys.readouterr().out)
    try:
        with client_for(city_db, dsn=f"dbname={city_db} user={role}") as client:
            assert client.get("/health").status_code == 200
            response = client.get("/v1/notices", params={"period_kind": "month", "start": "2026-10-01",
                                                         "scope_unit_id": 1})
            assert response.status_code == 200
            assert response.json()["rows"][0]["unit_id"] == 2
    finally:
        with connect(city_db) as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}; DROP ROLE {role}")
