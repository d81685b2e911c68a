from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourOfficer(HttpCase):
    """The officer of a direct-report point (林雪, a portal user) in the portal, on the
    demo data: writes, saves, edits and submits an item with a co-author, a joint unit,
    the commission it answers and a photo; submits a text resembling an earlier item with
    a reason; answers a commission; reports how an instruction was carried out."""

    def setUp(self):
        super().setUp()
        self.officer = self.env.ref("zugong_info.demo_user_officer_lj_point")
        self.point = self.env.ref("zugong_info.demo_unit_lj_point")
        self.commission = self.env.ref("zugong_info.demo_commission_stairwell")
        self.Item = self.env["zugong.item"]

    def _new_item(self, name):
        item = self.Item.search([("name", "=", name)])
        self.assertEqual(len(item), 1, f"one item named {name}")
        return item

    def test_write_item(self):
        self.start_tour("/my/items/new", "zugong_portal_officer_write_item", login="lj_point_officer")
        item = self._new_item("江滨街道直报点推行“楼道议事会”解决群众身边小事")
        self.assertNotEqual(item.state, "draft")
        self.assertTrue(item.first_sent_on)
        self.assertEqual(item.author_ids, self.officer | self.env.ref("zugong_info.demo_user_officer_lj_point_colleague"))
        self.assertEqual(item.unit_ids, self.point | self.env.ref("zugong_info.demo_unit_lj_point_bj"))
        self.assertEqual(item.unit_id, self.point)
        self.assertEqual(item.commission_id, self.commission)
        self.assertEqual(item.create_uid, self.officer)
        files = self.env["ir.attachment"].search([("res_model", "=", "zugong.item"), ("res_id", "=", item.id)])
        self.assertEqual(files.mapped("name"), ["议事会.png"])
        self.assertEqual(files.mimetype, "image/png")
        self.assertIn("楼道设立议事会", item.body)

    def test_similar_item_with_reason(self):
        earlier = self.env.ref("zugong_info.demo_item_lj_point_grid")
        self.env.cr.execute("SELECT count(*) FROM zugong_item_band WHERE item_id = %s", [earlier.id])
        self.assertTrue(self.env.cr.fetchone()[0], "the demo item is indexed for the similarity check")
        self.start_tour("/my/items/new", "zugong_portal_officer_similar_item", login="lj_point_officer")
        item = self._new_item("网格党建再推进")
        self.assertNotEqual(item.state, "draft")
        self.assertEqual(item.similar_reason, "本篇为网格党建第二阶段的新数据")
        self.assertEqual(item.duplicate_state, "flagged")
        self.assertIn(earlier, item.match_ids.matched_item_id)

    def test_answer_commission(self):
        self.start_tour("/my/commissions", "zugong_portal_officer_commission", login="lj_point_officer")
        item = self._new_item("江滨街道楼道治理的三点做法")
        self.assertNotEqual(item.state, "draft")
        self.assertEqual(item.commission_id, self.commission)
        self.assertEqual(item.type_id, self.env.ref("zugong_info.item_type_commission"))

    def test_instruction_feedback(self):
        instruction = self.env.ref("zugong_info.demo_instruction_lj_point_grid")
        self.assertEqual(instruction.state, "awaiting")
        self.start_tour("/my/instructions", "zugong_portal_officer_instruction", login="lj_point_officer")
        self.env.invalidate_all()
        self.assertEqual(instruction.state, "done")
        self.assertEqual(instruction.feedback_text, "已在全街道推广网格党建做法，新建网格党群驿站五个。")
        self.assertEqual(instruction.feedback_by_id, self.officer)

    def test_dashboard(self):
        """Targets, items, commissions, instructions, royalties, training, then notices."""
        self.assertTrue(self.env["zugong.quota.line"].search([("user_id", "=", self.officer.id)]))
        self.start_tour("/my/zugong", "zugong_portal_officer_dashboard", login="lj_point_officer")


@tagged("post_install", "-at_install")
class TestTourOfficerPhone(TestTourOfficer):
    """The same journeys at a phone's width."""

    browser_size = "390x844"
    touch_enabled = True


@tagged("post_install", "-at_install")
class TestTourInternalOfficer(HttpCase):
    """An officer who is an internal user (王晓燕) writes, saves and submits an item in the
    portal, as the officers of direct-report points do."""

    def test_write_item(self):
        officer = self.env.ref("zugong_info.demo_user_officer_lj")
        self.start_tour("/my/items/new", "zugong_portal_internal_officer_write_item", login="lj_officer")
        item = self.env["zugong.item"].search([("name", "=", "临江县推行村级事务“阳光议事”")])
        self.assertEqual(len(item), 1)
        self.assertNotEqual(item.state, "draft")
        self.assertTrue(item.first_sent_on)
        self.assertEqual(item.create_uid, officer)
        self.assertEqual(item.author_ids, officer)
        self.assertIn(item.unit_id, officer.zugong_unit_ids)
