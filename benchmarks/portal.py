"""The officer portal page and the quota dashboard's main queries on a province-year.

Loads the province-year once (benchmarks/province.py) with the score lines of
benchmarks/scoring.py's rule set (the year recomputed once), then measures:

- the officer portal page /my/zugong as Odoo's HTTP server serves it: a threaded Odoo
  server on a free loopback port, logged in as a township's officer, a point's officer
  (a portal user) and a county's head; after a warm-up, ``--runs`` requests each, timed
  over loopback, with the server's own time and query count of each request from its
  access log. The goal: p95 under 100 ms.
- the dashboard's main queries, in-process as the research office: the year's quotas of
  all units with their progress fields (the quota list), and the progress pivot
  (read_group on zugong.quota.progress) of the whole province and of a city, by unit and
  quarter. The goal: each under 150 ms.

    benchmarks/run portal [--runs 30] [--warmup 5] [--dashboard-runs 10]
"""
import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import requests

from common import Stopwatch, odoo_args, odoo_env, percentile
from province import ensure_province
from scoring import ensure_scores, prepare

import odoo  # noqa: E402

PAGE_GOAL_MS = 100  # p95
DASHBOARD_GOAL_MS = 150
QUOTA_PROGRESS_FIELDS = [
    "unit_id", "year", "annual_submissions", "ytd_submissions", "expected_submissions",
    "submission_completion", "ytd_adoptions_county", "ytd_adoptions_city", "ytd_adoptions_province",
    "ytd_adoptions_central", "ytd_score", "behind_schedule",
]
PIVOT_MEASURES = [
    "required_submissions:sum", "achieved_submissions:sum", "submission_gap:sum", "adoptions_county:sum",
    "adoptions_city:sum", "adoptions_province:sum", "adoptions_central:sum",
]
# the access log line of a request, with Odoo's query count, query time and other time
ACCESS_LOG = re.compile(r'"GET /my/zugong HTTP/1\.1" (\d+) - (\d+) ([\d.]+) ([\d.]+)')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def odoo_server(log_path):
    """Odoo's threaded HTTP server on the benchmark database, on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "odoo", *odoo_args(), "--http-interface", "127.0.0.1",
               "--http-port", str(port), "--workers", "0", "--max-cron-threads", "0",
               "--db-filter", f"^{odoo.tools.config['db_name']}$", "--log-level", "info",
               "--logfile", log_path]
    process = subprocess.Popen(command, env=dict(os.environ, TZ="UTC"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(600):
            try:
                requests.get(f"{url}/web/health", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still loading
                if process.poll() is not None:
                    raise SystemExit(f"Odoo did not start: see {log_path}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(60)


def login(url, login_name, password):
    session = requests.Session()
    response = session.post(f"{url}/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": odoo.tools.config["db_name"], "login": login_name, "password": password},
    }, timeout=60)
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"{login_name} cannot log in: {response.json()['error']['data']['message']}")
    return session


def server_times(log_path, offset):
    """(status, queries, query ms, total ms) of the /my/zugong requests logged since offset."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return [(int(status), int(queries), float(query_time) * 1000, (float(query_time) + float(other)) * 1000)
                for status, queries, query_time, other in ACCESS_LOG.findall(log.read())]


def measure_page(url, log_path, login_name, password, runs, warmup=5):
    session = login(url, login_name, password)
    for _run in range(warmup):
        response = session.get(f"{url}/my/zugong", timeout=120)
        if response.status_code != 200 or 'id="zugong_targets"' not in response.text:
            raise SystemExit(f"/my/zugong as {login_name}: HTTP {response.status_code}")
    offset = os.path.getsize(log_path)
    stopwatch = Stopwatch()
    for _run in range(runs):
        with stopwatch.lap():
            response = session.get(f"{url}/my/zugong", timeout=120)
        response.raise_for_status()
    time.sleep(0.5)  # the access log line follows the response
    logged = server_times(log_path, offset)
    return stopwatch.summary(), logged, len(response.content)


def summarize(values):
    values = sorted(values)
    return {"median_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 95), 1),
            "worst_ms": round(values[-1], 1)}


