"""Answers kept per version of the data: a repeated notice is served as it was encoded,
never after the data changed; concurrent requests for the same notice compute it once;
memory is bounded by bytes; ZUGONG_STATS_CACHE_MB=0 keeps nothing."""
import concurrent.futures
import io
import threading
import time

import openpyxl
import pytest

import city
from harness import compute_notice, connect, open_client
from zugong_stats import app as app_module
from zugong_stats.sandbox import fill_totals_sql

QUERY = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": 1}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture()
def cache_db(databases, quiet_cluster):
    """A city of its own (the tests change its data), analyzed, then vacuumed (the
    catalog's replaced statistics too, which a query's planning would otherwise prune,
    writing WAL), so that nothing but the tests writes WAL meanwhile."""
    dbname = databases.create(load=city.load)
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("VACUUM")
    return dbname


@pytest.fixture()
def quiet_cluster():
    """No autovacuum in the whole cluster while a test runs. A snapshot is the cluster's:
    an automatic ANALYZE of any database commits a transaction, and the next request
    would rightly miss."""
    with connect("postgres") as conn, conn.cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET autovacuum = off")
        cursor.execute("SELECT pg_reload_conf()")
        time.sleep(0.2)  # the launcher reads the setting when it next wakes
        deadline = time.monotonic() + 60
        while True:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
            if not cursor.fetchone()[0] or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        try:
            yield
        finally:
            cursor.execute("ALTER SYSTEM RESET autovacuum")
            cursor.execute("SELECT pg_reload_conf()")


@pytest.fixture()
def computations(monkeypatch):
    """The notices computed (calls of query_notice by the service), counted."""
    calls = []
    lock = threading.Lock()
    original = app_module.query_notice

    def counted(cursor, request, *args, **kwargs):
        with lock:
            calls.append(request)
        return original(cursor, request, *args, **kwargs)

    monkeypatch.setattr(app_module, "query_notice", counted)
    return calls


def add_points(dbname, unit_id, points, synchronous_commit="off"):
    """A score line of October, committed with the monthly totals (as Odoo keeps them)."""
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("SET synchronous_commit = %s", (synchronous_commit,))
        cursor.execute("INSERT INTO zugong_score_line_v2_data SELECT max(line_id) + 1, %s, 'unit', %s, NULL, "
                       "'2026-10-10', %s, 'adoption', NULL, NULL FROM zugong_score_line_v2_data;"
                       + fill_totals_sql(), (city.COMPANY, unit_id, points))


def add_adoption(dbname, item_id, level):
    """An adoption of October, committed with the monthly totals."""
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("INSERT INTO zugong_adoption_v2_data SELECT max(adoption_id) + 1, %s, %s, 1, "
                       "'江州组工信息', %s, 'full', '2026-10-25' FROM zugong_adoption_v2_data;"
                       + fill_totals_sql(), (city.COMPANY, item_id, level))


def scores(notice):
    return {row["unit_id"]: row["score"] for row in notice["rows"]}


def get(client, accept="application/json", **parameters):
    response = client.get("/v1/notices", params=dict(QUERY, **parameters), headers={"Accept": accept})
    assert response.status_code == 200, response.text
    return response


def test_a_repeated_notice_is_served_from_the_cache_as_it_was_encoded(cache_db, computations):
    with open_client(cache_db) as client:
        first = get(client)
        assert first.headers["X-Zugong-Cache"] == "miss"
        version = first.headers["X-Zugong-Data-Version"]
        assert "/" in version  # a WAL position, e.g. 0/1A2B3C8
        second = get(client)
        assert second.headers["X-Zugong-Cache"] == "hit"
        assert second.headers["X-Zugong-Data-Version"] == version
        assert second.content == first.content
        assert second.headers["content-type"] == "application/json"
        assert first.json() == compute_notice(cache_db)
    assert len(computations) == 1


def test_the_xlsx_is_rendered_once_from_the_kept_answer(cache_db, computations, monkeypatch):
    renders = []
    original = app_module.render_notice_xlsx
    monkeypatch.setattr(app_module, "render_notice_xlsx", lambda notice: renders.append(1) or original(notice))
    with open_client(cache_db) as client:
        answer = get(client)
        first = get(client, XLSX)
        assert first.headers["X-Zugong-Cache"] == "miss"  # the figures kept, the file rendered now
        second = get(client, XLSX)
        assert second.headers["X-Zugong-Cache"] == "hit"
        assert second.content == first.content
        assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
        assert get(client).content == answer.content
        sheet = openpyxl.load_workbook(io_bytes(second.content)).active
        assert sheet["A1"].value == answer.json()["title"]
    assert (len(computations), len(renders)) == (1, 1)


