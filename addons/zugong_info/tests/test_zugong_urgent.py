from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongUrgent(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.urgent_type = cls.env.ref("zugong_info.item_type_urgent")
        cls.district.signoff_required = False

    def _urgent(self, event="2026-07-01 08:00:00", **values):
        return self._item(type_id=self.urgent_type.id, event_time=event, **values)

    def test_deadline_is_24_hours_by_default_and_configurable(self):
        self.assertEqual(self._urgent().report_deadline, datetime(2026, 7, 2, 8, 0))
        self.company.zugong_urgent_deadline_hours = 12
        self.assertEqual(self._urgent().report_deadline, datetime(2026, 7, 1, 20, 0))
        self.assertFalse(self._item().report_deadline)

    def test_on_time_late_and_missed(self):
        on_time, late, missed = self._urgent(), self._urgent(), self._urgent()
        with freeze_time("2026-07-01 20:00:00"):
            self.assertEqual(on_time.urgent_status, "pending")
            on_time.with_user(self.district_officer).action_submit()
            self.assertEqual(on_time.urgent_status, "on_time")
            self.env["zugong.item"]._cron_check_urgent_deadlines()
            self.assertEqual(missed.urgent_status, "pending")
        with freeze_time("2026-07-02 09:00:00"):
            self.env["zugong.item"]._cron_check_urgent_deadlines()
            self.assertEqual(missed.urgent_status, "missed")
            late.with_user(self.district_officer).action_submit()
            self.assertEqual(late.urgent_status, "late")

    def test_urgent_report_needs_the_event_time(self):
        item = self._item(type_id=self.urgent_type.id)
        with self.assertRaisesRegex(Exception, "time of the event"):
            item.with_user(self.district_officer).action_submit()

    def test_deadline_cannot_precede_the_event(self):
        item = self._urgent()
        with self.assertDatabaseRefuses("zugong_item_urgent_deadline_after_event", "截止时间"):
            item.report_deadline = "2026-06-30 08:00:00"
            item.flush_recordset()

    def test_concealed_event_recorded_against_the_unit(self):
        concealment = self.env["zugong.urgent.concealment"].with_user(self.research_user).create({
            "name": "Landslide", "unit_id": self.county.id, "event_time": "2026-07-03 06:00:00",
            "source": "Emergency bureau",
        })
        self.assertEqual(concealment.recorded_by_id, self.research_user)
        visible = self.env["zugong.urgent.concealment"].with_user(self.county_officer).search([])
        self.assertEqual(visible, concealment)
        self.assertFalse(self.env["zugong.urgent.concealment"].with_user(self.district_officer).search([]))


@tagged("post_install", "-at_install")
class TestZugongUrgentClock(ZugongCase):
    """The 24-hour clock of an urgent report stops when the officer sends it out (or when
    the unit head or the research office records an earlier phone report), not when the
    unit head signs it off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.urgent_type = cls.env.ref("zugong_info.item_type_urgent")
        cls._ruleset([
            {"kind": "urgent", "urgent_event": "late", "points": 100},
            {"kind": "urgent", "urgent_event": "missed", "points": 200},
        ], year=2026)

    def _urgent(self, event="2026-07-01 08:00:00", **values):
        return self._item(type_id=self.urgent_type.id, event_time=event, **values)

    def _urgent_points(self, item):
        lines = self.env["zugong.score.line"].search([
            ("source_model", "=", "zugong.item"), ("source_id", "=", item.id), ("kind", "=", "urgent"),
            ("subject", "=", "unit"),
        ])
        return sum(lines.mapped("points"))

    def test_head_signing_late_costs_nothing(self):
        item = self._urgent()
        with freeze_time("2026-07-02 07:00:00"):  # an hour before the deadline
            item.with_user(self.district_officer).action_submit()
        self.assertEqual(item.state, "signoff")
        self.assertEqual(item.first_sent_on, datetime(2026, 7, 2, 7, 0))
        self.assertEqual(item.urgent_status, "on_time")
        with freeze_time("2026-07-03 10:00:00"):  # the head signs a day late
            self.env["zugong.item"]._cron_check_urgent_deadlines()
            item.with_user(self.district_head).action_sign()
        self.assertEqual(item.state, "submitted")
        self.assertEqual(item.urgent_status, "on_time")
        self.assertEqual(item.reported_on, datetime(2026, 7, 2, 7, 0))
        self.assertEqual(self._urgent_points(item), 0)

    def test_officer_sending_late_is_late_from_the_sending(self):
        item = self._urgent()
        with freeze_time("2026-07-02 09:00:00"):
            item.with_user(self.district_officer).action_submit()
        self.assertEqual(item.urgent_status, "late")
        self.assertEqual(self._urgent_points(item), -100)
        with freeze_time("2026-07-02 12:00:00"):
            item.with_user(self.district_head).action_sign()
        self.assertEqual(self._urgent_points(item), -100)

    def test_phone_report_stops_the_clock(self):
        item = self._urgent()
        with freeze_time("2026-07-02 09:00:00"):
            self.env["zugong.item"]._cron_check_urgent_deadlines()
            self.assertEqual(item.urgent_status, "missed")
            self.assertEqual(self._urgent_points(item), -200)
            item.with_user(self.district_head).action_record_phone_report("2026-07-01 10:30:00")
        self.assertEqual(item.phone_reported_on, datetime(2026, 7, 1, 10, 30))
        self.assertEqual(item.phone_reported_by_id, self.district_head)
        self.assertEqual(item.urgent_status, "on_time")
        self.assertEqual(self._urgent_points(item), 0)
        with freeze_time("2026-07-03 09:00:00"):
            item.with_user(self.district_officer).action_submit()
            item.with_user(self.district_head).action_sign()
        self.assertEqual(item.urgent_status, "on_time")
        self.assertEqual(self._urgent_points(item), 0)
        self.assertTrue(item.message_ids.filtered(lambda message: "Reported by phone at" in (message.body or "")))

    def test_phone_report_checks(self):
        item = self._urgent()
        with freeze_time("2026-07-01 12:00:00"):
            with self.assertRaisesRegex(UserError, "before the event"):
                item.with_user(self.district_head).action_record_phone_report("2026-07-01 07:00:00")
            with self.assertRaisesRegex(UserError, "future"):
                item.with_user(self.district_head).action_record_phone_report("2026-07-01 14:00:00")
            with self.assertRaisesRegex(UserError, "date and time"):
                item.with_user(self.district_head).action_record_phone_report("yesterday")
            with self.assertRaises(AccessError):
                item.with_user(self.district_officer).action_record_phone_report("2026-07-01 09:00:00")
            with self.assertRaisesRegex(UserError, "urgent event"):
                self._item().with_user(self.district_head).action_record_phone_report("2026-07-01 09:00:00")
            item.with_user(self.district_head).action_record_phone_report("2026-07-01 09:00:00")
            with self.assertRaisesRegex(UserError, "research office"):
                item.with_user(self.district_head).action_record_phone_report("2026-07-01 08:30:00")
            item.with_user(self.research_user).action_record_phone_report("2026-07-01 08:30:00")
        self.assertEqual(item.phone_reported_on, datetime(2026, 7, 1, 8, 30))
        self.assertEqual(item.phone_reported_by_id, self.research_user)

    def test_clock_as_read(self):
        item = self._urgent()
        with freeze_time("2026-07-02 02:30:00"):
            item.invalidate_recordset(["urgent_clock"])
            self.assertEqual(item.urgent_clock, "5 h 30 min left to report")
        with freeze_time("2026-07-02 09:15:00"):
            item.invalidate_recordset(["urgent_clock"])
            self.assertEqual(item.urgent_clock, "Not reported, 1 h 15 min overdue")
            item.with_user(self.district_officer).action_submit()
            self.assertEqual(item.urgent_clock, "Reported 1 h 15 min after the deadline")
        chinese = item.with_context(lang="zh_CN")
        chinese.invalidate_recordset(["urgent_clock"])
        self.assertEqual(chinese.urgent_clock, "已报送（超过时限 1小时15分钟）")

    def test_followup_has_no_clock(self):
        original = self._urgent()
        with freeze_time("2026-07-01 10:00:00"):
            original.with_user(self.district_officer).action_submit()
        followup = self._item(type_id=self.env.ref("zugong_info.item_type_followup").id,
                              parent_item_id=original.id, event_time="2026-07-01 08:00:00")
        with freeze_time("2026-07-05 10:00:00"):
            followup.with_user(self.district_officer).action_submit()
        self.assertFalse(followup.report_deadline)
        self.assertFalse(followup.urgent_status)
        self.assertEqual(self._urgent_points(followup), 0)
        without_parent = self._item(type_id=self.env.ref("zugong_info.item_type_followup").id)
        with self.assertRaisesRegex(UserError, "follows up"):
            without_parent.with_user(self.district_officer).action_submit()
