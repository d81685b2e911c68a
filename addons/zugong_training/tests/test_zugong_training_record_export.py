import base64
import io

import openpyxl

from odoo.tests import tagged

from .common import TrainingFiguresCase


@tagged("post_install", "-at_install")
class TestZugongTrainingRecordExport(TrainingFiguresCase):

    def _export(self, **values):
        wizard = self.env["zugong.training.record.export"].with_user(self.hr_user).create(
            {"year": 2026, "unit_id": self.city.id, **values}
        )
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/zugong.training.record.export/{wizard.id}/file/", action["url"])
        self.assertEqual(wizard.filename, "2026年度培训记录.xlsx")
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))

    def test_read_back(self):
        book = self._export()
        self.assertEqual(book.sheetnames, ["汇总", "明细"])

        summary = book["汇总"]
        self.assertEqual(summary["A1"].value, "2026年度培训记录（City）")
        self.assertEqual(
            [cell.value for cell in summary[2]],
            ["序号", "姓名", "单位", "应参训次数", "参训次数", "迟到", "缺席", "请假", "认定学时"],
        )
        rows = {
            row[1]: row[2:] for row in summary.iter_rows(min_row=3, values_only=True)
            if isinstance(row[0], int)
        }
        self.assertEqual(rows, {
            self.district_officer.name: ("City / District", 2, 2, 0, 0, 0, 8),
            self.district_head.name: ("City / District", 1, 0, 0, 0, 1, 0),
            self.county_officer.name: ("City / County", 2, 2, 1, 0, 0, 5),
            self.point_officer.name: ("City / District / Township / Point", 2, 1, 1, 1, 0, 1),
        })
        total = [row for row in summary.iter_rows(values_only=True) if row[0] == "合计"]
        self.assertEqual(total[0][8], 14)

        details = book["明细"]
        self.assertEqual(
            [cell.value for cell in details[1]],
            ["姓名", "单位", "日期", "培训", "培训类型", "地点", "培训学时", "考勤", "签到时间",
             "认定学时", "请假事由"],
        )
        lines = list(details.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(lines), 7)  # S1 and S2; S3 is last year, S4 open, S5 cancelled
        head = [line for line in lines if line[0] == self.district_head.name]
        self.assertEqual(head[0][2:5], ("2026-06-10", "Writing course", "Talk"))
        self.assertEqual((head[0][7], head[0][9], head[0][10]), ("请假", 0, "On duty"))
        late = [line for line in lines if line[0] == self.county_officer.name and line[7] == "迟到"]
        self.assertEqual((late[0][6], late[0][9]), (6, 3))

    def test_scope_is_the_unit_subtree(self):
        book = self._export(unit_id=self.township.id)
        names = [row[1] for row in book["汇总"].iter_rows(min_row=3, values_only=True)
                 if isinstance(row[0], int)]
        self.assertEqual(names, [self.point_officer.name])
        self.assertEqual(len(list(book["明细"].iter_rows(min_row=2))), 2)
