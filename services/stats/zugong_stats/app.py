"""The HTTP service: GET /health, GET /v1/notices (JSON or xlsx) and POST /v1/notices/xlsx
(the xlsx of a notice answered before)."""
import contextlib
import datetime
import hmac
import logging
import re
import time
import urllib.parse
import uuid

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .cache import HIT, MISS, OFF, Answer, AnswerCache, RenderedFile, answer_from_database, body_digest
from .config import ConfigError
from .contract import CONTRACT_VERSION, ContractError, check_contract
from .db import Database, DatabaseError
from .errors import ApiError
from .models import ErrorBody, Health, Notice
from .notice import TIE_BREAKERS, NoticeRequest, RankWithin, Subject, UnitKind, build_notice, query_notice
from .periods import Period, PeriodKind
from .xlsx import XLSX_MEDIA_TYPE, render_notice_xlsx

log = logging.getLogger("zugong_stats")
request_log = logging.getLogger("zugong_stats.request")

JSON_MEDIA_TYPE = "application/json"
# Whether the answer was kept (hit), computed by a concurrent request for the same one
# (shared), computed (or its file rendered) for this request (miss), or the cache is off;
# and the WAL position the answer's data includes everything up to.
CACHE_HEADER = "X-Zugong-Cache"
DATA_VERSION_HEADER = "X-Zugong-Data-Version"

DATABASE_MESSAGES = {
    "database_unavailable": "统计数据库暂时无法连接，请稍后重试。",
    "database_timeout": "统计数据库响应超时，请稍后重试。",
    "database_busy": "统计服务繁忙，请稍后重试。",
    "replica_lagging": "统计数据库是只读副本，其数据落后于主库超过允许的时限。为免通报使用过时的数据，暂不出具，请稍后重试。",
}


def database_message(error):
    return error.message or DATABASE_MESSAGES[error.code]


PARAMETER_ERRORS = {
    "period_kind": ("invalid_period_kind", "周期类型无效：应为 month（月）、bimonth（双月）、"
                                           "quarter（季度）、halfyear（半年）或 year（年度）。"),
    "start": ("invalid_date", "开始日期无效：应为 YYYY-MM-DD 格式的日期。"),
    "end": ("invalid_date", "结束日期无效：应为 YYYY-MM-DD 格式的日期。"),
    "scope_unit_id": ("invalid_unit", "统计范围单位编号无效：应为正整数。"),
    "subject": ("invalid_subject", "排名对象无效：应为 units（单位）或 people（个人）。"),
    "kind": ("invalid_unit_kind", "单位类别无效：应为 county、township、section、point 或 other。"),
    "rollup": ("invalid_parameter", "rollup 参数无效：应为 true 或 false。"),
    "rank_within": ("invalid_parameter", "rank_within 参数无效：应为 all（全部一起排名）、kind（按单位类别分别排名）"
                                         "或 category（按单位分类分别排名）。"),
}

