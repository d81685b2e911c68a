import time
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import RaceMixin

YEAR = 2031


@tagged("post_install", "-at_install")
class TestScoringConcurrency(RaceMixin, TransactionCase):
    """Two transactions at once: recording adoptions for one unit, or closing a period
    while an adoption is recorded, never loses nor doubles a point. The transaction that
    loses the race fails with a serialization error, as Odoo's request handling expects,
    and is run again (the retry Odoo does for a request). Needs committed data: it makes
    its own in the year 2031 of a company of its own and removes it afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env["res.company"].create({"name": f"Concurrency {time.time_ns()}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            unit = env["zugong.unit"].create({"name": "Unit", "code": "CONC", "company_id": company.id,
                                              "signoff_required": False})
            publication = env["zugong.publication"].create({"name": "City", "level": "city"})
            province = env["zugong.publication"].create({"name": "Province", "level": "province"})
            item_type = env.ref("zugong_info.item_type_dynamic")
            other_unit = env["zugong.unit"].create({"name": "Other Unit", "code": "CONC-2", "company_id": company.id,
                                                    "signoff_required": False})
            other_officer = env.ref("base.user_demo")
            items = env["zugong.item"].create([{
                "name": f"Item {index}", "body": f"<p>正文 {index}</p>", "company_id": company.id,
                "type_id": item_type.id, "unit_line_ids": [(0, 0, {"unit_id": (unit if index < 3 else other_unit).id})],
                # the other unit's item by an officer of its own (a person's figures are shared too)
                "author_ids": [(6, 0, [(env.user if index < 3 else other_officer).id])],
                "state": "received", "submitted_date": date(YEAR, 3, 2), "first_submitted_date": date(YEAR, 3, 2),
            } for index in range(4)])
            ruleset = env["zugong.ruleset"].create({"name": "Rules", "year": YEAR, "company_id": company.id, "rule_ids": [
                (0, 0, {"kind": "adoption", "level": "city", "points": 20}),
                (0, 0, {"kind": "adoption", "level": "province", "points": 40}),
                (0, 0, {"kind": "multi_adoption", "multi_mode": "highest"}),
                (0, 0, {"kind": "adoption_rate", "period_kind": "month", "rate_threshold": 100, "points": 7}),
            ]})
            ruleset.action_activate()
            env["zugong.quota"].create({"unit_id": unit.id, "year": YEAR, "monthly_min_submissions": 1})
            env["zugong.period"]._ensure(company, "month", date(YEAR, 3, 1))
            cls.company_id, cls.unit_id, cls.other_unit_id = company.id, unit.id, other_unit.id
            cls.city_id, cls.province_id = publication.id, province.id
            cls.item_ids = items.ids
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            company = [cls.company_id]
            # closed periods keep their events: reopened, they let them go
            cr.execute("UPDATE zugong_period SET state = 'open' WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM zugong_score_line WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM zugong_ledger_entry WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM zugong_adoption WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM mail_message WHERE model IN ('zugong.item', 'zugong.period', 'zugong.ruleset',"
                       " 'zugong.quota') AND res_id IN (SELECT id FROM zugong_item WHERE company_id = ANY(%s)"
                       " UNION SELECT id FROM zugong_period WHERE company_id = ANY(%s)"
                       " UNION SELECT id FROM zugong_ruleset WHERE company_id = ANY(%s)"
                       " UNION SELECT id FROM zugong_quota WHERE company_id = ANY(%s))", [company] * 4)
            for table in ("zugong_item_transition", "zugong_item"):
                cr.execute(f"DELETE FROM {table} WHERE company_id = ANY(%s)", [company])
            for table in ("zugong_quota", "zugong_period", "zugong_rule", "zugong_ruleset"):
                cr.execute(f"DELETE FROM {table} WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM zugong_publication WHERE id = ANY(%s)", [[cls.city_id, cls.province_id]])
            cr.execute("DELETE FROM zugong_unit WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = ANY(%s)", [company])
            cr.execute("DELETE FROM res_company WHERE id = ANY(%s)", [company])

    def _adopt(self, env, item_index, publication_id, day):
        env["zugong.adoption"].create({
            "item_id": self.item_ids[item_index], "publication_id": publication_id,
            "issue_number": f"{publication_id}-{day}", "date": day,
        })
        env.flush_all()

    def _close_march(self, env):
        self._close_month(env, 3)

    def _close_month(self, env, month):
        env["zugong.period"]._ensure(env["res.company"].browse(self.company_id), "month",
                                     date(YEAR, month, 1)).action_close()
        env.flush_all()

    def _unit_points(self, unit_id=None, **extra):
        with self.registry.cursor() as cr:
            cr.execute("SELECT coalesce(sum(points), 0) FROM zugong_score_line WHERE unit_id = %s"
                       + "".join(f" AND {column} = %s" for column in extra),
                       [unit_id or self.unit_id, *extra.values()])
            return float(cr.fetchone()[0])

    @mute_logger("odoo.sql_db")
    def test_concurrent_adoptions_and_a_concurrent_close(self):
        # two adoptions of one item at once, the rule counting only the highest: 40, not 60
        error = self._race(lambda env: self._adopt(env, 0, self.city_id, date(YEAR, 3, 10)),
                           lambda env: self._adopt(env, 0, self.province_id, date(YEAR, 3, 11)))
        self.assertIsInstance(error, SerializationFailure)
        self.assertEqual(self._unit_points(), 20, "the loser wrote nothing")
        self._retry(lambda env: self._adopt(env, 0, self.province_id, date(YEAR, 3, 11)))
        self.assertEqual(self._unit_points(), 40)

        # two items of the unit adopted at once: both count
        error = self._race(lambda env: self._adopt(env, 1, self.city_id, date(YEAR, 3, 12)),
                           lambda env: self._adopt(env, 2, self.city_id, date(YEAR, 3, 13)))
        self.assertIsInstance(error, SerializationFailure)
        self._retry(lambda env: self._adopt(env, 2, self.city_id, date(YEAR, 3, 13)))
        self.assertEqual(self._unit_points(), 80)

        # a close while an adoption is being recorded: the close sees the adoption (three
        # of three items adopted: no deduction for a low adoption rate)
        self._retry(lambda env: env["zugong.adoption"].search([("item_id", "=", self.item_ids[2])]).unlink())
        error = self._race(lambda env: self._adopt(env, 2, self.city_id, date(YEAR, 3, 14)),
                           self._close_march)
        self.assertIsInstance(error, SerializationFailure)
        self._retry(self._close_march)
        self.assertEqual(self._unit_points(kind="adoption_rate"), 0)
        self.assertEqual(self._unit_points(), 80)

        # an adoption while the period closes: refused once the close is seen
        self._retry(lambda env: env["zugong.period"].search([("company_id", "=", self.company_id)]).filtered(
            lambda period: period.state == "closed").action_reopen("Test"))
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM zugong_score_line WHERE period_id IS NOT NULL AND company_id = %s", [self.company_id])
        error = self._race(self._close_march,
                           lambda env: self._adopt(env, 1, self.province_id, date(YEAR, 3, 20)))
        self.assertIsInstance(error, SerializationFailure)
        with self.assertRaisesRegex(UserError, "closed"):
            self._retry(lambda env: self._adopt(env, 1, self.province_id, date(YEAR, 3, 20)))
        self.assertEqual(self._unit_points(), 80)

    @mute_logger("odoo.sql_db")
    def test_units_record_side_by_side_and_a_close_sees_what_committed_unseen(self):
        # two units' adoptions in one month at once: neither waits for the other (April:
        # the other test closes March; its period exists, as the year's roll-over makes them)
        self._retry(lambda env: env["zugong.period"]._ensure(env["res.company"].browse(self.company_id), "month",
                                                             date(YEAR, 4, 1)))
        other_before = self._unit_points(self.other_unit_id)
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            self._adopt(self._env(first_cr), 0, self.city_id, date(YEAR, 4, 21))
            second_cr.execute("SET LOCAL lock_timeout = '200ms'")
            self._adopt(self._env(second_cr), 3, self.city_id, date(YEAR, 4, 22))
            second_cr.commit()
            first_cr.commit()
        with self.registry.cursor() as cr:
            cr.execute("SELECT subject_id, adoptions_city FROM zugong_month_total WHERE subject = 'unit'"
                       " AND month = %s AND subject_id = ANY(%s)", [date(YEAR, 4, 1), [self.unit_id, self.other_unit_id]])
            self.assertEqual(dict(cr.fetchall()), {self.unit_id: 1, self.other_unit_id: 1})
        self.assertEqual(self._unit_points(self.other_unit_id) - other_before, 20)

        # a change committed after the close's snapshot was taken, before the close:
        # nothing to wait for, yet the close may not miss it
        with self.registry.cursor() as closer_cr:
            closer_env = self._env(closer_cr)
            closer_env["zugong.period"].search([("company_id", "=", self.company_id)])  # the snapshot
            self._retry(lambda env: self._adopt(env, 1, self.city_id, date(YEAR, 4, 23)))
            with self.assertRaises(SerializationFailure):
                self._close_month(closer_env, 4)
            closer_cr.rollback()
        self._retry(lambda env: self._close_month(env, 4))
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM zugong_period_change c JOIN zugong_period p ON p.id = c.period_id"
                       " WHERE p.company_id = %s AND p.date_start = %s", [self.company_id, date(YEAR, 4, 1)])
            self.assertEqual(cr.fetchone()[0], 0, "a closed month keeps no marks")
