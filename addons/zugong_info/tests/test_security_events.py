"""Attacks on the recorded events: adoptions (one issue however it is spelt), bulletin
issues and their items, forwardings, leader instructions, commissions, concealed events
and error notices; their workflow fields and the range of their dates. As officers, unit heads and
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
        ErrorNotice = cls.env["zugong.error.notice"].with_user(cls.research_user)
        cls.error_notice = ErrorNotice.create({
            "name": "差错通报〔2026〕5号", "item_id": cls.item.id, "date": date(2026, 5, 5), "error_kind": "figures",
        })
        cls.county_error_notice = ErrorNotice.create({
            "name": "差错通报〔2026〕6号", "unit_id": cls.county.id, "date": date(2026, 5, 6), "error_kind": "political",
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
            ("zugong.error.notice", {"name": "差错通报", "unit_id": self.district.id}, "date"),
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
                              (self.concealment, "event_time"), (self.commission, "deadline"),
                              (self.error_notice, "date")):
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
                              ("zugong_commission", "deadline"), ("zugong_error_notice", "date")):
            with self.subTest(table=table), self.assertDatabaseRefuses(f"{table}_{column}_in_range", OUT_OF_RANGE):
                self.env.cr.execute(f"UPDATE {table} SET {column} = '9999-12-31' WHERE company_id = %s",
                                    [self.company.id])

    # ------------------------------------------------------------------ adoptions

    def test_workflow_fields_of_an_adoption(self):
        fields = ["recorded_by_id", "level", "company_id", "bulletin_id", "item_id", "forward_id"]
        before = self._read(self.adoption, fields) + [self._adoption_figures(self.other_item)]
        bulletin = self.env["zugong.bulletin"].create({"publication_id": self.own.id, "year": 2026,
                                                       "date": date(2026, 5, 1)})
        for values in ({"recorded_by_id": self.district_officer.id}, {"level": "central"},
                       {"company_id": self.other_company.id}, {"bulletin_id": bulletin.id},
                       {"item_id": self.item.id}, {"forward_id": self.forward.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.adoption", "write", self.adoption.ids, values)
        for values in ({"recorded_by_id": self.district_officer.id}, {"bulletin_id": bulletin.id},
                       {"forward_id": self.forward.id}):
            with self.subTest(create=values):
                self.assertRpcRefused(self.research_user, "zugong.adoption", "create", {
                    "item_id": self.other_item.id, "publication_id": self.province.id, "issue_number": "4",
                    **values})
        self.assertEqual(self._read(self.adoption, fields) + [self._adoption_figures(self.other_item)], before)

    def test_officers_and_heads_record_no_events(self):
        counts = {model: self.env[model].search_count([]) for model in (
            "zugong.adoption", "zugong.item.forward", "zugong.bulletin", "zugong.instruction",
            "zugong.commission", "zugong.urgent.concealment", "zugong.error.notice")}
        before = self._adoption_figures(self.item)
        for user in (self.district_officer, self.point_officer, self.district_head):
            attacks = [
                ("zugong.adoption", "create", {"item_id": self.item.id, "publication_id": self.central.id,
                                               "issue_number": "99"}),
                ("zugong.adoption", "write", self.adoption.ids, {"publication_id": self.central.id}),
                ("zugong.adoption", "unlink", self.adoption.ids),
                ("zugong.item.forward", "create", {"item_id": self.item.id, "publication_id": self.province.id}),
                ("zugong.item.forward", "unlink", self.forward.ids),
                ("zugong.bulletin", "create", {"publication_id": self.own.id, "year": 2026}),
                ("zugong.instruction", "create", {"item_id": self.item.id, "text": "自己的批示",
                                                  "leader_level": "central", "is_main_leader": True}),
                ("zugong.instruction", "write", self.instruction.ids, {"leader_level": "central"}),
                ("zugong.instruction", "unlink", self.instruction.ids),
                ("zugong.commission", "create", {"name": "Topic", "deadline": "2026-07-01"}),
                ("zugong.commission", "action_open", self.commission.ids),
                ("zugong.urgent.concealment", "unlink", self.concealment.ids),
                ("zugong.urgent.concealment", "write", self.concealment.ids, {"unit_id": self.county.id}),
                ("zugong.error.notice", "create", {"name": "差错通报", "unit_id": self.county.id}),
                ("zugong.error.notice", "write", self.error_notice.ids, {"error_kind": "other"}),
                ("zugong.error.notice", "unlink", self.error_notice.ids),
            ]
            for model, method, *args in attacks:
                with self.subTest(user=user.login, model=model, method=method):
                    self.assertRpcRefused(user, model, method, *args)
        self.assertEqual({model: self.env[model].search_count([]) for model in counts}, counts)
        self.assertEqual(self._adoption_figures(self.item), before)
        self.assertEqual((self.instruction.leader_level, self.commission.state, self.concealment.unit_id),
                         ("city", "draft", self.district))
        self.assertEqual(self.error_notice.error_kind, "figures")

    # ------------------------------------------------------------------ bulletin issues

    def test_a_published_issue_is_frozen_with_its_items_and_adoptions(self):
        bulletin = self.env["zugong.bulletin"].with_user(self.research_user).with_context(
            default_publication_id=self.own.id).create({
                "publication_id": self.own.id, "year": 2026, "date": date(2026, 5, 20),
                "line_ids": [(0, 0, {"item_id": self.item.id, "form": "brief"})]})
        self.rpc(self.research_user, "zugong.bulletin", "action_publish", bulletin.ids)
        adoption = bulletin.adoption_ids
        self.assertEqual(len(adoption), 1)
        line = bulletin.line_ids
        fields = ["state", "date", "number", "published_on"]
        before = self._read(bulletin, fields) + self._read(line, ["item_id", "form"]) \
            + self._read(adoption, ["form", "date", "item_id"]) + [self._adoption_figures(self.item)]
        attacks = [
            ("zugong.bulletin", "write", bulletin.ids, {"state": "draft"}),
            ("zugong.bulletin", "write", bulletin.ids, {"published_on": False}),
            ("zugong.bulletin", "write", bulletin.ids, {"date": "2026-05-21"}),
            ("zugong.bulletin", "write", bulletin.ids, {"number": 77}),
            ("zugong.bulletin", "write", bulletin.ids, {"line_ids": [(2, line.id)]}),
            ("zugong.bulletin", "unlink", bulletin.ids),
            ("zugong.bulletin.line", "write", line.ids, {"form": "full"}),
            ("zugong.bulletin.line", "unlink", line.ids),
            ("zugong.bulletin.line", "create", {"bulletin_id": bulletin.id, "item_id": self.other_item.id}),
            ("zugong.adoption", "write", adoption.ids, {"form": "full"}),
            ("zugong.adoption", "write", adoption.ids, {"date": "2026-05-21"}),
            ("zugong.adoption", "unlink", adoption.ids),
        ]
        for model, method, *args in attacks:
            with self.subTest(model=model, method=method, args=args):
                self.assertRpcRefused(self.research_user, model, method, *args)
        frozen = "已发布的期次已锁定"
        for query in ("UPDATE zugong_bulletin SET date = '2026-05-21' WHERE id = %s",
                      "UPDATE zugong_bulletin SET state = 'draft', published_on = NULL WHERE id = %s",
                      "DELETE FROM zugong_bulletin WHERE id = %s",
                      "UPDATE zugong_bulletin_line SET form = 'full' WHERE bulletin_id = %s",
                      "DELETE FROM zugong_bulletin_line WHERE bulletin_id = %s"):
            with self.subTest(query=query), self.assertDatabaseRefuses("zugong_bulletin_published_frozen", frozen):
                self.env.cr.execute(query, [bulletin.id])
        with self.assertDatabaseRefuses("zugong_bulletin_published_frozen", frozen):
            self.env.cr.execute("INSERT INTO zugong_bulletin_line (bulletin_id, item_id, form, sequence, company_id)"
                                " VALUES (%s, %s, 'full', 2, %s)", [bulletin.id, self.other_item.id, self.company.id])
        after = self._read(bulletin, fields) + self._read(line, ["item_id", "form"]) \
            + self._read(adoption, ["form", "date", "item_id"]) + [self._adoption_figures(self.item)]
        self.assertEqual(after, before)
        # the withdrawal is the way back: it removes the adoptions, then the issue is a draft
        self.rpc(self.research_user, "zugong.bulletin", "action_reset_to_draft", bulletin.ids)
        self.assertEqual(bulletin.state, "draft")
        self.assertFalse(adoption.exists())
        self.rpc(self.research_user, "zugong.bulletin.line", "write", line.ids, {"form": "full"})
        self.assertEqual(line.form, "full")

    def test_an_issue_is_published_by_its_action_only(self):
        bulletin = self.env["zugong.bulletin"].with_user(self.research_user).with_context(
            default_publication_id=self.own.id).create({
                "publication_id": self.own.id, "year": 2026, "date": date(2026, 5, 20),
                "line_ids": [(0, 0, {"item_id": self.item.id})]})
        self.assertRpcRefused(self.research_user, "zugong.bulletin", "write", bulletin.ids,
                              {"state": "published", "published_on": "2026-05-20 08:00:00"}, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.bulletin", "create", {
            "publication_id": self.own.id, "year": 2026, "state": "published"}, error="AccessError")
        self.assertRpcRefused(self.district_head, "zugong.bulletin", "action_publish", bulletin.ids)
        self.assertEqual(bulletin.state, "draft")
        self.assertFalse(bulletin.adoption_ids)

    # ------------------------------------------------------------------ instructions

    def test_units_only_report_how_an_instruction_was_carried_out(self):
        fields = ["state", "feedback_by_id", "leader_level", "date", "feedback_deadline", "feedback_text"]
        before = self._read(self.instruction, fields)
        for values in ({"state": "done"}, {"feedback_by_id": self.district_officer.id},
                       {"feedback_text": "已落实", "feedback_by_id": self.district_head.id},
                       {"feedback_deadline": "2030-01-01"}, {"date": "2026-05-01"},
                       {"unit_id": self.county.id}, {"company_id": self.other_company.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.district_officer, "zugong.instruction", "write", self.instruction.ids,
                                      values)
        for values in ({"state": "done"}, {"feedback_by_id": self.district_officer.id},
                       {"company_id": self.other_company.id}, {"unit_id": self.county.id}):
            with self.subTest(research=values):
                self.assertRpcRefused(self.research_user, "zugong.instruction", "write", self.instruction.ids,
                                      values)
        # another unit's officer cannot answer it
        self.assertRpcRefused(self.county_officer, "zugong.instruction", "write", self.instruction.ids,
                              {"feedback_date": "2026-05-05", "feedback_text": "已落实"})
        self.assertEqual(self._read(self.instruction, fields), before)
        # the unit's officer answers, and is recorded as the one who did
        self.rpc(self.district_officer, "zugong.instruction", "write", self.instruction.ids,
                 {"feedback_date": "2026-05-05", "feedback_text": "已落实"})
        self.assertRecordValues(self.instruction, [{"state": "done", "feedback_by_id": self.district_officer.id}])

    # ------------------------------------------------------------------ forwardings, commissions, concealments

    def test_who_forwarded_and_recorded_is_the_workflow_s(self):
        for model, record, values in (
            ("zugong.item.forward", self.forward, {"user_id": self.district_officer.id}),
            ("zugong.item.forward", self.forward, {"level": "province"}),
            ("zugong.item.forward", self.forward, {"company_id": self.other_company.id}),
            ("zugong.urgent.concealment", self.concealment, {"recorded_by_id": self.district_officer.id}),
            ("zugong.error.notice", self.error_notice, {"recorded_by_id": self.district_officer.id}),
        ):
            with self.subTest(model=model, values=values):
                self.assertRpcRefused(self.research_user, model, "write", record.ids, values, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.item.forward", "create", {
            "item_id": self.other_item.id, "publication_id": self.central.id, "user_id": self.district_head.id,
        }, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.error.notice", "create", {
            "name": "差错通报", "unit_id": self.county.id, "recorded_by_id": self.district_head.id,
        }, error="AccessError")
        self.assertEqual((self.forward.user_id, self.forward.level, self.concealment.recorded_by_id),
                         (self.research_user, "central", self.research_user))
        self.assertEqual(self.error_notice.recorded_by_id, self.research_user)

    def test_a_commission_moves_by_its_actions_and_its_fulfilment_is_computed(self):
        target = self.commission.target_ids.filtered(lambda t: t.unit_id == self.district)
        before = self._read(self.commission, ["state"]) + self._read(
            self.commission.target_ids, ["unit_id", "status", "item_id", "fulfilled_date"])
        self.assertRpcRefused(self.research_user, "zugong.commission", "write", self.commission.ids,
                              {"state": "closed"}, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.commission", "write", self.commission.ids,
                              {"target_ids": [(2, target.id)]}, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.commission.target", "write", target.ids,
                              {"status": "on_time", "item_id": self.item.id, "fulfilled_date": "2026-06-01"})
        self.assertRpcRefused(self.research_user, "zugong.commission.target", "create", {
            "commission_id": self.commission.id, "unit_id": self.section.id})
        self.assertRpcRefused(self.research_user, "zugong.commission.target", "unlink", target.ids)
        self.assertEqual(self._read(self.commission, ["state"]) + self._read(
            self.commission.target_ids, ["unit_id", "status", "item_id", "fulfilled_date"]), before)
        # the actions and the target units still do their work
        self.rpc(self.research_user, "zugong.commission", "write", self.commission.ids,
                 {"target_unit_ids": [(4, self.section.id)]})
        self.rpc(self.research_user, "zugong.commission", "action_open", self.commission.ids)
        self.assertEqual(self.commission.state, "open")
        self.assertEqual(self.commission.target_ids.unit_id, self.district | self.county | self.section)

    # ------------------------------------------------------------------ error notices

    def _error_notices(self):
        """Every error notice row, as the database holds it, and the score lines of them."""
        self.env.invalidate_all()
        self.env.cr.execute("SELECT * FROM zugong_error_notice ORDER BY id")
        rows = self.env.cr.dictfetchall()
        self.env.cr.execute("SELECT source_id, subject, unit_id, person_id, points FROM zugong_score_line"
                            " WHERE source_model = 'zugong.error.notice' ORDER BY id")
        return rows, self.env.cr.fetchall()

    def test_error_notices_are_recorded_by_the_research_office_only(self):
        before = self._error_notices()
        notice = self.error_notice
        for user in (self.district_officer, self.point_officer, self.district_head):
            attacks = [
                ("create", {"name": "差错通报〔2026〕7号", "unit_id": self.county.id, "date": "2026-05-07"}),
                ("create", {"name": "差错通报〔2026〕7号", "unit_id": self.district.id,
                            "recorded_by_id": user.id}),
                ("write", notice.ids, {"error_kind": "other"}),
                ("write", notice.ids, {"unit_id": self.county.id, "item_id": False}),
                ("write", notice.ids, {"recorded_by_id": user.id}),
                ("write", notice.ids, {"description": "无误"}),
                ("unlink", notice.ids),
                ("unlink", self.county_error_notice.ids),
            ]
            for method, *args in attacks:
                with self.subTest(user=user.login, method=method, args=args):
                    self.assertRpcRefused(user, "zugong.error.notice", method, *args, error="AccessError")
        self.assertEqual(self._error_notices(), before)

    def test_error_notices_are_read_by_their_units_only(self):
        def visible(user):
            return {row["id"] for row in self.rpc(user, "zugong.error.notice", "search_read", [], ["name"])}
        self.assertEqual(visible(self.district_officer), set(self.error_notice.ids))
        self.assertEqual(visible(self.county_officer), set(self.county_error_notice.ids))
        self.assertEqual(visible(self.district_head), set(self.error_notice.ids), "the subtree, not the county")
        self.assertEqual(visible(self.research_user), {self.error_notice.id, self.county_error_notice.id})
        for user, other in ((self.district_officer, self.county_error_notice),
                            (self.county_officer, self.error_notice),
                            (self.district_head, self.county_error_notice)):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.error.notice", "read", other.ids, ["name", "unit_id"],
                                      error="AccessError")
        leader = self._user("t_events_leader", "zugong_info.group_leadership")
        self.assertEqual(visible(leader), {self.error_notice.id, self.county_error_notice.id})
        before = self._error_notices()
        self.assertRpcRefused(leader, "zugong.error.notice", "write", self.error_notice.ids, {"error_kind": "other"},
                              error="AccessError")
        self.assertRpcRefused(leader, "zugong.error.notice", "create",
                              {"name": "差错通报", "unit_id": self.county.id}, error="AccessError")
        self.assertEqual(self._error_notices(), before)
        # nor another company's notices, nor one filed there
        foreign = self.env["zugong.error.notice"].with_company(self.other_company).create({
            "name": "Foreign notice", "unit_id": self.foreign_unit.id, "company_id": self.other_company.id,
            "date": date(2026, 5, 6),
        })
        self.assertNotIn(foreign.id, visible(self.research_user))
        before = self._error_notices()
        self.assertRpcRefused(self.research_user, "zugong.error.notice", "create", {
            "name": "差错通报", "unit_id": self.foreign_unit.id, "company_id": self.other_company.id})
        self.assertRpcRefused(self.research_user, "zugong.error.notice", "write", self.county_error_notice.ids,
                              {"unit_id": self.foreign_unit.id})
        self.assertRpcRefused(self.research_user, "zugong.error.notice", "unlink", foreign.ids)
        self.assertEqual(self._error_notices(), before)

    def test_an_error_notice_is_against_one_of_the_item_s_units(self):
        before = self._error_notices()
        name, message = self.rpc_refusal(self.research_user, "zugong.error.notice", "create", {
            "name": "差错通报〔2026〕8号", "item_id": self.item.id, "unit_id": self.county.id})
        self.assertEqual(name, "ValidationError")
        self.assertIn("不是稿件", message)
        self.assertIn(self.item.reference, message)
        name, message = self.rpc_refusal(self.research_user, "zugong.error.notice", "write", self.error_notice.ids,
                                         {"unit_id": self.county.id})
        self.assertEqual(name, "ValidationError")
        self.assertEqual(self._error_notices(), before)
        # the item's unit by default
        new_id = self.rpc(self.research_user, "zugong.error.notice", "create", {
            "name": "差错通报〔2026〕8号", "item_id": self.other_item.id, "error_kind": "wording"})
        self.assertRecordValues(self.env["zugong.error.notice"].browse(new_id), [{
            "unit_id": self.county.id, "recorded_by_id": self.research_user.id, "company_id": self.company.id}])


@tagged("post_install", "-at_install")
class TestSecurityScoreAdjustments(AttackCase, ZugongCase):
    """The research office's adjustments of scores: no one else records, changes or
    removes one, officers read only their units', and who recorded one is the
    workflow's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._ruleset([{"kind": "adjustment", "points_max": 20}], year=2026).rule_ids
        cls.adjustment = cls.env["zugong.score.adjustment"].with_user(cls.research_user).create({
            "unit_id": cls.district.id, "rule_id": cls.rule.id, "points": 10, "date": date(2026, 5, 10),
            "reason": "领导重视",
        })

    def _state(self):
        self.env.invalidate_all()
        lines = self.env["zugong.score.line"].search([("kind", "=", "adjustment")])
        return (self.env["zugong.score.adjustment"].search_count([]), self.adjustment.points,
                self.adjustment.unit_id, self.adjustment.recorded_by_id, sorted(lines.mapped("points")))

    def test_officers_and_heads_adjust_no_score(self):
        before = self._state()
        self.assertEqual(before[-1], [10])
        for user in (self.district_officer, self.point_officer, self.district_head):
            for method, *args in (
                ("create", {"unit_id": self.district.id, "rule_id": self.rule.id, "points": 20,
                            "date": "2026-05-11", "reason": "自评"}),
                ("write", self.adjustment.ids, {"points": 20}),
                ("write", self.adjustment.ids, {"unit_id": self.county.id}),
                ("unlink", self.adjustment.ids),
            ):
                with self.subTest(user=user.login, method=method):
                    self.assertRpcRefused(user, "zugong.score.adjustment", method, *args)
        self.assertEqual(self._state(), before)

    def test_officers_read_only_their_units_adjustments(self):
        fields_read = ["unit_id", "points", "reason"]
        self.assertEqual(len(self.rpc(self.district_officer, "zugong.score.adjustment", "search_read", [],
                                      fields_read)), 1)
        self.assertEqual(self.rpc(self.county_officer, "zugong.score.adjustment", "search_read", [],
                                  fields_read), [])
        self.assertRpcRefused(self.county_officer, "zugong.score.adjustment", "read", self.adjustment.ids,
                              fields_read, error="AccessError")

    def test_who_recorded_is_the_workflow_s(self):
        before = self._state()
        self.assertRpcRefused(self.research_user, "zugong.score.adjustment", "write", self.adjustment.ids,
                              {"recorded_by_id": self.district_officer.id}, error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.score.adjustment", "create", {
            "unit_id": self.county.id, "rule_id": self.rule.id, "points": 5, "date": "2026-05-12",
            "reason": "组织有力", "recorded_by_id": self.district_officer.id,
        }, error="AccessError")
        self.assertEqual(self._state(), before)
