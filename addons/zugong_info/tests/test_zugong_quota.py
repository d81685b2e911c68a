import gc
from datetime import date
from unittest.mock import patch

from odoo import models
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongQuota(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.write({
            "monthly_min_submissions": 4, "quarterly_min_submissions": 1,
            "adoption_target_city": 5, "adoption_target_province": 2, "score_target": 100,
        })
        cls.district.signoff_required = False
        cls.second_officer = cls._user("t_district_writer", "zugong_info.group_officer", cls.district)

    def _quota(self, unit=None, year=2026, **values):
        return self.env["zugong.quota"].create({"unit_id": (unit or self.district).id, "year": year, **values})

    def test_defaults_come_from_the_category(self):
        quota = self._quota()
        self.assertEqual(quota.monthly_min_submissions, 4)
        self.assertEqual(quota.quarterly_min_submissions, 1)
        self.assertEqual(quota.adoption_target_province, 2)
        self.assertEqual(quota.annual_submissions, 52)
        other = self._quota(year=2027, monthly_min_submissions=9)
        self.assertEqual(other.monthly_min_submissions, 9, "given figures win over the defaults")
        with self.assertDatabaseRefuses("zugong_quota_unit_year_uniq", "已有"):
            self._quota().flush_recordset()

    def test_split_evenly(self):
        quota = self._quota(score_target=100.01)
        quota.action_split_evenly()
        people = self.district_head | self.district_officer | self.second_officer
        self.assertEqual(quota.line_ids.user_id, people)
        self.assertEqual(sorted(quota.line_ids.mapped("monthly_min_submissions")), [1, 1, 2])
        self.assertEqual(sum(quota.line_ids.mapped("adoption_target_city")), 5)
        self.assertAlmostEqual(sum(quota.line_ids.mapped("score_target")), 100.01)

    def test_split_must_add_up(self):
        quota = self._quota()
        quota.action_split_evenly()
        line = quota.line_ids[0]
        with self.assertRaisesRegex(ValidationError, r"add up to 3, the unit's is 4 \(difference -1\)"):
            line.monthly_min_submissions -= 1
        with self.assertRaisesRegex(ValidationError, r"City Adoptions: the people add up to 6"):
            line.adoption_target_city += 1
        with self.assertRaises(ValidationError):
            line.unlink()
        with self.assertRaisesRegex(ValidationError, "does not add up"):
            quota.monthly_min_submissions = 5

    def test_copy_last_year_with_a_rise(self):
        last = self._quota(year=2025, monthly_min_submissions=6, score_target=300)
        last.requirement_ids = [(0, 0, {"item_type_id": self.env.ref("zugong_info.item_type_research").id,
                                        "period": "quarter", "minimum": 1})]
        self._quota(unit=self.county, year=2025, monthly_min_submissions=2)
        wizard = self.env["zugong.quota.generate"].with_user(self.research_user).create({
            "year": 2026, "mode": "copy", "rise_percent": 10, "scope_unit_id": self.district.id,
        })
        action = wizard.action_generate()
        new = self.env["zugong.quota"].search(action["domain"])
        self.assertEqual(new.unit_id, self.district, "only the subtree of the scope")
        self.assertEqual(new.monthly_min_submissions, 7)  # 6.6 rounded up
        self.assertEqual(new.score_target, 330)
        self.assertEqual(new.requirement_ids.minimum, 2)  # 1.1 rounded up
        again = self.env["zugong.quota.generate"].create({"year": 2026, "mode": "copy", "rise_percent": 10})
        self.assertFalse(self.env["zugong.quota"].search(again.action_generate()["domain"]) & new)

    def test_generate_from_categories(self):
        wizard = self.env["zugong.quota.generate"].create({"year": 2027, "mode": "category"})
        created = self.env["zugong.quota"].search(wizard.action_generate()["domain"])
        self.assertIn(self.district, created.unit_id)
        self.assertNotIn(self.county, created.unit_id, "a unit without a category is skipped")
        self.assertEqual(created.filtered(lambda q: q.unit_id == self.district).monthly_min_submissions, 4)

    def test_closed_year_freezes_its_quotas(self):
        quota = self._quota()
        year = self.env["zugong.period"]._ensure(self.company, "year", date(2026, 5, 1))
        year.with_user(self.research_user).action_close()
        with self.assertRaisesRegex(UserError, "closed"):
            quota.monthly_min_submissions = 5
        with self.assertRaisesRegex(UserError, "closed"):
            self._quota(unit=self.county)
        year.with_user(self.research_user).action_reopen("Correct the targets")
        quota.monthly_min_submissions = 5
        self.assertIn("Correct the targets", year.message_ids[0].body)

    def _submit_on(self, day, unit=None, author=None, **values):
        with freeze_time(f"{day} 10:00:00"):
            return self._submitted_item(unit, author, **values)

    def test_progress_by_month_quarter_and_year(self):
        quota = self._quota()
        quota.action_split_evenly()
        for day in ("2026-01-10", "2026-01-20", "2026-02-05", "2026-04-01"):
            self._submit_on(day)
        self._submit_on("2026-02-10", author=self.second_officer)
        self.env.flush_all()
        Progress = self.env["zugong.quota.progress"]
        unit_rows = Progress.search([("quota_id", "=", quota.id), ("subject", "=", "unit")])
        self.assertEqual(len(unit_rows), 12)
        by_month = {row.month.month: row for row in unit_rows}
        self.assertEqual(by_month[1].achieved_submissions, 2)
        self.assertEqual(by_month[2].achieved_submissions, 2)
        # the monthly minimum each month, the quarterly one in the quarter's last month
        self.assertEqual([by_month[month].required_submissions for month in (1, 2, 3, 4)], [4, 4, 5, 4])
        quarters = Progress.read_group(
            [("quota_id", "=", quota.id), ("subject", "=", "unit")],
            ["achieved_submissions:sum", "required_submissions:sum"], ["month:quarter"],
        )
        self.assertEqual([group["achieved_submissions"] for group in quarters][:2], [4, 1])
        self.assertAlmostEqual(quarters[0]["required_submissions"], 13, places=3)
        officer_rows = Progress.search([("person_id", "=", self.district_officer.id)])
        self.assertEqual(sum(officer_rows.mapped("achieved_submissions")), 4)

        with freeze_time("2026-03-31"):
            quota.invalidate_recordset()
            self.assertEqual(quota.ytd_submissions, 4)
            # January to March and the first quarter have ended
            self.assertEqual(quota.expected_submissions, 3 * 4 + 1)
            self.assertEqual(quota.annual_submissions, 52)
            self.assertTrue(quota.behind_schedule)
            self.assertIn(quota, self.env["zugong.quota"].search([("behind_schedule", "=", True)]))
        with freeze_time("2026-01-05"):
            quota.invalidate_recordset()
            quota.write({"score_target": 0, "line_ids": [(1, line.id, {"score_target": 0}) for line in quota.line_ids]})
            self.assertEqual(quota.ytd_submissions, 0)
            self.assertFalse(quota.behind_schedule)

    def test_progress_groups_as_odoo_formats_them(self):
        """The progress pivot formats each distinct value once; its groups are those Odoo's
        own formatting gives, for every grouping the pivot and the graph offer."""
        quota = self._quota()
        quota.action_split_evenly()
        self._submit_on("2026-02-05")
        Progress = self.env["zugong.quota.progress"]
        measures = ["required_submissions:sum", "achieved_submissions:sum", "adoptions_city:sum"]
        groupings = [["unit_id", "month:quarter"], ["month:month", "subject"], ["person_id", "month:year"],
                     ["unit_id"], ["subject", "month:quarter", "unit_id"]]
        for domain in ([("year", "=", 2026)], [("unit_id", "child_of", self.district.id)], []):
            for groupby in groupings:
                for lazy in (False, True):
                    with self.subTest(domain=domain, groupby=groupby, lazy=lazy):
                        ours = Progress.read_group(domain, measures, groupby, lazy=lazy)
                        with patch.object(type(Progress), "_read_group_format_result",
                                          models.BaseModel._read_group_format_result):
                            odoo = Progress.read_group(domain, measures, groupby, lazy=lazy)
                        self.assertTrue(ours)
                        self.assertEqual(ours, odoo)
        by_unit_and_quarter = Progress.read_group([("year", "=", 2026)], measures, ["unit_id", "month:quarter"], lazy=False)
        self.assertGreater(len({group["unit_id"] for group in by_unit_and_quarter}), 1, "several units share quarters")

    def test_progress_groups_built_with_the_collector_paused(self):
        """The pivot's groups are built with the cycle collector off; it is on again
        afterwards, and stays off when it was off before."""
        Progress = self.env["zugong.quota.progress"]
        format_groups = type(Progress)._read_group_format_result
        collector_on = []

        def spy(model, rows_dict, lazy_groupby):
            collector_on.append(gc.isenabled())
            return format_groups(model, rows_dict, lazy_groupby)

        with patch.object(type(Progress), "_read_group_format_result", spy):
            Progress.read_group([], ["required_submissions:sum"], ["unit_id"])
            self.assertEqual(collector_on, [False])
            self.assertTrue(gc.isenabled())
            gc.disable()
            try:
                Progress.read_group([], ["required_submissions:sum"], ["unit_id"])
                self.assertFalse(gc.isenabled())
            finally:
                gc.enable()

    def test_carry_over_on_handover(self):
        quota = self._quota()
        self._register(self.district, self.district_officer, date(2025, 1, 1))
        quota.line_ids = [(0, 0, {"user_id": self.district_officer.id, **{
            name: quota[name] for name in ("monthly_min_submissions", "quarterly_min_submissions",
                                           "adoption_target_county", "adoption_target_city",
                                           "adoption_target_province", "adoption_target_central",
                                           "score_target")}})]
        first = self._submit_on("2026-02-01")
        city = self.env["zugong.publication"].create({"name": "City", "level": "city"})
        self.env["zugong.adoption"].create({"item_id": first.id, "publication_id": city.id,
                                            "issue_number": "1", "date": date(2026, 2, 10)})
        self.env["zugong.officer.handover"].with_user(self.research_user).create({
            "unit_id": self.district.id, "handover_date": date(2026, 7, 1),
            "reason": "Transferred", "successor_user_id": self.second_officer.id,
        }).action_confirm()
        old = quota.line_ids.filtered(lambda line: line.user_id == self.district_officer)
        new = quota.line_ids.filtered(lambda line: line.user_id == self.second_officer)
        self.assertEqual(old.date_to, date(2026, 6, 30))
        self.assertEqual(old.adoption_target_city, 1, "keeps what was achieved")
        self.assertEqual(new.adoption_target_city, 4, "the successor takes the rest")
        self.assertEqual(new.date_from, date(2026, 7, 1))
        self.assertEqual(new.monthly_min_submissions, 4)
        quota._check_split()

    def test_reminders_for_units_behind(self):
        self._register(self.district, self.district_officer, date(2025, 1, 1))
        quota = self._quota(year=date.today().year)
        with freeze_time(date(date.today().year, 6, 30)):
            behind = self.env["zugong.quota"]._cron_remind_behind_schedule()
        self.assertIn(quota, behind)
        self.assertIn(self.district_officer, quota.activity_ids.user_id)
        self.assertIn(self.district_head, quota.activity_ids.user_id)

    def test_period_start_must_be_aligned(self):
        with self.assertDatabaseRefuses("zugong_period_aligned_start", "第一天"):
            self.env["zugong.period"].create({"kind": "quarter", "date_start": date(2026, 2, 1)})
        period = self.env["zugong.period"].create({"kind": "bimonth", "date_start": date(2026, 3, 1)})
        self.assertEqual(period.date_end, date(2026, 4, 30))

    def test_score_counts_towards_the_score_target(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 30, "applies_to": "both"}], year=2026)
        quota = self._quota()
        quota.action_split_evenly()
        item = self._submit_on("2026-02-01")
        city = self.env["zugong.publication"].create({"name": "City", "level": "city"})
        self.env["zugong.adoption"].create({"item_id": item.id, "publication_id": city.id,
                                            "issue_number": "1", "date": date(2026, 2, 10)})
        with freeze_time("2026-03-01"):
            quota.invalidate_recordset()
            self.assertEqual(quota.ytd_score, 30)
            officer_line = quota.line_ids.filtered(lambda line: line.user_id == self.district_officer)
            self.assertEqual(officer_line.ytd_score, 30)

    def test_minimums_by_type(self):
        research = self.env.ref("zugong_info.item_type_research")
        quota = self._quota()
        quota.requirement_ids = [(0, 0, {"item_type_id": research.id, "period": "quarter", "minimum": 2})]
        self._submit_on("2026-04-02", type_id=research.id)
        self._submit_on("2026-05-02", type_id=research.id)
        self._submit_on("2026-05-03")
        self._submit_on("2026-03-30", type_id=research.id)  # the quarter before
        with freeze_time("2026-06-15"):
            quota.requirement_ids.invalidate_recordset()
            self.assertEqual(quota.requirement_ids.current_achieved, 2)
        with self.assertDatabaseRefuses("zugong_quota_requirement_type_period_uniq", "最低"):
            quota.requirement_ids = [(0, 0, {"item_type_id": research.id, "period": "quarter", "minimum": 1})]
            quota.flush_recordset()
