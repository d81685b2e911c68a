"""The year notice of a province-year held by Odoo, three ways in one run: the bare SQL
aggregate over the contract views Odoo creates (the floor), the stats service's JSON and
xlsx answers over HTTP, cold (a score line of 2030 committed just before, so that the
service computes the answer) and warm (repeated, served from its cache), and the same
ranking through Odoo's ORM (read_group), each with its ratio to the floor; then 20
concurrent year notices, cold. Checks that the monthly and yearly totals, and the kept
rows of what units and people are held to, equal their recomputation from the raw
records. Prints figures; asserts nothing.

The province-year is benchmarks/province.py's (2,000 units, 20,000 people, 200,000
items, about 300,000 adoptions) with the score lines of benchmarks/scoring.py's rule set
(the year recomputed once). benchmarks/stats_notice.py measures the service alone on
its own tables, without Odoo.

    benchmarks/run stats_odoo [--repeat 7] [--concurrent 20]
"""
import argparse
import json
import statistics
from datetime import date

import psycopg2.extensions

from common import odoo_env
from province import ensure_province
from scoring import ensure_scores, prepare

import stats_notice as notice
from zugong_stats.config import Settings
from zugong_stats.db import session_options
from zugong_stats.xlsx import XLSX_MEDIA_TYPE

from odoo.addons.zugong_info.models.zugong_item import SUBMITTED_STATES  # noqa: E402

# zugong_stats.db puts a wait callback on every psycopg2 connection of the process; Odoo's
# connections here go without it.
psycopg2.extensions.set_wait_callback(None)
LEVELS = ("central", "province", "city", "county", "other")


def orm_ranking(env, company, scope_unit_id, start, end):
    """The year ranking through the ORM: read_group on score lines, item units and
    adoptions, ranked 1, 2, 2, 4 by score; the rows are those of the notice, the units
    of the scope's subtree but the scope's own."""
    def grouped(model, domain, groupby):
        return env[model].read_group(domain, [], groupby, lazy=False)

    scores = {row["unit_id"][0]: row["points"] for row in env["zugong.score.line"].read_group(
        [("company_id", "=", company.id), ("subject", "=", "unit"), ("date", ">=", start), ("date", "<=", end)],
        ["points:sum"], ["unit_id"], lazy=False)}
    items = {row["unit_id"][0]: row["__count"] for row in grouped("zugong.item.unit", [
        ("company_id", "=", company.id), ("item_id.state", "in", list(SUBMITTED_STATES)),
        ("item_id.submitted_date", ">=", start), ("item_id.submitted_date", "<=", end)], ["unit_id"])}
    adopted = grouped("zugong.adoption", [("company_id", "=", company.id), ("date", ">=", start),
                                          ("date", "<=", end)], ["item_id", "level"])
    units_of = {}
    for row in grouped("zugong.item.unit", [("item_id", "in", list({row["item_id"][0] for row in adopted}))],
                       ["item_id", "unit_id"]):
        units_of.setdefault(row["item_id"][0], []).append(row["unit_id"][0])
    adoptions = {}
    for row in adopted:
        for unit_id in units_of.get(row["item_id"][0], ()):
            adoptions.setdefault(unit_id, dict.fromkeys(LEVELS, 0))[row["level"]] += row["__count"]
    rows = [(unit.id, items.get(unit.id, 0), *adoptions.get(unit.id, dict.fromkeys(LEVELS, 0)).values(),
             scores.get(unit.id, 0.0)) for unit in env["zugong.unit"].search([
                ("company_id", "=", company.id), ("id", "child_of", scope_unit_id), ("id", "!=", scope_unit_id)])]
    rows.sort(key=lambda row: -row[-1])
    ranked, previous, rank = [], None, 0
    for position, row in enumerate(rows, start=1):
        if row[-1] != previous:
            rank, previous = position, row[-1]
        ranked.append((*row, rank))
    return ranked


