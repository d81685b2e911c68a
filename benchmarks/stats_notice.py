"""Times the year notice of a province: the bare SQL aggregate over the raw rows (the
floor), the stats service's JSON and xlsx answers end to end over HTTP (which read the
yearly totals), the same notice from the raw rows, the same ranking through Odoo's ORM
where the hook orm_read_group_ranking provides it, and 20 concurrent notice requests;
with the goals beside them. The service keeps its answers per version of the data: each
answer over HTTP is timed cold (a score line committed just before, so that the service
computes it) and warm (repeated: served from its cache), with the cache's own word
(X-Zugong-Cache) for how each timed answer came. Checks that the monthly and yearly
totals equal their recomputation from the raw rows, and that the notices from the yearly
totals, from the monthly totals and from the raw rows agree.
Prints figures; asserts nothing.

Needs a PostgreSQL server named by the libpq PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD) and the service installed (scripts/lib.sh's ensure_venv does it).
`benchmarks/run stats_notice` starts a throwaway server and runs this script with the
project's virtual environment.

The province-year: 2,000 units (a province, 15 cities, 150 counties, townships),
20,000 people, 200,000 items (5 % of them joint items of two units), 300,000 adoptions
and 1,000,000 score lines, loaded by SQL into the sandbox tables behind the contract
views (zugong_stats.sandbox), with the indexes the Odoo tables need, and the monthly and
yearly totals added up from the same random draws (as Odoo's triggers add up each
event), not from the contract views that the check recomputes them from."""
import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg2

from zugong_stats.config import Settings
from zugong_stats.contract import load_contract
from zugong_stats.db import session_options
from zugong_stats.notice import MONTHS, YEARS, NoticeRequest, Subject, build_notice, query_notice
from zugong_stats.periods import Period
from zugong_stats.sandbox import recomputed_totals_sql, recomputed_year_totals_sql, sandbox_sql
from zugong_stats.xlsx import XLSX_MEDIA_TYPE

DATABASE = "zugong_stats_benchmark"
TOKEN = "benchmark-token"
YEAR_NOTICE = {"period_kind": "year", "start": "2026-01-01", "scope_unit_id": 1}
UNITS, PEOPLE, ITEMS, ADOPTIONS, SCORE_LINES = 2_000, 20_000, 200_000, 300_000, 1_000_000
# The goals: the year notice at most these times the floor, and the slowest of 20
# concurrent year notices at most CONCURRENT_GOAL seconds.
GOALS = {"JSON": 0.1, "xlsx": 0.3}
CONCURRENT_GOAL = 1.0


