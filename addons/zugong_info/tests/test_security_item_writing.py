"""Attacks on what officers and unit heads name on their items (co-authors, joint units,
the commission answered, the urgent report followed up), on the files they attach, on
the urgent clock (the phone report) and on the reason given for a similar text: each
refused as the low-privileged user, through JSON-RPC or the portal's forms, with nothing
changed."""
import base64
import io
import zipfile
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.tests import tagged

from .common import AttackCase, ZugongCase


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestSecurityItemWriting(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["zugong.unit"]
        cls.community = Unit.create({
            "name": "Community", "code": "T-D1-T1-C", "kind": "other", "parent_id": cls.township.id,
        })
        cls.county_head = cls._user("t_county_head", "zugong_info.group_unit_head", cls.county)
        cls.draft = cls._item()
        cls.point_draft = cls._item(unit=cls.point, author=cls.point_officer)
        cls.county_draft = cls._item(unit=cls.county, author=cls.county_officer)
        cls.commission = cls.env["zugong.commission"].create({
            "name": "County topic", "deadline": fields.Date.today() + timedelta(days=10),
            "target_unit_ids": [(6, 0, cls.county.ids)],
        })
        cls.commission.action_open()
        urgent = cls.env.ref("zugong_info.item_type_urgent")
        cls.county_urgent = cls._submitted_item(
            cls.county, cls.county_officer, type_id=urgent.id,
            event_time=fields.Datetime.now() - timedelta(hours=2),
        )
        cls.followup_type = cls.env.ref("zugong_info.item_type_followup")

    def _state(self, item):
        self.env.invalidate_all()
        return (item.author_ids.ids, [(line.unit_id.id, line.share) for line in item.unit_line_ids],
                item.commission_id.id, item.parent_item_id.id, item.type_id.id)

    def _attachments(self, item):
        self.env.invalidate_all()
        return self.env["ir.attachment"].search([("res_model", "=", "zugong.item"), ("res_id", "=", item.id)])

    # ------------------------------------------------------------------ authors

    def test_officer_names_only_the_units_people_as_authors(self):
        before = self._state(self.draft)
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"author_ids": [(4, self.county_officer.id)]}, error="UserError")
        self.assertRpcRefused(self.point_officer, "zugong.item", "write", [self.point_draft.id],
                              {"author_ids": [(4, self.district_officer.id)]})
        count = self.env["zugong.item"].search_count([])
        self.assertRpcRefused(self.district_officer, "zugong.item", "create", {
            "name": "Ghost writer", "body": "<p>text</p>", "author_ids": [(6, 0, self.county_officer.ids)],
        }, error="UserError")
        self.assertEqual(self._state(self.draft), before)
        self.assertEqual(self.env["zugong.item"].search_count([]), count)
        # a person of the unit is a welcome co-author
        self.rpc(self.district_officer, "zugong.item", "write", [self.draft.id],
                 {"author_ids": [(4, self.district_head.id)]})
        self.env.invalidate_all()
        self.assertEqual(self.draft.author_ids, self.district_officer | self.district_head)

    # ------------------------------------------------------------------ joint units

    def test_officer_reports_jointly_only_with_units_near_the_lead(self):
        before, point_before = self._state(self.draft), self._state(self.point_draft)
        for values in ({"unit_line_ids": [(0, 0, {"unit_id": self.city.id, "share": 50})]},
                       {"unit_line_ids": [(0, 0, {"unit_id": self.foreign_unit.id, "share": 50})]}):
            self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id], values)
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "create",
                              {"item_id": self.draft.id, "unit_id": self.city.id, "share": 50})
        self.assertRpcRefused(self.point_officer, "zugong.item.unit", "create",
                              {"item_id": self.point_draft.id, "unit_id": self.county.id, "share": 50})
        line = self.draft.unit_line_ids
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "write", line.ids,
                              {"unit_id": self.city.id})
        self.assertEqual(self._state(self.draft), before)
        self.assertEqual(self._state(self.point_draft), point_before)
        # the lead's siblings and its subtree may report with it
        self.rpc(self.point_officer, "zugong.item.unit", "create",
                 {"item_id": self.point_draft.id, "unit_id": self.community.id, "share": 50})
        self.rpc(self.district_officer, "zugong.item", "write", [self.draft.id],
                 {"unit_line_ids": [(0, 0, {"unit_id": self.county.id, "sequence": 20}),
                                    (0, 0, {"unit_id": self.township.id, "sequence": 30})]})
        self.env.invalidate_all()
        self.assertEqual(self.draft.unit_ids, self.district | self.county | self.township)
        self.assertEqual(self.point_draft.unit_ids, self.point | self.community)

    def test_officer_cannot_pass_the_lead_by_dropping_own_line(self):
        self.draft.write({"unit_line_ids": [(0, 0, {"unit_id": self.county.id, "sequence": 20})]})
        before = self._state(self.draft)
        own_line = self.draft.unit_line_ids.filtered(lambda line: line.unit_id == self.district)
        self.assertRpcRefused(self.district_officer, "zugong.item.unit", "unlink", own_line.ids)
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"unit_line_ids": [(2, own_line.id)]})
        self.assertEqual(self._state(self.draft), before)
        self.assertEqual(self.draft.unit_id, self.district)

    # ------------------------------------------------------------------ commission and follow-up

    def test_officer_links_only_own_commissions_and_urgent_reports(self):
        before = self._state(self.draft)
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"commission_id": self.commission.id}, error="UserError")
        self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id],
                              {"type_id": self.followup_type.id, "parent_item_id": self.county_urgent.id})
        self.assertEqual(self._state(self.draft), before)
        # a closed commission takes no more answers, even from its units
        self.commission.action_close()
        county_before = self._state(self.county_draft)
        self.assertRpcRefused(self.county_officer, "zugong.item", "write", [self.county_draft.id],
                              {"commission_id": self.commission.id}, error="UserError")
        # a follow-up follows up an urgent report, and only a follow-up does
        self.assertRpcRefused(self.county_officer, "zugong.item", "write", [self.county_draft.id],
                              {"parent_item_id": self.county_urgent.id}, error="UserError")
        self.assertEqual(self._state(self.county_draft), county_before)
        self.rpc(self.county_officer, "zugong.item", "write", [self.county_draft.id],
                 {"type_id": self.followup_type.id, "parent_item_id": self.county_urgent.id})
        self.env.invalidate_all()
        self.assertEqual(self.county_draft.parent_item_id, self.county_urgent)

    # ------------------------------------------------------------------ files

    def _attach_rpc(self, user, item, name, data):
        return self.rpc(user, "ir.attachment", "create", {
            "name": name, "datas": base64.b64encode(data).decode(), "res_model": "zugong.item", "res_id": item.id,
        })

    def test_internal_officer_attaches_only_allowed_files_to_own_drafts(self):
        refused = [
            ("page.html", b"<html><script>alert(1)</script></html>"),
            ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ("photo.jpg", b"MZ\x90\x00 a program, not a photo"),
            ("report.docx", png_bytes()),
            ("empty.pdf", b""),
        ]
        for name, data in refused:
            with self.subTest(name=name):
                self.assertRpcRefused(self.district_officer, "ir.attachment", "create", {
                    "name": name, "datas": base64.b64encode(data).decode(),
                    "res_model": "zugong.item", "res_id": self.draft.id,
                }, error="UserError")
        self.assertFalse(self._attachments(self.draft))
        # another unit's draft, and an item already sent out, take no file
        self.assertRpcRefused(self.district_officer, "ir.attachment", "create", {
            "name": "photo.png", "datas": base64.b64encode(png_bytes()).decode(),
            "res_model": "zugong.item", "res_id": self.county_draft.id,
        }, error="AccessError")
        self.assertFalse(self._attachments(self.county_draft))
        # a file moved onto an item is checked as well
        loose = self.rpc(self.district_officer, "ir.attachment", "create", {
            "name": "page.html", "datas": base64.b64encode(b"<html></html>").decode(),
        })
        self.assertRpcRefused(self.district_officer, "ir.attachment", "write", [loose],
                              {"res_model": "zugong.item", "res_id": self.draft.id}, error="UserError")
        self.assertFalse(self._attachments(self.draft))
        # too large
        self.company.zugong_attachment_max_mb = 0.0001
        self.assertRpcRefused(self.district_officer, "ir.attachment", "create", {
            "name": "big.png", "datas": base64.b64encode(png_bytes() + b"\0" * 200).decode(),
            "res_model": "zugong.item", "res_id": self.draft.id,
        }, error="UserError")
        self.company.zugong_attachment_max_mb = 10
        self._attach_rpc(self.district_officer, self.draft, "photo.png", png_bytes())
        self._attach_rpc(self.district_officer, self.draft, "report.docx", docx_bytes())
        self.assertEqual(sorted(self._attachments(self.draft).mapped("name")), ["photo.png", "report.docx"])

    def test_portal_officer_reads_and_attaches_through_the_portal_only(self):
        self.assertRpcRefused(self.point_officer, "ir.attachment", "create", {
            "name": "photo.png", "datas": base64.b64encode(png_bytes()).decode(),
            "res_model": "zugong.item", "res_id": self.point_draft.id,
        })
        self.assertFalse(self._attachments(self.point_draft))
        form = {"name": self.point_draft.name, "body": "网格员走访群众。", "type_id": self.point_draft.type_id.id}
        # a script disguised as a document is refused, nothing kept
        response = self.portal_post(self.point_officer, f"/my/items/{self.point_draft.id}",
                                    f"/my/items/{self.point_draft.id}/save", form,
                                    files={"attachments": ("note.docx", b"<script>alert(1)</script>", "text/html")})
        self.assertIn("alert-danger", response.text)
        self.assertFalse(self._attachments(self.point_draft))
        # another unit's draft cannot be reached at all
        response = self.portal_post(self.point_officer, f"/my/items/{self.point_draft.id}",
                                    f"/my/items/{self.county_draft.id}/save", form,
                                    files={"attachments": ("photo.png", png_bytes(), "image/png")})
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self._attachments(self.county_draft))
        # the own draft takes a photo, which the officer reads back
        response = self.portal_post(self.point_officer, f"/my/items/{self.point_draft.id}",
                                    f"/my/items/{self.point_draft.id}/save", form,
                                    files={"attachments": ("现场照片.png", png_bytes(), "image/png")})
        self.assertEqual(response.status_code, 303)
        photo = self._attachments(self.point_draft)
        self.assertEqual(photo.name, "现场照片.png")
        download = self.url_open(f"/my/items/{self.point_draft.id}/files/{photo.id}")
        self.assertEqual(download.content, png_bytes())
        # the county officer reads neither the item nor its file
        self.authenticate(self.county_officer.login, self.county_officer.login)
        self.assertEqual(self.url_open(f"/my/items/{self.point_draft.id}/files/{photo.id}").status_code, 404)
        self.assertRpcRefused(self.county_officer, "ir.attachment", "read", photo.ids, ["datas"])
        # once the item is sent out its files stay
        self.point_draft.unit_line_ids.unit_id.signoff_required = True
        self.point_draft.with_user(self.point_officer).action_submit()
        response = self.portal_post(self.point_officer, f"/my/items/{self.point_draft.id}",
                                    f"/my/items/{self.point_draft.id}/files/{photo.id}/delete", {})
        self.assertIn("alert-danger", response.text)
        self.assertEqual(self._attachments(self.point_draft), photo)

    # ------------------------------------------------------------------ the urgent clock

    def test_phone_report_only_by_the_units_head_or_the_research_office(self):
        urgent = self._item(type_id=self.env.ref("zugong_info.item_type_urgent").id,
                            event_time=fields.Datetime.now() - timedelta(hours=3))
        moment = fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=1))
        for user in (self.district_officer, self.point_officer, self.county_head, self.finance_user):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.item", "action_record_phone_report", [urgent.id], moment)
        for values in ({"phone_reported_on": moment}, {"phone_reported_by_id": self.district_head.id},
                       {"first_sent_on": moment}, {"reported_on": moment}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.district_head, "zugong.item", "write", [urgent.id], values,
                                      error="AccessError")
        wizard = self.rpc(self.county_head, "zugong.item.phone.report", "create",
                          {"item_id": urgent.id, "reported_at": moment})
        self.assertRpcRefused(self.county_head, "zugong.item.phone.report", "action_confirm", [wizard])
        self.env.invalidate_all()
        self.assertFalse(urgent.phone_reported_on or urgent.first_sent_on or urgent.reported_on)
        self.rpc(self.district_head, "zugong.item", "action_record_phone_report", [urgent.id], moment)
        self.env.invalidate_all()
        self.assertEqual(fields.Datetime.to_string(urgent.phone_reported_on), moment)
        # recorded once by the head: only the research office corrects it
        earlier = fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=2))
        self.assertRpcRefused(self.district_head, "zugong.item", "action_record_phone_report", [urgent.id], earlier)
        self.env.invalidate_all()
        self.assertEqual(fields.Datetime.to_string(urgent.phone_reported_on), moment)

    def test_reason_for_a_similar_text_is_the_submissions(self):
        for values in ({"similar_reason": "Accepted by the office"}, {"duplicate_state": "accepted"}):
            self.assertRpcRefused(self.district_officer, "zugong.item", "write", [self.draft.id], values,
                                  error="AccessError")
        self.env.invalidate_all()
        self.assertFalse(self.draft.similar_reason)
