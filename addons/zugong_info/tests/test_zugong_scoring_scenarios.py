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
