"""The research office's journeys at the model layer: adoptions from the item, the new
year, the periods' schedule, mid-period warnings, the roster and the cohort handover."""
import base64
import io
from datetime import date, timedelta
from unittest.mock import patch

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ZugongCase
from ..tools.xlsx import TextWorkbook


def roster_file(rows):
    """An xlsx roster: the header, then ``rows`` (lists of cells)."""
    output = io.BytesIO()
    workbook = TextWorkbook(output)
    sheet = workbook.add_worksheet()
    for row, cells in enumerate([["单位", "姓名", "电话", "登录名", "信息员或成员", "内部或门户"], *rows]):
        for column, cell in enumerate(cells):
            sheet.write(row, column, cell)
    workbook.close()
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestResearchJourneys(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province = cls.env["zugong.publication"].create({"name": "Province Bulletin", "level": "province"})
        cls.own = cls.env["zugong.publication"].create(
            {"name": "Own Bulletin", "level": "city", "is_own": True, "company_id": cls.company.id}
        )

    # ------------------------------------------------------------------ adoption

    def test_adoption_from_the_item_is_recorded_once_per_issue(self):
        item = self._submitted_item()
        item.with_user(self.research_user).action_receive()
        wizard = self.env["zugong.adoption.record"].with_user(self.research_user).create({
            "item_id": item.id, "publication_id": self.province.id, "issue_number": "2026年第12期",
            "form": "brief", "date": date(2026, 3, 2),
        })
        wizard.action_confirm()
        self.assertEqual(item.state, "adopted")
        self.assertEqual((item.adoption_ids.form, item.adoption_ids.level), ("brief", "province"))
        for spelling in ("2026年 第０12期", "2026年第012期 "):
            again = self.env["zugong.adoption.record"].with_user(self.research_user).create({
                "item_id": item.id, "publication_id": self.province.id, "issue_number": spelling,
                "form": "full", "date": date(2026, 3, 3),
            })
            with self.assertRaisesRegex(UserError, "already recorded as adopted"):
                again.action_confirm()
        self.assertEqual(len(item.adoption_ids), 1)
        # another issue of the same publication is another adoption
        item._record_adoption(self.province, "2026年第13期", "full", date(2026, 3, 9))
        self.assertEqual(len(item.adoption_ids), 2)

    def test_adoption_by_the_own_bulletin_goes_through_an_issue(self):
        item = self._submitted_item()
        with self.assertRaisesRegex(UserError, "compile the item"):
            item.with_user(self.research_user)._record_adoption(self.own, "1", "full", date(2026, 3, 2))
        with self.assertRaises(AccessError):
            item.with_user(self.district_head)._record_adoption(self.province, "1", "full", date(2026, 3, 2))
        self.assertFalse(item.adoption_ids)

    # ------------------------------------------------------------------ new year

    def test_year_rolls_over_in_one_action(self):
        Period = self.env["zugong.period"]
        ruleset = self._ruleset([{"kind": "adoption", "level": "city", "points": 20}], year=2030,
                                name="2030年计分办法")
        self.category.write({"monthly_min_submissions": 4, "adoption_target_city": 3, "score_target": 10})
        bulletin = self.env["zugong.bulletin"].create({
            "publication_id": self.own.id, "year": 2030, "number": 7, "total_number": 107,
            "date": date(2030, 12, 20),
        })
        self.assertEqual(bulletin.number, 7)
        summary = Period.with_user(self.research_user)._roll_over(self.company, 2031, "category", 10)

        periods = Period.search([("company_id", "=", self.company.id), ("year", "=", 2031)])
        self.assertEqual(len(periods), 12 + 6 + 4 + 2 + 1)
        self.assertEqual(summary["periods"], periods)
        copy = summary["ruleset"]
        self.assertTrue(summary["ruleset_copied"])
        self.assertEqual((copy.year, copy.state, copy.name), (2031, "draft", "2031年计分办法"))
        self.assertEqual(copy.rule_ids.mapped("points"), ruleset.rule_ids.mapped("points"))
        quota = summary["quotas"].filtered(lambda q: q.unit_id == self.district)
        self.assertEqual((quota.year, quota.monthly_min_submissions, quota.adoption_target_city,
                          quota.score_target), (2031, 5, 4, 11.0))
        self.assertEqual(summary["numbering"][self.own], 1, "the numbering restarts in the new year")
        self.assertEqual(self.env["zugong.bulletin"]._next_total_number(self.own), 108)

        again = Period.with_user(self.research_user)._roll_over(self.company, 2031, "category", 10)
        self.assertFalse(again["ruleset_copied"])
        self.assertEqual(again["ruleset"], copy)
        self.assertFalse(again["quotas"])
        self.assertEqual(again["quotas_kept"], summary["quotas"].unit_id)
        self.assertEqual(Period.search_count([("company_id", "=", self.company.id), ("year", "=", 2031)]), 25)

    def test_year_rollover_is_the_research_office_s(self):
        with self.assertRaises(UserError):
            self.env["zugong.period"].with_user(self.district_head)._roll_over(self.company, 2031)
        self.assertFalse(self.env["zugong.period"].search([("year", "=", 2031)]))

    def test_bulletin_issues_are_numbered_within_their_year(self):
        Bulletin = self.env["zugong.bulletin"]
        Bulletin.create({"publication_id": self.own.id, "year": 2030, "number": 3, "date": date(2030, 5, 1)})
        self.assertEqual(Bulletin._next_number(self.own, 2030), 4)
        self.assertEqual(Bulletin._next_number(self.own, 2031), 1)
        number = Bulletin.with_context(default_publication_id=self.own.id, default_year=2031)._default_number()
        self.assertEqual(number, 1)

    # ------------------------------------------------------------------ period schedule

    def _old_month(self):
        return self.env["zugong.period"]._ensure(self.company, "month", date(2029, 1, 1))

    def test_due_periods_close_on_schedule(self):
        month = self._old_month()
        self.company.write({"zugong_period_close_mode": "close", "zugong_period_grace_days": 10})
        with patch.object(fields.Date, "context_today", return_value=date(2029, 2, 9)):
            self.env["zugong.period"]._cron_close_due_periods()
        self.assertEqual(month.state, "open", "not before its grace days have passed")
        with patch.object(fields.Date, "context_today", return_value=date(2029, 2, 10)):
            self.env["zugong.period"]._cron_close_due_periods()
        self.assertEqual(month.state, "closed")

    def test_due_periods_are_proposed_for_closing(self):
        month = self._old_month()
        self.company.write({"zugong_period_close_mode": "propose", "zugong_period_grace_days": 3})
        for _run in range(2):
            with patch.object(fields.Date, "context_today", return_value=date(2029, 2, 4)):
                self.env["zugong.period"]._cron_close_due_periods()
        self.assertEqual(month.state, "open")
        self.assertIn(self.research_user, month.activity_ids.user_id)
        self.assertEqual(len(month.activity_ids.filtered(lambda a: a.user_id == self.research_user)), 1)
        month.with_user(self.research_user).action_close()
        self.assertFalse(month.activity_ids, "closing the period does the proposals")

    def test_periods_close_by_hand_by_default(self):
        month = self._old_month()
        self.assertEqual(self.company.zugong_period_close_mode, "manual")
        self.env["zugong.period"]._cron_close_due_periods()
        self.assertEqual(month.state, "open")
        self.assertFalse(month.activity_ids)

    # ------------------------------------------------------------------ warnings

    def test_mid_period_warnings(self):
        today = fields.Date.context_today(self.env["zugong.quota"])
        self._register(self.county, self.county_officer, date_from=date(today.year, 1, 1))
        quota = self.env["zugong.quota"].create({
            "unit_id": self.county.id, "year": today.year, "monthly_min_submissions": 2,
        })
        rows = self.env["zugong.quota"]._period_warnings(self.company)
        row = next(row for row in rows if row["quota"] == quota and not row["user"])
        self.assertTrue(row["none"])
        self.assertEqual(row["submitted"], 0)

        action = self.env["zugong.progress.warning"].with_user(self.research_user).action_open()
        screen = self.env["zugong.progress.warning"].with_user(self.research_user).search(action["domain"])
        county_row = screen.filtered(lambda r: r.unit_id == self.county and not r.user_id)
        self.assertTrue(county_row.no_submission)
        county_row.action_warn()
        county_row.action_warn()
        warned = quota.activity_ids.filtered(lambda a: a.user_id == self.county_officer)
        self.assertEqual(len(warned.filtered(lambda a: "No submission" in a.summary)), 1)
        with self.assertRaises(AccessError):
            self.env["zugong.progress.warning"].with_user(self.district_head).action_open()

    # ------------------------------------------------------------------ roster

    def test_roster_template(self):
        content = self.env["zugong.roster"].with_user(self.research_user)._template()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual([cell.value for cell in sheet[1]],
                         ["单位（代码或名称）", "姓名", "电话", "登录名", "信息员或成员", "内部或门户"])
        with self.assertRaises(AccessError):
            self.env["zugong.roster"].with_user(self.district_head)._template()

    def test_roster_import(self):
        content = roster_file([
            ["T-C2", "张三", "13800000001", "r_zhang", "信息员", "门户"],
            ["County", "李四", 13800000002, "r_li", "成员", "内部"],
            ["T-S1", "王五", "", "r_wang", "officer", "internal"],
        ])
        wizard = self.env["zugong.roster.import"].with_user(self.research_user).create({
            "file": base64.b64encode(content), "date_from": date(2026, 2, 1),
        })
        wizard.action_import()
        users = self.env["res.users"].search([("login", "in", ("r_zhang", "r_li", "r_wang"))])
        self.assertEqual(len(users), 3)
        zhang, li, wang = (users.filtered(lambda u, login=login: u.login == login)
                           for login in ("r_zhang", "r_li", "r_wang"))
        self.assertTrue(zhang.share and zhang.has_group("zugong_info.group_officer"))
        self.assertFalse(li.share)
        self.assertEqual(li.phone, "13800000002")
        officer_group = self.env.ref("zugong_info.group_officer")
        self.assertEqual(set(li.groups_id.ids) - set(li.groups_id.trans_implied_ids.ids),
                         {self.env.ref("base.group_user").id, officer_group.id},
                         "an imported user has an officer's rights and no more")
        members = self.env["zugong.unit.member"].search([("user_id", "in", users.ids)])
        self.assertEqual({(m.user_id, m.unit_id) for m in members},
                         {(zhang, self.county), (li, self.county), (wang, self.section)})
        officers = self.env["zugong.officer"].search([("user_id", "in", users.ids)])
        self.assertEqual({(o.user_id, o.unit_id, o.state, o.date_from) for o in officers}, {
            (zhang, self.county, "registered", date(2026, 2, 1)),
            (wang, self.section, "registered", date(2026, 2, 1)),
        })
        self.assertEqual(officers.registered_by_id, self.research_user)

    def test_roster_with_bad_lines_imports_nothing(self):
        self._register(self.county, self.county_officer, date_from=date(2026, 1, 1))
        content = roster_file([
            ["T-S1", "好人", "13800000001", "r_good", "信息员", "门户"],
            ["Nowhere", "张三", "13800000001", "r_zhang", "信息员", "门户"],
            ["T-S1", "", "abc", "r_zhang", "组长", "外部"],
            ["T-C2", "李四", "", "t_research", "信息员", "内部"],
            ["T-S1", "王五", "", "r wang", "信息员", "内部"],
        ])
        wizard = self.env["zugong.roster.import"].with_user(self.research_user).with_context(lang="zh_CN").create({
            "file": base64.b64encode(content), "date_from": date(2026, 2, 1),
        })
        with self.assertRaises(UserError) as refusal:
            wizard.action_import()
        message = refusal.exception.args[0]
        for expected in ("第3行", "没有单位 Nowhere", "第4行", "姓名", "r_zhang", "第5行", "t_research",
                         "已有在册信息员", "第6行", "r wang"):
            self.assertIn(expected, message)
        self.assertNotIn("第2行：", message)
        self.assertFalse(self.env["res.users"].search([("login", "in", ("r_good", "r_zhang"))]))
        self.assertFalse(self.env["zugong.unit.member"].search([("unit_id", "=", self.section.id)]))

    def test_roster_must_be_an_xlsx(self):
        wizard = self.env["zugong.roster.import"].with_user(self.research_user).create({
            "file": base64.b64encode(b"not a workbook"),
        })
        with self.assertRaisesRegex(UserError, "not an xlsx"):
            wizard.action_import()

    # ------------------------------------------------------------------ cohort handover

    def test_cohort_hands_over_at_one_date(self):
        old_county = self._register(self.county, self.county_officer, date_from=date(2026, 1, 1))
        old_section = self._register(self.section, self.district_officer, date_from=date(2026, 1, 1))
        new_county = self._user("t_new_county", "zugong_info.group_officer")
        new_section = self._user("t_new_section", "zugong_info.group_officer")
        wizard = self.env["zugong.officer.handover.bulk"].with_user(self.research_user).with_context(
            active_model="zugong.unit", active_ids=(self.county | self.section).ids,
        ).create({"handover_date": date(2026, 6, 1), "reason": "换届"})
        self.assertEqual(wizard.line_ids.unit_id, self.county | self.section)
        self.assertEqual(wizard.line_ids.current_officer_id, old_county | old_section)
        for line, successor in zip(wizard.line_ids.sorted(lambda l: l.unit_id.id), (new_county, new_section)):
            line.successor_user_id = successor
        wizard.action_confirm()
        for old, successor in ((old_county, new_county), (old_section, new_section)):
            self.assertEqual((old.state, old.date_to, old.handover_reason), ("ended", date(2026, 5, 31), "换届"))
            new = self.env["zugong.officer"].search([("predecessor_id", "=", old.id)])
            self.assertEqual((new.user_id, new.state, new.date_from), (successor, "registered", date(2026, 6, 1)))

    def test_cohort_handover_is_all_or_nothing(self):
        old_county = self._register(self.county, self.county_officer, date_from=date(2026, 1, 1))
        new_county = self._user("t_new_county", "zugong_info.group_officer")
        with self.assertRaises(UserError) as refusal:
            self.env["zugong.officer"].with_user(self.research_user)._hand_over_many([
                {"unit": self.county, "successor_user": new_county},
                {"unit": self.section},  # no officer, no successor
            ], date(2026, 6, 1), "换届")
        self.assertIn(self.section.complete_name, refusal.exception.args[0])
        self.assertEqual((old_county.state, old_county.date_to), ("registered", False))
        self.assertFalse(self.env["zugong.officer"].search([("user_id", "=", new_county.id)]))
