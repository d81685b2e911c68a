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


@tagged("post_install", "-at_install")
class TestSecurityQuotaSplitByHead(AttackCase, ZugongCase):
    """The unit head saves the split of the unit's quota as the quota form sends it, and
    sets the targets of the sub-units: through the model's checks only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Quota = cls.env["zugong.quota"]
        cls.district_quota = Quota.create({
            "unit_id": cls.district.id, "year": 2026, "monthly_min_submissions": 4,
            "adoption_target_city": 6, "score_target": 100,
        })
        cls.district_quota.action_split_evenly()
        cls.county_quota = Quota.create({"unit_id": cls.county.id, "year": 2026, "monthly_min_submissions": 2})
        cls.county_quota.action_split_evenly()
        cls.county_head = cls._user("t_county_head", "zugong_info.group_unit_head", cls.county)

    def _split(self, quota):
        self.env.invalidate_all()
        return sorted((line.user_id.id, line.monthly_min_submissions, line.adoption_target_city, line.score_target)
                      for line in quota.line_ids)

    def _lines(self, quota):
        return {line.user_id: line for line in quota.line_ids}

    def test_head_saves_a_split_by_hand(self):
        lines = self._lines(self.district_quota)
        head_line, officer_line = lines[self.district_head], lines[self.district_officer]
        self.rpc(self.district_head, "zugong.quota", "web_save", self.district_quota.ids, {"line_ids": [
            (1, head_line.id, {"monthly_min_submissions": 1, "adoption_target_city": 1, "score_target": 20}),
            (1, officer_line.id, {"monthly_min_submissions": 3, "adoption_target_city": 5, "score_target": 80}),
        ]}, specification={"line_ids": {}}, context={"lang": "zh_CN"})
        self.assertEqual(self._split(self.district_quota), sorted([
            (self.district_head.id, 1, 1, 20.0), (self.district_officer.id, 3, 5, 80.0),
        ]))
        note = self.district_quota.message_ids[:1]
        # as the head reads it
        self.assertIn("任务分解已调整", note.body)
        self.assertIn("每月最低报送 1", note.body)
        self.assertEqual(note.author_id, self.district_head.partner_id)

    def test_split_that_does_not_add_up_is_refused(self):
        before = self._split(self.district_quota)
        head_line = self._lines(self.district_quota)[self.district_head]
        name, message = self.rpc_refusal(self.district_head, "zugong.quota", "write", self.district_quota.ids,
                                         {"line_ids": [(1, head_line.id, {"monthly_min_submissions": 5})]})
        self.assertEqual(name, "ValidationError")
        self.assertIn("各人合计", message)
        self.assertEqual(self._split(self.district_quota), before)

    def test_head_changes_nothing_but_the_split(self):
        before = (self._split(self.district_quota), self._split(self.county_quota))
        head_line = self._lines(self.district_quota)[self.district_head]
        county_line = self.county_quota.line_ids[:1]
        attempts = [
            (self.district_quota, {"line_ids": [(1, head_line.id, {"monthly_min_submissions": 4})],
                                   "monthly_min_submissions": 6}),
            (self.district_quota, {"monthly_min_submissions": 0}),
            (self.district_quota, {"line_ids": [(6, 0, [])]}),
            (self.district_quota, {"line_ids": [(1, county_line.id, {"monthly_min_submissions": 0})]}),
            (self.county_quota, {"line_ids": [(1, county_line.id, {"monthly_min_submissions": 2})]}),
        ]
        for quota, values in attempts:
            with self.subTest(values=values):
                self.assertRpcRefused(self.district_head, "zugong.quota", "write", quota.ids, values)
        # an officer splits nothing
        self.assertRpcRefused(self.district_officer, "zugong.quota", "write", self.district_quota.ids,
                              {"line_ids": [(1, head_line.id, {"score_target": 50})]})
        self.assertEqual((self._split(self.district_quota), self._split(self.county_quota)), before)
        self.assertEqual(self.district_quota.monthly_min_submissions, 4)

    def test_head_splits_among_the_units_people_only(self):
        before = self._split(self.district_quota)
        head_line = self._lines(self.district_quota)[self.district_head]
        self.assertRpcRefused(self.district_head, "zugong.quota", "write", self.district_quota.ids, {"line_ids": [
            (1, head_line.id, {"monthly_min_submissions": 1}),
            (0, 0, {"user_id": self.county_officer.id, "monthly_min_submissions": 1}),
        ]}, error="UserError")
        self.assertRpcRefused(self.district_head, "zugong.quota.line", "write", head_line.ids,
                              {"user_id": self.county_officer.id}, error="UserError")
        self.assertEqual(self._split(self.district_quota), before)

    def test_head_sets_the_targets_of_sub_units_within_the_units(self):
        Quota = self.env["zugong.quota"]
        wizard = self.rpc(self.district_head, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.township.id, "monthly_min_submissions": 5,
                                 "adoption_target_city": 2})],
        })
        name, message = self.rpc_refusal(self.district_head, "zugong.quota.subunit", "action_confirm", [wizard])
        self.assertEqual(name, "UserError")
        self.assertIn("超出", message)
        self.assertFalse(Quota.search([("unit_id", "=", self.township.id)]))
        # a unit that is not a sub-unit of the quota's
        wizard = self.rpc(self.district_head, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.point.id, "monthly_min_submissions": 1})],
        })
        self.assertRpcRefused(self.district_head, "zugong.quota.subunit", "action_confirm", [wizard], error="UserError")
        # the head of another unit, through the wizard as the form sends it; an officer,
        # who may not open the wizard; nobody by calling the model's method directly
        wizard = self.rpc(self.county_head, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.township.id, "monthly_min_submissions": 1})],
        })
        self.assertRpcRefused(self.county_head, "zugong.quota.subunit", "action_confirm", [wizard],
                              error="AccessError")
        self.assertRpcRefused(self.district_officer, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.township.id, "monthly_min_submissions": 1})],
        }, error="AccessError")
        for user in (self.county_head, self.district_officer):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.quota", "_set_subunit_targets", self.district_quota.ids, {})
        self.assertFalse(Quota.search([("unit_id", "in", (self.township | self.point).ids)]))
        wizard = self.rpc(self.district_head, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.township.id, "monthly_min_submissions": 3,
                                 "adoption_target_city": 2, "score_target": 40})],
        })
        self.rpc(self.district_head, "zugong.quota.subunit", "action_confirm", [wizard])
        township_quota = Quota.search([("unit_id", "=", self.township.id), ("year", "=", 2026)])
        self.assertEqual((township_quota.monthly_min_submissions, township_quota.adoption_target_city,
                          township_quota.score_target), (3, 2, 40.0))
        # the change is tracked in the sub-unit's chatter
        wizard = self.rpc(self.district_head, "zugong.quota.subunit", "create", {
            "quota_id": self.district_quota.id,
            "line_ids": [(0, 0, {"unit_id": self.township.id, "monthly_min_submissions": 2,
                                 "adoption_target_city": 2, "score_target": 40})],
        })
        self.rpc(self.district_head, "zugong.quota.subunit", "action_confirm", [wizard])
        self.env.invalidate_all()
        self.assertEqual(township_quota.monthly_min_submissions, 2)
        tracked = township_quota.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "monthly_min_submissions")
        self.assertEqual((tracked.old_value_integer, tracked.new_value_integer), (3, 2))
