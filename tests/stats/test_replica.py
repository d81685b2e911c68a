"""The service reading a hot standby: a streaming replica of the test server, made with
pg_basebackup -R in the test cluster's directory, read as the read-only role. The notice
is the primary's once the standby has replayed; a standby further behind than
ZUGONG_STATS_MAX_REPLICA_LAG gets 503 (replica_lagging), never stale figures, whether
its replay is held up or it is cut off from its primary; an idle standby, whose last
replayed commit ages without any lag, answers."""
import contextlib
import getpass
import os
import time
import uuid

import psycopg2
import psycopg2.extensions
import pytest
from fastapi.testclient import TestClient

import city
from harness import TOKEN, Databases, compute_notice, connect
from zugong_stats.app import create_app
from zugong_stats.config import Settings
from zugong_stats.contract import readonly_role_sql
from zugong_stats.sandbox import fill_totals_sql
from zugong_stats.testing import hot_standby, wait_for_replay

BOUND = 1.0  # ZUGONG_STATS_MAX_REPLICA_LAG of the service under test, in seconds
QUERY = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": 1}


@pytest.fixture(scope="module")
def primary():
    host = os.environ.get("PGHOST", "")
    if not host.startswith("/"):
        pytest.skip("the standby is made in the test cluster's directory: PGHOST must be that directory")
    return {"host": host, "port": os.environ.get("PGPORT", "5432"), "user": os.environ.get("PGUSER") or getpass.getuser()}


@pytest.fixture(scope="module")
def standby(primary):
    with hot_standby(primary, primary["host"]) as parameters:
        yield parameters


@pytest.fixture(scope="module")
def replica(primary, standby):
    """The city, made on the primary once the standby streams from it, and the read-only
    role; (database, role) once the standby has replayed them."""
    databases = Databases()
    role = f"zugong_stats_{uuid.uuid4().hex[:8]}"
    dbname = databases.create(load=city.load)
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(readonly_role_sql(role, dbname))
    wait_for_replay(primary, standby)
    yield dbname, role
    databases.drop_all()
    with connect("postgres") as conn, conn.cursor() as cursor:
        cursor.execute(f'DROP ROLE "{role}"')


@contextlib.contextmanager
def service_on(standby, replica):
    """The service reading the standby as the read-only role, with the token."""
    dbname, role = replica
    dsn = psycopg2.extensions.make_dsn(host=standby["host"], port=standby["port"], user=role, dbname=dbname)
    settings = Settings(dsn=dsn, token=TOKEN, pool_min=1, pool_max=2, pool_timeout=5.0, connect_timeout=5.0,
                        statement_timeout=10.0, max_replica_lag=BOUND)
    with TestClient(create_app(settings)) as client:
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client


@contextlib.contextmanager
def superuser_on(parameters, dbname="postgres"):
    conn = psycopg2.connect(dbname=dbname, **parameters)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()


def scores(notice):
    return {row["unit_id"]: row["score"] for row in notice["rows"]}


def add_points(dbname, unit_id, points):
    """A score line of October committed on the primary, with the monthly totals in the
    same transaction (as Odoo's triggers keep them)."""
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("INSERT INTO zugong_score_line_v2_data SELECT max(line_id) + 1, %s, 'unit', %s, NULL, "
                       "'2026-10-10', %s, 'adoption', NULL, NULL FROM zugong_score_line_v2_data;"
                       + fill_totals_sql(), (city.COMPANY, unit_id, points))


def wait_until(condition, what, timeout=60):
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


def standby_state(standby):
    """(seconds since the last commit the standby replayed, WAL received but not replayed,
    WAL receiver connected)."""
    with superuser_on(standby) as cursor:
        cursor.execute("SELECT extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8, "
                       "pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn(), "
                       "EXISTS (SELECT FROM pg_stat_wal_receiver)")
        return cursor.fetchone()


def wait_for_receipt(primary, standby):
    """Until the standby has received (not necessarily replayed) all the primary wrote."""
    with superuser_on(primary) as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        target = cursor.fetchone()[0]

    def received():
        with superuser_on(standby) as cursor:
            cursor.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", (target,))
            return cursor.fetchone()[0]
    wait_until(received, "receiving the primary's WAL")


def assert_lagging(response, *words):
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] == "replica_lagging"
    assert "只读副本" in body["message"] and f"超过允许的 {BOUND:g} 秒" in body["message"]
    for word in words:
        assert word in body["message"]
    assert response.headers["Retry-After"]


def test_the_notice_on_the_standby_is_the_primarys_once_replayed(primary, standby, replica):
    dbname, _role = replica
    with service_on(standby, replica) as client:
        response = client.get("/v1/notices", params=QUERY)
        assert response.status_code == 200, response.text
        assert scores(response.json()) == scores(compute_notice(dbname)) != {}
        assert client.get("/health").json() == {"status": "ok", "contract_version": "v2"}

        add_points(dbname, 4, 100)
        wait_for_replay(primary, standby)
        response = client.get("/v1/notices", params=QUERY)
        assert response.status_code == 200, response.text
        assert scores(response.json())[4] == 125
        assert scores(response.json()) == scores(compute_notice(dbname))


def replayed(standby):
    with superuser_on(standby) as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        return cursor.fetchone()[0]


