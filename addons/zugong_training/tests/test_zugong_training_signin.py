from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import ZugongTrainingCase

# The session runs 09:00-12:00 in Shanghai (01:00-04:00 UTC); sign-in opens at 08:30,
# a sign-in after 09:15 is late.


@tagged("post_install", "-at_install")
class TestZugongTrainingSignIn(ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._confirmed_session(units=cls.district | cls.county | cls.point)
        cls.session.sudo().signin_code = "246810"  # a known code (sessions draw their own)
        cls.district_officer.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def _sign_in(self, user, code="246810", session=None):
        session = self.session if session is None else session
        return session.with_user(user).with_context(lang="zh_CN")._sign_in(code)

    def _attendance_of(self, user):
        return self._attendance(self.session, user)

    @freeze_time("2026-03-05 00:29:00")
    def test_refused_before_the_window(self):
        success, message = self._sign_in(self.district_officer)
        self.assertFalse(success)
        self.assertIn("签到尚未开始", message)
        self.assertIn("08:30", message)
        self.assertEqual(self._attendance_of(self.district_officer).state, "invited")

    @freeze_time("2026-03-05 04:01:00")
    def test_refused_after_the_window(self):
        success, message = self._sign_in(self.district_officer)
        self.assertFalse(success)
        self.assertIn("签到已结束", message)
        self.assertIn("12:00", message)

    @freeze_time("2026-03-05 00:50:00")
    def test_on_time_with_the_code(self):
        success, message = self._sign_in(self.district_officer, " 246810 ")
        self.assertTrue(success)
        self.assertIn("签到成功", message)
        attendance = self._attendance_of(self.district_officer)
        self.assertEqual(attendance.state, "present")
        self.assertEqual(attendance.signin_date, datetime(2026, 3, 5, 0, 50))
        self.assertEqual(attendance.hours_credited, 6)
        self.assertNotIn(self.district_officer, self.session.activity_ids.user_id)
        # a second sign-in changes nothing
        success, message = self._sign_in(self.district_officer)
        self.assertTrue(success)
        self.assertIn("已于", message)
        self.assertEqual(attendance.signin_date, datetime(2026, 3, 5, 0, 50))

    @freeze_time("2026-03-05 00:40:00")
    def test_an_excused_officer_who_comes_is_present(self):
        attendance = self._attendance_of(self.point_officer)
        attendance._mark("excused", "On duty")
        self.assertTrue(self._sign_in(self.point_officer)[0])
        self.assertEqual(attendance.state, "present")
        self.assertFalse(attendance.excuse_reason)

    @freeze_time("2026-03-05 01:15:00")
    def test_up_to_the_late_limit_is_on_time(self):
        self.assertTrue(self._sign_in(self.point_officer)[0])
        self.assertEqual(self._attendance_of(self.point_officer).state, "present")

    @freeze_time("2026-03-05 01:16:00")
    def test_late_after_the_limit(self):
        success, message = self._sign_in(self.point_officer)
        self.assertTrue(success)
        self.assertIn("迟到", message)
        attendance = self._attendance_of(self.point_officer)
        self.assertEqual(attendance.state, "late")
        self.assertEqual(attendance.hours_credited, 3)

    @freeze_time("2026-03-05 01:00:00")
    def test_wrong_code(self):
        success, message = self._sign_in(self.district_officer, "135790")
        self.assertFalse(success)
        self.assertIn("签到码错误", message)
        attendance = self._attendance_of(self.district_officer)
        self.assertEqual(attendance.state, "invited")
        self.assertEqual(attendance.signin_attempts, 1)
        for _attempt in range(4):
            self._sign_in(self.district_officer, "")
        success, message = self._sign_in(self.district_officer)
        self.assertFalse(success)
        self.assertIn("次数过多", message)
        self.assertEqual(attendance.state, "invited")

    @freeze_time("2026-03-05 01:00:00")
    def test_only_the_invited_of_an_open_session(self):
        success, message = self._sign_in(self.district_head)
        self.assertFalse(success)
        self.assertIn("邀请名单", message)
        planned = self._session(unit_ids=self.district.ids)
        planned.action_invite()
        success, message = self._sign_in(self.district_officer, session=planned)
        self.assertFalse(success)
        self.assertIn("未开放签到", message)
        missing = self.env["zugong.training.session"].browse(0)
        self.assertFalse(self._sign_in(self.district_officer, session=missing)[0])

    @freeze_time("2026-03-05 00:50:00")
    def test_portal_values(self):
        values = self.env["zugong.training.session"].with_user(self.point_officer)._portal_training_values()
        point_attendance = self._attendance_of(self.point_officer)
        self.assertEqual(values["training_upcoming"], point_attendance)
        self.assertEqual(values["training_signin"], point_attendance)
        self.assertEqual(values["training_year"], 2026)
        self.assertEqual(values["training_hours"], 0)
        self._sign_in(self.point_officer)
        values = self.env["zugong.training.session"].with_user(self.point_officer)._portal_training_values()
        self.assertFalse(values["training_signin"])
        self.assertEqual(values["training_attendances"], point_attendance)
