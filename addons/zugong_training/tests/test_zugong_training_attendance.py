from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingAttendance(ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._confirmed_session(units=cls.district | cls.county | cls.point)
        cls.attendance = cls.session.attendance_ids.filtered(
            lambda a: a.user_id == cls.district_officer
        )

    def test_each_state_and_its_hours(self):
        expected = {"invited": 0, "present": 6, "late": 3, "absent": 0, "excused": 0}
        for state, hours in expected.items():
            self.attendance.write({"state": state, "excuse_reason": "Ill" if state == "excused" else False})
            self.assertEqual(self.attendance.hours_credited, hours, state)

    def test_late_hours_follow_the_session_rule(self):
        self.attendance._mark("late")
        self.session.late_percent = 25
        self.assertEqual(self.attendance.hours_credited, 1.5)
        self.session.hours = 4
        self.assertEqual(self.attendance.hours_credited, 1)
        self.attendance._mark("present")
        self.assertEqual(self.attendance.hours_credited, 4)

    def test_excused_needs_a_reason(self):
        with self.assertRaisesRegex(UserError, "reason for leave"):
            self.attendance._mark("excused", "  ")
        with self.assertDatabaseRefuses("zugong_training_attendance_excuse_needs_reason", "请假事由"):
            self.attendance.write({"state": "excused", "excuse_reason": " "})
            self.attendance.flush_recordset()
        self.attendance._mark("excused", "Attending the county party congress")
        self.assertEqual(self.attendance.excuse_reason, "Attending the county party congress")
        self.attendance._mark("absent")
        self.assertFalse(self.attendance.excuse_reason)

    def test_a_person_once_per_session(self):
        with self.assertDatabaseRefuses("zugong_training_attendance_person_once_per_session", "一次"):
            self.env["zugong.training.attendance"].create(
                {"session_id": self.session.id, "user_id": self.district_officer.id}
            )
            self.env.flush_all()

    def test_marking_answers_the_invitation(self):
        self.assertEqual(self.session.activity_ids.user_id, self.district_officer | self.county_officer)
        self.attendance._mark("present")
        self.assertEqual(self.session.activity_ids.user_id, self.county_officer)

    def test_cancelled_session_credits_nothing(self):
        self.attendance._mark("present")
        self.session.action_cancel()
        self.assertEqual(self.attendance.hours_credited, 0)

    def test_counts_on_the_session(self):
        self.attendance._mark("present")
        self._attendance(self.session, self.county_officer)._mark("late")
        self.assertEqual(
            (self.session.present_count, self.session.late_count, self.session.absent_count,
             self.session.excused_count, self.session.unmarked_count),
            (1, 1, 0, 0, 1),
        )
