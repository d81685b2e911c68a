from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourResearch(HttpCase):
    """The research office's journeys in the browser, on the demo data."""

    def test_review_item(self):
        """The research office opens the items, opens the newest one and leaves a note."""
        research = self.env.ref("zugong_info.demo_user_research")
        newest = self.env["zugong.item"].with_user(research).search([], limit=1)
        self.assertTrue(newest, "the demo data has items the research office can read")

        self.start_tour("/odoo", "zugong_research_review_item", login="yanjiu")

        note = newest.message_ids.filtered(
            lambda message: message.author_id == research.partner_id
            and "已阅，请按意见修改后报送。" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
