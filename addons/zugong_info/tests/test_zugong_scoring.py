"""The scoring engine, shape by shape (SCORING.md), each configured as rule data with
points computed by hand. Where each shape is tested:

1. adoption table by publication, level and form: test_points_by_level_form_and_publication;
   forms kept as data (WeChat...): test_zugong_coded_choices.
2. level × content, "and above": test_level_and_above_and_length_tiers,
   test_multipliers_by_type_and_forwarding.
3. upstream points and route multipliers: test_upstream_points_passed_through.
4. a content multiplier on some levels; 5. exclusion:
   test_type_multiplier_on_some_levels_and_exclusions.
6. several adoptions of an item: test_several_adoptions_* (accumulate, the highest, once
   per level, the two highest levels).
7. joint items: test_joint_items_* (by shares, 3:2 included in TestExactPoints; a fixed
   amount; the points each; by level with the main unit's extra),
   test_credit_shared_with_the_office_that_rewrote_it.
8. instructions: test_leader_instructions, test_instructions_once_per_item_as_the_highest,
   test_later_instructions_on_an_item_score_less,
   test_instructions_by_the_publication_they_were_read_in; a fifth level:
   test_zugong_coded_choices.
9. forwarding upward: test_recompute_is_idempotent and the scenarios.
10. base points: test_base_points_with_a_yearly_cap,
    test_base_points_plus_each_extra_item_and_an_annual_step,
    test_weekly_one_plus_one_for_each_extra_item.
11. the minimum missed: test_shortfall_fixed_and_pro_rata,
    test_a_share_of_the_base_below_the_minimum.
12. compound conditions and minimums by content:
    test_base_points_need_both_targets_the_deduction_only_one, test_minimums_per_item_type,
    test_a_minimum_of_long_items.
13. the adoption rate: test_low_adoption_rate.
14. a base with a floor, sub-scores' caps: test_a_base_score_whose_deductions_stop_at_zero,
    test_a_sub_score_with_a_cap; pass marks: the notices' tests.
15. per-event deductions: test_urgent_reports, test_urgent_reports_by_who_asked_for_them,
    test_items_submitted_after_their_deadline, test_error_notices, test_false_information_range.
16. commissions and feedback: test_commission_answered,
    test_commissions_late_or_missed_cost_points, test_missed_commissions_void_the_year,
    test_feedback_on_instructions_late_or_not_given, test_outcomes_of_the_year.
17. the research office's adjustments: TestScoreAdjustments.
18. categories, their minimums and rankings: test_zugong_scoring_scenarios
    (TestCityAssessmentByCategory).
19. periods and dates: TestWeeks, TestDepartmentDates, the yearly caps.
20. outcomes: test_outcomes_of_the_year.
21. tiers by length: test_level_and_above_and_length_tiers,
    test_long_items_multiplied_as_research; a reprint at half is a form of its own.
22. exact arithmetic and conversion: TestExactPoints, test_the_year_converted_*, the
    scenarios' ranks.
"""
from datetime import date, datetime, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from ..tools.money import exact_sum
from .common import ZugongCase