class OdooChanges:
    """Commits one change of the data a notice reads, as Odoo would: a score line of 2030
    (outside the year and the previous one: the year's figures stay the same), with its
    totals kept by the database's triggers."""

    def __init__(self, dbname):
        self.dbname = dbname

    def __call__(self):
        with notice.connect(self.dbname) as conn, conn.cursor() as cursor:
            cursor.execute("""
                INSERT INTO zugong_score_line (company_id, subject, unit_id, date, points, ruleset_id, kind,
                                               explanation)
                SELECT company_id, 'unit', unit_id, '2030-01-15', 1, ruleset_id, kind, 'benchmark: a change'
                  FROM zugong_score_line ORDER BY id LIMIT 1
            """)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each measure (median)")
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--pool-max", type=int, default=10, help="the service's ZUGONG_STATS_POOL_MAX")
    arguments = parser.parse_args()
    with odoo_env() as env:
        province = ensure_province(env)
        company, _ruleset = prepare(env, province)
        ensure_scores(env, company, province.year)
        start, end = date(province.year, 1, 1), date(province.year, 12, 31)
        year_notice = {"period_kind": "year", "start": start.isoformat(), "scope_unit_id": province.root_unit_id}
        floor_params = {"start": start.isoformat(), "end": date(province.year + 1, 1, 1).isoformat(),
                        "scope": province.root_unit_id}
        dbname = env.cr.dbname
        with notice.connect(dbname, session_options(Settings())) as conn, conn.cursor() as cursor, \
                notice.running_service(dbname, arguments.pool_max) as url:
            def floor():
                cursor.execute(notice.FLOOR_SQL, floor_params)
                return cursor.fetchall()

            change = OdooChanges(dbname)
            served = {
                ("JSON", "cold"): notice.Served(url, "application/json", change, year_notice),
                ("JSON", "warm"): notice.Served(url, "application/json", query=year_notice),
                ("xlsx", "cold"): notice.Served(url, XLSX_MEDIA_TYPE, change, year_notice),
                ("xlsx", "warm"): notice.Served(url, XLSX_MEDIA_TYPE, query=year_notice),
            }
            medians = notice.interleaved_medians({
                "floor": notice.timed(floor),
                **served,
                "ORM": notice.timed(lambda: orm_ranking(env, company, province.root_unit_id, start, end)),
            }, arguments.repeat)
            floor_ranks = {row[0]: row[-1] for row in floor()}
            service_ranks = {row["unit_id"]: row["rank"] for row in json.loads(
                notice.fetch(url, "application/json", year_notice)[1])["rows"]}
            orm_ranks = {row[0]: row[-1] for row in orm_ranking(env, company, province.root_unit_id, start, end)}
            change()
            latencies = notice.concurrent_latencies(url, [year_notice] * arguments.concurrent)
        differences = env["zugong.month.total"]._check_totals()
        held_differences = env["zugong.required.month"]._check_held()
    print(f"year notice of {province.units:,} units: the service's ranks "
          f"{'agree' if service_ranks == floor_ranks else 'DIFFER'} with the floor's, the ORM's "
          f"{'agree' if orm_ranks == floor_ranks else 'DIFFER'}")
    print(f"monthly and yearly totals: they {'agree' if not differences else 'DISAGREE'} with their "
          f"recomputation from the raw records ({len(differences):,} rows differ)")
    print(f"what units and people are held to (quotas, shares, categories): the kept rows "
          f"{'agree' if not held_differences else 'DISAGREE'} with their recomputation "
          f"({len(held_differences):,} rows differ)")
    floor = medians["floor"]
    print(f"medians of {arguments.repeat} interleaved runs:")
    print(f"  floor (bare SQL aggregate on Odoo's views)      {floor * 1000:8.1f} ms")
    for label in ("JSON", "xlsx"):
        for temperature in ("cold", "warm"):
            seconds = medians[(label, temperature)]
            ratio = seconds / floor
            goal = notice.GOALS[label]
            print(f"  service {label:<4} over HTTP, {temperature}               {seconds * 1000:8.1f} ms = "
                  f"{ratio:5.3f} x floor ({'meets' if ratio <= goal else 'MISSES'} the goal of {goal:g} x; "
                  f"{served[(label, temperature)].counted()})")
    print(f"  Odoo ORM read_group                             {medians['ORM'] * 1000:8.1f} ms = "
          f"{medians['ORM'] / floor:5.2f} x floor; the service's cold JSON is "
          f"{medians['ORM'] / medians[('JSON', 'cold')]:.1f} x faster")
    seconds = sorted(elapsed for _status, elapsed, _how in latencies)
    statuses = sorted({status for status, _elapsed, _how in latencies})
    hows = [how for _status, _elapsed, how in latencies]
    print(f"{arguments.concurrent} concurrent year notices, cold (pool of {arguments.pool_max}): median "
          f"{statistics.median(seconds) * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms (HTTP "
          f"{', '.join(map(str, statuses))}; {', '.join(f'{hows.count(how)} {how}' for how in sorted(set(hows)))}; "
          f"goal: slowest <= {notice.CONCURRENT_GOAL:g} s: "
          f"{'meets' if seconds[-1] <= notice.CONCURRENT_GOAL else 'MISSES'})")


if __name__ == "__main__":
    main()
