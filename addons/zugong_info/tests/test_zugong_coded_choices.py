"""Leaders' levels and forms of adoption are data the research office keeps: a level or a
form it adds is scored and printed like the usual ones; a code in use stays; an unknown
code is refused by the model and by the database."""
from datetime import date

import psycopg2

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AttackCase
from .test_zugong_ruleset_document import docx_parts
from .test_zugong_scoring import ScoringCase


@tagged("post_install", "-at_install")
class TestCodedChoices(AttackCase, ScoringCase):

    def _instruction(self, item, level):
        return self.env["zugong.instruction"].create({
            "item_id": item.id, "date": date(2025, 5, 9), "text": "Good", "leader_level": level})

    def test_a_fifth_leader_level_scores_and_is_printed_in_its_place(self):
        """The city office's leaders (市委组织部领导), between county and city leaders:
        their instruction scores the 10 of their row, and the regulation's table lists the
        levels from the highest, theirs between the city's and the county's."""
        self.env["zugong.leader.level"].with_user(self.research_user).create(
            {"name": "市委组织部领导", "code": "city_office", "sequence": 15})
        ruleset = self._ruleset([
            {"kind": "instruction", "leader_level": "county", "points": 5},
            {"kind": "instruction", "leader_level": "city_office", "points": 10},
            {"kind": "instruction", "leader_level": "city", "points": 20},
        ])
        item = self._item_on("2025-05-05")
        self._instruction(item, "city_office")
        self.assertEqual(self._unit_points(self.district), 10)
        line = self.env["zugong.score.line"].search([("unit_id", "=", self.district.id)])
        self.assertIn("市委组织部领导", line.explanation)
        _paragraphs, tables = docx_parts(ruleset._official_document("docx")[0])
        self.assertEqual([row[0] for row in tables[0][1:]], ["市级", "市委组织部领导", "县级"])

    def test_a_new_form_of_adoption_scores(self):
        """A WeChat account (微信公众号) the research office adds scores 0.5 by its row;
        a full item of the same publication keeps its 2."""
        self.env["zugong.adoption.form"].with_user(self.research_user).create(
            {"name": "微信公众号", "code": "wechat", "sequence": 40})
        self._ruleset([{"kind": "adoption", "level": "other", "form": "wechat", "points": 0.5},
                       {"kind": "adoption", "level": "other", "form": "full", "points": 2}])
        item = self._item_on("2025-05-05")
        self._adopted(item, self.website, date(2025, 5, 6), "wechat")
        self.assertEqual(self._unit_points(self.district), 0.5)
        self._adopted(item, self.website, date(2025, 5, 7), "full")
        self.assertEqual(self._unit_points(self.district), 2.5)

    def test_a_code_in_use_stays_and_an_unknown_one_is_refused(self):
        city = self.env.ref("zugong_info.leader_level_city")
        full = self.env.ref("zugong_info.adoption_form_full")
        item = self._item_on("2025-05-05")
        instruction = self._instruction(item, "city")
        self._adopted(item, self.city, date(2025, 5, 6), "full")
        for model, choice in (("zugong.leader.level", city), ("zugong.adoption.form", full)):
            self.assertEqual(self.assertRpcRefused(self.research_user, model, "write", choice.ids,
                                                   {"code": "renamed"}), "UserError")
            self.assertEqual(self.assertRpcRefused(self.research_user, model, "unlink", choice.ids), "UserError")
            self.assertEqual(self.assertRpcRefused(self.district_officer, model, "create",
                                                   {"name": "Mine", "code": "mine"}), "AccessError")
            self.rpc(self.research_user, model, "write", choice.ids, {"name": "改名"})
            self.assertRecordValues(choice, [{"name": "改名", "code": choice.code}])
        self.assertEqual(self.assertRpcRefused(self.research_user, "zugong.instruction", "write", instruction.ids,
                                               {"leader_level": "nowhere"}), "ValidationError")
        self.assertEqual(instruction.leader_level, "city")
        for query in ("UPDATE zugong_instruction SET leader_level = 'nowhere' WHERE id = %s",
                      "UPDATE zugong_adoption SET form = 'nowhere' WHERE item_id = %s",
                      "UPDATE zugong_leader_level SET code = 'nowhere' WHERE code = 'city' AND %s > 0"):
            with self.subTest(query=query), mute_logger("odoo.sql_db"):
                with self.assertRaises(psycopg2.errors.ForeignKeyViolation), self.env.cr.savepoint():
                    self.env.cr.execute(query, [item.id if "adoption" in query else instruction.id])

    def test_the_choices_offered_follow_their_changes(self):
        """The forms a field offers are kept between readings, and follow a form added,
        renamed, translated and deleted in the same transaction."""
        Form, Adoption = self.env["zugong.adoption.form"], self.env["zugong.adoption"]

        def offered(lang="en_US"):
            return dict(Adoption.with_context(lang=lang)._fields["form"]._description_selection(
                self.env(context=dict(self.env.context, lang=lang))))

        self.assertNotIn("wechat", offered())
        form = Form.with_user(self.research_user).create({"name": "WeChat account", "code": "wechat", "sequence": 40})
        self.assertEqual(offered()["wechat"], "WeChat account")
        form.with_user(self.research_user).name = "WeChat official account"
        self.assertEqual(offered()["wechat"], "WeChat official account")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(offered("zh_CN")["wechat"], "WeChat official account")
        form.update_field_translations("name", {"zh_CN": "微信公众号"})
        self.assertEqual(offered("zh_CN")["wechat"], "微信公众号")
        self.assertEqual(offered()["wechat"], "WeChat official account")
        form.with_user(self.research_user).unlink()
        self.assertNotIn("wechat", offered())

