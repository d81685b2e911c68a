import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingPortal(HttpCase, ZugongTrainingCase):
    """The portal officer signs in over HTTP. The session runs around the real clock, as
    the server thread does not share a frozen one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now().replace(microsecond=0)
        cls.course = cls._confirmed_session(
            units=cls.district | cls.point, date_start=now - timedelta(minutes=5),
            date_end=now + timedelta(hours=2), name="Information writing course",
        )
        cls.course.sudo().signin_code = "802613"  # a known code (sessions draw their own)
        cls.later = cls._confirmed_session(
            units=cls.point, date_start=now + timedelta(hours=2),
            date_end=now + timedelta(hours=4), name="Lecture on urgent reports",
        )
        cls.point_officer.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def _page(self):
        response = self.url_open("/my/training")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _sign_in(self, code, session=None):
        token = re.search(r'csrf_token: "([^"]+)"', self._page()).group(1)
        session = self.course if session is None else session
        response = self.url_open(
            f"/my/training/{session.id}/signin", data={"code": code, "csrf_token": token}
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_portal_sign_in(self):
        self.authenticate("t_point_officer", "t_point_officer")
        page = self._page()
        self.assertIn("Information writing course", page)
        self.assertIn("Lecture on urgent reports", page)
        self.assertIn(f"/my/training/{self.course.id}/signin", page)
        self.assertNotIn(f"/my/training/{self.later.id}/signin", page)

        page = self._sign_in("000000")
        self.assertIn("签到码错误", page)
        attendance = self._attendance(self.course, self.point_officer)
        self.assertEqual(attendance.state, "invited")

        page = self._sign_in("802613")
        self.assertIn("签到成功", page)
        self.assertEqual(attendance.state, "present")
        self.assertTrue(attendance.signin_date)
        self.assertNotIn(f"/my/training/{self.course.id}/signin", page)

    def test_sign_in_before_the_window_is_refused(self):
        self.authenticate("t_point_officer", "t_point_officer")
        page = self._sign_in("802613", session=self.later)
        self.assertIn("签到尚未开始", page)
        self.assertEqual(self._attendance(self.later, self.point_officer).state, "invited")

    def test_someone_not_invited_cannot_sign_in(self):
        self.county_officer.lang = "zh_CN"
        self.authenticate("t_county_officer", "t_county_officer")
        page = self._sign_in("802613")
        self.assertIn("您不在本次培训的邀请名单中", page)
        self.assertEqual(self._attendance(self.course, self.county_officer), self.env["zugong.training.attendance"])

    def test_home_counter(self):
        self.authenticate("t_point_officer", "t_point_officer")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["training_count"]})
        self.assertEqual(counters["training_count"], 2)
        self.assertIn("/my/training", self.url_open("/my").text)

    def test_training_on_the_officer_page(self):
        self.authenticate("t_point_officer", "t_point_officer")
        page = self.url_open("/my/zugong")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="zugong_training"', page.text)
        self.assertIn("Information writing course", page.text)
        self.assertIn(f"/my/training/{self.course.id}/signin", page.text)