def load_sql(scale=1):
    """The SQL loading a province-year, or ``scale`` times its volume: ``scale`` times
    the cities (and ten counties a city), people, items, adoptions and score lines, the
    other units townships and points."""
    units, people, items, adoptions, lines = (round(count * scale) for count in (
        UNITS, PEOPLE, ITEMS, ADOPTIONS, SCORE_LINES))
    cities = max(1, round(15 * scale))
    last_city, counties = 1 + cities, 10 * cities
    first_county, last_county = last_city + 1, last_city + counties
    first_town = last_county + 1
    return f"""
SELECT setseed(0.2026);

-- 1 province, its cities (2-{last_city}), ten counties a city ({first_county}-{last_county}), townships
-- and points ({first_town}-{units}).
INSERT INTO zugong_unit_v2_data
SELECT 1, 1, NULL, '1/', 'P', '江南省', '江南省', 'other', 1, '一类', true, 10;
INSERT INTO zugong_unit_v2_data
SELECT id, 1, 1, '1/' || id || '/', 'C' || id, '第' || id || '市', '江南省 / 第' || id || '市',
       'other', 1, '一类', true, 10
  FROM generate_series(2, {last_city}) AS id;
INSERT INTO zugong_unit_v2_data
SELECT id, 1, parent.unit_id, parent.parent_path || id || '/', 'K' || id, '第' || id || '县',
       parent.path || ' / 第' || id || '县', 'county', 1, '一类', true, 10
  FROM generate_series({first_county}, {last_county}) AS id
  JOIN zugong_unit_v2_data parent ON parent.unit_id = 2 + (id - {first_county}) / 10;
INSERT INTO zugong_unit_v2_data
SELECT id, 1, parent.unit_id, parent.parent_path || id || '/', 'T' || id, '第' || id || '镇',
       parent.path || ' / 第' || id || '镇', CASE WHEN id % 5 = 0 THEN 'point' ELSE 'township' END,
       2, '二类', id % 97 <> 0, 20
  FROM generate_series({first_town}, {units}) AS id
  JOIN zugong_unit_v2_data parent ON parent.unit_id = {first_county} + (id - {first_town}) % {counties};

-- Ten people a unit, the first of them its officer.
INSERT INTO zugong_person_v2_data
SELECT id, 1, '信息员' || id, 1 + (id - 1) % {units}, id <= {units}, true
  FROM generate_series(1, {people}) AS id;

-- Items spread over the year; one in twenty is a joint item with a second unit.
CREATE TEMPORARY TABLE item_draw AS
SELECT id, 1 + floor(random() * {units})::integer AS unit_id,
       (ARRAY['submitted', 'received', 'adopted', 'adopted', 'rejected', 'draft'])[1 + floor(random() * 6)::integer] AS state,
       DATE '2026-01-01' + floor(random() * 365)::integer AS submitted_on,
       floor(random() * 10)::integer AS author, random() < 0.05 AS joint
  FROM generate_series(1, {items}) AS id;
INSERT INTO zugong_item_v2_data
SELECT id, 1, unit_id, CASE WHEN joint THEN 0.5 ELSE 1 END, 'XX-' || id, '信息' || id,
       (ARRAY['dynamic', 'experience', 'research', 'problem'])[1 + id % 4], state,
       CASE WHEN state <> 'draft' THEN submitted_on END,
       ARRAY[unit_id + {units} * author], 600 + id % 900, true
  FROM item_draw;
INSERT INTO zugong_item_v2_data
SELECT id, 1, 1 + unit_id % {units}, 0.5, 'XX-' || id, '信息' || id, 'dynamic', state,
       CASE WHEN state <> 'draft' THEN submitted_on END,
       ARRAY[unit_id + {units} * author], 800, true
  FROM item_draw WHERE joint;

INSERT INTO zugong_adoption_v2_data
SELECT id, 1, 1 + floor(random() * {items})::integer, 1 + id % 40, '刊物' || (1 + id % 40),
       (ARRAY['county', 'county', 'county', 'county', 'city', 'city', 'city', 'province', 'province', 'central'])[1 + floor(random() * 10)::integer],
       (ARRAY['full', 'combined', 'brief'])[1 + id % 3],
       DATE '2026-01-01' + floor(random() * 365)::integer
  FROM generate_series(1, {adoptions}) AS id;

CREATE TEMPORARY TABLE line_draw AS
SELECT id, 1 + floor(random() * {units})::integer AS unit_id, floor(random() * 10)::integer AS person,
       random() < 0.7 AS for_unit
  FROM generate_series(1, {lines}) AS id;
INSERT INTO zugong_score_line_v2_data
SELECT id, 1, CASE WHEN for_unit THEN 'unit' ELSE 'person' END, unit_id, unit_id + {units} * person,
       DATE '2026-01-01' + id % 365, (1 + id % 40) / 2.0, 'adoption', 'zugong.adoption', id
  FROM line_draw;

INSERT INTO zugong_quota_v2_data
SELECT id, 1, 2026, id, NULL, 2, 3, 10, 5, 2, 1, 200 FROM generate_series(1, {units}) AS id;
INSERT INTO zugong_quota_v2_data
SELECT {units} + id, 1, 2026, id, id, 1, 1, 5, 2, 1, 0, 100 FROM generate_series(1, {units}) AS id;
INSERT INTO zugong_pass_mark_v2_data
SELECT 1, 2026, kind, subject, CASE subject WHEN 'unit' THEN 100 ELSE 10 END
  FROM unnest(ARRAY['month', 'bimonth', 'quarter', 'halfyear', 'year']) AS kind,
       unnest(ARRAY['unit', 'person']) AS subject;

INSERT INTO zugong_item_state_v2_data
VALUES ('draft', false), ('signoff', false), ('submitted', true), ('received', true), ('adopted', true),
       ('rejected', true);
INSERT INTO zugong_required_v2_data
SELECT 1, 2026, month::date, 'unit', id, NULL, 2, CASE WHEN extract(month FROM month)::integer % 3 = 0 THEN 3 ELSE 0 END
  FROM generate_series(1, {units}) AS id, generate_series(DATE '2026-01-01', DATE '2026-12-01', interval '1 month') AS month;
INSERT INTO zugong_required_v2_data
SELECT 1, 2026, month::date, 'person', id, id, 1, CASE WHEN extract(month FROM month)::integer % 3 = 0 THEN 1 ELSE 0 END
  FROM generate_series(1, {units}) AS id, generate_series(DATE '2026-01-01', DATE '2026-12-01', interval '1 month') AS month;
-- The submissions required per year, as Odoo's view adds up the months.
INSERT INTO zugong_required_year_v2_data
SELECT company_id, year, subject, unit_id, person_id, sum(monthly_min + quarterly_min)
  FROM zugong_required_v2_data
 GROUP BY company_id, year, subject, unit_id, person_id;

-- The monthly totals, from the draws above (as Odoo's triggers add up each event as it
-- happens, not from the contract views): an item counts for its unit or two units and
-- its author in its month when submitted (not a draft), an adoption for the same in its
-- month by level, a score line for its unit or person; and the yearly totals from the
-- same additions.
CREATE TEMPORARY TABLE item_subject AS
SELECT d.id AS item_id, 'unit' AS subject, d.unit_id AS subject_id FROM item_draw d
 UNION ALL
SELECT d.id, 'unit', 1 + d.unit_id % {units} FROM item_draw d WHERE d.joint
 UNION ALL
SELECT d.id, 'person', d.unit_id + {units} * d.author FROM item_draw d;
CREATE TEMPORARY TABLE month_total AS
SELECT 1 AS company_id, subject, subject_id, month, sum(items) AS items, sum(county) AS county,
       sum(city) AS city, sum(province) AS province, sum(central) AS central, sum(other) AS other,
       sum(points) AS points
  FROM (SELECT s.subject, s.subject_id, date_trunc('month', d.submitted_on)::date AS month, count(*) AS items,
               0 AS county, 0 AS city, 0 AS province, 0 AS central, 0 AS other, 0 AS points
          FROM item_draw d JOIN item_subject s ON s.item_id = d.id
         WHERE d.state <> 'draft'
         GROUP BY 1, 2, 3
         UNION ALL
        SELECT s.subject, s.subject_id, date_trunc('month', a.adopted_on)::date, 0,
               count(*) FILTER (WHERE a.level = 'county'), count(*) FILTER (WHERE a.level = 'city'),
               count(*) FILTER (WHERE a.level = 'province'), count(*) FILTER (WHERE a.level = 'central'),
               count(*) FILTER (WHERE a.level = 'other'), 0
          FROM zugong_adoption_v2_data a JOIN item_subject s ON s.item_id = a.item_id
         GROUP BY 1, 2, 3
         UNION ALL
        SELECT CASE WHEN for_unit THEN 'unit' ELSE 'person' END,
               CASE WHEN for_unit THEN unit_id ELSE unit_id + {units} * person END,
               date_trunc('month', DATE '2026-01-01' + id % 365)::date, 0, 0, 0, 0, 0, 0, sum((1 + id % 40) / 2.0)
          FROM line_draw
         GROUP BY 1, 2, 3) event
 GROUP BY subject, subject_id, month;
INSERT INTO zugong_month_total_v2_data
SELECT company_id, subject, CASE WHEN subject = 'unit' THEN subject_id END,
       CASE WHEN subject = 'person' THEN subject_id END, month, items, county, city, province, central, other, points,
       items
  FROM month_total;
-- The yearly totals, from the same additions (as the triggers add each event to its
-- month and to its year in the same statement).
INSERT INTO zugong_year_total_v2_data
SELECT company_id, subject, CASE WHEN subject = 'unit' THEN subject_id END,
       CASE WHEN subject = 'person' THEN subject_id END, extract(year FROM month)::integer,
       sum(items), sum(county), sum(city), sum(province), sum(central), sum(other), sum(points), sum(items)
  FROM month_total
 GROUP BY company_id, subject, subject_id, extract(year FROM month);
"""


