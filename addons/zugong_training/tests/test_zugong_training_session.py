from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import START, ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestZugongTrainingSession(ZugongTrainingCase):

    def test_hours_follow_the_kind_unless_set(self):
        session = self._session()
        self.assertEqual(session.hours, 6)
        lecture = self.env.ref("zugong_training.training_kind_lecture")
        session.kind_id = lecture
        self.assertEqual(session.hours, 3)
        self.assertEqual(self._session(hours=2.5).hours, 2.5)

    def test_date_is_local(self):
        # 2025-12-31 17:00 UTC is New Year's Day 01:00 in Shanghai
        session = self._session(start=datetime(2025, 12, 31, 17, 0))
        self.assertEqual(session.date, date(2026, 1, 1))
        session.date_tz = "UTC"
        self.assertEqual(session.date, date(2025, 12, 31))

    def test_sign_in_window_defaults_to_the_company_lead(self):
        session = self._session()
        self.assertEqual(session.signin_from, START - timedelta(minutes=30))
        self.assertEqual(session.signin_to, START + timedelta(hours=3))
        self.assertEqual(session.late_minutes, 15)
        self.assertEqual(session.late_percent, 50)
        self.assertRegex(session.signin_code, r"^\d{6}$")

    def test_dates_in_order(self):
        with self.assertDatabaseRefuses("zugong_training_session_date_order", "结束时间"):
            self._session(duration=0)
        session = self._session()
        with self.assertDatabaseRefuses("zugong_training_session_signin_window_order", "签到"):
            session.signin_to = session.signin_from
            session.flush_recordset()

    def test_inviting_a_unit_invites_its_registered_officer(self):
        session = self._session(unit_ids=(self.district | self.county | self.section).ids)
        session.action_invite()
        # the district head is in the district, but only its officer is invited; the
        # section has no officer
        self.assertEqual(
            session.attendance_ids.mapped(lambda a: (a.user_id, a.unit_id)),
            [(self.district_officer, self.district), (self.county_officer, self.county)],
        )
        self.assertEqual(set(session.attendance_ids.mapped("state")), {"invited"})
        session.action_invite()  # nobody twice
        self.assertEqual(session.attendee_count, 2)

    def test_inviting_everyone_in_the_units_and_people_by_name(self):
        session = self._session(
            unit_ids=self.district.ids, invite_all_members=True, user_ids=self.point_officer.ids
        )
        session.action_invite()
        self.assertEqual(
            {(a.user_id, a.unit_id) for a in session.attendance_ids},
            {
                (self.district_officer, self.district),
                (self.district_head, self.district),
                (self.point_officer, self.point),
            },
        )

    def test_the_officer_on_the_session_date_is_invited(self):
        self.district_registration.write({"state": "ended", "date_to": date(2026, 2, 28)})
        self.district_registration.flush_recordset()
        self._register(self.district, self.district_head, date(2026, 3, 1))
        session = self._session(unit_ids=self.district.ids)
        session.action_invite()
        self.assertEqual(session.attendance_ids.user_id, self.district_head)

    def test_confirming_sends_invitations_by_mail_and_activity(self):
        session = self._session(unit_ids=(self.district | self.point).ids)
        session.action_confirm()
        self.assertEqual(session.state, "confirmed")
        self.assertTrue(all(session.attendance_ids.mapped("invited_on")))
        mails = self.env["mail.mail"].search([
            ("model", "=", "zugong.training.attendance"),
            ("res_id", "in", session.attendance_ids.ids),
        ])
        self.assertEqual(mails.recipient_ids, (self.district_officer | self.point_officer).partner_id)
        self.assertIn("Writing course", mails[0].subject)
        # internal people get a to-do; the portal officer has only the mail
        self.assertEqual(session.activity_ids.user_id, self.district_officer)
        self.assertEqual(session.activity_ids.date_deadline, date(2026, 3, 5))

        session.unit_ids += self.county
        session.action_invite()
        new_mails = self.env["mail.mail"].search([
            ("model", "=", "zugong.training.attendance"),
            ("res_id", "in", session.attendance_ids.ids),
        ]) - mails
        self.assertEqual(new_mails.recipient_ids, self.county_officer.partner_id)
        with self.assertRaises(UserError):
            session.action_confirm()

    def test_capacity(self):
        session = self._session(unit_ids=(self.district | self.county | self.point).ids, capacity=2)
        with self.assertRaisesRegex(UserError, "takes 2 people, and 3 would be invited"):
            session.action_invite()
        self.assertFalse(session.attendance_ids)
        session.unit_ids = self.district | self.county
        session.action_invite()
        self.assertEqual(session.attendee_count, 2)
        with self.assertDatabaseRefuses("zugong_training_session_capacity_respected", "满员"):
            self.env["zugong.training.attendance"].create(
                {"session_id": session.id, "user_id": self.point_officer.id}
            )
            self.env.flush_all()
        with self.assertDatabaseRefuses("zugong_training_session_capacity_respected", "满员"):
            session.capacity = 1
            session.flush_recordset()
        session.capacity = 0  # no limit
        session.user_ids = self.point_officer
        session.action_invite()
        self.assertEqual(session.attendee_count, 3)

    def test_cancel_and_plan_again(self):
        session = self._confirmed_session()
        self.assertTrue(session.activity_ids)
        session.action_cancel()
        self.assertEqual(session.state, "cancelled")
        self.assertFalse(session.activity_ids)
        cancel_message = session.message_ids.filtered(lambda m: "cancelled" in (m.body or ""))
        self.assertEqual(
            cancel_message.notified_partner_ids,
            (self.district_officer | self.county_officer).partner_id,
        )
        with self.assertRaises(UserError):
            session.action_done()
        session.action_reset_to_planned()
        self.assertEqual(session.state, "planned")

    def test_only_planned_or_cancelled_sessions_are_deleted(self):
        session = self._confirmed_session()
        with self.assertRaisesRegex(UserError, "cancel the session first"):
            session.unlink()
        session.action_cancel()
        attendances = session.attendance_ids
        session.unlink()
        self.assertFalse(attendances.exists())

    def test_closing_marks_the_unmarked_absent_and_freezes(self):
        session = self._confirmed_session()
        self._attendance(session, self.district_officer)._mark("present")
        session.action_done()
        self.assertEqual(session.state, "done")
        self.assertEqual(self._attendance(session, self.county_officer).state, "absent")
        self.assertFalse(session.activity_ids)

        attendance = self._attendance(session, self.district_officer)
        with self.assertRaisesRegex(UserError, "frozen"):
            attendance.write({"state": "absent"})
        with self.assertRaisesRegex(UserError, "frozen"):
            attendance._mark("late")
        with self.assertRaisesRegex(UserError, "frozen"):
            attendance.unlink()
        with self.assertRaisesRegex(UserError, "frozen"):
            self.env["zugong.training.attendance"].create(
                {"session_id": session.id, "user_id": self.point_officer.id}
            )
        with self.assertRaisesRegex(UserError, "frozen"):
            session.hours = 1
        with self.assertRaisesRegex(UserError, "cannot be reopened"):
            session.state = "confirmed"
        attendance.note = "Took notes for the unit"  # a remark stays editable
        session.name = "Writing course (spring)"
        self.assertEqual(attendance.hours_credited, 6)

    def test_the_database_freezes_closed_attendance(self):
        session = self._confirmed_session()
        session.action_done()
        attendance = self._attendance(session, self.district_officer)
        with self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", "锁定"):
            self.env.cr.execute(
                "UPDATE zugong_training_attendance SET state = 'present', hours_credited = 6"
                " WHERE id = %s", [attendance.id],
            )
        with self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", "锁定"):
            self.env.cr.execute("DELETE FROM zugong_training_attendance WHERE id = %s", [attendance.id])
        with self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", "锁定"):
            self.env.cr.execute(
                "INSERT INTO zugong_training_attendance (session_id, user_id, state, company_id)"
                " VALUES (%s, %s, 'present', %s)",
                [session.id, self.point_officer.id, self.company.id],
            )
        with self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", "锁定"):
            self.env.cr.execute(
                "UPDATE zugong_training_attendance SET session_state = 'confirmed' WHERE id = %s",
                [attendance.id],
            )
        # the close itself cannot leave anyone unmarked
        open_session = self._confirmed_session()
        with self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", "锁定"):
            open_session.sudo().write({"state": "done"})  # not through the close
            self.env.flush_all()

    def test_absence_demerits_are_proposed_only_when_set(self):
        session = self._confirmed_session(units=self.district | self.county | self.point)
        self._attendance(session, self.point_officer)._mark("excused", "On duty")
        session.action_done()
        self.assertFalse(session._propose_absence_demerits())
        self.assertFalse(session.message_ids.filtered(lambda m: "demerit" in (m.body or "")))

        settings = self.env["res.config.settings"].create({"zugong_training_absence_demerit": True})
        settings.execute()
        self.assertTrue(self.company.zugong_training_absence_demerit)

        other = self._confirmed_session(units=self.district | self.county | self.point)
        self._attendance(other, self.point_officer)._mark("excused", "On duty")
        self._attendance(other, self.district_officer)._mark("present")
        other.action_done()
        proposed = other._absence_demerit_candidates()
        self.assertEqual(proposed, self._attendance(other, self.county_officer))
        note = other.message_ids.filtered(lambda m: "demerit" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(self.county_officer.name, note.body)
        self.assertNotIn(self.point_officer.name, note.body)
        demerits = self.env["zugong.ledger.entry"].search(
            [("source_model", "=", "zugong.training.attendance"), ("source_id", "in", other.attendance_ids.ids)]
        )
        self.assertEqual(demerits.user_id, self.county_officer)
        self.assertEqual((demerits.kind, demerits.state, demerits.points), ("demerit", "draft", -1))
        self.assertEqual(other._propose_absence_demerits(), proposed)
        self.assertEqual(self.env["zugong.ledger.entry"].search_count(
            [("source_model", "=", "zugong.training.attendance"), ("source_id", "in", other.attendance_ids.ids)]
        ), 1, "proposing again adds nothing")
        # an open session proposes nothing yet
        self.assertFalse(self._confirmed_session()._absence_demerit_candidates())
