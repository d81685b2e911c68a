from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.zugong_notice import XLSX_MEDIA_TYPE
from .dashboard import ZugongDashboardPortal
from .official_document import document_response

NOTICES_PER_PAGE = 20
DASHBOARD_NOTICES = 5
# The portal lists published notices; the record rules keep those covering the user's units.
PUBLISHED = [("state", "=", "published")]


class ZugongNoticePortal(ZugongDashboardPortal):
    """The published notices covering the user's units (the record rules choose them): a
    section of /my/zugong, and /my/notices with each notice's rows and its xlsx."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "zugong_notice_count" in counters:
            Notice = request.env["zugong.notice"]
            values["zugong_notice_count"] = (
                Notice.search_count(PUBLISHED) if Notice.has_access("read") else 0
            )
        return values

    def _prepare_zugong_dashboard_values(self):
        values = super()._prepare_zugong_dashboard_values()
        notices = request.env["zugong.notice"].search(PUBLISHED, limit=DASHBOARD_NOTICES)
        values.update({"zugong_notices": notices, "zugong_notice_own_rows": self._zugong_own_rows(notices)})
        return values

    def _zugong_own_rows(self, notices):
        """{notice: rows}: the user's own row in notices ranking people, their units' rows
        in notices ranking units."""
        user = request.env.user
        rows = request.env["zugong.notice.line"].search([
            ("notice_id", "in", notices.ids),
            "|", ("person_id", "=", user.id),
            "&", ("person_id", "=", False), ("unit_id", "in", user.zugong_unit_ids.ids),
        ])
        return rows.grouped("notice_id")

    def _portal_notice(self, notice_id):
        notice = request.env["zugong.notice"].browse(notice_id)
        try:
            notice.check_access("read")
            if notice.state != "published":
                return None
        except (AccessError, MissingError):
            return None
        return notice

    @http.route(["/my/notices", "/my/notices/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_notices(self, page=1, **kwargs):
        Notice = request.env["zugong.notice"]
        pager = portal_pager(
            url="/my/notices", total=Notice.search_count(PUBLISHED), page=page,
            step=NOTICES_PER_PAGE,
        )
        notices = Notice.search(PUBLISHED, limit=NOTICES_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({
            "notices": notices, "own_rows": self._zugong_own_rows(notices), "pager": pager,
            "page_name": "zugong_notices", "default_url": "/my/notices",
        })
        return request.render("zugong_info.portal_my_notices", values)

    @http.route("/my/notices/<int:notice_id>", type="http", auth="user", website=True)
    def portal_notice(self, notice_id, **kwargs):
        notice = self._portal_notice(notice_id)
        if not notice:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({
            "notice": notice, "own_rows": self._zugong_own_rows(notice).get(notice, notice.line_ids.browse()),
            "page_name": "zugong_notice",
        })
        return request.render("zugong_info.portal_notice", values)

    @http.route("/my/notices/<int:notice_id>/xlsx", type="http", auth="user")
    def portal_notice_xlsx(self, notice_id, **kwargs):
        """The file of a published notice covering the user's units, served only while it
        is the very file generated (its checksum matches the one kept with the notice)."""
        notice = self._portal_notice(notice_id)
        if not notice or not notice._xlsx_intact():
            raise request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(
            notice.sudo(), "xlsx_file", filename=notice.xlsx_filename, mimetype=XLSX_MEDIA_TYPE,
        )
        return stream.get_response(as_attachment=True)

    @http.route("/my/notices/<int:notice_id>/document.<string:fmt>", type="http", auth="user")
    def portal_notice_document(self, notice_id, fmt, **kwargs):
        """The published notice as an official document (docx or PDF), for the units it covers."""
        notice = self._portal_notice(notice_id)
        if not notice or fmt not in ("docx", "pdf"):
            raise request.not_found()
        try:
            content, filename, media_type = notice._official_document(fmt)
        except UserError as error:
            return request.make_response(str(error), [("Content-Type", "text/plain; charset=utf-8")], status=503)
        return document_response(content, filename, media_type)
