"""Whole rule sets, each a regulation's quarter replayed through the product as its users
record it: officers submit items, the research office receives them and records the
adoptions, forwardings, instructions, error notices and commissions, and closes the
periods. Every total, every month's points and the ranking were computed by hand, in the
docstrings, and are checked to the cent."""
from collections import defaultdict
from datetime import date

from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import _TEXT_SEEDS, distinct_text


class RegulationScenario(TransactionCase):
    """A department of its own (so that nothing else of the database is scored or ranked
    with it): its root, the units below it with one officer each, its research office
    and its publications."""

    UNITS = ()  # (code, name, kind, category's key or None)
    CATEGORIES = {}  # key: (name, monthly minimum)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env["res.company"].create({"name": "测试县委组织部"})
        Unit = cls.env["zugong.unit"]
        cls.root = Unit.create({"name": "县委组织部", "code": "SC-ROOT", "company_id": cls.company.id})
        cls.research = cls._user("sc_research", "zugong_info.group_research")
        cls.categories = {key: cls.env["zugong.unit.category"].create({"name": name, "monthly_min_submissions": minimum})
                          for key, (name, minimum) in cls.CATEGORIES.items()}
        cls.units, cls.officers = {}, {}
        for code, name, kind, category in cls.UNITS:
            unit = Unit.create({"name": name, "code": f"SC-{code}", "kind": kind, "parent_id": cls.root.id,
                                "company_id": cls.company.id, "signoff_required": False,
                                "category_id": cls.categories[category].id if category else False})
            cls.units[code] = unit
            cls.officers[code] = cls._user(f"sc_officer_{code}", "zugong_info.group_officer")
            cls.env["zugong.unit.member"].create({"unit_id": unit.id, "user_id": cls.officers[code].id})
        Publication = cls.env["zugong.publication"]
        cls.city = Publication.create({"name": "市委组工信息", "level": "city", "company_id": cls.company.id})
        cls.province = Publication.create({"name": "省委组工信息", "level": "province",
                                           "company_id": cls.company.id})
        cls.website = Publication.create({"name": "组工网", "level": "other", "company_id": cls.company.id})
        cls.central = Publication.create({"name": "组工通讯", "level": "central", "company_id": cls.company.id})
        cls.research_type = cls.env.ref("zugong_info.item_type_research")

    @classmethod
    def _user(cls, login, group):
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{group}", lang="en_US",
                             company_id=cls.company.id, company_ids=[cls.company.id])

    @classmethod
    def _ruleset(cls, name, rules, year=2025):
        ruleset = cls.env["zugong.ruleset"].with_user(cls.research).create({
            "name": name, "year": year, "company_id": cls.company.id,
            "rule_ids": [(0, 0, rule) for rule in rules]})
        ruleset.action_activate()
        return ruleset

    # ------------------------------------------------------------------ as the users record it

    def submit(self, code, day, joint=(), **values):
        """An item of the unit ``code`` (with the units ``joint``, each an equal share),
        written and submitted by its officer on ``day``, received by the research office."""
        officer = self.officers[code].with_company(self.company)
        units = [self.units[code], *(self.units[other] for other in joint)]
        item = self.env["zugong.item"].with_user(officer).create({
            "name": f"{self.units[code].name}信息 {day}", "body": "<p>%s</p>" % distinct_text(next(_TEXT_SEEDS)),
            "author_ids": [officer.id],
            "unit_line_ids": [(0, 0, {"unit_id": unit.id, "sequence": index, "share": 100 / len(units)})
                              for index, unit in enumerate(units)], **values})
        with freeze_time(f"{day} 09:00:00"):
            item.action_submit()
        item.with_user(self.research).action_receive()
        return item

    def adopt(self, item, publication, day, form="full"):
        return self.env["zugong.adoption"].with_user(self.research).create({
            "item_id": item.id, "publication_id": publication.id, "form": form, "date": day,
            "issue_number": f"{publication.name} {day}"})

    def forward(self, item, publication, day):
        return self.env["zugong.item.forward"].with_user(self.research).create(
            {"item_id": item.id, "publication_id": publication.id, "date": day})

    def instruct(self, item, day, level):
        return self.env["zugong.instruction"].with_user(self.research).create(
            {"item_id": item.id, "date": day, "leader_level": level, "text": "请推广", "leader_name": "领导"})

    def error_notice(self, code, day, number):
        return self.env["zugong.error.notice"].with_user(self.research).create({
            "name": f"差错通报〔2025〕{number}号", "date": day, "unit_id": self.units[code].id,
            "error_kind": "wording"})

    def commission(self, name, deadline, codes):
        commission = self.env["zugong.commission"].with_user(self.research).create({
            "name": name, "deadline": deadline, "company_id": self.company.id,
            "target_unit_ids": [(6, 0, [self.units[code].id for code in codes])]})
        commission.action_open()
        return commission

    def close(self, kind, day):
        period = self.env["zugong.period"]._ensure(self.company, kind, day)
        period.with_user(self.research).action_close()
        return period

    # ------------------------------------------------------------------ what is read

    def totals(self, start, end, subject="unit"):
        """{unit code: points of the unit's lines dated from ``start`` to ``end``}; of its
        officer's (``subject`` "person")."""
        lines = self.env["zugong.score.line"].search([
            ("company_id", "=", self.company.id), ("subject", "=", subject),
            ("date", ">=", start), ("date", "<=", end)])
        if subject == "unit":
            codes = {unit.id: code for code, unit in self.units.items()}
        else:
            codes = {officer.id: code for code, officer in self.officers.items()}
        result = defaultdict(float)
        for line in lines:
            record = line.unit_id if subject == "unit" else line.person_id
            result[codes.get(record.id, record.name)] += line.points
        return {code: round(points, 2) for code, points in result.items()}

    def monthly(self, year, months):
        """{unit code: [points of each month]}."""
        result = {code: [] for code in self.units}
        for month in months:
            end = date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)
            of_month = self.totals(date(year, month, 1), date.fromordinal(end.toordinal() - 1))
            for code in result:
                result[code].append(of_month.get(code, 0))
        return result

    def ranking(self, ruleset, period):
        """{unit code: (points, rank)} as the rule set in force ranks the period."""
        rows = ruleset._what_if_rows(period, "units")
        codes = {unit.id: code for code, unit in self.units.items()}
        return {codes[row["unit_id"]]: (row["points_in_force"], row["rank_in_force"]) for row in rows}


