from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongItemWorkflow(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_head = cls._user("t_county_head", "zugong_info.group_unit_head", cls.county)

    def _states(self, item):
        return [(step.from_state, step.to_state) for step in item.transition_ids.sorted("id")]

    def test_full_path_with_signoff(self):
        item = self._item()
        self.assertTrue(self.district.signoff_required)
        item.with_user(self.district_officer).action_submit()
        self.assertEqual(item.state, "signoff")
        self.assertTrue(item.signoff_requested_on)
        self.assertFalse(item.submitted_on)
        self.assertIn(self.district_head, item.activity_ids.user_id)

        item.with_user(self.district_head).action_sign()
        self.assertEqual(item.state, "submitted")
        self.assertEqual(item.signed_by_id, self.district_head)
        self.assertTrue(item.submitted_on and item.first_submitted_on and item.submitted_date)
        self.assertFalse(item.activity_ids)

        item.with_user(self.research_user).action_receive()
        self.assertEqual(item.state, "received")
        self.assertEqual(item.received_by_id, self.research_user)
        item.with_user(self.research_user).action_reject()
        self.assertEqual(item.state, "rejected")
        self.assertTrue(item.decided_on)
        self.assertEqual(self._states(item), [
            ("draft", "signoff"), ("signoff", "submitted"), ("submitted", "received"),
            ("received", "rejected"),
        ])
        self.assertEqual(item.transition_ids.sorted("id")[1].user_id, self.district_head)

    def test_without_signoff_goes_straight_to_the_research_office(self):
        self.district.signoff_required = False
        item = self._item()
        item.with_user(self.district_officer).action_submit()
        self.assertEqual(item.state, "submitted")
        self.assertFalse(item.signed_by_id)

    def test_transitions_refused_to_other_groups(self):
        item = self._item()
        with self.assertRaises(AccessError):
            item.with_user(self.hr_user).action_submit()
        item.with_user(self.district_officer).action_submit()
        with self.assertRaises(AccessError):
            item.with_user(self.district_officer).action_sign()
        with self.assertRaises(AccessError):
            item.with_user(self.other_head).action_sign()  # head of another unit
        item.with_user(self.district_head).action_sign()
        with self.assertRaises(AccessError):
            item.with_user(self.district_head).action_receive()
        with self.assertRaises(AccessError):
            item.with_user(self.finance_user).action_receive()

    def test_wrong_transitions_are_explained(self):
        item = self._item()
        with self.assertRaisesRegex(UserError, "only items that are Submitted can be received"):
            item.with_user(self.research_user).action_receive()
        with self.assertRaisesRegex(UserError, "Awaiting Sign-off"):
            item.with_user(self.district_head).action_sign()
        with self.assertRaisesRegex(UserError, "only items that are Received"):
            item.with_user(self.research_user).action_reject()
        submitted = self._submitted_item()
        with self.assertRaisesRegex(UserError, "only items that are Draft"):
            submitted.with_user(self.district_officer).action_submit()

    def test_officer_edits_only_drafts(self):
        item = self._item()
        item.with_user(self.district_officer).write({"name": "Better title"})
        item.with_user(self.district_officer).action_submit()
        with self.assertRaises(AccessError):
            item.with_user(self.district_officer).write({"name": "Changed after submission"})

    def test_return_from_signoff_by_the_unit_head(self):
        item = self._item()
        item.with_user(self.district_officer).action_submit()
        with self.assertRaisesRegex(UserError, "comment is required"):
            item.with_user(self.district_head)._return_for_revision("  ")
        wizard = self.env["zugong.item.return"].with_user(self.district_head).create(
            {"item_ids": [(6, 0, item.ids)], "comment": "Add figures"}
        )
        wizard.action_confirm()
        self.assertEqual(item.state, "draft")
        self.assertEqual(item.transition_ids.sorted("id")[-1].comment, "Add figures")
        self.assertFalse(item.activity_ids)
        notice = item.message_ids.filtered(lambda message: "Add figures" in (message.body or ""))
        self.assertTrue(notice)
        self.assertIn(self.district_officer.partner_id, notice.partner_ids)

    def test_return_from_submitted_and_received_by_the_research_office(self):
        item = self._submitted_item()
        with self.assertRaises(AccessError):
            item.with_user(self.district_head)._return_for_revision("No")
        item.with_user(self.research_user)._return_for_revision("Too long")
        self.assertEqual(item.state, "draft")
        item.with_user(self.district_officer).action_submit()
        item.with_user(self.research_user).action_receive()
        item.with_user(self.research_user)._return_for_revision("Check the figures")
        self.assertEqual(item.state, "draft")
        self.assertEqual(len(item.transition_ids), 5)

    def test_resubmission_moves_the_submission_date_not_the_first(self):
        item = self._submitted_item()
        first = item.first_submitted_on
        item.with_user(self.research_user)._return_for_revision("Again")
        item.with_user(self.district_officer).action_submit()
        self.assertEqual(item.first_submitted_on, first)
        self.assertGreaterEqual(item.submitted_on, first)
        self.assertEqual([step.to_state for step in item.transition_ids.sorted("id")],
                         ["submitted", "draft", "submitted"])