@tagged("post_install", "-at_install")
class ScoringCase(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Publication = cls.env["zugong.publication"]
        cls.city = Publication.create({"name": "City Bulletin", "level": "city"})
        cls.other_city = Publication.create({"name": "City Daily", "level": "city"})
        cls.province = Publication.create({"name": "Province Bulletin", "level": "province"})
        cls.central = Publication.create({"name": "Central Bulletin", "level": "central"})
        cls.website = Publication.create({"name": "Party Website", "level": "other"})
        cls.research_type = cls.env.ref("zugong_info.item_type_research")
        (cls.district | cls.county | cls.section).signoff_required = False

    def _item_on(self, day, unit=None, author=None, **values):
        with freeze_time(f"{day} 09:00:00"):
            item = self._submitted_item(unit, author, **values)
        item.with_user(self.research_user).action_receive()
        return item

    def _unit_points(self, unit, **domain):
        return self._points(subject="unit", unit_id=unit.id, **domain)

    def _close(self, kind, day):
        period = self.env["zugong.period"]._ensure(self.company, kind, day)
        period.with_user(self.research_user).action_close()
        return period

    def _joint_item(self, day="2025-06-01"):
        item = self._item(unit=self.district)
        item.unit_line_ids.share = 60
        item.unit_line_ids = [(0, 0, {"unit_id": self.county.id, "share": 40, "sequence": 20})]
        with freeze_time(f"{day} 09:00:00"):
            item.with_user(self.district_officer).action_submit()
        return item


class TestScoringRules(ScoringCase):

    def test_points_by_level_form_and_publication(self):
        self._ruleset([
            {"kind": "adoption", "level": "city", "form": "full", "points": 20},
            {"kind": "adoption", "level": "city", "form": "brief", "points": 5},
            {"kind": "adoption", "publication_id": self.other_city.id, "points": 30},
            {"kind": "adoption", "level": "other", "points": 0.5},
        ])
        item = self._item_on("2025-03-02")
        self._adopted(item, self.city, date(2025, 3, 5), "full")
        self._adopted(item, self.city, date(2025, 3, 20), "brief", issue_number="8")
        self._adopted(item, self.other_city, date(2025, 3, 21), "full")
        self._adopted(item, self.website, date(2025, 3, 22), "brief")
        self.assertEqual(self._unit_points(self.district), 20 + 5 + 30 + 0.5)
        self.assertFalse(self._points(subject="person"), "the rules apply to units only")

    def test_multipliers_by_type_and_forwarding(self):
        self._ruleset([
            {"kind": "adoption", "level": "province", "points": 40},
            {"kind": "adoption", "level": "central", "points": 80},
            {"kind": "forward", "points": 5},
            {"kind": "type_multiplier", "item_type_id": self.research_type.id, "factor": 2},
            {"kind": "path_multiplier", "level": "province", "factor": 2},
            {"kind": "path_multiplier", "level": "central", "factor": 5},
        ])
        research = self._item_on("2025-04-01", type_id=self.research_type.id)
        self._adopted(research, self.province, date(2025, 4, 10))
        self.assertEqual(self._unit_points(self.district, item_id=research.id), 80)  # 40 × 2 (research)

        news = self._item_on("2025-04-02")
        self.env["zugong.item.forward"].create(
            {"item_id": news.id, "publication_id": self.central.id, "date": date(2025, 4, 3)}
        )
        self.assertEqual(self._unit_points(self.district, item_id=news.id), 5, "forwarding alone earns points")
        self._adopted(news, self.central, date(2025, 4, 20))
        self.assertEqual(self._unit_points(self.district, item_id=news.id), 5 + 400)  # 80 × 5 after forwarding

    def test_type_multiplier_on_some_levels_and_exclusions(self):
        """Shape 4: research items ×2 on city and provincial points only; shape 5: a
        leader's speech printed in a bulletin scores nothing, by the most specific rule.
        Research item: city 10 × 2 + province 40 × 2 + central 80 = 180; speech: 0."""
        speech = self.env["zugong.item.type"].create({"name": "Leader's speech", "code": "t_speech"})
        self._ruleset([
            {"kind": "adoption", "level": "city", "points": 10},
            {"kind": "adoption", "level": "province", "points": 40},
            {"kind": "adoption", "level": "central", "points": 80},
            {"kind": "adoption", "item_type_id": speech.id, "points": 0},
            {"kind": "type_multiplier", "item_type_id": self.research_type.id, "level": "city", "factor": 2},
            {"kind": "type_multiplier", "item_type_id": self.research_type.id, "level": "province", "factor": 2},
        ])
        research = self._item_on("2025-04-01", type_id=self.research_type.id)
        for publication, day in ((self.city, 10), (self.province, 11), (self.central, 12)):
            self._adopted(research, publication, date(2025, 4, day))
        self.assertEqual(self._unit_points(self.district, item_id=research.id), 180)
        talk = self._item_on("2025-04-02", self.county, self.county_officer, type_id=speech.id)
        self._adopted(talk, self.province, date(2025, 4, 20))
        self.assertFalse(self.env["zugong.score.line"].search([("item_id", "=", talk.id)]))

    def test_level_and_above_and_length_tiers(self):
        """Shape 2: "province and above" holds for central adoptions, not city ones; shape
        21: a city adoption of an item of up to 1,000 characters scores 5, a longer one 8."""
        self._ruleset([
            {"kind": "adoption", "level": "province", "level_and_above": True, "points": 30},
            {"kind": "adoption", "level": "city", "length_max": 1000, "points": 5},
            {"kind": "adoption", "level": "city", "length_min": 1001, "points": 8},
        ])
        short = self._item_on("2025-04-01", body="<p>%s</p>" % ("组" * 1000))
        long = self._item_on("2025-04-02", self.county, self.county_officer, body="<p>%s</p>" % ("工" * 1001))
        self.assertEqual((short.word_count, long.word_count), (1000, 1001))
        self._adopted(short, self.city, date(2025, 4, 10))
        self._adopted(long, self.city, date(2025, 4, 10))
        self._adopted(long, self.central, date(2025, 4, 12))
        self.assertEqual(self._unit_points(self.district), 5)
        self.assertEqual(self._unit_points(self.county), 8 + 30)

    def _adopted_at_levels(self, multi_mode):
        """An item adopted by the county's bulletin, two city publications and the
        province's, under the several-adoptions rule ``multi_mode``; its unit's points."""
        county = self.env["zugong.publication"].create({"name": "County Bulletin", "level": "county"})
        self._ruleset([
            {"kind": "adoption", "level": "county", "points": 5},
            {"kind": "adoption", "level": "city", "points": 10},
            {"kind": "adoption", "level": "province", "points": 40},
            {"kind": "multi_adoption", "multi_mode": multi_mode},
        ])
        item = self._item_on("2025-04-01")
        for publication, day in ((county, 5), (self.city, 10), (self.other_city, 12)):
            self._adopted(item, publication, date(2025, 4, day))
        before = self._unit_points(self.district)
        self._adopted(item, self.province, date(2025, 4, 20))
        return before, self._unit_points(self.district)

    def test_several_adoptions_once_per_level(self):
        """Shape 6: the highest adoption of each level counts once: county 5 + city 10
        (the second city adoption adds nothing) + province 40."""
        self.assertEqual(self._adopted_at_levels("once_per_level"), (15, 55))

    def test_several_adoptions_of_the_two_highest_levels(self):
        """Shape 6: only the adoptions of the item's two highest levels count: before the
        province, county and city (5 + 10 + 10); after, city and province (10 + 10 + 40),
        the county's adoption no longer scored; the year's recomputation agrees."""
        self.assertEqual(self._adopted_at_levels("top_two_levels"), (25, 60))
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual(self._unit_points(self.district), 60)

    def test_upstream_points_passed_through(self):
        """Shape 3: a provincial adoption scores the points the province's own rules gave
        it (recorded with the adoption), times the route: direct ×1, after the research
        office forwarded it ×2; a city adoption keeps the rule's figure."""
        self._ruleset([
            {"kind": "adoption", "level": "province", "points_from": "upstream"},
            {"kind": "adoption", "level": "city", "points": 4},
            {"kind": "path_multiplier", "level": "province", "factor": 2},
        ])
        direct = self._item_on("2025-04-01")
        adoption = self._adopted(direct, self.province, date(2025, 4, 10), upstream_points=3.5)
        self._adopted(direct, self.city, date(2025, 4, 11), upstream_points=9)
        routed = self._item_on("2025-04-02", self.county, self.county_officer)
        self.env["zugong.item.forward"].create(
            {"item_id": routed.id, "publication_id": self.province.id, "date": date(2025, 4, 3)})
        self._adopted(routed, self.province, date(2025, 4, 20), upstream_points=2.25)
        self.assertEqual(self._unit_points(self.district), 3.5 + 4)
        self.assertEqual(self._unit_points(self.county), 4.5)
        adoption.upstream_points = 6
        self.assertEqual(self._unit_points(self.district), 6 + 4, "rescored when the figure is corrected")
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (10, 4.5))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            adoption.upstream_points = -1
            adoption.flush_recordset()

    def test_leader_instructions(self):
        self._ruleset([
            {"kind": "instruction", "leader_level": "city", "main_leader": "main", "points": 20},
            {"kind": "instruction", "leader_level": "city", "main_leader": "other", "points": 10},
            {"kind": "instruction", "leader_level": "central", "points": 80},
        ])
        item = self._item_on("2025-05-05")
        Instruction = self.env["zugong.instruction"]
        values = {"item_id": item.id, "date": date(2025, 5, 9), "text": "Good"}
        Instruction.create(dict(values, leader_level="city", is_main_leader=True))
        Instruction.create(dict(values, leader_level="city", is_main_leader=False))
        Instruction.create(dict(values, leader_level="central"))
        self.assertEqual(self._unit_points(self.district, kind="instruction"), 20 + 10 + 80)

    def test_feedback_on_instructions_late_or_not_given(self):
        """Shape 16: a deduction for each instruction's feedback given late (dated the
        feedback) or not given by its due date (dated that day, once it has passed). Due
        10 June: one answered on time, one on 20 June (−2), one not by 15 June (−5),
        then on 16 June (−2 in place of −5)."""
        self._ruleset([{"kind": "instruction", "leader_level": "city", "points": 10},
                       {"kind": "feedback_deduction", "feedback_status": "late", "points": 2},
                       {"kind": "feedback_deduction", "feedback_status": "missed", "points": 5}])
        Instruction = self.env["zugong.instruction"]
        items = [self._item_on("2025-05-05") for _index in range(3)]
        with freeze_time("2025-06-02 10:00:00"):
            on_time, late, missed = (Instruction.create({
                "item_id": item.id, "date": date(2025, 6, 2), "text": "Good", "leader_level": "city",
                "feedback_deadline": date(2025, 6, 10)}) for item in items)
        officer = self.env["zugong.instruction"].with_user(self.district_officer)
        with freeze_time("2025-06-09 10:00:00"):
            officer.browse(on_time.id).write({"feedback_text": "Done", "feedback_date": date(2025, 6, 9)})
        with freeze_time("2025-06-20 10:00:00"):
            officer.browse(late.id).write({"feedback_text": "Done", "feedback_date": date(2025, 6, 20)})

        def lines(instruction):
            return sorted((line.points, line.date, line.kind) for line in self.env["zugong.score.line"].search([
                ("source_model", "=", "zugong.instruction"), ("source_id", "=", instruction.id),
                ("subject", "=", "unit")]))
        self.assertEqual(lines(on_time), [(10, date(2025, 6, 2), "instruction")])
        self.assertEqual(lines(late), [(-2, date(2025, 6, 20), "feedback_deduction"), (10, date(2025, 6, 2), "instruction")])
        with freeze_time("2025-06-10 12:00:00"):
            self.assertFalse(Instruction._cron_feedback_overdue(), "due today: not missed yet")
        with freeze_time("2025-06-15 12:00:00"):
            self.assertEqual(Instruction._cron_feedback_overdue(), missed)
            self.assertFalse(Instruction._cron_feedback_overdue(), "scored once")
        self.assertEqual(lines(missed), [(-5, date(2025, 6, 10), "feedback_deduction"), (10, date(2025, 6, 2), "instruction")])
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual([lines(instruction) for instruction in (on_time, late, missed)], [
            [(10, date(2025, 6, 2), "instruction")],
            [(-2, date(2025, 6, 20), "feedback_deduction"), (10, date(2025, 6, 2), "instruction")],
            [(-5, date(2025, 6, 10), "feedback_deduction"), (10, date(2025, 6, 2), "instruction")],
        ])
        with freeze_time("2025-06-16 10:00:00"):
            officer.browse(missed.id).write({"feedback_text": "Done", "feedback_date": date(2025, 6, 16)})
        self.assertEqual(lines(missed), [(-2, date(2025, 6, 16), "feedback_deduction"), (10, date(2025, 6, 2), "instruction")])

    def test_joint_items_split_by_share(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "joint", "joint_mode": "split"}])
        self._adopted(self._joint_item(), self.city, date(2025, 6, 5))
        self.assertEqual(self._unit_points(self.district), 12)
        self.assertEqual(self._unit_points(self.county), 8)

    def test_joint_items_fixed_amount_each(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "joint", "joint_mode": "fixed", "points": 5}])
        self._adopted(self._joint_item(), self.city, date(2025, 6, 5))
        self.assertEqual(self._unit_points(self.district), 5)
        self.assertEqual(self._unit_points(self.county), 5)

    def test_joint_items_full_points_each(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "joint", "joint_mode": "each", "factor": 1}])
        self._adopted(self._joint_item(), self.city, date(2025, 6, 5))
        self.assertEqual(self._unit_points(self.district), 20)
        self.assertEqual(self._unit_points(self.county), 20)

    def test_several_adoptions_accumulate(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "adoption", "level": "province", "points": 40},
                       {"kind": "multi_adoption", "multi_mode": "accumulate"}])
        item = self._item_on("2025-02-01")
        self._adopted(item, self.city, date(2025, 2, 5))
        self._adopted(item, self.province, date(2025, 2, 20))
        self.assertEqual(self._unit_points(self.district), 60)

    def test_several_adoptions_count_the_highest(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "adoption", "level": "province", "points": 40},
                       {"kind": "multi_adoption", "multi_mode": "highest"}])
        first = self._item_on("2025-02-01")
        self._adopted(first, self.city, date(2025, 2, 5))
        self._adopted(first, self.province, date(2025, 2, 20))
        self.assertEqual(self._unit_points(self.district, item_id=first.id), 40)
        second = self._item_on("2025-02-02")
        self._adopted(second, self.province, date(2025, 2, 5))
        city_adoption = self._adopted(second, self.city, date(2025, 2, 20))
        self.assertEqual(self._unit_points(self.district, item_id=second.id), 40)
        province_adoption = second.adoption_ids - city_adoption
        province_adoption.unlink()
        self.assertEqual(self._unit_points(self.district, item_id=second.id), 20,
                         "removing the highest adoption gives the next its full points")

    def test_people_share_the_points_of_their_items(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20, "applies_to": "both"}])
        item = self._item_on("2025-02-01")
        item.sudo().author_ids |= self.district_head
        self._adopted(item, self.city, date(2025, 2, 5))
        self.assertEqual(self._unit_points(self.district), 20)
        self.assertEqual(self._points(subject="person", person_id=self.district_officer.id), 10)
        self.assertEqual(self._points(subject="person", person_id=self.district_head.id), 10)

    def test_people_share_to_the_cent(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 10, "applies_to": "person"}])
        item = self._item_on("2025-02-01")
        item.sudo().author_ids |= self.district_head | self.county_officer
        self._adopted(item, self.city, date(2025, 2, 5))
        shares = self.env["zugong.score.line"].search([("subject", "=", "person"), ("item_id", "=", item.id)])
        self.assertEqual(sorted(shares.mapped("points"), reverse=True), [3.34, 3.33, 3.33])
        self.assertEqual(exact_sum(shares.mapped("points")), 10, "the shares add up to the award")

    def test_no_rule_set_no_points(self):
        item = self._item_on("2019-02-01")
        self._adopted(item, self.city, date(2019, 2, 5))
        self.assertFalse(self._unit_points(self.district))

    def test_urgent_reports(self):
        self._ruleset([
            {"kind": "urgent", "urgent_event": "late", "points": 100},
            {"kind": "urgent", "urgent_event": "missed", "points": 200},
            {"kind": "urgent", "urgent_event": "concealed", "points": 200},
        ])
        urgent = self.env.ref("zugong_info.item_type_urgent")
        late = self._item(type_id=urgent.id, event_time="2025-07-01 08:00:00")
        missed = self._item(type_id=urgent.id, event_time="2025-07-01 08:00:00")
        with freeze_time("2025-07-03 10:00:00"):
            late.with_user(self.district_officer).action_submit()
            self.env["zugong.item"]._cron_check_urgent_deadlines()
        self.assertEqual(self._unit_points(self.district, item_id=late.id), -100)
        self.assertEqual(self._unit_points(self.district, item_id=missed.id), -200)
        self.env["zugong.urgent.concealment"].create({
            "name": "Flood", "unit_id": self.county.id, "event_time": "2025-07-05 06:00:00",
        })
        self.assertEqual(self._unit_points(self.county), -200)

    def test_urgent_reports_by_who_asked_for_them(self):
        """An urgent report reported late costs 50 points when the unit reported on its own,
        100 when the city office asked for it and 200 when the province or above did (shape
        15: "depending on who asked for it"); the research office records who asked, and a
        change of it rescores the report."""
        self._ruleset([
            {"kind": "urgent", "urgent_event": "late", "points": 50},
            {"kind": "urgent", "urgent_event": "late", "level": "city", "points": 100},
            {"kind": "urgent", "urgent_event": "late", "level": "province", "level_and_above": True, "points": 200},
        ])
        urgent = self.env.ref("zugong_info.item_type_urgent")
        own, city, central = (self._item(type_id=urgent.id, event_time="2025-07-01 08:00:00") for _ in range(3))
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["zugong.item"].with_user(self.district_officer).create({
                "name": "Asked", "type_id": urgent.id, "asked_by_level": "city",
                "unit_line_ids": [(0, 0, {"unit_id": self.district.id})]})
        with self.assertRaises(AccessError), self.cr.savepoint():
            own.with_user(self.district_officer).write({"asked_by_level": "province"})
        self.assertFalse(own.asked_by_level, "an officer does not say who asked")
        city.with_user(self.research_user).asked_by_level = "city"
        central.with_user(self.research_user).asked_by_level = "central"
        with freeze_time("2025-07-03 10:00:00"):
            (own | city | central).with_user(self.district_officer).action_submit()
        self.assertEqual([self._unit_points(self.district, item_id=item.id) for item in (own, city, central)],
                         [-50, -100, -200])
        line = self.env["zugong.score.line"].search([("item_id", "=", central.id), ("subject", "=", "unit")])
        self.assertIn("中央", line.explanation)
        # the research office learns the province had asked for the first one
        own.with_user(self.research_user).asked_by_level = "province"
        self.assertEqual(self._unit_points(self.district, item_id=own.id), -200)
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual([self._unit_points(self.district, item_id=item.id) for item in (own, city, central)],
                         [-200, -100, -200])
        with self.assertRaises(ValidationError):
            self._ruleset([{"kind": "urgent", "urgent_event": "concealed", "level": "city", "points": 10}])

    def test_items_submitted_after_their_deadline(self):
        """Work news (动态) is due within 3 days of its event's day in the department, research
        pieces within 10: each item submitted later costs 1 point, a research piece 0.5
        (the rule naming the type wins), dated its first submission and shared among the
        authors; the event time is needed to submit, and a corrected event time rescores."""
        self.env.ref("zugong_info.item_type_dynamic").due_days = 3
        self.research_type.due_days = 10
        self._ruleset([
            {"kind": "late_item", "points": 1, "applies_to": "both"},
            {"kind": "late_item", "item_type_id": self.research_type.id, "points": 0.5},
        ])
        with self.assertRaisesRegex(UserError, "3"), self.cr.savepoint():
            self._submitted_item()
        # 01:00 in Beijing on 1 June is 17:00 UTC on 31 May: due on 4 June
        on_time = self._item(event_time="2025-05-31 17:00:00")
        late = self._item(event_time="2025-05-31 17:00:00")
        research = self._item(event_time="2025-05-20 02:00:00", type_id=self.research_type.id)
        self.assertEqual(on_time.due_date, date(2025, 6, 4))
        self.assertEqual(research.due_date, date(2025, 5, 30))
        for item, day in ((on_time, "2025-06-04 15:00:00"), (late, "2025-06-04 16:30:00"),
                          (research, "2025-06-02 03:00:00")):
            with freeze_time(day):  # 23:00 and 00:30 the next day in Beijing
                item.with_user(self.district_officer).action_submit()
        self.assertEqual((on_time.submitted_late, late.submitted_late, research.submitted_late), (False, True, True))
        self.assertFalse(self._points(item_id=on_time.id))
        lines = self.env["zugong.score.line"].search([("item_id", "=", late.id)])
        self.assertEqual([(line.subject, line.kind, line.date, line.points) for line in lines.sorted("subject")],
                         [("person", "late_item", date(2025, 6, 5), -1), ("unit", "late_item", date(2025, 6, 5), -1)])
        self.assertIn("2025-06-04", lines[0].explanation)
        self.assertEqual(self._unit_points(self.district, item_id=research.id), -0.5)
        self.assertFalse(self._points(subject="person", item_id=research.id), "that rule scores units only")
        # an officer cannot move the event of a submitted item; the research office corrects it
        with self.assertRaises(AccessError), self.cr.savepoint():
            late.with_user(self.district_officer).event_time = "2025-06-02 08:00:00"
        late.with_user(self.research_user).event_time = "2025-06-02 08:00:00"
        self.assertFalse(late.submitted_late)
        self.assertFalse(self._points(item_id=late.id))
        late.with_user(self.research_user).event_time = "2025-05-31 17:00:00"
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual(self._unit_points(self.district, item_id=late.id), -1)
        # once June is closed, the deduction stands
        self._close("month", date(2025, 6, 1))
        with self.assertRaises(UserError), self.cr.savepoint():
            late.with_user(self.research_user).event_time = "2025-06-03 08:00:00"
        late.invalidate_recordset()
        self.assertEqual(late.due_date, date(2025, 6, 4))
        self.assertEqual(self._unit_points(self.district, item_id=late.id), -1)

    def test_error_notices(self):
        """Each error notice (差错通报) costs the unit it is against 2 points, a political
        one 5.25 (the rule naming the kind of error wins over the general one); the
        item's authors share the deduction to the cent."""
        ruleset = self._ruleset([
            {"kind": "error_notice", "points": 2, "applies_to": "both"},
            {"kind": "error_notice", "error_kind": "political", "points": 5.25, "applies_to": "both"},
        ])
        item = self._joint_item()  # district 60 %, county 40 %
        item.sudo().author_ids |= self.county_officer
        Notice = self.env["zugong.error.notice"].with_user(self.research_user)
        figures = Notice.create({"name": "差错通报〔2025〕1号", "date": date(2025, 6, 10), "item_id": item.id,
                                 "unit_id": self.county.id, "error_kind": "figures"})
        political = Notice.create({"name": "差错通报〔2025〕2号", "date": date(2025, 6, 12), "item_id": item.id,
                                   "error_kind": "political"})
        wording = Notice.create({"name": "差错通报〔2025〕3号", "date": date(2025, 6, 15),
                                 "unit_id": self.section.id, "error_kind": "wording"})
        self.assertEqual(political.unit_id, self.district, "against the item's lead unit unless told")
        # the unit it is against loses the whole deduction, a joint item's other unit nothing
        self.assertEqual(self._unit_points(self.district), -5.25)
        self.assertEqual(self._unit_points(self.county), -2)
        self.assertEqual(self._unit_points(self.section), -2)
        # the authors (ordered by id) share each deduction: 2 as 1 + 1, 5.25 as 2.63 + 2.62
        shares = self.env["zugong.score.line"].search(
            [("source_model", "=", "zugong.error.notice"), ("source_id", "=", political.id),
             ("subject", "=", "person")]).sorted(lambda line: line.person_id.id)
        self.assertEqual([(line.person_id, line.unit_id, line.points) for line in shares],
                         [(self.district_officer, self.district, -2.63), (self.county_officer, self.county, -2.62)])
        self.assertEqual(exact_sum(shares.mapped("points")), -5.25, "the shares add up to the deduction")
        self.assertEqual(self._points(subject="person", person_id=self.district_officer.id), -1 - 2.63)
        self.assertEqual(self._points(subject="person", person_id=self.county_officer.id), -1 - 2.62)
        self.assertFalse(self._points(subject="person", source_id=wording.id, source_model="zugong.error.notice"),
                         "a notice without an item has no authors to share it")
        line = self.env["zugong.score.line"].search([("source_model", "=", "zugong.error.notice"),
                                                     ("source_id", "=", political.id), ("subject", "=", "unit")])
        self.assertEqual((line.kind, line.rule_id.error_kind, line.item_id), ("error_notice", "political", item))
        for fragment in ("差错通报〔2025〕2号", "政治性差错", item.reference):
            self.assertIn(fragment, line.explanation)
        # a change of kind rescores; the year's recomputation gives the same lines
        figures.error_kind = "political"
        self.assertEqual(self._unit_points(self.county), -5.25)
        self.assertEqual(self._unit_points(self.district, kind="error_notice"), -5.25)

        def lines():
            return sorted((line.source_id, line.subject, line.unit_id.id, line.person_id.id, line.points)
                          for line in self.env["zugong.score.line"].search(
                              [("source_model", "=", "zugong.error.notice")]))
        before = lines()
        ruleset.action_recompute()
        self.assertEqual(lines(), before)
        self.env.cr.execute("DELETE FROM zugong_score_line WHERE source_model = 'zugong.error.notice'")
        self.env.invalidate_all()
        ruleset.action_recompute()
        self.assertEqual(lines(), before, "the recomputation scores the error notices")

    def test_an_error_notice_is_against_one_of_its_item_s_units(self):
        item = self._joint_item()
        Notice = self.env["zugong.error.notice"].with_user(self.research_user)
        values = {"name": "差错通报〔2025〕4号", "date": date(2025, 6, 10), "item_id": item.id}
        with self.assertRaises(ValidationError) as refusal:
            Notice.create(dict(values, unit_id=self.section.id))
        self.assertIn(f"Section is not a unit of the item {item.reference}", str(refusal.exception))
        notice = Notice.create(dict(values, unit_id=self.district.id))
        with self.assertRaises(ValidationError):
            notice.unit_id = self.section
        self.assertEqual(notice.unit_id, self.district)
        notice.item_id = self._item_on("2025-06-02", self.county, self.county_officer)
        self.assertEqual(notice.unit_id, self.county, "moved to another unit's item: against that unit")

    def test_commission_answered(self):
        self._ruleset([{"kind": "commission", "commission_status": "on_time", "points": 5},
                       {"kind": "commission", "commission_status": "late", "points": 2}])
        commission = self.env["zugong.commission"].create({
            "name": "Topic", "deadline": date(2025, 8, 10),
            "target_unit_ids": [(6, 0, (self.district | self.county).ids)],
        })
        commission.action_open()
        with freeze_time("2025-08-09 10:00:00"):
            self._submitted_item(commission_id=commission.id)
        with freeze_time("2025-08-12 10:00:00"):
            self._submitted_item(self.county, self.county_officer, commission_id=commission.id)
        self.assertEqual(self._unit_points(self.district), 5)
        self.assertEqual(self._unit_points(self.county), 2)

    def test_commissions_late_or_missed_cost_points(self):
        """Shape 16: points for a commission answered, a deduction for each answered late
        or missed. District on time: +5. County late: +2 − 3. Section missed: −10 on the
        deadline, until it answers late: +2 − 3 on the day of its answer."""
        self._ruleset([{"kind": "commission", "commission_status": "on_time", "points": 5},
                       {"kind": "commission", "commission_status": "late", "points": 2},
                       {"kind": "commission_deduction", "commission_status": "late", "points": 3},
                       {"kind": "commission_deduction", "commission_status": "missed", "points": 10}])
        section_officer = self._user("t_section_officer", "zugong_info.group_officer", self.section)
        commission = self.env["zugong.commission"].create({
            "name": "Topic", "deadline": date(2025, 8, 10),
            "target_unit_ids": [(6, 0, (self.district | self.county | self.section).ids)],
        })
        commission.action_open()
        with freeze_time("2025-08-09 10:00:00"):
            self._submitted_item(commission_id=commission.id)
        with freeze_time("2025-08-12 10:00:00"):
            self._submitted_item(self.county, self.county_officer, commission_id=commission.id)
            self.env["zugong.commission"]._cron_commissions()
        missed = self.env["zugong.score.line"].search([("unit_id", "=", self.section.id)])
        self.assertEqual([(line.points, line.date, line.kind) for line in missed],
                         [(-10, date(2025, 8, 10), "commission_deduction")])
        self.assertEqual(missed.explanation, "约稿未完成：Topic")
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (5, -1))
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual([self._unit_points(unit) for unit in (self.district, self.county, self.section)], [5, -1, -10])
        with freeze_time("2025-08-15 10:00:00"):
            self._submitted_item(self.section, section_officer, commission_id=commission.id)
        answered = self.env["zugong.score.line"].search([("unit_id", "=", self.section.id)])
        self.assertEqual(sorted((line.points, line.date) for line in answered),
                         [(-3, date(2025, 8, 15)), (2, date(2025, 8, 15))])

    def test_a_commission_rule_names_an_answer_it_scores(self):
        ruleset = self._ruleset([{"kind": "commission", "commission_status": "on_time", "points": 5}])
        with self.assertRaises(ValidationError):
            ruleset.rule_ids = [(0, 0, {"kind": "commission", "commission_status": "missed", "points": 5})]
        with self.assertRaises(ValidationError):
            ruleset.rule_ids = [(0, 0, {"kind": "commission_deduction", "commission_status": "on_time", "points": 5})]
        with self.assertRaises(ValidationError):
            ruleset.rule_ids = [(0, 0, {"kind": "commission_deduction", "points": 5})]


