"""What each unit and person is held to (zugong_required_held), kept by the database in
the same transaction as the change it follows, always equal to its recomputation."""
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.zugong_info.report.zugong_required_month import HELD_TABLE

from .common import RaceMixin, ZugongCase

YEAR = 2033


@tagged("post_install", "-at_install")
class TestZugongRequiredHeld(ZugongCase):

    def assertKept(self, step):
        self.assertEqual(self.env["zugong.required.month"]._check_held(), [], step)

    def _held(self, subject, record, year=YEAR):
        """(monthly, quarterly, first month of the year, last month) of a unit (its year)
        or a share (subject person), or None when it is held to nothing."""
        self.env.flush_all()
        column = "unit_id" if subject == "unit" else "line_id"
        self.env.cr.execute(
            f"SELECT monthly_min, quarterly_min, first_month - year * 12 + 1, last_month - year * 12 + 1"
            f" FROM zugong_required_held WHERE subject = %s AND {column} = %s AND year = %s",
            [subject, record.id, year])
        return self.env.cr.fetchone()

    def test_the_kept_rows_follow_every_change(self):
        Quota = self.env["zugong.quota"]
        self.assertIsNone(self._held("unit", self.county))
        # a quota of a new year: every active unit of the company is held to that year
        quota = Quota.create({"unit_id": self.district.id, "year": YEAR, "monthly_min_submissions": 2,
                              "quarterly_min_submissions": 0})
        self.assertKept("a quota of a new year")
        self.assertEqual(self._held("unit", self.district), (2, 0, 1, 12))
        self.assertEqual(self._held("unit", self.county), (0, 0, 1, 12), "no quota, no category: nothing")
        self.assertIsNone(self._held("unit", self.foreign_unit), "another company's year")

        quota.write({"monthly_min_submissions": 3, "quarterly_min_submissions": 1})
        self.assertKept("a quota's minimums")
        self.assertEqual(self._held("unit", self.district), (3, 1, 1, 12))

        self.township.category_id = self.category
        self.assertKept("a unit's category")
        self.assertEqual(self._held("unit", self.township), (4, 0, 1, 12), "its category's minimum")
        self.category.write({"monthly_min_submissions": 5, "quarterly_min_submissions": 2})
        self.assertKept("a category's minimums")
        self.assertEqual(self._held("unit", self.township), (5, 2, 1, 12))
        self.assertEqual(self._held("unit", self.district), (3, 1, 1, 12), "its quota's, not its category's")

        self.township.active = False
        self.assertKept("a unit archived")
        self.assertIsNone(self._held("unit", self.township))
        self.township.active = True
        self.assertKept("a unit restored")
        self.assertEqual(self._held("unit", self.township), (5, 2, 1, 12))

        # shares: one all year, a handover on 1 July
        quota.line_ids = [
            (0, 0, {"user_id": self.district_officer.id, "monthly_min_submissions": 2,
                    "quarterly_min_submissions": 1}),
            (0, 0, {"user_id": self.district_head.id, "monthly_min_submissions": 1,
                    "date_to": date(YEAR, 6, 30)}),
            (0, 0, {"user_id": self.county_officer.id, "monthly_min_submissions": 1,
                    "date_from": date(YEAR, 7, 1)}),
        ]
        self.assertKept("shares")
        whole, before, after = quota.line_ids.sorted("id")
        self.assertEqual([self._held("person", line) for line in (whole, before, after)],
                         [(2, 1, 1, 12), (1, 0, 1, 6), (1, 0, 7, 12)])
        quota.line_ids = [(1, before.id, {"date_to": date(YEAR, 3, 31)}),
                          (1, after.id, {"date_from": date(YEAR, 4, 1)})]
        self.assertKept("a handover moved")
        self.assertEqual([self._held("person", line) for line in (before, after)], [(1, 0, 1, 3), (1, 0, 4, 12)])

        # a share moved to another quota
        other = Quota.create({"unit_id": self.county.id, "year": YEAR, "monthly_min_submissions": 0})
        with Quota._split_change():
            whole.quota_id = other
            quota.write({"monthly_min_submissions": 1, "quarterly_min_submissions": 0})
            other.write({"monthly_min_submissions": 2, "quarterly_min_submissions": 1})
        self.assertKept("a share moved to another quota")
        self.env.cr.execute(f"SELECT unit_id FROM {HELD_TABLE} WHERE line_id = %s", [whole.id])
        self.assertEqual(self.env.cr.fetchall(), [(self.county.id,)])
        with Quota._split_change():
            before.unlink()
            after.date_from = False
        self.assertKept("a share deleted")
        self.assertIsNone(self._held("person", before))

        # a quota moved to another year: that year held, the first one no longer
        quota.year = YEAR + 1
        other.unlink()
        self.assertKept("a quota moved to another year, the other deleted")
        self.assertIsNone(self._held("unit", self.county))
        self.assertEqual(self._held("unit", self.county, YEAR + 1), (0, 0, 1, 12))
        self.assertEqual(self._held("person", after, YEAR + 1), (1, 0, 1, 12))

        # a period of a year with no quota is a year held
        self.env["zugong.period"]._ensure(self.company, "month", date(YEAR + 2, 5, 1))
        self.assertKept("a period of a new year")
        self.assertEqual(self._held("unit", self.county, YEAR + 2), (0, 0, 1, 12))
        # made through the ORM, a period's row is written before its year
        self.env["zugong.period"].create({"company_id": self.company.id, "kind": "month",
                                          "date_start": date(YEAR + 3, 2, 1)})
        self.assertKept("a period of a new year, its year written after its row")
        self.assertEqual(self._held("unit", self.county, YEAR + 3), (0, 0, 1, 12))
        # a unit made before such a period's year is written: no year is one of no number
        self.env["zugong.period"].create({"company_id": self.company.id, "kind": "month",
                                          "date_start": date(YEAR + 3, 3, 1)})
        early = self.env["zugong.unit"].create({"name": "Early", "code": "T-EARLY", "parent_id": self.city.id})
        self.assertKept("a unit made while a period has no year yet")
        self.assertEqual(self._held("unit", early, YEAR + 3), (0, 0, 1, 12))

        # units made, moved to another company and deleted
        unit = self.env["zugong.unit"].create({"name": "New", "code": "T-NEW", "parent_id": self.city.id,
                                               "category_id": self.category.id})
        self.assertKept("a unit made")
        self.assertEqual(self._held("unit", unit, YEAR + 1), (5, 2, 1, 12))
        self.section.write({"company_id": self.other_company.id, "parent_id": False})
        self.assertKept("a unit moved to another company")
        self.assertIsNone(self._held("unit", self.section, YEAR + 1))
        unit.unlink()
        quota.unlink()
        self.assertKept("a unit and a quota deleted")
        self.assertIsNone(self._held("unit", unit, YEAR + 1))

    def test_the_check_finds_a_kept_row_that_differs(self):
        self.env["zugong.quota"].create({"unit_id": self.district.id, "year": YEAR, "monthly_min_submissions": 2})
        self.env.flush_all()
        self.env.cr.execute(f"UPDATE {HELD_TABLE} SET monthly_min = 7 WHERE unit_id = %s AND year = %s",
                            [self.district.id, YEAR])
        differences = self.env["zugong.required.month"]._check_held()
        self.assertEqual(len(differences), 2)
        self.assertIn("'monthly_min': 7", differences[0] + differences[1])


