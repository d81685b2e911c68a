from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import similarity
from .common import ZugongCase

ORIGINAL = (
    "今年以来，临江区委组织部坚持把党支部建在网格上，全区划分城市网格五百二十六个，选派网格党支部书记"
    "五百二十六名，推动党的组织和工作覆盖到每一个网格。一是建强网格阵地，整合社区党群服务中心、物业用房"
    "等资源，建成网格党群驿站一百三十八个，为群众提供政策咨询、矛盾调解等服务。二是壮大网格力量，组织"
    "两千三百余名在职党员到网格报到，认领服务岗位四千一百余个。三是完善运行机制，建立群众点单、网格派单、"
    "党员接单工作流程，今年以来共收集群众诉求一千八百余条，办结率达百分之九十七。"
)
LIGHTLY_EDITED = (
    ORIGINAL.replace("临江区委组织部", "青山区委组织部")
    .replace("五百二十六", "四百八十")
    .replace("一千八百余条", "两千余条")
    .replace("今年以来", "近年来")
)
SAME_TOPIC = (
    "青山区委组织部聚焦城市基层党建，探索推行小区党支部建设，在全区一百二十个住宅小区成立党支部，"
    "推动物业企业、业主委员会和社区党组织协同联动。通过设立党员先锋岗、开展红色物业评星定级，"
    "小区环境整治、停车难等问题得到有效解决，群众满意度明显提升，基层治理效能持续增强。"
)


@tagged("post_install", "-at_install")
class TestZugongItemSimilarity(ZugongCase):

    def _submit(self, text, unit=None, author=None):
        return self._submitted_item(unit, author, body=f"<p>{text}</p>", name="网格党建")

    def test_similarity_of_chinese_texts(self):
        def score(first, second):
            return similarity.jaccard(
                similarity.shingles(similarity.normalize(first)),
                similarity.shingles(similarity.normalize(second)),
            )
        self.assertGreater(score(ORIGINAL, LIGHTLY_EDITED), 0.6)
        self.assertLess(score(ORIGINAL, SAME_TOPIC), 0.1)
        self.assertEqual(score(ORIGINAL, ORIGINAL + "  "), 1.0)
        self.assertEqual(similarity.normalize("Ａ组，工 信息！"), "a组工信息")

    def test_exact_resubmission_by_the_same_unit_refused(self):
        first = self._submit(ORIGINAL)
        copy = self._item(body=f"<p>{ORIGINAL}</p>", name="网格党建")
        with self.assertRaisesRegex(UserError, first.reference):
            copy.with_user(self.district_officer).action_submit()
        self.assertEqual(copy.state, "draft")

    def test_same_text_from_another_unit_is_flagged_not_refused(self):
        first = self._submit(ORIGINAL)
        copy = self._submit(ORIGINAL, unit=self.county, author=self.county_officer)
        self.assertEqual(copy.state, "submitted")
        self.assertEqual(copy.duplicate_state, "flagged")
        self.assertEqual(copy.match_ids.matched_item_id, first)
        self.assertEqual(copy.match_ids.similarity, 1.0)
        self.assertFalse(copy.match_ids.same_unit)

    def test_lightly_edited_copy_flagged(self):
        first = self._submit(ORIGINAL)
        edited = self._submit(LIGHTLY_EDITED, unit=self.county, author=self.county_officer)
        self.assertEqual(edited.duplicate_state, "flagged")
        self.assertEqual(edited.match_ids.matched_item_id, first)
        self.assertGreater(edited.top_similarity, 0.6)
        self.assertLess(edited.top_similarity, 1.0)

    def test_unrelated_item_on_the_same_topic_not_flagged(self):
        self._submit(ORIGINAL)
        other = self._submit(SAME_TOPIC, unit=self.county, author=self.county_officer)
        self.assertEqual(other.duplicate_state, "none")
        self.assertFalse(other.match_ids)

    def test_flagged_item_accepted_with_a_reason(self):
        self._submit(ORIGINAL)
        edited = self._submit(LIGHTLY_EDITED, unit=self.county, author=self.county_officer)
        with self.assertRaisesRegex(UserError, "resembles earlier items"):
            edited.with_user(self.research_user).action_receive()
        with self.assertRaises(AccessError):
            edited.with_user(self.district_head).action_accept_similar("Fine")
        with self.assertRaisesRegex(UserError, "reason"):
            edited.with_user(self.research_user).action_accept_similar(" ")
        wizard = self.env["zugong.item.accept.similar"].with_user(self.research_user).create(
            {"item_ids": [(6, 0, edited.ids)], "reason": "Different district, own figures"}
        )
        self.assertEqual(wizard.match_ids, edited.match_ids)
        wizard.action_confirm()
        self.assertEqual(edited.duplicate_state, "accepted")
        self.assertEqual(edited.duplicate_accept_reason, "Different district, own figures")
        self.assertEqual(edited.duplicate_accepted_by_id, self.research_user)
        edited.with_user(self.research_user).action_receive()
        self.assertEqual(edited.state, "received")

    def test_threshold_and_window_are_settings(self):
        self._submit(ORIGINAL)
        self.company.zugong_duplicate_threshold = 0.99
        edited = self._submit(LIGHTLY_EDITED, unit=self.county, author=self.county_officer)
        self.assertEqual(edited.duplicate_state, "none")

    def test_followup_not_flagged_against_its_original(self):
        urgent = self.env.ref("zugong_info.item_type_urgent")
        followup_type = self.env.ref("zugong_info.item_type_followup")
        original = self._submitted_item(
            body=f"<p>{ORIGINAL}</p>", type_id=urgent.id, event_time="2026-03-01 08:00:00"
        )
        followup = self._submitted_item(
            unit=self.district, body=f"<p>{LIGHTLY_EDITED}</p>", type_id=followup_type.id,
            parent_item_id=original.id, event_time="2026-03-01 08:00:00",
        )
        self.assertEqual(followup.duplicate_state, "none")