class TestPeriodScoring(ScoringCase):

    def _quota(self, unit, monthly):
        return self.env["zugong.quota"].create({"unit_id": unit.id, "year": 2025, "monthly_min_submissions": monthly,
                                                "quarterly_min_submissions": 0, "score_target": 0})

    def test_base_points_with_a_yearly_cap(self):
        self._ruleset([{"kind": "period_base", "period_kind": "month", "points": 10, "yearly_cap": 25}])
        self._quota(self.district, 1)
        for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
            self._item_on(day)
        for month in (1, 2, 3):
            self._close("month", date(2025, month, 1))
        lines = self.env["zugong.score.line"].search([("unit_id", "=", self.district.id), ("kind", "=", "period_base")])
        self.assertEqual(sorted(lines.mapped("points")), [5, 10, 10])

    def test_shortfall_fixed_and_pro_rata(self):
        self._ruleset([
            {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata", "points": 2},
            {"kind": "period_shortfall", "period_kind": "quarter", "deduction_mode": "fixed", "points": 10},
        ])
        self._quota(self.district, 3)
        self._item_on("2025-01-10")
        self._close("month", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district), -4)  # 2 items short × 2
        self._close("quarter", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district, kind="period_shortfall"), -14)

    def test_low_adoption_rate(self):
        self._ruleset([{"kind": "adoption_rate", "period_kind": "quarter", "rate_threshold": 30, "points": 1}])
        self._quota(self.district, 1)
        self._quota(self.county, 1)
        district_items = [self._item_on(f"2025-0{month}-05") for month in (1, 2, 3)]
        county_item = self._item_on("2025-02-05", self.county, self.county_officer)
        self._adopted(county_item, self.city, date(2025, 3, 1))
        self._close("quarter", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district), -1, "0 of 3 adopted")
        self.assertEqual(self._unit_points(self.county), 0, "1 of 1 adopted")
        self.assertEqual(len(district_items), 3)

    def test_missed_commissions_void_the_year(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "commission_zero", "missed_count": 2}])
        item = self._item_on("2025-03-01")
        self._adopted(item, self.city, date(2025, 3, 5))
        for deadline in (date(2025, 4, 1), date(2025, 5, 1)):
            commission = self.env["zugong.commission"].create(
                {"name": f"Topic {deadline}", "deadline": deadline, "target_unit_ids": [(6, 0, self.district.ids)]}
            )
            commission.action_open()
        with freeze_time("2026-01-05"):
            self.env["zugong.commission"]._cron_commissions()
            year = self._close("year", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district), 0)
        zero = self.env["zugong.score.line"].search([("period_id", "=", year.id)])
        self.assertEqual(zero.points, -20)

    def test_closing_twice_gives_the_same_lines(self):
        self._ruleset([{"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata", "points": 1}])
        self._quota(self.district, 4)
        self._item_on("2025-01-10")
        period = self._close("month", date(2025, 1, 1))
        own = [("period_id", "=", period.id), ("unit_id.code", "=like", "T-%")]  # not the demo data's units
        first = [(line.unit_id.id, line.points) for line in self.env["zugong.score.line"].search(own)]
        self.env["zugong.scoring"]._score_period(period)
        second = [(line.unit_id.id, line.points) for line in self.env["zugong.score.line"].search(own)]
        self.assertEqual(first, second)
        self.assertEqual(first, [(self.district.id, -3)])

    def test_closed_period_freezes_its_events(self):
        ruleset = self._ruleset([{"kind": "adoption", "level": "city", "points": 20}])
        item = self._item_on("2025-01-10")
        adoption = self._adopted(item, self.city, date(2025, 1, 20))
        month = self._close("month", date(2025, 1, 1))
        self.assertEqual(ruleset.state, "locked")
        with self.assertRaisesRegex(UserError, "closed"):
            adoption.form = "brief"
        with self.assertRaisesRegex(UserError, "closed"):
            adoption.unlink()
        with self.assertRaisesRegex(UserError, "closed"):
            self._adopted(item, self.province, date(2025, 1, 25))
        self._adopted(item, self.province, date(2025, 2, 1))  # the next month is open
        month.with_user(self.research_user).action_reopen("Late adoption from the province")
        self.assertIn("Late adoption from the province", month.message_ids[0].body)
        adoption.form = "brief"
        with self.assertRaisesRegex(UserError, "locked"):
            ruleset.name = "Changed"

    def test_a_period_within_a_closed_one_is_reopened_after_it(self):
        """A quarter's results (its limits, conversions, outcomes) count the lines of its
        months: a month of a closed quarter is reopened only once the quarter is, both
        together at once, or the quarter first."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20}])
        month = self._close("month", date(2025, 1, 1))
        quarter = self._close("quarter", date(2025, 1, 1))
        with self.assertRaisesRegex(UserError, "reopen"):
            month.with_user(self.research_user).action_reopen("A correction")
        self.assertEqual(month.state, "closed")
        (month | quarter).with_user(self.research_user).action_reopen("A correction of the quarter")
        self.assertEqual((month.state, quarter.state), ("open", "open"))

    def _forwarded_and_deducted(self, item, ruleset):
        """The item forwarded to the province on 21 January, and 60 points deducted by hand
        for false information in it on the 22nd."""
        self.env["zugong.item.forward"].create({"item_id": item.id, "publication_id": self.province.id,
                                                "date": date(2025, 1, 21)})
        self.env["zugong.score.deduct"].create({
            "item_id": item.id, "rule_id": ruleset.rule_ids.filtered(lambda r: r.kind == "false_info").id,
            "points": 60, "date": date(2025, 1, 22), "reason": "Invented figures",
        }).action_confirm()

    def test_recompute_is_idempotent(self):
        ruleset = self._ruleset([
            {"kind": "adoption", "level": "city", "points": 20, "applies_to": "both"},
            {"kind": "forward", "points": 5},
            {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "fixed", "points": 3},
            {"kind": "false_info", "points_min": 50, "points_max": 100},
        ])
        self._quota(self.district, 2)
        item = self._item_on("2025-01-10")
        self._adopted(item, self.city, date(2025, 1, 20))
        self._forwarded_and_deducted(item, ruleset)
        self._close("month", date(2025, 1, 1))

        def snapshot():
            lines = self.env["zugong.score.line"].search([("date", ">=", "2025-01-01"), ("date", "<=", "2025-12-31")])
            return sorted((line.source_model, line.kind, line.subject, line.unit_id.id, line.person_id.id, line.points)
                          for line in lines)
        before = snapshot()
        ruleset.action_recompute()
        ruleset.action_recompute()
        self.assertEqual(snapshot(), before)
        self.assertEqual(self._unit_points(self.district), 20 + 5 - 3 - 60)

    def test_a_recompute_rewrites_only_what_changed(self):
        """A rule's figure corrected: the recompute replaces the lines it changes, leaves
        the others as they were (the same rows), keeps the deduction applied by hand, and
        the monthly totals follow."""
        ruleset = self._ruleset([
            {"kind": "adoption", "level": "city", "points": 20},
            {"kind": "forward", "points": 5},
            {"kind": "false_info", "points_min": 50, "points_max": 100},
        ])
        item = self._item_on("2025-01-10")
        adoption = self._adopted(item, self.city, date(2025, 1, 20))
        self._forwarded_and_deducted(item, ruleset)
        Line = self.env["zugong.score.line"]
        before = {line.kind: line.id for line in Line.search([("unit_id", "=", self.district.id)])}
        ruleset.rule_ids.filtered(lambda r: r.kind == "adoption").points = 30
        ruleset.action_recompute()
        after = Line.search([("unit_id", "=", self.district.id)])
        self.assertEqual({line.kind: line.points for line in after}, {"adoption": 30, "forward": 5, "false_info": -60})
        ids = {line.kind: line.id for line in after}
        self.assertEqual((ids["forward"], ids["false_info"]), (before["forward"], before["false_info"]),
                         "the lines that did not change are the same rows")
        self.assertNotEqual(ids["adoption"], before["adoption"])
        self.assertEqual(Line.search([("source_model", "=", "zugong.adoption"), ("source_id", "=", adoption.id)]).points,
                         30)
        self.assertEqual(self.env["zugong.month.total"]._check_totals(), [])

    def test_false_information_range(self):
        ruleset = self._ruleset([{"kind": "false_info", "points_min": 50, "points_max": 100}])
        item = self._item_on("2025-01-10")
        wizard = self.env["zugong.score.deduct"].create({
            "item_id": item.id, "rule_id": ruleset.rule_ids.id, "points": 120,
            "date": date(2025, 1, 22), "reason": "Invented",
        })
        with self.assertRaisesRegex(UserError, "from 50.0 to 100.0"):
            wizard.action_confirm()

    def test_copy_to_next_year(self):
        ruleset = self._ruleset([{"kind": "adoption", "level": "city", "points": 20}])
        action = ruleset.action_copy_to_next_year()
        copy = self.env["zugong.ruleset"].browse(action["res_id"])
        self.assertEqual((copy.year, copy.state), (2026, "draft"))
        self.assertEqual(copy.rule_ids.mapped("points"), [20])

    def test_rule_parameters_required(self):
        with self.assertRaisesRegex(Exception, "needs"):
            self._ruleset([{"kind": "joint"}])


class TestExactPoints(ScoringCase):
    """Points split to the cent add up to what was awarded (SCORING.md shape 22)."""

    def _three_unit_item(self, day="2025-06-01"):
        item = self._item(unit=self.district)
        item.unit_line_ids = [(0, 0, {"unit_id": unit.id, "sequence": sequence})
                              for sequence, unit in ((20, self.county), (30, self.section))]
        item.action_split_evenly()
        item.author_ids |= self.district_head | self.county_officer
        with freeze_time(f"{day} 09:00:00"):
            item.with_user(self.district_officer).action_submit()
        return item

    def _lines(self, item, subject):
        lines = self.env["zugong.score.line"].search([("item_id", "=", item.id), ("subject", "=", subject)])
        return sorted(lines.mapped("points"), reverse=True)

    def test_even_shares_of_a_hundred_add_up(self):
        item = self._three_unit_item()
        self.assertEqual(sorted(item.unit_line_ids.mapped("share"), reverse=True), [33.34, 33.33, 33.33])

    def test_ten_points_among_three_units_and_three_authors(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 10, "applies_to": "both"},
                       {"kind": "joint", "joint_mode": "split"}])
        item = self._three_unit_item()
        self._adopted(item, self.city, date(2025, 6, 5))
        self.assertEqual(self._lines(item, "unit"), [3.34, 3.33, 3.33])
        self.assertEqual(self._lines(item, "person"), [3.34, 3.33, 3.33])
        self.assertEqual(self._points(subject="unit", item_id=item.id), 10)

    def test_a_fraction_of_a_point_split_by_shares(self):
        # 2.5 points × 1.5 for research = 3.75, split 60:40 = 2.25 and 1.50
        self._ruleset([{"kind": "adoption", "level": "city", "points": 2.5},
                       {"kind": "type_multiplier", "item_type_id": self.research_type.id, "factor": 1.5},
                       {"kind": "joint", "joint_mode": "split"}])
        item = self._item(unit=self.district, type_id=self.research_type.id)
        item.unit_line_ids.share = 60
        item.unit_line_ids = [(0, 0, {"unit_id": self.county.id, "share": 40, "sequence": 20})]
        with freeze_time("2025-06-01 09:00:00"):
            item.with_user(self.district_officer).action_submit()
        self._adopted(item, self.city, date(2025, 6, 5))
        self.assertEqual(self._unit_points(self.district), 2.25)
        self.assertEqual(self._unit_points(self.county), 1.5)

    def test_a_deduction_among_three_authors_adds_up(self):
        ruleset = self._ruleset([{"kind": "false_info", "points_min": 10, "points_max": 100, "applies_to": "both"}])
        item = self._three_unit_item()
        self.env["zugong.score.deduct"].create({
            "item_id": item.id, "rule_id": ruleset.rule_ids.id, "points": 10,
            "date": date(2025, 6, 9), "reason": "Invented figures",
        }).action_confirm()
        self.assertEqual(self._lines(item, "person"), [-3.33, -3.33, -3.34])
        self.assertEqual(self._points(subject="person", item_id=item.id), -10)


class TestDepartmentDates(ScoringCase):
    """Events are dated in the department's time zone (its address's, else China's), not
    in UTC nor in the time zone of whoever records them: 07:00 in Beijing on 1 April is
    23:00 UTC on 31 March."""

    BEIJING_MORNING_1_APRIL = "2025-03-31 23:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = False
        (cls.district_officer | cls.research_user).tz = False  # recorded by people without a time zone

    def setUp(self):
        super().setUp()
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "urgent", "urgent_event": "concealed", "points": 200}])
        self.first_quarter = self._close("quarter", date(2025, 1, 1))

    def test_a_submission_at_seven_in_the_morning_of_1_april(self):
        item = self._item()
        with freeze_time(self.BEIJING_MORNING_1_APRIL):
            item.with_user(self.district_officer).action_submit()
            adoption = self.env["zugong.adoption"].with_user(self.research_user).create({
                "item_id": item.id, "publication_id": self.city.id, "form": "full", "issue_number": "4",
            })
        self.assertEqual((item.submitted_date, item.first_submitted_date), (date(2025, 4, 1), date(2025, 4, 1)))
        self.assertEqual(adoption.date, date(2025, 4, 1))
        self.assertEqual(self._unit_points(self.district, date=date(2025, 4, 1)), 20)

    def test_a_concealed_event_dated_by_the_department(self):
        Concealment = self.env["zugong.urgent.concealment"]
        Concealment.create({"name": "Flood", "unit_id": self.county.id, "event_time": self.BEIJING_MORNING_1_APRIL})
        self.assertEqual(self._unit_points(self.county, date=date(2025, 4, 1)), -200)
        with self.assertRaisesRegex(UserError, "closed"):  # 23:00 in Beijing on 31 March
            Concealment.create({"name": "Fire", "unit_id": self.county.id, "event_time": "2025-03-31 15:00:00"})
        self.first_quarter.with_user(self.research_user).action_reopen("Late report of a fire")
        Concealment.create({"name": "Fire", "unit_id": self.county.id, "event_time": "2025-03-31 15:00:00"})
        self.assertEqual(self._unit_points(self.county, date=date(2025, 3, 31)), -200)
        self.assertEqual(self._unit_points(self.county, date=date(2025, 4, 1)), -200)

    def test_the_database_dates_as_the_department(self):
        def database_date(moment):
            self.env.flush_all()
            self.env.cr.execute("SELECT zugong_local_date(%s, %s)", [self.company.id, moment])
            return self.env.cr.fetchone()[0]
        moment = datetime(2025, 3, 31, 23, 0)
        self.assertEqual(database_date(moment), date(2025, 4, 1))
        self.assertEqual(self.company._zugong_local_date(moment), date(2025, 4, 1))
        self.company.partner_id.tz = "UTC"
        self.assertEqual(database_date(moment), date(2025, 3, 31))
        self.assertEqual(self.company._zugong_local_date(moment), date(2025, 3, 31))
        self.assertEqual(self.company._zugong_day_start(date(2025, 4, 1)), datetime(2025, 4, 1))
        self.company.partner_id.tz = False
        self.assertEqual(self.company._zugong_day_start(date(2025, 4, 1)), moment - timedelta(hours=7))


class TestScoreAdjustments(ScoringCase):
    """The research office's ±20 for the leadership's attention (SCORING.md shape 17)."""

    def setUp(self):
        super().setUp()
        ruleset = self._ruleset([{"kind": "adjustment", "points_max": 20, "name": "Leadership attention"}])
        self.rule = ruleset.rule_ids
        self.Adjustment = self.env["zugong.score.adjustment"].with_user(self.research_user)

    def _adjust(self, points, day=date(2025, 6, 30), unit=None, person=None, reason="Leadership attention"):
        return self.Adjustment.create({
            "unit_id": (unit or self.district).id, "person_id": person.id if person else False,
            "rule_id": self.rule.id, "points": points, "date": day, "reason": reason,
        })

    def test_added_and_taken_away_with_the_reason(self):
        added = self._adjust(20)
        self._adjust(-12.5, unit=self.county, reason="Late corrections all year")
        self._adjust(-5, person=self.district_officer, reason="Careless proofreading")
        self.assertEqual(self._unit_points(self.district), 20)
        self.assertEqual(self._unit_points(self.county), -12.5)
        self.assertEqual(self._points(subject="person", person_id=self.district_officer.id), -5)
        line = self.env["zugong.score.line"].search([("source_model", "=", "zugong.score.adjustment"),
                                                     ("source_id", "=", added.id)])
        self.assertEqual((line.kind, line.rule_id, line.date, line.unit_id), ("adjustment", self.rule,
                                                                             date(2025, 6, 30), self.district))
        self.assertIn("Leadership attention", line.explanation)
        added.points = 15
        self.assertEqual(self._unit_points(self.district), 15)
        line = self.env["zugong.score.line"].search([("source_model", "=", "zugong.score.adjustment"),
                                                     ("source_id", "=", added.id)])
        added.note = "Praised at the provincial meeting"  # not scored: the line stays as it is
        self.assertEqual(line.exists().points, 15)
        added.unlink()
        self.assertEqual(self._unit_points(self.district), 0)
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual((self._unit_points(self.county), self._points(subject="person")), (-12.5, -5))

    def test_what_the_rule_does_not_allow_is_refused(self):
        lines = self.env["zugong.score.line"].search_count([])
        for points, day, person, message in (
            (25, date(2025, 6, 30), None, "from 0.0 to 20.0"),
            (-20.01, date(2025, 6, 30), None, "from 0.0 to 20.0"),
            (10, date(2026, 1, 5), None, "rule set in force for 2026"),
            (10, date(2025, 6, 30), self.county_officer, "is not a member of"),
        ):
            with self.subTest(points=points, day=day), self.assertRaisesRegex(ValidationError, message):
                self._adjust(points, day=day, person=person)
        with self.assertDatabaseRefuses("zugong_score_adjustment_points_not_zero", "不能为零"):
            self._adjust(0)
        self.assertFalse(self.env["zugong.score.adjustment"].search_count([]))
        self.assertEqual(self.env["zugong.score.line"].search_count([]), lines)

    def test_frozen_with_its_period(self):
        adjustment = self._adjust(10, day=date(2025, 3, 20))
        self._close("month", date(2025, 3, 1))
        for change in (lambda: adjustment.write({"points": 20}), adjustment.unlink,
                       lambda: self._adjust(5, day=date(2025, 3, 21))):
            with self.assertRaisesRegex(UserError, "closed"):
                change()
        adjustment.note = "Noted after the close"
        self.assertEqual(self._unit_points(self.district), 10)


class TestMoreRuleShapes(ScoringCase):
    """SCORING.md shapes 7, 8, 10 and 12, configured as the research office would, with
    points computed by hand; each year recomputed gives the same."""

    def _instruction(self, item, day, level="city", main=False, publication=None):
        return self.env["zugong.instruction"].create({
            "item_id": item.id, "date": day, "text": "Good", "leader_level": level, "is_main_leader": main,
            "publication_id": publication.id if publication else False,
        })

    def _recomputed_agrees(self, *units):
        before = [self._unit_points(unit) for unit in units]
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual([self._unit_points(unit) for unit in units], before)

    def test_instructions_once_per_item_as_the_highest(self):
        """Shape 8: an item scores once for its instructions, as its highest: a city
        leader's 20, then a central leader's 80 adds 60, then another city leader's adds
        nothing (80 in all); the county's item, another item, scores its own 20."""
        self._ruleset([
            {"kind": "instruction", "leader_level": "city", "points": 20, "instruction_mode": "once_per_item"},
            {"kind": "instruction", "leader_level": "central", "points": 80, "instruction_mode": "once_per_item"},
        ])
        item = self._item_on("2025-05-05")
        self._instruction(item, date(2025, 5, 9))
        self.assertEqual(self._unit_points(self.district), 20)
        central = self._instruction(item, date(2025, 5, 12), level="central")
        self._instruction(item, date(2025, 5, 20))
        self.assertEqual(self._unit_points(self.district), 80)
        other = self._item_on("2025-05-06", self.county, self.county_officer)
        self._instruction(other, date(2025, 5, 9))
        self.assertEqual(self._unit_points(self.county), 20)
        self._recomputed_agrees(self.district, self.county)
        central.unlink()
        self.assertEqual(self._unit_points(self.district), 20, "the best left is a city leader's")

    def test_later_instructions_on_an_item_score_less(self):
        """Shape 8: the first instruction on an item scores 10, each later one 5: three
        give 20; the first removed, the two left give 15."""
        self._ruleset([{"kind": "instruction", "points": 10, "instruction_mode": "diminishing", "later_points": 5}])
        item = self._item_on("2025-05-05")
        first = self._instruction(item, date(2025, 5, 9))
        self._instruction(item, date(2025, 5, 10), level="province")
        self._instruction(item, date(2025, 6, 1), main=True)
        self.assertEqual(self._unit_points(self.district), 20)
        self._recomputed_agrees(self.district)
        first.unlink()
        self.assertEqual(self._unit_points(self.district), 15)
        with self.assertRaises(ValidationError):
            self._ruleset([{"kind": "instruction", "points": 10, "later_points": 5}])

    def test_instructions_by_the_publication_they_were_read_in(self):
        """Shape 8: an instruction on an item read in the province's bulletin scores 30;
        read elsewhere, or in nothing recorded, 10."""
        self._ruleset([{"kind": "instruction", "points": 10},
                       {"kind": "instruction", "publication_id": self.province.id, "points": 30}])
        item = self._item_on("2025-05-05")
        read = self._instruction(item, date(2025, 5, 9), publication=self.province)
        self._instruction(item, date(2025, 5, 10), publication=self.city)
        self._instruction(item, date(2025, 5, 11))
        self.assertEqual(self._unit_points(self.district), 30 + 10 + 10)
        read.publication_id = self.city
        self.assertEqual(self._unit_points(self.district), 30, "rescored when corrected")

    def test_joint_items_by_level_with_extra_for_the_main_unit(self):
        """Shape 7: a joint item (district 60 %, county 40 %) adopted by the city (20) is
        split by shares with 2 more for the main unit: 12 + 2 and 8; adopted by the
        province (40), each unit scores a fixed 10: 10 and 10."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "adoption", "level": "province", "points": 40},
                       {"kind": "joint", "joint_mode": "split", "main_extra": 2},
                       {"kind": "joint", "joint_mode": "fixed", "level": "province", "points": 10}])
        item = self._joint_item()
        self._adopted(item, self.city, date(2025, 6, 5))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (14, 8))
        self._adopted(item, self.province, date(2025, 6, 20))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (24, 18))
        self._recomputed_agrees(self.district, self.county)

    def test_base_points_plus_each_extra_item_and_an_annual_step(self):
        """Shape 10: a month of 1 item at least scores 1, plus 1 for each item beyond it
        (3 items in January: 3; none in February: 0); a year of 4 items or more scores 50
        (the district's 4: 50; the county's 1: nothing)."""
        self._ruleset([
            {"kind": "period_base", "period_kind": "month", "min_submissions": 1, "points": 1, "points_per_extra": 1},
            {"kind": "period_base", "period_kind": "year", "min_submissions": 4, "points": 50},
        ])
        for day in ("2025-01-03", "2025-01-10", "2025-01-20", "2025-03-03"):
            self._item_on(day)
        self._item_on("2025-01-05", self.county, self.county_officer)
        for month in (1, 2):
            self._close("month", date(2025, month, 1))
        self.assertEqual(self._unit_points(self.district), 3)
        self.assertEqual(self._unit_points(self.county), 1)
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.district.id), ("kind", "=", "period_base")])
        self.assertEqual(line.explanation, "报送 3 条，完成最低任务 1 条；超额 2 条，每条加 1 分")
        self._close("year", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district, kind="period_base"), 3 + 50)
        self.assertEqual(self._unit_points(self.county, kind="period_base"), 1)

    def test_base_points_need_both_targets_the_deduction_only_one(self):
        """Shape 12: a quarter's 30 need 2 items and 1 adoption at city level or above;
        a quarter below 2 items costs 10. The district (2 items, 1 city adoption): 30 and
        no deduction. The county (2 items, adopted only by a website): neither. The
        section (1 item, adopted by the province, no quota): 10 off."""
        self._ruleset([
            {"kind": "period_base", "period_kind": "quarter", "min_submissions": 2, "points": 30,
             "min_adoptions": 1, "level": "city", "level_and_above": True},
            {"kind": "period_shortfall", "period_kind": "quarter", "min_submissions": 2, "points": 10,
             "deduction_mode": "fixed"},
        ])
        district = [self._item_on("2025-04-02"), self._item_on("2025-05-02")]
        self._adopted(district[0], self.city, date(2025, 6, 1))
        county = [self._item_on(f"2025-0{month}-02", self.county, self.county_officer) for month in (4, 5)]
        self._adopted(county[1], self.website, date(2025, 6, 2))
        section_officer = self._user("t_section_officer", "zugong_info.group_officer", self.section)
        section = self._item_on("2025-04-03", self.section, section_officer)
        self._adopted(section, self.province, date(2025, 6, 3))
        before = {unit: self._unit_points(unit) for unit in (self.district, self.county, self.section)}
        self._close("quarter", date(2025, 4, 1))
        gained = {unit: round(self._unit_points(unit) - before[unit], 2) for unit in before}
        self.assertEqual(gained, {self.district: 30, self.county: 0, self.section: -10})

    def test_minimums_per_item_type(self):
        """Shape 12: one research item a quarter at least, each missing one 5 off (the
        units' other items do not count): the district with one: nothing; the county with
        an ordinary item only: 5 off. A minimum per type needs its own figure."""
        self._ruleset([{"kind": "period_shortfall", "period_kind": "quarter", "item_type_id": self.research_type.id,
                        "min_submissions": 1, "points": 5, "deduction_mode": "pro_rata"}])
        self._item_on("2025-07-02", type_id=self.research_type.id)
        self._item_on("2025-07-03", self.county, self.county_officer)
        self._close("quarter", date(2025, 7, 1))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (0, -5))
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.county.id), ("kind", "=", "period_shortfall")])
        self.assertIn(self.research_type.with_context(lang="zh_CN").name, line.explanation)
        with self.assertRaisesRegex(ValidationError, "minimum"):
            self._ruleset([{"kind": "period_shortfall", "period_kind": "quarter", "deduction_mode": "fixed",
                            "item_type_id": self.research_type.id, "points": 5}])


class TestScoreComposition(ScoringCase):
    """How a rule set makes up the score from sub-scores (SCORING.md shapes 14 and 22):
    a base with its deductions stopping at zero, a sub-score's cap, a conversion to
    another scale; the lines they add, computed by hand, and the same on recomputation."""

    def _error_notices(self, unit, count, day=date(2025, 7, 10)):
        for number in range(count):
            self.env["zugong.error.notice"].with_user(self.research_user).create({
                "name": f"差错通报〔2025〕{unit.id}-{number}号", "date": day, "unit_id": unit.id,
                "error_kind": "wording"})

    def _recomputed_agrees(self, units):
        before = {unit: self._unit_points(unit) for unit in units}
        self.env["zugong.scoring"]._recompute_year(self.company, 2025)
        self.assertEqual({unit: self._unit_points(unit) for unit in units}, before)

    def test_a_base_score_whose_deductions_stop_at_zero(self):
        """Shape 14: each quarter starts at 100 in the basic sub-score, an error notice
        costs 30 of it, and it stops at zero; adoptions (20) are bonuses beyond it. The
        district: 100 - 30 + 20 = 90. The county: 100 - 4 × 30 = -20, brought back to 0,
        + 20 = 20. The section, with nothing: 100."""
        self._ruleset([
            {"kind": "base_score", "period_kind": "quarter", "points": 100, "bucket": "基本分"},
            {"kind": "error_notice", "points": 30, "bucket": "基本分"},
            {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "基本分", "floor_at_zero": True},
            {"kind": "adoption", "level": "city", "points": 20},
        ])
        for unit, author in ((self.district, self.district_officer), (self.county, self.county_officer)):
            self._adopted(self._item_on("2025-07-02", unit, author), self.city, date(2025, 7, 20))
        self._error_notices(self.district, 1)
        self._error_notices(self.county, 4)
        self._close("quarter", date(2025, 7, 1))
        units = (self.district, self.county, self.section)
        self.assertEqual([self._unit_points(unit) for unit in units], [90, 20, 100])
        floor = self.env["zugong.score.line"].search([("unit_id", "=", self.county.id), ("kind", "=", "bucket_limit")])
        self.assertEqual((floor.points, floor.explanation), (20, "基本分：-20 分，扣完为止，恢复为 0"))
        root = self.env["zugong.unit"].search([("company_id", "=", self.company.id), ("parent_id", "=", False)])
        self.assertTrue(root)
        self.assertFalse([self._unit_points(unit) for unit in root if self._unit_points(unit)],
                         "the company's root is not scored")
        self._recomputed_agrees(units)

    def test_a_sub_score_with_a_cap(self):
        """Caps per sub-score: adoptions (20 each) count in 采用得分, at most 50 a
        quarter; instructions (10) are outside it. The district: 3 adoptions, 60 brought
        to 50, + 10 = 60; the county: 2 adoptions, 40."""
        self._ruleset([
            {"kind": "adoption", "level": "city", "points": 20, "bucket": "采用得分"},
            {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "采用得分", "bucket_cap": 50},
            {"kind": "instruction", "points": 10},
        ])
        item = self._item_on("2025-07-02")
        for day in (5, 6, 7):
            self._adopted(self._item_on(f"2025-07-0{day}"), self.city, date(2025, 8, day))
        self.env["zugong.instruction"].create({"item_id": item.id, "date": date(2025, 8, 1), "text": "Good"})
        for day in (5, 6):
            self._adopted(self._item_on(f"2025-07-0{day}", self.county, self.county_officer), self.city,
                          date(2025, 8, day))
        self._close("quarter", date(2025, 7, 1))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (60, 40))
        self._recomputed_agrees((self.district, self.county))

    def test_the_year_converted_relative_to_the_highest(self):
        """Shape 22: the year's totals on a scale of 100, the highest scoring 100: the
        district 60 → 100, the section 40 → 66.67, the county 20 → 33.33, the township
        -2 (an error notice) → -3.33, a negative total kept."""
        self._ruleset([
            {"kind": "adoption", "level": "city", "points": 20},
            {"kind": "adoption", "level": "province", "points": 40},
            {"kind": "error_notice", "points": 2},
            {"kind": "conversion", "period_kind": "year", "conversion_mode": "top", "points": 100},
        ])
        district = self._item_on("2025-03-02")
        self._adopted(district, self.city, date(2025, 3, 5))
        self._adopted(district, self.province, date(2025, 9, 5))
        self._adopted(self._item_on("2025-04-02", self.county, self.county_officer), self.city, date(2025, 4, 5))
        section_officer = self._user("t_section_officer", "zugong_info.group_officer", self.section)
        self._adopted(self._item_on("2025-05-02", self.section, section_officer), self.province, date(2025, 5, 5))
        self._error_notices(self.township, 1)
        self._close("year", date(2025, 1, 1))
        units = (self.district, self.section, self.county, self.township)
        self.assertEqual([self._unit_points(unit) for unit in units], [100, 66.67, 33.33, -3.33])
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.section.id), ("kind", "=", "conversion")])
        self.assertEqual((line.points, line.explanation), (26.67, "40 分（最高 60 分）按 100 分制折算为 66.67 分"))
        self._recomputed_agrees(units)

    def test_the_year_converted_by_a_factor(self):
        """Shape 22: the year's total counts 40 % in the cadres' assessment: 50 → 20."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 25},
                       {"kind": "conversion", "period_kind": "year", "conversion_mode": "factor", "factor": 0.4}])
        for month in (3, 4):
            self._adopted(self._item_on(f"2025-0{month}-02"), self.city, date(2025, month, 5))
        self._close("year", date(2025, 1, 1))
        self.assertEqual(self._unit_points(self.district), 20)

    def test_what_a_limit_or_a_conversion_needs(self):
        with self.assertRaisesRegex(ValidationError, "cap"):
            self._ruleset([{"kind": "bucket_limit", "period_kind": "quarter", "bucket": "基本分"}])
        with self.assertRaisesRegex(ValidationError, "scale"):
            self._ruleset([{"kind": "conversion", "period_kind": "year", "conversion_mode": "top"}])


