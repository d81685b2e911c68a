"""The year notice at several times a province's volume, on the primary and on a hot
standby streaming from it: what a national deployment's stats service reads. Prints
figures; asserts nothing.

A hot standby of the benchmark's PostgreSQL cluster is made first (pg_basebackup -R,
in the cluster's directory: the server must be a local cluster of this machine, as
`benchmarks/run` starts one), then the data is loaded on the primary:
benchmarks/stats_notice.py's province-year times --scale (10: 20,000 units, 200,000
people, 2,000,000 items, 3,000,000 adoptions, 10,000,000 score lines), into the sandbox
tables behind the contract views. Printed:

- the load: time, the WAL it wrote, the database's size, how far behind the standby
  fell while replaying it and how long it took to catch up;
- the year notice of the whole tree, medians of interleaved runs: the bare SQL
  aggregate (the floor) and the service's JSON and xlsx over HTTP, each on the primary
  and on the standby (the standby's with the replica-lag check of every request);
- a county's month notice, the same way (a small notice: the check's own cost shows);
- 20 concurrent year notices, and 20 concurrent month notices of a county each, on
  the standby;
- the people's year notice of the whole tree, once: its time and size.

    benchmarks/run national [--scale 10] [--repeat 5] [--concurrent 20] [--keep]
"""
import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import psycopg2

import stats_notice as notice
from zugong_stats.config import Settings
from zugong_stats.db import session_options
from zugong_stats.testing import hot_standby, wait_for_replay
from zugong_stats.xlsx import XLSX_MEDIA_TYPE

DATABASE = "zugong_stats_national"
JSON = "application/json"


def primary_parameters():
    host = os.environ.get("PGHOST", "")
    if not host.startswith("/"):
        raise SystemExit("the standby is made beside the server's unix socket: run benchmarks/run national, "
                         "or set PGHOST to the directory of a local cluster's socket")
    return {"host": host, "port": os.environ.get("PGPORT", "5432"), "user": os.environ.get("PGUSER", "postgres"),
            "password": os.environ.get("PGPASSWORD")}


@contextlib.contextmanager
def connect(parameters, dbname, options=""):
    conn = psycopg2.connect(dbname=dbname, options=options,
                            **{key: value for key, value in parameters.items() if value})
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def scalar(parameters, sql, dbname="postgres"):
    with connect(parameters, dbname) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


class LagWatch:
    """Samples, every half second, how many bytes of WAL and seconds the standby's
    replay is behind the primary's WAL, while a load runs."""

    def __init__(self, primary, standby):
        self.primary, self.standby = primary, standby
        self.worst_bytes = 0
        self.worst_seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        with connect(self.primary, "postgres") as primary, primary.cursor() as on_primary, \
                connect(self.standby, "postgres") as standby, standby.cursor() as on_standby:
            behind_since = None
            while not self._stop.wait(0.5):
                on_primary.execute("SELECT pg_current_wal_insert_lsn()::text")
                written = on_primary.fetchone()[0]
                on_standby.execute("SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", (written,))
                behind = max(0, int(on_standby.fetchone()[0]))
                self.worst_bytes = max(self.worst_bytes, behind)
                # seconds the standby has had WAL to replay without reaching what was
                # written when it fell behind: a bound on its data's age under this load
                now = time.monotonic()
                if behind > 16 * 1024 * 1024:
                    behind_since = behind_since or now
                    self.worst_seconds = max(self.worst_seconds, now - behind_since)
                else:
                    behind_since = None

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)


