"""The stats service's threat model, tried.

- Its database role, connected as itself: it selects the contract's views and nothing
  else, and creates nothing anywhere in the database (tables, functions, schemas,
  temporary tables, large objects), even after switching its read-only default off.
- Over HTTP: nothing is read before the token (a request body included), a body is
  bounded, dates out of the supported range and ids out of range get a 422, not a 500.
"""
import contextlib
import io
import json
import socket
import time
import urllib.parse
import uuid

import httpx
import psycopg2
import psycopg2.errors
import pytest

import city
from harness import TOKEN, connect, running_server, settings_for
from zugong_stats.cache import SNAPSHOT_SQL
from zugong_stats.cli import main
from zugong_stats.contract import check_contract, contract_relations, load_contract, qualified
from zugong_stats.db import DATA_VERSION_SQL
from zugong_stats.sandbox import data_table

CONTRACT = load_contract()
SCHEMA = CONTRACT["schema"]
UNIT_VIEW = qualified("zugong_unit_v2")
UNIT_TABLE = f"public.{data_table('zugong_unit_v2')}"

# What the role tries once it has switched its read-only default off; each is refused by
# its privileges.
ATTACKS = {
    "a table in public": "CREATE TABLE public.stolen (id integer)",
    "a table on its search path": "CREATE TABLE stolen (id integer)",
    "a table beside the views": f"CREATE TABLE {SCHEMA}.stolen (id integer)",
    "a table from a query": "CREATE TABLE public.stolen AS SELECT 1 AS id",
    "a view in public": "CREATE VIEW public.stolen AS SELECT 1 AS id",
    "a function in public": "CREATE FUNCTION public.stolen() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    "a function beside the views": f"CREATE FUNCTION {SCHEMA}.stolen() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    "a schema": "CREATE SCHEMA stolen",
    "a temporary table": "CREATE TEMP TABLE stolen (id integer)",
    "a temporary function": "CREATE FUNCTION pg_temp.stolen() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    "a large object": "SELECT lo_create(0)",
    "a large object (old call)": "SELECT lo_creat(-1)",
    "a large object from bytes": "SELECT lo_from_bytea(0, 'stolen')",
    "an extension": "CREATE EXTENSION IF NOT EXISTS hstore",
    "a publication": "CREATE PUBLICATION stolen",
    "a role": "CREATE ROLE stolen",
    "insert into a view": f"INSERT INTO {UNIT_VIEW} (unit_id, company_id, name) VALUES (99, 1, 'stolen')",
    "update a view": f"UPDATE {UNIT_VIEW} SET name = 'stolen'",
    "delete from a view": f"DELETE FROM {UNIT_VIEW}",
    "replace a view": f"CREATE OR REPLACE VIEW {UNIT_VIEW} AS SELECT * FROM {UNIT_TABLE}",
    "rename a view": f"ALTER VIEW {UNIT_VIEW} RENAME TO stolen",
    "drop a view": f"DROP VIEW {UNIT_VIEW}",
    "read a table behind the views": f"SELECT * FROM {UNIT_TABLE}",
    "update a table behind the views": f"UPDATE {UNIT_TABLE} SET name = 'stolen'",
    "write a server file": f"COPY (SELECT * FROM {UNIT_VIEW}) TO '/tmp/stolen.csv'",
}


@pytest.fixture(scope="module")
def secured_db(databases):
    return databases.create(load=city.load)


def database_state(dbname):
    """What the attacks could have changed: relations, functions and schemas named
    stolen, large objects, the units' rows and the views."""
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("""
            SELECT (SELECT count(*) FROM pg_class WHERE relname = 'stolen'),
                   (SELECT count(*) FROM pg_proc WHERE proname = 'stolen'),
                   (SELECT count(*) FROM pg_namespace WHERE nspname = 'stolen'),
                   (SELECT count(*) FROM pg_largeobject_metadata),
                   (SELECT count(*) FROM pg_extension WHERE extname = 'hstore'),
                   (SELECT count(*) FROM pg_publication),
                   (SELECT count(*) FROM pg_roles WHERE rolname = 'stolen')
        """)
        catalog = cursor.fetchone()
        cursor.execute(f"SELECT md5(string_agg(t::text, ',' ORDER BY unit_id)) FROM {UNIT_TABLE} t")
        units = cursor.fetchone()
        cursor.execute("SELECT string_agg(pg_get_viewdef(to_regclass(name)), ';' ORDER BY name) "
                       "FROM unnest(%s::text[]) AS name", ([qualified(name) for name in contract_relations()],))
        views = cursor.fetchone()
    return catalog, units, views