HTTP_ERRORS = {
    400: ("bad_request", "请求无效。"),
    401: ("unauthorized", "缺少或错误的访问令牌。"),
    404: ("not_found", "请求的地址不存在。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
}

# What anyone may read without the token: the health check and the API's description.
PUBLIC_PATHS = frozenset({"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
MAX_INT4 = 2**31 - 1


def error_response(status, code, message, headers=None, **extra):
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status,
                        headers=headers)


def negotiate(accept):
    """The media type to answer with, or None when the client accepts neither."""
    if not accept:
        return JSON_MEDIA_TYPE
    preference = {JSON_MEDIA_TYPE: (0.0, -1), XLSX_MEDIA_TYPE: (0.0, -1)}
    for part in accept.split(","):
        media_range, *parameters = [piece.strip() for piece in part.split(";")]
        media_range = media_range.lower()
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        for offer in preference:
            if media_range == offer:
                specificity = 2
            elif media_range == offer.split("/")[0] + "/*":
                specificity = 1
            elif media_range == "*/*":
                specificity = 0
            else:
                continue
            # The most specific range that matches an offer decides its quality.
            if specificity > preference[offer][1]:
                preference[offer] = (quality, specificity)
    json_rank, xlsx_rank = preference[JSON_MEDIA_TYPE], preference[XLSX_MEDIA_TYPE]
    if json_rank[0] <= 0 and xlsx_rank[0] <= 0:
        return None
    return XLSX_MEDIA_TYPE if xlsx_rank > json_rank else JSON_MEDIA_TYPE


def content_disposition(title, period_start):
    # The plain name carries the period's date only (a notice sent back in a request
    # body could put quotes or anything else there).
    fallback = f"zugong-notice-{re.sub(r'[^0-9-]', '', str(period_start))[:10]}.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(title + '.xlsx')}"


async def request_body(request: Request):
    """The request's body as it came (read once: FastAPI keeps it for the body's model)."""
    return await request.body()


def token_matches(authorization, token):
    """The Authorization header value carries the bearer token (compared in constant time)."""
    scheme, _, credentials = authorization.strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(credentials.strip().encode(), token.encode())


class GuardMiddleware:
    """Before anything reads a request's body: the token, on every path but the public
    ones (401, the body left unread), then the body's size (413 as soon as the declared
    or the received length passes the bound). The body, read here in full, is handed on
    to the application."""

    def __init__(self, app, token, max_body_bytes):
        self.app = app
        self.token = token
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if scope["path"] not in PUBLIC_PATHS and not token_matches(
                headers.get(b"authorization", b"").decode("latin-1"), self.token):
            code, message = HTTP_ERRORS[401]
            await error_response(401, code, message, headers={"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"").strip()
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send):
        megabytes = self.max_body_bytes / (1024 * 1024)
        await error_response(413, "body_too_large", f"请求体过大：不得超过 {megabytes:g} MB。")(
            scope, receive, send)


class RequestLogMiddleware:
    """Gives every request an id (X-Request-ID, taken from the client when sane) and logs
    one line per request with its method, path (never its query string, which may carry
    anything), status and duration."""

    REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if self.REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_log.info("request", extra={
                "request_id": request_id,
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            })


def create_app(settings, database=None):
    """The ASGI application. Its startup checks the database's reporting contract and
    fails (the server refuses to start) when the database does not serve it."""
    if not settings.token:
        raise ConfigError("ZUGONG_STATS_TOKEN is not set: the service needs the token Odoo sends")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.database = database or Database(settings)
        try:
            # A standby that lags may still start: its requests answer 503 until it
            # has caught up.
            version = app.state.database.run(check_contract, replica_check=False)
        except (ContractError, DatabaseError):
            app.state.database.close()
            raise
        log.info("serving reporting contract %s", version, extra={"contract_version": version})
        yield
        app.state.database.close()

    app = FastAPI(
        title="组工信息统计服务 (zugong-stats)",
        version=__version__,
        description="Ranked notices (通报) of 组工信息 work, read from the reporting contract "
                    "views of zugong_info. JSON by default, xlsx with "
                    f"`Accept: {XLSX_MEDIA_TYPE}`.",
        lifespan=lifespan,
    )
    # The last added is the outermost: every request is logged, refused ones included.
    app.add_middleware(GuardMiddleware, token=settings.token, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware)
    app.state.cache = AnswerCache(settings.cache_bytes)
    bearer = HTTPBearer(auto_error=False, description="the token shared with Odoo")

    def require_token(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)):
        if credentials is None or not hmac.compare_digest(
                credentials.credentials.encode(), settings.token.encode()):
            raise StarletteHTTPException(401)

    @app.exception_handler(ApiError)
    async def api_error(request, error):
        extra = {"parameter": error.parameter} if error.parameter else {}
        return error_response(error.status, error.code, error.message, **extra)

    @app.exception_handler(DatabaseError)
    async def database_error(request, error):
        log.warning("database: %s", error, extra={"request_id": request.state.request_id,
                                                   "code": error.code})
        return error_response(503, error.code, database_message(error),
                              headers={"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def invalid_parameter(request, error):
        first = error.errors()[0]
        location = tuple(first.get("loc") or ())
        if location[:1] == ("body",):
            if first.get("type") == "json_invalid":
                return error_response(422, "invalid_notice", "通报内容无效：请求体不是有效的 JSON。")
            field = ".".join(str(part) for part in location[1:])
            return error_response(422, "invalid_notice",
                                  f"通报内容无效：{field or '请求体'} 不符合通报的格式。",
                                  parameter=field or None)
        parameter = str(location[-1]) if location else ""
        if first.get("type") == "missing":
            return error_response(422, "missing_parameter", f"缺少必填参数：{parameter}。",
                                  parameter=parameter)
        code, message = PARAMETER_ERRORS.get(
            parameter, ("invalid_parameter", f"参数 {parameter} 无效。"))
        return error_response(422, code, message, parameter=parameter)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, error):
        code, message = HTTP_ERRORS.get(error.status_code, ("http_error", str(error.detail)))
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return error_response(error.status_code, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected_error(request, error):
        log.exception("unexpected error", extra={"request_id": request.state.request_id})
        return error_response(500, "internal_error", "统计服务内部错误。")

    error_responses = {status: {"model": ErrorBody} for status in (401, 404, 406, 413, 422)}
    error_responses[503] = {"model": ErrorBody, "description": "database down, slow or busy"}

    @app.get("/health", response_model=Health, response_model_exclude_none=True,
             responses={503: {"model": Health}})
    def health(request: Request):
        """Checks the database and the reporting contract it serves."""
        try:
            version = request.app.state.database.run(check_contract)
        except ContractError as error:
            log.warning("health: %s", error)
            return JSONResponse({"status": "unavailable", "code": "contract_mismatch",
                                 "message": "数据库提供的报表契约与统计服务不符。"}, status_code=503)
        except DatabaseError as error:
            log.warning("health: %s", error, extra={"code": error.code})
            return JSONResponse({"status": "unavailable", "code": error.code,
                                 "message": database_message(error)}, status_code=503)
        return {"status": "ok", "contract_version": version}

    @app.get(
        "/v1/notices",
        response_model=Notice,
        dependencies=[Depends(require_token)],
        responses={200: {"content": {XLSX_MEDIA_TYPE: {}},
                         "description": "the notice, as JSON or (by the Accept header) xlsx"},
                   **error_responses},
    )
    def get_notice(
        request: Request,
        period_kind: PeriodKind = Query(description="month, bimonth (Jan–Feb, Mar–Apr, …), quarter, halfyear, year"),
        start: datetime.date = Query(description="first day of the period, e.g. 2026-10-01"),
        scope_unit_id: int = Query(ge=1, le=MAX_INT4, description="the unit whose subtree the notice covers"),
        end: datetime.date | None = Query(None, description="optional: last day of the period, checked against start"),
        subject: Subject = Query(Subject.units, description="rank units, or the people of the units"),
        kind: UnitKind | None = Query(None, description="only units (or people of units) of this kind"),
        rollup: bool = Query(False, description="units only: each unit's figures include its whole subtree"),
        tie_breakers: str = Query("", description="comma-separated figures that split equal scores, in order: "
                                                  + ", ".join(TIE_BREAKERS)),
        rank_within: RankWithin = Query(RankWithin.all, description="all: every row ranked together; "
                                        "kind: each row ranked among the rows of its unit kind "
                                        "(counties with counties, sections with sections); "
                                        "category: each row ranked among the rows of its unit category "
                                        "(一类 with 一类; the units without a category among themselves, "
                                        "listed last). Units only: the scope's own unit is never ranked"),
    ):
        """The ranked notice of a period for a scope."""
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            raise ApiError(406, "not_acceptable",
                           f"仅支持 {JSON_MEDIA_TYPE} 或 {XLSX_MEDIA_TYPE} 格式。")
        period = Period.aligned(period_kind, start, end)
        notice_request = NoticeRequest(
            period=period, scope_unit_id=scope_unit_id, subject=subject, kind=kind, rollup=rollup,
            tie_breakers=tuple(name.strip() for name in tie_breakers.split(",") if name.strip()),
            rank_within=rank_within,
        )
        cache = request.app.state.cache

        def compute(cursor):
            scope, rows = query_notice(cursor, notice_request)
            if scope is None:
                return None
            # The xlsx asked for is rendered from the notice just built, not from its JSON.
            return Answer.from_notice(build_notice(notice_request, scope, rows),
                                      keep_notice=media_type == XLSX_MEDIA_TYPE)

        served = answer_from_database(cache, request.app.state.database,
                                      ("notice", CONTRACT_VERSION, notice_request), compute)
        if served.answer is None:
            raise ApiError(404, "unknown_unit", f"统计范围单位 {scope_unit_id} 不存在。")
        headers = {CACHE_HEADER: served.how}
        if served.version:
            headers[DATA_VERSION_HEADER] = served.version
        answer = served.answer
        if media_type == XLSX_MEDIA_TYPE:
            try:
                xlsx, rendered = answer.xlsx(render_notice_xlsx)
            finally:
                answer.forget_notice()
            if rendered:
                headers[CACHE_HEADER] = MISS if cache.enabled else OFF
                if served.key is not None:
                    cache.resized(served.key)
            headers["Content-Disposition"] = content_disposition(answer.title, answer.period_start)
            return Response(xlsx, media_type=XLSX_MEDIA_TYPE, headers=headers)
        return Response(answer.json, media_type=JSON_MEDIA_TYPE, headers=headers)

    @app.post(
        "/v1/notices/xlsx",
        response_class=Response,
        dependencies=[Depends(require_token)],
        responses={200: {"content": {XLSX_MEDIA_TYPE: {}},
                         "description": "the xlsx of the notice sent"},
                   **error_responses},
    )
    def render_notice(request: Request, notice: Notice, body: bytes = Depends(request_body)):
        """The xlsx of a notice this service answered in JSON, sent back as it came: the
        file shows exactly the figures of that answer, read from the database once. The
        same body's file is rendered once while it stays in the cache."""
        if notice.contract_version != CONTRACT_VERSION:
            raise ApiError(422, "unknown_contract_version",
                           f"通报按报表契约 {notice.contract_version} 生成，本服务只认 {CONTRACT_VERSION}。")
        cache = request.app.state.cache
        key = ("xlsx", body_digest(body))
        rendered = cache.get(key)
        how = HIT
        if rendered is None:
            answer = notice.model_dump(mode="json")
            rendered = RenderedFile(render_notice_xlsx(answer), answer["title"], answer["period"]["start"])
            cache.put(key, rendered)
            how = MISS if cache.enabled else OFF
        return Response(rendered.content, media_type=XLSX_MEDIA_TYPE, headers={
            CACHE_HEADER: how,
            "Content-Disposition": content_disposition(rendered.title, rendered.period_start)})

    return app
