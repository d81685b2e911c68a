import contextlib
import time
import unittest
from datetime import date

import psycopg2
import psycopg2.extensions

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config

from .common import RealStatsServiceCase, StatsRole

YEAR = 2034
BOUND = 1.0  # the service's ZUGONG_STATS_MAX_REPLICA_LAG here, in seconds


@tagged("post_install", "-at_install")
class TestZugongNoticeReplica(RealStatsServiceCase):
    """The scale-out chain for real: Odoo writes to its database, the primary; a hot
    standby of that cluster (pg_basebackup -R, streaming replication, made in the test
    cluster's directory) replays it; the stats service, run here in a thread, reads the
    standby as the read-only role; Odoo generates its notice from the service.

    The data is committed on the primary once the standby streams, so the notice shows
    only what replication brought. A standby whose replay is held up beyond the service's
    bound makes the service answer 503, and Odoo stores nothing rather than a stale
    notice; an idle standby, whose last replayed commit ages without any lag, serves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        service = cls._import_service()
        if service is None:
            return
        Settings, testing = service
        host = config["db_host"] or ""
        if not host.startswith("/"):
            raise unittest.SkipTest("the standby is made in the test cluster's directory: Odoo's db_host must be "
                                    "that directory (scripts/test sets it)")
        cls.primary = {"host": host, "port": config["db_port"] or 5432, "user": config["db_user"],
                       "password": config["db_password"] or None}
        cls.wait_for_replay = staticmethod(testing.wait_for_replay)
        cls.standby = cls.enterClassContext(testing.hot_standby(cls.primary, host))
        # Written on the primary once the standby streams from it: all the notice shows
        # comes through replication. Committed before the test's own transaction reads
        # anything, so that its snapshot sees the scenario.
        cls._commit_scenario()
        cls.addClassCleanup(cls._remove_committed_data)
        stats_role = StatsRole(cls.env, lambda: cls._on(cls.primary))
        cls.addClassCleanup(stats_role.drop)
        cls.role = stats_role.name
        cls.wait_for_replay(cls.primary, cls.standby)
        dsn = psycopg2.extensions.make_dsn(host=cls.standby["host"], port=cls.standby["port"], user=cls.role,
                                           dbname=cls.env.cr.dbname)
        settings = Settings(dsn=dsn, token="replica-test-token", pool_min=1, pool_max=2, max_replica_lag=BOUND)
        cls.url = cls.enterClassContext(testing.running_server(settings))

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"]
        params.set_param("zugong_info.stats_url", self.url)
        params.set_param("zugong_info.stats_token", "replica-test-token")

    # ------------------------------------------------------------------ set-up

    @classmethod
    @contextlib.contextmanager
    def _on(cls, parameters, autocommit=True):
        conn = psycopg2.connect(dbname=cls.env.cr.dbname, **{k: v for k, v in parameters.items() if v})
        conn.autocommit = autocommit
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()

    @classmethod
    def _commit_scenario(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True,
                                                     "lang": "en_US"})
            company = env["res.company"].create({"name": f"Notice replica {time.time_ns()}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            Unit = env["zugong.unit"]
            city = Unit.create({"name": "江北市", "code": "NR", "company_id": company.id})
            east = Unit.create({"name": "东城区委组织部", "code": "NR-E", "kind": "county", "parent_id": city.id,
                                "company_id": company.id})
            west = Unit.create({"name": "西城区委组织部", "code": "NR-W", "kind": "county", "parent_id": city.id,
                                "company_id": company.id})
            env["zugong.item"].create([{
                "name": f"Item {index}", "body": f"<p>正文 {index}</p>", "company_id": company.id,
                "type_id": env.ref("zugong_info.item_type_dynamic").id, "author_ids": [],
                "unit_line_ids": [(0, 0, {"unit_id": unit.id})], "state": "received",
                "submitted_date": date(YEAR, 10, 5 + index),
            } for index, unit in enumerate([east, west, west])])
            ruleset = env["zugong.ruleset"].create({"name": "Rules", "year": YEAR, "company_id": company.id,
                                                    "rule_ids": [(0, 0, {"kind": "pass_mark", "period_kind": "month",
                                                                         "points": 20})]})
            ruleset.action_activate()
            cls.company_id, cls.ruleset_id = company.id, ruleset.id
            cls.city_id, cls.east_id, cls.west_id = city.id, east.id, west.id
        cls._commit_points(cls.east_id, 50)
        cls._commit_points(cls.west_id, 30)

    @classmethod
    def _commit_points(cls, unit_id, points, month=10):
        """A score line committed on the primary, as Odoo writes it."""
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["zugong.score.line"].create({
                "company_id": cls.company_id, "subject": "unit", "unit_id": unit_id, "date": date(YEAR, month, 20),
                "points": points, "ruleset_id": cls.ruleset_id, "kind": "adoption", "explanation": "replica test",
            })

    # ------------------------------------------------------------------ helpers

    def _standby_state(self):
        """(seconds since the last commit the standby replayed, WAL received and not yet
        replayed)."""
        with self._on(self.standby) as cursor:
            cursor.execute("SELECT extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8,"
                           " pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")
            return cursor.fetchone()

    @staticmethod
    def _idle_and_old(state):
        age, waiting = state
        return age > 2 * BOUND and not waiting

    def _wait_until(self, condition, what, timeout=60):
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > timeout:
                self.fail(f"{what} did not happen within {timeout} s")
            time.sleep(0.05)

    def _generate(self, month=10):
        return self.env["zugong.notice"].with_company(self.company_id)._generate({
            "period_kind": "month", "period_start": date(YEAR, month, 1), "scope_unit_id": self.city_id,
            "subject": "units", "tie_breaker_1": "items_submitted",
        })

    def _scores(self, notice):
        """(score, items submitted, rank) of the two counties."""
        return {row.unit_id.id: (row.score, row.items_submitted, row.rank) for row in notice.line_ids
                if row.unit_id.id in (self.east_id, self.west_id)}

    # ------------------------------------------------------------------ tests

    def test_odoo_generates_the_notice_from_the_standby_once_it_has_replayed(self):
        # Idle and caught up, however old its last replayed commit: the standby serves.
        # (Both at once: a busy primary's background writes reach the standby at any time.)
        self._wait_until(lambda: self._idle_and_old(self._standby_state()),
                         "the last replayed commit ageing, with nothing left to replay")
        notice = self._generate()
        self.assertEqual(notice.name, f"{YEAR}年10月全市组工信息工作情况通报")
        self.assertEqual(self._scores(notice), {self.east_id: (50, 1, 1), self.west_id: (30, 2, 2)})
        self.assertEqual(notice.total_score, 80)

        # Odoo writes on the primary; once the standby has replayed, the draft generated
        # again shows it.
        self._commit_points(self.west_id, 40)
        self.wait_for_replay(self.primary, self.standby)
        notice.action_regenerate()
        self.assertEqual(self._scores(notice), {self.west_id: (70, 2, 1), self.east_id: (50, 1, 2)})
        self.assertEqual(notice.total_score, 120)

    def test_a_standby_lagging_beyond_the_bound_is_refused_and_odoo_stores_nothing(self):
        # November's notice, which the other test does not read.
        draft = self._generate(month=11)
        before = self._scores(draft)
        with self._on(self.standby) as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")
        try:
            self._commit_points(self.east_id, 100, month=11)
            with self._on(self.primary) as cursor:
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                written = cursor.fetchone()[0]

            def received():
                with self._on(self.standby) as cursor:
                    cursor.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", [written])
                    return cursor.fetchone()[0]
            self._wait_until(received, "the standby receiving the new score line")
            self._wait_until(lambda: self._standby_state()[0] > BOUND, "the replay falling behind by the bound")

            Notice = self.env["zugong.notice"]
            count = Notice.search_count([])
            with self.assertRaisesRegex(UserError, r"只读副本.*超过允许的 1 秒.*HTTP 503"):
                self._generate(month=11)
            with self.assertRaisesRegex(UserError, r"只读副本.*HTTP 503"):
                draft.action_regenerate()
            self.env.invalidate_all()
            self.assertEqual(Notice.search_count([]), count, "no notice from stale figures")
            self.assertEqual(self._scores(draft), before, "the draft keeps its rows")
        finally:
            with self._on(self.standby) as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")
        self.wait_for_replay(self.primary, self.standby)
        draft.action_regenerate()
        self.assertEqual(self._scores(draft)[self.east_id][0], before[self.east_id][0] + 100)
