"""Attacks on training sessions and attendance, over JSON-RPC and by SQL: each refused,
with nothing changed."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.zugong_info.tests.common import AttackCase

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestSecurityTraining(AttackCase, ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now().replace(microsecond=0)
        # open for sign-in now (the server thread runs on the real clock)
        cls.open = cls._confirmed_session(
            units=cls.district | cls.point, date_start=now - timedelta(minutes=5),
            date_end=now + timedelta(hours=2), name="Open course",
        )
        cls.open.sudo().signin_code = "802613"
        cls.county_only = cls._confirmed_session(
            units=cls.county, date_start=now - timedelta(minutes=5), date_end=now + timedelta(hours=2),
            name="County course",
        )
        cls.county_only.sudo().signin_code = "802613"
        cls.closed = cls._confirmed_session(units=cls.district | cls.county | cls.point, name="Closed course")
        cls._attendance_of(cls.closed, cls.county_officer)._mark("present")
        cls.closed.action_done()

    @classmethod
    def _attendance_of(cls, session, user):
        return session.attendance_ids.filtered(lambda a: a.user_id == user)

    # ------------------------------------------------------------------ dates

    def test_dates_of_sessions_lie_in_a_sane_range(self):
        count = self.env["zugong.training.session"].search_count([])
        for start in ("9999-12-31 01:00:00", "0001-01-01 01:00:00", "2026-13-45 01:00:00"):
            with self.subTest(start=start):
                name, message = self.rpc_refusal(self.hr_user, "zugong.training.session", "create", {
                    "name": "Far away", "kind_id": self.kind.id, "date_start": start, "date_end": "2026-03-05 04:00:00",
                })
                self.assertEqual(name, "ValidationError")
        name, message = self.rpc_refusal(self.hr_user, "zugong.training.session", "write", self.open.ids,
                                         {"date_end": "9999-12-31 04:00:00"})
        self.assertIn("2000-01-01", message)
        self.assertEqual(self.env["zugong.training.session"].search_count([]), count)
        with self.assertDatabaseRefuses("zugong_training_session_date_end_in_range", "2000-01-01"):
            self.env.cr.execute("UPDATE zugong_training_session SET date_end = '9999-12-31' WHERE id = %s",
                                self.open.ids)
