"""Attacks on training sessions and attendance: officers, portal officers and unit heads
marking themselves present over JSON-RPC or through the portal's sign-in, HR forging
what the sign-in and the workflow record, and anyone changing a closed session, its
invitations or its attendance, over JSON-RPC or by SQL; and a close racing a change of
its attendance in two transactions. Each refused, with nothing changed."""
import re
import time
from datetime import timedelta

from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.zugong_info.tests.common import AttackCase, RaceMixin

from .common import START, ZugongTrainingCase

CLOSED = "锁定"


@tagged("post_install", "-at_install")
class TestSecurityTraining(AttackCase, ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.section_officer = cls._user("t_section_officer", "zugong_info.group_officer", cls.section)
        now = fields.Datetime.now().replace(microsecond=0)
        # open for sign-in now (the server thread runs on the real clock)
        cls.open = cls._confirmed_session(
            units=cls.district | cls.point, date_start=now - timedelta(minutes=5),
            date_end=now + timedelta(hours=2), name="Open course",
        )
        cls.open.sudo().signin_code = "802613"
        cls.county_only = cls._confirmed_session(
            units=cls.county, date_start=now - timedelta(minutes=5), date_end=now + timedelta(hours=2),
            name="County course",
        )
        cls.county_only.sudo().signin_code = "802613"
        cls.closed = cls._confirmed_session(units=cls.district | cls.county | cls.point, name="Closed course")
        cls._attendance_of(cls.closed, cls.county_officer)._mark("present")
        cls.closed.action_done()

    @classmethod
    def _attendance_of(cls, session, user):
        return session.attendance_ids.filtered(lambda a: a.user_id == user)

    def _rows(self, sessions):
        """The sessions, their invitations and attendance as the database has them."""
        self.env.invalidate_all()
        cr = self.env.cr
        cr.execute("SELECT * FROM zugong_training_session WHERE id = ANY(%s) ORDER BY id", [sessions.ids])
        rows = cr.dictfetchall()
        cr.execute("SELECT * FROM zugong_training_attendance WHERE session_id = ANY(%s) ORDER BY id", [sessions.ids])
        attendances = cr.dictfetchall()
        cr.execute("SELECT * FROM zugong_training_session_zugong_unit_rel WHERE zugong_training_session_id = ANY(%s)"
                   " ORDER BY 1, 2", [sessions.ids])
        units = cr.fetchall()
        cr.execute("SELECT * FROM res_users_zugong_training_session_rel WHERE zugong_training_session_id = ANY(%s)"
                   " ORDER BY 1, 2", [sessions.ids])
        people = cr.fetchall()
        for row in (*rows, *attendances):
            row.pop("write_date"), row.pop("write_uid")
        return rows, attendances, units, people

    # ------------------------------------------------------------------ officers and heads

    def test_officers_cannot_mark_themselves_present(self):
        before = self._rows(self.open | self.county_only | self.closed)
        for user in (self.district_officer, self.point_officer, self.district_head):
            own = self._attendance_of(self.open, user) or self._attendance_of(self.open, self.district_officer)
            attacks = [
                ("zugong.training.attendance", "write", own.ids, {"state": "present"}),
                ("zugong.training.attendance", "write", own.ids, {"signin_date": "2026-03-05 01:00:00"}),
                ("zugong.training.attendance", "write", own.ids, {"hours_credited": 6}),
                ("zugong.training.attendance", "write", own.ids, {"signin_attempts": 0}),
                ("zugong.training.attendance", "create", {"session_id": self.county_only.id, "user_id": user.id,
                                                          "state": "present"}),
                ("zugong.training.attendance", "unlink", own.ids),
                ("zugong.training.attendance", "_mark", own.ids, "present"),
                ("zugong.training.session", "_sign_in", self.county_only.ids, "802613"),
                ("zugong.training.session", "write", self.open.ids, {"hours": 60}),
                ("zugong.training.session", "action_done", self.open.ids),
                ("zugong.training.session", "action_cancel", self.open.ids),
                ("zugong.training.session", "action_new_signin_code", self.open.ids),
                ("zugong.training.session", "read", self.open.ids, ["signin_code"]),
                ("zugong.training.attendance.mark", "create",
                 {"attendance_ids": [(6, 0, own.ids)], "state": "present"}),
            ]
            for model, method, *args in attacks:
                with self.subTest(user=user.login, model=model, method=method):
                    self.assertRpcRefused(user, model, method, *args)
        self.assertEqual(self._rows(self.open | self.county_only | self.closed), before)

    def test_the_portal_sign_in_signs_in_the_user_only(self):
        before = self._rows(self.county_only | self.closed)
        attendance = self._attendance_of(self.open, self.point_officer)
        self.authenticate(self.point_officer.login, self.point_officer.login)
        token = re.search(r'csrf_token: "([^"]+)"', self.url_open("/my/training").text).group(1)

        def sign_in(session, **data):
            response = self.url_open(f"/my/training/{session.id}/signin", data={"csrf_token": token, **data})
            self.assertEqual(response.status_code, 200)
            self.env.invalidate_all()
            return response.text

        # a session the user is not invited to, a closed one, a session that does not exist
        self.assertIn("您不在本次培训的邀请名单中", sign_in(self.county_only, code="802613"))
        self.assertIn("未开放签到", sign_in(self.closed, code=self.closed.sudo().signin_code))
        missing = self.county_only.browse(999999)
        self.assertIn("您不在本次培训的邀请名单中", sign_in(missing, code="802613"))
        self.assertEqual(self._rows(self.county_only | self.closed), before)
        # fields slipped into the form change nothing but the user's own sign-in
        other = self._attendance_of(self.open, self.district_officer)
        page = sign_in(self.open, code="802613", state="late", hours_credited="60", user_id=self.district_officer.id,
                       signin_date="2020-01-01 00:00:00", attendance_id=other.id)
        self.assertIn("签到成功", page)
        self.assertEqual(attendance.state, "present")
        self.assertEqual(attendance.hours_credited, self.open.hours)
        self.assertGreater(attendance.signin_date, fields.Datetime.now() - timedelta(minutes=5))
        self.assertEqual((other.state, other.signin_date), ("invited", False))
        # without a CSRF token, nothing
        self.authenticate(self.district_officer.login, self.district_officer.login)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/my/training/{self.open.id}/signin", data={"code": "802613"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(other.state, "invited")

    def test_wrong_codes_stop_the_self_sign_in(self):
        attendance = self._attendance_of(self.open, self.point_officer)
        self.authenticate(self.point_officer.login, self.point_officer.login)
        token = re.search(r'csrf_token: "([^"]+)"', self.url_open("/my/training").text).group(1)
        for code in ("000000", "111111", "222222", "333333", "444444"):
            self.url_open(f"/my/training/{self.open.id}/signin", data={"csrf_token": token, "code": code})
        page = self.url_open(f"/my/training/{self.open.id}/signin", data={"csrf_token": token, "code": "802613"}).text
        self.assertIn("次数过多", page)
        self.env.invalidate_all()
        self.assertEqual((attendance.state, attendance.signin_attempts), ("invited", 5))

    # ------------------------------------------------------------------ HR

    def test_hr_cannot_forge_what_the_sign_in_and_the_workflow_record(self):
        before = self._rows(self.open)
        attendance = self._attendance_of(self.open, self.district_officer)
        for values in ({"signin_date": "2026-03-05 01:00:00"}, {"signin_attempts": 3},
                       {"invited_on": False}, {"hours_credited": 60}, {"session_state": "done"},
                       {"company_id": self.other_company.id}, {"date": "2026-01-01"}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.hr_user, "zugong.training.attendance", "write", attendance.ids, values,
                                      error="AccessError")
        for values in ({"state": "done"}, {"state": "planned"}, {"signin_code": "000000"},
                       {"attendee_count": 0}, {"date": "2026-01-01"}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.hr_user, "zugong.training.session", "write", self.open.ids, values,
                                      error="AccessError")
        self.assertRpcRefused(self.hr_user, "zugong.training.session", "create", {
            "name": "Born closed", "kind_id": self.kind.id, "date_start": "2026-03-05 01:00:00",
            "date_end": "2026-03-05 04:00:00", "state": "done"}, error="AccessError")
        self.assertRpcRefused(self.hr_user, "zugong.training.attendance", "create", {
            "session_id": self.open.id, "user_id": self.section_officer.id, "state": "present",
            "signin_date": "2026-03-05 01:00:00"}, error="AccessError")
        self.assertEqual(self._rows(self.open), before)
        # marking attendance remains HR's work
        self.rpc(self.hr_user, "zugong.training.attendance", "write", attendance.ids, {"state": "present"})
        self.assertEqual(attendance.state, "present")

    def test_walk_ins_are_added_by_hr_through_the_wizard_only(self):
        """Walk-in is the workflow's mark: HR cannot forge or remove it on a line, officers
        and unit heads cannot add themselves as walk-ins, and no walk-in joins a closed
        session."""
        sessions = self.open | self.closed
        before = self._rows(sessions)
        attendance = self._attendance_of(self.open, self.district_officer)
        self.assertRpcRefused(self.hr_user, "zugong.training.attendance", "write", attendance.ids,
                              {"walk_in": True}, error="AccessError")
        self.assertRpcRefused(self.hr_user, "zugong.training.attendance", "create", {
            "session_id": self.open.id, "user_id": self.section_officer.id, "walk_in": True},
            error="AccessError")
        for user in (self.section_officer, self.district_head):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.training.walkin", "create", {
                    "session_id": self.open.id, "user_id": user.id}, error="AccessError")
                self.assertRpcRefused(user, "zugong.training.session", "_add_walk_in", self.open.ids, user.id)
        wizard_id = self.rpc(self.hr_user, "zugong.training.walkin", "create", {
            "session_id": self.closed.id, "user_id": self.section_officer.id})
        self.assertRpcRefused(self.hr_user, "zugong.training.walkin", "action_add", [wizard_id], error="UserError")
        self.assertEqual(self._rows(sessions), before)
        # from the wizard, on the open session, it is HR's work
        wizard_id = self.rpc(self.hr_user, "zugong.training.walkin", "create", {
            "session_id": self.open.id, "user_id": self.section_officer.id, "state": "late"})
        self.rpc(self.hr_user, "zugong.training.walkin", "action_add", [wizard_id])
        self.assertRecordValues(self._attendance_of(self.open, self.section_officer), [{
            "walk_in": True, "state": "late", "invited_on": False}])

    def test_dates_of_sessions_lie_in_a_sane_range(self):
        count = self.env["zugong.training.session"].search_count([])
        for start in ("9999-12-31 01:00:00", "0001-01-01 01:00:00", "2026-13-45 01:00:00"):
            with self.subTest(start=start):
                name, message = self.rpc_refusal(self.hr_user, "zugong.training.session", "create", {
                    "name": "Far away", "kind_id": self.kind.id, "date_start": start, "date_end": "2026-03-05 04:00:00",
                })
                self.assertEqual(name, "ValidationError")
        name, message = self.rpc_refusal(self.hr_user, "zugong.training.session", "write", self.open.ids,
                                         {"date_end": "9999-12-31 04:00:00"})
        self.assertIn("2000-01-01", message)
        self.assertEqual(self.env["zugong.training.session"].search_count([]), count)
        with self.assertDatabaseRefuses("zugong_training_session_date_end_in_range", "2000-01-01"):
            self.env.cr.execute("UPDATE zugong_training_session SET date_end = '9999-12-31' WHERE id = %s",
                                self.open.ids)

    # ------------------------------------------------------------------ a closed session

    def test_a_closed_session_is_frozen_over_json_rpc(self):
        before = self._rows(self.open | self.closed)
        attendance = self._attendance_of(self.closed, self.district_officer)
        moving = self._attendance_of(self.open, self.district_officer)
        attacks = [
            ("zugong.training.session", "write", self.closed.ids, {"hours": 60}),
            ("zugong.training.session", "write", self.closed.ids, {"date_start": "2026-03-05 00:00:00"}),
            ("zugong.training.session", "write", self.closed.ids, {"unit_ids": [(4, self.section.id)]}),
            ("zugong.training.session", "write", self.closed.ids, {"user_ids": [(4, self.section_officer.id)]}),
            ("zugong.training.session", "write", self.closed.ids, {"state": "confirmed"}),
            ("zugong.training.session", "write", self.closed.ids,
             {"attendance_ids": [(1, attendance.id, {"state": "present"})]}),
            ("zugong.training.session", "unlink", self.closed.ids),
            ("zugong.training.session", "action_invite", self.closed.ids),
            ("zugong.training.session", "action_cancel", self.closed.ids),
            ("zugong.training.attendance", "write", attendance.ids, {"state": "present"}),
            ("zugong.training.attendance", "write", attendance.ids, {"session_id": self.open.id}),
            ("zugong.training.attendance", "write", moving.ids, {"session_id": self.closed.id}),
            ("zugong.training.attendance", "unlink", attendance.ids),
            ("zugong.training.attendance", "create", {"session_id": self.closed.id,
                                                      "user_id": self.section_officer.id}),
        ]
        for model, method, *args in attacks:
            with self.subTest(model=model, method=method, args=args):
                self.assertRpcRefused(self.hr_user, model, method, *args)
        self.assertEqual(self._rows(self.open | self.closed), before)

    def test_a_closed_session_is_frozen_in_the_database(self):
        before = self._rows(self.open | self.closed)
        cr = self.env.cr
        attendance = self._attendance_of(self.closed, self.district_officer)
        moving = self._attendance_of(self.open, self.district_officer)
        session_frozen = [
            ("UPDATE zugong_training_session SET hours = 60 WHERE id = %s", [self.closed.id]),
            ("UPDATE zugong_training_session SET state = 'confirmed' WHERE id = %s", [self.closed.id]),
            ("UPDATE zugong_training_session SET date_start = date_start - interval '1 day' WHERE id = %s",
             [self.closed.id]),
            ("DELETE FROM zugong_training_session WHERE id = %s", [self.closed.id]),
            ("INSERT INTO zugong_training_session_zugong_unit_rel VALUES (%s, %s)", [self.closed.id, self.section.id]),
            ("DELETE FROM zugong_training_session_zugong_unit_rel WHERE zugong_training_session_id = %s",
             [self.closed.id]),
            ("INSERT INTO res_users_zugong_training_session_rel (zugong_training_session_id, res_users_id)"
             " VALUES (%s, %s)", [self.closed.id, self.section_officer.id]),
        ]
        for query, params in session_frozen:
            with self.subTest(query=query), \
                    self.assertDatabaseRefuses("zugong_training_session_done_frozen", CLOSED):
                cr.execute(query, params)
        attendance_frozen = [
            ("UPDATE zugong_training_attendance SET state = 'present', hours_credited = 6 WHERE id = %s",
             [attendance.id]),
            ("UPDATE zugong_training_attendance SET session_id = %s WHERE id = %s", [self.closed.id, moving.id]),
            ("UPDATE zugong_training_attendance SET session_id = %s WHERE id = %s", [self.open.id, attendance.id]),
            ("UPDATE zugong_training_attendance SET session_state = 'confirmed' WHERE id = %s", [attendance.id]),
            ("UPDATE zugong_training_attendance SET date = '2025-01-01' WHERE id = %s", [attendance.id]),
            ("DELETE FROM zugong_training_attendance WHERE id = %s", [attendance.id]),
            ("INSERT INTO zugong_training_attendance (session_id, user_id, state, company_id, session_state)"
             " VALUES (%s, %s, 'present', %s, 'done')", [self.closed.id, self.section_officer.id, self.company.id]),
        ]
        for query, params in attendance_frozen:
            with self.subTest(query=query), \
                    self.assertDatabaseRefuses("zugong_training_attendance_closed_session_frozen", CLOSED):
                cr.execute(query, params)
        # what a closed session may still correct: its title and a remark
        cr.execute("UPDATE zugong_training_session SET name = name WHERE id = %s", [self.closed.id])
        cr.execute("UPDATE zugong_training_attendance SET note = 'Took notes' WHERE id = %s", [attendance.id])
        after = self._rows(self.open | self.closed)
        for row in after[1]:
            row.pop("note")
        for row in before[1]:
            row.pop("note")
        self.assertEqual(after, before)


