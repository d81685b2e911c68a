"""Attacks on the stats service's side of Odoo: its read-only database role, created by
the SQL the Settings show and connected as itself to Odoo's own database, and the
service's configuration read by users who are not administrators. Each refused, with
nothing changed."""
import contextlib
import unittest
import uuid

import psycopg2
import psycopg2.errors

from odoo.sql_db import connection_info_for
from odoo.tests import tagged

from odoo.addons.zugong_info.report.zugong_reporting_contract import contract_relations, load_contract

from zugong_stats.cache import SNAPSHOT_SQL
from zugong_stats.db import DATA_VERSION_SQL

from .common import AttackCase, StatsRole, ZugongCase

CONTRACT = load_contract()
SCHEMA = CONTRACT["schema"]
UNIT_VIEW = f'"{SCHEMA}"."zugong_unit_v2"'
# A view of one table, which PostgreSQL would update through were it not for privileges.
LINE_VIEW = f'"{SCHEMA}"."zugong_score_line_v2"'
TOTAL_VIEW = f'"{SCHEMA}"."zugong_month_total_v2"'
YEAR_VIEW = f'"{SCHEMA}"."zugong_year_total_v2"'

# What the role tries once it has switched its read-only default off; each is refused by
# its privileges.
ATTACKS = {
    "read Odoo's users": "SELECT login, password FROM res_users",
    "read Odoo's items": "SELECT count(*) FROM zugong_item",
    "read the monthly totals' table": "SELECT count(*) FROM zugong_month_total",
    "read the yearly totals' table": "SELECT count(*) FROM zugong_year_total",
    "read the system parameters": "SELECT value FROM ir_config_parameter",
    "change a password": "UPDATE res_users SET password = 'stolen' WHERE id = 2",
    "a table in public": "CREATE TABLE public.stolen (id integer)",
    "a table beside the views": f"CREATE TABLE {SCHEMA}.stolen (id integer)",
    "a function Odoo's user could be made to run":
        "CREATE FUNCTION public.stolen() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    "a schema": "CREATE SCHEMA stolen",
    "a temporary table": "CREATE TEMP TABLE stolen (id integer)",
    "a large object": "SELECT lo_create(0)",
    "insert into a view": f"INSERT INTO {LINE_VIEW} (line_id, points) VALUES (999999, 1000)",
    "update a view": f"UPDATE {LINE_VIEW} SET points = 1000",
    "delete from a view": f"DELETE FROM {LINE_VIEW}",
    "raise the monthly totals through their view": f"UPDATE {TOTAL_VIEW} SET points = points + 1000",
    "add a monthly total through its view":
        f"INSERT INTO {TOTAL_VIEW} (company_id, unit_id, month, points) VALUES (1, 1, '2026-01-01', 1000)",
    "raise the yearly totals through their view": f"UPDATE {YEAR_VIEW} SET points = points + 1000",
    "add a yearly total through its view":
        f"INSERT INTO {YEAR_VIEW} (company_id, unit_id, year, points) VALUES (1, 1, 2026, 1000)",
    "raise the yearly totals' table": "UPDATE zugong_year_total SET points = points + 1000",
    "replace a view": f"CREATE OR REPLACE VIEW {UNIT_VIEW} AS SELECT * FROM {UNIT_VIEW}",
    "drop a view": f"DROP VIEW {UNIT_VIEW}",
}