def verdict(value, goal):
    return f"goal {goal} ms: {'meets' if value < goal else 'MISSES'}"


def measure_dashboard(env, province, runs):
    """The quota list's progress of all units, and the progress pivots, as the research office."""
    research = env(user=province.research_user_id)
    Quota, Progress = research["zugong.quota"], research["zugong.quota.progress"]
    year_domain = [("year", "=", province.year)]
    measures = {
        "quota list: search + progress of the year's quotas": lambda: Quota.search(year_domain).read(
            QUOTA_PROGRESS_FIELDS),
        "progress pivot: province by unit x quarter": lambda: Progress.read_group(
            [*year_domain, ("subject", "=", "unit"), ("unit_id", "child_of", province.root_unit_id)],
            PIVOT_MEASURES, ["unit_id", "month:quarter"], lazy=False),
        "progress pivot: a city by unit x quarter": lambda: Progress.read_group(
            [*year_domain, ("subject", "=", "unit"), ("unit_id", "child_of", province.city_unit_id)],
            PIVOT_MEASURES, ["unit_id", "month:quarter"], lazy=False),
    }
    results = {}
    for label, work in measures.items():
        env.invalidate_all()
        rows = len(work())  # warm-up
        stopwatch = Stopwatch()
        for _run in range(runs):
            env.invalidate_all()
            with stopwatch.lap():
                work()
        results[label] = (stopwatch.summary(), rows)
    return results


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per login")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per login first")
    parser.add_argument("--dashboard-runs", type=int, default=10, help="timed runs of each dashboard query")
    arguments = parser.parse_args()
    with odoo_env() as env:
        province = ensure_province(env)
        company, _ruleset = prepare(env, province)
        ensure_scores(env, company, province.year)
        env.cr.execute("SELECT count(*) FROM zugong_score_line WHERE company_id = %s", [company.id])
        score_lines = env.cr.fetchone()[0]
    print(f"province-year {province.year} (items to {province.last_day}): {province.units:,} units, "
          f"{province.people:,} people, {province.items:,} items, {province.adoptions:,} adoptions, "
          f"{score_lines:,} score lines")

    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory() as directory:
        log_path = os.path.join(directory, "odoo.log")
        with odoo_server(log_path) as url:
            pages = {
                f"officer of a township ({province.officer_login})": province.officer_login,
                f"officer of a point, portal user ({province.portal_officer_login})": province.portal_officer_login,
                f"head of a county ({province.head_login})": province.head_login,
            }
            print(f"/my/zugong, {arguments.runs} requests each after {arguments.warmup} untimed (goal: p95 under {PAGE_GOAL_MS} ms):")
            for label, login_name in pages.items():
                client, logged, size = measure_page(url, log_path, login_name, province.password, arguments.runs,
                                                     arguments.warmup)
                server = summarize([total for _status, _queries, _query_ms, total in logged]) if logged else {}
                queries = statistics.median([count for _status, count, _query_ms, _total in logged]) if logged else 0
                query_ms = statistics.median([ms for _status, _count, ms, _total in logged]) if logged else 0
                print(f"  {label}: {size / 1024:.0f} KiB")
                print(f"    server   p95 {server.get('p95_ms')} ms, median {server.get('median_ms')} ms, "
                      f"worst {server.get('worst_ms')} ms; {queries:.0f} queries taking {query_ms:.1f} ms")
                print(f"    loopback p95 {client['p95_ms']} ms, median {client['median_ms']} ms, "
                      f"worst {client['worst_ms']} ms ({verdict(client['p95_ms'], PAGE_GOAL_MS)})")

    with odoo_env() as env:
        print(f"dashboard as the research office, {arguments.dashboard_runs} runs each after a warm-up:")
        for label, (summary, rows) in measure_dashboard(env, province, arguments.dashboard_runs).items():
            print(f"  {label} ({rows:,} rows): median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms, "
                  f"worst {summary['worst_ms']} ms ({verdict(summary['median_ms'], DASHBOARD_GOAL_MS)})")
        env.cr.rollback()
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
