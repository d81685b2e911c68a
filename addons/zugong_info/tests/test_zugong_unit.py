from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongUnit(ZugongCase):

    def test_complete_name_follows_the_tree(self):
        self.assertEqual(self.point.complete_name, "City / District / Township / Point")
        self.district.name = "Linjiang"
        self.assertEqual(self.point.complete_name, "City / Linjiang / Township / Point")

    def test_search_by_path_and_subtree(self):
        Unit = self.env["zugong.unit"]
        self.assertEqual(
            Unit.search([("complete_name", "ilike", "District / Township")]),
            self.township | self.point,
        )
        self.assertEqual(
            Unit.search([("id", "child_of", self.district.id)]),
            self.district | self.township | self.point,
        )

    def test_code_unique_per_company(self):
        with self.assertDatabaseRefuses("zugong_unit_code_company_uniq", "编码"):
            self.env["zugong.unit"].create({"name": "Twin", "code": "T-D1"})
        twin = self.env["zugong.unit"].create(
            {"name": "Twin", "code": "T-D1", "company_id": self.other_company.id}
        )
        self.assertEqual(twin.code, self.district.code)

    def test_no_cycles(self):
        with self.assertRaises(UserError):
            self.district.parent_id = self.point

    def test_parent_of_another_company_refused(self):
        with self.assertRaisesRegex(Exception, "Incompatible companies"):
            self.env["zugong.unit"].create(
                {"name": "Stray", "code": "T-X", "parent_id": self.foreign_unit.id}
            )

    def test_current_officer(self):
        self.assertFalse(self.district.current_officer_user_id)
        old = self._register(self.district, self.district_head, date(2020, 1, 1), date(2021, 12, 31))
        old.state = "ended"
        self._register(self.district, self.district_officer, date(2022, 1, 1))
        self.district.invalidate_recordset()
        self.assertEqual(self.district.current_officer_user_id, self.district_officer)
        self.assertFalse(self.county.current_officer_id)

    def test_category_unit_count(self):
        self.assertEqual(self.category.unit_count, 1)
