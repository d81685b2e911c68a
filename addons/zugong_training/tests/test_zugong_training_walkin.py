"""HR's side of training: walk-ins added from the attendance list, the printable sign-in
sheet with its QR code, and the training on the employee's page."""
import re
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import ZugongTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingWalkIn(ZugongTrainingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.section_officer = cls._user("t_section_officer", "zugong_info.group_officer", cls.section)
        cls.session = cls._confirmed_session()

    def _walk_in(self, user, session=None, **values):
        wizard = self.env["zugong.training.walkin"].with_user(self.hr_user).with_context(
            default_session_id=(session or self.session).id,
        ).create({"user_id": user.id, **values})
        wizard.action_add()
        return (session or self.session).attendance_ids.filtered(lambda a: a.user_id == user)

    def test_walk_in_from_the_attendance_list(self):
        action = self.env["zugong.training.attendance"].with_user(self.hr_user).with_context(
            default_session_id=self.session.id).action_add_walk_in()
        self.assertEqual((action["res_model"], action["context"]), ("zugong.training.walkin",
                                                                    {"default_session_id": self.session.id}))
        from_lines = self.session.attendance_ids[:1].with_user(self.hr_user).action_add_walk_in()
        self.assertEqual(from_lines["context"], {"default_session_id": self.session.id})

        walk_in = self._walk_in(self.section_officer, state="late", note="临时参加")
        self.assertRecordValues(walk_in, [{
            "unit_id": self.section.id, "state": "late", "walk_in": True, "invited_on": False, "note": "临时参加",
            "hours_credited": 3.0,
        }])
        self.assertIn(self.section_officer.name, self.session.message_ids[0].body)
        # inviting again sends nothing to the walk-in
        self.session.with_user(self.hr_user).action_invite()
        self.assertFalse(walk_in.invited_on)
        self.session.with_user(self.hr_user).action_done()
        self.assertEqual((walk_in.state, walk_in.hours_credited), ("late", 3.0), "credited like the invited")

    def test_walk_ins_only_join_an_open_session_once(self):
        planned = self._session(name="Planned")
        closed = self._confirmed_session(name="Closed")
        closed.action_done()
        full = self._confirmed_session(units=self.district, capacity=1, name="Full")
        count = self.env["zugong.training.attendance"].search_count([])
        for session, user, message in [
            (planned, self.section_officer, "open"),
            (closed, self.section_officer, "open"),
            (self.session, self.district_officer, "already on the attendance list"),
            (full, self.section_officer, "full"),
            (self.session, self._outsider("t_outsider"), "no access"),
        ]:
            with self.subTest(session=session.name, user=user.login), self.assertRaisesRegex(UserError, message):
                self._walk_in(user, session)
        with self.assertRaisesRegex(UserError, "present or late"):
            self.session.with_user(self.hr_user)._add_walk_in(self.section_officer, state="absent")
        self.assertEqual(self.env["zugong.training.attendance"].search_count([]), count)
        with self.assertRaises(AccessError):
            self.session.with_user(self.district_head)._add_walk_in(self.section_officer)

    def test_sign_in_sheet_with_its_qr_code(self):
        self.session.sudo().signin_code = "482913"
        self._walk_in(self.section_officer)
        html = self.env["ir.actions.report"].with_user(self.hr_user)._render_qweb_html(
            "zugong_training.report_signin_sheet", self.session.ids)[0].decode()
        self.assertIn("482913", html)
        url = f"{self.session.get_base_url()}/my/training?code=482913"
        self.assertEqual(self.session._signin_url(), url)
        source = next(src for src in re.findall(r'src="([^"]+)"', html) if "/report/barcode/" in src)
        query = parse_qs(urlsplit(source.replace("&amp;", "&")).query)
        self.assertEqual((query["barcode_type"], query["value"]), (["QR"], [url]))
        for person in (self.district_officer, self.county_officer, self.section_officer):
            self.assertIn(person.name, html)
        self.assertEqual(html.count("Walk-in"), 1)
        # the code is HR's, and so is the sheet
        report = self.env.ref("zugong_training.action_report_signin_sheet")
        self.assertEqual(report.groups_id, self.env.ref("zugong_info.group_hr"))
        self.env.invalidate_all()
        with self.assertRaisesRegex(QWebException, "signin_code"):
            self.env["ir.actions.report"].with_user(self.research_user)._render_qweb_html(
                "zugong_training.report_signin_sheet", self.session.ids)
        self.assertEqual(unquote(self.session._signin_qr_src()).count("code=482913"), 1)


@tagged("post_install", "-at_install")
class TestTrainingOnTheEmployee(ZugongTrainingCase):

    def test_the_years_hours_on_the_employee(self):
        employee = self.env["hr.employee"].create({"name": "District officer", "user_id": self.district_officer.id})
        this_year = fields.Datetime.now().replace(month=3, day=5, hour=1, minute=0, second=0, microsecond=0)
        closed = self._confirmed_session(units=self.district, date_start=this_year, date_end=this_year + timedelta(hours=3))
        self._attendance(closed, self.district_officer)._mark("present")
        closed.action_done()
        still_open = self._confirmed_session(units=self.district, date_start=this_year + timedelta(days=1),
                                             date_end=this_year + timedelta(days=1, hours=3))
        self._attendance(still_open, self.district_officer)._mark("present")
        last_year = self._confirmed_session(units=self.district, date_start=this_year.replace(year=this_year.year - 1),
                                            date_end=this_year.replace(year=this_year.year - 1) + timedelta(hours=3))
        self._attendance(last_year, self.district_officer)._mark("present")
        last_year.action_done()
        self.assertEqual(employee.with_user(self.hr_user).zugong_training_hours, 6, "closed sessions of this year")
        public = self.env["hr.employee.public"].with_user(self.hr_user).browse(employee.id)
        self.assertEqual(public.zugong_training_hours, 6, "also on the page other users see")
        action = public.action_zugong_training()
        self.assertEqual(action["domain"], [("user_id", "=", self.district_officer.id)])
        self.assertEqual(self.env["zugong.training.attendance"].with_user(self.hr_user).search(action["domain"]),
                         (closed | still_open | last_year).attendance_ids.filtered(
                             lambda a: a.user_id == self.district_officer))
        with self.assertRaises(AccessError):
            self.env["hr.employee.public"].with_user(self.district_officer).browse(employee.id).read(
                ["zugong_training_hours"])