def lsn_order(standby, *positions):
    """Whether the WAL positions are in order (equal ones included)."""
    with superuser_on(standby) as cursor:
        cursor.execute("SELECT bool_and(a <= b) FROM (SELECT p::pg_lsn AS a, lead(p::pg_lsn) OVER (ORDER BY n) AS b "
                       "FROM unnest(%s::text[]) WITH ORDINALITY AS t(p, n)) pairs WHERE b IS NOT NULL",
                       (list(positions),))
        return cursor.fetchone()[0]


def test_on_the_standby_answers_are_kept_by_the_replayed_position(primary, standby, replica):
    """The standby cannot tell the primary's WAL position: the answers it serves are kept
    under the position it has replayed, read before the answer's snapshot, and a commit
    replayed afterwards is in the next answer."""
    dbname, _role = replica
    wait_for_replay(primary, standby)
    with service_on(standby, replica) as client:
        before = replayed(standby)
        first = client.get("/v1/notices", params=QUERY)
        between = replayed(standby)
        second = client.get("/v1/notices", params=QUERY)
        after = replayed(standby)
        assert first.status_code == second.status_code == 200, first.text
        version = first.headers["X-Zugong-Data-Version"]
        assert lsn_order(standby, before, version, between)
        if between == after:  # nothing replayed meanwhile (the primary is idle)
            assert second.headers["X-Zugong-Cache"] == "hit"
            assert second.headers["X-Zugong-Data-Version"] == version
            assert second.content == first.content

        add_points(dbname, 7, 5)
        with superuser_on(primary) as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            committed = cursor.fetchone()[0]
        wait_for_replay(primary, standby)
        third = client.get("/v1/notices", params=QUERY)
        assert third.status_code == 200, third.text
        assert third.headers["X-Zugong-Cache"] == "miss"
        assert lsn_order(standby, committed, third.headers["X-Zugong-Data-Version"])
        assert scores(third.json())[7] == scores(first.json())[7] + 5
        assert scores(third.json()) == scores(compute_notice(dbname))


def test_an_idle_standby_answers_however_old_its_last_replayed_commit(primary, standby, replica):
    wait_for_replay(primary, standby)
    # Nothing is written: the last replayed commit ages beyond the bound without any lag
    # (both at once: the server's background writes reach the standby at any time).
    def idle_and_old():
        age, behind, receiving = standby_state(standby)
        return age > 2 * BOUND and receiving and not behind
    wait_until(idle_and_old, "the last replayed commit ageing, with nothing left to replay")
    with service_on(standby, replica) as client:
        assert client.get("/v1/notices", params=QUERY).status_code == 200
        assert client.get("/health").status_code == 200


def test_a_standby_whose_replay_is_held_up_answers_503_not_stale_figures(primary, standby, replica):
    dbname, _role = replica
    with superuser_on(standby) as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        add_points(dbname, 9, 1000)
        wait_for_receipt(primary, standby)
        wait_until(lambda: standby_state(standby)[0] > BOUND, "the replay falling behind by the bound")
        assert standby_state(standby)[1:] == (True, True)
        # The service starts on a lagging standby, and refuses its notices until it is back.
        with service_on(standby, replica) as client:
            assert_lagging(client.get("/v1/notices", params=QUERY), "已同步的最新数据是")
            health = client.get("/health")
            assert health.status_code == 503 and health.json()["code"] == "replica_lagging"
            with superuser_on(standby) as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")
            wait_for_replay(primary, standby)
            response = client.get("/v1/notices", params=QUERY)
            assert response.status_code == 200, response.text
            assert scores(response.json())[9] == 1025
            assert scores(response.json()) == scores(compute_notice(dbname))
    finally:
        with superuser_on(standby) as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def set_primary_conninfo(cursor, conninfo):
    """The standby's connection to its primary (empty: none), taking effect at once."""
    cursor.execute("ALTER SYSTEM SET primary_conninfo = %s", (conninfo,))
    cursor.execute("SELECT pg_reload_conf()")


def test_a_standby_cut_off_from_its_primary_answers_503_beyond_the_bound(primary, standby, replica):
    dbname, _role = replica
    with superuser_on(standby) as cursor:
        cursor.execute("SHOW primary_conninfo")
        conninfo = cursor.fetchone()[0]
        assert conninfo
        set_primary_conninfo(cursor, "")
    try:
        wait_until(lambda: not standby_state(standby)[2], "the WAL receiver stopping")
        wait_until(lambda: standby_state(standby)[0] > BOUND, "the last replayed commit ageing")
        with service_on(standby, replica) as client:
            assert_lagging(client.get("/v1/notices", params=QUERY), "与主库的复制连接已中断")
            with superuser_on(standby) as cursor:
                set_primary_conninfo(cursor, conninfo)
            wait_until(lambda: standby_state(standby)[2], "the WAL receiver connecting again")
            add_points(dbname, 2, 1)
            wait_for_replay(primary, standby)
            response = client.get("/v1/notices", params=QUERY)
            assert response.status_code == 200, response.text
            assert scores(response.json()) == scores(compute_notice(dbname))
    finally:
        with superuser_on(standby) as cursor:
            set_primary_conninfo(cursor, conninfo)