@contextlib.contextmanager
def as_role(dbname, role):
    """A connection as the role itself, as the service (or anyone with its password)
    logs in."""
    conn = psycopg2.connect(dbname=dbname, user=role)
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture(scope="module")
def role(secured_db):
    """The read-only role the command prints, run by the database's owner."""
    name = f"zugong_stats_{uuid.uuid4().hex[:8]}"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["grant-readonly-sql", "--role", name, "--database", secured_db,
                     "--password", "not-used-with-trust"]) == 0
    with connect(secured_db) as conn, conn.cursor() as cursor:
        cursor.execute(printed.getvalue())
    yield name
    with connect(secured_db) as conn, conn.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"; DROP ROLE "{name}"')


def test_the_role_selects_every_contract_view(secured_db, role):
    with as_role(secured_db, role) as conn, conn.cursor() as cursor:
        assert check_contract(cursor) == "v2"
        for relation in contract_relations():
            cursor.execute(f"SELECT count(*) FROM {qualified(relation)}")
            assert cursor.fetchone()[0] >= 1, relation
        cursor.execute("SHOW default_transaction_read_only")
        assert cursor.fetchone()[0] == "on"


def test_the_role_reads_the_data_version_answers_are_kept_by(secured_db, role):
    """The WAL position, the server's start and reinitialisation and the snapshot that
    key the service's kept answers are every role's to read: the role needs no grant for
    them."""
    with as_role(secured_db, role) as conn, conn.cursor() as cursor:
        cursor.execute(DATA_VERSION_SQL)
        position, key = cursor.fetchone()
        assert "/" in position
        assert key.startswith("primary ") and len(key.split(" ")) >= 3
        conn.autocommit = False
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        cursor.execute(SNAPSHOT_SQL)
        assert ":" in cursor.fetchone()[0]
        conn.rollback()


def test_the_role_holds_no_privilege_but_reading_the_views(secured_db, role):
    with connect(secured_db) as conn, conn.cursor() as cursor:
        cursor.execute("""
            SELECT table_schema, table_name, privilege_type FROM information_schema.role_table_grants
             WHERE grantee = %s ORDER BY table_name
        """, (role,))
        assert cursor.fetchall() == sorted(
            [(SCHEMA, name, "SELECT") for name in contract_relations()], key=lambda row: row[1])
        cursor.execute("""
            SELECT nspname, has_schema_privilege(%(role)s, oid, 'USAGE'), has_schema_privilege(%(role)s, oid, 'CREATE')
              FROM pg_namespace WHERE nspname IN ('public', %(schema)s) ORDER BY nspname
        """, {"role": role, "schema": SCHEMA})
        assert cursor.fetchall() == [("public", True, False), (SCHEMA, True, False)]
        cursor.execute("""
            SELECT has_database_privilege(%(role)s, current_database(), 'CREATE'),
                   has_database_privilege(%(role)s, current_database(), 'TEMPORARY'),
                   rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
              FROM pg_roles WHERE rolname = %(role)s
        """, {"role": role})
        assert cursor.fetchone() == (False, False, False, False, False, False, False)


@pytest.mark.parametrize("statement", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_role_writes_and_creates_nothing_even_read_write(secured_db, role, statement):
    before = database_state(secured_db)
    with as_role(secured_db, role) as conn, conn.cursor() as cursor:
        # The read-only default is the role's to switch off: the privileges must hold.
        cursor.execute("SET default_transaction_read_only = off")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(statement)
    assert database_state(secured_db) == before


def test_the_role_cannot_become_another(secured_db, role):
    with as_role(secured_db, role) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT rolname FROM pg_roles WHERE rolsuper LIMIT 1")
        superuser = cursor.fetchone()[0]
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f'SET ROLE "{superuser}"')
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f'SET SESSION AUTHORIZATION "{superuser}"')


def test_odoo_s_user_keeps_creating_where_every_role_no_longer_may(databases):
    """Odoo's user, when neither the database's owner nor a superuser, created its
    tables with what Odoo grants PUBLIC: run by a superuser for it (--owner), the SQL
    takes that from PUBLIC and leaves it to Odoo's user."""
    dbname = databases.create()
    app, reader = f"odoo_like_{uuid.uuid4().hex[:8]}", f"zugong_stats_{uuid.uuid4().hex[:8]}"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["grant-readonly-sql", "--role", reader, "--database", dbname, "--owner", app]) == 0
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{app}" LOGIN; GRANT CREATE ON SCHEMA public TO PUBLIC')
        cursor.execute(printed.getvalue())
    try:
        with as_role(dbname, app) as conn, conn.cursor() as cursor:
            cursor.execute("CREATE TABLE public.odoo_table (id integer)")
            cursor.execute("CREATE TEMP TABLE odoo_scratch (id integer)")
        with as_role(dbname, reader) as conn, conn.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = off")
            for statement in ("CREATE TABLE public.stolen (id integer)", "CREATE TEMP TABLE stolen (id integer)"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cursor.execute(statement)
    finally:
        with connect(dbname) as conn, conn.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS public.odoo_table; DROP OWNED BY "{app}", "{reader}"; '
                           f'DROP ROLE "{app}"; DROP ROLE "{reader}"')