@tagged("post_install", "-at_install")
class TestSecurityStatsRole(ZugongCase):
    """The SQL Odoo shows in the Settings, run on Odoo's real database (committed, as a
    deployment runs it), then the role connected as itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname, cls.connection_info = connection_info_for(cls.env.cr.dbname)
        cls.connection_info.pop("application_name", None)
        cls.env.cr.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cls.env.cr.fetchone()[0]:
            raise unittest.SkipTest("Odoo's database user may not create roles here")
        stats_role = StatsRole(cls.env, cls._as_odoo, password=uuid.uuid4().hex)
        cls.addClassCleanup(stats_role.drop)
        cls.role, cls.password, cls.sql = stats_role.name, stats_role.password, stats_role.sql

    @classmethod
    @contextlib.contextmanager
    def _as_odoo(cls):
        """A connection of Odoo's database user of its own, committing."""
        conn = psycopg2.connect(**cls.connection_info)
        try:
            with conn, conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()

    @contextlib.contextmanager
    def _as_role(self):
        conn = psycopg2.connect(**dict(self.connection_info, user=self.role, password=self.password))
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()

    def _state(self):
        """What the attacks could change, as Odoo's user sees it committed."""
        with self._as_odoo() as cursor:
            cursor.execute(f"""
                SELECT (SELECT count(*) FROM pg_class WHERE relname = 'stolen'),
                       (SELECT count(*) FROM pg_proc WHERE proname = 'stolen'),
                       (SELECT count(*) FROM pg_namespace WHERE nspname = 'stolen'),
                       (SELECT count(*) FROM pg_largeobject_metadata),
                       (SELECT md5(string_agg(id || ':' || coalesce(password, ''), ',' ORDER BY id)) FROM res_users),
                       (SELECT md5(string_agg(id || ':' || name, ',' ORDER BY id)) FROM zugong_unit),
                       (SELECT md5(string_agg(id || ':' || points, ',' ORDER BY id)) FROM zugong_score_line),
                       (SELECT md5(string_agg(id || ':' || items || ':' || points, ',' ORDER BY id))
                          FROM zugong_month_total),
                       (SELECT md5(string_agg(subject || subject_id || ':' || year || ':' || items || ':' || points,
                                              ',' ORDER BY subject, subject_id, year))
                          FROM zugong_year_total),
                       (SELECT pg_get_viewdef('{SCHEMA}.zugong_unit_v2'::regclass))
            """)
            return cursor.fetchone()

    def test_the_settings_show_sql_that_takes_back_what_every_role_may_create(self):
        self.assertIn(f'GRANT USAGE ON SCHEMA "{SCHEMA}" TO "{self.role}";', self.sql)
        self.assertIn("REVOKE CREATE ON SCHEMA public FROM PUBLIC;", self.sql)
        self.assertIn(f'REVOKE TEMPORARY ON DATABASE "{self.dbname}" FROM PUBLIC;', self.sql)
        self.assertNotIn("ON SCHEMA public TO \"%s\"" % self.role, self.sql)

    def test_the_role_selects_every_contract_view(self):
        with self._as_role() as cursor:
            # with the service's search path: the views' functions too run as the service runs them
            cursor.execute(f'SET search_path = "{SCHEMA}", pg_temp')
            for relation in contract_relations(CONTRACT):
                cursor.execute(f'SELECT * FROM "{SCHEMA}"."{relation}"')
                cursor.fetchall()
            cursor.execute(f'SELECT version FROM "{SCHEMA}"."{CONTRACT["version_view"]}"')
            self.assertEqual(cursor.fetchall(), [(CONTRACT["version"],)])
            cursor.execute("SHOW default_transaction_read_only")
            self.assertEqual(cursor.fetchone()[0], "on")

    def test_the_role_reads_the_data_version_the_service_keeps_answers_by(self):
        # The WAL position (replayed on a standby), the server's start and reinitialisation
        # and the snapshot: every role's to read.
        with self._as_role() as cursor:
            cursor.execute(DATA_VERSION_SQL)
            position, key = cursor.fetchone()
            self.assertIn("/", position)
            self.assertTrue(key.startswith("primary "), key)
            cursor.execute(SNAPSHOT_SQL)
            self.assertIn(":", cursor.fetchone()[0])

    def test_the_role_reads_nothing_else_and_creates_nothing_even_read_write(self):
        before = self._state()
        for name, statement in ATTACKS.items():
            with self.subTest(attack=name), self._as_role() as cursor:
                # The read-only default is the role's to switch off: its privileges hold.
                cursor.execute("SET default_transaction_read_only = off")
                with self.assertRaises(psycopg2.errors.InsufficientPrivilege):
                    cursor.execute(statement)
        self.assertEqual(self._state(), before)

    def test_odoo_s_user_keeps_creating(self):
        """What was taken from PUBLIC, Odoo's own user still has: its upgrades create
        tables, and Odoo makes temporary tables."""
        with self._as_odoo() as cursor:
            cursor.execute("""
                SELECT has_schema_privilege('public', 'CREATE'),
                       has_database_privilege(current_database(), 'TEMPORARY')
            """)
            self.assertEqual(cursor.fetchone(), (True, True))


@tagged("post_install", "-at_install")
class TestSecurityStatsSettings(AttackCase, ZugongCase):
    """The stats service's address, role and role SQL are for administrators: Odoo's
    settings read every system parameter as the superuser, so that any user could read
    them over JSON-RPC (default_get, onchange)."""

    FIELDS = ["zugong_stats_url", "zugong_stats_role", "zugong_stats_role_sql", "zugong_stats_timeout",
              "zugong_stats_token_set"]

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"]
        params.set_param("zugong_info.stats_url", "http://stats.internal:8070")
        params.set_param("zugong_info.stats_role", "stats_reader")
        params.set_param("zugong_info.stats_token", "settings-secret-token")
        self.before = {key: params.get_param(key) for key in
                       ("zugong_info.stats_url", "zugong_info.stats_role", "zugong_info.stats_token")}

    def _unchanged(self):
        self.env.invalidate_all()
        params = self.env["ir.config_parameter"]
        self.assertEqual({key: params.get_param(key) for key in self.before}, self.before)

    def test_officers_cannot_read_the_stats_settings(self):
        for user in (self.district_officer, self.point_officer):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "res.config.settings", "default_get", self.FIELDS,
                                      error="AccessError")
                self.assertRpcRefused(user, "res.config.settings", "onchange", [], {}, [],
                                      dict.fromkeys(self.FIELDS, {}), error="AccessError")
                self.assertRpcRefused(user, "res.config.settings", "onchange", [],
                                      {"zugong_stats_role": "stats_reader"}, ["zugong_stats_role"],
                                      {"zugong_stats_role_sql": {}}, error="AccessError")
                self.assertRpcRefused(user, "ir.config_parameter", "get_param", "zugong_info.stats_url",
                                      error="AccessError")
                self._unchanged()

    def test_the_research_office_cannot_read_them_either(self):
        self.assertRpcRefused(self.research_user, "res.config.settings", "default_get", self.FIELDS,
                              error="AccessError")
        self._unchanged()

    def test_administrators_read_them(self):
        admin = self.env.ref("base.user_admin")
        admin.password = "admin"
        self.authenticate("admin", "admin")
        values = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "res.config.settings", "method": "default_get", "args": [self.FIELDS], "kwargs": {},
        })
        self.assertEqual(values["zugong_stats_url"], "http://stats.internal:8070")
        self.assertEqual(values["zugong_stats_role"], "stats_reader")
        self.assertNotIn("settings-secret-token", str(values))
