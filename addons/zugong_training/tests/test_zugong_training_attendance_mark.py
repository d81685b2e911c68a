from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingAttendanceMark(ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._confirmed_session(units=cls.district | cls.county | cls.point)

    def _wizard(self, attendances, **values):
        Wizard = self.env["zugong.training.attendance.mark"].with_user(self.hr_user).with_context(
            active_model="zugong.training.attendance", active_ids=attendances.ids
        )
        with Form(Wizard) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_bulk_marking_from_the_list(self):
        attendances = self.session.attendance_ids
        wizard = self._wizard(attendances)
        self.assertEqual(wizard.attendance_count, 3)
        self.assertEqual(wizard.state, "present")
        wizard.action_apply()
        self.assertEqual(set(attendances.mapped("state")), {"present"})
        self.assertEqual(sum(attendances.mapped("hours_credited")), 18)
        self.assertFalse(self.session.activity_ids)

        some = attendances[:2]
        self._wizard(some, state="excused", excuse_reason="Provincial meeting").action_apply()
        self.assertEqual(set(some.mapped("state")), {"excused"})
        self.assertEqual(set(some.mapped("excuse_reason")), {"Provincial meeting"})
        self.assertEqual(attendances[2].state, "present")

    def test_excused_needs_a_reason(self):
        wizard = self._wizard(self.session.attendance_ids, state="absent")
        wizard.state = "excused"
        with self.assertRaisesRegex(UserError, "reason for leave"):
            wizard.action_apply()

    def test_a_closed_session_cannot_be_marked(self):
        self.session.action_done()
        wizard = self._wizard(self.session.attendance_ids)
        with self.assertRaisesRegex(UserError, "frozen"):
            wizard.action_apply()

    def test_the_wizard_is_bound_to_the_attendance_list(self):
        action = self.env.ref("zugong_training.zugong_training_attendance_mark_action")
        self.assertEqual(action.binding_model_id.model, "zugong.training.attendance")
        self.assertEqual(action.binding_view_types, "list")