def io_bytes(content):
    return io.BytesIO(content)


def test_after_a_change_of_the_data_the_next_request_misses_and_shows_it(cache_db, computations):
    with open_client(cache_db) as client:
        before = get(client)
        assert get(client).headers["X-Zugong-Cache"] == "hit"

        add_points(cache_db, 4, 100)
        after = get(client)
        assert after.headers["X-Zugong-Cache"] == "miss"
        assert after.headers["X-Zugong-Data-Version"] != before.headers["X-Zugong-Data-Version"]
        assert scores(after.json())[4] == scores(before.json())[4] + 100
        assert after.json() == compute_notice(cache_db)

        add_adoption(cache_db, 208, "province")
        adopted = get(client)
        assert adopted.headers["X-Zugong-Cache"] == "miss"
        row = {row["unit_id"]: row for row in adopted.json()["rows"]}[4]
        assert row["adoptions_province"] == {r["unit_id"]: r for r in after.json()["rows"]}[4]["adoptions_province"] + 1
        assert adopted.json() == compute_notice(cache_db)
        # The xlsx of the new figures, not of the kept ones.
        sheet = openpyxl.load_workbook(io_bytes(get(client, XLSX).content)).active
        assert any(cell == scores(adopted.json())[4] for row in sheet.iter_rows(values_only=True)
                   for cell in row if row[1] == "新港区委组织部")
    assert len(computations) == 3


def wal_position(dbname):
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def test_on_a_primary_wal_written_without_a_commit_keeps_the_answer(cache_db, computations):
    """A checkpoint, a vacuum and a WAL message write WAL but commit nothing: the
    snapshot is the same, and so is the answer; a commit after them still misses."""
    with open_client(cache_db) as client:
        first = get(client)
        assert first.headers["X-Zugong-Cache"] == "miss"
        before = wal_position(cache_db)
        with connect(cache_db) as conn, conn.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            cursor.execute("VACUUM (FREEZE) zugong_score_line_v2_data")
            cursor.execute("SELECT pg_logical_emit_message(false, 'zugong-test', 'no commit')")
            cursor.execute("SELECT pg_current_wal_insert_lsn() > %s::pg_lsn", (before,))
            assert cursor.fetchone()[0], "WAL was written"
        second = get(client)
        assert second.headers["X-Zugong-Cache"] == "hit"
        assert second.content == first.content
        assert second.headers["X-Zugong-Data-Version"] == first.headers["X-Zugong-Data-Version"]

        add_points(cache_db, 4, 100)
        third = get(client)
        assert third.headers["X-Zugong-Cache"] == "miss"
        assert scores(third.json())[4] == scores(first.json())[4] + 100
        assert third.json() == compute_notice(cache_db)
    assert len(computations) == 2


def test_a_transaction_still_running_or_rolled_back_changes_no_answer(cache_db, computations):
    """A transaction that writes is invisible while it runs (its id is at or past the
    snapshot's xmax, or listed as running), and once rolled back: the answer is the one
    of before, kept or computed again (its end moves the next snapshot), never its
    changes."""
    with open_client(cache_db) as client:
        first = get(client)
        with connect(cache_db, autocommit=False) as conn, conn.cursor() as cursor:
            cursor.execute("UPDATE zugong_score_line_v2_data SET points = points + 1000 WHERE unit_id = 4")
            assert cursor.rowcount > 0
            during = get(client)
            assert during.content == first.content
            conn.rollback()
        after = get(client)
        assert after.content == first.content
        assert after.json() == compute_notice(cache_db)


def test_a_reinitialised_server_keeps_no_answer_of_before(cache_db, computations):
    """After a crash, PostgreSQL reinitialises (its start time stays) and discards its
    shared statistics; recovery may hand out transaction ids again and repeat a snapshot:
    the answers kept before are not served. Resetting the archiver's statistics stands
    for the reinitialisation here."""
    with open_client(cache_db) as client:
        first = get(client)
        with connect(cache_db) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT pg_stat_reset_shared('archiver')")
        second = get(client)
        assert second.headers["X-Zugong-Cache"] == "miss"
        assert second.content == first.content
    assert len(computations) == 2


