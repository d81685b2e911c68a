from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from ..tools.text import count_words, html_to_text
from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongItem(ZugongCase):

    def test_word_count_counts_chinese_characters(self):
        self.assertEqual(count_words("组工信息"), 4)
        self.assertEqual(count_words("组工信息2026年"), 6)  # a run of digits counts one
        self.assertEqual(count_words("  Hello, world！\n"), 4)
        item = self._item(body="<p>临江区<b>网格</b>党建，</p><p>  成效明显。</p>")
        self.assertEqual(item.body_text, "临江区网格党建，\n成效明显。")
        self.assertEqual(item.word_count, 13)
        item.body = "<p></p>"
        self.assertEqual(item.word_count, 0)

    def test_html_to_text_keeps_paragraphs(self):
        self.assertEqual(html_to_text("<p>一</p><p>二<br/>三</p>"), "一\n二\n三")
        self.assertEqual(html_to_text(False), "")

    def test_reference_sequence_restarts_each_year(self):
        with freeze_time("2025-12-31 10:00:00"):
            last_of_2025 = self._item()
            next_of_2025 = self._item()
        with freeze_time("2026-01-02 10:00:00"):
            first_of_2026 = self._item()
        self.assertTrue(last_of_2025.reference.startswith("2025-"))
        self.assertEqual(
            int(next_of_2025.reference.split("-")[1]), int(last_of_2025.reference.split("-")[1]) + 1
        )
        self.assertTrue(first_of_2026.reference.startswith("2026-"))
        self.assertNotEqual(first_of_2026.reference, last_of_2025.reference)

    def test_unit_defaults_to_the_writer(self):
        item = self.env["zugong.item"].with_user(self.county_officer).create(
            {"name": "County news", "body": "<p>县里动态</p>"}
        )
        self.assertEqual(item.unit_ids, self.county)
        self.assertEqual(item.unit_line_ids.share, 100)
        self.assertEqual(item.author_ids, self.county_officer)
        self.assertIn(self.county_officer.partner_id, item.message_partner_ids)

    def test_joint_item_and_shares(self):
        item = self._item()
        item.unit_line_ids = [(0, 0, {"unit_id": self.county.id, "sequence": 20})]
        self.assertTrue(item.is_joint)
        self.assertEqual(item.unit_id, self.district)  # the lead unit comes first
        self.assertEqual(item.unit_ids, self.district | self.county)
        with self.assertRaisesRegex(UserError, "add up to 200"):
            item._check_ready_to_submit()
        item.action_split_evenly()
        self.assertEqual(item.unit_line_ids.mapped("share"), [50.0, 50.0])
        item._check_ready_to_submit()

        three = self._item()
        three.unit_line_ids = [(0, 0, {"unit_id": self.county.id}), (0, 0, {"unit_id": self.section.id})]
        three.action_split_evenly()
        self.assertAlmostEqual(sum(three.unit_line_ids.mapped("share")), 100.0)
        self.assertEqual(sorted(three.unit_line_ids.mapped("share")), [33.33, 33.33, 33.34])

    def test_share_and_unit_constraints(self):
        item = self._item()
        with self.assertDatabaseRefuses("zugong_item_unit_share_range", "份额"):
            item.unit_line_ids.share = 0
            item.unit_line_ids.flush_recordset()
        with self.assertDatabaseRefuses("zugong_item_unit_item_unit_uniq", "单位"):
            item.unit_line_ids = [(0, 0, {"unit_id": self.district.id})]
            item.flush_recordset()

    def test_cannot_submit_empty_or_unitless(self):
        empty = self._item(body="<p> </p>")
        with self.assertRaisesRegex(UserError, "no text"):
            empty.with_user(self.district_officer).action_submit()
        unitless = self._item()
        unitless.unit_line_ids = [(5, 0, 0)]
        # no unit of the officer's leads it any more: the officer cannot act on it
        with self.assertRaises(AccessError):
            unitless.with_user(self.district_officer).action_submit()
        with self.assertRaisesRegex(UserError, "no unit"):
            unitless.with_user(self.research_user).action_submit()

    def test_only_unsent_drafts_are_deleted(self):
        draft = self._item()
        submitted = self._submitted_item()
        draft.with_user(self.district_officer).unlink()
        self.assertFalse(draft.exists())
        with self.assertRaises(UserError):
            submitted.unlink()

    def test_followup_links_to_the_original(self):
        original = self._item(type_id=self.env.ref("zugong_info.item_type_urgent").id,
                              event_time="2026-03-01 08:00:00")
        followup = self._item(type_id=self.env.ref("zugong_info.item_type_followup").id,
                              parent_item_id=original.id, event_time="2026-03-01 08:00:00")
        self.assertEqual(original.followup_ids, followup)
        self.assertTrue(followup.is_followup)
        self.assertEqual(date(2026, 3, 1), original.event_time.date())