LOAD_SQL = load_sql()

# The floor: the year's figures per active unit below the scope's (the notice never
# ranks the scope's own unit) and the rank, in one plain query, with nothing the notice adds (previous period, quotas, pass mark, totals, HTTP, rendering).
FLOOR_SQL = """
SELECT u.unit_id, coalesce(i.items, 0), coalesce(a.central, 0), coalesce(a.province, 0),
       coalesce(a.city, 0), coalesce(a.county, 0), coalesce(a.other, 0), coalesce(s.score, 0),
       rank() OVER (ORDER BY coalesce(s.score, 0) DESC)
  FROM zugong_unit_v2 u
  LEFT JOIN (SELECT unit_id, count(*) AS items FROM zugong_item_v2
              WHERE submitted_on >= %(start)s AND submitted_on < %(end)s
                AND state NOT IN ('draft', 'signoff')
              GROUP BY unit_id) i ON i.unit_id = u.unit_id
  LEFT JOIN (SELECT it.unit_id,
                    count(*) FILTER (WHERE level = 'central') AS central,
                    count(*) FILTER (WHERE level = 'province') AS province,
                    count(*) FILTER (WHERE level = 'city') AS city,
                    count(*) FILTER (WHERE level = 'county') AS county,
                    count(*) FILTER (WHERE level = 'other') AS other
               FROM zugong_adoption_v2 ad JOIN zugong_item_v2 it ON it.item_id = ad.item_id
              WHERE ad.adopted_on >= %(start)s AND ad.adopted_on < %(end)s
              GROUP BY it.unit_id) a ON a.unit_id = u.unit_id
  LEFT JOIN (SELECT unit_id, sum(points) AS score FROM zugong_score_line_v2
              WHERE subject = 'unit' AND line_date >= %(start)s AND line_date < %(end)s
              GROUP BY unit_id) s ON s.unit_id = u.unit_id
 WHERE u.active AND u.unit_id <> %(scope)s
"""
FLOOR_PARAMS = {"start": "2026-01-01", "end": "2027-01-01", "scope": YEAR_NOTICE["scope_unit_id"]}


