from datetime import date

from odoo.tests import HttpCase, tagged

from .common import NoticeCase, notice_answer, notice_row


@tagged("post_install", "-at_install")
class TestZugongNoticePortal(HttpCase, NoticeCase):
    """Officers read in the portal the published notices whose scope covers their unit,
    and download their files; drafts and other units' notices stay out of sight."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stub.reset(cls.answer)
        cls.city_notice = cls._generate_as_research(scope_unit_id=cls.city.id)
        cls.stub.reset(notice_answer(cls.district, [
            notice_row(cls.district, 1, 50.0, items=3), notice_row(cls.point, 2, 10.0, items=1),
        ]))
        cls.district_notice = cls._generate_as_research(scope_unit_id=cls.district.id)
        cls.stub.reset(cls.answer)
        cls.draft = cls._generate_as_research(scope_unit_id=cls.city.id, period_start=date(2026, 9, 1))
        (cls.city_notice | cls.district_notice).action_publish()

    @classmethod
    def _generate_as_research(cls, **values):
        return cls.env["zugong.notice"].with_user(cls.research_user)._generate(
            {"period_kind": "month", "period_start": date(2026, 10, 1), "subject": "units", **values})

    def test_officer_lists_the_notices_covering_the_unit(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        page = self.url_open("/my/notices")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.city_notice.name, page.text)
        self.assertIn(self.district_notice.name, page.text)
        self.assertEqual(self.draft.name, self.city_notice.name, "the draft would read the same")
        self.assertEqual(page.text.count(self.city_notice.name), 1, "the draft is not listed")
        dashboard = self.url_open("/my/zugong")
        self.assertIn('id="zugong_notices"', dashboard.text)
        self.assertIn(self.district_notice.name, dashboard.text)

        page = self.url_open(f"/my/notices/{self.district_notice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("table-info", page.text, "the officer's own row stands out")
        self.assertIn("Point", page.text)
        download = self.url_open(f"/my/notices/{self.district_notice.id}/xlsx")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content[:2], b"PK")
        self.assertIn("attachment", download.headers["Content-Disposition"])

    def test_other_units_notices_stay_hidden(self):
        self.authenticate(self.county_officer.login, self.county_officer.login)
        page = self.url_open("/my/notices")
        self.assertIn(self.city_notice.name, page.text)
        self.assertNotIn(self.district_notice.name, page.text)
        hidden = self.url_open(f"/my/notices/{self.district_notice.id}", allow_redirects=False)
        self.assertEqual(hidden.status_code, 303)
        self.assertTrue(hidden.headers["Location"].endswith("/my"))
        self.assertEqual(self.url_open(f"/my/notices/{self.district_notice.id}/xlsx").status_code, 404)
        self.assertEqual(self.url_open(f"/my/notices/{self.draft.id}/xlsx").status_code, 404)