class TestOutcomes(ScoringCase):
    """Outcomes besides points (SCORING.md shapes 16 and 20), written when the year
    closes: three commissions late or two missed, no award; an urgent report not
    reported, a one-vote veto; a year below 30 points, not up to standard."""

    def test_outcomes_of_the_year(self):
        self._ruleset([
            {"kind": "adoption", "level": "city", "points": 40},
            {"kind": "outcome", "period_kind": "year", "outcome": "no_award", "outcome_when": "commission_late",
             "event_count": 3},
            {"kind": "outcome", "period_kind": "year", "outcome": "no_award", "outcome_when": "commission_missed",
             "event_count": 2},
            {"kind": "outcome", "period_kind": "year", "outcome": "veto", "outcome_when": "urgent_missed",
             "event_count": 1},
            {"kind": "outcome", "period_kind": "year", "outcome": "not_up_to_standard",
             "outcome_when": "below_points", "points": 30},
        ])
        self._adopted(self._item_on("2025-03-02"), self.city, date(2025, 3, 5))  # the district: 40
        for deadline in (date(2025, 4, 1), date(2025, 5, 1)):  # the county misses two
            self.env["zugong.commission"].create({
                "name": f"约稿 {deadline}", "deadline": deadline, "target_unit_ids": [(6, 0, self.county.ids)],
            }).action_open()
        urgent = self._item(type_id=self.env.ref("zugong_info.item_type_urgent").id,
                            event_time="2025-07-01 08:00:00")  # the district never reports it
        with freeze_time("2025-07-05 10:00:00"):
            self.env["zugong.commission"]._cron_commissions()
            self.env["zugong.item"]._cron_check_urgent_deadlines()
        self.assertEqual(urgent.urgent_status, "missed")
        year = self._close("year", date(2025, 1, 1))
        outcomes = self.env["zugong.score.outcome"].search([("period_id", "=", year.id)])
        found = {(outcome.unit_id, outcome.outcome) for outcome in outcomes}
        self.assertIn((self.county, "no_award"), found)
        self.assertIn((self.county, "not_up_to_standard"), found, "the county has no points")
        self.assertIn((self.district, "veto"), found)
        self.assertNotIn((self.district, "not_up_to_standard"), found, "40 points is up to standard")
        self.assertFalse([outcome for outcome in outcomes if outcome.unit_id == self.county
                          and outcome.outcome == "veto"])
        missed = outcomes.filtered(lambda outcome: outcome.unit_id == self.county and outcome.outcome == "no_award")
        self.assertEqual(missed.explanation, "约稿未完成 2 次（达到 2 次）：不得评先评优")
        # closing again gives the same outcomes, no more
        year.with_user(self.research_user).action_reopen("复核")
        self._close("year", date(2025, 1, 1))
        self.assertEqual(len(self.env["zugong.score.outcome"].search([("period_id", "=", year.id)])), len(outcomes))
        # an officer reads the outcomes of their own unit only
        county_officer_sees = self.env["zugong.score.outcome"].with_user(self.county_officer).search([])
        self.assertEqual(county_officer_sees.unit_id, self.county)


