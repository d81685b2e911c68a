"""Attacks on items and their unit lines, as officers and unit heads over JSON-RPC and
the portal: each refused, with nothing changed."""
from odoo.tests import tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestSecurityItems(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls._item()
        cls.other_draft = cls._item(unit=cls.county, author=cls.county_officer)

    def _snapshot(self, records, names):
        self.env.invalidate_all()
        return [{name: record[name] for name in names} for record in records]

    def test_officer_cannot_write_workflow_fields_of_own_draft(self):
        workflow = ["state", "submitted_date", "submitted_on", "decided_on", "reference", "company_id"]
        before = self._snapshot(self.draft, workflow)
        attempts = [
            {"state": "adopted"},
            {"state": "submitted", "submitted_date": "2026-03-01"},
            {"submitted_on": "2026-03-01 08:00:00"},
            {"decided_on": "2026-03-01 08:00:00"},
            {"reference": "XX-0001"},
            {"company_id": self.other_company.id},
        ]
        for officer in (self.district_officer, self.point_officer):
            for values in attempts:
                with self.subTest(officer=officer.login, values=values):
                    self.assertRpcRefused(officer, "zugong.item", "write", [self.draft.id], values)
        self.assertEqual(self._snapshot(self.draft, workflow), before)
        self.assertFalse(self.draft.transition_ids)

    def test_officer_cannot_create_an_item_in_a_workflow_state(self):
        before = self.env["zugong.item"].search_count([])
        self.assertRpcRefused(self.district_officer, "zugong.item", "create", {
            "name": "Born adopted", "body": "<p>text</p>", "state": "adopted",
        })
        self.assertEqual(self.env["zugong.item"].search_count([]), before)

    def test_default_state_in_the_context_is_ignored(self):
        item_id = self.rpc(self.district_officer, "zugong.item", "create",
                           {"name": "Context default", "body": "<p>text</p>"},
                           context={"default_state": "adopted", "default_reference": "FAKE"})
        item = self.env["zugong.item"].browse(item_id)
        self.assertEqual(item.state, "draft")
        self.assertNotEqual(item.reference, "FAKE")

    def test_officer_cannot_move_a_unit_line_onto_another_units_item(self):
        line = self.draft.unit_line_ids
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "write", line.ids,
                              {"item_id": self.other_draft.id})
        self.assertEqual(line.item_id, self.draft)
        self.assertEqual(self.other_draft.unit_line_ids.unit_id, self.county)

    def test_officer_cannot_attach_own_unit_to_another_units_draft(self):
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "create", {
            "item_id": self.other_draft.id, "unit_id": self.district.id, "share": 50,
        })
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.other_draft.id], {
            "unit_line_ids": [(0, 0, {"unit_id": self.district.id})],
        })
        self.assertEqual(self.other_draft.unit_line_ids.unit_id, self.county)

    def test_officer_cannot_file_an_item_under_another_unit(self):
        before = self.env["zugong.item"].search_count([])
        self.assertRpcRefused(self.district_officer, "zugong.item", "create", {
            "name": "Under another unit", "body": "<p>text</p>",
            "unit_line_ids": [(0, 0, {"unit_id": self.county.id})],
        })
        self.assertEqual(self.env["zugong.item"].search_count([]), before)

    def test_officer_cannot_hand_the_lead_to_another_unit(self):
        self.rpc(self.district_officer, "zugong.item", "write", [self.draft.id], {
            "unit_line_ids": [(0, 0, {"unit_id": self.county.id, "sequence": 20})],
        })
        lines = self.draft.unit_line_ids
        self.assertEqual(lines.unit_id, self.district | self.county)
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "write",
                              lines.filtered(lambda line: line.unit_id == self.county).ids,
                              {"sequence": 1})
        self.assertEqual(self.draft.unit_id, self.district)

    def test_officer_cannot_move_the_urgent_deadline(self):
        urgent = self._item(type_id=self.env.ref("zugong_info.item_type_urgent").id,
                            event_time="2026-07-01 08:00:00")
        deadline = urgent.report_deadline
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [urgent.id],
                              {"report_deadline": "2030-01-01 00:00:00"})
        self.assertEqual(urgent.report_deadline, deadline)

    def test_officer_cannot_write_computed_fields(self):
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"unit_ids": [(6, 0, [self.county.id])]})
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"urgent_status": "on_time"})
        self.assertEqual(self.draft.unit_ids, self.district)
