import base64
import logging
import uuid

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..report.zugong_reporting_contract import load_contract
from ..tools.freeze import changed_sql, create_freeze_trigger
from ..tools.settings import get_setting

_logger = logging.getLogger(__name__)

JSON_MEDIA_TYPE = "application/json"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Attempts after a failed connection (nothing reached the service yet, so nothing is
# asked twice); an answer, even an error, is never asked again.
CONNECT_RETRIES = 2
# The columns of a notice that make its content: frozen once it is published.
FROZEN_COLUMNS = (
    "name", "state", "period_kind", "period_start", "period_end", "scope_unit_id",
    "subject", "unit_kind", "rollup", "tie_breaker_1", "tie_breaker_2", "period_label",
    "pass_mark", "row_count", "rows_below_pass_mark", "rows_below_target",
    "total_items_submitted", "total_adoptions", "total_score", "xlsx_filename",
    "generated_on", "published_on", "published_by_id",
)
FROZEN_FIELDS = set(FROZEN_COLUMNS) | {"line_ids", "xlsx_file"}
FROZEN_CONSTRAINT = "zugong_notice_published_frozen"
FROZEN_MESSAGE = "a published notice is frozen"


class ZugongNotice(models.Model):
    """A ranked notice (通报) of a period for a scope, as the stats service computed it: a
    snapshot of the figures, row by row, and the xlsx the research office circulates.
    Generated as a draft; once published it is frozen (the database refuses changes to
    it and its rows) and the units it covers see it in the portal."""

    _name = "zugong.notice"
    _description = "Ranked Notice"
    _inherit = ["zugong.notice.parameters", "portal.mixin", "mail.thread"]
    _order = "period_start desc, id desc"

    name = fields.Char("Title", required=True, readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        required=True, default="draft", readonly=True, tracking=True, index=True, copy=False,
    )
    period_label = fields.Char("Period", readonly=True)
    pass_mark = fields.Float(digits=(16, 2), readonly=True)
    line_ids = fields.One2many("zugong.notice.line", "notice_id", "Rows", readonly=True)
    row_count = fields.Integer("Rows Ranked", readonly=True)
    rows_below_pass_mark = fields.Integer("Below the Pass Mark", readonly=True)
    rows_below_target = fields.Integer("Below Target", readonly=True)
    total_items_submitted = fields.Integer("Items Submitted", readonly=True)
    total_adoptions = fields.Integer("Adoptions", readonly=True)
    total_score = fields.Float("Score", digits=(16, 2), readonly=True)
    xlsx_file = fields.Binary("Notice File", attachment=True, readonly=True, copy=False)
    xlsx_filename = fields.Char("File Name", readonly=True, copy=False)
    generated_on = fields.Datetime(readonly=True, copy=False)
    published_on = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", "Published By", readonly=True, copy=False)

    _sql_constraints = [
        # Also the constraint the freeze triggers (see init) refuse changes under.
        ("published_frozen",
         "CHECK (state != 'published' OR (published_on IS NOT NULL AND published_by_id IS NOT NULL))",
         "A published notice is frozen: its figures, rows and file stay as they were published."),
    ]

    def init(self):
        """The freeze of published notices, in the database: their content cannot change
        and they cannot be deleted, whatever writes them."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"OLD.state = 'published' AND (TG_OP = 'DELETE' OR {changed_sql(FROZEN_COLUMNS)})",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE, events=("UPDATE", "DELETE"),
        )

    def _compute_access_url(self):
        super()._compute_access_url()
        for notice in self:
            notice.access_url = f"/my/notices/{notice.id}"

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        if FROZEN_FIELDS & set(vals):
            self._check_draft(_("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        self._check_draft(_("deleted"))

    def _check_draft(self, action):
        published = self.filtered(lambda notice: notice.state == "published")
        if published:
            raise UserError(_(
                "%(notice)s is published and can no longer be %(action)s: a published notice "
                "stays as it was circulated.", notice=published[0].name, action=action,
            ))

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate(self, parameters):
        """Asks the stats service for the notice of ``parameters`` (values of the
        parameter fields), as JSON and as xlsx, and creates it with its rows and file.
        Both answers are in hand before anything is written: when the service fails,
        nothing is created and the user reads why."""
        answer, xlsx = self.new(parameters)._fetch_from_service()
        values = self._values_from_answer(answer, xlsx)
        return self.create(dict(parameters, **values))

    def action_regenerate(self):
        """A draft asks the service again: its rows and file are replaced by the figures
        of now, or stay as they were when the service fails."""
        self._check_draft(_("generated again"))
        for notice in self:
            values = self._values_from_answer(*notice._fetch_from_service())
            values["line_ids"] = [Command.clear(), *values["line_ids"]]
            notice.write(values)
            notice.message_post(body=_("Generated again."))
        return True

    def _fetch_from_service(self):
        """The notice's JSON answer (checked) and its xlsx, from the stats service."""
        self.ensure_one()
        query = self._stats_query()
        request_id = uuid.uuid4().hex
        response = self._stats_get("/v1/notices", query, JSON_MEDIA_TYPE, request_id)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        self._check_answer(answer)
        xlsx = self._stats_get("/v1/notices", query, XLSX_MEDIA_TYPE, request_id).content
        if not xlsx.startswith(b"PK"):
            raise UserError(_("The stats service did not send an xlsx file for the notice."))
        return answer, xlsx

    @api.model
    def _stats_settings(self):
        url = get_setting(self.env, "stats_url", "", str).strip().rstrip("/")
        if not url:
            raise UserError(_(
                "The address of the stats service is not set: enter it in Settings, "
                "Organization Information."
            ))
        token = get_setting(self.env, "stats_token", "", str)
        timeout = get_setting(self.env, "stats_timeout", 60, float)
        return url, token, timeout if timeout > 0 else 60

    @api.model
    def _stats_get(self, path, query, accept, request_id):
        """GET ``path`` of the stats service, retried only when no connection could be
        made; a UserError in the user's words when no good answer came."""
        url, token, timeout = self._stats_settings()
        session = requests.Session()
        retries = Retry(total=CONNECT_RETRIES, connect=CONNECT_RETRIES, read=False, status=False,
                        other=False, redirect=False, backoff_factor=0.5)
        session.mount("http://", HTTPAdapter(max_retries=retries))
        session.mount("https://", HTTPAdapter(max_retries=retries))
        headers = {"Accept": accept, "X-Request-ID": request_id}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = session.get(url + path, params=query, headers=headers, timeout=timeout)
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
        response = self._stats_get("/health", {}, JSON_MEDIA_TYPE, uuid.uuid4().hex)
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
        units = self.env["zugong.unit"].sudo().with_context(active_test=False).browse(unit_ids).exists()
        people = self.env["res.users"].sudo().with_context(active_test=False).browse(
            [person_id for person_id in person_ids if isinstance(person_id, int)]).exists()
        if (answer["scope"].get("unit_id") != self.scope_unit_id.id or answer.get("subject") != self.subject
                or len(units) != len(unit_ids) or len(people) != len(person_ids)):
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
            "generated_on": fields.Datetime.now(),
            "line_ids": [
                Command.create(self.env["zugong.notice.line"]._values_from_row(row, sequence, answer["subject"]))
                for sequence, row in enumerate(answer["rows"], 1)
            ],
        }

    # ------------------------------------------------------------------ publishing

    def action_publish(self):
        self._check_draft(_("published again"))
        self.env.flush_all()  # the rows as generated, before the notice is frozen
        self.write({"state": "published", "published_on": fields.Datetime.now(),
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