@tagged("post_install", "-at_install")
class TestTrainingCloseRace(RaceMixin, TransactionCase):
    """Closing a session while its attendance changes, in two transactions at once: no
    change lands after the close, and the close misses no change made before it. The
    change made while the session closes fails (a serialization error, then the freeze once
    the close is seen); the close made while a row is added or changed fails with a
    serialization error, and, run again as Odoo runs a request again, sees it. Needs
    committed data: it makes its own in a company of its own and removes it afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env["res.company"].create({"name": f"Race {time.time_ns()}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            kind = env["zugong.training.kind"].create({"name": "Race", "default_hours": 4, "company_id": company.id})
            # people who always exist; the attendance rows are all the race needs of them
            users = env.ref("base.user_admin") | env.ref("base.default_user") | env.ref("base.public_user")
            cls.company_id, cls.user_ids, cls.kind_id = company.id, users.ids, kind.id
            cls.session_ids = []
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            cr.execute("ALTER TABLE zugong_training_session DISABLE TRIGGER zugong_training_session_freeze")
            cr.execute("ALTER TABLE zugong_training_attendance DISABLE TRIGGER zugong_training_attendance_freeze")
            cr.execute("DELETE FROM mail_message WHERE model = 'zugong.training.session' AND res_id = ANY(%s)",
                       [cls.session_ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'zugong.training.session' AND res_id = ANY(%s)",
                       [cls.session_ids])
            cr.execute("DELETE FROM zugong_training_session WHERE id = ANY(%s)", [cls.session_ids])
            cr.execute("ALTER TABLE zugong_training_session ENABLE TRIGGER zugong_training_session_freeze")
            cr.execute("ALTER TABLE zugong_training_attendance ENABLE TRIGGER zugong_training_attendance_freeze")
            cr.execute("DELETE FROM zugong_training_kind WHERE id = %s", [cls.kind_id])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = %s", [cls.company_id])
            cr.execute("UPDATE res_partner SET company_id = NULL WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company WHERE id = %s", [cls.company_id])

    def _confirmed(self):
        """A committed confirmed session with the first two people invited; its id."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            start = START + timedelta(days=len(self.session_ids))
            session = env["zugong.training.session"].create({
                "name": "Race", "kind_id": self.kind_id, "company_id": self.company_id, "date_start": start,
                "date_end": start + timedelta(hours=3),
            })
            session.write({"state": "confirmed"})
            env["zugong.training.attendance"].create([
                {"session_id": session.id, "user_id": user_id} for user_id in self.user_ids[:2]
            ])
            self.session_ids.append(session.id)
            return session.id

    def _close(self, session_id):
        def step(env):
            env["zugong.training.session"].browse(session_id).action_done()
            env.flush_all()
        return step

    @staticmethod
    def _sql(query, *params):
        def step(env):
            env.cr.execute(query, params)
        return step

    def _attendance(self, session_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT user_id, state, session_state FROM zugong_training_attendance WHERE session_id = %s"
                       " ORDER BY user_id", [session_id])
            return cr.fetchall()

    @mute_logger("odoo.sql_db")
    def test_no_change_lands_after_the_close_and_the_close_misses_none(self):
        first, second, third = self.user_ids

        # the close first: marking someone present afterwards fails, then is refused
        session_id = self._confirmed()
        mark = self._sql("UPDATE zugong_training_attendance SET state = 'present', hours_credited = 4"
                         " WHERE session_id = %s AND user_id = %s", session_id, first)
        self.assertIsInstance(self._race(self._close(session_id), mark), errors.SerializationFailure)
        with self.assertRaises(errors.CheckViolation):
            self._retry(mark)
        self.assertEqual(self._attendance(session_id), [(first, "absent", "done"), (second, "absent", "done")])

        # the close first: inviting someone afterwards fails, then is refused
        session_id = self._confirmed()
        invite = self._sql("INSERT INTO zugong_training_attendance (session_id, user_id, state, company_id,"
                           " session_state) VALUES (%s, %s, 'invited', %s, 'confirmed')",
                           session_id, third, self.company_id)
        self.assertIsInstance(self._race(self._close(session_id), invite), errors.SerializationFailure)
        with self.assertRaises(errors.CheckViolation):
            self._retry(invite)
        self.assertEqual(len(self._attendance(session_id)), 2)

        # someone invited while the session closes: the close fails, and run again marks them
        session_id = self._confirmed()
        invite = self._sql("INSERT INTO zugong_training_attendance (session_id, user_id, state, company_id,"
                           " session_state) VALUES (%s, %s, 'invited', %s, 'confirmed')",
                           session_id, third, self.company_id)
        self.assertIsInstance(self._race(invite, self._close(session_id)), errors.SerializationFailure)
        self._retry(self._close(session_id))
        self.assertEqual(self._attendance(session_id), [
            (first, "absent", "done"), (second, "absent", "done"), (third, "absent", "done"),
        ])

        # someone signing in while the session closes: the close fails, and run again keeps it
        session_id = self._confirmed()
        mark = self._sql("UPDATE zugong_training_attendance SET state = 'present', hours_credited = 4"
                         " WHERE session_id = %s AND user_id = %s", session_id, first)
        self.assertIsInstance(self._race(mark, self._close(session_id)), errors.SerializationFailure)
        self._retry(self._close(session_id))
        self.assertEqual(self._attendance(session_id), [(first, "present", "done"), (second, "absent", "done")])
