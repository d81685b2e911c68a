from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongOfficerHandover(ZugongCase):

    def _handover(self, **values):
        values.setdefault("unit_id", self.district.id)
        values.setdefault("handover_date", date(2026, 7, 1))
        values.setdefault("reason", "Transferred")
        return self.env["zugong.officer.handover"].with_user(self.research_user).create(values)

    def test_handover_ends_and_registers_in_one_step(self):
        current = self._register(self.district, self.district_officer, date(2026, 1, 1))
        wizard = self._handover(successor_user_id=self.district_head.id)
        self.assertEqual(wizard.current_officer_id, current)
        action = wizard.action_confirm()

        successor = self.env["zugong.officer"].browse(action["res_id"])
        self.assertEqual(current.state, "ended")
        self.assertEqual(current.date_to, date(2026, 6, 30))
        self.assertEqual(current.handover_reason, "Transferred")
        self.assertEqual(successor.state, "registered")
        self.assertEqual(successor.date_from, date(2026, 7, 1))
        self.assertEqual(successor.predecessor_id, current)
        self.assertEqual(successor.registered_by_id, self.research_user)
        self.assertEqual(
            self.env["zugong.officer"]._current_registrations(self.district, date(2026, 7, 1)),
            {self.district.id: successor},
        )

    def test_failed_handover_leaves_the_old_officer_registered(self):
        current = self._register(self.district, self.district_officer, date(2026, 1, 1))
        outsider = self._outsider("t_outsider2")
        wizard = self._handover(successor_user_id=outsider.id)
        with self.assertRaises(ValidationError):
            wizard.action_confirm()
        self.assertEqual(current.state, "registered")
        self.assertFalse(current.date_to)
        self.assertFalse(current.handover_reason)

    def test_handover_date_must_follow_the_start(self):
        self._register(self.district, self.district_officer, date(2026, 7, 1))
        with self.assertRaisesRegex(UserError, "must be after"):
            self._handover(successor_user_id=self.district_head.id).action_confirm()

    def test_end_without_successor(self):
        current = self._register(self.district, self.district_officer, date(2026, 1, 1))
        self._handover().action_confirm()
        self.assertEqual(current.state, "ended")
        self.assertFalse(self.env["zugong.officer"]._current_registrations(self.district, date(2026, 8, 1)))

    def test_nothing_to_hand_over(self):
        with self.assertRaisesRegex(UserError, "no current officer"):
            self._handover().action_confirm()

    def test_first_registration_by_wizard(self):
        action = self._handover(successor_user_id=self.county_officer.id,
                                unit_id=self.county.id).action_confirm()
        registration = self.env["zugong.officer"].browse(action["res_id"])
        self.assertEqual(registration.state, "registered")
        self.assertFalse(registration.predecessor_id)

    def test_successor_employee_proposed(self):
        employee = self.env["hr.employee"].create(
            {"name": "Head employee", "user_id": self.district_head.id}
        )
        with Form(self.env["zugong.officer.handover"].with_context(
                default_unit_id=self.district.id)) as wizard:
            wizard.successor_user_id = self.district_head
            wizard.reason = "Retired"
            self.assertEqual(wizard.successor_employee_id, employee)
