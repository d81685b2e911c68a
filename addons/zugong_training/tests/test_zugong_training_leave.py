import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingLeave(ZugongTrainingCase):
    """Officers ask for leave (请假) from a session with a reason; HR approves (the
    attendance becomes excused) or refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now().replace(microsecond=0)
        cls.course = cls._confirmed_session(
            units=cls.district | cls.point, date_start=now + timedelta(days=2),
            date_end=now + timedelta(days=2, hours=3), name="Writing course",
        )
        cls.point_attendance = cls.course.attendance_ids.filtered(lambda a: a.user_id == cls.point_officer)
        cls.district_attendance = cls.course.attendance_ids.filtered(lambda a: a.user_id == cls.district_officer)

    def _ask(self, user=None, attendance=None, reason="Village committee election that day"):
        user = user or self.point_officer
        attendance = attendance or self.point_attendance
        return self.env["zugong.training.leave"].with_user(user).create(
            {"attendance_id": attendance.id, "reason": reason}
        )

    def test_approved_leave_excuses_the_attendance(self):
        leave = self._ask().sudo()
        self.assertEqual(leave.state, "requested")
        self.assertEqual((leave.user_id, leave.session_id, leave.unit_id),
                         (self.point_officer, self.course, self.point))
        self.assertEqual(leave.activity_ids.user_id, self.hr_user)
        leave.with_user(self.hr_user).action_approve()
        self.assertEqual(leave.state, "approved")
        self.assertEqual(leave.decided_by_id, self.hr_user)
        self.assertEqual(self.point_attendance.state, "excused")
        self.assertEqual(self.point_attendance.excuse_reason, "Village committee election that day")
        self.assertFalse(leave.activity_ids)
        self.assertIn(self.point_officer.partner_id, leave.message_ids.partner_ids)

    def test_refused_leave_leaves_the_invitation(self):
        leave = self._ask()
        wizard = self.env["zugong.training.leave.refuse"].with_user(self.hr_user).create(
            {"leave_id": leave.id, "note": "The course is required for new officers."}
        )
        wizard.action_confirm()
        self.assertEqual((leave.state, leave.decision_note), ("refused", "The course is required for new officers."))
        self.assertEqual(self.point_attendance.state, "invited")
        # refused, the officer may ask again with another reason
        again = self._ask(reason="Flood duty")
        self.assertEqual(again.state, "requested")

    def test_one_request_at_a_time_and_withdraw(self):
        leave = self._ask()
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception):
            with self.env.cr.savepoint():
                self._ask(reason="Again")
        leave.with_user(self.point_officer).action_withdraw()
        self.assertEqual(leave.state, "withdrawn")
        with self.assertRaisesRegex(UserError, "already decided or withdrawn"):
            leave.with_user(self.hr_user).action_approve()
        self.assertEqual(self._ask(reason="Again").state, "requested")

    def test_when_leave_cannot_be_asked(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self._ask(reason="   ")
        with self.assertRaises(AccessError):
            self._ask(user=self.point_officer, attendance=self.district_attendance)
        self.district_attendance._mark("present")
        with self.assertRaisesRegex(UserError, "already recorded"):
            self._ask(user=self.district_officer, attendance=self.district_attendance)
        past = self._confirmed_session(
            units=self.point, date_start=fields.Datetime.now() - timedelta(days=3),
            date_end=fields.Datetime.now() - timedelta(days=2), name="Past course",
        )
        with self.assertRaisesRegex(UserError, "over or cancelled"):
            self._ask(attendance=self._attendance(past, self.point_officer))

    def test_only_hr_decides(self):
        leave = self._ask()
        for user in (self.point_officer, self.district_head, self.research_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                leave.with_user(user).action_approve()
        self.assertEqual(leave.state, "requested")
        self.assertEqual(self.point_attendance.state, "invited")


@tagged("post_install", "-at_install")
class TestZugongTrainingSessionPage(HttpCase, ZugongTrainingCase):
    """The session's page: opened by the QR code's address with the code filled in; the
    sign-in and the leave request post and come back to it (post/redirect/get)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now().replace(microsecond=0)
        cls.course = cls._confirmed_session(
            units=cls.point, date_start=now - timedelta(minutes=5), date_end=now + timedelta(hours=2),
            name="Information writing course",
        )
        cls.course.sudo().signin_code = "802613"
        cls.later = cls._confirmed_session(
            units=cls.point, date_start=now + timedelta(days=1), date_end=now + timedelta(days=1, hours=2),
            name="Lecture on urgent reports",
        )
        cls.point_officer.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def _token(self, url):
        return re.search(r'csrf_token: "([^"]+)"', self.url_open(url).text).group(1)

    def test_qr_code_address_signs_in_and_the_page_reloads(self):
        url = self.course._signin_url()
        self.assertTrue(url.endswith(f"/my/training/{self.course.id}?code=802613"))
        self.authenticate("t_point_officer", "t_point_officer")
        page = self.url_open(f"/my/training/{self.course.id}?code=802613")
        self.assertEqual(page.status_code, 200)
        self.assertIn('value="802613"', page.text)
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        response = self.url_open(f"/my/training/{self.course.id}/signin",
                                 data={"code": "802613", "csrf_token": token}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/my/training/{self.course.id}"))
        page = self.url_open(f"/my/training/{self.course.id}").text
        self.assertIn("签到成功", page)
        self.assertEqual(self._attendance(self.course, self.point_officer).state, "present")
        reloaded = self.url_open(f"/my/training/{self.course.id}").text
        self.assertNotIn("签到成功", reloaded)
        self.assertIn("training_my_attendance", reloaded)
        self.assertNotIn('id="training_signin"', reloaded)

    def test_leave_request_from_the_page(self):
        self.authenticate("t_point_officer", "t_point_officer")
        token = self._token(f"/my/training/{self.later.id}")
        response = self.url_open(f"/my/training/{self.later.id}/leave",
                                 data={"reason": "乡镇换届选举", "csrf_token": token}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        leave = self.env["zugong.training.leave"].search([("session_id", "=", self.later.id)])
        self.assertEqual((leave.user_id, leave.reason, leave.state), (self.point_officer, "乡镇换届选举", "requested"))
        page = self.url_open(f"/my/training/{self.later.id}").text
        self.assertIn("乡镇换届选举", page)
        self.assertNotIn('id="training_leave_form"', page)
        # an empty reason is refused with the form kept
        leave.with_user(self.point_officer).action_withdraw()
        token = self._token(f"/my/training/{self.later.id}")
        page = self.url_open(f"/my/training/{self.later.id}/leave", data={"reason": " ", "csrf_token": token}).text
        self.assertIn("alert-danger", page)
        self.assertEqual(self.env["zugong.training.leave"].search_count(
            [("session_id", "=", self.later.id), ("state", "=", "requested")]), 0)