@tagged("post_install", "-at_install")
class TestZugongRequiredHeldConcurrency(RaceMixin, TransactionCase):
    """Two transactions at once changing what a company's units are held to: the later
    fails with a serialization error (Odoo runs its request again) rather than keep rows
    computed without the other's change. Needs committed data: a company of its own,
    removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env["res.company"].create({"name": "Held concurrency"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            category = env["zugong.unit.category"].create({"name": "Held category", "monthly_min_submissions": 1,
                                                           "company_id": company.id})
            units = env["zugong.unit"].create([
                {"name": "In the category", "code": "HELD-1", "company_id": company.id, "category_id": category.id},
                {"name": "Moving into it", "code": "HELD-2", "company_id": company.id},
            ])
            env["zugong.period"]._ensure(company, "month", date(YEAR, 1, 1))
            cls.company_id, cls.category_id, cls.unit_ids = company.id, category.id, units.ids
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            cr.execute("DELETE FROM zugong_period WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM zugong_unit WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM zugong_unit_category WHERE id = %s", [cls.category_id])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company WHERE id = %s", [cls.company_id])

    def _set_minimum(self, env):
        env["zugong.unit.category"].browse(self.category_id).monthly_min_submissions = 6
        env.flush_all()

    def _move_into_the_category(self, env):
        env["zugong.unit"].browse(self.unit_ids[1]).category_id = self.category_id
        env.flush_all()

    def _held_minimums(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT unit_id, monthly_min FROM zugong_required_held"
                       " WHERE subject = 'unit' AND unit_id = ANY(%s) AND year = %s ORDER BY unit_id",
                       [self.unit_ids, YEAR])
            return cr.fetchall()

    @mute_logger("odoo.sql_db")
    def test_a_category_changed_while_a_unit_moves_into_it(self):
        error = self._race(self._set_minimum, self._move_into_the_category)
        self.assertIsInstance(error, SerializationFailure)
        self.assertEqual(self._held_minimums(), [(self.unit_ids[0], 6), (self.unit_ids[1], 0)])
        self._retry(self._move_into_the_category)
        self.assertEqual(self._held_minimums(), [(self.unit_ids[0], 6), (self.unit_ids[1], 6)])
        self._assert_kept()

    def _new_year(self, env):
        env["zugong.period"]._ensure(env["res.company"].browse(self.company_id), "month", date(YEAR + 1, 1, 1))
        env.flush_all()

    def _new_unit(self, env):
        env["zugong.unit"].create({"name": "Made meanwhile", "code": "HELD-3", "company_id": self.company_id})
        env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_a_unit_made_while_the_company_begins_a_year(self):
        error = self._race(self._new_year, self._new_unit)
        self.assertIsInstance(error, SerializationFailure)
        self._retry(self._new_unit)
        with self.registry.cursor() as cr:
            cr.execute("SELECT array_agg(held.year ORDER BY held.year) FROM zugong_required_held held"
                       " JOIN zugong_unit unit ON unit.id = held.unit_id"
                       " WHERE held.subject = 'unit' AND unit.code = 'HELD-3' AND unit.company_id = %s",
                       [self.company_id])
            self.assertEqual(cr.fetchone()[0], [YEAR, YEAR + 1], "the year begun meanwhile included")
        self._assert_kept()

    def _assert_kept(self):
        with self.registry.cursor() as cr:
            self.assertEqual(self._env(cr)["zugong.required.month"]._check_held(), [])