def test_a_commit_becoming_visible_without_new_wal_is_not_missed(cache_db, computations):
    """A transaction whose commit record is written before the version is read but which
    the answer's snapshot does not see yet (here: its commit waits for a synchronous
    standby that never answers, then is released, which writes no WAL): the next
    request sees it, although the WAL position may not have moved."""
    with connect("postgres") as admin, admin.cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET synchronous_standby_names = 'nobody_answers'")
        cursor.execute("SELECT pg_reload_conf()")
    writer = threading.Thread(target=add_points, args=(cache_db, 4, 100, "on"))
    try:
        with open_client(cache_db) as client, connect(cache_db) as conn, conn.cursor() as cursor:
            before = get(client)
            writer.start()
            waiting = None
            for _attempt in range(200):
                cursor.execute("SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' "
                               "AND datname = current_database()")
                waiting = cursor.fetchone()
                if waiting:
                    break
                time.sleep(0.05)
            assert waiting, "the commit did not wait for the synchronous standby"
            during = get(client)
            assert scores(during.json()) == scores(before.json())
            cursor.execute("SELECT pg_cancel_backend(%s)", waiting)
            writer.join(10)
            assert not writer.is_alive()
            after = get(client)
            assert after.headers["X-Zugong-Cache"] == "miss"
            assert scores(after.json())[4] == scores(before.json())[4] + 100
            assert after.json() == compute_notice(cache_db)
    finally:
        with connect("postgres") as admin, admin.cursor() as cursor:
            cursor.execute("ALTER SYSTEM RESET synchronous_standby_names")
            cursor.execute("SELECT pg_reload_conf()")
        if writer.is_alive():
            writer.join(10)


def test_different_parameters_are_different_answers(cache_db, computations):
    variants = [{}, {"subject": "people"}, {"kind": "county"}, {"rollup": "true"},
                {"tie_breakers": "items_submitted"}, {"tie_breakers": "items_submitted,adoptions_total"},
                {"tie_breakers": "adoptions_total,items_submitted"}, {"rank_within": "kind"},
                {"rank_within": "category"}, {"period_kind": "quarter"}, {"scope_unit_id": 2}]
    with open_client(cache_db) as client:
        answers = [get(client, **variant) for variant in variants]
        assert [answer.headers["X-Zugong-Cache"] for answer in answers] == ["miss"] * len(variants)
        assert len({answer.content for answer in answers}) == len(variants)
        # The same request spelled otherwise (the period's end given, spaces in the
        # tie-breakers) is the same answer.
        same = [get(client, end="2026-10-31"), get(client, tie_breakers=" items_submitted ")]
        assert [answer.headers["X-Zugong-Cache"] for answer in same] == ["hit", "hit"]
        assert same[0].content == answers[0].content and same[1].content == answers[4].content
        again = [get(client, **variant) for variant in variants]
        assert [answer.content for answer in again] == [answer.content for answer in answers]
        assert {answer.headers["X-Zugong-Cache"] for answer in again} == {"hit"}
    assert len(computations) == len(variants)


def test_an_unknown_unit_is_not_kept(cache_db, computations):
    with open_client(cache_db) as client:
        for _attempt in range(2):
            response = client.get("/v1/notices", params=dict(QUERY, scope_unit_id=999))
            assert response.status_code == 404 and response.json()["code"] == "unknown_unit"
    assert len(computations) == 2


def test_concurrent_identical_requests_compute_the_notice_once(cache_db, computations, monkeypatch):
    started = threading.Event()
    release = threading.Event()
    counted = app_module.query_notice

    def slow(cursor, request, *args, **kwargs):
        # The first computation waits until every other request has arrived.
        started.set()
        release.wait(10)
        return counted(cursor, request, *args, **kwargs)

    monkeypatch.setattr(app_module, "query_notice", slow)
    with open_client(cache_db, pool_max=4) as client:
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            futures = [pool.submit(get, client) for _request in range(20)]
            assert started.wait(10)
            time.sleep(1.0)  # the others are waiting for the one computing
            release.set()
            responses = [future.result() for future in futures]
    assert len(computations) == 1
    assert len({response.content for response in responses}) == 1
    hows = sorted(response.headers["X-Zugong-Cache"] for response in responses)
    assert hows.count("miss") == 1 and set(hows) <= {"miss", "shared", "hit"}
    assert hows.count("shared") >= 1