def test_apply_creates_the_role_then_updates_it(secured_db, capsys):
    name = f"zugong_stats_{uuid.uuid4().hex[:8]}"
    try:
        for word in ("created", "updated"):
            assert main(["grant-readonly-sql", "--role", name, "--database", secured_db, "--apply"]) == 0
            assert f"read-only role {name} {word}" in capsys.readouterr().out
        with as_role(secured_db, name) as conn, conn.cursor() as cursor:
            assert check_contract(cursor) == "v2"
            cursor.execute("SET default_transaction_read_only = off")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cursor.execute("CREATE TABLE public.stolen (id integer)")
    finally:
        with connect(secured_db) as conn, conn.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"; DROP ROLE IF EXISTS "{name}"')


def test_apply_waits_for_the_contract_then_gives_up_clearly(databases, capsys):
    empty = databases.create(contract_sql="SELECT 1")
    started = time.monotonic()
    assert main(["grant-readonly-sql", "--role", "zugong_stats_never", "--database", empty,
                 "--apply", "--wait", "1"]) == 2
    assert time.monotonic() - started >= 1
    assert "not in database" in capsys.readouterr().err
    with connect(empty) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'zugong_stats_never'")
        assert cursor.fetchone()[0] == 0


def test_on_a_server_of_its_own_the_role_reaches_no_other_database(secured_db):
    """--close-other-databases (the run command's and the compose file's): no other
    database of the server lets the role in, where it could make temporary tables."""
    name = f"zugong_stats_{uuid.uuid4().hex[:8]}"
    with connect("postgres") as conn, conn.cursor() as cursor:
        cursor.execute("""
            SELECT datname FROM pg_database
             WHERE datallowconn AND datname <> %s AND (datacl IS NULL OR EXISTS (
                   SELECT 1 FROM aclexplode(datacl) acl WHERE acl.grantee = 0 AND acl.privilege_type = 'CONNECT'))
        """, (secured_db,))
        open_before = [row[0] for row in cursor.fetchall()]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["grant-readonly-sql", "--role", name, "--database", secured_db, "--apply",
                         "--close-other-databases"]) == 0
        with pytest.raises(psycopg2.OperationalError, match="permission denied for database"):
            psycopg2.connect(dbname="postgres", user=name).close()
        with as_role(secured_db, name) as conn, conn.cursor() as cursor:
            assert check_contract(cursor) == "v2"
    finally:
        with connect("postgres") as conn, conn.cursor() as cursor:
            for dbname in open_before:
                cursor.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{dbname}" TO PUBLIC')
        with connect(secured_db) as conn, conn.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"; DROP ROLE IF EXISTS "{name}"')


# ---------------------------------------------------------------------------- HTTP

LIMIT_MB = 1
GOOD = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": "1"}


@pytest.fixture(scope="module")
def service(city_db):
    with running_server(settings_for(city_db, max_body_mb=LIMIT_MB)) as url:
        yield url


@pytest.fixture
def http(service):
    with httpx.Client(base_url=service, timeout=30) as client:
        yield client


