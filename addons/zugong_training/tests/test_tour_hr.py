from datetime import timedelta
from urllib.parse import quote

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourHr(HttpCase):
    """HR's journey in the browser, on the demo data."""

    def test_walk_in_and_employee_training(self):
        """HR adds a walk-in to the session under way from its attendance list, then reads an
        officer's training on the employee's page and opens it; the session's sign-in sheet
        then lists the walk-in and carries the code and its QR code."""
        ref = self.env.ref
        hr = ref("zugong_info.demo_user_hr")
        now = fields.Datetime.now()
        session = self.env["zugong.training.session"].with_user(hr).create({
            "name": "基层信息写作现场培训",
            "kind_id": ref("zugong_training.training_kind_lecture").id,
            "date_start": now - timedelta(minutes=20),
            "date_end": now + timedelta(hours=2),
            "date_tz": "Asia/Shanghai",
            "location": "市委组织部三楼会议室",
            "unit_ids": [(6, 0, (ref("zugong_info.demo_unit_lj") | ref("zugong_info.demo_unit_qs")).ids)],
        })
        session.action_confirm()
        walk_in = ref("zugong_info.demo_user_officer_sy")
        self.assertNotIn(walk_in, session.attendance_ids.user_id)
        invited = session.attendance_ids
        employee = ref("zugong_info.demo_employee_lj")
        hours = employee.with_user(hr).zugong_training_hours
        self.assertTrue(hours, "the demo officer has training this year")

        self.start_tour("/odoo", "zugong_hr_training", login="renshi")

        added = session.attendance_ids - invited
        self.assertEqual(len(added), 1)
        self.assertRecordValues(added, [{
            "user_id": walk_in.id, "unit_id": ref("zugong_info.demo_unit_sy").id, "state": "present",
            "walk_in": True, "invited_on": False,
        }])
        self.assertEqual(added.create_uid, hr)
        self.assertEqual(session.state, "confirmed")
        self.assertIn("黄佳怡", session.message_ids[0].body)
        self.assertEqual(employee.with_user(hr).zugong_training_hours, hours)
        self.assertEqual(hours, sum(self.env["zugong.training.attendance"].search([
            ("user_id", "=", employee.user_id.id), ("session_state", "=", "done"),
            ("date", ">=", fields.Date.today().replace(month=1, day=1)),
        ]).mapped("hours_credited")))

        # The printable sign-in sheet, as HR opens it
        self.authenticate("renshi", "renshi")
        response = self.url_open(f"/report/html/zugong_training.report_signin_sheet/{session.id}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        code = session.sudo().signin_code
        self.assertIn(code, html)
        self.assertIn(quote(f"/my/training/{session.id}?code={code}", safe=""), html)
        self.assertIn("barcode_type=QR", html.replace("&amp;", "&"))
        for person in session.attendance_ids.user_id:
            self.assertIn(person.name, html)

        # the QR code opens the officer's training page with the code in the sign-in form
        self.authenticate("lj_officer", "lj_officer")
        page = self.url_open(session._signin_url().removeprefix(session.get_base_url()))
        self.assertEqual(page.status_code, 200)
        self.assertRegex(page.text, rf'name="code"[^>]*value="{code}"')


@tagged("post_install", "-at_install")
class TestTourHrLeave(HttpCase):
    """HR decides the leave requests officers made from the portal."""

    def test_approve_and_refuse_leave(self):
        ref = self.env.ref
        hr = ref("zugong_info.demo_user_hr")
        officers = ref("zugong_info.demo_user_officer_lj") | ref("zugong_info.demo_user_officer_lj_point")
        now = fields.Datetime.now()
        session = self.env["zugong.training.session"].with_user(hr).create({
            "name": "组工信息写作专题培训",
            "kind_id": ref("zugong_training.training_kind_lecture").id,
            "date_start": now + timedelta(days=3),
            "date_end": now + timedelta(days=3, hours=3),
            "date_tz": "Asia/Shanghai",
            "location": "市委党校二楼报告厅",
            "unit_ids": [(6, 0, ref("zugong_info.demo_unit_lj").ids + ref("zugong_info.demo_unit_lj_point").ids)],
        })
        session.action_confirm()
        Leave = self.env["zugong.training.leave"]
        leaves = Leave
        for officer in officers:
            attendance = session.attendance_ids.filtered(lambda a, officer=officer: a.user_id == officer)
            self.assertTrue(attendance, f"{officer.name} is invited")
            leaves |= Leave.with_user(officer)._portal_request(attendance, {"reason": "当天参加县里防汛值班"}).sudo()

        self.start_tour("/odoo", "zugong_hr_leave", login="renshi")

        self.env.invalidate_all()
        approved, refused = leaves.sorted(lambda leave: leave.user_id != officers[0])
        self.assertRecordValues(approved | refused, [
            {"state": "approved", "decided_by_id": hr.id, "decision_note": False},
            {"state": "refused", "decided_by_id": hr.id, "decision_note": "本次培训为必训内容，请安排时间参加"},
        ])
        self.assertEqual(approved.attendance_id.state, "excused")
        self.assertNotEqual(refused.attendance_id.state, "excused")
