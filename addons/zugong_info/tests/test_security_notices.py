"""Attacks on ranked notices: their file, their company, their figures and rows, and their
portal pages, as the research office (on frozen data), officers and unit heads over
JSON-RPC and HTTP, and by SQL; and a publication racing a change of its rows or file in
two transactions. Each refused, with nothing changed."""
import base64
import hashlib
import time
from datetime import date

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import AttackCase, NoticeCase, RaceMixin, notice_answer, notice_row, recorded_xlsx

FROZEN = "已发布的通报已锁定"
TAMPERED = base64.b64encode(recorded_xlsx("篡改的通报")).decode()


@tagged("post_install", "-at_install")
class TestSecurityNotices(AttackCase, NoticeCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stub.reset(cls.answer)
        Notice = cls.env["zugong.notice"].with_user(cls.research_user)
        parameters = {"period_kind": "month", "period_start": date(2026, 10, 1), "subject": "units",
                      "scope_unit_id": cls.city.id}
        cls.published = Notice._generate(parameters)
        cls.published.action_publish()
        cls.stub.reset(notice_answer(cls.district, [notice_row(cls.district, 1, 50.0, items=3)]))
        cls.draft = Notice._generate(dict(parameters, scope_unit_id=cls.district.id, period_start=date(2026, 9, 1)))
        cls.stub.reset(cls.answer)
        cls.file = cls._file_of(cls.published)
        cls.original = base64.b64decode(cls.published.xlsx_file)

    @classmethod
    def _file_of(cls, notice):
        return cls.env["ir.attachment"].search([
            ("res_model", "=", "zugong.notice"), ("res_field", "=", "xlsx_file"), ("res_id", "=", notice.id),
        ])

    def _snapshot(self, notice):
        """The notice, its rows and the rows of its file's attachment, read again from the
        database."""
        self.env.invalidate_all()
        self.env.cr.execute("SELECT * FROM zugong_notice WHERE id = %s", [notice.id])
        row = self.env.cr.dictfetchone()
        self.env.cr.execute("SELECT * FROM zugong_notice_line WHERE notice_id = %s ORDER BY id", [notice.id])
        lines = self.env.cr.dictfetchall()
        self.env.cr.execute("""SELECT id, res_model, res_field, res_id, store_fname, db_datas, checksum,
                                      file_size, mimetype, name, public, company_id
                                 FROM ir_attachment WHERE res_model = 'zugong.notice' AND res_id = %s
                                ORDER BY id""", [notice.id])
        files = self.env.cr.dictfetchall()
        for values in (row, *lines):
            values.pop("write_date"), values.pop("write_uid")
        return row, lines, files, base64.b64decode(notice.xlsx_file or b"")

    # ------------------------------------------------------------------ the file

    def test_the_published_file_cannot_be_replaced_or_removed_over_json_rpc(self):
        before = self._snapshot(self.published)
        other = self.env["ir.attachment"].create({"name": "note.txt", "raw": b"a note", "res_model": "res.partner",
                                                  "res_id": self.research_user.partner_id.id})
        attacks = [
            ("write", [self.file.id], {"datas": TAMPERED}),
            ("write", [self.file.id], {"raw": "tampered"}),
            ("write", [self.file.id], {"name": "通报.xlsx", "mimetype": "text/html"}),
            ("write", [self.file.id], {"res_id": self.draft.id}),
            ("write", [self.file.id], {"public": True}),
            ("unlink", [self.file.id]),
            ("create", {"name": "通报.xlsx", "datas": TAMPERED, "res_model": "zugong.notice",
                        "res_field": "xlsx_file", "res_id": self.published.id}),
            ("copy", [self.file.id], {"default": {"datas": TAMPERED}}),
        ]
        for user in (self.research_user, self.district_head, self.district_officer, self.point_officer):
            for method, *args in attacks:
                with self.subTest(user=user.login, method=method, args=args):
                    kwargs = args.pop() if method == "copy" else {}
                    self.assertRpcRefused(user, "ir.attachment", method, *args, **kwargs)
        # another attachment moved onto the notice's file
        self.assertRpcRefused(self.research_user, "ir.attachment", "write", [other.id], {
            "res_model": "zugong.notice", "res_field": "xlsx_file", "res_id": self.published.id,
        })
        # through the notice itself
        self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.published.id],
                              {"xlsx_file": TAMPERED})
        self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.published.id],
                              {"xlsx_file": False})
        self.assertEqual(self._snapshot(self.published), before)
        self.assertTrue(self.published._xlsx_intact())

    def test_the_research_office_reads_why_in_chinese(self):
        name, message = self.rpc_refusal(self.research_user, "ir.attachment", "write", [self.file.id],
                                         {"datas": TAMPERED})
        self.assertEqual(name, "UserError")
        self.assertIn("已发布", message)
        name, message = self.rpc_refusal(self.research_user, "ir.attachment", "write",
                                         self._file_of(self.draft).ids, {"datas": TAMPERED})
        self.assertEqual(name, "AccessError")
        self.assertIn("统计服务", message)

    def test_a_draft_s_file_is_the_services_too(self):
        before = self._snapshot(self.draft)
        draft_file = self._file_of(self.draft)
        for method, *args in [("write", draft_file.ids, {"datas": TAMPERED}), ("unlink", draft_file.ids),
                              ("create", {"name": "x.xlsx", "datas": TAMPERED, "res_model": "zugong.notice",
                                          "res_field": "xlsx_file", "res_id": self.draft.id})]:
            with self.subTest(method=method):
                self.assertRpcRefused(self.research_user, "ir.attachment", method, *args)
        self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.draft.id],
                              {"xlsx_file": TAMPERED}, error="AccessError")
        self.assertEqual(self._snapshot(self.draft), before)

    def test_the_published_file_is_frozen_in_the_database(self):
        before = self._snapshot(self.published)
        cr = self.env.cr
        statements = [
            ("UPDATE ir_attachment SET db_datas = %s, store_fname = NULL WHERE id = %s",
             [base64.b64decode(TAMPERED), self.file.id]),
            ("UPDATE ir_attachment SET checksum = 'tampered' WHERE id = %s", [self.file.id]),
            ("UPDATE ir_attachment SET res_id = %s WHERE id = %s", [self.draft.id, self.file.id]),
            ("UPDATE ir_attachment SET public = true WHERE id = %s", [self.file.id]),
            ("DELETE FROM ir_attachment WHERE id = %s", [self.file.id]),
            ("INSERT INTO ir_attachment (name, type, res_model, res_field, res_id, db_datas)"
             " VALUES ('x.xlsx', 'binary', 'zugong.notice', 'xlsx_file', %s, 'x')", [self.published.id]),
            ("UPDATE ir_attachment SET res_model = 'zugong.notice', res_field = 'xlsx_file', res_id = %s"
             " WHERE id = %s", [self.published.id, self._file_of(self.draft).id]),
        ]
        for query, params in statements:
            with self.subTest(query=query), self.assertDatabaseRefuses("zugong_notice_published_frozen", FROZEN):
                cr.execute(query, params)
        # what does not change the file still does
        cr.execute("UPDATE ir_attachment SET access_token = 'shared' WHERE id = %s", [self.file.id])
        self.assertEqual(self._snapshot(self.published), before)

    def test_a_tampered_filestore_file_is_not_served(self):
        path = self.file._full_path(self.file.store_fname)
        with open(path, "rb") as stored:
            kept = stored.read()
        self.authenticate(self.point_officer.login, self.point_officer.login)
        self.assertEqual(self.url_open(f"/my/notices/{self.published.id}/xlsx").content, self.original)
        try:
            with open(path, "wb") as stored:
                stored.write(recorded_xlsx("篡改的通报"))
            with mute_logger("odoo.addons.zugong_info.models.zugong_notice"):
                self.assertEqual(self.url_open(f"/my/notices/{self.published.id}/xlsx").status_code, 404)
        finally:
            with open(path, "wb") as stored:
                stored.write(kept)
        self.assertEqual(self.url_open(f"/my/notices/{self.published.id}/xlsx").content, self.original)

    # ------------------------------------------------------------------ the company

    def test_the_company_of_a_published_notice_is_frozen(self):
        before = self._snapshot(self.published)
        self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.published.id],
                              {"company_id": self.other_company.id})
        # moving the scope unit moves no published notice (its company is the notice's)
        manager = self._user("t_manager", "zugong_info.group_manager")
        manager.company_ids = self.company | self.other_company
        _name, message = self.rpc_refusal(manager, "zugong.unit", "write", [self.city.id],
                                          {"company_id": self.other_company.id},
                                          context={"allowed_company_ids": (self.company | self.other_company).ids})
        self.assertIn(FROZEN, message)
        for query in ("UPDATE zugong_notice SET company_id = %s WHERE id = %s",
                      "UPDATE zugong_notice_line SET company_id = %s WHERE notice_id = %s"):
            with self.subTest(query=query), self.assertDatabaseRefuses("zugong_notice_published_frozen", FROZEN):
                self.env.cr.execute(query, [self.other_company.id, self.published.id])
        self.assertEqual(self._snapshot(self.published), before)
        self.assertEqual(self.city.company_id, self.company)

    # ------------------------------------------------------------------ figures and rows

    def test_no_figure_of_a_notice_is_typed_by_hand(self):
        before = self._snapshot(self.draft)
        line = self.draft.line_ids[0]
        for values in ({"state": "published"}, {"published_on": "2026-11-02 08:00:00"},
                       {"published_by_id": self.research_user.id}, {"generated_on": "2026-11-02 08:00:00"},
                       {"name": "另一个标题"}, {"total_score": 999}, {"row_count": 5},
                       {"xlsx_checksum": "0" * 40}, {"period_start": "2026-08-01"},
                       {"scope_unit_id": self.city.id}, {"scheduled": True}, {"rank_within": "kind"},
                       {"line_ids": [(1, line.id, {"score": 999})]}, {"line_ids": [(2, line.id)]}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.draft.id], values,
                                      error="AccessError")
        self.assertRpcRefused(self.research_user, "zugong.notice.line", "write", line.ids, {"score": 999, "rank": 1})
        self.assertRpcRefused(self.research_user, "zugong.notice.line", "unlink", line.ids)
        self.assertRpcRefused(self.research_user, "zugong.notice.line", "create", {
            "notice_id": self.draft.id, "unit_id": self.county.id, "name": "County", "score": 999})
        self.assertEqual(self._snapshot(self.draft), before)

    def test_no_notice_is_made_or_published_by_hand(self):
        count = self.env["zugong.notice"].search_count([])
        self.assertRpcRefused(self.research_user, "zugong.notice", "create", {
            "name": "手写的通报", "period_kind": "month", "period_start": "2026-10-01",
            "scope_unit_id": self.city.id, "state": "published",
        })
        self.assertRpcRefused(self.research_user, "zugong.notice", "create", {
            "name": "手写的通报", "period_kind": "month", "period_start": "2026-10-01",
            "scope_unit_id": self.city.id,
            "line_ids": [(0, 0, {"unit_id": self.city.id, "name": "City", "score": 100})],
        })
        self.assertRpcRefused(self.research_user, "zugong.notice", "copy", [self.published.id])
        self.assertEqual(self.env["zugong.notice"].search_count([]), count)
        # a unit head cannot publish the draft, nor withdraw or delete the published notice
        before = self._snapshot(self.draft)
        self.assertRpcRefused(self.district_head, "zugong.notice", "action_publish", [self.draft.id])
        self.assertRpcRefused(self.district_head, "zugong.notice", "write", [self.published.id], {"state": "draft"})
        self.assertRpcRefused(self.research_user, "zugong.notice", "write", [self.published.id], {"state": "draft"})
        self.assertRpcRefused(self.research_user, "zugong.notice", "unlink", [self.published.id])
        self.assertEqual(self._snapshot(self.draft), before)
        self.assertEqual(self.published.state, "published")

    def test_the_research_office_still_publishes_and_deletes_drafts(self):
        self.rpc(self.research_user, "zugong.notice", "action_publish", [self.draft.id])
        self.assertRecordValues(self.draft, [{"state": "published", "published_by_id": self.research_user.id}])
        self.stub.reset(self.answer)
        other = self.env["zugong.notice"].with_user(self.research_user)._generate({
            "period_kind": "month", "period_start": date(2026, 8, 1), "subject": "units",
            "scope_unit_id": self.city.id})
        other_file = self._file_of(other)
        self.rpc(self.research_user, "zugong.notice", "unlink", [other.id])
        self.assertFalse(other.exists())
        self.assertFalse(other_file.exists())

    # ------------------------------------------------------------------ portal

    def test_the_portal_serves_only_published_notices_of_the_units_covered(self):
        self.stub.reset(notice_answer(self.county, [notice_row(self.county, 1, 10.0)]))
        county = self.env["zugong.notice"].with_user(self.research_user)._generate({
            "period_kind": "month", "period_start": date(2026, 10, 1), "subject": "units",
            "scope_unit_id": self.county.id})
        county.action_publish()
        cases = [
            (self.point_officer, self.published, 200), (self.point_officer, county, 404),
            (self.point_officer, self.draft, 404), (self.county_officer, county, 200),
            (self.district_officer, county, 404), (self.district_head, self.draft, 404),
            (self.research_user, self.draft, 404), (self.hr_user, self.published, 404),
            (self.finance_user, self.published, 404),
        ]
        for user, notice, status in cases:
            with self.subTest(user=user.login, notice=notice.scope_unit_id.name, state=notice.state):
                self.authenticate(user.login, user.login)
                response = self.url_open(f"/my/notices/{notice.id}/xlsx")
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual(hashlib.sha1(response.content).hexdigest(), notice.xlsx_checksum)
        outsider = self._outsider("t_outsider")
        self.authenticate(outsider.login, outsider.login)
        self.assertEqual(self.url_open(f"/my/notices/{self.published.id}/xlsx").status_code, 404)


