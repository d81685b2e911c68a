import base64
import io
import time
from datetime import date

import openpyxl
import psycopg2.extensions

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config

from .common import RealStatsServiceCase

YEAR = 2032


@tagged("post_install", "-at_install")
class TestZugongNoticeService(RealStatsServiceCase):
    """Odoo asks the real stats service, reading this database through the reporting
    contract: the test commits a small city in a company of its own, in the year 2032."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        service = cls._import_service()
        if service is None:
            return
        Settings, testing = service
        cls._commit_scenario()
        cls.addClassCleanup(cls._remove_committed_data)
        dsn = psycopg2.extensions.make_dsn(**{key: value for key, value in {
            "dbname": cls.env.cr.dbname, "host": config["db_host"], "port": config["db_port"],
            "user": config["db_user"], "password": config["db_password"],
        }.items() if value})
        settings = Settings(dsn=dsn, token="service-test-token", pool_min=1, pool_max=2)
        cls.url = cls.enterClassContext(testing.running_server(settings))

    @classmethod
    def _commit_scenario(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True,
                                                     "lang": "en_US"})
            company = env["res.company"].create({"name": f"Notice service {time.time_ns()}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            Unit = env["zugong.unit"]
            city = Unit.create({"name": "江北市", "code": "NS", "company_id": company.id})
            east = Unit.create({"name": "东城区委组织部", "code": "NS-E", "kind": "county", "parent_id": city.id,
                                "company_id": company.id})
            west = Unit.create({"name": "西城区委组织部", "code": "NS-W", "kind": "county", "parent_id": city.id,
                                "company_id": company.id})
            town = Unit.create({"name": "东城街道", "code": "NS-E-T", "kind": "township", "parent_id": east.id,
                                "company_id": company.id})
            item_type = env.ref("zugong_info.item_type_dynamic")
            env["zugong.item"].create([{
                "name": f"Item {index}", "body": f"<p>正文 {index}</p>", "company_id": company.id,
                "type_id": item_type.id, "author_ids": [], "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
                "state": "received", "submitted_date": date(YEAR, 10, 5 + index),
            } for index, unit in enumerate([east, east, west])])
            ruleset = env["zugong.ruleset"].create({"name": "Rules", "year": YEAR, "company_id": company.id,
                                                    "rule_ids": [(0, 0, {"kind": "pass_mark", "period_kind": "month",
                                                                         "points": 20}),
                                                                 (0, 0, {"kind": "outcome", "period_kind": "month",
                                                                         "outcome": "no_award",
                                                                         "outcome_when": "commission_missed",
                                                                         "event_count": 1})]})
            ruleset.action_activate()
            env["zugong.quota"].create({"unit_id": east.id, "year": YEAR, "monthly_min_submissions": 3})
            env["zugong.score.line"].create([{
                "company_id": company.id, "subject": "unit", "unit_id": unit.id, "date": day, "points": points,
                "ruleset_id": ruleset.id, "kind": "adoption", "explanation": "test",
            } for unit, day, points in [
                (east, date(YEAR, 10, 20), 50), (west, date(YEAR, 10, 21), 50), (town, date(YEAR, 10, 22), 10),
                (east, date(YEAR, 9, 20), 10), (west, date(YEAR, 9, 21), 30),
            ]])
            # what the October's close found of the west district, as the scoring writes it
            env["zugong.score.outcome"].create({
                "company_id": company.id, "subject": "unit", "unit_id": west.id, "outcome": "no_award",
                "period_id": env["zugong.period"]._ensure(company, "month", date(YEAR, 10, 1)).id,
                "rule_id": ruleset.rule_ids.filtered(lambda rule: rule.kind == "outcome").id,
                "ruleset_id": ruleset.id, "explanation": "约稿未完成 1 次（达到 1 次）：不得评先评优"})
            cls.company_id = company.id
            cls.city_id, cls.east_id, cls.west_id, cls.town_id = city.id, east.id, west.id, town.id
            cls._commit_categories(env, company, ruleset)

    @classmethod
    def _commit_categories(cls, env, company, ruleset):
        """A second tree of the company, its units in categories: the district 南湖区 (in
        一般单位, with the most points of all) above three units of 一般单位 (two of them
        tied), one of 重点单位 (first in the research office's order) and one without a
        category."""
        Category = env["zugong.unit.category"]
        usual = Category.create({"name": "一般单位", "sequence": 20, "company_id": company.id})
        key = Category.create({"name": "重点单位", "sequence": 10, "company_id": company.id})
        Unit = env["zugong.unit"]
        district = Unit.create({"name": "南湖区委组织部", "code": "NH", "kind": "county", "company_id": company.id,
                                "category_id": usual.id})
        units = Unit.create([{
            "name": name, "code": code, "kind": "township", "parent_id": district.id, "company_id": company.id,
            "category_id": category.id if category else False,
        } for name, code, category in [("甲街道", "NH-1", usual), ("乙街道", "NH-2", usual), ("丙街道", "NH-3", usual),
                                       ("丁镇", "NH-4", key), ("戊镇", "NH-5", None)]])
        env["zugong.score.line"].create([{
            "company_id": company.id, "subject": "unit", "unit_id": unit.id, "date": date(YEAR, 10, 10),
            "points": points, "ruleset_id": ruleset.id, "kind": "adoption", "explanation": "test",
        } for unit, points in zip(district | units, [100, 40, 40, 20, 30, 5])])
        cls.district_id, cls.category_units = district.id, units.ids
        cls.usual_id, cls.key_id = usual.id, key.id

    def test_a_notice_from_the_real_service(self):
        params = self.env["ir.config_parameter"]
        params.set_param("zugong_info.stats_url", self.url)
        params.set_param("zugong_info.stats_token", "service-test-token")
        notice = self.env["zugong.notice"].with_company(self.company_id)._generate({
            "period_kind": "month", "period_start": date(YEAR, 10, 1), "scope_unit_id": self.city_id,
            "subject": "units", "tie_breaker_1": "items_submitted",
        })
        self.assertEqual(notice.name, f"{YEAR}年10月全市组工信息工作情况通报")
        rows = {row.unit_id.id: row for row in notice.line_ids}
        self.assertEqual(notice.line_ids[:3].unit_id.ids, [self.east_id, self.west_id, self.town_id])
        east, west, town = rows[self.east_id], rows[self.west_id], rows[self.town_id]
        self.assertRecordValues(east | west | town, [
            {"score": 50, "items_submitted": 2, "rank": 1, "tied": False, "previous_rank": 2, "rank_change": 1,
             "submissions_required": 3, "below_target": True, "below_pass_mark": False},
            {"score": 50, "items_submitted": 1, "rank": 2, "tied": False, "previous_rank": 1, "rank_change": -1,
             "submissions_required": 0, "below_target": False, "below_pass_mark": False},
            {"score": 10, "items_submitted": 0, "rank": 3, "tied": False, "previous_rank": 3, "rank_change": 0,
             "submissions_required": 0, "below_target": False, "below_pass_mark": True},
        ])
        self.assertEqual([east.outcomes, west.outcomes, town.outcomes], [False, "不得评先评优", False])
        self.assertAlmostEqual(east.completion_pct, 66.7)
        self.assertEqual(notice.pass_mark, 20)
        self.assertEqual(notice.total_score, 110)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(notice.xlsx_file))).active
        self.assertEqual(sheet["A1"].value, notice.name)
        self.assertEqual([row[:3] for row in sheet.iter_rows(min_row=5, max_row=7, values_only=True)], [
            (1, "东城区委组织部", 2), (2, "西城区委组织部", 1), (3, "东城区委组织部 / 东城街道", 0),
        ], "the file shows the rows stored")
        # a header spanning the two header rows is written in the upper one
        headers = {sheet.cell(4, column).value or sheet.cell(3, column).value: column
                   for column in range(1, sheet.max_column + 1)}
        self.assertEqual(sheet.cell(6, headers["考核结论"]).value, "不得评先评优")

        self.assertNotIn(self.city_id, rows, "the scope's own unit is not ranked among its units")

        within = self.env["zugong.notice"].with_company(self.company_id)._generate({
            "period_kind": "month", "period_start": date(YEAR, 10, 1), "scope_unit_id": self.city_id,
            "subject": "units", "tie_breaker_1": "items_submitted", "rank_within": "kind",
        })
        self.assertEqual([(row.unit_id.id, row.kind, row.rank) for row in within.line_ids], [
            (self.east_id, "county", 1), (self.west_id, "county", 2), (self.town_id, "township", 1),
        ])

        within = self.env["zugong.notice"].with_company(self.company_id)._generate({
            "period_kind": "month", "period_start": date(YEAR, 10, 1), "scope_unit_id": self.district_id,
            "subject": "units", "rank_within": "category",
        })
        first, second, third, key, alone = self.category_units
        # 重点单位 first (its sequence), then 一般单位, whose two tied share rank 1 and whose
        # district, the scope, with 100 points, is no row; the unit without a category last.
        self.assertEqual(
            [(row.unit_id.id, row.category_id.id, row.category_name, row.rank, row.tied) for row in within.line_ids], [
                (key, self.key_id, "重点单位", 1, False),
                (first, self.usual_id, "一般单位", 1, True),
                (second, self.usual_id, "一般单位", 1, True),
                (third, self.usual_id, "一般单位", 3, False),
                (alone, False, False, 1, False),
            ])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(within.xlsx_file))).active
        self.assertEqual([row[:3] for row in sheet.iter_rows(min_row=5, max_row=9, values_only=True)], [
            (1, "重点单位", "丁镇"), (1, "一般单位", "甲街道"), (1, "一般单位", "乙街道"), (3, "一般单位", "丙街道"),
            (1, "未分类", "戊镇"),
        ], "the file lists the categories' sections")

        params.set_param("zugong_info.stats_token", "a wrong token")
        with self.assertRaisesRegex(UserError, "refused the token"):
            self.env["zugong.notice"]._generate({"period_kind": "month", "period_start": date(YEAR, 10, 1),
                                                 "scope_unit_id": self.city_id, "subject": "units"})