def orm_read_group_ranking(dbname):
    """The same ranking through Odoo's ORM needs the province in an Odoo database, which
    this benchmark's tables are not: benchmarks/stats_odoo.py times the floor, the
    service and the ORM route together on Odoo's own views. Here the ORM route is
    printed as measured there."""
    return None


@contextlib.contextmanager
def connect(dbname, options=""):
    conn = psycopg2.connect(dbname=dbname, options=options)
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def load_province(dbname, scale=1):
    with connect("postgres") as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {dbname} TEMPLATE template0 ENCODING 'UTF8'")
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(sandbox_sql())
        cursor.execute(load_sql(scale))
        cursor.execute("ANALYZE")
        cursor.execute(f"SET search_path = {load_contract()['schema']}")
        cursor.execute("""SELECT (SELECT count(*) FROM zugong_unit_v2), (SELECT count(*) FROM zugong_person_v2),
                                 (SELECT count(DISTINCT item_id) FROM zugong_item_v2),
                                 (SELECT count(*) FROM zugong_adoption_v2),
                                 (SELECT count(*) FROM zugong_score_line_v2)""")
        return cursor.fetchone()


def timed(work):
    """A measure from work(): its seconds."""
    def measure():
        started = time.perf_counter()
        work()
        return time.perf_counter() - started
    return measure


