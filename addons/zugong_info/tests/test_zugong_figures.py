"""One definition of each period figure, read alike by every consumer."""
import importlib.util
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from zugong_stats.notice import NoticeRequest, Subject, build_notice, query_notice
from zugong_stats.periods import Period

from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import file_path

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

    def test_any_window_owes_the_months_and_quarters_it_holds(self):
        """A window's requirement, computed from what each is held to without listing
        months, is the months of zugong.required.month the window holds whole and the
        quarterly minimums of the quarters it holds whole, for windows starting and ending
        on and off month and quarter boundaries and across years; a mid-month handover
        (15 July) leaves July and the third quarter to the predecessor. The reporting
        contract's year rows give the same."""
        township_officer = self._user("t_township_officer", "zugong_info.group_officer", self.township)
        self._register(self.township, township_officer, date(2026, 1, 1))
        township_quota = self.env["zugong.quota"].create({
            "unit_id": self.township.id, "year": 2026, "monthly_min_submissions": 2, "quarterly_min_submissions": 5})
        township_quota.line_ids = [(0, 0, {"user_id": township_officer.id, "monthly_min_submissions": 2,
                                           "quarterly_min_submissions": 5})]
        township_successor = self._user("t_township_successor", "zugong_info.group_officer", self.township)
        self.env["zugong.officer"].with_user(self.research_user)._hand_over(
            self.township, date(2026, 7, 15), "Transferred", successor_user=township_successor)
        self.env["zugong.quota"].create({"unit_id": self.county.id, "year": 2027, "quarterly_min_submissions": 1})
        self.env.flush_all()
        months = self.env["zugong.required.month"].search([("company_id", "=", self.company.id)])

        def from_months(start, end):
            owed = {}
            for row in months:
                if row.month >= start and row.month + relativedelta(months=1, days=-1) <= end:
                    key = (row.subject, row.unit_id.id if row.subject == "unit" else row.person_id.id)
                    owed[key] = owed.get(key, 0) + row.monthly_min + (
                        row.quarterly_min if row.month - relativedelta(months=2) >= start else 0)
            return {key: value for key, value in owed.items() if value}

        Figures = self.env["zugong.figures"]
        starts = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 3, 31), date(2026, 4, 1), date(2026, 7, 1),
                  date(2026, 7, 15), date(2026, 10, 2)]
        ends = [date(2026, 3, 30), date(2026, 3, 31), date(2026, 6, 30), date(2026, 7, 14), date(2026, 7, 31),
                date(2026, 9, 30), date(2026, 12, 30), date(2026, 12, 31), date(2027, 3, 31)]
        checked = 0
        for start in starts:
            for end in ends:
                if end < start:
                    continue
                required = {key: value for key, value in Figures._required(self.company, start, end).items() if value}
                self.assertEqual(required, from_months(start, end), f"{start} to {end}")
                checked += bool(required)
        self.assertGreater(checked, 40)
        july = from_months(date(2026, 7, 1), date(2026, 9, 30))
        self.assertEqual((july[("person", township_officer.id)], july.get(("person", township_successor.id))),
                         (2 + 5, 2 * 2), "July and the quarter to the predecessor, August and September after")
        self.env.cr.execute(
            "SELECT subject, coalesce(person_id, unit_id), year, required FROM zugong_reporting.zugong_required_year_v2"
            " WHERE company_id = %s AND required <> 0", [self.company.id])
        by_year = {(subject, subject_id, year): required for subject, subject_id, year, required in self.env.cr.fetchall()}
        expected = {(*key, year): value for year in (2026, 2027)
                    for key, value in from_months(date(year, 1, 1), date(year, 12, 31)).items()}
        self.assertEqual(by_year, expected)

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

    def _progress_of(self, records):
        """The progress fields of ``records``, computed for them all at once."""
        fields = ["annual_submissions", "ytd_submissions", "expected_submissions", "submission_completion",
                  "ytd_adoptions_county", "ytd_adoptions_city", "ytd_adoptions_province",
                  "ytd_adoptions_central", "ytd_score", "behind_schedule"]
        self.env.invalidate_all()
        return {record.id: row for record, row in zip(records, records.read(fields))}

    def test_progress_of_many_equals_one_by_one(self):
        """Quotas and shares (the handover's two among them) read at once give what each
        gives alone, on a day whose month is partly gone (monthly totals and records)."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 30, "applies_to": "both"}], year=2026)
        city = self.env["zugong.publication"].create({"name": "City", "level": "city"})
        township_officer = self._user("t_township_officer", "zugong_info.group_officer", self.township)
        township_quota = self.env["zugong.quota"].create({
            "unit_id": self.township.id, "year": 2026, "monthly_min_submissions": 1, "adoption_target_city": 2,
            "score_target": 40,
        })
        township_quota.action_split_evenly()
        county_quota = self.env["zugong.quota"].create({"unit_id": self.county.id, "year": 2026,
                                                       "quarterly_min_submissions": 2})
        for day, unit, author in (("2026-02-03", self.district, self.district_officer),
                                  ("2026-06-30", self.district, self.district_officer),
                                  ("2026-07-01", self.district, self.successor),
                                  ("2026-09-02", self.district, self.successor),
                                  ("2026-09-14", self.township, township_officer),
                                  ("2026-05-05", self.county, self.county_officer)):
            with freeze_time(f"{day} 10:00:00"):
                item = self._submitted_item(unit, author)
            self._adopted(item, city, date.fromisoformat(day) + timedelta(days=10))
        quotas = self.quota | township_quota | county_quota
        lines = quotas.line_ids
        self.assertLessEqual(self.predecessor_line | self.successor_line, lines)
        with freeze_time("2026-09-15"):
            for records in (quotas, lines):
                together = self._progress_of(records)
                for record in records:
                    self.assertEqual(self._progress_of(record.browse(record.id))[record.id], together[record.id])
            progress = self._progress_of(lines)
        self.assertEqual((progress[self.predecessor_line.id]["ytd_submissions"],
                          progress[self.successor_line.id]["ytd_submissions"]), (2, 2))
        self.assertEqual((progress[self.predecessor_line.id]["ytd_adoptions_city"],
                          progress[self.successor_line.id]["ytd_adoptions_city"]), (1, 2),
                         "each their own items' adoptions while they hold the share")

    def test_the_year_to_date_is_the_records_of_its_days(self):
        """Every window from 1 January, read from the totals (whole months, or the year's
        totals less the rest of the year, an adoption dated after the window's end among
        them), equals the same figures counted from the raw records."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 12.5, "applies_to": "both"}], year=2026)
        city = self.env["zugong.publication"].create({"name": "City", "level": "city"})
        for day, author, adopted in (("2026-01-31", self.district_officer, "2026-02-01"),
                                     ("2026-06-30", self.district_officer, "2026-07-01"),
                                     ("2026-07-01", self.successor, "2026-12-31"),
                                     ("2026-11-15", self.successor, "2026-11-16")):
            with freeze_time(f"{day} 10:00:00"):
                item = self._submitted_item(self.district, author)
            self._adopted(item, city, date.fromisoformat(adopted))
        Figures = self.env["zugong.figures"]
        people = self.district_officer | self.successor
        checked = set()
        for end in (date(2026, 1, 30), date(2026, 6, 30), date(2026, 7, 1), date(2026, 9, 15), date(2026, 11, 15),
                    date(2026, 12, 30), date(2026, 12, 31)):
            start = date(2026, 1, 1)
            parts = Figures._window_parts(Figures._achieved_totals, Figures._achieved_records, self.company,
                                          start, end, self.district, people, years=True)
            checked.add(tuple(sign for sign, _part in parts))
            from_records = Figures._achieved_records(self.company, start, end, self.district, people)
            achieved = Figures._achieved(self.company, start, end, self.district, people)
            self.assertEqual({key: {name: value for name, value in figures.items() if value}
                              for key, figures in achieved.items()},
                             {key: dict(figures) for key, figures in from_records.items()}, end)
            self.assertEqual(Figures._points(self.company, start, end, self.district, people),
                             {key: figures["points"] for key, figures in from_records.items() if figures.get("points")},
                             end)
        self.assertIn((1, -1, -1), checked, "the year less a month and some days")
        self.assertIn((1,), checked, "the whole year")

    def test_the_page_progress_of_an_officer_and_a_head(self):
        """The cards of the officer's page, from the model: the successor's own share
        and the district's quota; the district's head also sees the people holding a
        share today and the sub-units' quotas."""
        township_quota = self.env["zugong.quota"].create({"unit_id": self.township.id, "year": 2026,
                                                          "monthly_min_submissions": 2})
        with freeze_time("2026-07-01 10:00:00"):
            self._submitted_item(self.district, self.successor)
        Quota = self.env["zugong.quota"]
        with freeze_time("2026-07-20"):
            progress = Quota.with_user(self.successor)._portal_progress()
            head = Quota.with_user(self.district_head)._portal_progress()
        bars = [[(bar["label"], bar["achieved"], bar["target"]) for bar in card["rows"]]
                for card in progress["targets"]]
        self.assertEqual([card["title"] for card in progress["targets"]], ["My targets", "District"])
        self.assertEqual(bars, [[("Items this month", 1, 3), ("Items this year", 1, 20)],
                                [("Items this month", 1, 3), ("Items this year", 1, 40)]])
        self.assertEqual(progress["targets"][0]["rows"][0]["percent"], 33)
        self.assertEqual((progress["people"], progress["sub_units"]), ([], []), "not a head")
        self.assertEqual([card["title"] for card in head["targets"]], ["District"])
        self.assertEqual([(row["name"], row["bar"]["achieved"], row["bar"]["target"]) for row in head["people"]],
                         [(self.successor.name, 1, 20)], "the share held today only")
        self.assertEqual([(row["quota"], row["bar"]["target"]) for row in head["sub_units"]], [(township_quota, 24)])

    def test_the_page_reads_a_share_held_all_year_from_its_progress(self):
        """A person holding a share from New Year's Day has the year so far of the share's
        progress on the page, which counts their items of every unit (one written with
        another unit's officer): the same as the year read on its own (a day asked for
        other than today)."""
        officer = self._user("t_township_officer", "zugong_info.group_officer", self.township)
        quota = self.env["zugong.quota"].create({"unit_id": self.township.id, "year": 2026,
                                                 "monthly_min_submissions": 1})
        quota.line_ids = [(0, 0, {"user_id": officer.id, "monthly_min_submissions": 1})]
        with freeze_time("2026-03-10 10:00:00"):
            self._submitted_item(self.township, officer)
        with freeze_time("2026-07-02 10:00:00"):  # written with the district's officer
            self._submitted_item(self.district, self.district_officer,
                                 author_ids=[(6, 0, (self.district_officer | officer).ids)])
        Quota = self.env["zugong.quota"].with_user(officer)
        with freeze_time("2026-07-20"):
            from_progress = Quota._portal_progress()
        self.env.invalidate_all()
        with freeze_time("2026-07-21"):
            read_apart = Quota._portal_progress(date(2026, 7, 20))
        bars = [[(bar["label"], bar["achieved"], bar["target"]) for bar in card["rows"]]
                for card in from_progress["targets"]]
        self.assertEqual([card["title"] for card in from_progress["targets"]], ["My targets", "Township"])
        self.assertEqual(bars, [[("Items this month", 1, 1), ("Items this year", 2, 12)],
                                [("Items this month", 0, 1), ("Items this year", 1, 12)]])
        self.assertEqual(from_progress["targets"], read_apart["targets"])

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


