from datetime import date

from odoo.tests import HttpCase, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongDashboardPortal(HttpCase, ZugongCase):
    """An officer logs into the portal and sees their own targets, not another unit's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = date.today().year
        cls.point.name = "Riverside Point"
        cls.county.name = "Mountain County"
        cls.point_quota = cls.env["zugong.quota"].create(
            {"unit_id": cls.point.id, "year": year, "monthly_min_submissions": 3, "adoption_target_city": 7}
        )
        cls.point_quota.action_split_evenly()
        cls.env["zugong.quota"].create(
            {"unit_id": cls.county.id, "year": year, "monthly_min_submissions": 11}
        )
        cls.draft = cls._item(unit=cls.point, author=cls.point_officer, name="Riverside flood work")

    def test_officer_sees_own_targets_only(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        page = self.url_open("/my/zugong")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Riverside Point", page.text)
        self.assertEqual(page.text.count('class="card-header"'), 2, "own share and own unit")
        self.assertIn("/ 36", page.text)  # three items a month, a year
        self.assertIn("/ 7", page.text)
        self.assertIn("Riverside flood work", page.text)
        self.assertNotIn("Mountain County", page.text)
        self.assertNotIn("/ 132", page.text)  # the county's yearly items

    def test_unit_head_sees_the_unit_and_its_people(self):
        district_quota = self.env["zugong.quota"].create(
            {"unit_id": self.district.id, "year": date.today().year, "monthly_min_submissions": 2}
        )
        district_quota.action_split_evenly()
        self.authenticate(self.district_head.login, self.district_head.login)
        page = self.url_open("/my/zugong")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="zugong_people"', page.text)
        self.assertIn(self.district_officer.name, page.text)
