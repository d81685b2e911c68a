"""Recomputing the scores of a province-year.

Loads the province-year once (benchmarks/province.py: 2,000 units, 20,000 people,
200,000 items, about 300,000 adoptions), puts in force a rule set of the usual shape
(points per adoption by level and form for units and their writers, a multiplier for
research items, joint items split by share, monthly base points with a yearly cap and
shortfall deductions for units and people, a quarterly adoption-rate deduction) and
closes the year's past months and quarters. Then it times the recompute of the whole
year, twice (the second run must give the same lines; a recompute writes only the lines
that differ, here none), and once more with every line written (the year's lines
deleted first), and prints the figures. The goal: under 120 s.

With ``--baseline REVISION`` (a commit of this repository, FIRST_ENGINE for the engine
before scoring v2) it first runs that revision's own scoring benchmark from a temporary
worktree, on a database of its own (``zugong_bench_baseline``, loaded on its first run),
and prints this engine's recomputes as ratios to that one's, measured in the same run on
the same machine. The goal: a recompute writing every line in at most half the time.

Then a what-if (试算) of the second and of the fourth quarter: the rule set in force and
a draft of other figures (the points of each adoption level and the monthly base changed)
scored side by side, nothing written, timed with the process's peak memory. The goal:
under 10 s. (The fourth quarter's months are partly open: the province-year's items end
in November.)

    benchmarks/run scoring [--what-if-only] [--baseline REVISION]
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psycopg2

from common import DATABASE, odoo_env
from province import ensure_province

import odoo  # noqa: E402

GOAL_SECONDS = 120
WHAT_IF_GOAL_SECONDS = 10
BASELINE_GOAL_RATIO = 0.5
# The last commit before the scoring engine's second version (whose recompute deleted and
# wrote again every line of the year).
FIRST_ENGINE = "5d0ad8f"
RULES = [
    {"kind": "adoption", "level": "county", "points": 5, "applies_to": "both"},
    {"kind": "adoption", "level": "city", "form": "full", "points": 20, "applies_to": "both"},
    {"kind": "adoption", "level": "city", "points": 10, "applies_to": "both"},
    {"kind": "adoption", "level": "province", "points": 40, "applies_to": "both"},
    {"kind": "adoption", "level": "central", "points": 80, "applies_to": "both"},
    {"kind": "adoption", "level": "other", "points": 0.5, "applies_to": "both"},
    {"kind": "joint", "joint_mode": "split"},
    {"kind": "multi_adoption", "multi_mode": "accumulate"},
    {"kind": "period_base", "period_kind": "month", "points": 10, "yearly_cap": 120, "applies_to": "both"},
    {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata", "points": 1,
     "applies_to": "both"},
    {"kind": "adoption_rate", "period_kind": "quarter", "rate_threshold": 30, "points": 1},
]


def prepare(env, province):
    company = env["res.company"].browse(province.company_id)
    ruleset = env["zugong.ruleset"].search([("company_id", "=", company.id), ("year", "=", province.year)])
    if not ruleset:
        research = env.ref("zugong_info.item_type_research")
        ruleset = env["zugong.ruleset"].create({
            "name": f"{province.year} scoring rules", "year": province.year, "company_id": company.id,
            "rule_ids": [(0, 0, rule) for rule in RULES]
            + [(0, 0, {"kind": "type_multiplier", "item_type_id": research.id, "factor": 2, "applies_to": "both"})],
        })
        ruleset.action_activate()
    last_day = date.fromisoformat(province.last_day)
    Period = env["zugong.period"]
    periods = Period.browse()
    for kind, months in (("month", range(1, 13)), ("quarter", (1, 4, 7, 10))):
        for month in months:
            period = Period._ensure(company, kind, date(province.year, month, 1))
            if period.date_end <= last_day:
                periods |= period
    to_close = periods.filtered(lambda period: period.state == "open")
    started = time.perf_counter()
    to_close.sorted(lambda period: (period.kind != "month", period.date_start)).action_close()
    env.cr.commit()
    if to_close:
        print(f"closed {len(to_close)} periods (their period lines written) in {time.perf_counter() - started:.1f} s")
    return company, ruleset


def ensure_scores(env, company, year):
    """The year's score lines, recomputed once when there are none but the period lines
    that closing the periods writes."""
    env.cr.execute("SELECT count(*) FROM zugong_score_line WHERE company_id = %s AND date >= %s"
                   " AND period_id IS NULL", [company.id, date(year, 1, 1)])
    if not env.cr.fetchone()[0]:
        env["zugong.scoring"]._recompute_year(company, year)
        env.cr.commit()


def snapshot(env, company, year):
    env.cr.execute(
        "SELECT count(*), round(sum(points)::numeric, 2), count(*) FILTER (WHERE period_id IS NOT NULL)"
        " FROM zugong_score_line WHERE company_id = %s AND date BETWEEN %s AND %s",
        [company.id, date(year, 1, 1), date(year, 12, 31)],
    )
    return env.cr.fetchone()


def what_if(env, company, ruleset, year):
    """Times the what-if of the year's second and fourth quarters: the rule set in force
    and a draft of other figures."""
    draft = env["zugong.ruleset"].search([("company_id", "=", company.id), ("name", "=", "benchmark what-if")])
    if not draft:
        draft = ruleset.copy({"name": "benchmark what-if", "year": year + 1, "state": "draft"})
        for rule in draft.rule_ids:
            if rule.kind in ("adoption", "period_base"):
                rule.points = rule.points * 1.5
        env.cr.commit()
    for month in (4, 10):
        quarter = env["zugong.period"].search([("company_id", "=", company.id), ("kind", "=", "quarter"),
                                               ("date_start", "=", date(year, month, 1))])
        env.cr.execute("SELECT count(*), sum(points) FROM zugong_score_line WHERE company_id = %s", [company.id])
        before = env.cr.fetchone()
        started = time.perf_counter()
        points = env["zugong.scoring"]._what_if(quarter, ruleset | draft)
        seconds = time.perf_counter() - started
        env.cr.execute("SELECT count(*), sum(points) FROM zugong_score_line WHERE company_id = %s", [company.id])
        unchanged = env.cr.fetchone() == before
        env.cr.rollback()
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        totals = {ruleset_id: round(sum(scored.values()), 2) for ruleset_id, scored in points.items()}
        print(f"what-if of {quarter.name} ({quarter.state}): in force {totals[ruleset.id]} points, draft "
              f"{totals[draft.id]} points, {len(points[draft.id]):,} units and people scored, score lines "
              f"unchanged: {unchanged}; {seconds:.1f} s (goal: under {WHAT_IF_GOAL_SECONDS} s), peak memory of "
              f"the process {peak_mib:,.0f} MiB", flush=True)


def vacuum(database):
    """VACUUM ANALYZE ``database`` when it exists: each recompute leaves the lines it
    replaced behind, which the next one would otherwise read past."""
    try:
        connection = odoo.sql_db.db_connect(database)
        with connection.cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute("VACUUM ANALYZE")
    except psycopg2.OperationalError:  # not created yet: loaded fresh
        pass
    finally:
        odoo.sql_db.close_db(database)


def baseline_seconds(revision):
    """The seconds of the recompute of a province-year by the engine of ``revision``
    (the faster of its benchmark's two runs), its benchmark run from a temporary worktree
    on a database of its own."""
    root = Path(__file__).resolve().parent.parent
    vacuum(f"{DATABASE}_baseline")
    with tempfile.TemporaryDirectory() as directory:
        worktree = Path(directory) / "baseline"
        subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", "--quiet", str(worktree), revision],
                       check=True)
        try:
            addons = os.environ["ZUGONG_ODOO_ADDONS_PATH"].replace(str(root / "addons"), str(worktree / "addons"))
            result = subprocess.run(
                [sys.executable, "scoring.py"], cwd=worktree / "benchmarks", capture_output=True, text=True,
                env=dict(os.environ, ZUGONG_BENCH_DB=f"{DATABASE}_baseline", ZUGONG_ODOO_ADDONS_PATH=addons))
        finally:
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(worktree)], check=True)
    found = re.search(r"recompute of a province-year: ([\d.]+) s, again ([\d.]+) s", result.stdout)
    if result.returncode or not found:
        sys.exit(f"the benchmark of {revision} failed:\n{result.stdout}{result.stderr}")
    for line in result.stdout.splitlines():
        if line.startswith(("recomputed", "closed", "province-year")):
            print(f"{revision}: {line}", flush=True)
    return min(float(found[1]), float(found[2]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what-if-only", action="store_true", help="time the what-if only, not the recompute")
    parser.add_argument("--baseline", metavar="REVISION",
                        help=f"time the recompute of REVISION as well and print the ratios (the first engine: "
                             f"{FIRST_ENGINE})")
    arguments = parser.parse_args()
    baseline = baseline_seconds(arguments.baseline) if arguments.baseline and not arguments.what_if_only else None
    vacuum(DATABASE)
    with odoo_env() as env:
        province = ensure_province(env)
        company, ruleset = prepare(env, province)
        if arguments.what_if_only:
            what_if(env, company, ruleset, province.year)
            return
        env.cr.execute("SELECT count(*) FROM zugong_adoption WHERE company_id = %s", [company.id])
        adoptions = env.cr.fetchone()[0]
        timings = []
        for _run in range(2):
            started = time.perf_counter()
            env["zugong.scoring"]._recompute_year(company, province.year)
            env.cr.commit()
            timings.append(time.perf_counter() - started)
            lines, total, period_lines = snapshot(env, company, province.year)
            print(f"recomputed {province.year}: {adoptions:,} adoptions -> {lines:,} score lines "
                  f"({period_lines:,} of them period lines), {total} points, in {timings[-1]:.1f} s", flush=True)
        print(f"recompute of a province-year: {timings[0]:.1f} s, again {timings[1]:.1f} s "
              f"(goal: under {GOAL_SECONDS} s)")
        # The recomputes above change no line, and write none. Every line written: the
        # year's computed lines deleted first (not timed), then recomputed.
        env.cr.execute("DELETE FROM zugong_score_line WHERE company_id = %s AND date BETWEEN %s AND %s"
                       " AND NOT COALESCE(manual, false)",
                       [company.id, date(province.year, 1, 1), date(province.year, 12, 31)])
        env.cr.commit()
        started = time.perf_counter()
        env["zugong.scoring"]._recompute_year(company, province.year)
        env.cr.commit()
        elapsed = time.perf_counter() - started
        lines, total, _period_lines = snapshot(env, company, province.year)
        print(f"recompute writing every line: {lines:,} score lines, {total} points, in {elapsed:.1f} s", flush=True)
        if baseline:
            print(f"against {arguments.baseline}'s recompute ({baseline:.1f} s): changing nothing "
                  f"{min(timings) / baseline:.2f}x, writing every line {elapsed / baseline:.2f}x "
                  f"(goal: at most {BASELINE_GOAL_RATIO}x)", flush=True)
        what_if(env, company, ruleset, province.year)


if __name__ == "__main__":
    main()
