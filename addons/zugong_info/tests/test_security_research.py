"""Attacks on the research office's new write paths over JSON-RPC and HTTP: the roster
import and its template, adoptions from the item, the new year, the cohort handover, the
mid-period warnings and the period schedule."""
import base64
from datetime import date

from odoo.tests import tagged

from .common import AttackCase, ZugongCase
from .test_zugong_research_journeys import roster_file


@tagged("post_install", "-at_install")
class TestSecurityResearch(AttackCase, ZugongCase):

    def _network(self):
        self.env.invalidate_all()
        return (
            self.env["res.users"].with_context(active_test=False).search_count([]),
            self.env["zugong.unit.member"].with_context(active_test=False).search_count([]),
            self.env["zugong.officer"].with_context(active_test=False).search_count([]),
        )

    def test_only_the_research_office_imports_the_roster(self):
        content = base64.b64encode(roster_file([["T-C2", "张三", "", "r_attack", "信息员", "内部"]])).decode()
        before = self._network()
        for user in (self.district_head, self.district_officer, self.hr_user, self.finance_user):
            self.assertRpcRefused(user, "zugong.roster.import", "create",
                                  {"file": content, "date_from": "2026-02-01"})
        self.assertEqual(self._network(), before)
        self.assertFalse(self.env["res.users"].search([("login", "=", "r_attack")]))

    def test_only_the_research_office_downloads_the_roster_template(self):
        self.authenticate(self.district_head.login, self.district_head.login)
        response = self.url_open("/zugong_info/roster/template")
        self.assertEqual(response.status_code, 403)
        self.authenticate(self.research_user.login, self.research_user.login)
        response = self.url_open("/zugong_info/roster/template")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))

    def test_only_the_research_office_records_adoptions_from_the_item(self):
        item = self._submitted_item()
        province = self.env["zugong.publication"].create({"name": "Province", "level": "province"})
        for user in (self.district_head, self.district_officer):
            self.assertRpcRefused(user, "zugong.adoption.record", "create", {
                "item_id": item.id, "publication_id": province.id, "issue_number": "1", "form": "full",
                "date": "2026-03-01",
            })
        self.assertFalse(self.env["zugong.adoption"].search([("item_id", "=", item.id)]))

    def test_only_the_research_office_opens_a_year(self):
        for user in (self.district_head, self.finance_user):
            self.assertRpcRefused(user, "zugong.year.rollover", "create", {"year": 2031})
        self.assertFalse(self.env["zugong.period"].search([("year", "=", 2031)]))
        self.assertFalse(self.env["zugong.quota"].search([("year", "=", 2031)]))

    def test_the_research_office_opens_a_year_of_its_own_companies_only(self):
        wizard = self.rpc(self.research_user, "zugong.year.rollover", "create",
                          {"year": 2031, "company_id": self.other_company.id})
        self.assertRpcRefused(self.research_user, "zugong.year.rollover", "action_confirm", [wizard])
        self.assertFalse(self.env["zugong.period"].search([("year", "=", 2031)]))

    def test_only_the_research_office_hands_a_cohort_over(self):
        self._register(self.district, self.district_officer, date_from=date(2026, 1, 1))
        before = self._network()
        self.assertRpcRefused(self.district_head, "zugong.officer.handover.bulk", "create", {
            "handover_date": "2026-06-01", "reason": "换届",
            "line_ids": [(0, 0, {"unit_id": self.district.id, "successor_user_id": self.district_head.id})],
        })
        self.assertEqual(self._network(), before)

    def test_only_the_research_office_sends_warnings(self):
        self.assertRpcRefused(self.district_head, "zugong.progress.warning", "action_open")
        self.assertRpcRefused(self.district_head, "zugong.progress.warning", "create", {
            "subject": "unit", "quota_id": 1, "unit_id": self.district.id, "month": "2026-01",
        })

    def test_the_period_schedule_is_set_by_managers_only(self):
        for user in (self.research_user, self.district_head):
            self.assertRpcRefused(user, "res.company", "write", self.company.ids,
                                  {"zugong_period_close_mode": "close", "zugong_period_grace_days": 0})
        self.env.invalidate_all()
        self.assertEqual(self.company.zugong_period_close_mode, "manual")
        self.assertEqual(self.company.zugong_period_grace_days, 10)
