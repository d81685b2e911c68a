import io
import os
import subprocess

import docx
from PyPDF2 import PdfReader

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ZugongCase
from .test_zugong_official_document import output_dir, pdf_texts

# the rules of a city's regulation, one of each kind (see SCORING.md)
REGULATION_RULES = [
    {"kind": "adoption", "level": "city", "form": "full", "points": 5, "applies_to": "unit"},
    {"kind": "adoption", "level": "central", "points_from": "upstream", "applies_to": "unit"},
    {"kind": "adoption", "level": "province", "points": 10, "applies_to": "both"},
    {"kind": "adoption", "level": "city", "form": "brief", "points": 2.5, "applies_to": "unit"},
    {"kind": "path_multiplier", "level": "province", "factor": 1.5},
    {"kind": "multi_adoption", "multi_mode": "highest"},
    {"kind": "joint", "joint_mode": "fixed", "points": 3},
    {"kind": "forward", "level": "province", "points": 2, "applies_to": "unit"},
    {"kind": "instruction", "leader_level": "province", "main_leader": "main", "points": 20, "applies_to": "both"},
    {"kind": "instruction", "leader_level": "city", "points": 10, "applies_to": "unit"},
    {"kind": "feedback_deduction", "feedback_status": "late", "points": 1, "applies_to": "unit"},
    {"kind": "commission", "commission_status": "on_time", "points": 3, "applies_to": "unit"},
    {"kind": "commission_deduction", "commission_status": "missed", "points": 10, "applies_to": "unit"},
    {"kind": "commission_zero", "missed_count": 3},
    {"kind": "period_base", "period_kind": "quarter", "points": 5, "yearly_cap": 15, "applies_to": "unit"},
    {"kind": "period_shortfall", "period_kind": "month", "deduction_mode": "pro_rata", "points": 1,
     "min_submissions": 4, "applies_to": "person"},
    {"kind": "adoption_rate", "period_kind": "quarter", "rate_threshold": 20, "points": 2, "applies_to": "unit"},
    {"kind": "pass_mark", "period_kind": "year", "points": 60, "applies_to": "unit"},
    {"kind": "urgent", "urgent_event": "late", "points": 2, "applies_to": "unit"},
    {"kind": "false_info", "points_min": 1, "points_max": 10, "applies_to": "both"},
    {"kind": "error_notice", "error_kind": "political", "points": 5, "applies_to": "unit"},
    {"kind": "adjustment", "points_min": 1, "points_max": 20, "applies_to": "unit"},
]


def docx_parts(content):
    """(paragraphs' texts, tables as rows of cell texts) of a docx: a table's row is one
    cell whose columns are separated by tabs."""
    document = docx.Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    tables = [[row.cells[0].text.lstrip("\t").split("\t") for row in table.rows] for table in document.tables]
    return paragraphs, tables


