"""Attacks on quotas and their split, as unit heads and officers over JSON-RPC."""
from odoo.tests import tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestSecurityQuotas(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Quota = cls.env["zugong.quota"]
        cls.district_quota = Quota.create({"unit_id": cls.district.id, "year": 2026, "monthly_min_submissions": 4})
        cls.district_quota.action_split_evenly()
        cls.county_quota = Quota.create({"unit_id": cls.county.id, "year": 2026, "monthly_min_submissions": 2})
        cls.county_quota.action_split_evenly()

    def _figures(self, quotas):
        self.env.invalidate_all()
        return sorted((line.quota_id.id, line.user_id.id, line.monthly_min_submissions)
                      for line in quotas.line_ids)

    def test_no_context_key_switches_the_split_check_off(self):
        before = self._figures(self.district_quota)
        line = self.district_quota.line_ids[0]
        for context in ({"zugong_resplitting": True}, {}):
            with self.subTest(context=context):
                self.assertRpcRefused(self.district_head, "zugong.quota.line", "write", line.ids,
                                      {"monthly_min_submissions": 9}, context=context,
                                      error="ValidationError")
        self.assertRpcRefused(self.district_head, "zugong.quota.line", "unlink", line.ids,
                              context={"zugong_resplitting": True}, error="ValidationError")
        self.assertEqual(self._figures(self.district_quota), before)

    def test_unit_head_cannot_move_a_share_to_another_units_quota(self):
        before = self._figures(self.district_quota | self.county_quota)
        line = self.district_quota.line_ids[0]
        self.assertRpcRefused(self.district_head, "zugong.quota.line", "write", line.ids,
                              {"quota_id": self.county_quota.id})
        self.assertRpcRefused(self.district_head, "zugong.quota.line", "create", {
            "quota_id": self.county_quota.id, "user_id": self.district_head.id, "monthly_min_submissions": 0,
        })
        self.assertEqual(self._figures(self.district_quota | self.county_quota), before)

    def test_officer_cannot_change_the_quota_or_own_share(self):
        before = self._figures(self.district_quota)
        own = self.district_quota.line_ids.filtered(lambda line: line.user_id == self.district_officer)
        self.assertRpcRefused(self.district_officer, "zugong.quota.line", "write", own.ids,
                              {"monthly_min_submissions": 0})
        self.assertRpcRefused(self.district_officer, "zugong.quota", "write", self.district_quota.ids,
                              {"monthly_min_submissions": 0})
        self.assertEqual(self._figures(self.district_quota), before)
        self.assertEqual(self.district_quota.monthly_min_submissions, 4)
