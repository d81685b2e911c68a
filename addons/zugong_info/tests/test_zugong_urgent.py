from datetime import datetime

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