def interleaved_medians(measures, rounds):
    """Median seconds of each measure (a function returning the seconds it timed), run
    in turn round after round so that a burst of load elsewhere on the host touches them
    all alike."""
    for measure in measures.values():
        measure()  # warm-up: caches, plans, pooled connections
    times = {label: [] for label in measures}
    for _round in range(rounds):
        for label, measure in measures.items():
            times[label].append(measure())
    return {label: statistics.median(values) for label, values in times.items()}


class DataChanges:
    """Commits one change of the data a notice reads, as Odoo would: a score line (of
    2030, outside the year and the previous one, with its monthly and yearly totals, all
    new rows),
    so that the next notice is asked of another version of the data and computed, with
    the year's figures unchanged."""

    def __init__(self, dbname):
        self.dbname = dbname
        self.count = 0

    def __call__(self):
        self.count += 1
        with connect(self.dbname) as conn, conn.cursor() as cursor:
            cursor.execute("""
                INSERT INTO zugong_score_line_v2_data
                SELECT max(line_id) + 1, 1, 'unit', %(unit)s, NULL, '2030-01-15', 1, 'adoption', NULL, NULL
                  FROM zugong_score_line_v2_data;
                INSERT INTO zugong_month_total_v2_data
                VALUES (1, 'unit', %(unit)s, NULL, '2030-01-01', 0, 0, 0, 0, 0, 0, 1);
                INSERT INTO zugong_year_total_v2_data
                VALUES (1, 'unit', %(unit)s, NULL, 2030, 0, 0, 0, 0, 0, 0, 1);
            """, {"unit": self.count})


