from datetime import date

from odoo.tests import freeze_time, tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongCommission(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._register(cls.district, cls.district_officer)
        cls._register(cls.county, cls.county_officer)
        cls._register(cls.section, cls.research_user)
        with freeze_time("2026-04-01 09:00:00"):
            cls.commission = cls.env["zugong.commission"].with_user(cls.research_user).create({
                "name": "New employment groups",
                "deadline": date(2026, 4, 10),
                "target_unit_ids": [(6, 0, (cls.district | cls.county | cls.section).ids)],
            })
            cls.commission.with_user(cls.research_user).action_open()

    def _answer(self, unit, author, when):
        with freeze_time(when):
            return self._submitted_item(unit, author, commission_id=self.commission.id)

    def _status(self, unit):
        return self.commission.target_ids.filtered(lambda t: t.unit_id == unit).status

    def test_targets_and_opening_reminders(self):
        self.assertEqual(self.commission.target_ids.unit_id, self.district | self.county | self.section)
        self.assertEqual(set(self.commission.target_ids.mapped("status")), {"open"})
        self.assertEqual(
            self.commission.activity_ids.user_id,
            self.district_officer | self.county_officer | self.research_user,
        )

    def test_on_time_late_and_missed(self):
        on_time = self._answer(self.district, self.district_officer, "2026-04-10 15:00:00")
        self.assertEqual(self._status(self.district), "on_time")
        self.assertEqual(
            self.commission.target_ids.filtered(lambda t: t.unit_id == self.district).item_id, on_time
        )
        with freeze_time("2026-04-11 01:00:00"):
            self.env["zugong.commission"]._cron_commissions()
        self.assertEqual(self._status(self.county), "missed")
        self.assertEqual(self._status(self.section), "missed")
        self._answer(self.county, self.county_officer, "2026-04-12 10:00:00")
        self.assertEqual(self._status(self.county), "late")
        self.assertEqual(self.commission.fulfilled_count, 2)
        self.assertEqual(self.commission.missed_count, 1)

    def test_cron_before_the_deadline_changes_nothing(self):
        with freeze_time("2026-04-10 20:00:00"):
            self.env["zugong.commission"]._cron_commissions()
        self.assertEqual(set(self.commission.target_ids.mapped("status")), {"open"})

    def test_reminder_before_the_deadline(self):
        self._answer(self.district, self.district_officer, "2026-04-05 10:00:00")
        self.commission.activity_ids.unlink()
        with freeze_time("2026-04-08 01:00:00"):
            self.env["zugong.commission"]._cron_commissions()
        reminded = self.commission.activity_ids.user_id
        self.assertEqual(reminded, self.county_officer | self.research_user)

    def test_removing_a_target_unit(self):
        self.commission.target_unit_ids = [(3, self.section.id)]
        self.assertEqual(self.commission.target_ids.unit_id, self.district | self.county)

    def test_officer_sees_commissions_for_the_unit(self):
        visible = self.env["zugong.commission"].with_user(self.county_officer).search([])
        self.assertIn(self.commission, visible)
        draft = self.env["zugong.commission"].create({
            "name": "Draft", "deadline": date(2026, 5, 1), "target_unit_ids": [(6, 0, self.county.ids)],
        })
        self.assertNotIn(draft, self.env["zugong.commission"].with_user(self.county_officer).search([]))
