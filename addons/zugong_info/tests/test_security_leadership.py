"""Attacks as the leadership (部领导), who read the whole company's notices, items and
figures and enter instructions (批示) on items, and change nothing else: each change tried
over JSON-RPC is refused, with the database unchanged afterwards."""
from datetime import date

from odoo.tests import tagged

from .common import AttackCase, NoticeCase


@tagged("post_install", "-at_install")
class TestSecurityLeadership(AttackCase, NoticeCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._user("t_leader", "zugong_info.group_leadership")
        cls._register(cls.district, cls.district_officer)
        cls._register(cls.county, cls.county_officer)
        cls.item = cls._submitted_item()
        cls.county_item = cls._submitted_item(unit=cls.county, author=cls.county_officer)
        cls.draft_item = cls._item()
        cls.publication = cls.env["zugong.publication"].create({"name": "City Daily", "level": "city"})
        cls.instruction = cls.env["zugong.instruction"].with_user(cls.leader).create({
            "item_id": cls.item.id, "leader_level": "city", "date": date.today(), "text": "Sum it up.",
        })
        cls.stub.reset(cls.answer)
        cls.notice = cls.env["zugong.notice"].with_user(cls.research_user)._generate({
            "period_kind": "month", "period_start": date(2026, 10, 1), "scope_unit_id": cls.city.id,
            "subject": "units",
        })
        foreign_author = cls._outsider("t_foreign_author")
        cls.foreign_item = cls.env["zugong.item"].with_company(cls.other_company).create({
            "name": "Foreign item", "body": "<p>Foreign</p>", "author_ids": [foreign_author.id],
            "company_id": cls.other_company.id,
            "unit_line_ids": [(0, 0, {"unit_id": cls.foreign_unit.id})],
        })

    def _rows(self, table, ids):
        self.env.invalidate_all()
        self.env.cr.execute(f"SELECT * FROM {table} WHERE id = ANY(%s) ORDER BY id", [list(ids)])  # noqa: S608
        return self.env.cr.dictfetchall()

    def _counts(self):
        counts = {}
        for table in ("zugong_item", "zugong_instruction", "zugong_adoption", "zugong_notice",
                      "zugong_score_line", "zugong_ledger_entry", "zugong_item_review", "mail_message"):
            self.env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[table] = self.env.cr.fetchone()[0]
        return counts

    def test_the_leadership_reads_the_whole_company(self):
        items = self.rpc(self.leader, "zugong.item", "search_read", [], ["name", "unit_id"])
        ids = {item["id"] for item in items}
        self.assertTrue({self.item.id, self.county_item.id} <= ids, "every unit's items, not one unit's")
        self.assertNotIn(self.draft_item.id, ids, "a draft is still the unit's")
        self.assertNotIn(self.foreign_item.id, ids, "not another company's")
        notices = self.rpc(self.leader, "zugong.notice", "search_read", [], ["name"])
        self.assertEqual([notice["id"] for notice in notices], self.notice.ids)
        self.assertTrue(self.rpc(self.leader, "zugong.notice.line", "search_count", [("notice_id", "=", self.notice.id)]))
        self.rpc(self.leader, "zugong.quota.progress", "search_read", [], ["unit_id"])
        self.rpc(self.leader, "zugong.month.total", "read_group", [], ["items:sum"], ["unit_id"])
        self.assertEqual(self.instruction.create_uid, self.leader)
        self.assertIn(self.district_officer, self.instruction.activity_ids.user_id,
                      "the unit is asked for its feedback whoever entered the instruction")

    def test_the_leadership_enters_an_instruction_and_nothing_more(self):
        action = self.rpc(self.leader, "zugong.item", "action_open_instruction_form", [self.item.id])
        self.assertEqual(action["context"], {"default_item_id": self.item.id, "default_leader_name": self.leader.name})
        new_id = self.rpc(self.leader, "zugong.instruction", "create", {
            "item_id": self.county_item.id, "leader_level": "city", "leader_name": self.leader.name,
            "text": "Spread the practice.",
        })
        self.assertRecordValues(self.env["zugong.instruction"].browse(new_id), [{
            "item_id": self.county_item.id, "unit_id": self.county.id, "state": "awaiting",
            "create_uid": self.leader.id, "feedback_text": False,
        }])

    def test_instructions_are_entered_not_reported_on_nor_changed(self):
        before = self._rows("zugong_instruction", self.instruction.ids)
        counts = self._counts()
        for method, args in [
            ("write", ([self.instruction.id], {"text": "Something else."})),
            ("write", ([self.instruction.id], {"feedback_date": str(date.today()), "feedback_text": "Done."})),
            ("write", ([self.instruction.id], {"leader_level": "central", "is_main_leader": True})),
            ("unlink", ([self.instruction.id],)),
            ("create", ({"item_id": self.item.id, "text": "Done already.", "feedback_text": "Done.",
                         "feedback_date": str(date.today())},)),
            ("create", ({"item_id": self.draft_item.id, "text": "On a draft."},)),
            ("create", ({"item_id": self.foreign_item.id, "text": "On another company's item."},)),
        ]:
            with self.subTest(method=method, args=args):
                self.assertRpcRefused(self.leader, "zugong.instruction", method, *args)
        self.assertEqual(self._rows("zugong_instruction", self.instruction.ids), before)
        self.assertEqual(self._counts(), counts)

    def test_items_change_only_through_their_own_people(self):
        items = self.item | self.county_item | self.draft_item
        before = self._rows("zugong_item", items.ids)
        counts = self._counts()
        attacks = [
            ("zugong.item", "write", [self.item.id], {"name": "Rewritten by a leader"}),
            ("zugong.item", "unlink", [self.item.id]),
            ("zugong.item", "create", {"name": "A leader's item", "body": "<p>x</p>",
                                       "unit_line_ids": [(0, 0, {"unit_id": self.district.id})]}),
            ("zugong.item", "action_receive", [self.item.id]),
            ("zugong.item", "action_reject", [self.county_item.id]),
            ("zugong.item", "action_submit", [self.draft_item.id]),
            ("zugong.item", "read", [self.draft_item.id], ["name"]),
            ("zugong.item", "message_post", [self.item.id], {"body": "A comment from a leader"}),
            ("zugong.item.review", "create", {"item_id": self.item.id, "comment": "Good."}),
            ("zugong.adoption", "create", {"item_id": self.item.id, "publication_id": self.publication.id,
                                           "date": str(date.today()), "issue_number": "1", "form": "full"}),
            ("zugong.score.line", "create", {"date": str(date.today()), "points": 100,
                                             "subject": "unit", "unit_id": self.district.id}),
            ("zugong.ledger.entry", "search_read", [], ["amount"]),
            ("zugong.payment.batch", "search_read", [], ["name"]),
        ]
        for model, method, *args in attacks:
            kwargs = args.pop() if method == "message_post" else {}
            with self.subTest(model=model, method=method):
                self.assertRpcRefused(self.leader, model, method, *args, **kwargs)
        self.assertEqual(self._rows("zugong_item", items.ids), before)
        self.assertEqual(self._counts(), counts)

    def test_notices_and_settings_are_the_offices(self):
        before = self._rows("zugong_notice", self.notice.ids)
        lines = self._rows("zugong_notice_line", self.notice.line_ids.ids)
        company = self._rows("res_company", self.company.ids)
        counts = self._counts()
        for model, method, *args in [
            ("zugong.notice", "write", [self.notice.id], {"name": "Rewritten"}),
            ("zugong.notice", "action_publish", [self.notice.id]),
            ("zugong.notice", "unlink", [self.notice.id]),
            ("zugong.notice.line", "write", self.notice.line_ids[:1].ids, {"rank": 99}),
            ("zugong.unit", "write", [self.district.id], {"name": "Renamed"}),
            ("zugong.quota", "create", {"unit_id": self.district.id, "year": 2026}),
            ("res.company", "write", [self.company.id], {"zugong_urgent_deadline_hours": 1}),
            ("res.config.settings", "create", {"zugong_urgent_deadline_hours": 1}),
        ]:
            with self.subTest(model=model, method=method):
                self.assertRpcRefused(self.leader, model, method, *args)
        self.assertEqual(self._rows("zugong_notice", self.notice.ids), before)
        self.assertEqual(self._rows("zugong_notice_line", self.notice.line_ids.ids), lines)
        self.assertEqual(self._rows("res_company", self.company.ids), company)
        self.assertEqual(self._counts(), counts)
