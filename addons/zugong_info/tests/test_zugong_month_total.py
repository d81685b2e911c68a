"""The monthly totals, their details and the yearly totals always equal a recomputation
from the raw records, whatever changes the events and however (the ORM as users do, or
SQL)."""
from datetime import date

from odoo.tests import freeze_time, tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestZugongMonthTotal(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.district | cls.county | cls.township).signoff_required = False
        Publication = cls.env["zugong.publication"]
        cls.city_bulletin = Publication.create({"name": "City Bulletin", "level": "city"})
        cls.province_bulletin = Publication.create({"name": "Province Bulletin", "level": "province"})
        cls._ruleset([{"kind": "adoption", "level": "city", "points": 20, "applies_to": "both"},
                      {"kind": "adoption", "level": "province", "points": 40},
                      {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "fixed", "points": 3}],
                     year=2026)
        cls.env["zugong.quota"].create({"unit_id": cls.district.id, "year": 2026, "monthly_min_submissions": 2})

    def assertTotalsAgree(self, step):
        self.assertEqual(self.env["zugong.month.total"]._check_totals(), [], step)

    def _total(self, unit, month):
        total = self.env["zugong.month.total"].search([
            ("subject", "=", "unit"), ("subject_id", "=", unit.id), ("month", "=", month)])
        return (total.items, total.adoptions_city, total.adoptions_province, total.points)

    def _year_total(self, subject, subject_id, year):
        """(items, adoptions_city, adoptions_province, points) of a yearly total, None
        when there is no row."""
        self.env.flush_all()
        self.env.cr.execute("SELECT items, adoptions_city, adoptions_province, points FROM zugong_year_total"
                            " WHERE subject = %s AND subject_id = %s AND year = %s", [subject, subject_id, year])
        row = self.env.cr.fetchone()
        return row and (row[0], row[1], row[2], float(row[3]))

    def test_totals_follow_every_change(self):
        Total = self.env["zugong.month.total"]
        with freeze_time("2026-03-10 09:00:00"):
            item = self._submitted_item()
            joint = self._item(author=self.district_officer)
            joint.unit_line_ids = [(0, 0, {"unit_id": self.county.id})]
            joint.action_split_evenly()
            joint.with_user(self.district_officer).action_submit()
        self.assertTotalsAgree("submitted")
        self.assertEqual(self._total(self.district, date(2026, 3, 1)), (2, 0, 0, 0))
        self.assertEqual(self._total(self.county, date(2026, 3, 1)), (1, 0, 0, 0))

        adoption = self._adopted(item, self.city_bulletin, date(2026, 3, 20), issue_number="2026年第3期")
        self._adopted(joint, self.province_bulletin, date(2026, 4, 2), issue_number="2026年第7期")
        self.assertTotalsAgree("adopted")
        self.assertEqual(self._total(self.district, date(2026, 3, 1)), (2, 1, 0, 20))
        self.assertEqual(self._total(self.county, date(2026, 4, 1)), (0, 0, 1, 20))
        # the year: the district's March and April, the county's
        self.assertEqual(self._year_total("unit", self.district.id, 2026), (2, 1, 1, 40))
        self.assertEqual(self._year_total("unit", self.county.id, 2026), (1, 0, 1, 20))

        adoption.date = date(2026, 4, 5)
        self.assertTotalsAgree("an adoption's date moved to another month")
        adoption.publication_id = self.province_bulletin
        self.assertTotalsAgree("an adoption's level changed")

        # the research office moves the joint item's second unit from the county to the township
        joint.unit_line_ids.filtered(lambda line: line.unit_id == self.county).unit_id = self.township
        self.assertTotalsAgree("a unit moved")
        self.assertEqual(self._total(self.county, date(2026, 3, 1))[0], 0)
        self.assertEqual(self._total(self.township, date(2026, 3, 1))[0], 1)
        joint.author_ids = [(4, self.county_officer.id)]
        self.assertTotalsAgree("an author added")
        joint.type_id = self.env.ref("zugong_info.item_type_research")
        self.assertTotalsAgree("the type changed")

        adoption.unlink()
        self.assertTotalsAgree("an adoption removed")
        item.with_user(self.research_user)._return_for_revision("Rewrite it")
        self.assertTotalsAgree("returned for revision")

        month = self.env["zugong.period"]._ensure(self.company, "month", date(2026, 3, 1))
        month.with_user(self.research_user).action_close()
        self.assertTotalsAgree("a month closed: its period lines")
        self.assertTrue(Total.search([("subject", "=", "unit"), ("subject_id", "=", self.district.id),
                                      ("month", "=", date(2026, 3, 1)), ("points", "<", 0)]))
        month.with_user(self.research_user).action_reopen("A late adoption")
        self.env["zugong.scoring"]._score_period(month)
        self.assertTotalsAgree("reopened and scored again")
        self.env["zugong.scoring"]._recompute_year(self.company, 2026)
        self.assertTotalsAgree("the year recomputed")

    def test_totals_follow_sql_too(self):
        with freeze_time("2026-05-10 09:00:00"):
            item = self._submitted_item(unit=self.county, author=self.county_officer)
        self.env.flush_all()
        self.env.cr.execute("UPDATE zugong_item SET submitted_date = '2026-06-01' WHERE id = %s", [item.id])
        self.assertTotalsAgree("moved to June by SQL")
        self.env.cr.execute("UPDATE zugong_item SET submitted_date = '2025-12-31' WHERE id = %s", [item.id])
        self.assertTotalsAgree("moved to the year before by SQL")
        self.assertEqual(self._year_total("unit", self.county.id, 2025)[0], 1)
        self.assertEqual(self._year_total("person", self.county_officer.id, 2025)[0], 1)
        self.assertEqual(self._year_total("unit", self.county.id, 2026)[0], 0, "a row of zeros stays")
        self.env.cr.execute("UPDATE zugong_item SET submitted_date = '2026-06-01' WHERE id = %s", [item.id])
        self.assertTotalsAgree("moved back by SQL")
        self.env.cr.execute("DELETE FROM zugong_item_author_rel WHERE item_id = %s", [item.id])
        self.assertTotalsAgree("authors removed by SQL")
        self.env.cr.execute("UPDATE zugong_score_line SET points = points + 1")
        self.assertTotalsAgree("points changed by SQL")
        self.env.cr.execute("DELETE FROM zugong_score_line")
        self.assertTotalsAgree("lines deleted by SQL")

    def test_figures_read_from_totals_equal_the_records(self):
        """Every window, whole months or not, gives what counting the records gives."""
        with freeze_time("2026-03-10 09:00:00"):
            item = self._submitted_item()
            self._submitted_item(unit=self.county, author=self.county_officer)
        with freeze_time("2026-04-20 09:00:00"):
            self._submitted_item()
        self._adopted(item, self.city_bulletin, date(2026, 4, 2), issue_number="2026年第4期")
        Figures = self.env["zugong.figures"]
        for window in ((date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 3, 1), date(2026, 3, 31)),
                       (date(2026, 3, 10), date(2026, 4, 19)), (date(2026, 3, 11), date(2026, 3, 20)),
                       (date(2026, 2, 15), date(2026, 5, 31))):
            with self.subTest(window=window):
                records = Figures._submitted_records(self.company, *window, None, None)
                self.assertEqual(Figures._submitted(self.company, *window), records)
                self.assertEqual(
                    {key: (figures.get("items", 0), figures.get("urgent", 0))
                     for key, figures in Figures._submitted(self.company, *window, by_type=False).items()},
                    {key: (figures["items"], figures["urgent"]) for key, figures in records.items()},
                    "the items and urgent reports without their types")
                self.assertEqual(Figures._achieved(self.company, *window),
                                 Figures._achieved_records(self.company, *window, None, None),
                                 "items, adoptions by level and points read together")
                self.assertEqual(Figures._points(self.company, *window),
                                 Figures._points_records(self.company, *window, None, None))

    def test_the_yearly_totals_are_rebuilt_from_the_monthly_ones(self):
        """An update that adds the yearly totals' table to a database whose monthly totals
        are kept fills it from them; a rebuild recomputes every total from the records."""
        with freeze_time("2026-03-10 09:00:00"):
            item = self._submitted_item()
        self._adopted(item, self.city_bulletin, date(2026, 4, 2), issue_number="2026年第4期")
        Total = self.env["zugong.month.total"]
        kept = Total._kept()
        self.env.cr.execute("DELETE FROM zugong_year_total")
        self.assertTrue(Total._check_totals())
        Total._fill_years()
        self.assertEqual(Total._kept(), kept)
        self.assertTotalsAgree("filled from the monthly totals")
        self.env.cr.execute("UPDATE zugong_year_total SET points = points + 1")
        Total._rebuild()
        self.assertEqual(Total._kept(), kept)
        self.assertTotalsAgree("rebuilt")

    def test_officers_read_their_own_totals_and_write_none(self):
        with freeze_time("2026-03-10 09:00:00"):
            self._submitted_item()
            self._submitted_item(unit=self.county, author=self.county_officer)
        self.env.flush_all()
        before = self.env["zugong.month.total"]._kept()
        seen = self.rpc(self.county_officer, "zugong.month.total", "search_read", [], ["subject", "subject_id"])
        self.assertEqual({(row["subject"], row["subject_id"]) for row in seen},
                         {("unit", self.county.id), ("person", self.county_officer.id)})
        district_total = self.env["zugong.month.total"].search([("unit_id", "=", self.district.id)], limit=1)
        self.assertRpcRefused(self.county_officer, "zugong.month.total", "write", district_total.ids, {"items": 9},
                              error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.month.total", "create",
                              {"company_id": self.company.id, "subject": "unit", "subject_id": self.county.id,
                               "unit_id": self.county.id, "month": "2026-03-01", "items": 50}, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.month.total.detail", "unlink",
                              self.env["zugong.month.total.detail"].search([]).ids, error="AccessError")
        self.assertEqual(self.env["zugong.month.total"]._kept(), before)