def raw_exchange(url, head, body=b"", timeout=10):
    """Sends the request head and the given part of a body, then reads the answer
    without sending more: (status, headers, body, seconds). A server that waited for
    the rest of the body would time out here."""
    address = urllib.parse.urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
        started = time.monotonic()
        sock.sendall(head + body)
        answer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
            head_end = answer.find(b"\r\n\r\n")
            if head_end >= 0:
                length = [int(line.split(b":", 1)[1]) for line in answer[:head_end].split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(answer) >= head_end + 4 + length[0]:
                    break
        seconds = time.monotonic() - started
    head_part, _, body_part = answer.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {key.lower(): value for key, value in headers.items()}, body_part, seconds


def post_head(path, length, token=None, chunked=False):
    lines = [f"POST {path} HTTP/1.1", "Host: stats", "Content-Type: application/json"]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def assert_json_error(body, code):
    error = json.loads(body)
    assert error["code"] == code
    assert any("\u4e00" <= char <= "\u9fff" for char in error["message"]), error["message"]
    return error


def test_a_large_body_without_the_token_is_refused_before_it_is_read(service):
    sixty_mb = 60 * 1024 * 1024
    status, headers, body, seconds = raw_exchange(
        service, post_head("/v1/notices/xlsx", sixty_mb), b"{" * 65536)
    assert status == 401 and headers["www-authenticate"] == "Bearer"
    assert_json_error(body, "unauthorized")
    assert seconds < 5, "answered without waiting for the body"


def test_a_body_that_is_not_json_without_the_token_is_401_not_422(http):
    response = http.post("/v1/notices/xlsx", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    response = http.post("/v1/notices/xlsx", content=b"{not json",
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_notice"


def test_a_body_declared_over_the_bound_is_413_before_it_is_read(service):
    status, _headers, body, seconds = raw_exchange(
        service, post_head("/v1/notices/xlsx", 60 * 1024 * 1024, token=TOKEN), b"{" * 1024)
    assert status == 413
    assert "1 MB" in assert_json_error(body, "body_too_large")["message"]
    assert seconds < 5


def test_a_chunked_body_over_the_bound_is_413(service):
    chunk = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT_MB * 16 + 1))
    status, _headers, body, _seconds = raw_exchange(
        service, post_head("/v1/notices/xlsx", None, token=TOKEN, chunked=True), chunks)
    assert status == 413
    assert_json_error(body, "body_too_large")


def test_a_body_within_the_bound_is_served(http):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    answer = http.get("/v1/notices", params=GOOD, headers=headers).json()
    response = http.post("/v1/notices/xlsx", json=answer, headers=headers)
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.parametrize("path", ["/v1/notices", "/v1/notices/xlsx", "/v1/anything", "/v2/notices", "/"])
def test_every_path_but_the_public_ones_needs_the_token(http, path):
    response = http.get(path, params=GOOD)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("path", ["/health", "/openapi.json", "/docs"])
def test_the_public_paths_read_no_data(http, path):
    response = http.get(path)
    assert response.status_code == 200
    assert "江州" not in response.text, "no unit's data without the token"


@pytest.mark.parametrize("changes, parameter", [
    ({"start": "9999-12-01"}, "start"),
    ({"start": "0001-01-01"}, "start"),
    ({"period_kind": "year", "start": "1000-01-01"}, "start"),
    ({"period_kind": "year", "start": "3000-01-01"}, "start"),
    ({"end": "9999-12-31"}, "end"),
    ({"start": "9999-12-01", "end": "9999-12-31"}, "start"),
])
def test_dates_out_of_the_supported_range_are_422_naming_the_parameter(http, changes, parameter):
    response = http.get("/v1/notices", params={**GOOD, **changes}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422, response.text
    error = assert_json_error(response.content, "date_out_of_range")
    assert error["parameter"] == parameter
    assert "1900-01-01" in error["message"] and "2999-12-31" in error["message"]


def test_the_edges_of_the_supported_range_are_served(http):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for query in ({"period_kind": "year", "start": "1900-01-01"}, {"start": "2999-12-01", "end": "2999-12-31"}):
        response = http.get("/v1/notices", params={**GOOD, **query}, headers=headers)
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("scope_unit_id", ["99999999999999999999", "2147483648", "0", "-1"])
def test_unit_ids_out_of_range_are_422(http, scope_unit_id):
    response = http.get("/v1/notices", params={**GOOD, "scope_unit_id": scope_unit_id},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422, response.text
    assert assert_json_error(response.content, "invalid_unit")["parameter"] == "scope_unit_id"


MALFORMED = {
    "a period start carrying a header": (("period", "start"), '2026-10-01"; filename="evil.exe', "period.start"),
    "a period start that is no day": (("period", "start"), "2026-02-30", "period.start"),
    "an unknown period kind": (("period", "kind"), "week", "period.kind"),
    "an unknown subject": (("subject",), "teams", "subject"),
    "an unknown unit kind": (("kind",), "village", "kind"),
    "an unknown tie-breaker": (("tie_breakers",), ["score"], "tie_breakers.0"),
}


@pytest.mark.parametrize("path, value, parameter", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_notice_sent_back_malformed_is_422_not_500(http, path, value, parameter):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    answer = http.get("/v1/notices", params=GOOD, headers=headers).json()
    target = answer
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    response = http.post("/v1/notices/xlsx", json=answer, headers=headers)
    assert response.status_code == 422, response.text
    assert assert_json_error(response.content, "invalid_notice")["parameter"] == parameter
