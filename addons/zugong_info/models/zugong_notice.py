import base64
import hashlib
import logging
import os
import uuid

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from ..documents.zugong_notice_document import draft_values, render_notice
from ..report.zugong_reporting_contract import load_contract
from ..tools.freeze import changed_sql, create_freeze_trigger, parent_in_state_sql
from ..tools.periods import period_start, previous_start
from ..tools.settings import get_setting
from .zugong_notice_parameters import PARAMETER_FIELDS
from .zugong_period import NOTICE_PERIOD_KINDS

_logger = logging.getLogger(__name__)

JSON_MEDIA_TYPE = "application/json"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Attempts after a failed connection (nothing reached the service yet, so nothing is
# asked twice); an answer, even an error, is never asked again.
CONNECT_RETRIES = 2
# The columns of a notice that make its content: frozen once it is published.
FROZEN_COLUMNS = (
    "name", "state", "period_kind", "period_start", "period_end", "scope_unit_id",
    "subject", "unit_kind", "rollup", "tie_breaker_1", "tie_breaker_2", "rank_within", "period_label",
    "pass_mark", "row_count", "rows_below_pass_mark", "rows_below_target",
    "total_items_submitted", "total_adoptions", "total_score", "xlsx_filename",
    "xlsx_checksum", "generated_on", "published_on", "published_by_id", "company_id",
    # the official document: its number and date given at publishing, its text as edited
    "document_number", "document_date", "document_title", "document_recipients",
    "document_overview", "document_praised", "document_criticised", "document_closing",
    "document_mark", "document_copies", "document_signature", "document_printer",
    "document_adoptions",
)
# The document's text, which the office edits while the notice is a draft.
DOCUMENT_TEXT_FIELDS = {
    "document_title", "document_recipients", "document_overview", "document_praised", "document_criticised",
    "document_closing", "document_mark", "document_copies", "document_signature", "document_printer",
}
FROZEN_FIELDS = set(FROZEN_COLUMNS) | {"line_ids", "xlsx_file"}
FROZEN_CONSTRAINT = "zugong_notice_published_frozen"
FROZEN_MESSAGE = "a published notice is frozen"
# The columns of the attachment holding a published notice's file that are the file:
# frozen with the notice (its access token, description and index may still change).
FILE_FIELD = "xlsx_file"
FROZEN_FILE_COLUMNS = (
    "res_model", "res_field", "res_id", "company_id", "name", "type", "url", "public",
    "store_fname", "db_datas", "file_size", "checksum", "mimetype",
)


class ZugongNotice(models.Model):
    """A ranked notice (通报) of a period for a scope, as the stats service computed it: a
    snapshot of the figures, row by row, and the xlsx the research office circulates.
    Generated as a draft; once published it is frozen (the database refuses changes to
    it and its rows) and the units it covers see it in the portal."""

    _name = "zugong.notice"
    _description = "Ranked Notice"
    _inherit = ["zugong.guarded.mixin", "zugong.official.document.mixin", "zugong.notice.parameters", "portal.mixin", "mail.thread"]
    _document_route = "notice"
    _order = "period_start desc, id desc"
    # Everything a notice says comes from the stats service, what it was asked for
    # included: a client sets none of it, and publishes only through action_publish.
    _workflow_fields = tuple(sorted((FROZEN_FIELDS - DOCUMENT_TEXT_FIELDS) | set(PARAMETER_FIELDS) | {"scheduled"}))

    name = fields.Char("Title", required=True, readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        required=True, default="draft", readonly=True, tracking=True, index=True, copy=False,
    )
    period_label = fields.Char("Period", readonly=True)
    pass_mark = fields.Float(digits=(16, 2), readonly=True)
    line_ids = fields.One2many("zugong.notice.line", "notice_id", "Rows", readonly=True)
    zero_line_ids = fields.One2many(
        "zugong.notice.line", compute="_compute_zero_lines", string="No Submission",
        help="The units (or people) that submitted nothing in the period (零报送).",
    )
    zero_count = fields.Integer("Submitted Nothing", compute="_compute_zero_lines")
    row_count = fields.Integer("Rows Ranked", readonly=True)
    rows_below_pass_mark = fields.Integer("Below the Pass Mark", readonly=True)
    rows_below_target = fields.Integer("Below Target", readonly=True)
    total_items_submitted = fields.Integer("Items Submitted", readonly=True)
    total_adoptions = fields.Integer("Adoptions", readonly=True)
    total_score = fields.Float("Score", digits=(16, 2), readonly=True)
    xlsx_file = fields.Binary("Notice File", attachment=True, readonly=True, copy=False)
    xlsx_filename = fields.Char("File Name", readonly=True, copy=False)
    xlsx_checksum = fields.Char(
        "File Checksum", readonly=True, copy=False,
        help="SHA-1 of the file as the stats service made it: the portal serves the file "
             "only while its content matches.",
    )
    generated_on = fields.Datetime(readonly=True, copy=False)
    scheduled = fields.Boolean(
        readonly=True, copy=False, help="Generated by the schedule set in the settings."
    )
    published_on = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", "Published By", readonly=True, copy=False)
    # The notice as an official document (GB/T 9704-2012): drafted from the figures and
    # the company's settings, edited by the research office, frozen when published.
    document_number = fields.Char(
        "Document Number", readonly=True, copy=False,
        help="Given when the notice is published, from the company's numbering of the year.",
    )
    document_date = fields.Date("Document Date", readonly=True, copy=False)
    document_title = fields.Char("Document Title")
    document_recipients = fields.Char("Main Recipients")
    document_overview = fields.Text("Overall Situation")
    document_praised = fields.Text("Praised")
    document_criticised = fields.Text("Criticised", help="Units below their target, and those that submitted nothing.")
    document_closing = fields.Text("Requirements")
    document_mark = fields.Char("Issuing Body's Mark")
    document_copies = fields.Char("Copies To")
    document_signature = fields.Char("Signature")
    document_printer = fields.Char("Printed By")
    document_adoptions = fields.Text("Adopted Items", readonly=True, help="The adoptions listed in the document, as drafted.")

    _sql_constraints = [
        # Also the constraint the freeze triggers (see init) refuse changes under.
        ("published_frozen",
         "CHECK (state != 'published' OR (published_on IS NOT NULL AND published_by_id IS NOT NULL))",
         "A published notice is frozen: its figures, rows and file stay as they were published."),
        ("document_number_uniq", "UNIQUE (company_id, document_number)",
         "This document number is already taken."),
    ]

    @api.depends("line_ids.items_submitted")
    def _compute_zero_lines(self):
        for notice in self:
            notice.zero_line_ids = notice.line_ids.filtered(lambda line: not line.items_submitted)
            notice.zero_count = len(notice.zero_line_ids)

    def init(self):
        """The freeze of published notices, in the database: their content (their company
        included) cannot change and they cannot be deleted, whatever writes them; nor can
        the attachment holding their file be changed, deleted or joined by another one.
        The attachment's check reads the notice's state FOR SHARE, so that a change of the
        file and the publication cannot race (see the rows' freeze)."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"OLD.state = 'published' AND (TG_OP = 'DELETE' OR {changed_sql(FROZEN_COLUMNS)})",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE, events=("UPDATE", "DELETE"),
        )
        create_freeze_trigger(
            self.env.cr, "ir_attachment", name="zugong_notice_file_freeze",
            refused=f"""(TG_OP != 'INSERT' AND OLD.res_model = '{self._name}' AND OLD.res_field = '{FILE_FIELD}'
                    AND (TG_OP = 'DELETE' OR {changed_sql(FROZEN_FILE_COLUMNS)})
                    AND {parent_in_state_sql(self._table, ["OLD.res_id"], "published")})
                OR (TG_OP != 'DELETE' AND NEW.res_model = '{self._name}' AND NEW.res_field = '{FILE_FIELD}'
                    AND (TG_OP = 'INSERT' OR {changed_sql(FROZEN_FILE_COLUMNS)})
                    AND {parent_in_state_sql(self._table, ["NEW.res_id"], "published")})""",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE,
        )

    def _compute_access_url(self):
        super()._compute_access_url()
        for notice in self:
            notice.access_url = f"/my/notices/{notice.id}"

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        notices = super().create(vals_list)
        for notice, vals in zip(notices, vals_list):
            if not vals.get("document_title"):
                notice.sudo().write(draft_values(notice))
        return notices

    def write(self, vals):
        if FROZEN_FIELDS & set(vals):
            self._check_draft(_("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        self._check_draft(_("deleted"))

    def _check_draft(self, action):
        published = self.sudo().filtered(lambda notice: notice.state == "published")
        if published:
            raise UserError(_(
                "%(notice)s is published and can no longer be %(action)s: a published notice "
                "stays as it was circulated.", notice=published[0].name, action=action,
            ))

    def _check_file_change(self):
        """A change of these notices' file attachments (see ir.attachment): refused for a
        published notice, and for any notice when a client asks: the file is the one the
        stats service made."""
        self._check_draft(_("changed"))
        if not self.env.su and self:
            raise AccessError(_(
                "The file of a notice is the one the stats service made: it cannot be replaced "
                "or removed by hand. Generate the notice again instead."
            ))

    def _xlsx_intact(self):
        """The notice's file is there and is the very file generated (its SHA-1 matches
        the checksum kept with the notice): what the portal may serve."""
        self.ensure_one()
        notice = self.sudo()
        if not notice.xlsx_checksum:
            return False
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_field", "=", FILE_FIELD), ("res_id", "=", notice.id),
        ])
        if len(attachment) != 1:
            return False
        intact = hashlib.sha1(attachment.raw or b"").hexdigest() == notice.xlsx_checksum
        if not intact:
            _logger.error("notice %s: its file does not match the checksum kept with it", notice.id)
        return intact

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate(self, parameters, scheduled=False):
        """Asks the stats service for the notice of ``parameters`` (values of the
        parameter fields) in JSON, then for the xlsx of that JSON, and creates the notice
        with its rows and file. Both answers are in hand before anything is written:
        when the service fails, nothing is created and the user reads why."""
        self.check_access("create")
        asked = self.new(parameters)
        asked.scope_unit_id.check_access("read")
        answer, xlsx = asked._fetch_from_service()
        values = self._values_from_answer(answer, xlsx)
        # the figures are the service's: written as superuser, after the access checks
        notice = self.sudo().create(dict(parameters, scheduled=scheduled, **values)).with_env(self.env)
        notice.check_access("write")
        if scheduled:
            notice.message_post(body=_("Generated by the schedule."))
        return notice

    def action_regenerate(self):
        """A draft asks the service again: its rows and file are replaced by the figures
        of now, or stay as they were when the service fails."""
        self.check_access("write")
        self._check_draft(_("generated again"))
        for notice in self:
            values = self._values_from_answer(*notice._fetch_from_service())
            values["line_ids"] = [Command.clear(), *values["line_ids"]]
            notice.sudo().write(values)
            notice.sudo().write(draft_values(notice))  # the document's text from the new figures
            notice.message_post(body=_("Generated again."))
        return True

    def _fetch_from_service(self):
        """The notice's JSON answer (checked) and its xlsx, from the stats service."""
        self.ensure_one()
        query = self._stats_query()
        request_id = uuid.uuid4().hex
        response = self._stats_request("GET", "/v1/notices", JSON_MEDIA_TYPE, request_id, params=query)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        self._check_answer(answer)
        # The file is rendered from the answer itself rather than asked for again, so that
        # it shows the very figures of the rows even when scores change meanwhile.
        xlsx = self._stats_request("POST", "/v1/notices/xlsx", XLSX_MEDIA_TYPE, request_id,
                                   json_body=answer).content
        if not xlsx.startswith(b"PK"):
            raise UserError(_("The stats service did not send an xlsx file for the notice."))
        return answer, xlsx

    @api.model
    def _stats_settings(self):
        """The service's address and token: the server's ZUGONG_STATS_URL and
        ZUGONG_STATS_TOKEN environment variables where a deployment sets them (the
        compose file does), else the Settings."""
        url = (os.environ.get("ZUGONG_STATS_URL") or get_setting(self.env, "stats_url", "", str)).strip().rstrip("/")
        if not url:
            raise UserError(_(
                "The address of the stats service is not set: enter it in Settings, "
                "Organization Information."
            ))
        token = os.environ.get("ZUGONG_STATS_TOKEN") or get_setting(self.env, "stats_token", "", str)
        timeout = get_setting(self.env, "stats_timeout", 60, float)
        return url, token, timeout if timeout > 0 else 60

    @api.model
    def _stats_request(self, method, path, accept, request_id, params=None, json_body=None):
        """``method`` ``path`` of the stats service, retried only when no connection could
        be made; a UserError in the user's words when no good answer came."""
        url, token, timeout = self._stats_settings()
        session = requests.Session()
        # An answer is never asked again, a 503 with its Retry-After included: the user
        # reads the service's reason (urllib3 would otherwise take it for a retry it may
        # not make, and report the service unreachable).
        retries = Retry(total=CONNECT_RETRIES, connect=CONNECT_RETRIES, read=False, status=False,
                        other=False, redirect=False, backoff_factor=0.5, respect_retry_after_header=False)
        session.mount("http://", HTTPAdapter(max_retries=retries))
        session.mount("https://", HTTPAdapter(max_retries=retries))
        headers = {"Accept": accept, "X-Request-ID": request_id}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = session.request(method, url + path, params=params, json=json_body,
                                       headers=headers, timeout=timeout)
        except requests.ConnectTimeout as error:
            _logger.warning("stats service %s: %s", url, error)
            raise UserError(self._unreachable_message(url)) from None
        except requests.Timeout:
            raise UserError(_(
                "The stats service did not answer within %s seconds. Try again later, or "
                "allow it more time in the settings.", round(timeout),
            )) from None
        except requests.RequestException as error:
            _logger.warning("stats service %s: %s", url, error)
            raise UserError(self._unreachable_message(url)) from None
        finally:
            session.close()
        if response.status_code != 200:
            raise UserError(self._error_message(response))
        return response

    @api.model
    def _stats_health(self):
        """The service's health, in words; a UserError when it is down or unhealthy."""
        response = self._stats_request("GET", "/health", JSON_MEDIA_TYPE, uuid.uuid4().hex)
        try:
            version = response.json().get("contract_version")
        except (ValueError, AttributeError):
            version = None
        if not version:
            raise UserError(_("The address in the settings answers, but not as the stats service does."))
        return _("The stats service is running and reads reporting contract %s.", version)

    @api.model
    def _unreachable_message(self, url):
        return _(
            "The stats service at %s cannot be reached. Check its address in the settings "
            "and that it is running, then try again.", url,
        )

    @api.model
    def _error_message(self, response):
        """The service's own explanation (its JSON error's Chinese message) of an error."""
        try:
            body = response.json()
        except ValueError:
            body = None
        message = body.get("message") if isinstance(body, dict) else None
        if response.status_code == 401:
            return _("The stats service refused the token: check the token in the settings.")
        if message:
            return _("The stats service answered: %(message)s (HTTP %(status)s)",
                     message=message, status=response.status_code)
        return _("The stats service failed with HTTP status %s.", response.status_code)

    def _check_answer(self, answer):
        """The answer is a notice of the contract version this database serves, for what
        was asked, about units and people of this database."""
        self.ensure_one()
        shaped = (isinstance(answer, dict) and isinstance(answer.get("title"), str)
                  and isinstance(answer.get("period"), dict) and isinstance(answer.get("scope"), dict)
                  and isinstance(answer.get("rows"), list))
        if not shaped or not all(isinstance(row, dict) and isinstance(row.get("unit_id"), int)
                                 for row in answer["rows"]):
            raise UserError(_("The stats service sent an answer that is not a notice."))
        version = load_contract()["version"]
        if answer.get("contract_version") != version:
            raise UserError(_(
                "The stats service reads reporting contract %(theirs)s, this database serves "
                "%(ours)s: update the service.", theirs=answer.get("contract_version"), ours=version,
            ))
        unit_ids = {row["unit_id"] for row in answer["rows"]}
        person_ids = {row.get("person_id") for row in answer["rows"]} if self.subject == "people" else set()
        category_ids = {row["category_id"] for row in answer["rows"] if isinstance(row.get("category_id"), int)}
        units = self.env["zugong.unit"].sudo().with_context(active_test=False).browse(unit_ids).exists()
        people = self.env["res.users"].sudo().with_context(active_test=False).browse(
            [person_id for person_id in person_ids if isinstance(person_id, int)]).exists()
        categories = self.env["zugong.unit.category"].sudo().with_context(active_test=False).browse(
            category_ids).exists()
        # A service that does not know a grouping refuses it or ranks all together; one
        # ranking within categories names each row's category.
        if self.rank_within == "category" and (
                answer.get("rank_within") != "category" or not all("category_id" in row for row in answer["rows"])):
            raise UserError(_("The stats service does not rank within unit categories: update the service."))
        if (answer.get("rank_within") or "all") != self.rank_within:
            raise UserError(_("The stats service does not rank within each kind of unit: update the service."))
        if (answer["scope"].get("unit_id") != self.scope_unit_id.id or answer.get("subject") != self.subject
                or len(units) != len(unit_ids) or len(people) != len(person_ids)
                or len(categories) != len(category_ids)):
            raise UserError(_(
                "The stats service answered about units or people this database does not have: "
                "is it connected to another database?"
            ))

    @api.model
    def _values_from_answer(self, answer, xlsx):
        totals = answer.get("totals") or {}
        title = answer["title"]
        return {
            "name": title,
            "period_label": answer["period"]["label"],
            "pass_mark": answer.get("pass_mark") or False,
            "row_count": totals.get("row_count") or len(answer["rows"]),
            "rows_below_pass_mark": totals.get("rows_below_pass_mark") or 0,
            "rows_below_target": totals.get("rows_below_target") or 0,
            "total_items_submitted": totals.get("items_submitted") or 0,
            "total_adoptions": totals.get("adoptions_total") or 0,
            "total_score": totals.get("score") or 0,
            "xlsx_file": base64.b64encode(xlsx),
            "xlsx_filename": f"{title}.xlsx",
            "xlsx_checksum": hashlib.sha1(xlsx).hexdigest(),
            "generated_on": fields.Datetime.now(),
            "line_ids": [
                Command.create(self.env["zugong.notice.line"]._values_from_row(row, sequence, answer["subject"]))
                for sequence, row in enumerate(answer["rows"], 1)
            ],
        }

    # ------------------------------------------------------------------ publishing

    def action_publish(self):
        self.check_access("write")
        self._check_draft(_("published again"))
        self._assign_document_number()
        self.env.flush_all()  # the rows as generated, before the notice is frozen
        self.sudo().write({"state": "published", "published_on": fields.Datetime.now(),
                           "published_by_id": self.env.user.id})
        officers = self.env["zugong.officer"]._current_registrations(self.line_ids.unit_id)
        for notice in self:
            recipients = self.env["res.users"].union(*(
                officers[unit.id].user_id for unit in notice.line_ids.unit_id if unit.id in officers
            ))
            notice.message_post(
                body=_("Published: the units it covers see it in the portal."),
                partner_ids=recipients.partner_id.ids,
                message_type="comment", subtype_xmlid="mail.mt_comment",
            )
        return True

    # ------------------------------------------------------------------ schedule

    @api.model
    def _cron_generate_notices(self, today=None):
        """Daily: the draft notices chosen in the settings, once per period, for the last
        complete period of each chosen kind. A notice the service could not produce is
        tried again at the next run; one generated (and perhaps deleted since) is not."""
        today = today or fields.Date.context_today(self)
        config = self.env["ir.config_parameter"].sudo()
        notices = self.browse()
        for company in self.env["res.company"].sudo().search([("zugong_notice_scope_unit_id", "!=", False)]):
            scope = company.zugong_notice_scope_unit_id
            kinds = [kind for kind, _label in NOTICE_PERIOD_KINDS if company[f"zugong_notice_auto_{kind}"]]
            chosen = company.zugong_notice_subject or "units"
            subjects = ["units", "people"] if chosen == "both" else [chosen]
            for kind in kinds:
                start = previous_start(kind, period_start(kind, today))
                for subject in subjects:
                    # what the schedule did (not a setting): one key per company, kind and subject
                    key, done = f"zugong_info.notice_done_{company.id}_{kind}_{subject}", f"{scope.id}:{start}"
                    if config.get_param(key) == done:
                        continue
                    parameters = {"period_kind": kind, "period_start": start, "scope_unit_id": scope.id,
                                  "subject": subject}
                    if subject == "units":
                        # units ranked as the rule set in force of the period's year says
                        parameters["rank_within"] = self.env["zugong.ruleset"].sudo()._notice_rank_within(
                            company, start.year)
                    try:
                        with self.env.cr.savepoint():
                            notices |= self.sudo().with_company(company)._generate(parameters, scheduled=True)
                    except UserError as error:
                        _logger.warning("scheduled notice %s: not generated: %s", parameters, error)
                        continue
                    config.set_param(key, done)
        return notices

    # ------------------------------------------------------------------ official document

    def action_draft_document(self):
        """Drafts the document's text again from the figures and the company's settings."""
        self._check_draft(_("drafted again"))
        for notice in self:
            notice.sudo().write(draft_values(notice))
        return True

    def _assign_document_number(self):
        """The document number and date of notices being published: the next of the
        company's numbering of the year (×组通〔2026〕3号), and today."""
        today = fields.Date.context_today(self)
        for notice in self.filtered(lambda notice: not notice.document_number):
            company = notice.company_id
            number = company._zugong_next_document_number("notice", today)
            prefix = company._zugong_document_settings()["zugong_document_prefix"]
            values = {"document_number": f"{prefix}〔{today.year}〕{number}号", "document_date": today}
            if not notice.document_title:
                values.update(draft_values(notice))
            notice.sudo().write(values)

    def _render_document(self, fmt):
        return render_notice(self, fmt)