class Served:
    """The timed requests of one measure and how the service says it answered them."""

    def __init__(self, url, accept, before=None, query=YEAR_NOTICE):
        self.url, self.accept, self.before, self.query = url, accept, before, query
        self.how = []

    def __call__(self):
        if self.before:
            self.before()
        started = time.perf_counter()
        status, _body, headers = fetch(self.url, self.accept, self.query, with_headers=True)
        elapsed = time.perf_counter() - started
        self.how.append(headers.get("X-Zugong-Cache", "?") if status == 200 else f"HTTP {status}")
        return elapsed

    def counted(self):
        """How the timed requests (the warm-up left out) were answered, e.g. 7 hit."""
        hows = self.how[1:]
        return ", ".join(f"{hows.count(how)} {how}" for how in sorted(set(hows)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_service(dbname, pool_max):
    port = free_port()
    env = dict(os.environ, ZUGONG_STATS_DSN=f"dbname={dbname}", ZUGONG_STATS_TOKEN=TOKEN,
               ZUGONG_STATS_PORT=str(port), ZUGONG_STATS_POOL_MIN=str(pool_max),
               ZUGONG_STATS_POOL_MAX=str(pool_max), ZUGONG_STATS_POOL_TIMEOUT="120",
               ZUGONG_STATS_STATEMENT_TIMEOUT="120", ZUGONG_STATS_LOG_LEVEL="warning")
    process = subprocess.Popen([sys.executable, "-m", "zugong_stats", "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
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


def fetch(url, accept, query=YEAR_NOTICE, with_headers=False):
    request = urllib.request.Request(
        f"{url}/v1/notices?{urllib.parse.urlencode(query)}",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            answer = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        answer = error.code, error.read(), error.headers
    return answer if with_headers else answer[:2]


def concurrent_latencies(url, queries):
    """(status, seconds, X-Zugong-Cache) of each query, all sent at once."""
    def timed(query):
        started = time.perf_counter()
        status, _body, headers = fetch(url, "application/json", query, with_headers=True)
        return status, time.perf_counter() - started, headers.get("X-Zugong-Cache", "?")

    with concurrent.futures.ThreadPoolExecutor(len(queries)) as executor:
        return list(executor.map(timed, queries))


def totals_check(dbname):
    """(rows of the monthly totals, rows differing from their recomputation from the raw
    rows of the contract views, rows of the yearly totals, rows differing from theirs)."""
    counts = []
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(f"SET search_path = {load_contract()['schema']}")
        for view, recomputed in (("zugong_month_total_v2", recomputed_totals_sql()),
                                 ("zugong_year_total_v2", recomputed_year_totals_sql())):
            cursor.execute(f"""
                SELECT (SELECT count(*) FROM {view}),
                       (SELECT count(*) FROM ((SELECT * FROM {view} EXCEPT ALL ({recomputed}))
                                              UNION ALL
                                              (({recomputed}) EXCEPT ALL SELECT * FROM {view})) differing)""")
            counts.extend(cursor.fetchone())
    return counts


def in_process_notice(cursor, query, from_totals):
    """A notice as the service computes it, without HTTP, from the monthly totals or
    from the raw rows."""
    request = NoticeRequest(Period.aligned(query["period_kind"], datetime.date.fromisoformat(query["start"])),
                            query["scope_unit_id"], Subject(query.get("subject", "units")))
    scope, rows = query_notice(cursor, request, from_totals)
    return build_notice(request, scope, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each measure (median)")
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--pool-max", type=int, default=10, help="the service's ZUGONG_STATS_POOL_MAX")
    parser.add_argument("--keep", action="store_true", help=f"keep the database {DATABASE}")
    arguments = parser.parse_args()
    if not os.environ.get("PGHOST"):
        raise SystemExit("set PGHOST/PGPORT/PGUSER, or run benchmarks/run stats_notice")

    started = time.perf_counter()
    counts = load_province(DATABASE)
    print("province-year loaded in {:.1f} s: {:,} units, {:,} people, {:,} items, {:,} adoptions, "
          "{:,} score lines".format(time.perf_counter() - started, *counts))
    total_rows, differing, year_rows, years_differing = totals_check(DATABASE)
    print(f"monthly totals: {total_rows:,} rows; they {'agree' if not differing else 'DISAGREE'} with their "
          f"recomputation from the raw rows ({differing:,} rows differ)")
    print(f"yearly totals: {year_rows:,} rows; they {'agree' if not years_differing else 'DISAGREE'} with their "
          f"recomputation from the raw rows ({years_differing:,} rows differ)")

    # The floor runs with the same session settings as the service.
    with connect(DATABASE, session_options(Settings())) as conn, conn.cursor() as cursor, \
            running_service(DATABASE, arguments.pool_max) as url:
        cursor.execute(f"SET search_path = {load_contract()['schema']}, pg_temp")

        def floor_query():
            cursor.execute(FLOOR_SQL, FLOOR_PARAMS)
            return cursor.fetchall()

        notices = {source: {subject: in_process_notice(cursor, dict(YEAR_NOTICE, subject=subject), from_totals)
                            for subject in ("units", "people")}
                   for source, from_totals in (("yearly", YEARS), ("monthly", MONTHS), ("raw", False))}
        change = DataChanges(DATABASE)
        served = {
            ("JSON", "cold"): Served(url, "application/json", before=change),
            ("JSON", "warm"): Served(url, "application/json"),
            ("xlsx", "cold"): Served(url, XLSX_MEDIA_TYPE, before=change),
            ("xlsx", "warm"): Served(url, XLSX_MEDIA_TYPE),
        }
        measures = {
            "floor": timed(floor_query),
            **served,
            "raw": timed(lambda: in_process_notice(cursor, YEAR_NOTICE, False)),
        }
        orm_ranking = orm_read_group_ranking(DATABASE)
        if orm_ranking is not None:
            measures["ORM"] = timed(orm_ranking)
        medians = interleaved_medians(measures, arguments.repeat)
        floor_ranks = {row[0]: row[-1] for row in floor_query()}
        _status, body = fetch(url, "application/json")
        notice = json.loads(body)
        service_ranks = {row["unit_id"]: row["rank"] for row in notice["rows"]}
        _status, workbook = fetch(url, XLSX_MEDIA_TYPE)

        # Cold: the data changed just before, so that they all arrive on a miss (and
        # share one computation); warm: all served from the cache.
        change()
        latencies = {"year notices of the whole province, cold": concurrent_latencies(
            url, [YEAR_NOTICE] * arguments.concurrent)}
        latencies["year notices of the whole province, warm"] = concurrent_latencies(
            url, [YEAR_NOTICE] * arguments.concurrent)
        # A city office's month notices of its counties (2-16 are cities, 17-166 counties),
        # each a different notice computed for the first time.
        latencies["month notices of one county each"] = concurrent_latencies(url, [
            {"period_kind": "month", "start": "2026-10-01", "scope_unit_id": 17 + number}
            for number in range(arguments.concurrent)])

    print(f"year notice of the whole province: {len(notice['rows']):,} unit rows, "
          f"JSON {len(body) / 1024:.0f} KiB, xlsx {len(workbook) / 1024:.0f} KiB; "
          f"ranks {'agree' if service_ranks == floor_ranks else 'DIFFER'} with the floor's")
    for subject in ("units", "people"):
        same = notices["yearly"][subject] == notices["monthly"][subject] == notices["raw"][subject]
        print(f"  the {subject}' year notice from the yearly totals, from the monthly totals and from the raw rows: "
              f"{'agree' if same else 'DISAGREE'}")
    floor = medians["floor"]
    print(f"medians of {arguments.repeat} interleaved runs (goals beside them):")
    print(f"  {'floor (bare SQL aggregate over the raw rows)':<62} {floor * 1000:8.1f} ms")
    for label in ("JSON", "xlsx"):
        for temperature, what in (("cold", "computed, data changed before"), ("warm", "repeated")):
            seconds = medians[(label, temperature)]
            ratio = seconds / floor
            verdict = "meets" if ratio <= GOALS[label] else "MISSES"
            print(f"  {f'service {label} over HTTP, {temperature} ({what})':<62} {seconds * 1000:8.1f} ms = "
                  f"{ratio:5.3f} x floor (goal <= {GOALS[label]:g} x: {verdict}; "
                  f"{served[(label, temperature)].counted()})")
    print(f"  {'the same notice from the raw rows (no HTTP, no cache)':<62} {medians['raw'] * 1000:8.1f} ms = "
          f"{medians['raw'] / floor:5.3f} x floor")
    if "ORM" in medians:
        print(f"  Odoo ORM read_group         {medians['ORM'] * 1000:8.1f} ms  = {medians['ORM'] / floor:4.2f} x floor; "
              f"the service's JSON is {medians['ORM'] / medians['JSON']:.1f} x faster")
    else:
        print("  Odoo ORM read_group: see benchmarks/run stats_odoo (the province in Odoo)")
    print(f"{arguments.concurrent} concurrent requests (pool of {arguments.pool_max} connections):")
    for label, results in latencies.items():
        seconds = sorted(elapsed for _status, elapsed, _how in results)
        statuses = sorted({status for status, _elapsed, _how in results})
        hows = [how for _status, _elapsed, how in results]
        goal = ""
        if label.startswith("year"):
            goal = (f" (goal: slowest <= {CONCURRENT_GOAL:g} s: "
                    f"{'meets' if seconds[-1] <= CONCURRENT_GOAL else 'MISSES'})")
        print(f"  {label:<42} median {statistics.median(seconds) * 1000:7.0f} ms, "
              f"slowest {seconds[-1] * 1000:7.0f} ms (HTTP {', '.join(map(str, statuses))}; "
              f"{', '.join(f'{hows.count(how)} {how}' for how in sorted(set(hows)))}){goal}")

    if not arguments.keep:
        with connect("postgres") as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
