import threading
import time
from datetime import date

from psycopg2.errors import ExclusionViolation

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongOfficer(ZugongCase):

    OVERLAP = "zugong_officer_one_officer_per_unit_and_date"

    def test_overlap_refused_with_a_readable_message(self):
        self._register(self.district, self.district_officer, date(2026, 1, 1))
        with self.assertDatabaseRefuses(self.OVERLAP, "已有备案的信息员"):
            self._register(self.district, self.district_head, date(2026, 6, 1))

    def test_overlap_with_history_refused(self):
        old = self._register(self.district, self.district_head, date(2025, 1, 1), date(2025, 12, 31))
        old.state = "ended"
        with self.assertDatabaseRefuses(self.OVERLAP, "已有备案的信息员"):
            self._register(self.district, self.district_officer, date(2025, 12, 31))
        successor = self._register(self.district, self.district_officer, date(2026, 1, 1))
        self.assertEqual(successor.state, "registered")

    @mute_logger("odoo.sql_db")
    def test_overlap_refused_by_the_database(self):
        """The exclusion constraint holds for plain SQL too, and spares pending and
        archived registrations."""
        first = self._register(self.district, self.district_officer, date(2026, 1, 1))
        second = self.env["zugong.officer"].create({
            "unit_id": self.district.id, "user_id": self.district_head.id,
            "date_from": date(2026, 3, 1),
        })
        self.env.flush_all()
        with self.assertRaises(ExclusionViolation):
            self.env.cr.execute(
                "UPDATE zugong_officer SET state = 'registered' WHERE id = %s", [second.id]
            )
        # pending registrations and archived ones are outside the constraint
        self.env.cr.execute("UPDATE zugong_officer SET active = false WHERE id = %s", [first.id])
        self.env.cr.execute(
            "UPDATE zugong_officer SET state = 'registered' WHERE id = %s", [second.id]
        )

    def test_other_units_do_not_conflict(self):
        self._register(self.district, self.district_officer)
        self._register(self.county, self.county_officer)
        self._register(self.section, self.district_officer)  # one person, two units

    def test_date_to_before_date_from(self):
        with self.assertDatabaseRefuses("zugong_officer_date_order", "结束日期"):
            self._register(self.district, self.district_officer, date(2026, 5, 1), date(2026, 4, 30))
        registration = self._register(self.district, self.district_officer, date(2026, 5, 1))
        with self.assertDatabaseRefuses("zugong_officer_date_order", "结束日期"):
            registration.date_to = date(2026, 1, 1)
            registration.flush_recordset()

    def test_unit_of_another_company(self):
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self._register(self.foreign_unit, self.district_officer)

    def test_person_without_access_to_the_company(self):
        outsider = self._outsider("t_outsider")
        with self.assertRaisesRegex(ValidationError, "no access"):
            self._register(self.district, outsider)

    def test_pending_registration_asks_the_research_office(self):
        registration = self.env["zugong.officer"].with_user(self.district_head).create({
            "unit_id": self.township.id, "user_id": self.district_officer.id,
        })
        self.assertEqual(registration.state, "pending")
        self.assertIn(self.research_user, registration.sudo().activity_ids.user_id)
        self.assertNotIn(self.district_head, registration.sudo().activity_ids.user_id)

        with self.assertRaises(AccessError):
            registration.with_user(self.district_head).action_register()
        with self.assertRaises(AccessError):
            registration.with_user(self.district_head).write({"state": "registered"})

        registration.with_user(self.research_user).action_register()
        self.assertEqual(registration.state, "registered")
        self.assertEqual(registration.registered_by_id, self.research_user)
        self.assertTrue(registration.registered_on)
        self.assertFalse(registration.activity_ids)
        with self.assertRaises(UserError):
            registration.with_user(self.research_user).action_register()

    def test_unit_head_cannot_register_directly(self):
        with self.assertRaises(AccessError):
            self.env["zugong.officer"].with_user(self.district_head).create({
                "unit_id": self.township.id, "user_id": self.district_officer.id,
                "state": "registered",
            })

    def test_registration_makes_a_person_without_unit_a_member(self):
        newcomer = self._user("t_newcomer", "zugong_info.group_officer")
        self._register(self.section, newcomer)
        self.assertEqual(newcomer.zugong_unit_id, self.section)
        self._register(self.county, self.district_officer)
        self.assertEqual(self.district_officer.zugong_unit_id, self.district)

    def test_registered_records_are_archived_not_deleted(self):
        registration = self._register(self.district, self.district_officer)
        with self.assertRaisesRegex(UserError, "Archive"):
            registration.unlink()
        registration.action_archive()
        self.assertFalse(registration.active)
        self.assertTrue(registration.exists())
        pending = self.env["zugong.officer"].create(
            {"unit_id": self.county.id, "user_id": self.county_officer.id}
        )
        pending.unlink()
        self.assertFalse(pending.exists())

    def test_current_flag_and_its_search(self):
        today = date.today()
        current = self._register(self.district, self.district_officer, date(2020, 1, 1))
        future = self._register(self.county, self.county_officer, date(today.year + 1, 1, 1))
        Officer = self.env["zugong.officer"]
        self.assertTrue(current.is_current)
        self.assertFalse(future.is_current)
        self.assertIn(current, Officer.search([("is_current", "=", True)]))
        self.assertNotIn(future, Officer.search([("is_current", "=", True)]))
        self.assertIn(future, Officer.search([("is_current", "!=", True)]))


