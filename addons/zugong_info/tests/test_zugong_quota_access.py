from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongQuotaAccess(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district_quota = cls.env["zugong.quota"].create(
            {"unit_id": cls.district.id, "year": 2026, "monthly_min_submissions": 4}
        )
        cls.district_quota.action_split_evenly()
        cls.county_quota = cls.env["zugong.quota"].create(
            {"unit_id": cls.county.id, "year": 2026, "monthly_min_submissions": 2}
        )
        cls.county_quota.action_split_evenly()

    def test_officer_sees_only_own_share(self):
        lines = self.env["zugong.quota.line"].with_user(self.district_officer).search([])
        self.assertEqual(lines.user_id, self.district_officer)
        quotas = self.env["zugong.quota"].with_user(self.district_officer).search([])
        self.assertEqual(quotas, self.district_quota)
        with self.assertRaises(AccessError):
            lines.with_user(self.district_officer).write({"monthly_min_submissions": 4})

    def test_unit_head_splits_the_unit(self):
        lines = self.env["zugong.quota.line"].with_user(self.district_head).search([])
        self.assertEqual(lines, self.district_quota.line_ids)
        self.district_quota.with_user(self.district_head).action_split_evenly()
        with self.assertRaises(AccessError):
            self.district_quota.with_user(self.district_head).write({"monthly_min_submissions": 9})
        with self.assertRaises(AccessError):
            self.county_quota.line_ids.with_user(self.district_head).read(["user_id"])

    def test_progress_rows_follow_the_same_rules(self):
        rows = self.env["zugong.quota.progress"].with_user(self.district_officer).search([])
        self.assertEqual(set(rows.mapped("unit_id").ids), {self.district.id})
        self.assertEqual(set(rows.filtered(lambda r: r.subject == "person").person_id.ids),
                         {self.district_officer.id})
