"""A database that goes down, stops answering, is slow or is all taken: the service answers
503 with a JSON reason instead of hanging, and recovers when the database is back.

The service reaches PostgreSQL through a TCP proxy the tests control. Every HTTP request
has a generous client timeout, so a service that hung would fail the test rather than
stall it."""
import concurrent.futures
import os
import select
import socket
import threading

import httpx
import pytest

from harness import TOKEN, running_server, settings_for
from zugong_stats.sandbox import sandbox_sql

HANG_GUARD = 60  # seconds; far above every timeout the service is configured with here
QUERY = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": 1}


def server_address():
    host, port = os.environ["PGHOST"], int(os.environ.get("PGPORT", "5432"))
    if host.startswith("/"):
        return socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
    return socket.AF_INET, (host, port)


class DatabaseProxy:
    """127.0.0.1:<port> in front of the test server. down() closes everything (connection
    refused from then on), hang() keeps accepting and reading but never answers, up()
    forwards again."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.hanging = False
        self.sockets = []
        self.lock = threading.Lock()
        self._listen()

    def _listen(self):
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            family, address = server_address()
            upstream = socket.socket(family)
            upstream.connect(address)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client, upstream):
        pairs = {client: upstream, upstream: client}
        try:
            while True:
                readable, _, _ = select.select(list(pairs), [], [], 0.2)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    if not self.hanging:
                        pairs[source].sendall(data)
        except OSError:
            return

    def dsn(self, dbname):
        return f"host=127.0.0.1 port={self.port} dbname={dbname}"

    def hang(self):
        self.hanging = True

    def down(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets = []

    def up(self):
        self.hanging = False
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self._listen()


@pytest.fixture
def proxy():
    database_proxy = DatabaseProxy()
    yield database_proxy
    database_proxy.down()


def http(url):
    return httpx.Client(base_url=url, timeout=HANG_GUARD, headers={"Authorization": f"Bearer {TOKEN}"})


def test_database_down_gives_503_and_the_service_recovers(city_db, proxy):
    settings = settings_for(city_db, dsn=proxy.dsn(city_db), connect_timeout=2.0)
    with running_server(settings) as url, http(url) as client:
        assert client.get("/v1/notices", params=QUERY).status_code == 200

        proxy.down()
        response = client.get("/v1/notices", params=QUERY)
        assert response.status_code == 503
        assert response.json()["code"] == "database_unavailable"
        assert response.headers["retry-after"] == "5"
        health = client.get("/health")
        assert (health.status_code, health.json()["code"]) == (503, "database_unavailable")

        proxy.up()
        assert client.get("/v1/notices", params=QUERY).status_code == 200
        assert client.get("/health").status_code == 200


def test_database_that_stops_answering_gives_503(city_db, proxy):
    settings = settings_for(city_db, dsn=proxy.dsn(city_db), connect_timeout=1.0,
                            statement_timeout=1.0)
    with running_server(settings) as url, http(url) as client:
        assert client.get("/v1/notices", params=QUERY).status_code == 200
        proxy.hang()
        # The pooled connection waits for an answer that never comes; so does a new one.
        for _attempt in range(2):
            response = client.get("/v1/notices", params=QUERY)
            assert response.status_code == 503
            assert response.json()["code"] in ("database_timeout", "database_unavailable")


@pytest.fixture(scope="module")
def slow_db(databases):
    """The contract with a unit view that takes 30 seconds to answer."""
    return databases.create(contract_sql=sandbox_sql() + """
        INSERT INTO zugong_unit_v2_data VALUES (1, 1, NULL, '1/', 'JZ', '江州市', '江州市', 'other', NULL, NULL, true, NULL);
        CREATE OR REPLACE VIEW zugong_reporting.zugong_unit_v2 AS
        SELECT unit_id, company_id, parent_id, parent_path, code, name, path, kind, category_id,
               category_name, active, category_sequence
          FROM zugong_unit_v2_data CROSS JOIN pg_sleep(30) AS pause;
    """)


def test_slow_query_is_cancelled_at_the_statement_timeout_with_503(slow_db):
    settings = settings_for(slow_db, statement_timeout=0.5)
    with running_server(settings) as url, http(url) as client:
        assert client.get("/health").status_code == 200
        response = client.get("/v1/notices", params=QUERY)
        assert response.status_code == 503
        assert response.json()["code"] == "database_timeout"
        assert "超时" in response.json()["message"]


def test_all_connections_taken_gives_503_after_the_pool_timeout(slow_db):
    settings = settings_for(slow_db, pool_min=1, pool_max=1, pool_timeout=0.5, statement_timeout=3.0)
    with running_server(settings) as url, http(url) as client:
        with concurrent.futures.ThreadPoolExecutor(3) as executor:
            responses = list(executor.map(lambda _n: client.get("/v1/notices", params=QUERY), range(3)))
    codes = sorted(response.json()["code"] for response in responses)
    # One request holds the only connection until its statement times out; the others
    # give up waiting for it.
    assert codes == ["database_busy", "database_busy", "database_timeout"]
