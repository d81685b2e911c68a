import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AttackCase, ZugongCase
from .test_security_item_writing import png_bytes


@tagged("post_install", "-at_install")
class TestZugongItemPortal(HttpCase, ZugongCase):
    """A portal officer writes, edits and submits a draft and sees no other unit's items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_item = cls._item(unit=cls.point, author=cls.point_officer, name="Point flood work")
        cls.foreign_draft = cls._item(unit=cls.county, author=cls.county_officer, name="County secret draft")

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_officer_lists_own_items_only(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        page = self.url_open("/my/items")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Point flood work", page.text)
        self.assertNotIn("County secret draft", page.text)
        foreign = self.url_open(f"/my/items/{self.foreign_draft.id}", allow_redirects=False)
        self.assertEqual(foreign.status_code, 303)
        self.assertTrue(foreign.headers["Location"].endswith("/my"))

    def test_officer_writes_edits_and_submits(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        token = self._csrf("/my/items/new")
        created = self.url_open("/my/items/new", data={
            "csrf_token": token, "name": "Village volunteers",
            "type_id": self.env.ref("zugong_info.item_type_dynamic").id,
            "body": "网格员走访群众一百余户。\n收集意见建议二十条。",
        })
        self.assertEqual(created.status_code, 200)
        item = self.env["zugong.item"].search([("name", "=", "Village volunteers")])
        self.assertEqual(item.state, "draft")
        self.assertEqual(item.unit_ids, self.point)
        self.assertEqual(item.author_ids, self.point_officer)
        self.assertEqual(item.body_text, "网格员走访群众一百余户。\n收集意见建议二十条。")

        token = self._csrf(f"/my/items/{item.id}")
        self.url_open(f"/my/items/{item.id}/save", data={
            "csrf_token": token, "name": "Village volunteers at work",
            "type_id": item.type_id.id, "body": "网格员走访群众一百余户，解决问题十余个。", "submit": "1",
        })
        item.invalidate_recordset()
        self.assertEqual(item.name, "Village volunteers at work")
        self.assertEqual(item.state, "signoff")
        page = self.url_open(f"/my/items/{item.id}")
        self.assertNotIn('name="submit"', page.text)

    def test_errors_are_shown_not_lost(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        token = self._csrf(f"/my/items/{self.own_item.id}")
        page = self.url_open(f"/my/items/{self.own_item.id}/save", data={
            "csrf_token": token, "name": "", "body": "kept text", "type_id": self.own_item.type_id.id,
        })
        self.assertIn("alert-danger", page.text)
        self.assertIn("kept text", page.text)


@tagged("post_install", "-at_install")
class TestZugongItemPortalForm(AttackCase, ZugongCase):
    """The whole portal form: co-authors of the unit, joint units, the commission answered,
    the urgent report followed up, files; and the similar-text answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community = cls.env["zugong.unit"].create({
            "name": "Community", "code": "T-D1-T1-C", "kind": "other", "parent_id": cls.township.id,
        })
        cls.colleague = cls._user("t_point_colleague", "zugong_info.group_officer", cls.point, portal=True)
        cls.commission = cls.env["zugong.commission"].create({
            "name": "Grid work", "deadline": fields.Date.today() + timedelta(days=10),
            "target_unit_ids": [(6, 0, cls.point.ids)],
        })
        cls.commission.action_open()
        cls.urgent = cls._submitted_item(
            cls.point, cls.point_officer, type_id=cls.env.ref("zugong_info.item_type_urgent").id,
            event_time=fields.Datetime.now() - timedelta(hours=3), name="Flood at the point",
        )
        cls.point.signoff_required = True

    def test_officer_fills_the_whole_form(self):
        followup = self.env.ref("zugong_info.item_type_followup")
        response = self.portal_post(self.point_officer, "/my/items/new", "/my/items/new", {
            "name": "Flood, second report", "type_id": followup.id, "body": "积水已全部排除，群众已返回。",
            "commission_id": self.commission.id, "parent_item_id": self.urgent.id,
            "authors_shown": "1", "author_ids": [self.point_officer.id, self.colleague.id],
            "units_shown": "1", "joint_unit_ids": [self.community.id], "event_time": "",
        }, files={"attachments": ("现场.png", png_bytes(), "image/png")})
        self.assertEqual(response.status_code, 303, re.findall(r'alert-danger[^>]*>([^<]*)<', response.text))
        item = self.env["zugong.item"].search([("name", "=", "Flood, second report")])
        self.assertEqual(item.author_ids, self.point_officer | self.colleague)
        self.assertEqual(item.unit_id, self.point)
        self.assertEqual(item.unit_ids, self.point | self.community)
        self.assertEqual(item.unit_line_ids.mapped("share"), [50.0, 50.0])
        self.assertEqual(item.commission_id, self.commission)
        self.assertEqual(item.parent_item_id, self.urgent)
        self.assertEqual(item.event_time, self.urgent.event_time)
        self.assertEqual(item._portal_attachments().mapped("name"), ["现场.png"])
        page = self.url_open(f"/my/items/{item.id}").text
        self.assertIn("现场.png", page)
        self.assertIn(f'value="{self.community.id}" id="zugong_joint_{self.community.id}" checked', page)

        # the colleague is dropped, the community too
        response = self.portal_post(self.point_officer, f"/my/items/{item.id}", f"/my/items/{item.id}/save", {
            "name": item.name, "type_id": followup.id, "body": "积水已全部排除。",
            "commission_id": self.commission.id, "parent_item_id": self.urgent.id,
            "authors_shown": "1", "author_ids": [self.point_officer.id], "units_shown": "1",
        })
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(item.author_ids, self.point_officer)
        self.assertEqual(item.unit_ids, self.point)
        self.assertEqual(item.unit_line_ids.share, 100.0)

    def test_similar_text_asks_for_a_reason(self):
        text = "全区划分城市网格五百余个，选派网格党支部书记，推动党的组织覆盖到每一个网格，整合社区党群服务中心资源。"
        self._submitted_item(self.district, body=f"<p>{text}</p>", name="Grids in the district")
        draft = self._item(unit=self.point, author=self.point_officer, body=f"<p>{text}</p>", name="Grids")
        form = {"name": "Grids", "type_id": draft.type_id.id, "body": text, "submit": "1"}
        response = self.portal_post(self.point_officer, f"/my/items/{draft.id}", f"/my/items/{draft.id}/save", form)
        self.assertEqual(response.status_code, 303)
        self.assertIn("similar=1", response.headers["Location"])
        self.env.invalidate_all()
        self.assertEqual(draft.state, "draft")
        page = self.url_open(f"/my/items/{draft.id}?similar=1").text
        self.assertIn("zugong_item_similar", page)
        self.assertIn("其他单位的信息", page)
        self.assertNotIn("Grids in the district", page)
        response = self.portal_post(self.point_officer, f"/my/items/{draft.id}", f"/my/items/{draft.id}/save",
                                    dict(form, similar_reason="The point's own grid figures"))
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual((draft.state, draft.duplicate_state), ("signoff", "flagged"))
        self.assertEqual(draft.similar_reason, "The point's own grid figures")
