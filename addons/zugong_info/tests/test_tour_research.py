import io
import math
import os
import re
import zipfile
from datetime import date, timedelta
from unittest.mock import patch

import psycopg2.extensions

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from odoo.addons.zugong_info.documents.zugong_notice_document import draft_values

from .common import distinct_text
from .test_zugong_research_journeys import roster_file


@tagged("post_install", "-at_install")
class TestTourResearch(HttpCase):
    """The research office's journeys in the browser, on the demo data."""

    def test_review_item(self):
        """The research office opens the items, opens the newest one and leaves a note."""
        research = self.env.ref("zugong_info.demo_user_research")
        newest = self.env["zugong.item"].with_user(research).search([], limit=1)
        self.assertTrue(newest, "the demo data has items the research office can read")

        self.start_tour("/odoo", "zugong_research_review_item", login="yanjiu")

        note = newest.message_ids.filtered(
            lambda message: message.author_id == research.partner_id
            and "已阅，请按意见修改后报送。" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_adopt_item(self):
        """Receive an item, review it and record its adoption from the item; the same
        issue spelt otherwise is refused."""
        research = self.env.ref("zugong_info.demo_user_research")
        officer = self.env.ref("zugong_info.demo_user_officer_lj")
        unit = self.env.ref("zugong_info.demo_unit_lj")
        unit.signoff_required = False
        item = self.env["zugong.item"].with_user(officer).create({
            "name": "换届选举工作稳步推进",
            "body": "<p>%s</p>" % distinct_text("adopt-item-tour"),
            "author_ids": [officer.id],
            "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
        })
        item.with_user(officer).action_submit()
        self.assertEqual((item.state, item.duplicate_state), ("submitted", "none"))

        self.start_tour("/odoo", "zugong_research_adopt_item", login="yanjiu")

        self.env.invalidate_all()
        self.assertEqual(item.state, "adopted")
        self.assertEqual(item.received_by_id, research)
        self.assertEqual(item.review_ids.mapped("body"), ["材料扎实，建议精简后上报。"])
        self.assertEqual(item.review_ids.author_id, research)
        adoption = item.adoption_ids
        self.assertEqual(len(adoption), 1, "the second spelling of the issue was refused")
        self.assertEqual(adoption.publication_id, self.env.ref("zugong_info.demo_publication_province"))
        self.assertEqual((adoption.issue_number, adoption.form, adoption.recorded_by_id),
                         ("2026年第12期", "full", research))

    def test_compile_publish_and_read_bulletin(self):
        """Compile an issue from the received items, publish it and read it."""
        research = self.env.ref("zugong_info.demo_user_research")
        officer = self.env.ref("zugong_info.demo_user_officer_lj")
        unit = self.env.ref("zugong_info.demo_unit_lj")
        unit.signoff_required = False
        item = self.env["zugong.item"].with_user(officer).create({
            "name": "干部档案专项审核工作有序开展",
            "body": "<p>%s</p>" % distinct_text("bulletin-tour"),
            "author_ids": [officer.id],
            "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
        })
        item.with_user(officer).action_submit()
        item.with_user(research).action_receive()
        own = self.env.ref("zugong_info.demo_publication_city")
        year = fields.Date.context_today(item).year
        expected_number = self.env["zugong.bulletin"]._next_number(own, year)

        self.start_tour("/odoo", "zugong_research_bulletin", login="yanjiu")

        self.env.invalidate_all()
        bulletin = self.env["zugong.bulletin"].search([("line_ids.item_id", "=", item.id)])
        self.assertEqual(len(bulletin), 1)
        self.assertEqual((bulletin.state, bulletin.year, bulletin.number, bulletin.editor),
                         ("published", year, expected_number, "研究室"))
        self.assertIn(item, bulletin.line_ids.item_id)
        self.assertEqual(item.state, "adopted")
        adoption = item.adoption_ids.filtered(lambda a: a.bulletin_id == bulletin)
        self.assertEqual(adoption.publication_id, own)
        # the document the browser downloaded is the issue's 简报, the item in it
        self.assertIn(item.name, docx_text(bulletin._official_document("docx")[0]))

    def test_year_rollover(self):
        """Open the next year in one action."""
        company = self.env.ref("base.main_company")
        year = fields.Date.context_today(self.env["zugong.period"]).year + 1
        self.assertFalse(self.env["zugong.period"].search([("company_id", "=", company.id), ("year", "=", year)]))
        source = self.env["zugong.ruleset"].search(
            [("company_id", "=", company.id), ("year", "=", year - 1), ("state", "!=", "draft")], limit=1)
        last_quota = self.env["zugong.quota"].search(
            [("company_id", "=", company.id), ("year", "=", year - 1), ("unit_id.category_id", "!=", False)],
            limit=1)
        category = last_quota.unit_id.category_id

        self.start_tour("/odoo", "zugong_research_year_rollover", login="yanjiu")

        self.env.invalidate_all()
        periods = self.env["zugong.period"].search([("company_id", "=", company.id), ("year", "=", year)])
        self.assertEqual(len(periods), 25)
        self.assertEqual(set(periods.mapped("state")), {"open"})
        ruleset = self.env["zugong.ruleset"].search([("company_id", "=", company.id), ("year", "=", year)])
        self.assertEqual(ruleset.state, "draft")
        self.assertEqual(len(ruleset.rule_ids), len(source.rule_ids))
        quota = self.env["zugong.quota"].search([("unit_id", "=", last_quota.unit_id.id), ("year", "=", year)])
        self.assertEqual(quota.monthly_min_submissions, math.ceil(category.monthly_min_submissions * 1.1 - 1e-9))
        own = self.env.ref("zugong_info.demo_publication_city")
        self.assertEqual(self.env["zugong.bulletin"]._next_number(own, year), 1)

    def test_period_proposed_for_closing(self):
        """The schedule proposes a period for closing once its grace days have passed;
        the research office closes it from its to-do."""
        research = self.env.ref("zugong_info.demo_user_research")
        company = self.env.ref("base.main_company")
        company.write({"zugong_period_close_mode": "propose", "zugong_period_grace_days": 5})
        month = self.env["zugong.period"]._ensure(company, "month", date(2029, 1, 1))
        with patch.object(fields.Date, "context_today", return_value=date(2029, 2, 4)):
            self.env["zugong.period"]._cron_close_due_periods()
        self.assertFalse(month.activity_ids, "not before its grace days have passed")
        with patch.object(fields.Date, "context_today", return_value=date(2029, 2, 5)):
            self.env["zugong.period"]._cron_close_due_periods()
        self.assertIn(research, month.activity_ids.user_id)

        self.start_tour("/odoo", "zugong_research_period_close", login="yanjiu")

        self.env.invalidate_all()
        self.assertEqual((month.state, month.closed_by_id), ("closed", research))
        self.assertFalse(month.activity_ids, "the proposals to close it are done")

    def test_mid_period_warnings(self):
        """List the units behind or without a submission this month, and warn them."""
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self.env["zugong.quota"])
        unit = self.env["zugong.unit"].create({
            "name": "换届预警测试单位", "code": "WARN-TOUR", "kind": "township",
            "parent_id": self.env.ref("zugong_info.demo_unit_lj").id,
        })
        officer = self.env["res.users"].create({
            "name": "预警信息员", "login": "warn_tour_officer", "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("zugong_info.group_officer").id])],
        })
        self.env["zugong.officer"].create({
            "unit_id": unit.id, "user_id": officer.id, "date_from": today.replace(month=1, day=1),
        }).action_register()
        quota = self.env["zugong.quota"].create({"unit_id": unit.id, "year": today.year, "monthly_min_submissions": 3})

        self.start_tour("/odoo", "zugong_research_warnings", login="yanjiu")

        self.env.invalidate_all()
        warned = quota.activity_ids.filtered(lambda activity: activity.user_id == officer)
        self.assertTrue(warned)
        self.assertIn(self.env.ref("zugong_info.demo_user_head_lj"), quota.activity_ids.user_id,
                      "the heads over the unit are warned too")

    def test_register_network_and_hand_over_cohort(self):
        """Import a roster in one step, then hand a cohort of units over at one date."""
        research = self.env.ref("zugong_info.demo_user_research")
        company = self.env.ref("base.main_company")
        lj_town = self.env.ref("zugong_info.demo_unit_lj_town")
        officers = self.env["zugong.officer"]._current_registrations(lj_town)
        self.assertFalse(officers, "the demo township has no officer to import")
        content = roster_file([
            [lj_town.code, "名册导入甲", "13900000001", "roster_tour_a", "信息员", "门户"],
            [lj_town.code, "名册导入乙", "13900000002", "roster_tour_b", "成员", "内部"],
        ])
        self.env["ir.attachment"].with_user(research).create({
            "name": "zugong-roster-tour.xlsx", "raw": content,
        })
        internal = [(6, 0, [self.env.ref("base.group_user").id, self.env.ref("zugong_info.group_officer").id])]
        successors = self.env["res.users"].create([{
            "name": name, "login": login, "company_id": company.id, "company_ids": [(6, 0, company.ids)],
            "groups_id": internal,
        } for name, login in (("换届接任甲", "cohort_tour_a"), ("换届接任乙", "cohort_tour_b"))])
        units = self.env.ref("zugong_info.demo_unit_qs") | self.env.ref("zugong_info.demo_unit_xg")
        before = self.env["zugong.officer"]._current_registrations(units)
        self.assertEqual(len(before), 2)

        self.start_tour("/odoo", "zugong_research_network", login="yanjiu")

        self.env.invalidate_all()
        imported = self.env["res.users"].search([("login", "in", ("roster_tour_a", "roster_tour_b"))])
        self.assertEqual(len(imported), 2)
        a = imported.filtered(lambda user: user.login == "roster_tour_a")
        self.assertTrue(a.share, "the roster made a portal user")
        self.assertEqual(self.env["zugong.unit.member"].search([("user_id", "in", imported.ids)]).unit_id, lj_town)
        registration = self.env["zugong.officer"].search([("user_id", "=", a.id)])
        self.assertEqual((registration.unit_id, registration.state, registration.registered_by_id),
                         (lj_town, "registered", research))
        today = fields.Date.context_today(registration.with_user(research))
        after = self.env["zugong.officer"]._current_registrations(units, today)
        self.assertEqual({unit_id: officer.user_id for unit_id, officer in after.items()},
                         {units[0].id: successors[0], units[1].id: successors[1]})
        for unit in units:
            old = before[unit.id]
            self.assertEqual(old.state, "ended")
            self.assertEqual(after[unit.id].predecessor_id, old)
            self.assertEqual(old.date_to, today - timedelta(days=1))

    def test_what_if(self):
        """The research office tries next year's draft on the quarter under way: the
        results are the engine's, and nothing of the scores is written."""
        company = self.env.ref("base.main_company")
        research = self.env.ref("zugong_info.demo_user_research")
        self.env["zugong.period"]._create_year(company, company._zugong_today().year)
        draft = self.env["zugong.ruleset"].create({
            "name": "下年度计分办法（试算草案）", "year": company._zugong_today().year + 1, "company_id": company.id,
            "rule_ids": [(0, 0, {"kind": "adoption", "points": 7, "applies_to": "unit"})],
        })
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*), sum(points) FROM zugong_score_line")
        before = self.env.cr.fetchone()

        self.start_tour("/odoo", "zugong_research_what_if", login="yanjiu")

        wizard = self.env["zugong.ruleset.what.if"].search([("ruleset_id", "=", draft.id)])
        self.assertEqual(len(wizard), 1)
        self.assertTrue(wizard.compared)
        self.assertEqual((wizard.period_id.kind, wizard.create_uid), ("quarter", research))
        self.assertLessEqual(wizard.period_id.date_start, company._zugong_today())
        expected = draft.with_user(research)._what_if_rows(wizard.period_id, "units")
        self.assertEqual(sorted((line.unit_id.id, line.points_in_force, line.points_tried) for line in wizard.line_ids),
                         sorted((row["unit_id"], row["points_in_force"], row["points_tried"]) for row in expected))
        self.env.cr.execute("SELECT count(*), sum(points) FROM zugong_score_line")
        self.assertEqual(self.env.cr.fetchone(), before, "nothing of the scores is written")
        self.assertEqual(draft.state, "draft")