@tagged("post_install", "-at_install")
class TestZugongRulesetDocument(HttpCase, ZugongCase):
    """The regulation a rule set encodes (考核计分办法), drafted from its rules: what the
    research office prints and the officers read in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = fields.Date.today().year
        cls.company.zugong_document_signature = "中共测试市委组织部"
        cls.ruleset = cls._ruleset(REGULATION_RULES, year=cls.year, name=f"{cls.year}年度组工信息考核计分办法")
        cls.ruleset.write({"rank_within": "category", "note": "<p>各单位可结合实际制定实施细则。</p>"})

    def test_the_articles_say_what_the_rules_score(self):
        content, name, media_type = self.ruleset.with_user(self.research_user)._official_document("docx")
        self.assertEqual(name, f"{self.year}年度组工信息考核计分办法.docx")
        self.assertIn("wordprocessingml", media_type)
        paragraphs, tables = docx_parts(content)
        self.assertEqual(paragraphs[0], self.ruleset.name)
        headings = [paragraph for paragraph in paragraphs if paragraph[1:2] == "、"]
        self.assertEqual(headings, ["一、总则", "二、采用计分", "三、上报计分", "四、领导批示计分", "五、约稿计分",
                                    "六、周期考核", "七、扣分", "八、评审调整", "九、附则"])
        self.assertIn(f"本办法适用于{self.company.name}{self.year}年度组工信息工作考核计分。"
                      "考核对象为各报送单位及其信息员。", paragraphs)
        self.assertIn("年度得分为全年各项计分与各周期考核得分之和。年度通报中，各单位按单位类别分别排名。", paragraphs)
        self.assertIn("报送任务数只计普通信息，紧急信息及其续报不计入。", paragraphs)
        # the adoptions' table, the highest level first, each row as the rule says
        adoptions, forwardings, instructions = tables
        self.assertEqual(adoptions, [
            ["刊物", "层级", "采用形式", "稿件类型", "计分对象", "分值"],
            ["不限", "中央", "不限", "不限", "报送单位", "按上级计分"],
            ["不限", "省级", "不限", "不限", "单位和信息员", "10"],
            ["不限", "市级", "单篇", "不限", "报送单位", "5"],
            ["不限", "市级", "简讯", "不限", "报送单位", "2.5"],
        ])
        self.assertIn("1. 表中注明按上级计分的，按采用机关计分办法给予该信息的分值计分。", paragraphs)
        self.assertIn("2. 经上报后被省级刊物采用的信息，按分值的1.5倍计分。", paragraphs)
        self.assertIn("3. 同一信息被多次采用的，只按最高一次计分。", paragraphs)
        self.assertIn("4. 联合报送的信息，每个单位计3分。", paragraphs)
        self.assertEqual(forwardings, [["上报刊物", "层级", "计分对象", "分值"], ["不限", "省级", "报送单位", "2"]])
        self.assertEqual(instructions, [["批示层级", "批示领导", "计分对象", "分值"],
                                        ["省级", "主要领导", "单位和信息员", "20"],
                                        ["市级", "不限", "报送单位", "10"]])
        for sentence in (
            "反馈领导批示落实情况超过规定时限的，每次扣1分。计入单位得分。",
            "1. 按时完成约稿任务的，每篇计3分。计入单位得分。",
            "2. 未完成约稿任务的，每篇扣10分。计入单位得分。",
            "3. 全年未完成约稿任务达3次及以上的单位，年度得分为零。",
            "1. 每季度报送信息达到任务下达的最低报送数的，计5分。全年最多计15分。计入单位得分。",
            "2. 每月份报送信息未达到4条的，每少报一条扣1分。计入信息员个人得分。",
            "3. 每季度报送信息采用率低于20%的，扣2分。计入单位得分。",
            "4. 年度考核合格分数线为60分。计入单位得分。",
            "1. 紧急信息迟报的，每次扣2分。计入单位得分。",
            "2. 报送虚假信息的，由研究室视情节每条扣1至10分。单位和信息员均计分。",
            "3. 信息被通报政治性差错的，每次扣5分。计入单位得分。",
            "经评审，研究室可视情况加减1至20分，并说明理由。计入单位得分。",
            f"本办法由中共测试市委组织部负责解释，适用于{self.year}年度。",
            "各单位可结合实际制定实施细则。",
        ):
            self.assertIn(sentence, paragraphs)

    def test_a_change_of_the_rules_changes_the_document(self):
        """Nothing is written in advance: a draft rule set of only two rules says only
        them, and a changed figure is printed as changed."""
        ruleset = self.env["zugong.ruleset"].create({
            "name": "试行办法", "year": self.year + 1, "rule_ids": [
                (0, 0, {"kind": "adoption", "points": 4, "applies_to": "unit"}),
                (0, 0, {"kind": "urgent", "urgent_event": "missed", "points": 3, "applies_to": "unit"}),
            ]})
        paragraphs, tables = docx_parts(ruleset._official_document("docx")[0])
        self.assertEqual([paragraph for paragraph in paragraphs if paragraph[1:2] == "、"],
                         ["一、总则", "二、采用计分", "三、扣分", "四、附则"])
        self.assertIn("考核对象为各报送单位。", paragraphs[2])
        self.assertIn("年度通报中，各单位统一排名。", paragraphs[3])
        self.assertEqual(tables[0][1], ["不限", "不限", "不限", "不限", "报送单位", "4"])
        self.assertIn("紧急信息漏报的，每次扣3分。计入单位得分。", paragraphs)
        ruleset.rule_ids = [(0, 0, {"kind": "adoption", "level": "province", "level_and_above": True,
                                    "length_min": 1001, "points": 6, "applies_to": "unit"})]
        _paragraphs, tables = docx_parts(ruleset._official_document("docx")[0])
        self.assertEqual(tables[0], [["刊物", "层级", "采用形式", "稿件类型", "篇幅", "计分对象", "分值"],
                                     ["不限", "省级及以上", "不限", "不限", "1001字以上", "报送单位", "6"],
                                     ["不限", "不限", "不限", "不限", "不限", "报送单位", "4"]])
        ruleset.rule_ids.filtered(lambda rule: rule.kind == "urgent").points = 1.25
        paragraphs, _tables = docx_parts(ruleset._official_document("docx")[0])
        self.assertIn("紧急信息漏报的，每次扣1.25分。计入单位得分。", paragraphs)
        # who asked for an urgent report, and items due within days of their event
        ruleset.rule_ids = [
            (0, 0, {"kind": "urgent", "urgent_event": "late", "level": "province", "level_and_above": True,
                    "points": 200, "applies_to": "unit"}),
            (0, 0, {"kind": "late_item", "points": 0.5, "applies_to": "both"}),
            (0, 0, {"kind": "late_item", "item_type_id": self.env.ref("zugong_info.item_type_research").id,
                    "points": 1, "applies_to": "unit"}),
        ]
        paragraphs, _tables = docx_parts(ruleset._official_document("docx")[0])
        for sentence in ("省级及以上要求报送的紧急信息迟报的，每次扣200分。计入单位得分。",
                         "信息超过报送时限报送的，每篇扣0.5分。单位和信息员均计分。",
                         "调研超过报送时限报送的，每篇扣1分。计入单位得分。"):
            self.assertTrue(any(paragraph.endswith(sentence) for paragraph in paragraphs), sentence)

    def test_instructions_joint_items_and_period_targets_as_configured(self):
        """The instructions counted once or less after the first, by the publication read
        in; joint items by level with the main unit's extra; a base needing adoptions too
        with points per extra item; a minimum per item type."""
        province = self.env["zugong.publication"].create({"name": "省委组工信息", "level": "province"})
        research = self.env.ref("zugong_info.item_type_research")
        ruleset = self.env["zugong.ruleset"].create({
            "name": "试行办法", "year": self.year + 1, "rule_ids": [(0, 0, rule) for rule in (
                {"kind": "instruction", "leader_level": "city", "points": 10, "instruction_mode": "once_per_item"},
                {"kind": "instruction", "leader_level": "province", "points": 20, "publication_id": province.id,
                 "instruction_mode": "diminishing", "later_points": 5},
                {"kind": "joint", "joint_mode": "split", "main_extra": 2},
                {"kind": "joint", "joint_mode": "fixed", "level": "province", "points": 10},
                {"kind": "period_base", "period_kind": "quarter", "min_submissions": 2, "points": 30,
                 "min_adoptions": 1, "level": "city", "level_and_above": True, "points_per_extra": 1},
                {"kind": "period_shortfall", "period_kind": "quarter", "item_type_id": research.id,
                 "min_submissions": 1, "points": 5, "deduction_mode": "pro_rata"},
                {"kind": "base_score", "period_kind": "quarter", "points": 100, "bucket": "基本分"},
                {"kind": "error_notice", "points": 30, "bucket": "基本分"},
                {"kind": "bucket_limit", "period_kind": "quarter", "bucket": "基本分", "floor_at_zero": True},
                {"kind": "bucket_limit", "period_kind": "year", "bucket": "基本分", "bucket_cap": 300},
                {"kind": "conversion", "period_kind": "year", "conversion_mode": "top", "points": 100},
                {"kind": "outcome", "period_kind": "year", "outcome": "no_award", "outcome_when": "commission_missed",
                 "event_count": 2},
                {"kind": "outcome", "period_kind": "year", "outcome": "not_up_to_standard",
                 "outcome_when": "below_points", "points": 60},
            )]})
        paragraphs, tables = docx_parts(ruleset._official_document("docx")[0])
        self.assertEqual(tables[0], [["批示层级", "批示领导", "批示所据刊物", "计分对象", "分值"],
                                     ["省级", "不限", "省委组工信息", "报送单位", "20"],
                                     ["市级", "不限", "不限", "报送单位", "10"]])
        for sentence in (
            "联合报送的信息，按各单位所占份额分配分值。牵头单位另加2分。",
            "被省级刊物采用的，联合报送的信息，每个单位计10分。",
            "按“省级、不限”一行计分的，同一篇信息当年已获批示后，再获批示的每件计5分。",
            "按“市级、不限”一行计分的，同一篇信息一年内无论获几次批示，只按其中最高一次计分。",
            "每季度报送信息达到2条且被市级及以上刊物采用1次及以上的，计30分。超出部分每条另加1分。计入单位得分。",
            f"每季度报送信息未达到{research.with_context(lang='zh_CN').name}类信息1条的，每少报一条扣5分。计入单位得分。",
            "3. 每年度约稿未完成达2次及以上的，不得评先评优。",
            "4. 每年度得分低于60分的，不达标。",
            "五、得分构成",
            "基本分由以下各项计分构成：周期基础分、差错通报扣分。",
            "每季度设基础分100分。计入单位得分。",
            "每季度基本分扣完为止，不计负分。计入单位得分。",
            "每年度基本分最高计300分。计入单位得分。",
            "年度总分按100分制折算：最高总分计100分，其余按比例折算。计入单位得分。",
        ):
            self.assertIn(sentence, "\n".join(paragraphs))

    def test_the_pdf_is_printed_with_its_tables(self):
        content, name, media_type = self.ruleset._official_document("pdf")
        self.assertEqual((name[-4:], media_type), (".pdf", "application/pdf"))
        with open(os.path.join(output_dir(), "ruleset.pdf"), "wb") as stream:
            stream.write(content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", "-", os.path.join(output_dir(), "ruleset-page")],
                       input=content, check=True)
        reader = PdfReader(io.BytesIO(content))
        text = "".join(piece[0] for page in reader.pages for piece in pdf_texts(page))
        for fragment in (self.ruleset.name, "二、采用计分", "单位和信息员", "九、附则"):
            self.assertIn(fragment, text.replace(" ", ""))

    def test_the_research_office_downloads_it_from_the_form(self):
        action = self.ruleset.with_user(self.research_user).action_download_docx()
        self.assertEqual(action["url"], f"/zugong_info/ruleset/{self.ruleset.id}/document.docx")
        self.authenticate(self.research_user.login, self.research_user.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(docx_parts(response.content)[0][0], self.ruleset.name)

    def test_officers_read_the_year_in_force_in_the_portal(self):
        self.authenticate(self.point_officer.login, self.point_officer.login)
        page = self.url_open("/my/zugong")
        url = f"/zugong_info/ruleset/{self.ruleset.id}/document.pdf"
        self.assertIn(url, page.text)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_another_department_cannot_download_it(self):
        outsider = new_test_user(self.env, login="t_ruleset_outsider", groups="base.group_user,zugong_info.group_officer",
                                 company_id=self.other_company.id, company_ids=[self.other_company.id])
        self.authenticate(outsider.login, outsider.login)
        self.assertNotIn(f"/zugong_info/ruleset/{self.ruleset.id}/", self.url_open("/my/zugong").text)
        with mute_logger("odoo.http"):
            for fmt in ("docx", "pdf"):
                response = self.url_open(f"/zugong_info/ruleset/{self.ruleset.id}/document.{fmt}")
                self.assertEqual(response.status_code, 404)
                self.assertFalse(response.content.startswith((b"PK", b"%PDF")))
