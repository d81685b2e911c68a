import logging

from odoo import _, models
from odoo.exceptions import UserError

from ..documents.document_pdf import DocumentRenderError, DocumentToolMissing

_logger = logging.getLogger(__name__)


class ZugongOfficialDocumentMixin(models.AbstractModel):
    """A record circulated as an official document (a notice, a bulletin issue): its docx
    or PDF for whoever may read the record, rendered by ``_render_document`` and served
    under /zugong_info/<_document_route>/<id>/document.<docx|pdf>."""

    _name = "zugong.official.document.mixin"
    _description = "Official Document"

    _document_route = None

    def _render_document(self, fmt):
        """(bytes, file name, media type) of the record's document in ``fmt``, rendered
        from the record read as superuser."""
        raise NotImplementedError

    def _official_document(self, fmt):
        self.ensure_one()
        self.check_access("read")
        try:
            return self.sudo()._render_document(fmt)
        except DocumentToolMissing as missing:
            raise UserError(_("The official documents need what is not installed here: %s.", missing)) from None
        except DocumentRenderError as error:
            _logger.error("%s %s: the PDF was not rendered: %s", self._name, self.id, error)
            raise UserError(_("The PDF of %(document)s could not be made: %(error)s",
                              document=self.display_name, error=error)) from None

    def action_download_docx(self):
        return self._document_download_action("docx")

    def action_download_pdf(self):
        return self._document_download_action("pdf")

    def _document_download_action(self, fmt):
        self.ensure_one()
        self.check_access("read")
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/zugong_info/{self._document_route}/{self.id}/document.{fmt}"}
