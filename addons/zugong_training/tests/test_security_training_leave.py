"""Attacks on leave requests from training, as officers (internal and portal), unit heads
and HR over JSON-RPC and the portal's forms: each refused, with nothing changed."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.zugong_info.tests.common import AttackCase

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestSecurityTrainingLeave(AttackCase, ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now().replace(microsecond=0)
        cls.course = cls._confirmed_session(
            units=cls.district | cls.county | cls.point, date_start=now + timedelta(days=2),
            date_end=now + timedelta(days=2, hours=3),
        )
        cls.point_attendance = cls.course.attendance_ids.filtered(lambda a: a.user_id == cls.point_officer)
        cls.county_attendance = cls.course.attendance_ids.filtered(lambda a: a.user_id == cls.county_officer)
        cls.leave = cls.env["zugong.training.leave"].with_user(cls.point_officer).create(
            {"attendance_id": cls.point_attendance.id, "reason": "Election duty"}
        )

    def _snapshot(self):
        self.env.invalidate_all()
        Leave = self.env["zugong.training.leave"]
        return ([(leave.id, leave.state, leave.reason, leave.attendance_id.id, leave.decided_by_id.id)
                 for leave in Leave.search([])],
                [(attendance.id, attendance.state, attendance.excuse_reason)
                 for attendance in self.course.attendance_ids])

    def test_nobody_asks_leave_for_someone_else(self):
        before = self._snapshot()
        for user in (self.point_officer, self.district_officer, self.hr_user, self.district_head):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.training.leave", "create",
                                      {"attendance_id": self.county_attendance.id, "reason": "On his behalf"})
        self.assertEqual(self._snapshot(), before)

    def test_officer_cannot_decide_own_leave(self):
        before = self._snapshot()
        for values in ({"state": "approved"}, {"decided_by_id": self.hr_user.id},
                       {"attendance_id": self.county_attendance.id}, {"decision_note": "ok"}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.point_officer, "zugong.training.leave", "write",
                                      self.leave.ids, values)
        self.assertRpcRefused(self.point_officer, "zugong.training.leave", "action_approve", self.leave.ids)
        self.assertRpcRefused(self.point_officer, "zugong.training.attendance", "write",
                              self.point_attendance.ids, {"state": "excused", "excuse_reason": "x"})
        self.assertRpcRefused(self.point_officer, "zugong.training.leave", "unlink", self.leave.ids)
        self.assertEqual(self._snapshot(), before)

    def test_others_neither_read_nor_change_the_request(self):
        before = self._snapshot()
        self.assertFalse(self.rpc(self.county_officer, "zugong.training.leave", "search", []))
        self.assertRpcRefused(self.county_officer, "zugong.training.leave", "read", self.leave.ids, ["reason"])
        self.assertRpcRefused(self.county_officer, "zugong.training.leave", "write", self.leave.ids,
                              {"reason": "Changed"})
        self.assertRpcRefused(self.county_officer, "zugong.training.leave", "action_withdraw", self.leave.ids)
        # HR decides, but does not rewrite what the officer asked
        self.assertRpcRefused(self.hr_user, "zugong.training.leave", "write", self.leave.ids,
                              {"reason": "Changed by HR"})
        # a unit head over the point reads the request but does not decide it
        self.assertRpcRefused(self.district_head, "zugong.training.leave", "action_approve", self.leave.ids)
        self.assertEqual(self._snapshot(), before)

    def test_portal_leave_for_a_session_not_invited_to(self):
        other = self._confirmed_session(
            units=self.county, date_start=fields.Datetime.now() + timedelta(days=3),
            date_end=fields.Datetime.now() + timedelta(days=3, hours=2), name="County only",
        )
        before = self._snapshot()
        response = self.portal_post(self.point_officer, f"/my/training/{self.course.id}",
                                    f"/my/training/{other.id}/leave", {"reason": "Not invited anyway"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/training"))
        self.assertFalse(self.env["zugong.training.leave"].search([("session_id", "=", other.id)]))
        self.assertEqual(self._snapshot(), before)

    def test_decided_request_stays_decided(self):
        self.rpc(self.hr_user, "zugong.training.leave", "action_approve", self.leave.ids)
        before = self._snapshot()
        self.assertRpcRefused(self.hr_user, "zugong.training.leave", "action_refuse", self.leave.ids)
        self.assertRpcRefused(self.point_officer, "zugong.training.leave", "action_withdraw", self.leave.ids)
        self.assertRpcRefused(self.point_officer, "zugong.training.leave", "write", self.leave.ids,
                              {"reason": "Another reason"})
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(self.point_attendance.state, "excused")
