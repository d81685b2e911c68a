from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestAccess(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district_registration = cls._register(cls.district, cls.district_officer, date(2026, 1, 1))
        cls.point_registration = cls._register(cls.point, cls.point_officer, date(2026, 1, 1))
        cls.county_registration = cls._register(cls.county, cls.county_officer, date(2026, 1, 1))
        cls.foreign_registration = cls.env["zugong.officer"].create({
            "unit_id": cls.foreign_unit.id, "user_id": cls._outsider("t_foreign_officer").id,
            "company_id": cls.other_company.id, "state": "registered",
        })

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_officer_sees_own_unit_only(self):
        registrations = self._visible(self.district_officer, "zugong.officer")
        self.assertEqual(registrations, self.district_registration)
        self.assertEqual(self._visible(self.district_officer, "zugong.unit"), self.district)
        with self.assertRaises(AccessError):
            self.county_registration.with_user(self.district_officer).read(["user_id"])
        with self.assertRaises(AccessError):
            self.district_registration.with_user(self.district_officer).write({"phone": "1"})

    def test_portal_officer_sees_own_point(self):
        self.assertEqual(self._visible(self.point_officer, "zugong.officer"), self.point_registration)
        self.assertEqual(self._visible(self.point_officer, "zugong.unit"), self.point)

    def test_unit_head_sees_the_subtree(self):
        self.assertEqual(
            self._visible(self.district_head, "zugong.unit"),
            self.district | self.township | self.point,
        )
        self.assertEqual(
            self._visible(self.district_head, "zugong.officer"),
            self.district_registration | self.point_registration,
        )
        with self.assertRaises(AccessError):
            self.county_registration.with_user(self.district_head).read(["user_id"])
        members = self._visible(self.district_head, "zugong.unit.member")
        self.assertEqual(members.unit_id, self.district | self.point)

    def test_unit_head_edits_only_pending_in_the_subtree(self):
        with self.assertRaises(AccessError):
            self.point_registration.with_user(self.district_head).write({"phone": "1"})
        proposal = self.env["zugong.officer"].with_user(self.district_head).create(
            {"unit_id": self.township.id, "user_id": self.district_officer.id}
        )
        proposal.with_user(self.district_head).write({"phone": "0797-1"})
        with self.assertRaises(AccessError):
            self.env["zugong.officer"].with_user(self.district_head).create(
                {"unit_id": self.county.id, "user_id": self.county_officer.id}
            )

    def test_research_office_sees_its_company(self):
        for user in (self.research_user, self.hr_user, self.finance_user):
            units = self._visible(user, "zugong.unit")
            self.assertIn(self.county, units)
            self.assertNotIn(self.foreign_unit, units)
            registrations = self._visible(user, "zugong.officer")
            self.assertIn(self.county_registration, registrations)
            self.assertNotIn(self.foreign_registration, registrations)

    def test_only_research_office_edits_units(self):
        self.county.with_user(self.research_user).write({"name": "Renamed"})
        for user in (self.hr_user, self.finance_user, self.district_head):
            with self.assertRaises(AccessError):
                self.district.with_user(user).write({"name": "Renamed"})

    def test_hr_and_finance_read_only_registrations(self):
        for user in (self.hr_user, self.finance_user):
            with self.assertRaises(AccessError):
                self.county_registration.with_user(user).write({"phone": "1"})

    def test_user_without_unit_sees_nothing(self):
        loner = self._user("t_loner", "zugong_info.group_unit_head")
        self.assertFalse(self._visible(loner, "zugong.unit"))
        self.assertFalse(self._visible(loner, "zugong.officer"))

    def test_rules_follow_a_move(self):
        self.assertEqual(self._visible(self.county_officer, "zugong.unit"), self.county)
        self.county_officer.zugong_member_ids.action_archive()
        self.county_registration.write({"state": "ended", "date_to": date(2026, 3, 31)})
        self.env.flush_all()
        self.env["zugong.unit.member"].create(
            {"unit_id": self.section.id, "user_id": self.county_officer.id}
        )
        self.assertEqual(self._visible(self.county_officer, "zugong.unit"), self.section)
