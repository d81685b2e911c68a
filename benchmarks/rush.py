"""A month-end rush: 20 officers of one company submit their items at once, and the
research office records 20 adoptions at once, in the same month. Each submission or
adoption runs in a transaction of its own, as an Odoo request does, started together
(a barrier), and is retried after a serialization failure as Odoo retries a request.
A monitor samples pg_stat_activity every few milliseconds and measures how long each
transaction waits on a lock. The goal: no transaction waits more than 200 ms on
another's lock.

Also measured, for comparison: 10 units with two officers each submitting at once (the
two officers of a unit add to the same monthly totals of their unit).

The company, its units, officers and items are made for the run and left in the
benchmark database (a throwaway one unless PGHOST names a server). Prints figures;
asserts nothing.

    benchmarks/run rush [--rounds 5] [--officers 20]
"""
import argparse
import statistics
import threading
import time
from datetime import date

from psycopg2 import errorcodes

from common import chinese_text, odoo_env, seeded

from odoo import api  # noqa: E402
from odoo.tools import mute_logger  # noqa: E402

GOAL_MS = 200
RETRIED = (errorcodes.SERIALIZATION_FAILURE, errorcodes.DEADLOCK_DETECTED, errorcodes.LOCK_NOT_AVAILABLE)


class LockMonitor(threading.Thread):
    """Samples the lock waits of the database's sessions: the longest continuous wait of
    each transaction (backend and transaction start), in milliseconds."""

    def __init__(self, registry, interval=0.002):
        super().__init__(daemon=True)
        self.registry, self.interval = registry, interval
        self.waits, self._since, self._stopping = {}, {}, threading.Event()

    def run(self):
        with self.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            while not self._stopping.is_set():
                cr.execute("""
                    SELECT pid, xact_start FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)
                now = time.perf_counter()
                waiting = {(pid, started) for pid, started in cr.fetchall()}
                for key in list(self._since):
                    if key not in waiting:
                        self._record(key, now)
                for key in waiting:
                    self._since.setdefault(key, now)
                cr.commit()
                time.sleep(self.interval)
            for key in list(self._since):
                self._record(key, time.perf_counter())

    def _record(self, key, now):
        started = self._since.pop(key)
        self.waits[key] = max(self.waits.get(key, 0.0), (now - started) * 1000)

    def stop(self):
        self._stopping.set()
        self.join()

    def longest(self):
        return max(self.waits.values(), default=0.0)


def make_company(env, units, officers_per_unit):
    """A company of ``units`` units with officers, a city publication, its periods of the
    year and a rule set in force."""
    stamp = time.time_ns()
    company = env["res.company"].create({"name": f"冲刺测试组织部 {stamp}"})
    env = env(context=dict(env.context, allowed_company_ids=company.ids, tracking_disable=True,
                           mail_create_nolog=True, mail_notrack=True))
    year = date.today().year
    env["zugong.period"]._create_year(company, year)
    env["zugong.ruleset"].create({
        "name": "冲刺测试计分办法", "year": year, "company_id": company.id, "rule_ids": [
            (0, 0, {"kind": "adoption", "level": "city", "points": 20, "applies_to": "both"}),
            (0, 0, {"kind": "multi_adoption", "multi_mode": "highest"}),
        ]}).action_activate()
    publication = env["zugong.publication"].create({"name": f"冲刺市委组工信息 {stamp}", "level": "city"})
    officer_group = env.ref("zugong_info.group_officer")
    research_group = env.ref("zugong_info.group_research")
    research = env["res.users"].create({
        "name": "研究室", "login": f"rush-research-{stamp}", "company_id": company.id,
        "company_ids": [(6, 0, company.ids)], "groups_id": [(6, 0, [env.ref("base.group_user").id, research_group.id])],
    })
    staff = []
    for index in range(units):
        unit = env["zugong.unit"].create({"name": f"第{index + 1}县委组织部", "code": f"RUSH-{stamp}-{index}",
                                          "kind": "county", "company_id": company.id, "signoff_required": False})
        for number in range(officers_per_unit):
            officer = env["res.users"].create({
                "name": f"信息员{index + 1}-{number + 1}", "login": f"rush-{stamp}-{index}-{number}",
                "company_id": company.id, "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref("base.group_user").id, officer_group.id])],
            })
            env["zugong.unit.member"].create({"unit_id": unit.id, "user_id": officer.id})
            staff.append((unit, officer))
    env.cr.commit()
    return company, publication, research, staff


def draft_items(env, company, staff, rng):
    items = env["zugong.item"].create([{
        "name": f"{unit.name}工作动态", "body": f"<p>{chinese_text(rng, 300)}</p>", "company_id": company.id,
        "author_ids": [(6, 0, officer.ids)], "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
    } for unit, officer in staff])
    env.cr.commit()
    return items


def rush(registry, company, steps):
    """Runs ``steps`` ((uid, function of env)) at once, each in a transaction of its own,
    retried on a serialization failure (ten attempts at most). Returns the times (ms) of
    those that succeeded, the retries, the longest lock wait (ms) and how many gave up."""
    barrier = threading.Barrier(len(steps))
    times, retries, errors, given_up = [], [], [], []
    monitor = LockMonitor(registry)
    monitor.start()

    def run(uid, step):
        barrier.wait()
        started = time.perf_counter()
        for attempt in range(10):
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {"allowed_company_ids": company.ids, "lang": "zh_CN",
                                                "tracking_disable": True})
                try:
                    step(env)
                    env.flush_all()
                    cr.commit()
                    break
                except Exception as error:  # noqa: BLE001 - counted, retried as Odoo does
                    cr.rollback()
                    if getattr(error, "pgcode", None) not in RETRIED:
                        errors.append(error)
                        return
                    retries.append(attempt)
                    time.sleep(0.01 * (attempt + 1))
        else:
            given_up.append(step)
            return
        times.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=run, args=step) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monitor.stop()
    if errors:
        raise errors[0]
    return times, len(retries), monitor.longest(), len(given_up)


def report(label, rounds):
    times = [value for result in rounds for value in result[0]]
    retries = sum(result[1] for result in rounds)
    waits = [result[2] for result in rounds]
    given_up = sum(result[3] for result in rounds)
    took = (f"each took median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms"
            if times else "none succeeded")
    print(f"{label}: {len(times) + given_up} transactions in {len(rounds)} rounds; {took}; retried after a "
          f"serialization failure: {retries}; gave up after ten attempts: {given_up}; longest lock wait "
          f"{max(waits):.0f} ms (goal: at most {GOAL_MS} ms)", flush=True)


@mute_logger("odoo.sql_db")  # the serialization failures, counted and retried
def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--officers", type=int, default=20)
    args = parser.parse_args()
    rng = seeded("rush")
    with odoo_env() as env:
        registry = env.registry
        env["res.lang"]._activate_lang("zh_CN")
        company, publication, research, staff = make_company(env, args.officers, 1)
        pairs = make_company(env, args.officers // 2, 2)
        env = env(context=dict(env.context, allowed_company_ids=company.ids + pairs[0].ids, tracking_disable=True))

        def submit(item):
            return lambda env: env["zugong.item"].browse(item.id).action_submit(similar_reason="月末集中报送")

        def adopt(item, day):
            return lambda env: env["zugong.adoption"].create({
                "item_id": item.id, "publication_id": publication.id, "issue_number": f"{item.id}", "date": day,
            })

        submissions, adoptions, shared = [], [], []
        day = date.today().replace(day=1)
        for _round in range(args.rounds):
            items = draft_items(env, company, staff, rng)
            submissions.append(rush(registry, company, [
                (officer.id, submit(item)) for item, (_unit, officer) in zip(items, staff)]))
            env.invalidate_all()
            items = env["zugong.item"].browse(items.ids).filtered(lambda item: item.state == "submitted")
            env(user=research.id, context={"allowed_company_ids": company.ids})["zugong.item"].browse(
                items.ids).action_receive()
            env.cr.commit()
            adoptions.append(rush(registry, company, [(research.id, adopt(item, day)) for item in items]))
            paired = draft_items(env, pairs[0], pairs[3], rng)
            shared.append(rush(registry, pairs[0], [
                (officer.id, submit(item)) for item, (_unit, officer) in zip(paired, pairs[3])]))
        print(f"month-end rush in one company, {args.officers} officers of {args.officers} units:")
        report("  submissions at once", submissions)
        report("  adoptions recorded at once", adoptions)
        print(f"for comparison, {args.officers // 2} units with two officers each:")
        report("  submissions at once", shared)


if __name__ == "__main__":
    main()