class TestLengthsAndShares(ScoringCase):
    """SCORING.md shapes 11, 12 and 21: a share of the base below the minimum, a minimum
    of long items, items of a length multiplied as research is."""

    def _quota(self, unit, monthly):
        return self.env["zugong.quota"].create({"unit_id": unit.id, "year": 2025, "monthly_min_submissions": monthly,
                                                "quarterly_min_submissions": 0, "score_target": 0})

    def test_a_share_of_the_base_below_the_minimum(self):
        """Shape 11: 10 a month for 4 items, short of it in proportion: the district's 3
        give 7.5, the county's 5 give 10, a month of none nothing."""
        self._ruleset([{"kind": "period_base", "period_kind": "month", "points": 10, "min_submissions": 4,
                        "base_share_below": True}])
        for day in (3, 10, 17):
            self._item_on(f"2025-01-{day:02d}")
        for day in (3, 6, 9, 12, 15):
            self._item_on(f"2025-01-{day:02d}", self.county, self.county_officer)
        for month in (1, 2):
            self._close("month", date(2025, month, 1))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (7.5, 10))
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.district.id), ("kind", "=", "period_base")])
        self.assertEqual(line.explanation, "报送 3 条，未完成最低任务 4 条，按比例计基础分")

    def test_a_minimum_of_long_items(self):
        """Shape 12: one item of 1,000 characters or more a quarter, else 5 off: the
        district's 1,200-character item meets it, the county's two short ones do not."""
        self._ruleset([{"kind": "period_shortfall", "period_kind": "quarter", "length_min": 1000,
                        "min_submissions": 1, "points": 5, "deduction_mode": "fixed"}])
        self._item_on("2025-04-01", body="<p>%s</p>" % ("组" * 1200))
        for day in ("2025-04-02", "2025-05-02"):
            self._item_on(day, self.county, self.county_officer)
        self._close("quarter", date(2025, 4, 1))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (0, -5))
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.county.id)])
        self.assertEqual(line.explanation, "报送1000字以上信息 0 条，距最低任务 1 条差 1 条")
        with self.assertRaisesRegex(ValidationError, "minimum"):
            self._ruleset([{"kind": "period_shortfall", "period_kind": "quarter", "length_min": 1000,
                            "points": 5, "deduction_mode": "fixed"}])

    def test_long_items_multiplied_as_research(self):
        """Shape 21: an item of more than 800 characters counts as research, ×2: a city
        adoption (10) of the 900-character item scores 20, of a 500-character one 10."""
        self._ruleset([{"kind": "adoption", "level": "city", "points": 10},
                       {"kind": "type_multiplier", "length_min": 801, "factor": 2}])
        self._adopted(self._item_on("2025-04-01", body="<p>%s</p>" % ("组" * 900)), self.city, date(2025, 4, 5))
        self._adopted(self._item_on("2025-04-02", self.county, self.county_officer, body="<p>%s</p>" % ("工" * 500)),
                      self.city, date(2025, 4, 6))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (20, 10))
        with self.assertRaisesRegex(ValidationError, "type"):
            self._ruleset([{"kind": "type_multiplier", "factor": 2}])

    def test_credit_shared_with_the_office_that_rewrote_it(self):
        """Shape 7: an item the research office rewrote in more than half before
        forwarding it to the province: the unit keeps half of the provincial adoption
        (40 → 20); another forwarded as written keeps it all (40). Marked afterwards, the
        adoption already recorded is scored again."""
        self._ruleset([{"kind": "adoption", "level": "province", "points": 40},
                       {"kind": "rewrite_share", "level": "province", "factor": 0.5}])
        Forward = self.env["zugong.item.forward"].with_user(self.research_user)
        rewritten = self._item_on("2025-04-01")
        Forward.create({"item_id": rewritten.id, "publication_id": self.province.id, "date": date(2025, 4, 3),
                        "rewritten": True})
        self._adopted(rewritten, self.province, date(2025, 4, 20))
        as_written = self._item_on("2025-04-02", self.county, self.county_officer)
        forward = Forward.create({"item_id": as_written.id, "publication_id": self.province.id,
                                  "date": date(2025, 4, 3)})
        self._adopted(as_written, self.province, date(2025, 4, 21))
        self.assertEqual((self._unit_points(self.district), self._unit_points(self.county)), (20, 40))
        forward.rewritten = True
        self.assertEqual(self._unit_points(self.county), 20)


