from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# The outcome of a sign-in or a leave request, shown once on the page the post redirects to.
FLASH_KEY = "zugong_training_flash"


class ZugongTrainingPortal(CustomerPortal):
    """The officers' training pages: ``/my/training``, each session's page (the page a QR
    code shown at the session opens, with the code filled in), the sign-in and leave
    requests. Posts redirect to the session's page, which may be reloaded."""

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
        flash = request.session.pop(FLASH_KEY, None)
        if flash:
            page.update(signin_message=flash["message"], signin_success=flash["success"])
        page.update(page_name="training", **values)
        return page

    @http.route("/my/training", type="http", auth="user", website=True)
    def portal_my_training(self, code="", **kw):
        # opened from the QR code of a sign-in sheet: the code is filled in the sign-in form
        code = code if isinstance(code, str) and code.isdigit() and len(code) <= 12 else ""
        return request.render(
            "zugong_training.portal_my_training", self._prepare_training_page_values(signin_code=code)
        )

    def _portal_session(self, session_id):
        session = request.env["zugong.training.session"].browse(session_id)
        try:
            session.check_access("read")
            session.name  # noqa: B018 - reads the record to raise MissingError early
        except (AccessError, MissingError):
            return None
        return session

    def _session_page(self, session, code="", error=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update(session._portal_session_values())
        flash = request.session.pop(FLASH_KEY, None)
        if flash and flash.get("session_id") != session.id:
            flash = None
        values.update({
            "page_name": "training_session", "signin_code": code or "", "flash": flash,
            "error": error, "form": form or {},
        })
        return request.render("zugong_training.portal_training_session", values)

    def _back_to(self, session_id, success, message):
        """Redirects to the session's page (to the list when the user may not read the
        session), which shows ``message`` once."""
        request.session[FLASH_KEY] = {"session_id": session_id, "success": success, "message": message}
        if not self._portal_session(session_id):
            return request.redirect("/my/training")
        return request.redirect(f"/my/training/{session_id}")

    @http.route("/my/training/<int:session_id>", type="http", auth="user", website=True)
    def portal_training_session(self, session_id, code="", **kw):
        session = self._portal_session(session_id)
        if not session:
            return request.redirect("/my/training")
        return self._session_page(session, code=code)

    @http.route(
        "/my/training/<int:session_id>/signin", type="http", auth="user", website=True,
        methods=["POST"],
    )
    def portal_training_signin(self, session_id, code="", **kw):
        session = request.env["zugong.training.session"].browse(session_id)
        success, message = session._sign_in(code)
        return self._back_to(session_id, success, message)

    @http.route(
        "/my/training/<int:session_id>/leave", type="http", auth="user", website=True,
        methods=["POST"],
    )
    def portal_training_leave(self, session_id, **form):
        session = self._portal_session(session_id)
        if not session:
            return request.redirect("/my/training")
        attendance = session._portal_session_values()["attendance"]
        try:
            with request.env.cr.savepoint():
                request.env["zugong.training.leave"]._portal_request(attendance, form)
        except (UserError, ValidationError, AccessError) as error:
            return self._session_page(session, error=error.args[0] if error.args else str(error), form=form)
        return self._back_to(session_id, True, _("Your leave request was sent to HR."))

    @http.route(
        "/my/training/leave/<int:leave_id>/withdraw", type="http", auth="user", website=True,
        methods=["POST"],
    )
    def portal_training_leave_withdraw(self, leave_id, **kw):
        leave = request.env["zugong.training.leave"].browse(leave_id)
        try:
            with request.env.cr.savepoint():
                leave.check_access("read")
                session_id = leave.session_id.id
                leave.action_withdraw()
        except (UserError, AccessError, MissingError):
            return request.redirect("/my/training")
        return self._back_to(session_id, True, _("Your leave request was withdrawn."))