@tagged("post_install", "-at_install")
class TestNoticePublishingRace(RaceMixin, TransactionCase):
    """A publication and a change of the notice's rows or file in two transactions at once:
    whichever comes first, no change lands after the publication. Changing a row while
    the notice is being published fails (a serialization error, then the freeze once the
    publication is seen); publishing while a row is being changed waits for that change to
    commit and publishes the notice with it. Needs committed data: it makes its own in a
    company of its own and removes it afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env["res.company"].create({"name": f"Race {time.time_ns()}"})
            unit = env["zugong.unit"].create({"name": "Race unit", "code": f"RACE-{time.time_ns()}",
                                              "company_id": company.id})
            cls.company_id, cls.unit_id = company.id, unit.id
            cls.notice_ids = []
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            cr.execute("ALTER TABLE zugong_notice DISABLE TRIGGER zugong_notice_freeze")
            cr.execute("ALTER TABLE zugong_notice_line DISABLE TRIGGER zugong_notice_line_freeze")
            cr.execute("ALTER TABLE ir_attachment DISABLE TRIGGER zugong_notice_file_freeze")
            cr.execute("DELETE FROM ir_attachment WHERE res_model = 'zugong.notice' AND res_id = ANY(%s)",
                       [cls.notice_ids])
            cr.execute("DELETE FROM mail_message WHERE model = 'zugong.notice' AND res_id = ANY(%s)", [cls.notice_ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'zugong.notice' AND res_id = ANY(%s)",
                       [cls.notice_ids])
            cr.execute("DELETE FROM zugong_notice WHERE id = ANY(%s)", [cls.notice_ids])
            cr.execute("ALTER TABLE zugong_notice ENABLE TRIGGER zugong_notice_freeze")
            cr.execute("ALTER TABLE zugong_notice_line ENABLE TRIGGER zugong_notice_line_freeze")
            cr.execute("ALTER TABLE ir_attachment ENABLE TRIGGER zugong_notice_file_freeze")
            cr.execute("DELETE FROM zugong_unit WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company WHERE id = %s", [cls.company_id])

    def _draft(self):
        """A committed draft notice with one row and its file; its id."""
        with self.registry.cursor() as cr:
            xlsx = recorded_xlsx("通报")
            notice = self._env(cr)["zugong.notice"].create({
                "name": "通报", "period_kind": "month", "period_start": date(2031, 3, 1),
                "scope_unit_id": self.unit_id, "xlsx_file": base64.b64encode(xlsx),
                "xlsx_filename": "通报.xlsx", "xlsx_checksum": hashlib.sha1(xlsx).hexdigest(),
                "line_ids": [(0, 0, {"unit_id": self.unit_id, "name": "Race unit", "score": 10, "rank": 1})],
            })
            self.notice_ids.append(notice.id)
            return notice.id

    def _publish(self, notice_id):
        def step(env):
            env["zugong.notice"].browse(notice_id).action_publish()
            env.flush_all()
        return step

    @staticmethod
    def _sql(query, *params):
        def step(env):
            env.cr.execute(query, params)
        return step

    def _committed(self, query, *params):
        with self.registry.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    @mute_logger("odoo.sql_db")
    def test_a_row_change_never_lands_after_the_publication(self):
        # the publication first: the row change waits, then fails; tried again, it is refused
        notice_id = self._draft()
        change = self._sql("UPDATE zugong_notice_line SET score = 99 WHERE notice_id = %s", notice_id)
        error = self._race(self._publish(notice_id), change)
        self.assertIsInstance(error, errors.SerializationFailure)
        with self.assertRaises(errors.CheckViolation), self.registry.cursor() as cr:
            change(self._env(cr))
        self.assertEqual(self._committed("SELECT score FROM zugong_notice_line WHERE notice_id = %s", notice_id),
                         [(10,)])

        # the row change first: the publication waits for it, and publishes the row as changed
        notice_id = self._draft()
        change = self._sql("UPDATE zugong_notice_line SET score = 99 WHERE notice_id = %s", notice_id)
        self.assertIsNone(self._race(change, self._publish(notice_id)))
        self.assertEqual(self._committed(
            "SELECT notice.state, line.score FROM zugong_notice notice"
            " JOIN zugong_notice_line line ON line.notice_id = notice.id WHERE notice.id = %s", notice_id),
            [("published", 99)])

        # a row added while the notice is published
        notice_id = self._draft()
        add = self._sql("INSERT INTO zugong_notice_line (notice_id, unit_id, name, sequence, company_id)"
                        " VALUES (%s, %s, 'Extra', 2, %s)", notice_id, self.unit_id, self.company_id)
        self.assertIsInstance(self._race(self._publish(notice_id), add), errors.SerializationFailure)
        self.assertEqual(self._committed("SELECT count(*) FROM zugong_notice_line WHERE notice_id = %s", notice_id),
                         [(1,)])

    @mute_logger("odoo.sql_db")
    def test_a_file_change_never_lands_after_the_publication(self):
        notice_id = self._draft()
        replace = self._sql("UPDATE ir_attachment SET db_datas = 'tampered', store_fname = NULL"
                            " WHERE res_model = 'zugong.notice' AND res_field = 'xlsx_file' AND res_id = %s",
                            notice_id)
        self.assertIsInstance(self._race(self._publish(notice_id), replace), errors.SerializationFailure)
        with self.assertRaises(errors.CheckViolation), self.registry.cursor() as cr:
            replace(self._env(cr))
        with self.registry.cursor() as cr:
            self.assertTrue(self._env(cr)["zugong.notice"].browse(notice_id)._xlsx_intact())