@tagged("post_install", "-at_install")
class TestCountyHundredPointAssessment(RegulationScenario):
    """A county's quarterly hundred-point assessment (百分考核): the kind of regulation the
    county offices of seeds/002 (汤阴县组工信息工作百分考核办法) and seeds/000 (每月通报，
    季度小结) describe, with the points of DOMAIN.md's facts:

    - 基本分: 60 a quarter; each item short of 2 a month -1; each error notice -5; each
      commission missed -10; it stops at zero (扣完为止).
    - 加分, at most 40 a quarter: an adoption by the city's bulletin 10 (full item) or 3
      (brief), by the province's 20, by a website 0.5; research items ×2; an item adopted
      several times counts its highest adoption only; forwarded to the province +2; an
      instruction of a city leader +5, of a provincial leader +10; a commission answered
      on time +3.

    Four units in Q2 2025, 48 events (20 items, 12 adoptions, a forwarding, 3
    instructions, 11 error notices, a commission to the four):

    - 城关镇 (A): 加分 20 (A1, research, city) + 20 (A1 by the province: 40 less the 20
      counted) + 3 + 0.5 + 2 + 3 + 10 = 58.5, brought to 40; 基本分 60: 100.
    - 河东镇 (B): 加分 10 + 10 (B4 full; its brief adds nothing) + 20 + 5 + 3 = 48,
      brought to 40; 基本分 60 - 1 (one item in May) - 5 = 54: 94.
    - 组织科 (C): 加分 0.5; 基本分 60 - 4 (one item in April and May, none in June) - 10
      (the commission missed) - 50 (ten error notices) = -4, brought back to 0: 0.5.
    - 干部科 (D): 加分 6 (D1, research, brief) + 10 + 10 + 3 + 5 = 34; 基本分 60: 94.

    Months (April, May, June: the quarter's lines are dated 30 June):
    A 23, 35.5, 41.5; B 10, 7, 77; C -20.5, -26, 47; D 6, 18, 70.
    Ranks: A 1, B 2, D 2, C 4."""

    UNITS = (("A", "城关镇", "township", None), ("B", "河东镇", "township", None), ("C", "组织科", "section", None),
             ("D", "干部科", "section", None))

    def test_the_quarter(self):
        ruleset = self._ruleset("2025年度组工信息百分考核办法", [
            {"kind": "base_score", "period_kind": "quarter", "points": 60, "bucket": "基本分"},
            {"kind": "period_shortfall", "period_kind": "month", "min_submissions": 2, "deduction_mode": "pro_rata",
             "points": 1, "bucket": "基本分"},
            {"kind": "error_notice", "points": 5, "bucket": "基本分"},
            {"kind": "commission_deduction", "commission_status": "missed", "points": 10, "bucket": "基本分"},
            {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "基本分", "floor_at_zero": True},
            {"kind": "adoption", "level": "city", "form": "full", "points": 10, "bucket": "加分"},
            {"kind": "adoption", "level": "city", "form": "brief", "points": 3, "bucket": "加分"},
            {"kind": "adoption", "level": "province", "points": 20, "bucket": "加分"},
            {"kind": "adoption", "level": "other", "points": 0.5, "bucket": "加分"},
            {"kind": "type_multiplier", "item_type_id": self.research_type.id, "factor": 2},
            {"kind": "multi_adoption", "multi_mode": "highest"},
            {"kind": "forward", "level": "province", "points": 2, "bucket": "加分"},
            {"kind": "instruction", "leader_level": "city", "points": 5, "bucket": "加分"},
            {"kind": "instruction", "leader_level": "province", "points": 10, "bucket": "加分"},
            {"kind": "commission", "commission_status": "on_time", "points": 3, "bucket": "加分"},
            {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "加分", "bucket_cap": 40},
        ])
        topic = self.commission("基层党建约稿", date(2025, 5, 31), "ABCD")
        research = {"type_id": self.research_type.id}

        a1 = self.submit("A", "2025-04-03", **research)
        a2 = self.submit("A", "2025-04-10")
        a3 = self.submit("A", "2025-05-06")
        self.submit("A", "2025-05-20", commission_id=topic.id)
        self.submit("A", "2025-06-04")
        self.submit("A", "2025-06-18")
        self.adopt(a1, self.city, date(2025, 4, 20))
        self.adopt(a2, self.city, date(2025, 4, 25), "brief")
        self.forward(a3, self.province, date(2025, 5, 8))
        self.adopt(a3, self.website, date(2025, 5, 10))
        self.adopt(a1, self.province, date(2025, 5, 15))
        self.instruct(a1, date(2025, 5, 30), "province")

        b1 = self.submit("B", "2025-04-08")
        self.submit("B", "2025-04-28")
        self.submit("B", "2025-05-12", commission_id=topic.id)
        b4 = self.submit("B", "2025-06-02")
        b5 = self.submit("B", "2025-06-09")
        self.submit("B", "2025-06-25")
        self.adopt(b1, self.city, date(2025, 4, 30))
        self.instruct(b1, date(2025, 5, 5), "city")
        self.error_notice("B", date(2025, 6, 10), 1)
        self.adopt(b4, self.city, date(2025, 6, 15))
        self.adopt(b4, self.city, date(2025, 6, 20), "brief")
        self.adopt(b5, self.province, date(2025, 6, 28))

        c1 = self.submit("C", "2025-04-15")
        self.submit("C", "2025-05-18")
        self.adopt(c1, self.website, date(2025, 4, 30))
        for number, day in enumerate((date(2025, 4, 20), date(2025, 4, 21), date(2025, 4, 22), date(2025, 4, 23),
                                      date(2025, 5, 6), date(2025, 5, 7), date(2025, 5, 8),
                                      date(2025, 6, 11), date(2025, 6, 12), date(2025, 6, 13)), start=2):
            self.error_notice("C", day, number)

        d1 = self.submit("D", "2025-04-02", **research)
        d2 = self.submit("D", "2025-04-22")
        self.submit("D", "2025-05-25", commission_id=topic.id)
        self.submit("D", "2025-05-28")
        d5 = self.submit("D", "2025-06-05")
        self.submit("D", "2025-06-06")
        self.adopt(d1, self.city, date(2025, 4, 28), "brief")
        self.adopt(d2, self.city, date(2025, 5, 3))
        self.instruct(d2, date(2025, 5, 10), "city")
        self.adopt(d5, self.city, date(2025, 6, 21))

        with freeze_time("2025-06-01 08:00:00"):
            self.env["zugong.commission"]._cron_commissions()  # 组织科 missed it
        for month in (4, 5, 6):
            self.close("month", date(2025, month, 1))
        quarter = self.close("quarter", date(2025, 4, 1))

        expected = {"A": 100, "B": 94, "C": 0.5, "D": 94}
        self.assertEqual(self.totals(date(2025, 4, 1), date(2025, 6, 30)), expected)
        self.assertEqual(self.monthly(2025, (4, 5, 6)), {
            "A": [23, 35.5, 41.5], "B": [10, 7, 77], "C": [-20.5, -26, 47], "D": [6, 18, 70]})
        self.assertEqual(self.ranking(ruleset, quarter),
                         {"A": (100, 1), "B": (94, 2), "C": (0.5, 4), "D": (94, 2)})
        # the sub-scores' limits, each a line of the quarter with its reason
        limits = self.env["zugong.score.line"].search([("company_id", "=", self.company.id),
                                                       ("kind", "=", "bucket_limit")])
        self.assertEqual(sorted((line.unit_id.name, line.points) for line in limits),
                         [("城关镇", -18.5), ("河东镇", -8.0), ("组织科", 4.0)])
        # the year recomputed from its events gives the same
        ruleset.with_user(self.research).action_recompute()
        self.assertEqual(self.totals(date(2025, 4, 1), date(2025, 6, 30)), expected)


