"""Attacks on the officer network (registrations, memberships, units) over JSON-RPC."""
from datetime import date

from odoo.tests import tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestSecurityNetwork(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proposal = cls.env["zugong.officer"].create({
            "unit_id": cls.township.id, "user_id": cls.district_officer.id, "date_from": date(2026, 1, 1),
        })

    def _registrations(self):
        self.env.invalidate_all()
        return [(o.unit_id.id, o.user_id.id, o.state, o.registered_by_id.id, o.date_from)
                for o in self.env["zugong.officer"].search([], order="id")]

    def test_unit_head_proposes_but_cannot_register(self):
        before = self._registrations()
        self.assertRpcRefused(self.district_head, "zugong.officer", "write", self.proposal.ids,
                              {"state": "registered"})
        self.assertRpcRefused(self.district_head, "zugong.officer", "write", self.proposal.ids,
                              {"registered_by_id": self.research_user.id, "registered_on": "2026-01-01 00:00:00"})
        self.assertRpcRefused(self.district_head, "zugong.officer", "action_register", self.proposal.ids)
        self.assertRpcRefused(self.district_head, "zugong.officer", "create", {
            "unit_id": self.township.id, "user_id": self.district_head.id, "state": "registered",
        })
        self.assertEqual(self._registrations(), before)

    def test_unit_head_cannot_move_a_proposal_out_of_the_subtree(self):
        before = self._registrations()
        self.assertRpcRefused(self.district_head, "zugong.officer", "write", self.proposal.ids,
                              {"unit_id": self.county.id})
        self.assertRpcRefused(self.district_head, "zugong.officer", "create", {
            "unit_id": self.county.id, "user_id": self.district_head.id,
        })
        self.assertEqual(self._registrations(), before)

    def test_research_office_registers_through_the_action_only(self):
        self.assertRpcRefused(self.research_user, "zugong.officer", "write", self.proposal.ids,
                              {"state": "registered"})
        self.rpc(self.research_user, "zugong.officer", "action_register", self.proposal.ids)
        self.env.invalidate_all()
        self.assertEqual(self.proposal.state, "registered")
        self.assertEqual(self.proposal.registered_by_id, self.research_user)

    def test_officers_cannot_touch_the_network(self):
        before = self._registrations()
        self.assertRpcRefused(self.district_officer, "zugong.officer", "create", {
            "unit_id": self.county.id, "user_id": self.district_officer.id,
        })
        self.assertRpcRefused(self.district_officer, "zugong.unit.member", "create", {
            "unit_id": self.county.id, "user_id": self.district_officer.id,
        })
        self.assertRpcRefused(self.point_officer, "zugong.unit", "write", self.point.ids, {"parent_id": self.county.id})
        self.assertEqual(self._registrations(), before)
        self.assertEqual(self.point.parent_id, self.township)
        self.assertEqual(self.district_officer.zugong_unit_ids, self.district)
