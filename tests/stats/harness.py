"""The test server and the service under test: databases with the reporting contract on
the PostgreSQL named by PGHOST/PGPORT/PGUSER (scripts/test starts a throwaway cluster and
exports them), notices computed on them, settings and clients of the service, and the
service running in a thread (running_server)."""
import contextlib
import datetime
import os
import uuid

import psycopg2
import pytest
from fastapi.testclient import TestClient

from zugong_stats.app import create_app
from zugong_stats.config import Settings
from zugong_stats.contract import load_contract
from zugong_stats.notice import NoticeRequest, RankWithin, Subject, UnitKind, build_notice, query_notice
from zugong_stats.periods import Period
from zugong_stats.sandbox import sandbox_sql
from zugong_stats.testing import running_server  # noqa: F401 - the tests take it from here

TOKEN = "test-token"


def server_dsn(dbname="postgres"):
    if not os.environ.get("PGHOST"):
        pytest.fail("PGHOST is not set: run the tests with scripts/test, which starts PostgreSQL")
    # Host, port and user come from PGHOST/PGPORT/PGUSER.
    return f"dbname={dbname}"


@contextlib.contextmanager
def connect(dbname, autocommit=True):
    conn = psycopg2.connect(server_dsn(dbname))
    conn.autocommit = autocommit
    try:
        yield conn
    finally:
        conn.close()


class Databases:
    """Creates databases on the test server and drops them all at the end."""

    def __init__(self):
        self.names = []

    def create(self, versions=None, load=None, contract_sql=None):
        name = f"zugong_stats_test_{uuid.uuid4().hex[:10]}"
        with connect("postgres") as conn, conn.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        self.names.append(name)
        with connect(name) as conn, conn.cursor() as cursor:
            cursor.execute(contract_sql if contract_sql is not None else sandbox_sql(versions))
            if load:
                load(cursor)
        return name

    def drop_all(self):
        with connect("postgres") as conn, conn.cursor() as cursor:
            for name in self.names:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def notice_request(period_kind="month", start="2026-10-01", scope_unit_id=1, subject="units",
                   kind=None, rollup=False, tie_breakers=(), rank_within="all"):
    return NoticeRequest(Period.aligned(period_kind, datetime.date.fromisoformat(start)),
                         scope_unit_id, Subject(subject), UnitKind(kind) if kind else None,
                         rollup, tuple(tie_breakers), RankWithin(rank_within))


def compute_notice(dbname, from_totals=None, **parameters):
    """The notice as the service answers it in JSON, computed without HTTP (from_totals:
    see zugong_stats.notice.build_notice_sql)."""
    request = notice_request(**parameters)
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(f"SET search_path = {load_contract()['schema']}")
        scope, rows = query_notice(cursor, request, from_totals)
    return build_notice(request, scope, rows)


def settings_for(dbname, **overrides):
    values = {"dsn": server_dsn(dbname), "token": TOKEN, "pool_min": 1, "pool_max": 4,
              "pool_timeout": 2.0, "connect_timeout": 2.0, "statement_timeout": 10.0}
    values.update(overrides)
    return Settings(**values)


@contextlib.contextmanager
def open_client(dbname, **overrides):
    """A TestClient of the started service (its contract check passed), with the token."""
    with TestClient(create_app(settings_for(dbname, **overrides))) as client:
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client
