from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongItemAccess(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district_draft = cls._item()
        cls.point_draft = cls._item(unit=cls.point, author=cls.point_officer)
        cls.county_draft = cls._item(unit=cls.county, author=cls.county_officer)
        cls.county_submitted = cls._submitted_item(unit=cls.county, author=cls.county_officer)

    def _visible(self, user):
        return self.env["zugong.item"].with_user(user).search([("id", "in", self._all().ids)])

    def _all(self):
        return self.district_draft | self.point_draft | self.county_draft | self.county_submitted

    def test_officer_never_sees_other_units_items(self):
        self.assertEqual(self._visible(self.district_officer), self.district_draft)
        self.assertEqual(self._visible(self.point_officer), self.point_draft)
        with self.assertRaises(AccessError):
            self.county_draft.with_user(self.district_officer).read(["name"])

    def test_coauthor_from_another_unit_sees_the_item(self):
        self.county_draft.author_ids |= self.district_officer
        self.assertIn(self.county_draft, self._visible(self.district_officer))

    def test_unit_head_sees_the_subtree(self):
        self.assertEqual(self._visible(self.district_head), self.district_draft | self.point_draft)

    def test_research_and_finance_see_all(self):
        self.assertEqual(self._visible(self.research_user), self._all())
        self.assertEqual(self._visible(self.finance_user), self._all())
        with self.assertRaises(AccessError):
            self.county_draft.with_user(self.finance_user).write({"name": "x"})

    def test_officer_cannot_create_for_another_unit(self):
        with self.assertRaises(AccessError):
            self.env["zugong.item"].with_user(self.district_officer).create({
                "name": "Foreign", "body": "<p>x</p>",
                "unit_line_ids": [(0, 0, {"unit_id": self.county.id})],
                "author_ids": [(6, 0, self.county_officer.ids)],
            })

    def test_adoptions_follow_the_items(self):
        publication = self.env["zugong.publication"].create({"name": "Province", "level": "province"})
        adoption = self.env["zugong.adoption"].create({
            "item_id": self.county_submitted.id, "publication_id": publication.id, "issue_number": "1",
        })
        self.assertEqual(self.env["zugong.adoption"].with_user(self.county_officer).search(
            [("id", "=", adoption.id)]), adoption)
        self.assertFalse(self.env["zugong.adoption"].with_user(self.district_officer).search(
            [("id", "=", adoption.id)]))
