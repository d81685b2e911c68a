from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingAccess(ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district_session = cls._confirmed_session(units=cls.district | cls.point)
        cls.county_session = cls._confirmed_session(units=cls.county)
        outsider = cls._outsider("t_training_outsider")
        foreign_kind = cls.env["zugong.training.kind"].create(
            {"name": "Foreign kind", "company_id": cls.other_company.id}
        )
        cls.foreign_session = cls.env["zugong.training.session"].create({
            "name": "Foreign course", "kind_id": foreign_kind.id,
            "company_id": cls.other_company.id, "user_ids": outsider.ids,
            "date_start": "2026-03-05 01:00:00", "date_end": "2026-03-05 04:00:00",
        })
        cls.foreign_session.action_invite()
        cls.sessions = cls.district_session | cls.county_session

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def _attendances(self, *users):
        return self.sessions.attendance_ids.filtered(lambda a: a.user_id in users)

    def test_hr_manages_the_company(self):
        sessions = self._visible(self.hr_user, "zugong.training.session")
        self.assertIn(self.district_session, sessions)
        self.assertNotIn(self.foreign_session, sessions)
        attendances = self._visible(self.hr_user, "zugong.training.attendance")
        self.assertLessEqual(self.sessions.attendance_ids, attendances)
        self.assertNotIn(self.foreign_session.attendance_ids, attendances)
        self.county_session.with_user(self.hr_user).write({"location": "Room 2"})
        self.assertTrue(self.county_session.with_user(self.hr_user).signin_code)
        self.env["zugong.training.kind"].with_user(self.hr_user).create({"name": "Seminar"})

    def test_officer_sees_own_attendance_and_sessions(self):
        for officer in (self.district_officer, self.point_officer):
            self.assertEqual(
                self._visible(officer, "zugong.training.attendance"), self._attendances(officer)
            )
            self.assertEqual(self._visible(officer, "zugong.training.session"), self.district_session)
        self.assertEqual(self._visible(self.county_officer, "zugong.training.session"), self.county_session)
        own = self._attendances(self.district_officer).with_user(self.district_officer)
        with self.assertRaises(AccessError):
            own.write({"state": "present"})
        with self.assertRaises(AccessError):
            self._attendances(self.point_officer).with_user(self.district_officer).read(["state"])
        with self.assertRaises(AccessError):
            self.county_session.with_user(self.district_officer).read(["name"])

    def test_officers_cannot_read_the_sign_in_code(self):
        session = self.district_session.with_user(self.district_officer)
        self.assertEqual(session.name, "Writing course")
        with self.assertRaises(AccessError):
            session.read(["signin_code"])

    def test_unit_head_sees_the_subtree(self):
        self.assertEqual(
            self._visible(self.district_head, "zugong.training.attendance"),
            self._attendances(self.district_officer, self.point_officer),
        )
        self.assertEqual(self._visible(self.district_head, "zugong.training.session"), self.district_session)
        with self.assertRaises(AccessError):
            self._attendances(self.district_officer).with_user(self.district_head).write({"state": "present"})

    def test_research_office_reads_the_company(self):
        self.assertEqual(
            self._visible(self.research_user, "zugong.training.session") & self.sessions, self.sessions
        )
        with self.assertRaises(AccessError):
            self.county_session.with_user(self.research_user).write({"location": "Room 2"})
        self._visible(self.research_user, "zugong.training.person.report")

    def test_reports_are_for_hr_and_the_research_office(self):
        for model in ("zugong.training.person.report", "zugong.training.attendance.report",
                      "zugong.training.session.report"):
            self._visible(self.hr_user, model)
            for user in (self.district_officer, self.district_head, self.finance_user, self.point_officer):
                with self.assertRaises(AccessError):
                    self._visible(user, model)

    def test_finance_sees_no_training(self):
        self.assertFalse(self._visible(self.finance_user, "zugong.training.attendance"))
        with self.assertRaises(AccessError):
            self.env["zugong.training.session"].with_user(self.finance_user).create({
                "name": "x", "kind_id": self.kind.id,
                "date_start": "2026-03-05 01:00:00", "date_end": "2026-03-05 04:00:00",
            })
