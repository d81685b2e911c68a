"""A rule set in use by a closed period is frozen: attacks as the research office over
JSON-RPC and by SQL."""
from datetime import date

import psycopg2

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestSecurityRules(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.locked = cls._ruleset([{"kind": "adoption", "level": "city", "points": 20}], year=2030)
        cls.env["zugong.period"]._ensure(cls.company, "month", date(2030, 1, 1)).with_user(
            cls.research_user).action_close()
        cls.draft = cls.env["zugong.ruleset"].create({
            "name": "Next year", "year": 2031, "rule_ids": [(0, 0, {"kind": "adoption", "points": 5})],
        })

    def _rules(self):
        self.env.invalidate_all()
        return (self.locked.state, self.locked.name, self.locked.rank_within,
                [(rule.ruleset_id.id, rule.points) for rule in (self.locked | self.draft).rule_ids])

    def test_a_locked_rule_set_stays_locked_and_unchanged(self):
        self.assertEqual(self.locked.state, "locked")
        before = self._rules()
        self.assertRpcRefused(self.research_user, "zugong.ruleset", "write", self.locked.ids, {"state": "draft"})
        self.assertRpcRefused(self.research_user, "zugong.ruleset", "write", self.draft.ids, {"state": "locked"})
        self.assertRpcRefused(self.research_user, "zugong.ruleset", "action_back_to_draft", self.locked.ids)
        # how the year's notices rank units is part of the rules
        self.assertRpcRefused(self.research_user, "zugong.ruleset", "write", self.locked.ids,
                              {"rank_within": "category"})
        self.assertRpcRefused(self.research_user, "zugong.rule", "write", self.locked.rule_ids.ids, {"points": 99})
        self.assertRpcRefused(self.research_user, "zugong.rule", "write", self.draft.rule_ids.ids,
                              {"ruleset_id": self.locked.id})
        self.assertRpcRefused(self.research_user, "zugong.rule", "unlink", self.locked.rule_ids.ids)
        self.assertEqual(self._rules(), before)

    def test_sql_cannot_change_a_locked_rule_set(self):
        before = self._rules()
        for query, params in (
            ("UPDATE zugong_ruleset SET state = 'draft' WHERE id = %s", [self.locked.id]),
            ("UPDATE zugong_ruleset SET rank_within = 'category' WHERE id = %s", [self.locked.id]),
            ("DELETE FROM zugong_ruleset WHERE id = %s", [self.locked.id]),
            ("UPDATE zugong_rule SET points = 99 WHERE ruleset_id = %s", [self.locked.id]),
            ("UPDATE zugong_rule SET ruleset_id = %s WHERE ruleset_id = %s", [self.locked.id, self.draft.id]),
            ("INSERT INTO zugong_rule (ruleset_id, kind, applies_to, points) VALUES (%s, 'adoption', 'unit', 1)",
             [self.locked.id]),
        ):
            with self.subTest(query=query), mute_logger("odoo.sql_db"):
                with self.assertRaises(psycopg2.errors.CheckViolation) as refusal, self.env.cr.savepoint():
                    self.env.cr.execute(query, params)
                self.assertEqual(refusal.exception.diag.constraint_name, "zugong_ruleset_locked_frozen")
        self.assertEqual(self._rules(), before)

    def test_outcomes_are_the_scoring_s_only(self):
        """No one writes an outcome of a period by hand, the research office included."""
        period = self.env["zugong.period"]._ensure(self.company, "year", date(2030, 1, 1))
        outcome_rule = self.env["zugong.rule"].create({
            "ruleset_id": self.draft.id, "kind": "outcome", "period_kind": "year", "outcome": "veto",
            "outcome_when": "urgent_missed", "event_count": 1})
        values = {"company_id": self.company.id, "period_id": period.id, "subject": "unit",
                  "unit_id": self.district.id, "outcome": "veto", "rule_id": outcome_rule.id,
                  "ruleset_id": self.draft.id, "explanation": "一票否决"}
        for user in (self.district_officer, self.research_user):
            self.assertEqual(self.assertRpcRefused(user, "zugong.score.outcome", "create", values), "AccessError")
        outcome = self.env["zugong.score.outcome"].create(values)
        for user in (self.district_officer, self.research_user):
            self.assertEqual(self.assertRpcRefused(user, "zugong.score.outcome", "write", outcome.ids,
                                                   {"outcome": "no_award"}), "AccessError")
            self.assertEqual(self.assertRpcRefused(user, "zugong.score.outcome", "unlink", outcome.ids),
                             "AccessError")
        self.assertRecordValues(outcome, [{"outcome": "veto"}])
        self.assertEqual(self.rpc(self.county_officer, "zugong.score.outcome", "search_count", []), 0,
                         "another unit's outcome is not read")
