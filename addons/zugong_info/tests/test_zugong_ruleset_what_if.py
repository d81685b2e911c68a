from datetime import date

from odoo.tests import freeze_time, tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestZugongRulesetWhatIf(AttackCase, ZugongCase):
    """A draft rule set tried on the second quarter of 2026 (试算), side by side with the
    rule set in force, as the research office does before putting it in force.

    Events: in April the district, the county and the section submit an item each; the
    district's is adopted by the city bulletin on 10 April, the county's by the province's
    on 5 May, the section's by the city's on 20 May; an item of the district adopted by
    the province's on 1 February lies outside the quarter.

    In force: 10 points a city adoption, 30 a provincial one, for units. Quarter: district
    10, county 30, section 10, township and point 0; ranks 2, 1, 2, 4, 4.
    Tried: 20 a city adoption (units and writers), 10 a provincial one, and 5 points a
    month to each unit with at least one submission (as if the months were closed):
    district 20 + 5 = 25, county 10 + 5 = 15, section 20 + 5 = 25, township and point 0;
    ranks 1, 3, 1, 4, 4. Writers: the district's and the section's officers 20 each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.section_officer = cls._user("t_section_officer", "zugong_info.group_officer", cls.section)
        cls.in_force = cls._ruleset([
            {"kind": "adoption", "level": "city", "points": 10, "applies_to": "unit"},
            {"kind": "adoption", "level": "province", "points": 30, "applies_to": "unit"},
        ], year=2026, name="In force")
        cls.tried = cls.env["zugong.ruleset"].create({"name": "Tried", "year": 2027, "rule_ids": [
            (0, 0, {"kind": "adoption", "level": "city", "points": 20, "applies_to": "both"}),
            (0, 0, {"kind": "adoption", "level": "province", "points": 10, "applies_to": "unit"}),
            (0, 0, {"kind": "period_base", "period_kind": "month", "points": 5, "min_submissions": 1,
                    "applies_to": "unit"}),
        ]})
        Publication = cls.env["zugong.publication"]
        city = Publication.create({"name": "City bulletin", "level": "city"})
        province = Publication.create({"name": "Province bulletin", "level": "province"})
        cls.env["zugong.period"]._create_year(cls.company, 2026)
        with freeze_time("2026-01-20 02:00:00"):
            early = cls._submitted_item(cls.district, cls.district_officer)
        cls._adopted(early, province, date(2026, 2, 1))
        with freeze_time("2026-04-08 02:00:00"):
            district_item = cls._submitted_item(cls.district, cls.district_officer)
            county_item = cls._submitted_item(cls.county, cls.county_officer)
            section_item = cls._submitted_item(cls.section, cls.section_officer)
        cls._adopted(district_item, city, date(2026, 4, 10))
        cls._adopted(county_item, province, date(2026, 5, 5))
        cls._adopted(section_item, city, date(2026, 5, 20))
        cls.quarter = cls.env["zugong.period"].search([
            ("company_id", "=", cls.company.id), ("kind", "=", "quarter"), ("date_start", "=", date(2026, 4, 1))])

    def _compare(self, subject="units"):
        wizard = self.env["zugong.ruleset.what.if"].with_user(self.research_user).create({
            "ruleset_id": self.tried.id, "period_id": self.quarter.id, "subject": subject})
        wizard.action_compare()
        return wizard, {line.unit_id or line.person_id: (line.points_in_force, line.rank_in_force, line.points_tried,
                                                         line.rank_tried, line.rank_change)
                        for line in wizard.line_ids}

    def _written(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*), sum(points), max(id) FROM zugong_score_line")
        lines = self.env.cr.fetchone()
        self.env.cr.execute("SELECT count(*), sum(points), sum(items) FROM zugong_month_total")
        return lines, self.env.cr.fetchone()

    def test_both_rule_sets_side_by_side(self):
        before = self._written()
        wizard, rows = self._compare()
        self.assertEqual(wizard.in_force_id, self.in_force)
        self.assertEqual(rows[self.district], (10, 2, 25, 1, 1))
        self.assertEqual(rows[self.county], (30, 1, 15, 3, -2))
        self.assertEqual(rows[self.section], (10, 2, 25, 1, 1))
        self.assertEqual(rows[self.township], (0, 4, 0, 4, 0))
        self.assertEqual(rows[self.point], (0, 4, 0, 4, 0))
        self.assertNotIn(self.city, rows, "the root is not ranked among its units")
        self.assertEqual((wizard.total_in_force, wizard.total_tried), (50, 65))
        self.assertEqual(self._written(), before, "nothing of the scores is written")
        self.assertEqual(self.tried.state, "draft")
        self.assertFalse(self.env["zugong.score.line"].search_count([("ruleset_id", "=", self.tried.id)]))

    def test_the_rule_set_in_force_gives_the_scores_recorded(self):
        """With no period rule in force, the in-force side is what the score lines of
        the quarter say."""
        _wizard, rows = self._compare()
        recorded = {unit: sum(self.env["zugong.score.line"].search([
            ("subject", "=", "unit"), ("unit_id", "=", unit.id),
            ("date", ">=", date(2026, 4, 1)), ("date", "<=", date(2026, 6, 30))]).mapped("points"))
            for unit in (self.district, self.county, self.section)}
        self.assertEqual(recorded, {unit: rows[unit][0] for unit in recorded})

    def test_ranked_as_the_rule_set_tried_ranks(self):
        self.tried.rank_within = "kind"
        _wizard, rows = self._compare()
        # the district and the county are counties; the section, the township and the point each alone
        self.assertEqual({unit: rows[unit][3] for unit in (self.district, self.county, self.section, self.township)},
                         {self.district: 1, self.county: 2, self.section: 1, self.township: 1})

    def test_an_open_quarter_in_force_is_what_closing_it_records(self):
        """The rule set in force on a quarter whose months are open scores them as closing
        them would: a monthly base of 10 for a month with a submission, capped at 15 a year
        (January's closed base counts towards it), and at most 8 of it a quarter. The
        district's April base is 5 (the cap), the county's and the section's 10 brought to
        8; the adoptions as recorded. Closing the months and the quarter records the same."""
        ruleset = self._ruleset([
            {"kind": "adoption", "level": "city", "points": 10, "applies_to": "unit"},
            {"kind": "adoption", "level": "province", "points": 30, "applies_to": "unit"},
            {"kind": "period_base", "period_kind": "month", "points": 10, "min_submissions": 1,
             "yearly_cap": 15, "bucket": "基本分", "applies_to": "unit"},
            {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "基本分", "bucket_cap": 8,
             "applies_to": "unit"},
        ], year=2026, name="In force with periods")
        Period = self.env["zugong.period"].with_user(self.research_user)
        for month in (1, 2):
            Period._ensure(self.company, "month", date(2026, month, 1)).action_close()
        points = self.env["zugong.scoring"]._what_if(self.quarter, ruleset)[ruleset.id]
        self.assertEqual({unit: points.get(("unit", unit.id)) for unit in (self.district, self.county, self.section)},
                         {self.district: 10 + 5, self.county: 30 + 8, self.section: 10 + 8})
        for month in (4, 5, 6):
            Period._ensure(self.company, "month", date(2026, month, 1)).action_close()
        self.quarter.with_user(self.research_user).action_close()
        self.env.flush_all()
        self.env.cr.execute("SELECT subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END, sum(points)"
                            " FROM zugong_score_line WHERE company_id = %s AND date BETWEEN %s AND %s GROUP BY 1, 2",
                            [self.company.id, date(2026, 4, 1), date(2026, 6, 30)])
        self.assertEqual({key: value for key, value in points.items() if value},
                         {(subject, subject_id): total for subject, subject_id, total in self.env.cr.fetchall()
                          if total})

    def test_a_draft_s_yearly_cap_counts_the_months_before_the_quarter(self):
        """A draft giving 10 points a month with a submission, at most 15 a year, and taking
        3 for a month without one: tried on the second quarter, January's base counts
        towards the cap (the district's April gives 5), and the months before the quarter
        give nothing else to it. Put in force and closed, the draft records the same."""
        rules = [
            {"kind": "period_base", "period_kind": "month", "points": 10, "min_submissions": 1, "yearly_cap": 15,
             "applies_to": "unit"},
            {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "fixed", "points": 3,
             "min_submissions": 1, "applies_to": "unit"},
        ]
        draft = self.env["zugong.ruleset"].create({"name": "Capped", "year": 2027,
                                                   "rule_ids": [(0, 0, rule) for rule in rules]})
        tried = self.env["zugong.scoring"]._what_if(self.quarter, draft)[draft.id]
        self.assertEqual({unit: tried.get(("unit", unit.id)) for unit in (self.district, self.county, self.township)},
                         {self.district: 5 - 3 - 3, self.county: 10 - 3 - 3, self.township: -3 * 3})
        in_force = self._ruleset(rules, year=2026, name="Capped in force")
        Period = self.env["zugong.period"].with_user(self.research_user)
        for month in range(1, 7):
            Period._ensure(self.company, "month", date(2026, month, 1)).action_close()
        self.env.flush_all()
        self.env.cr.execute("SELECT subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END, sum(points)"
                            " FROM zugong_score_line WHERE ruleset_id = %s AND date BETWEEN %s AND %s GROUP BY 1, 2",
                            [in_force.id, date(2026, 4, 1), date(2026, 6, 30)])
        self.assertEqual({key: value for key, value in tried.items() if value},
                         {(subject, subject_id): total for subject, subject_id, total in self.env.cr.fetchall()
                          if total})

    def test_people(self):
        _wizard, rows = self._compare("people")
        self.assertEqual(rows, {self.district_officer: (0, 1, 20, 1, 0), self.section_officer: (0, 1, 20, 1, 0)})

    def test_officers_cannot_try_a_rule_set(self):
        for user in (self.district_officer, self.district_head):
            self.assertRpcRefused(user, "zugong.ruleset.what.if", "create",
                                  {"ruleset_id": self.tried.id, "period_id": self.quarter.id}, error="AccessError")
        self.assertRpcRefused(self.district_officer, "zugong.ruleset", "_what_if_rows", [self.tried.id],
                              self.quarter.id, "units")
        self.assertFalse(self.env["zugong.ruleset.what.if"].search([]))
