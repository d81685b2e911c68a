"""The settings of the information work are each company's: fields of res.company behind
the Settings form, with their defaults written once, read by every model from the company
of the record, moved there from the system parameters by the 18.0.1.2.0 migration."""
import importlib.util
from datetime import date, datetime

from odoo.tests import freeze_time, tagged
from odoo.tools import file_path

from .common import AttackCase, ZugongCase

BUSINESS_SETTINGS = {
    "zugong_urgent_deadline_hours": 24.0,
    "zugong_duplicate_years": 3,
    "zugong_duplicate_threshold": 0.5,
    "zugong_instruction_feedback_days": 15,
    "zugong_commission_reminder_days": 2,
    "zugong_notice_auto_month": False,
    "zugong_notice_auto_bimonth": False,
    "zugong_notice_auto_quarter": False,
    "zugong_notice_auto_halfyear": False,
    "zugong_notice_auto_year": False,
    "zugong_notice_subject": "units",
}


def _migration():
    path = file_path("zugong_info/migrations/18.0.1.2.0/post-migrate.py")
    spec = importlib.util.spec_from_file_location("zugong_info_post_migrate_1_2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestZugongSettings(ZugongCase):

    def test_a_new_company_has_the_defaults(self):
        company = self.env["res.company"].create({"name": "New Department"})
        self.assertRecordValues(company, [BUSINESS_SETTINGS])
        self.assertFalse(company.zugong_notice_scope_unit_id)

    def test_settings_form_writes_the_current_company_only(self):
        settings = self.env["res.config.settings"].with_company(self.other_company).create({
            "zugong_urgent_deadline_hours": 12, "zugong_duplicate_years": 5, "zugong_duplicate_threshold": 0.7,
            "zugong_instruction_feedback_days": 10, "zugong_commission_reminder_days": 3,
            "zugong_notice_auto_quarter": True, "zugong_notice_scope_unit_id": self.foreign_unit.id,
            "zugong_notice_subject": "both",
        })
        settings.execute()
        self.assertRecordValues(self.other_company, [{
            "zugong_urgent_deadline_hours": 12, "zugong_duplicate_years": 5, "zugong_duplicate_threshold": 0.7,
            "zugong_instruction_feedback_days": 10, "zugong_commission_reminder_days": 3,
            "zugong_notice_auto_quarter": True, "zugong_notice_scope_unit_id": self.foreign_unit.id,
            "zugong_notice_subject": "both",
        }])
        self.assertEqual(self.company.zugong_urgent_deadline_hours, 24)
        self.assertEqual(self.env["res.config.settings"].create({}).zugong_duplicate_years,
                         self.company.zugong_duplicate_years, "the form shows the current company's")
        self.assertFalse(self.env["ir.config_parameter"].search([("key", "in", [
            "zugong_info.urgent_deadline_hours", "zugong_info.duplicate_years", "zugong_info.notice_subject",
        ])]), "no system parameter is written")

    def test_settings_in_range(self):
        for field, value, constraint, fragment in [
            ("zugong_urgent_deadline_hours", 0, "zugong_urgent_deadline_hours_positive", "紧急信息"),
            ("zugong_duplicate_years", 0, "zugong_duplicate_years_positive", "至少"),
            ("zugong_duplicate_threshold", 1.5, "zugong_duplicate_threshold_range", "相似度阈值"),
            ("zugong_instruction_feedback_days", 0, "zugong_instruction_feedback_days_positive", "批示"),
            ("zugong_commission_reminder_days", -1, "zugong_commission_reminder_days_positive", "不能为负"),
        ]:
            with self.subTest(field=field), self.assertDatabaseRefuses(f"res_company_{constraint}", fragment):
                with self.env.cr.savepoint():
                    self.company.write({field: value})
                    self.company.flush_recordset()
        self.company.invalidate_recordset()
        with self.assertRaisesRegex(Exception, "own"):
            self.company.zugong_notice_scope_unit_id = self.foreign_unit

    def test_each_record_reads_its_companys_settings(self):
        self.other_company.write({"zugong_urgent_deadline_hours": 6, "zugong_instruction_feedback_days": 5})
        self.env.user.company_ids |= self.other_company
        urgent = self.env.ref("zugong_info.item_type_urgent")
        here = self._item(type_id=urgent.id, event_time="2026-07-01 08:00:00")
        foreign_officer = self._outsider("t_foreign_officer")
        self.env["zugong.unit.member"].create({"unit_id": self.foreign_unit.id, "user_id": foreign_officer.id})
        there = self.env["zugong.item"].with_company(self.other_company).create({
            "name": "Foreign urgent", "body": "<p>Foreign</p>", "type_id": urgent.id,
            "event_time": "2026-07-01 08:00:00", "author_ids": [foreign_officer.id],
            "company_id": self.other_company.id, "unit_line_ids": [(0, 0, {"unit_id": self.foreign_unit.id})],
        })
        self.assertEqual(here.report_deadline, datetime(2026, 7, 2, 8, 0))
        self.assertEqual(there.report_deadline, datetime(2026, 7, 1, 14, 0))
        instruction = self.env["zugong.instruction"].create({
            "item_id": there.id, "date": date(2026, 7, 1), "text": "请抓好落实。",
        })
        self.assertEqual(instruction.feedback_deadline, date(2026, 7, 6))

    def test_commission_reminders_follow_each_companys_days(self):
        """The daily reminder goes the company's number of days before the deadline."""
        self.company.zugong_commission_reminder_days = 5
        self.other_company.zugong_commission_reminder_days = 1
        Commission = self.env["zugong.commission"]
        here = Commission.create({"name": "约稿：基层治理", "deadline": date(2026, 7, 6)})
        there = Commission.create({"name": "约稿：人才工作", "deadline": date(2026, 7, 2),
                                   "company_id": self.other_company.id})
        early = Commission.create({"name": "约稿：干部监督", "deadline": date(2026, 7, 2)})
        (here | there | early).sudo().write({"state": "open"})
        reminded = []
        self.patch(type(Commission), "_remind_officers", lambda records, summary: reminded.extend(records))
        with freeze_time("2026-07-01 02:00:00"):
            Commission._cron_commissions()
        self.assertEqual(sorted(reminded, key=lambda commission: commission.id), [here, there])

    def test_migration_moves_the_parameters_to_every_company(self):
        config = self.env["ir.config_parameter"]
        for key, value in {
            "urgent_deadline_hours": "12", "duplicate_years": "5", "duplicate_threshold": "not a number",
            "instruction_feedback_days": "10", "commission_reminder_days": "-3",
            "notice_auto_month": "True", "notice_scope_unit_id": str(self.city.id), "notice_subject": "people",
            "notice_done_month_units": f"{self.city.id}:2026-10-01",
            "stats_url": "http://stats.example:8070",
        }.items():
            config.set_param(f"zugong_info.{key}", value)
        self.env.flush_all()
        _migration().migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        for company in (self.company, self.other_company):
            self.assertRecordValues(company, [{
                "zugong_urgent_deadline_hours": 12, "zugong_duplicate_years": 5,
                "zugong_duplicate_threshold": 0.5,  # malformed: the default stays
                "zugong_instruction_feedback_days": 10,
                "zugong_commission_reminder_days": 2,  # refused: the default stays
                "zugong_notice_auto_month": True, "zugong_notice_subject": "people",
            }])
        self.assertEqual(self.company.zugong_notice_scope_unit_id, self.city)
        self.assertFalse(self.other_company.zugong_notice_scope_unit_id, "a unit of another company")
        for key in ("urgent_deadline_hours", "duplicate_years", "duplicate_threshold", "instruction_feedback_days",
                    "commission_reminder_days", "notice_auto_month", "notice_scope_unit_id", "notice_subject",
                    "notice_done_month_units"):
            self.assertFalse(config.get_param(f"zugong_info.{key}"), key)
        self.assertEqual(config.get_param(f"zugong_info.notice_done_{self.company.id}_month_units"),
                         f"{self.city.id}:2026-10-01", "the schedule's record follows its company")
        self.assertEqual(config.get_param("zugong_info.stats_url"), "http://stats.example:8070",
                         "the deployment's settings stay system-wide")


@tagged("post_install", "-at_install")
class TestSecuritySettings(AttackCase, ZugongCase):
    """The company's settings are the administrators': no other user changes them over
    JSON-RPC, through the settings form or the company."""

    def test_only_administrators_change_the_settings(self):
        before = self.company.read(list(BUSINESS_SETTINGS))
        for user in (self.research_user, self.finance_user, self.hr_user, self.district_officer):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "res.company", "write", [self.company.id],
                                      {"zugong_duplicate_threshold": 0.99, "zugong_urgent_deadline_hours": 1})
                self.assertRpcRefused(user, "res.config.settings", "create",
                                      {"zugong_duplicate_threshold": 0.99})
        self.company.invalidate_recordset()
        self.assertEqual(self.company.read(list(BUSINESS_SETTINGS)), before)
