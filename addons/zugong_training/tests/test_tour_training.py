from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourTraining(HttpCase):
    """The officer of a direct-report point (lj_point_officer) signs in to today's
    session with the code shown there and asks for leave from next week's, on the demo
    data."""

    def setUp(self):
        super().setUp()
        self.officer = self.env.ref("zugong_info.demo_user_officer_lj_point")
        self.today = self.env.ref("zugong_training.demo_session_today")
        self.workshop = self.env.ref("zugong_training.demo_session_workshop")
        now = fields.Datetime.now()
        # the demo session starts when the demo data is installed: today's, whenever the test runs
        self.today.sudo().write({"date_start": now - timedelta(minutes=10), "date_end": now + timedelta(hours=3),
                                 "signin_code": "802613"})

    def test_sign_in_and_ask_for_leave(self):
        self.start_tour("/my/training", "zugong_training_officer_signin_leave", login="lj_point_officer")
        self.env.invalidate_all()
        attendance = self.today.attendance_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(attendance.state, "present")
        self.assertTrue(attendance.signin_date)
        leave = self.env["zugong.training.leave"].search([("session_id", "=", self.workshop.id),
                                                         ("create_uid", "=", self.officer.id)])
        self.assertEqual(len(leave), 1)
        self.assertEqual(leave.state, "requested")
        self.assertIn("防汛值班", leave.reason)


@tagged("post_install", "-at_install")
class TestTourTrainingPhone(TestTourTraining):
    browser_size = "390x844"
    touch_enabled = True
