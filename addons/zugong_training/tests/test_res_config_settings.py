from odoo.tests import tagged

from odoo.addons.zugong_info.tests.common import ZugongCase


@tagged("post_install", "-at_install")
class TestTrainingSettings(ZugongCase):

    def test_training_rules_are_company_settings(self):
        settings = self.env["res.config.settings"].create({
            "zugong_training_signin_lead": 45,
            "zugong_training_late_minutes": 10,
            "zugong_training_late_percent": 25.0,
            "zugong_training_absence_demerit": True,
        })
        settings.execute()
        self.assertEqual(
            (self.company.zugong_training_signin_lead, self.company.zugong_training_late_minutes,
             self.company.zugong_training_late_percent, self.company.zugong_training_absence_demerit),
            (45, 10, 25.0, True),
        )
        self.assertFalse(self.other_company.zugong_training_absence_demerit)
        self.assertEqual(self.other_company.zugong_training_late_percent, 50.0)

    def test_rules_in_range(self):
        with self.assertDatabaseRefuses("res_company_zugong_training_late_percent_range", "0 到 100"):
            self.company.zugong_training_late_percent = 120
            self.company.flush_recordset()
        with self.assertDatabaseRefuses("res_company_zugong_training_late_minutes_positive", "不能为负"):
            self.company.zugong_training_late_minutes = -5
            self.company.flush_recordset()
