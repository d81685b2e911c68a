from odoo.tests import tagged

from odoo.addons.zugong_info.tests.common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongTrainingKind(ZugongCase):

    def test_kinds_are_data_with_default_hours(self):
        kinds = {
            "zugong_training.training_kind_meeting": ("以会代训", 4),
            "zugong_training.training_kind_course": ("集中培训", 16),
            "zugong_training.training_kind_lecture": ("专题辅导", 3),
            "zugong_training.training_kind_secondment": ("上挂锻炼", 40),
            "zugong_training.training_kind_study_visit": ("异地学习", 24),
        }
        for xmlid, (chinese, hours) in kinds.items():
            kind = self.env.ref(xmlid)
            self.assertEqual(kind.default_hours, hours)
            self.assertEqual(kind.with_context(lang="zh_CN").name, chinese)

    def test_default_hours_cannot_be_negative(self):
        kind = self.env["zugong.training.kind"].create({"name": "Seminar", "default_hours": 2})
        with self.assertDatabaseRefuses("zugong_training_kind_default_hours_positive", "不能为负"):
            kind.default_hours = -1
            kind.flush_recordset()
