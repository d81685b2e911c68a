"""One definition of each period figure, read alike by every consumer."""
from datetime import date

from zugong_stats.notice import NoticeRequest, Subject, build_notice, query_notice
from zugong_stats.periods import Period

from odoo.tests import HttpCase, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongFiguresHandover(HttpCase, ZugongCase):
    """After a handover on 1 July, the predecessor owes January to June and the successor
    July to December: the portal, the share's progress, scoring and the figures agree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.successor = cls._user("t_successor", "zugong_info.group_officer", cls.county)
        cls.successor.company_ids = cls.company
        cls._register(cls.district, cls.district_officer, date(2026, 1, 1))
        cls.quota = cls.env["zugong.quota"].create({
            "unit_id": cls.district.id, "year": 2026, "monthly_min_submissions": 3,
            "quarterly_min_submissions": 1,
        })
        cls.quota.line_ids = [(0, 0, {"user_id": cls.district_officer.id, "monthly_min_submissions": 3,
                                      "quarterly_min_submissions": 1})]
        cls.env["zugong.officer"].with_user(cls.research_user)._hand_over(
            cls.district, date(2026, 7, 1), "Transferred", successor_user=cls.successor,
        )
        cls.predecessor_line, cls.successor_line = cls.quota.line_ids.sorted(lambda line: line.date_from or date.min)

    def test_the_year_is_shared_at_the_handover(self):
        Figures = self.env["zugong.figures"]
        self.assertEqual(self.quota.annual_submissions, 40)
        required = Figures._required(self.company, date(2026, 1, 1), date(2026, 12, 31),
                                     people=self.district_officer | self.successor)
        self.assertEqual(required, {("person", self.district_officer.id): 20, ("person", self.successor.id): 20})
        self.assertEqual((self.predecessor_line.annual_submissions, self.successor_line.annual_submissions), (20, 20))
        third_quarter = Figures._required(self.company, date(2026, 7, 1), date(2026, 9, 30),
                                          people=self.district_officer | self.successor)
        self.assertEqual(third_quarter, {("person", self.successor.id): 10})

    def test_scoring_measures_each_against_their_months(self):
        year = self.env["zugong.period"]._ensure(self.company, "year", date(2026, 1, 1))
        figures = self.env["zugong.scoring"]._period_figures(year)
        self.assertEqual(figures[("person", self.district_officer.id)]["minimum"], 20)
        self.assertEqual(figures[("person", self.successor.id)]["minimum"], 20)
        self.assertEqual(figures[("unit", self.district.id)]["minimum"], 40)

    def test_the_portal_shows_each_their_own(self):
        self.authenticate(self.successor.login, self.successor.login)
        page = self.url_open("/my/zugong")
        self.assertEqual(page.status_code, 200)
        own_card, unit_card = page.text.split('class="card-header"')[1:3]
        self.assertIn("0 / 20", own_card, "the successor's own share: July to December")
        self.assertIn("0 / 40", unit_card, "the district the successor answers for: the whole year")

    def test_the_stats_service_reads_the_same_requirement(self):
        """The service's notice over Odoo's own contract views, in this transaction."""
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL search_path = zugong_reporting, public")
        for kind, start, expected in (("year", date(2026, 1, 1), {self.district_officer.id: 20, self.successor.id: 20}),
                                      ("quarter", date(2026, 7, 1), {self.successor.id: 10})):
            request = NoticeRequest(Period.aligned(kind, start), self.city.id, Subject.people, None, False, ())
            scope, rows = query_notice(self.env.cr, request)
            notice = build_notice(request, scope, rows)
            required = {row["person_id"]: row["submissions_required"] for row in notice["rows"]
                        if row["person_id"] in (self.district_officer | self.successor).ids
                        and row["submissions_required"]}
            self.assertEqual(required, expected, kind)