class TestWeeks(ScoringCase):
    """SCORING.md shapes 10 and 19: weekly periods (Monday to Sunday)."""

    def test_weekly_one_plus_one_for_each_extra_item(self):
        """1 a week for an item, 1 more for each item beyond it: the week of 7 April, 3
        items: 3; the week of 14 April, none: nothing. The week from 29 December, one item
        each side of the new year: 2, dated the last day of its Monday's year."""
        self._ruleset([{"kind": "period_base", "period_kind": "week", "min_submissions": 1, "points": 1,
                        "points_per_extra": 1}])
        for day in ("2025-04-07", "2025-04-09", "2025-04-13"):
            self._item_on(day)
        self._item_on("2025-04-14", self.county, self.county_officer)
        for day in ("2025-12-30", "2026-01-02"):
            self._item_on(day)
        first, second = self._close("week", date(2025, 4, 9)), self._close("week", date(2025, 4, 16))
        self.assertEqual((first.date_start, first.date_end), (date(2025, 4, 7), date(2025, 4, 13)))
        self.assertEqual(first.with_context(lang="zh_CN").name, "2025-04-07起一周")
        self.assertEqual(self._unit_points(self.district), 3)
        self.assertEqual(self._unit_points(self.county), 1)
        self.assertFalse(self._unit_points(self.district, period_id=second.id))
        last = self._close("week", date(2026, 1, 1))
        self.assertEqual((last.date_start, last.year), (date(2025, 12, 29), 2025))
        line = self.env["zugong.score.line"].search([("period_id", "=", last.id), ("unit_id", "=", self.district.id)])
        self.assertEqual((line.points, line.date), (2, date(2025, 12, 31)))

    def test_a_week_starts_on_a_monday(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["zugong.period"].create({"company_id": self.company.id, "kind": "week",
                                              "date_start": date(2025, 4, 8)})
            self.env.flush_all()
