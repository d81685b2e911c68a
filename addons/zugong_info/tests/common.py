import io
import itertools
import json
import random
import re
import threading
import time
import uuid
import zipfile
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import xlsxwriter
import psycopg2.extensions
from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.service.model import _as_validation_error
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.zugong_info.models.zugong_notice import XLSX_MEDIA_TYPE
from odoo.addons.zugong_info.report.zugong_reporting_contract import LARGE_OBJECT_CREATORS


class RaceMixin:
    """Two transactions at once, on committed data of a company of the test class's own
    (``company_id``)."""

    def _env(self, cr):
        """The superuser's environment of ``cr``, in the class's company."""
        return api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [self.company_id], "tracking_disable": True,
                                                  "lang": "en_US"})

    def _race(self, first, second):
        """Runs ``first`` in one transaction and, while it is still open, ``second`` in
        another; commits the first, then lets the second finish. Returns the error the
        second met, if any (its transaction is then rolled back)."""
        errors = []

        def run(env, step):
            try:
                step(env)
            except Exception as error:  # noqa: BLE001 - the error is the result
                errors.append(error)

        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first(self._env(first_cr))
            thread = threading.Thread(target=run, args=(self._env(second_cr), second))
            thread.start()
            self._wait_for_a_lock_wait()
            first_cr.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
            if errors:
                second_cr.rollback()
            else:
                second_cr.commit()
        return errors[0] if errors else None

    def _retry(self, step):
        with self.registry.cursor() as cr:
            step(self._env(cr))

    def _wait_for_a_lock_wait(self):
        with self.registry.cursor() as cr:
            for _attempt in range(400):
                cr.execute("SELECT count(*) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                if cr.fetchone()[0]:
                    return
                time.sleep(0.05)
        self.fail("the second transaction never waited for the first")


class ZugongCase(TransactionCase):
    """A small city: the city root with a district (a township and its direct-report
    point below it), a county and a section, plus one user per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages are checked in English; the Chinese ones by tests that ask for them
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Department"})
        Unit = cls.env["zugong.unit"]
        cls.category = cls.env["zugong.unit.category"].create(
            {"name": "Test category", "monthly_min_submissions": 4}
        )
        cls.city = Unit.create({"name": "City", "code": "T-CITY"})
        cls.district = Unit.create({
            "name": "District", "code": "T-D1", "kind": "county",
            "parent_id": cls.city.id, "category_id": cls.category.id,
        })
        cls.township = Unit.create({
            "name": "Township", "code": "T-D1-T1", "kind": "township", "parent_id": cls.district.id,
        })
        cls.point = Unit.create({
            "name": "Point", "code": "T-D1-T1-P", "kind": "point", "parent_id": cls.township.id,
        })
        cls.county = Unit.create({
            "name": "County", "code": "T-C2", "kind": "county", "parent_id": cls.city.id,
        })
        cls.section = Unit.create({
            "name": "Section", "code": "T-S1", "kind": "section", "parent_id": cls.city.id,
        })
        cls.foreign_unit = Unit.create({
            "name": "Foreign", "code": "T-F", "company_id": cls.other_company.id,
        })

        cls.research_user = cls._user("t_research", "zugong_info.group_research")
        cls.hr_user = cls._user("t_hr", "zugong_info.group_hr")
        cls.finance_user = cls._user("t_finance", "zugong_info.group_finance")
        cls.district_head = cls._user("t_district_head", "zugong_info.group_unit_head", cls.district)
        cls.district_officer = cls._user("t_district_officer", "zugong_info.group_officer", cls.district)
        cls.county_officer = cls._user("t_county_officer", "zugong_info.group_officer", cls.county)
        cls.point_officer = cls._user(
            "t_point_officer", "zugong_info.group_officer", cls.point, portal=True
        )

    @classmethod
    def _user(cls, login, group, unit=None, portal=False):
        user_type = "base.group_portal" if portal else "base.group_user"
        user = new_test_user(
            cls.env, login=login, groups=f"{user_type},{group}", lang="en_US",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        if unit:
            cls.env["zugong.unit.member"].create({"unit_id": unit.id, "user_id": user.id})
        return user

    @classmethod
    def _item(cls, unit=None, author=None, body=None, **values):
        """A draft item of ``unit`` (the district by default) written by ``author``."""
        unit = unit or cls.district
        author = author or cls.district_officer
        return cls.env["zugong.item"].create({
            "name": values.pop("name", "Item of %s" % unit.name),
            "body": body or "<p>%s</p>" % distinct_text(next(_TEXT_SEEDS)),
            "author_ids": [author.id],
            "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
            **values,
        })

    @classmethod
    def _submitted_item(cls, unit=None, author=None, body=None, **values):
        item = cls._item(unit, author, body, **values)
        item.unit_line_ids.unit_id.signoff_required = False
        item.with_user(author or cls.district_officer).action_submit()
        return item

    @classmethod
    def _ruleset(cls, rules, year=2025, name="Test rules"):
        """The active rule set of ``year`` with ``rules`` (a list of value dicts); any
        other rule set of the year (demo data) is put out of force."""
        others = cls.env["zugong.ruleset"].search([("year", "=", year), ("company_id", "=", cls.company.id)])
        # a locked rule set (the demo data's) is let go once its year has no closed period
        cls.env["zugong.period"].search([
            ("year", "=", year), ("company_id", "=", cls.company.id), ("state", "=", "closed"),
        ]).write({"state": "open"})
        cls.env.flush_all()
        others.write({"state": "draft"})
        others.flush_recordset()  # before another is put in force: one in force a year
        ruleset = cls.env["zugong.ruleset"].create({
            "name": name, "year": year, "rule_ids": [(0, 0, rule) for rule in rules],
        })
        ruleset.action_activate()
        return ruleset

    @classmethod
    def _adopted(cls, item, publication, day, form="full", **values):
        return cls.env["zugong.adoption"].create({
            "item_id": item.id, "publication_id": publication.id, "form": form, "date": day,
            "issue_number": values.pop("issue_number", f"{publication.name} {day}"), **values,
        })

    def _points(self, year=2025, **domain):
        """Sum of the score lines of ``year`` matching ``domain`` (field=value pairs)."""
        lines = self.env["zugong.score.line"].search(
            [(key, "=", value) for key, value in domain.items()]
            + [("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 31))]
        )
        return round(sum(lines.mapped("points")), 2)

    @classmethod
    def _outsider(cls, login):
        """A user of the other company only."""
        return new_test_user(
            cls.env, login=login, groups="base.group_user",
            company_id=cls.other_company.id, company_ids=[cls.other_company.id],
        )

    def assertDatabaseRefuses(self, constraint, chinese_fragment):
        """The database refuses the change in the block with ``constraint``, and the
        message a Chinese user would see contains ``chinese_fragment``."""
        return _DatabaseRefusal(self, constraint, chinese_fragment)

    @classmethod
    def _register(cls, unit, user, date_from=date(2026, 1, 1), date_to=False, **values):
        return cls.env["zugong.officer"].create({
            "unit_id": unit.id, "user_id": user.id, "date_from": date_from,
            "date_to": date_to, "state": "registered", **values,
        })


PHRASES = [
    "全区划分城市网格五百余个", "选派网格党支部书记", "推动党的组织覆盖到每一个网格",
    "整合社区党群服务中心资源", "建成网格党群驿站一百余个", "组织在职党员到社区报到",
    "认领服务岗位四千余个", "建立群众点单网格派单机制", "收集群众诉求一千八百余条",
    "实施年轻干部墩苗计划", "选派年轻干部到信访一线挂职", "建立年轻干部成长档案",
    "定期开展跟踪考核", "在实践锻炼中表现突出的得到提拔", "组成专题调研组深入乡村",
    "全县行政村集体经济年收入", "发展路子窄人才支撑弱", "盘活闲置资源资产",
    "培育村级带头人队伍", "健全集体资金监管机制", "打破行政区划联合建设人才飞地",
    "引进高层次人才团队十二个", "转化科技成果二十三项", "研发在飞地转化在本地",
    "快递员外卖配送员流动性大", "依托平台企业建立行业党委", "推行流动党员驿站",
    "开展村社区党组织书记轮训", "围绕乡村振兴开展专题辅导", "县直机关党员干部下沉社区",
    "帮助群众解决实际问题三百余个", "遭遇短时强降雨低洼路段积水", "第一时间启动应急预案",
    "组织党员突击队开展排涝", "转移群众未造成人员伤亡", "开展公务员平时考核试点",
    "完善干部担当作为激励机制", "严格落实干部选拔任用工作纪实", "深化干部人事档案专项审核",
    "推进党员教育培训全覆盖", "建设红色教育实践基地", "发展壮大乡村振兴指导员队伍",
    "建立离退休干部党支部", "开展银发人才助力行动", "推动机关党建与业务深度融合",
    "开展软弱涣散党组织整顿", "建立村级后备干部库", "实施大学生村官回引计划",
    "规范党费收缴使用管理", "开展党员先锋岗创建活动", "推进非公企业党组织规范化建设",
    "建立人才服务专员制度", "优化人才安居保障政策", "举办青年人才创新创业大赛",
    "加强基层治理数字化平台建设", "推动社区减负增效", "完善街道社区党建联席会议制度",
    "开展党建引领物业服务提升行动", "建立小区业委会党支部", "深化党员积分制管理",
]


def distinct_text(seed):
    """A Chinese text of six phrases drawn with ``seed``: texts of different seeds share
    little, so they are not similar to each other."""
    chosen = random.Random(seed).sample(PHRASES, 6)
    return "，".join(chosen) + "。"


_TEXT_SEEDS = itertools.count(1)


class _DatabaseRefusal:
    def __init__(self, case, constraint, chinese_fragment):
        self.case = case
        self.constraint = constraint
        self.chinese_fragment = chinese_fragment

    def __enter__(self):
        self.raises = self.case.assertRaises(IntegrityError)
        self.muted = mute_logger("odoo.sql_db")
        self.muted.__enter__()
        self.context = self.raises.__enter__()
        return self.context

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            suppressed = self.raises.__exit__(exc_type, exc_value, traceback)
        finally:
            self.muted.__exit__(None, None, None)
        error = self.context.exception
        self.case.assertEqual(error.diag.constraint_name, self.constraint)
        chinese_env = self.case.env(context=dict(self.case.env.context, lang="zh_CN"))
        message = str(_as_validation_error(chinese_env, error))
        self.case.assertIn(self.chinese_fragment, message)
        return suppressed


def recorded_xlsx(title):
    """A small xlsx notice, as the stats service sends one."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet("通报").write(0, 0, title)
    workbook.close()
    return buffer.getvalue()


class StatsStub:
    """A stand-in for the stats service: an HTTP server in a thread that answers every
    request with the answer recorded for its media type (JSON or xlsx) and keeps the
    requests it got, with the JSON they sent. ``hold`` makes it wait before answering,
    until closed."""

    def __init__(self):
        self.requests = []
        self.answers = {}
        self.hold = False
        self._released = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                accept = self.headers.get("Accept", "")
                sent = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.requests.append({"method": self.command, "path": url.path,
                                      "query": dict(parse_qsl(url.query)), "headers": dict(self.headers),
                                      "json": json.loads(sent) if sent else None})
                if stub.hold:
                    stub._released.wait(60)
                status, body, content_type = stub.answers[XLSX_MEDIA_TYPE if accept == XLSX_MEDIA_TYPE else "json"]
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if status == 503:
                    self.send_header("Retry-After", "5")  # as the service answers it
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that gave up waiting (a timeout) is no error of the stub

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self._released.set()
        self.server.shutdown()
        self.server.server_close()

    def reset(self, answer=None):
        """Answers ``answer`` (a notice as JSON) and its xlsx from now on."""
        self.requests.clear()
        self.hold = False
        self._released.set()
        self._released = threading.Event()
        if answer is not None:
            self.answers = {
                "json": (200, json.dumps(answer).encode(), "application/json"),
                XLSX_MEDIA_TYPE: (200, recorded_xlsx(answer["title"]), XLSX_MEDIA_TYPE),
            }

    def fail(self, status, error=None, media="both"):
        """Answers ``status`` with the JSON ``error`` ({"code", "message"}) from now on, for
        the JSON requests, the xlsx ones or both."""
        body = json.dumps(error).encode() if error is not None else b"<html>Bad Gateway</html>"
        content_type = "application/json" if error is not None else "text/html"
        for key in (["json", XLSX_MEDIA_TYPE] if media == "both" else [media]):
            self.answers[key] = (status, body, content_type)


def notice_answer(scope, rows, subject="units", kind="month", start="2026-10-01", end="2026-10-31",
                  label="2026年10月", pass_mark=20.0):
    """A notice as the stats service answers it in JSON."""
    return {
        "contract_version": "v2",
        "title": f"{label}{scope.name}组工信息工作情况通报",
        "period": {"kind": kind, "start": start, "end": end, "label": label},
        "previous_period": {"kind": kind, "start": start, "end": end, "label": label},
        "scope": {"unit_id": scope.id, "code": scope.code, "name": scope.name, "path": scope.complete_name,
                  "label": scope.name},
        "subject": subject, "kind": None, "rollup": False, "tie_breakers": [], "pass_mark": pass_mark,
        "rows": rows,
        "totals": {
            "row_count": len(rows),
            "items_submitted": sum(row["items_submitted"] for row in rows),
            "adoptions_total": sum(row["adoptions_total"] for row in rows),
            "score": sum(row["score"] for row in rows),
            "rows_below_pass_mark": sum(row["below_pass_mark"] for row in rows),
            "rows_below_target": sum(row["below_target"] for row in rows),
        },
    }


def notice_row(unit, rank, score, items=0, city=0, province=0, previous_rank=None, required=None,
               tied=False, person=None):
    """A row of a notice in the service's JSON: a unit's, or ``person``'s of the unit."""
    row = {
        "unit_id": unit.id, "code": unit.code, "name": person.name if person else unit.name,
        "path": unit.complete_name, "kind": unit.kind,
        "items_submitted": float(items), "items_toward_minimum": float(items), "adoptions_central": 0.0, "adoptions_province": float(province),
        "adoptions_city": float(city), "adoptions_county": 0.0, "adoptions_other": 0.0,
        "adoptions_total": float(city + province), "score": score, "rank": rank, "tied": tied,
        "previous_rank": previous_rank, "rank_change": previous_rank - rank if previous_rank else None,
        "submissions_required": required,
        "completion_pct": round(items * 100.0 / required, 1) if required else None,
        "below_pass_mark": score < 20, "below_target": bool(required) and items < required,
    }
    if person:
        row.update(person_id=person.id, unit_name=unit.name, is_officer=False)
    return row


class NoticeCase(ZugongCase):
    """ZugongCase with the stats service replaced by a stub answering recorded notices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stub = StatsStub()
        cls.addClassCleanup(cls.stub.close)
        config = cls.env["ir.config_parameter"]
        config.set_param("zugong_info.stats_url", cls.stub.url)
        config.set_param("zugong_info.stats_token", "stub-token")
        config.set_param("zugong_info.stats_timeout", "10")
        cls.answer = notice_answer(cls.city, [
            notice_row(cls.district, 1, 80.0, items=5, city=2, province=1, previous_rank=3, required=4),
            notice_row(cls.county, 2, 40.0, items=2, city=1, previous_rank=1, required=4, tied=True),
            notice_row(cls.township, 2, 40.0, items=3, city=1, tied=True),
            notice_row(cls.point, 4, 0.0),
        ])

    def setUp(self):
        super().setUp()
        self.stub.reset(self.answer)

    def _generate(self, **parameters):
        values = {"period_kind": "month", "period_start": date(2026, 10, 1), "scope_unit_id": self.city.id,
                  "subject": "units", **parameters}
        return self.env["zugong.notice"].with_user(self.research_user)._generate(values)


class AttackCase(HttpCase):
    """Attacks performed as the user named, through the real interface: JSON-RPC calls
    (/web/dataset/call_kw, as the web client and any script make them) and portal form
    posts with the user's CSRF token. Test users' passwords are their logins."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC as ``user``; its result."""
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def assertRpcRefused(self, user, model, method, *args, error=None, **kwargs):
        """The call is refused with an error (of the exception class ``error`` when
        given, e.g. "AccessError"); the error's class name is returned."""
        with mute_logger("odoo.http", "odoo.sql_db"):
            with self.assertRaises(JsonRpcException) as refusal:
                self.rpc(user, model, method, *args, **kwargs)
        name = str(refusal.exception).rsplit(".", 1)[-1]
        if error:
            self.assertEqual(name, error)
        self.env.invalidate_all()
        return name

    def rpc_refusal(self, user, model, method, *args, lang="zh_CN", **kwargs):
        """The refusal of ``model.method(*args, **kwargs)`` over JSON-RPC as ``user``, with
        ``lang`` in the context as the web client sends it: (the error's class name, its
        message as the user reads it). Fails when the call succeeds."""
        self.authenticate(user.login, user.login)
        kwargs["context"] = dict(kwargs.get("context") or {}, lang=lang)
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self.url_open("/web/dataset/call_kw", data=json.dumps({
                "id": 0, "jsonrpc": "2.0", "method": "call",
                "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            }), headers={"Content-Type": "application/json"})
        self.env.invalidate_all()
        error = response.json().get("error")
        self.assertTrue(error, f"{model}.{method} was not refused")
        return error["data"]["name"].rsplit(".", 1)[-1], error["data"]["message"]

    def csrf_token(self, url):
        """The CSRF token of the page at ``url`` (its form's, or the web client's) for the
        logged-in user."""
        page = self.url_open(url)
        page.raise_for_status()
        match = (re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                 or re.search(r'csrf_token: "([^"]+)"', page.text))
        self.assertTrue(match, f"no CSRF token at {url}")
        return match.group(1)

    def portal_post(self, user, form_url, post_url, data, files=None):
        """Posts ``data`` to ``post_url`` as ``user``, with the CSRF token of the form at
        ``form_url``, as the browser does; the response (redirects not followed)."""
        self.authenticate(user.login, user.login)
        data = dict(data, csrf_token=self.csrf_token(form_url))
        response = self.url_open(post_url, data=data, files=files, allow_redirects=False)
        self.env.invalidate_all()
        return response


# What a user may type as a name, that a spreadsheet must keep as text.
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-1+2",
    "@SUM(A1)",
    '{=HYPERLINK("http://x","y")}',
    "http://example.com/pay",
]


def assert_text_cells(case, xlsx, texts):
    """Every one of ``texts`` is in the workbook ``xlsx`` (bytes), each time as a plain
    string cell, and no sheet holds a formula."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                case.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate} is a formula")
                if cell.value in texts:
                    case.assertEqual(cell.data_type, "s", f"{sheet.title}!{cell.coordinate}")
                    case.assertIsNone(cell.hyperlink, f"{sheet.title}!{cell.coordinate} is a link")
                    found.add(cell.value)
    case.assertEqual(found, set(texts))
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                case.assertNotIn(b"<f>", archive.read(name), name)
                case.assertNotIn(b"<f ", archive.read(name), name)


class StatsRole:
    """The stats service's read-only role, made by the SQL the Settings show, run as a
    deployment runs it: committed, on a connection of Odoo's database user (``connect``:
    a context manager yielding a cursor whose statements are committed). Dropped, it
    gives PUBLIC back what the database gave it before (the SQL takes some of it away)."""

    def __init__(self, env, connect, password=None):
        self.name = f"zugong_stats_{uuid.uuid4().hex[:8]}"
        self.password = password
        self.sql = env["res.config.settings"].create({"zugong_stats_role": self.name}).zugong_stats_role_sql
        self._connect = connect
        self._dbname = env.cr.dbname
        with connect() as cursor:
            self._public_had = self._public_privileges(cursor)
            cursor.execute(self.sql)
            if password:
                cursor.execute(f"ALTER ROLE \"{self.name}\" PASSWORD '{password}'")

    @staticmethod
    def _public_privileges(cursor):
        """Whether PUBLIC may create in schema public, make temporary tables in this
        database and create large objects."""
        functions = ", ".join(f"'{signature}'::regprocedure" for signature in LARGE_OBJECT_CREATORS)
        cursor.execute(f"""
            SELECT EXISTS (SELECT 1 FROM pg_namespace, aclexplode(nspacl) acl
                            WHERE nspname = 'public' AND acl.grantee = 0 AND acl.privilege_type = 'CREATE'),
                   (SELECT datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(datacl) acl
                                                      WHERE acl.grantee = 0 AND acl.privilege_type = 'TEMPORARY')
                      FROM pg_database WHERE datname = current_database()),
                   (SELECT bool_and(proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(proacl) acl
                                                               WHERE acl.grantee = 0 AND acl.privilege_type = 'EXECUTE'))
                      FROM pg_proc WHERE oid IN ({functions}))
        """)
        return cursor.fetchone()

    def drop(self):
        with self._connect() as cursor:
            cursor.execute(f'DROP OWNED BY "{self.name}"; DROP ROLE "{self.name}"')
            create, temporary, large_objects = self._public_had
            if create:
                cursor.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
            if temporary:
                cursor.execute(f'GRANT TEMPORARY ON DATABASE "{self._dbname}" TO PUBLIC')
            if large_objects:
                cursor.execute(f"GRANT EXECUTE ON FUNCTION {', '.join(LARGE_OBJECT_CREATORS)} TO PUBLIC")


class RealStatsServiceCase(TransactionCase):
    """Odoo and the real stats service, run here under uvicorn in a thread. The service
    reads with connections of its own, which see committed data only: a test class
    commits a scenario in a company of its own (``company_id``) and removes it afterwards
    (``_remove_committed_data``). Skipped where the service is not importable."""

    service_missing = None

    @classmethod
    def _import_service(cls):
        """(Settings, zugong_stats.testing), or None (the reason in ``service_missing``).
        The service sets psycopg2's wait callback for the whole process when imported: it
        is put back when the class is done."""
        previous_wait_callback = psycopg2.extensions.get_wait_callback()
        try:
            from zugong_stats import testing  # noqa: PLC0415
            from zugong_stats.config import Settings  # noqa: PLC0415
        except ImportError as error:
            cls.service_missing = ("the stats service (package zugong_stats with fastapi and uvicorn) is not "
                                   f"importable here: {error}")
            return None
        cls.addClassCleanup(psycopg2.extensions.set_wait_callback, previous_wait_callback)
        return Settings, testing

    def setUp(self):
        if self.service_missing:
            self.skipTest(self.service_missing)
        super().setUp()

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            company = [cls.company_id]
            for table in ("zugong_score_outcome", "zugong_score_line", "zugong_quota", "zugong_item_transition", "zugong_item",
                          "zugong_period", "zugong_rule", "zugong_ruleset", "zugong_unit", "zugong_unit_category"):
                cr.execute(f"DELETE FROM {table} WHERE company_id = ANY(%s)", [company])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = ANY(%s)", [company])
            cr.execute("DELETE FROM res_company WHERE id = ANY(%s)", [company])