@tagged("post_install", "-at_install")
class TestZugongOfficerConcurrency(TransactionCase):
    """Two transactions registering officers for one unit at once: the second waits on
    the first and is refused when it commits. Needs committed data, so it makes its own
    unit in a separate transaction and removes it afterwards (the test's own transaction
    makes no unit: a unit made there would hold its company's row of what units are held
    to, which the separate transaction making its unit would wait for)."""

    def _committed_unit(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            unit = env["zugong.unit"].create({"name": "Concurrent", "code": f"T-CONC-{time.time_ns()}"})
            unit_id = unit.id
        self.addCleanup(self._drop_committed_unit, unit_id)
        return unit_id

    def _drop_committed_unit(self, unit_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM zugong_officer WHERE unit_id = %s", [unit_id])
            officer_ids = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'zugong.officer' AND res_id = ANY(%s)",
                [officer_ids],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'zugong.officer' AND res_id = ANY(%s)",
                [officer_ids],
            )
            cr.execute("DELETE FROM zugong_officer WHERE unit_id = %s", [unit_id])
            cr.execute("DELETE FROM zugong_unit_member WHERE unit_id = %s", [unit_id])
            cr.execute("DELETE FROM zugong_unit WHERE id = %s", [unit_id])

    @mute_logger("odoo.sql_db")
    def test_two_cursors_cannot_both_register(self):
        unit_id = self._committed_unit()
        values = {"unit_id": unit_id, "user_id": SUPERUSER_ID, "state": "registered"}
        errors = []

        def register(env, start):
            try:
                env["zugong.officer"].create(dict(values, date_from=start))
                env.flush_all()
            except Exception as error:  # noqa: BLE001 - the thread reports what it met
                errors.append(error)

        # Environments are made here: building one takes the registry lock, which the
        # thread running the tests holds.
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first_env = api.Environment(first_cr, SUPERUSER_ID, {})
            second_env = api.Environment(second_cr, SUPERUSER_ID, {})
            register(first_env, date(2026, 1, 1))
            second = threading.Thread(target=register, args=(second_env, date(2026, 7, 1)))
            second.start()
            self._wait_until_a_transaction_waits_on_a_lock()
            first_cr.commit()
            second.join(timeout=30)
            self.assertFalse(second.is_alive())
            second_cr.rollback()

        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], ExclusionViolation)
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM zugong_officer WHERE unit_id = %s", [unit_id])
            self.assertEqual(cr.fetchone()[0], 1)

    def _wait_until_a_transaction_waits_on_a_lock(self):
        with self.registry.cursor() as cr:
            for _attempt in range(200):
                cr.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cr.fetchone()[0]:
                    return
                time.sleep(0.05)
        self.fail("the second transaction never waited on the first")
