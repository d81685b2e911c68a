"""Attacks on items and their unit lines, as officers and unit heads over JSON-RPC and
the portal: each refused, with nothing changed."""
import json

from odoo.tests import tagged

from .common import FORMULAS, AttackCase, ZugongCase, assert_text_cells


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

    def test_officer_cannot_say_who_asked_for_an_urgent_report_nor_when_an_item_is_due(self):
        """Who asked for an urgent report decides its deduction: the research office records
        it, not the unit; nor does a unit write the day its item was due, or whether it was late."""
        urgent = self._item(type_id=self.env.ref("zugong_info.item_type_urgent").id,
                            event_time="2026-07-01 08:00:00")
        for values in ({"asked_by_level": "county"}, {"due_date": "2030-01-01"}, {"submitted_late": True}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.district_officer, "zugong.item", "write", [urgent.id], values)
        self.assertRpcRefused(self.district_officer, "zugong.item", "create", {
            "name": "Asked", "type_id": urgent.type_id.id, "asked_by_level": "province",
            "unit_line_ids": [(0, 0, {"unit_id": self.district.id})]})
        self.env.invalidate_all()
        self.assertEqual((urgent.asked_by_level, urgent.due_date, urgent.submitted_late), (False, False, False))
        self.assertFalse(self.env["zugong.item"].search([("name", "=", "Asked")]))

    def test_officer_cannot_write_computed_fields(self):
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"unit_ids": [(6, 0, [self.county.id])]})
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"urgent_status": "on_time"})
        self.assertEqual(self.draft.unit_ids, self.district)


@tagged("post_install", "-at_install")
class TestSecurityItemPortal(AttackCase, ZugongCase):
    """The portal's item forms, posted as a portal officer with their CSRF token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_type = cls.env.ref("zugong_info.item_type_dynamic")
        cls.own_draft = cls._item(unit=cls.point, author=cls.point_officer, name="Point draft")

    def _new(self, **data):
        return self.portal_post(self.point_officer, "/my/items/new", "/my/items/new", {
            "name": "Flood relief", "type_id": self.item_type.id, "body": "村干部连夜转移群众。", **data,
        })

    def _items_named(self, name):
        return self.env["zugong.item"].search([("name", "=", name)])

    def test_portal_officer_creates_a_draft_with_its_reference(self):
        response = self._new()
        self.assertEqual(response.status_code, 303)
        item = self._items_named("Flood relief")
        self.assertEqual(len(item), 1)
        self.assertEqual(item.unit_ids, self.point)
        self.assertEqual(item.state, "draft")
        self.assertNotEqual(item.reference, "/")
        self.assertTrue(item.reference)

    def test_portal_officer_cannot_file_under_another_unit(self):
        for unit_id in (self.county.id, "abc", " 0"):
            with self.subTest(unit_id=unit_id):
                response = self._new(unit_id=unit_id)
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                self.assertIn("村干部连夜转移群众。", response.text)
        self.assertFalse(self._items_named("Flood relief"))

    def test_malformed_input_is_told_and_the_text_kept(self):
        for data in ({"event_time": "2026-13-45T99:99"}, {"type_id": "999999"}, {"type_id": "abc"},
                     {"event_time": "9999-12-31T08:00"}, {"name": "  "}, {"body": "长" * 30_001}):
            with self.subTest(data=list(data)):
                response = self._new(**data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                if "body" not in data:
                    self.assertIn("村干部连夜转移群众。", response.text)
        self.assertFalse(self._items_named("Flood relief"))
        self.assertFalse(self.env["zugong.item"].search([("reference", "=", "/")]))

    def test_a_huge_form_is_refused_with_a_clear_page(self):
        response = self._new(body="长" * 5_000_000)  # 15 MB of text
        self.assertEqual(response.status_code, 413)
        self.assertIn("The form is too large", response.text)
        self.assertFalse(self._items_named("Flood relief"))

    def test_event_time_is_read_in_the_officers_time_zone(self):
        self.point_officer.tz = "Asia/Shanghai"
        self._new(event_time="2026-04-01T07:00", type_id=self.env.ref("zugong_info.item_type_urgent").id)
        item = self._items_named("Flood relief")
        self.assertEqual(str(item.event_time), "2026-03-31 23:00:00")

    def test_failed_submission_saves_nothing(self):
        self.own_draft.unit_line_ids.unit_id.signoff_required = False
        response = self.portal_post(
            self.point_officer, f"/my/items/{self.own_draft.id}", f"/my/items/{self.own_draft.id}/save",
            {"name": "Renamed", "type_id": self.item_type.id, "body": "", "submit": "1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        self.assertEqual(self.own_draft.name, "Point draft")
        self.assertEqual(self.own_draft.state, "draft")

    def test_portal_officer_cannot_save_another_units_draft(self):
        other = self._item(unit=self.county, author=self.county_officer, name="County draft")
        self.authenticate(self.point_officer.login, self.point_officer.login)
        token = self.csrf_token("/my/items/new")
        response = self.url_open(f"/my/items/{other.id}/save", data={
            "csrf_token": token, "name": "Taken over", "type_id": self.item_type.id, "body": "x",
        }, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(other.name, "County draft")


@tagged("post_install", "-at_install")
class TestSecurityItemExport(AttackCase, ZugongCase):
    """An officer titles drafts as formulas; the research office exports the items list
    from the web client, flat and grouped: every title is text in the file."""

    def test_list_export_stores_titles_as_text(self):
        for title in FORMULAS:
            self.rpc(self.district_officer, "zugong.item", "create", {"name": title, "body": "<p>text</p>"})
        items = self.env["zugong.item"].search([("name", "in", FORMULAS)])
        self.assertEqual(len(items), len(FORMULAS))
        self.authenticate(self.research_user.login, self.research_user.login)
        for groupby in ([], ["unit_id"]):
            with self.subTest(groupby=groupby):
                response = self.url_open("/web/export/xlsx", data={
                    "csrf_token": self.csrf_token("/odoo"),
                    "data": json.dumps({
                        "model": "zugong.item", "fields": [{"name": "name", "label": "Title"}],
                        "ids": items.ids, "domain": [], "groupby": groupby, "import_compat": False,
                    }),
                })
                self.assertEqual(response.status_code, 200)
                assert_text_cells(self, response.content, FORMULAS)
