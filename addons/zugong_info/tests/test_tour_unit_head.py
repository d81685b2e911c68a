from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourUnitHead(HttpCase):
    """The head of 临江区委组织部 (lj_head) in the web client, on the demo data."""

    def setUp(self):
        super().setUp()
        self.head = self.env.ref("zugong_info.demo_user_head_lj")

    def test_sign_off_and_return(self):
        """Signs off the urgent item, whose 24-hour clock stopped at the officer's sending
        (not at the sign-off), and returns the other one for revision."""
        urgent = self.env.ref("zugong_info.demo_item_lj_urgent_signoff")
        other = self.env.ref("zugong_info.demo_item_lj_signoff")
        sent = urgent.first_sent_on
        self.start_tour("/odoo/action-zugong_info.zugong_item_action_signoff", "zugong_unit_head_signoff",
                        login="lj_head")
        self.env.invalidate_all()
        self.assertEqual(urgent.state, "submitted")
        self.assertEqual(urgent.signed_by_id, self.head)
        self.assertEqual(urgent.urgent_status, "on_time")
        self.assertEqual(urgent.first_sent_on, sent)
        self.assertEqual(other.state, "draft")
        self.assertTrue(other.transition_ids.filtered(lambda t: "请补充评估结果运用的具体数据" in (t.comment or "")))

    def test_phone_report(self):
        """Records that the urgent event was first reported by phone: the clock stops there."""
        urgent = self.env.ref("zugong_info.demo_item_lj_urgent_signoff")
        self.assertFalse(urgent.phone_reported_on)
        self.start_tour("/odoo/action-zugong_info.zugong_item_action_signoff", "zugong_unit_head_phone_report",
                        login="lj_head")
        self.env.invalidate_all()
        self.assertEqual(urgent.phone_reported_by_id, self.head)
        self.assertTrue(urgent.event_time <= urgent.phone_reported_on)
        self.assertEqual(urgent.reported_on, min(urgent.phone_reported_on, urgent.first_sent_on))
        self.assertEqual(urgent.state, "signoff", "recording the phone report signs nothing off")

    def test_split_and_sub_unit_targets(self):
        """Changes the split among the unit's people by hand and saves it; gives its
        sub-unit a target, refused first when beyond the unit's own."""
        quota = self.env.ref("zugong_info.demo_quota_lj")
        before = {line.user_id: line.monthly_min_submissions for line in quota.line_ids}
        self.assertGreaterEqual(len(before), 2, "the demo quota is split among at least two people")
        self.start_tour("/odoo/action-zugong_info.zugong_quota_action", "zugong_unit_head_split", login="lj_head")
        self.env.invalidate_all()
        after = {line.user_id: line.monthly_min_submissions for line in quota.line_ids}
        self.assertNotEqual(after, before)
        self.assertEqual(sum(after.values()), quota.monthly_min_submissions)
        note = quota.message_ids.filtered(lambda m: "任务分解已调整" in (m.body or ""))
        self.assertEqual(note[:1].author_id, self.head.partner_id)
        town = self.env.ref("zugong_info.demo_unit_lj_town")
        town_quota = self.env["zugong.quota"].search([("unit_id", "=", town.id), ("year", "=", quota.year)])
        self.assertEqual(town_quota.monthly_min_submissions, 1)

    def test_progress(self):
        """What waits for sign-off (with the urgent clock), what is due from the units,
        the unit's targets; from there to the item to sign off."""
        self.start_tour("/my/zugong", "zugong_unit_head_progress", login="lj_head")