def test_those_waiting_get_the_error_of_the_one_computing(cache_db, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def failing(cursor, request, *args, **kwargs):
        started.set()
        release.wait(10)
        cursor.execute("SELECT pg_sleep(5)")  # beyond the statement timeout

    monkeypatch.setattr(app_module, "query_notice", failing)
    with open_client(cache_db, statement_timeout=0.5) as client:
        with concurrent.futures.ThreadPoolExecutor(5) as pool:
            futures = [pool.submit(client.get, "/v1/notices", params=QUERY) for _request in range(5)]
            assert started.wait(10)
            time.sleep(0.5)
            release.set()
            responses = [future.result() for future in futures]
        assert {(response.status_code, response.json()["code"]) for response in responses} == {
            (503, "database_timeout")}
        monkeypatch.undo()
        # Nothing was kept: the next request computes the notice.
        response = client.get("/v1/notices", params=QUERY)
        assert response.status_code == 200 and response.headers["X-Zugong-Cache"] == "miss"


def test_the_bound_in_bytes_evicts_the_least_recently_used(cache_db, computations):
    with open_client(cache_db) as client:
        sizes = {variant: len(get(client, subject=variant).content) for variant in ("units", "people")}
        cache = client.app.state.cache
        assert cache.bytes >= sum(sizes.values())
    # A bound that holds one answer but not two (1 MB, the smallest, is far more than the
    # city's answers: the bound is set in bytes here).
    with open_client(cache_db) as client:
        cache = client.app.state.cache
        cache.max_bytes = max(sizes.values()) + 1024 + min(sizes.values()) // 2
        computations.clear()
        get(client, subject="units")
        get(client, subject="people")  # the units' answer goes out
        assert len(cache) == 1 and cache.bytes <= cache.max_bytes
        assert get(client, subject="people").headers["X-Zugong-Cache"] == "hit"
        assert get(client, subject="units").headers["X-Zugong-Cache"] == "miss"
        assert get(client, subject="people").headers["X-Zugong-Cache"] == "miss"
        assert len(computations) == 4
        # The xlsx rendered later counts too: an answer growing past the bound goes out.
        cache.max_bytes = sizes["people"] + 1024 + 100
        get(client, subject="people")
        assert len(cache) == 1
        get(client, XLSX, subject="people")
        assert len(cache) == 0 and cache.bytes == 0


def test_the_cache_megabytes_setting_bounds_it(cache_db):
    with open_client(cache_db, cache_mb=3) as client:
        assert client.app.state.cache.max_bytes == 3 * 1024 * 1024


def test_zero_megabytes_keeps_nothing(cache_db, computations):
    with open_client(cache_db, cache_mb=0) as client:
        responses = [get(client) for _request in range(3)]
        assert [response.headers["X-Zugong-Cache"] for response in responses] == ["off"] * 3
        assert "X-Zugong-Data-Version" not in responses[0].headers
        assert len({response.content for response in responses}) == 1
        xlsx = [get(client, XLSX) for _request in range(2)]
        assert [response.headers["X-Zugong-Cache"] for response in xlsx] == ["off"] * 2
        answer = responses[0].json()
        posted = [client.post("/v1/notices/xlsx", json=answer) for _request in range(2)]
        assert [response.headers["X-Zugong-Cache"] for response in posted] == ["off"] * 2
        assert len(client.app.state.cache) == 0
    assert len(computations) == 5


def test_the_xlsx_of_a_notice_sent_back_is_rendered_once_per_body(cache_db, monkeypatch):
    renders = []
    original = app_module.render_notice_xlsx
    monkeypatch.setattr(app_module, "render_notice_xlsx", lambda notice: renders.append(1) or original(notice))
    with open_client(cache_db) as client:
        answer = get(client).json()
        first = client.post("/v1/notices/xlsx", json=answer)
        second = client.post("/v1/notices/xlsx", json=answer)
        assert (first.status_code, second.status_code) == (200, 200)
        assert [first.headers["X-Zugong-Cache"], second.headers["X-Zugong-Cache"]] == ["miss", "hit"]
        assert second.content == first.content
        assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
        # Another body is another file; a bad body is still refused.
        changed = dict(answer, title="另一份通报")
        third = client.post("/v1/notices/xlsx", json=changed)
        assert third.headers["X-Zugong-Cache"] == "miss"
        assert openpyxl.load_workbook(io_bytes(third.content)).active["A1"].value == "另一份通报"
        refused = client.post("/v1/notices/xlsx", json=dict(answer, contract_version="v1"))
        assert refused.status_code == 422
    assert len(renders) == 2