def docx_text(content):
    """The text of a docx's body, runs joined."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@tagged("post_install", "-at_install")
class TestTourResearchNotice(HttpCase):
    """The research office's notices in the browser, computed by the real stats service
    (run here in a thread). The service reads the database with connections of its own,
    which see committed data only: the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The service sets psycopg2's wait callback for the whole process when imported:
        # imported here, for this class only, and the callback put back afterwards.
        previous_wait_callback = psycopg2.extensions.get_wait_callback()
        from zugong_stats.config import Settings  # noqa: PLC0415
        from zugong_stats.testing import running_server  # noqa: PLC0415
        cls.addClassCleanup(psycopg2.extensions.set_wait_callback, previous_wait_callback)
        dsn = psycopg2.extensions.make_dsn(**{key: value for key, value in {
            "dbname": cls.env.cr.dbname, "host": config["db_host"], "port": config["db_port"],
            "user": config["db_user"], "password": config["db_password"],
        }.items() if value})
        settings = Settings(dsn=dsn, token="notice-tour-token", pool_min=1, pool_max=2)
        url = cls.enterClassContext(running_server(settings))
        cls.enterClassContext(patch.dict(os.environ, {"ZUGONG_STATS_URL": url,
                                                      "ZUGONG_STATS_TOKEN": "notice-tour-token"}))

    def test_notice_ranked_within_kinds_with_no_submission_and_drafted_text(self):
        """Generate last month's notice ranking each unit among its kind, read the units
        with no submission, edit the drafted text and download the document."""
        research = self.env.ref("zugong_info.demo_user_research")
        city = self.env.ref("zugong_info.demo_unit_city")
        before = self.env["zugong.notice"].search([])

        self.start_tour("/odoo", "zugong_research_notice", login="yanjiu")

        self.env.invalidate_all()
        notice = self.env["zugong.notice"].search([("id", "not in", before.ids)])
        self.assertEqual(len(notice), 1)
        self.assertEqual((notice.state, notice.create_uid, notice.scope_unit_id, notice.rank_within),
                         ("draft", research, city, "kind"))
        lines = notice.line_ids
        self.assertNotIn(city, lines.unit_id, "the scope's own unit is not ranked among its units")
        self.assertEqual(set(lines.unit_id.ids),
                         set(self.env["zugong.unit"].search([("id", "child_of", city.id), ("id", "!=", city.id)]).ids))
        self.assertEqual(set(lines.mapped("kind")), set(lines.unit_id.mapped("kind")))
        ranked = lines.filtered("rank")
        self.assertTrue(ranked, "the demo data has figures last month")
        for kind in set(lines.mapped("kind")):
            of_kind = lines.filtered(lambda line, kind=kind: line.kind == kind)
            ranks = sorted(of_kind.mapped("rank"))
            # standard competition ranking within the kind: 1, then each rank counts those above
            self.assertEqual(ranks[0], 1, kind)
            for line in of_kind:
                self.assertEqual(line.rank, 1 + len(of_kind.filtered(lambda other, line=line: other.score > line.score)),
                                 line.name)
        self.assertGreater(len(set(ranked.mapped("kind"))), 1, "several kinds are ranked, each from 1")
        zero = lines.filtered(lambda line: not line.items_submitted)
        self.assertTrue(zero)
        self.assertEqual(notice.zero_line_ids, zero)
        drafted = draft_values(notice)
        self.assertEqual(notice.document_overview, drafted["document_overview"])
        self.assertEqual(notice.document_criticised, drafted["document_criticised"])
        for line in zero[:3]:
            self.assertIn(line.name, notice.document_criticised)
        praised = "二、表扬。临江区委组织部等单位本月报送及时、采用较多，予以表扬。"
        self.assertEqual(notice.document_praised, praised)
        document = docx_text(notice._official_document("docx")[0])
        self.assertIn(praised, document)
        self.assertIn("乡镇（街道）", document, "the document's table names each row's kind")
