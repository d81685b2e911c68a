from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongInstruction(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._register(cls.district, cls.district_officer)
        cls.item = cls._submitted_item()

    def _instruction(self, **values):
        return self.env["zugong.instruction"].with_user(self.research_user).create({
            "item_id": self.item.id, "leader_level": "province", "is_main_leader": True,
            "date": date(2026, 3, 1), "text": "Sum up and spread the practice.", **values,
        })

    def test_feedback_due_and_overdue(self):
        instruction = self._instruction()
        self.assertEqual(instruction.feedback_deadline, date(2026, 3, 16))
        self.assertEqual(instruction.unit_id, self.district)
        self.assertIn(self.district_officer, instruction.activity_ids.user_id)
        with freeze_time("2026-03-16"):
            instruction.invalidate_recordset(["is_overdue"])
            self.assertFalse(instruction.is_overdue)
        with freeze_time("2026-03-17"):
            instruction.invalidate_recordset(["is_overdue"])
            self.assertTrue(instruction.is_overdue)
            overdue = self.env["zugong.instruction"].search([("is_overdue", "=", True)])
            self.assertIn(instruction, overdue)
            self.assertNotIn(instruction, self.env["zugong.instruction"].search([("is_overdue", "=", False)]))

    def test_unit_reports_back(self):
        instruction = self._instruction()
        instruction.with_user(self.district_officer).write({
            "feedback_date": date(2026, 3, 10), "feedback_text": "Spread to all townships.",
        })
        self.assertEqual(instruction.state, "done")
        self.assertEqual(instruction.feedback_by_id, self.district_officer)
        self.assertFalse(instruction.activity_ids)
        with freeze_time("2026-04-01"):
            instruction.invalidate_recordset(["is_overdue"])
            self.assertFalse(instruction.is_overdue)

    def test_unit_cannot_change_the_instruction(self):
        instruction = self._instruction()
        with self.assertRaises(AccessError):
            instruction.with_user(self.district_officer).write({"text": "Something else"})
        with self.assertRaises(AccessError):
            instruction.with_user(self.county_officer).write({"feedback_text": "Not ours"})

    def test_feedback_cannot_precede_the_instruction(self):
        instruction = self._instruction()
        with self.assertDatabaseRefuses("zugong_instruction_feedback_after_instruction", "反馈"):
            instruction.feedback_date = date(2026, 2, 1)
            instruction.flush_recordset()
