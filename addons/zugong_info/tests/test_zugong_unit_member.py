from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongUnitMember(ZugongCase):

    def test_one_active_unit_per_person(self):
        with self.assertDatabaseRefuses("zugong_unit_member_one_active_unit_per_person", "一个单位"):
            self.env["zugong.unit.member"].create(
                {"unit_id": self.county.id, "user_id": self.district_officer.id}
            )

    def test_moving_keeps_history(self):
        membership = self.district_officer.zugong_member_ids
        membership.action_archive()
        membership.flush_recordset()
        self.env["zugong.unit.member"].create(
            {"unit_id": self.county.id, "user_id": self.district_officer.id}
        )
        self.district_officer.invalidate_recordset()
        self.assertEqual(self.district_officer.zugong_unit_id, self.county)
        history = self.env["zugong.unit.member"].with_context(active_test=False).search(
            [("user_id", "=", self.district_officer.id)]
        )
        self.assertEqual(history.unit_id, self.district | self.county)

    def test_users_units_include_registered_units(self):
        self._register(self.section, self.district_officer)
        self.district_officer.invalidate_recordset()
        self.assertEqual(self.district_officer.zugong_unit_id, self.district)
        self.assertEqual(self.district_officer.zugong_unit_ids, self.district | self.section)
