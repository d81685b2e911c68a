from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class ZugongTrainingPortal(CustomerPortal):
    """The officers' training pages: ``/my/training`` and the sign-in of a session."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "training_count" in counters:
            today = fields.Date.context_today(request.env.user)
            values["training_count"] = request.env["zugong.training.attendance"].search_count([
                ("user_id", "=", request.env.user.id),
                ("session_state", "in", ("confirmed", "done")),
                ("date", ">=", today.replace(month=1, day=1)),
            ])
        return values

    def _prepare_training_page_values(self, **values):
        page = self._prepare_portal_layout_values()
        page.update(request.env["zugong.training.session"]._portal_training_values())
        page.update(page_name="training", **values)
        return page

    @http.route("/my/training", type="http", auth="user", website=True)
    def portal_my_training(self, code="", **kw):
        # opened from the QR code of a sign-in sheet: the code is filled in the sign-in form
        code = code if isinstance(code, str) and code.isdigit() and len(code) <= 12 else ""
        return request.render(
            "zugong_training.portal_my_training", self._prepare_training_page_values(signin_code=code)
        )

    @http.route(
        "/my/training/<int:session_id>/signin", type="http", auth="user", website=True,
        methods=["POST"],
    )
    def portal_training_signin(self, session_id, code="", **kw):
        session = request.env["zugong.training.session"].browse(session_id)
        success, message = session._sign_in(code)
        return request.render(
            "zugong_training.portal_my_training",
            self._prepare_training_page_values(
                signin_session_id=session_id, signin_success=success, signin_message=message
            ),
        )
