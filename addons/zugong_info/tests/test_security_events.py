"""Attacks on the recorded events: adoptions (one issue however it is spelt), bulletin
issues and their items, forwardings, leader instructions, commissions and concealed
events; their workflow fields and the range of their dates. As officers, unit heads and
the research office over JSON-RPC, and by SQL: each refused, with nothing changed."""
from datetime import date

from odoo.tests import tagged

from .common import AttackCase, ZugongCase

ALREADY_ADOPTED = "已在该期"
OUT_OF_RANGE = "2000-01-01"


@tagged("post_install", "-at_install")
class TestSecurityEvents(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Publication = cls.env["zugong.publication"]
        cls.own = Publication.create({"name": "City Bulletin", "level": "city", "is_own": True,
                                      "company_id": cls.company.id})
        cls.province = Publication.create({"name": "Province Bulletin", "level": "province"})
        cls.central = Publication.create({"name": "Central Bulletin", "level": "central"})
        (cls.district | cls.county | cls.section).signoff_required = False
        cls._ruleset([{"kind": "adoption", "level": "province", "points": 40},
                      {"kind": "adoption", "level": "central", "points": 100},
                      {"kind": "adoption", "level": "city", "points": 20}], year=2026)
        RoyaltyRule = cls.env["zugong.royalty.rule"]
        RoyaltyRule.search([("company_id", "=", cls.company.id)]).active = False
        RoyaltyRule.create([{"level": "province", "amount": 300}, {"level": "city", "amount": 100}])
        cls.item = cls._received(cls.district, cls.district_officer)
        cls.other_item = cls._received(cls.county, cls.county_officer)
        cls.adoption = cls.env["zugong.adoption"].with_user(cls.research_user).create({
            "item_id": cls.other_item.id, "publication_id": cls.province.id, "issue_number": "2026年第3期",
            "date": date(2026, 5, 6),
        })
        cls.forward = cls.env["zugong.item.forward"].with_user(cls.research_user).create({
            "item_id": cls.item.id, "publication_id": cls.central.id, "date": date(2026, 5, 2),
        })
        cls.instruction = cls.env["zugong.instruction"].with_user(cls.research_user).create({
            "item_id": cls.item.id, "leader_level": "city", "date": date(2026, 5, 3), "text": "请推广。",
        })
        cls.concealment = cls.env["zugong.urgent.concealment"].with_user(cls.research_user).create({
            "name": "Flooded road", "unit_id": cls.district.id, "event_time": "2026-05-04 08:00:00",
        })
        cls.commission = cls.env["zugong.commission"].with_user(cls.research_user).create({
            "name": "Grid governance", "deadline": date(2026, 6, 30),
            "target_unit_ids": [(6, 0, (cls.district | cls.county).ids)],
        })

    @classmethod
    def _received(cls, unit, author):
        item = cls._submitted_item(unit, author)
        item.with_user(cls.research_user).action_receive()
        return item

    def _read(self, records, names):
        self.env.invalidate_all()
        return [{name: record[name] for name in names} for record in records]

    def _adoption_figures(self, item):
        """(adoptions, their score lines, their royalties) of the item."""
        self.env.invalidate_all()
        adoptions = self.env["zugong.adoption"].search([("item_id", "=", item.id)])
        lines = self.env["zugong.score.line"].search_count([("source_model", "=", "zugong.adoption"),
                                                            ("source_id", "in", adoptions.ids)])
        royalties = self.env["zugong.ledger.entry"].search_count([("adoption_id", "in", adoptions.ids)])
        return len(adoptions), lines, royalties

    # ------------------------------------------------------------------ finding 13

    def test_one_issue_however_it_is_spelt(self):
        values = {"item_id": self.item.id, "publication_id": self.province.id, "date": "2026-05-10"}
        self.rpc(self.research_user, "zugong.adoption", "create", dict(values, issue_number="2026年第12期"))
        self.assertEqual(self._adoption_figures(self.item), (1, 1, 1))
        for spelling in ("2026年第12期 ", "2026年第１２期", " 2026年　第012期", "2026年12期"):
            with self.subTest(spelling=spelling):
                name, message = self.rpc_refusal(self.research_user, "zugong.adoption", "create",
                                                 dict(values, issue_number=spelling))
                self.assertEqual(name, "ValidationError")
                self.assertIn(ALREADY_ADOPTED, message)
        self.assertEqual(self._adoption_figures(self.item), (1, 1, 1), "one adoption, one score, one royalty")
        adoption = self.item.adoption_ids
        self.assertEqual(adoption.issue_number, "2026年第12期")
        # nor by renaming another adoption's issue into it
        second = self.env["zugong.adoption"].with_user(self.research_user).create(
            dict(values, issue_number="2026年第13期"))
        self.assertRpcRefused(self.research_user, "zugong.adoption", "write", second.ids,
                              {"issue_number": "2026年第１２期"})
        self.assertEqual(second.issue_number, "2026年第13期")
        # nor by SQL
        with self.assertDatabaseRefuses("zugong_adoption_item_issue_uniq", ALREADY_ADOPTED):
            self.env.cr.execute(
                "INSERT INTO zugong_adoption (item_id, publication_id, issue_number, form, date, recorded_by_id,"
                " company_id) VALUES (%s, %s, '2026年第１２期 ', 'full', '2026-05-10', %s, %s)",
                [self.item.id, self.province.id, self.research_user.id, self.company.id])
        with self.assertDatabaseRefuses("zugong_adoption_issue_given", "期"):
            self.env.cr.execute("UPDATE zugong_adoption SET issue_number = '  ' WHERE id = %s", [second.id])

    def test_what_was_typed_is_kept_tidied(self):
        adoption_id = self.rpc(self.research_user, "zugong.adoption", "create", {
            "item_id": self.item.id, "publication_id": self.central.id, "issue_number": "  〔2026〕　第１２期 ",
        })
        self.assertEqual(self.env["zugong.adoption"].browse(adoption_id).issue_number, "〔2026〕 第12期")

    # ------------------------------------------------------------------ finding 17

    def test_dates_of_events_lie_in_a_sane_range(self):
        periods = self.env["zugong.period"].search_count([])
        attacks = [
            ("zugong.adoption", {"item_id": self.item.id, "publication_id": self.province.id, "issue_number": "1"},
             "date"),
            ("zugong.item.forward", {"item_id": self.item.id, "publication_id": self.province.id}, "date"),
            ("zugong.instruction", {"item_id": self.item.id, "text": "批示"}, "date"),
            ("zugong.urgent.concealment", {"name": "Event", "unit_id": self.district.id}, "event_time"),
            ("zugong.commission", {"name": "Topic"}, "deadline"),
            ("zugong.bulletin", {"publication_id": self.own.id, "year": 2026}, "date"),
        ]
        for model, values, field in attacks:
            count = self.env[model].search_count([])
            for value in ("9999-12-31", "0001-01-01", "1999-12-31"):
                value = f"{value} 08:00:00" if field == "event_time" else value
                with self.subTest(model=model, value=value):
                    name, message = self.rpc_refusal(self.research_user, model, "create", {**values, field: value})
                    self.assertEqual(name, "ValidationError")
                    self.assertIn("超出范围", message)
                    self.assertIn(OUT_OF_RANGE, message)
            name, message = self.rpc_refusal(self.research_user, model, "create", {**values, field: "2026-13-45"})
            self.assertEqual(name, "ValidationError", message)
            self.assertIn("不是有效日期", message)
            self.assertEqual(self.env[model].search_count([]), count)
        for record, field in ((self.adoption, "date"), (self.forward, "date"), (self.instruction, "date"),
                              (self.concealment, "event_time"), (self.commission, "deadline")):
            before = record[field]
            with self.subTest(model=record._name):
                name, _message = self.rpc_refusal(self.research_user, record._name, "write", record.ids,
                                                  {field: "9999-12-31"})
                self.assertEqual(name, "ValidationError")
            self.assertEqual(record[field], before)
        self.assertRpcRefused(self.district_officer, "zugong.instruction", "write", self.instruction.ids,
                              {"feedback_date": "9999-12-31", "feedback_text": "已落实"})
        self.assertEqual(self.env["zugong.period"].search_count([]), periods, "no period of year 9999")
        # the database keeps the range too
        for table, column in (("zugong_adoption", "date"), ("zugong_item_forward", "date"),
                              ("zugong_instruction", "date"), ("zugong_urgent_concealment", "event_time"),
                              ("zugong_commission", "deadline")):
            with self.subTest(table=table), self.assertDatabaseRefuses(f"{table}_{column}_in_range", OUT_OF_RANGE):
                self.env.cr.execute(f"UPDATE {table} SET {column} = '9999-12-31' WHERE company_id = %s",
                                    [self.company.id])
