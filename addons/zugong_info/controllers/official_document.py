from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

# The documents the back office downloads; the model checks who may read them.
DOCUMENT_MODELS = {"notice": "zugong.notice", "bulletin": "zugong.bulletin", "ruleset": "zugong.ruleset"}


class ZugongOfficialDocument(http.Controller):
    """A notice's, a bulletin issue's or a rule set's official document (docx or PDF),
    for the users who may read the record (the form's download buttons lead here)."""

    @http.route("/zugong_info/<string:kind>/<int:record_id>/document.<string:fmt>", type="http", auth="user")
    def official_document(self, kind, record_id, fmt, **kwargs):
        if kind not in DOCUMENT_MODELS or fmt not in ("docx", "pdf"):
            raise request.not_found()
        record = request.env[DOCUMENT_MODELS[kind]].browse(record_id)
        try:
            content, filename, media_type = record._official_document(fmt)
        except (AccessError, MissingError):
            raise request.not_found() from None
        except UserError as error:
            return request.make_response(str(error), [("Content-Type", "text/plain; charset=utf-8")], status=503)
        return document_response(content, filename, media_type)


def document_response(content, filename, media_type):
    return request.make_response(content, [
        ("Content-Type", media_type), ("Content-Length", str(len(content))),
        ("Content-Disposition", content_disposition(filename)),
    ])