@tagged("post_install", "-at_install")
class TestCityAssessmentByCategory(RegulationScenario):
    """A city's assessment of its districts and counties (考核计分办法), units and their
    officers, ranked within their categories: the figures of DOMAIN.md's facts.

    - Adoptions, to the unit and its officers: the city's bulletin 20 (full item) or 5
      (brief), the province's 40, the central one 80, a website 0.5; forwarded by the
      city office and then adopted by the province ×2; research items ×2; a joint item's
      points split evenly among its units; each adoption counts.
    - To the unit: forwarded to the province +5; an instruction of a city leader +10, of
      a provincial leader +20.
    - Each month: 10 for the category's minimum (一类 3 items, 二类 2), at most 25 a
      year; each item short of it -1. Each quarter: an adoption rate below 30 % -1.
    - Notices rank each unit among those of its category.

    Q3 2025, four units, 39 events (27 items, one of them joint, 9 adoptions, a
    forwarding, 2 instructions):

    - 东区 (E, 一类): 40 (E1, research, city) + 5 (E2 forwarded) + 80 (E2 by the province
      after it: 40 × 2) + 10 (instruction) + 5 + 10 (half of the joint E5) + 10 + 10
      (July, August) - 1 (two items in September; 4 of 8 adopted) = 169. Its officer, the
      author of every item of it: 40 + 80 + 5 + 20 = 145.
    - 西区 (W, 一类): 0.5 + 10 (the other half of E5) + 80 (central) + 10 + 10 + 5 (the
      year's 25 reached in September; 3 of its 9 items adopted, 33.3 %) = 115.5. Its
      officer: 0.5 + 80 = 80.5.
    - 南县 (S, 二类): 20 + 20 (instruction of a provincial leader) + 5 + 10 + 10 + 5 = 70.
      Its officer: 25.
    - 北县 (N, 二类): -1 (one item in July) + 20 + 10 + 10 - 1 (1 of 5 adopted, 20 %) = 38.
      Its officer: 20.

    Months (July, August, September): E 135, 35, -1; W 10.5, 20, 85; S 30, 35, 5; N -1,
    30, 9. Ranks within the categories: E 1 and W 2 (一类), S 1 and N 2 (二类)."""

    CATEGORIES = {"first": ("一类", 3), "second": ("二类", 2)}
    UNITS = (("E", "东区", "county", "first"), ("W", "西区", "county", "first"),
             ("S", "南县", "county", "second"), ("N", "北县", "county", "second"))

    def test_the_quarter(self):
        both = {"applies_to": "both"}
        ruleset = self._ruleset("江州市2025年度组工信息考核计分办法", [
            {"kind": "adoption", "level": "city", "form": "full", "points": 20, **both},
            {"kind": "adoption", "level": "city", "form": "brief", "points": 5, **both},
            {"kind": "adoption", "level": "province", "points": 40, **both},
            {"kind": "adoption", "level": "central", "points": 80, **both},
            {"kind": "adoption", "level": "other", "points": 0.5, **both},
            {"kind": "path_multiplier", "level": "province", "factor": 2},
            {"kind": "type_multiplier", "item_type_id": self.research_type.id, "factor": 2},
            {"kind": "joint", "joint_mode": "split"},
            {"kind": "forward", "level": "province", "points": 5},
            {"kind": "instruction", "leader_level": "city", "points": 10},
            {"kind": "instruction", "leader_level": "province", "points": 20},
            {"kind": "period_base", "period_kind": "month", "points": 10, "yearly_cap": 25},
            {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata", "points": 1},
            {"kind": "adoption_rate", "period_kind": "quarter", "rate_threshold": 30, "points": 1},
        ])
        ruleset.rank_within = "category"
        research = {"type_id": self.research_type.id}

        e1 = self.submit("E", "2025-07-02", **research)
        e2 = self.submit("E", "2025-07-09")
        self.submit("E", "2025-07-16")
        e4 = self.submit("E", "2025-08-05")
        e5 = self.submit("E", "2025-08-12", joint="W")
        self.submit("E", "2025-08-19")
        self.submit("E", "2025-09-03")
        self.submit("E", "2025-09-10")
        self.forward(e2, self.province, date(2025, 7, 12))
        self.adopt(e1, self.city, date(2025, 7, 20))
        self.adopt(e2, self.province, date(2025, 7, 30))
        self.instruct(e1, date(2025, 8, 1), "city")
        self.adopt(e4, self.city, date(2025, 8, 20), "brief")
        self.adopt(e5, self.city, date(2025, 8, 25))

        w1 = self.submit("W", "2025-07-03")
        self.submit("W", "2025-07-10")
        self.submit("W", "2025-07-17")
        self.submit("W", "2025-08-06")
        self.submit("W", "2025-08-13")
        w6 = self.submit("W", "2025-09-04")
        self.submit("W", "2025-09-11")
        self.submit("W", "2025-09-18")
        self.adopt(w1, self.website, date(2025, 7, 25))
        self.adopt(w6, self.central, date(2025, 9, 25))

        s1 = self.submit("S", "2025-07-08")
        self.submit("S", "2025-07-22")
        s3 = self.submit("S", "2025-08-07")
        self.submit("S", "2025-08-21")
        self.submit("S", "2025-09-09")
        self.submit("S", "2025-09-23")
        self.adopt(s1, self.city, date(2025, 7, 28))
        self.instruct(s1, date(2025, 8, 15), "province")
        self.adopt(s3, self.city, date(2025, 8, 28), "brief")

        self.submit("N", "2025-07-15")
        n2 = self.submit("N", "2025-08-04")
        self.submit("N", "2025-08-18")
        self.submit("N", "2025-09-01")
        self.submit("N", "2025-09-15")
        self.adopt(n2, self.city, date(2025, 8, 30))

        for month in (7, 8, 9):
            self.close("month", date(2025, month, 1))
        quarter = self.close("quarter", date(2025, 7, 1))

        expected = {"E": 169, "W": 115.5, "S": 70, "N": 38}
        self.assertEqual(self.totals(date(2025, 7, 1), date(2025, 9, 30)), expected)
        self.assertEqual(self.totals(date(2025, 7, 1), date(2025, 9, 30), "person"),
                         {"E": 145, "W": 80.5, "S": 25, "N": 20})
        self.assertEqual(self.monthly(2025, (7, 8, 9)), {
            "E": [135, 35, -1], "W": [10.5, 20, 85], "S": [30, 35, 5], "N": [-1, 30, 9]})
        self.assertEqual(self.ranking(ruleset, quarter),
                         {"E": (169, 1), "W": (115.5, 2), "S": (70, 1), "N": (38, 2)})
        ruleset.with_user(self.research).action_recompute()
        self.assertEqual(self.totals(date(2025, 7, 1), date(2025, 9, 30)), expected)


@tagged("post_install", "-at_install")
class TestYearConvertedToAHundred(RegulationScenario):
    """A year's assessment converted to a hundred points: the scores of instructions of
    seeds/004 (批示推广: 金华市级每起加 0.5 分，省级 1 分，国家级 2 分) with its
    倒扣分 (deductions) and the research office's assessment, DOMAIN.md's commissions
    (missing two or more sets the year's score to zero) and upstream points:

    - Adoptions: the city's bulletin 2, a provincial one the points the province's own
      rules gave (上级计分, recorded with the adoption), the central one 10; an item
      counts once for each level, its best adoption of the level.
    - Instructions: a city leader's 0.5, a provincial leader's 1, a central leader's 2.
    - A commission answered on time 2; two missed in the year: the year's score is zero.
    - An error notice -1, a political one -3; the research office adds or takes away
      from 1 to 20 points, with its reason.
    - The year's totals on a scale of 100, the highest scoring 100.

    2025, three units, 40 events (13 items, 13 adoptions, 4 instructions, 2 commissions
    to the three, 2 error notices, 2 adjustments):

    - 甲 (P): 2 (p1, city; its second city adoption adds nothing) + 0.5 + 6 (p1 upstream)
      + 2 + 10 (p2, central) + 2 + 2 (p3) + 2 (the second commission) + 5 (adjustment)
      = 31.5 → 100.
    - 乙 (Q): 2 + 1 + 2 + 2 + 4.5 (q1 upstream) + 2 - 3 (political) - 1 + 0 (one
      commission missed) = 9.5 → 9.5 / 31.5 × 100 = 30.16.
    - 丙 (R): 2 + 8 (r2 upstream) + 2 (r2's better provincial adoption: 10 less 8) + 10
      + 2 - 3 (adjustment) = 21, void: both commissions missed → 0.

    Quarters: P 2.5, 22, 2, 73.5; Q 3, 4, 6.5, 16.66; R 2, 8, 14, -24.
    Ranks: P 1, Q 2, R 3."""

    UNITS = (("P", "甲镇", "township", None), ("Q", "乙镇", "township", None), ("R", "丙镇", "township", None))

    def test_the_year(self):
        ruleset = self._ruleset("2025年度组工信息工作考核办法", [
            {"kind": "adoption", "level": "city", "points": 2},
            {"kind": "adoption", "level": "province", "points_from": "upstream"},
            {"kind": "adoption", "level": "central", "points": 10},
            {"kind": "multi_adoption", "multi_mode": "once_per_level"},
            {"kind": "instruction", "leader_level": "city", "points": 0.5},
            {"kind": "instruction", "leader_level": "province", "points": 1},
            {"kind": "instruction", "leader_level": "central", "points": 2},
            {"kind": "commission", "commission_status": "on_time", "points": 2},
            {"kind": "commission_zero", "missed_count": 2},
            {"kind": "error_notice", "points": 1},
            {"kind": "error_notice", "error_kind": "political", "points": 3},
            {"kind": "adjustment", "points_min": 1, "points_max": 20},
            {"kind": "conversion", "period_kind": "year", "conversion_mode": "top", "points": 100},
        ])
        adjustment = ruleset.rule_ids.filtered(lambda rule: rule.kind == "adjustment")
        other_province = self.env["zugong.publication"].create(
            {"name": "省委组织部专报", "level": "province", "company_id": self.company.id})
        spring = self.commission("一季度约稿", date(2025, 4, 30), "PQR")
        autumn = self.commission("三季度约稿", date(2025, 9, 30), "PQR")

        def upstream(adoption, points):
            adoption.with_user(self.research).upstream_points = points

        p1 = self.submit("P", "2025-02-10")
        p2 = self.submit("P", "2025-03-03")
        self.submit("P", "2025-04-20", commission_id=spring.id)
        p3 = self.submit("P", "2025-06-02")
        self.submit("P", "2025-09-10", commission_id=autumn.id)
        self.submit("P", "2025-11-05")
        self.adopt(p1, self.city, date(2025, 2, 20))
        self.adopt(p1, self.city, date(2025, 3, 1), "brief")
        self.instruct(p1, date(2025, 3, 5), "city")
        upstream(self.adopt(p1, self.province, date(2025, 4, 5)), 6)
        self.adopt(p2, self.central, date(2025, 5, 10))
        self.instruct(p2, date(2025, 6, 1), "central")
        self.adopt(p3, self.city, date(2025, 6, 15))

        q1 = self.submit("Q", "2025-01-15")
        q2 = self.submit("Q", "2025-04-02")
        self.submit("Q", "2025-04-25", commission_id=spring.id)
        q3 = self.submit("Q", "2025-08-08")
        self.adopt(q1, self.city, date(2025, 1, 25))
        self.instruct(q1, date(2025, 2, 1), "province")
        self.adopt(q2, self.city, date(2025, 4, 12))
        upstream(self.adopt(q1, self.province, date(2025, 7, 1)), 4.5)
        self.adopt(q3, self.city, date(2025, 8, 18))
        self.env["zugong.error.notice"].with_user(self.research).create({
            "name": "差错通报〔2025〕7号", "date": date(2025, 10, 10), "unit_id": self.units["Q"].id,
            "error_kind": "political"})
        self.error_notice("Q", date(2025, 11, 3), 9)

        r1 = self.submit("R", "2025-03-09")
        r2 = self.submit("R", "2025-05-05")
        r3 = self.submit("R", "2025-07-07")
        self.adopt(r1, self.city, date(2025, 3, 19))
        upstream(self.adopt(r2, self.province, date(2025, 6, 1)), 8)
        upstream(self.adopt(r2, other_province, date(2025, 7, 1)), 10)
        self.adopt(r3, self.central, date(2025, 8, 1))
        self.instruct(r3, date(2025, 8, 20), "central")

        with freeze_time("2025-10-01 08:00:00"):
            self.env["zugong.commission"]._cron_commissions()  # 乙 missed one, 丙 both
        Adjustment = self.env["zugong.score.adjustment"].with_user(self.research)
        Adjustment.create({"company_id": self.company.id, "date": date(2025, 12, 20), "unit_id": self.units["P"].id,
                           "rule_id": adjustment.id, "points": 5, "reason": "领导重视，组织有力"})
        Adjustment.create({"company_id": self.company.id, "date": date(2025, 12, 20), "unit_id": self.units["R"].id,
                           "rule_id": adjustment.id, "points": -3, "reason": "信息质量不高"})
        year = self.close("year", date(2025, 1, 1))

        expected = {"P": 100, "Q": 30.16, "R": 0}
        self.assertEqual(self.totals(date(2025, 1, 1), date(2025, 12, 31)), expected)
        quarters = {code: [self.totals(date(2025, month, 1), date(2025, month + 2, 30 if month in (4, 7) else 31)
                                       ).get(code, 0) for month in (1, 4, 7, 10)] for code in self.units}
        self.assertEqual(quarters, {"P": [2.5, 22, 2, 73.5], "Q": [3, 4, 6.5, 16.66], "R": [2, 8, 14, -24]})
        self.assertEqual(self.ranking(ruleset, year), {"P": (100, 1), "Q": (30.16, 2), "R": (0, 3)})
        ruleset.with_user(self.research).action_recompute()
        self.assertEqual(self.totals(date(2025, 1, 1), date(2025, 12, 31)), expected)
