import re

from odoo.tests import HttpCase, tagged

from .common import ZugongCase


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