@contextlib.contextmanager
def running_service(parameters, pool_max):
    """The service as its command runs it, reading ``parameters``' server."""
    port = notice.free_port()
    dsn = psycopg2.extensions.make_dsn(dbname=DATABASE, **{key: value for key, value in parameters.items() if value})
    env = dict(os.environ, ZUGONG_STATS_DSN=dsn, ZUGONG_STATS_TOKEN=notice.TOKEN,
               ZUGONG_STATS_PORT=str(port), ZUGONG_STATS_POOL_MIN=str(pool_max),
               ZUGONG_STATS_POOL_MAX=str(pool_max), ZUGONG_STATS_POOL_TIMEOUT="600",
               ZUGONG_STATS_STATEMENT_TIMEOUT="600", ZUGONG_STATS_LOG_LEVEL="warning",
               ZUGONG_STATS_MAX_BODY_MB="512")
    process = subprocess.Popen([sys.executable, "-m", "zugong_stats", "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(600):
            try:
                urllib.request.urlopen(f"{url}/health", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("the service did not start")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def fetch(url, accept, query):
    status, body = notice.fetch(url, accept, query)
    if status != 200:
        raise SystemExit(f"the service answered {status}: {body[:300]!r}")
    return body


def print_concurrency(label, results):
    seconds = sorted(elapsed for _status, elapsed in results)
    statuses = sorted({status for status, _elapsed in results})
    print(f"  {label:<44} median {statistics.median(seconds):7.2f} s, worst {seconds[-1]:7.2f} s "
          f"(HTTP {', '.join(map(str, statuses))})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=10, help="times a province-year's volume")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measure (median)")
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--pool-max", type=int, default=10, help="the service's ZUGONG_STATS_POOL_MAX")
    parser.add_argument("--keep", action="store_true", help=f"keep the database {DATABASE}")
    arguments = parser.parse_args()
    primary = primary_parameters()
    counties = round(150 * arguments.scale)
    first_county = 2 + round(15 * arguments.scale)

    with hot_standby(primary, primary["host"], port=int(primary["port"]) + 1) as standby:
        print(f"hot standby streaming from the primary ({scalar(primary, 'SHOW server_version')}), "
              f"on {os.cpu_count()} CPU cores; load average {os.getloadavg()[1]:.1f} before the load")
        wal_before = scalar(primary, "SELECT pg_current_wal_insert_lsn()::text")
        started = time.perf_counter()
        with LagWatch(primary, standby) as watch:
            counts = notice.load_province(DATABASE, arguments.scale)
            loaded = time.perf_counter() - started
            catch_up = wait_for_replay(primary, standby, timeout=3600)
        wal = scalar(primary, f"SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '{wal_before}')")
        size = scalar(primary, f"SELECT pg_database_size('{DATABASE}')")
        print("{:g} x a province-year loaded in {:.0f} s: {:,} units, {:,} people, {:,} items, {:,} adoptions, "
              "{:,} score lines".format(arguments.scale, loaded, *counts))
        print(f"  database {size / 2**20:,.0f} MiB, WAL written {wal / 2**20:,.0f} MiB; the standby was at worst "
              f"{watch.worst_bytes / 2**20:,.0f} MiB of WAL behind, behind for up to {watch.worst_seconds:.0f} s "
              f"in a row, and had replayed it all {catch_up:.1f} s after the load ended")
        # The standby's own statistics and visibility map come from the primary's ANALYZE
        # and VACUUM, replayed: nothing more to do there.
        with connect(primary, DATABASE) as conn, conn.cursor() as cursor:
            cursor.execute("VACUUM")
        wait_for_replay(primary, standby, timeout=3600)

        year = notice.YEAR_NOTICE
        month = {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": first_county}
        options = session_options(Settings())
        with connect(primary, DATABASE, options) as on_primary, on_primary.cursor() as primary_cursor, \
                connect(standby, DATABASE, options) as on_standby, on_standby.cursor() as standby_cursor, \
                running_service(primary, arguments.pool_max) as primary_url, \
                running_service(standby, arguments.pool_max) as standby_url:
            def floor(cursor):
                def run():
                    cursor.execute(notice.FLOOR_SQL, notice.FLOOR_PARAMS)
                    return cursor.fetchall()
                return run

            medians = notice.interleaved_medians({
                ("year", "floor", "primary"): floor(primary_cursor),
                ("year", "JSON", "primary"): lambda: fetch(primary_url, JSON, year),
                ("year", "xlsx", "primary"): lambda: fetch(primary_url, XLSX_MEDIA_TYPE, year),
                ("year", "floor", "standby"): floor(standby_cursor),
                ("year", "JSON", "standby"): lambda: fetch(standby_url, JSON, year),
                ("year", "xlsx", "standby"): lambda: fetch(standby_url, XLSX_MEDIA_TYPE, year),
                ("month", "JSON", "primary"): lambda: fetch(primary_url, JSON, month),
                ("month", "JSON", "standby"): lambda: fetch(standby_url, JSON, month),
            }, arguments.repeat)
            year_json = fetch(standby_url, JSON, year)
            year_xlsx = fetch(standby_url, XLSX_MEDIA_TYPE, year)
            floor_ranks = {row[0]: row[-1] for row in floor(standby_cursor)()}
            service_ranks = {row["unit_id"]: row["rank"] for row in json.loads(year_json)["rows"]}

            concurrency = {
                "year notices of the whole tree": [year] * arguments.concurrent,
                "month notices of one county each": [
                    {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": first_county + number % counties}
                    for number in range(arguments.concurrent)],
            }
            latencies = {label: notice.concurrent_latencies(standby_url, queries)
                         for label, queries in concurrency.items()}

            people = dict(year, subject="people")
            started = time.perf_counter()
            people_json = fetch(standby_url, JSON, people)
            people_seconds = time.perf_counter() - started
            people_rows = len(json.loads(people_json)["rows"])
            load_during = os.getloadavg()[1]

    print(f"load average over the measures: {load_during:.1f} (the last 5 minutes' when they ended)")
    print(f"year notice of the whole tree: {len(service_ranks):,} unit rows, JSON {len(year_json) / 2**20:.1f} MiB, "
          f"xlsx {len(year_xlsx) / 2**20:.1f} MiB; ranks {'agree' if service_ranks == floor_ranks else 'DIFFER'} "
          f"with the floor's")
    print(f"medians of {arguments.repeat} interleaved runs:")
    for server in ("primary", "standby"):
        floor_seconds = medians[("year", "floor", server)]
        print(f"  on the {server}: floor {floor_seconds * 1000:8.0f} ms; service JSON "
              f"{medians[('year', 'JSON', server)] * 1000:8.0f} ms = {medians[('year', 'JSON', server)] / floor_seconds:4.2f} x "
              f"floor, xlsx {medians[('year', 'xlsx', server)] * 1000:8.0f} ms = "
              f"{medians[('year', 'xlsx', server)] / floor_seconds:4.2f} x floor")
    print(f"  the standby's year notice in JSON: {medians[('year', 'JSON', 'standby')] / medians[('year', 'JSON', 'primary')]:4.2f} "
          f"x the primary's")
    print(f"  a county's month notice in JSON: primary {medians[('month', 'JSON', 'primary')] * 1000:6.1f} ms, "
          f"standby {medians[('month', 'JSON', 'standby')] * 1000:6.1f} ms")
    print(f"{arguments.concurrent} concurrent requests on the standby (pool of {arguments.pool_max} connections):")
    for label, results in latencies.items():
        print_concurrency(label, results)
    print(f"people's year notice of the whole tree on the standby: {people_rows:,} rows in {people_seconds:.1f} s, "
          f"JSON {len(people_json) / 2**20:.0f} MiB")

    if not arguments.keep:
        with connect(primary, "postgres") as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