@tagged("post_install", "-at_install")
class TestUrgentReportsTowardMinimums(HttpCase, ZugongCase):
    """An urgent report (紧急信息) is an item submitted, but counts towards no minimum unless
    the rule set in force says so: the portal's bars, the quota's progress, the progress
    pivot, scoring's minimum and the stats service's completion agree, and all follow the
    rule set."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district.signoff_required = False
        cls._register(cls.district, cls.district_officer, date(2026, 1, 1))
        cls.quota = cls.env["zugong.quota"].create({"unit_id": cls.district.id, "year": 2026,
                                                    "monthly_min_submissions": 2})
        with freeze_time("2026-03-10 02:00:00"):
            cls._submitted_item(cls.district)
            cls._submitted_item(cls.district, type_id=cls.env.ref("zugong_info.item_type_urgent").id,
                                event_time="2026-03-09 20:00:00")
        cls.march = cls.env["zugong.period"]._ensure(cls.company, "month", date(2026, 3, 1))

    def _rules(self, urgent_counted):
        ruleset = self._ruleset([{"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata",
                                  "points": 5, "applies_to": "unit"}], year=2026)
        ruleset.urgent_toward_minimum = urgent_counted
        self.march.with_user(self.research_user).action_close()

    def _seen(self):
        """What each consumer counts of the district's March: (portal bar, quota progress,
        progress pivot, scoring's deduction, the service's items counted and completion)."""
        self.env.invalidate_all()
        with freeze_time("2026-03-31 10:00:00"):
            bar = next(row for row in self.env["zugong.quota"].with_user(self.district_officer)._portal_progress()
                       ["targets"][-1]["rows"] if row["label"] == "Items this month")
            progress = self.quota.with_user(self.research_user).ytd_submissions
        pivot = self.env["zugong.quota.progress"].search([
            ("quota_id", "=", self.quota.id), ("subject", "=", "unit"), ("month", "=", date(2026, 3, 1))])
        deduction = sum(self.env["zugong.score.line"].search([
            ("unit_id", "=", self.district.id), ("period_id", "=", self.march.id)]).mapped("points"))
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL search_path = zugong_reporting, public")
        request = NoticeRequest(Period.aligned("month", date(2026, 3, 1)), self.city.id, Subject.units, None, False, ())
        notice = build_notice(request, *query_notice(self.env.cr, request))
        self.env.cr.execute("SET LOCAL search_path = public")
        row = next(row for row in notice["rows"] if row["unit_id"] == self.district.id)
        return ((bar["achieved"], bar["target"]), progress, pivot.achieved_submissions, deduction,
                (row["items_submitted"], row["items_toward_minimum"], row["completion_pct"]))

    def test_urgent_reports_count_towards_no_minimum_unless_the_rules_say_so(self):
        self._rules(urgent_counted=False)
        self.assertEqual(self._seen(), ((1, 2), 1, 1, -5, (2, 1, 50)))
        line = self.env["zugong.score.line"].search([("period_id", "=", self.march.id),
                                                     ("unit_id", "=", self.district.id)])
        self.assertEqual(line.points, -5, "one short of two: the urgent report is not counted")
        self._rules(urgent_counted=True)
        self.assertEqual(self._seen(), ((2, 2), 2, 2, 0, (2, 2, 100)))

    def test_the_totals_follow_an_item_type_becoming_urgent(self):
        """The totals keep the urgent reports of each month, and follow a type that becomes
        one (or stops being one): always equal to their recomputation."""
        Total = self.env["zugong.month.total"]
        dynamic = self.env.ref("zugong_info.item_type_dynamic")
        total = Total.search([("subject", "=", "unit"), ("subject_id", "=", self.district.id),
                              ("month", "=", date(2026, 3, 1))])
        self.assertEqual((total.items, total.items_urgent), (2, 1))
        dynamic.is_urgent = True
        self.env.flush_all()
        total.invalidate_recordset()
        self.assertEqual((total.items, total.items_urgent), (2, 2))
        self.assertEqual(Total._check_totals(), [])
        dynamic.is_urgent = False
        self.env.flush_all()
        total.invalidate_recordset()
        self.assertEqual(total.items_urgent, 1)
        self.assertEqual(Total._check_totals(), [])

    def test_what_the_rule_set_in_force_says_is_read_again_when_it_changes(self):
        """Whether urgent reports count is kept between readings, and follows a rule set
        put in force, changed, put out of force and deleted."""
        Ruleset = self.env["zugong.ruleset"]
        ruleset = self._ruleset([{"kind": "adoption", "points": 1}], year=2026)
        self.assertFalse(Ruleset._urgent_counted(self.company, 2026))
        ruleset.urgent_toward_minimum = True
        self.assertTrue(Ruleset._urgent_counted(self.company, 2026))
        ruleset.action_back_to_draft()
        self.assertFalse(Ruleset._urgent_counted(self.company, 2026))
        counted = Ruleset.create({"name": "Counted", "year": 2026, "urgent_toward_minimum": True,
                                  "state": "active"})
        self.assertTrue(Ruleset._urgent_counted(self.company, 2026))
        counted.unlink()
        self.assertFalse(Ruleset._urgent_counted(self.company, 2026))

    def test_the_upgrade_keeps_counting_them_in_the_years_already_scored_so(self):
        """Before 18.0.1.3.0 urgent reports counted towards the minimums: a locked rule set
        (its periods scored so) keeps counting them after the upgrade, the others do not."""
        path = file_path("zugong_info/migrations/18.0.1.3.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("zugong_info_pre_migrate_1_3", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        Ruleset = self.env["zugong.ruleset"]
        # before the upgrade, the freeze of locked rule sets knows nothing of the field:
        # here it does, and the periods of the demo data's locked rule sets are reopened
        self.env["zugong.period"].search([("state", "=", "closed")]).write({"state": "open"})
        locked = self._ruleset([{"kind": "adoption", "points": 1}], year=2024)
        locked.state = "locked"
        draft = Ruleset.create({"name": "Draft", "year": 2027})
        active = self._ruleset([{"kind": "adoption", "points": 1}], year=2025)
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual([ruleset.urgent_toward_minimum for ruleset in (locked, draft, active)], [True, False, False])
        self.assertTrue(Ruleset._urgent_counted(self.company, 2024))
        self.assertFalse(Ruleset._urgent_counted(self.company, 2025))
