from markupsafe import escape
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request

from ..tools.text import text_to_html


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """A form too large to be read (a paste of megabytes into an item's text) is
        answered with a page in the user's words instead of the server's bare 413."""
        if isinstance(exception, RequestEntityTooLarge) and request.httprequest.path.startswith("/my/"):
            lang = request.env.user.lang or request.env.context.get("lang")
            env = request.env(context=dict(request.env.context, lang=lang))
            title = escape(env._("The form is too large"))
            message = env._(
                "What was sent is larger than a form may be, so nothing of it was read nor "
                "saved. Go back, shorten the text (an item holds at most 30,000 characters) "
                "or attach large files separately, and send it again."
            )
            back = escape(env._("Back"))
            body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
                    f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
                    f"<title>{title}</title></head><body style='font-family:sans-serif;margin:2em'>"
                    f"<h1>{title}</h1>{text_to_html(message)}"
                    f"<p><a href='javascript:history.back()'>{back}</a></p></body></html>")
            return request.make_response(body, headers=[("Content-Type", "text/html; charset=utf-8")], status=413)
        return super()._handle_error(exception)
