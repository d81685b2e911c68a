from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

ITEMS_PER_PAGE = 20
# Form fields that may be sent several times (checkboxes).
LIST_FIELDS = ("author_ids", "joint_unit_ids")


class ZugongItemPortal(CustomerPortal):
    """Officers write, edit and submit their drafts, and follow their items, in the portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "zugong_item_count" in counters:
            Item = request.env["zugong.item"]
            values["zugong_item_count"] = (
                Item.search_count(self._zugong_items_domain()) if Item.has_access("read") else 0
            )
        return values

    def _zugong_items_domain(self):
        user = request.env.user
        return ["|", ("author_ids", "in", user.ids), ("unit_ids", "in", user.zugong_unit_ids.ids)]

    def _zugong_item_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "draft": {"label": _("Drafts"), "domain": [("state", "=", "draft")]},
            "out": {"label": _("Submitted"), "domain": [("state", "in", ("signoff", "submitted", "received"))]},
            "adopted": {"label": _("Adopted"), "domain": [("state", "=", "adopted")]},
            "rejected": {"label": _("Not Adopted"), "domain": [("state", "=", "rejected")]},
        }

    @http.route(["/my/items", "/my/items/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_items(self, page=1, filterby="all", **kwargs):
        Item = request.env["zugong.item"]
        filters = self._zugong_item_filters()
        filterby = filterby if filterby in filters else "all"
        domain = self._zugong_items_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/items", url_args={"filterby": filterby},
            total=Item.search_count(domain), page=page, step=ITEMS_PER_PAGE,
        )
        items = Item.search(domain, limit=ITEMS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({
            "items": items, "pager": pager, "page_name": "zugong_items", "default_url": "/my/items",
            "searchbar_filters": filters, "filterby": filterby,
        })
        return request.render("zugong_info.portal_my_items", values)

    def _item_form_values(self, item=None, error=None, form=None, similar=None):
        item = item or request.env["zugong.item"]
        form = form or {}
        authors = item.sudo().author_ids.ids if item else request.env.user.ids
        joint_units = (item.sudo().unit_ids - item.sudo().unit_id).ids
        values = self._prepare_portal_layout_values()
        values.update({
            "item": item,
            "item_types": request.env["zugong.item.type"].search([]),
            "units": request.env.user.zugong_unit_ids,
            "choices": item._portal_form_choices() if not item or item.state == "draft" else {},
            "attachments": item._portal_attachments() if item else [],
            "error": error,
            "form": form,
            "checked_authors": form.get("author_ids", [str(user_id) for user_id in authors]),
            "checked_units": form.get("joint_unit_ids", [str(unit_id) for unit_id in joint_units]),
            "similar": similar or [],
            "page_name": "zugong_item",
        })
        return values

    @staticmethod
    def _item_form():
        """The posted form: strings, and lists of strings for the checkboxes."""
        form = request.httprequest.form
        values = {key: form.get(key) for key in form if key not in LIST_FIELDS}
        values.update({key: form.getlist(key) for key in LIST_FIELDS})
        return values

    @staticmethod
    def _item_files():
        """The files posted with the form, read up to one byte beyond the largest a file
        may be (the model refuses larger ones)."""
        limit = int(request.env["zugong.item"]._attachment_limits()[0] * 1024 * 1024) + 1
        return [(upload.filename, upload.read(limit), upload.mimetype)
                for upload in request.httprequest.files.getlist("attachments") if upload.filename]

    @http.route("/my/items/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_item_new(self, **kwargs):
        if request.httprequest.method == "GET":
            prefill = {key: kwargs[key] for key in ("commission_id", "type_id", "parent_item_id") if kwargs.get(key)}
            return request.render("zugong_info.portal_item_form", self._item_form_values(form=prefill))
        form = self._item_form()
        try:
            with request.env.cr.savepoint():
                item = request.env["zugong.item"]._portal_create(form, self._item_files())
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "zugong_info.portal_item_form",
                self._item_form_values(error=self._error_text(error), form=form),
            )
        return request.redirect(f"/my/items/{item.id}")

    @staticmethod
    def _error_text(error):
        if isinstance(error, AccessError):
            return _("You may not change this item: officers edit the drafts of their own units.")
        return error.args[0] if error.args else str(error)

    def _portal_item(self, item_id):
        item = request.env["zugong.item"].browse(item_id)
        try:
            item.check_access("read")
            item.name  # noqa: B018 - reads the record to raise MissingError early
        except (AccessError, MissingError):
            return None
        return item

    @http.route("/my/items/<int:item_id>", type="http", auth="user", website=True)
    def portal_item(self, item_id, similar=None, **kwargs):
        item = self._portal_item(item_id)
        if not item:
            return request.redirect("/my")
        error, rows = kwargs.get("error"), []
        if similar and item.state == "draft":
            try:
                rows = item._portal_similar_preview()
            except UserError as refusal:
                error = self._error_text(refusal)
        values = self._item_form_values(item=item, error=error, similar=rows)
        values["message"] = kwargs.get("message")
        return request.render("zugong_info.portal_item", values)

    @http.route("/my/items/<int:item_id>/save", type="http", auth="user", website=True, methods=["POST"])
    def portal_item_save(self, item_id, **kwargs):
        item = self._portal_item(item_id)
        if not item:
            return request.redirect("/my")
        form = self._item_form()
        try:
            with request.env.cr.savepoint():
                similar = item._portal_save(form, self._item_files())
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "zugong_info.portal_item",
                self._item_form_values(item=item, error=self._error_text(error), form=form),
            )
        if similar:
            return request.redirect(f"/my/items/{item.id}?{url_encode({'similar': 1})}")
        return request.redirect(f"/my/items/{item.id}")

    @http.route("/my/items/<int:item_id>/files/<int:attachment_id>", type="http", auth="user", website=True)
    def portal_item_file(self, item_id, attachment_id, **kwargs):
        item = self._portal_item(item_id)
        try:
            attachment = item._portal_attachment(attachment_id) if item else None
        except (AccessError, MissingError):
            attachment = None
        if not attachment:
            return request.not_found()
        return request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)

    @http.route("/my/items/<int:item_id>/files/<int:attachment_id>/delete", type="http", auth="user",
                website=True, methods=["POST"])
    def portal_item_file_delete(self, item_id, attachment_id, **kwargs):
        item = self._portal_item(item_id)
        if not item:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                item._portal_detach(attachment_id)
        except (UserError, AccessError, MissingError) as error:
            return request.render("zugong_info.portal_item", self._item_form_values(item=item, error=self._error_text(error)))
        return request.redirect(f"/my/items/{item.id}")


class ZugongWorkPortal(CustomerPortal):
    """What the research office and the leaders ask of the officer's units: commissions
    (约稿) to answer and leader instructions (批示) to report on."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "zugong_instruction_count" in counters:
            Instruction = request.env["zugong.instruction"]
            values["zugong_instruction_count"] = (
                Instruction.search_count([("state", "=", "awaiting")]) if Instruction.has_access("read") else 0
            )
        return values

    @http.route("/my/commissions", type="http", auth="user", website=True)
    def portal_my_commissions(self, **kwargs):
        user = request.env.user
        targets = request.env["zugong.commission.target"].search(
            [("unit_id", "in", user.zugong_unit_ids.ids)], order="id desc", limit=50,
        ).sorted(lambda target: (target.status != "open", target.commission_id.deadline))
        values = self._prepare_portal_layout_values()
        values.update({
            "targets": targets,
            "answers": request.env["zugong.item"].search([("commission_id", "in", targets.commission_id.ids)]),
            "commission_type": request.env.ref("zugong_info.item_type_commission", raise_if_not_found=False),
            "page_name": "zugong_commissions",
        })
        return request.render("zugong_info.portal_my_commissions", values)

    @http.route("/my/instructions", type="http", auth="user", website=True)
    def portal_my_instructions(self, **kwargs):
        values = self._prepare_portal_layout_values()
        instructions = request.env["zugong.instruction"].search([], limit=100)
        values.update({
            "instructions": instructions.sorted(lambda i: (i.state != "awaiting", i.feedback_deadline or i.date)),
            "page_name": "zugong_instructions",
        })
        return request.render("zugong_info.portal_my_instructions", values)

    def _portal_instruction(self, instruction_id):
        instruction = request.env["zugong.instruction"].browse(instruction_id)
        try:
            instruction.check_access("read")
            instruction.text  # noqa: B018 - reads the record to raise MissingError early
        except (AccessError, MissingError):
            return None
        return instruction

    def _instruction_values(self, instruction, error=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "instruction": instruction, "error": error, "form": form or {},
            "page_name": "zugong_instruction",
        })
        return values

    @http.route("/my/instructions/<int:instruction_id>", type="http", auth="user", website=True)
    def portal_instruction(self, instruction_id, **kwargs):
        instruction = self._portal_instruction(instruction_id)
        if not instruction:
            return request.redirect("/my/instructions")
        return request.render("zugong_info.portal_instruction", self._instruction_values(instruction))

    @http.route("/my/instructions/<int:instruction_id>/feedback", type="http", auth="user", website=True,
                methods=["POST"])
    def portal_instruction_feedback(self, instruction_id, **form):
        instruction = self._portal_instruction(instruction_id)
        if not instruction:
            return request.redirect("/my/instructions")
        try:
            with request.env.cr.savepoint():
                instruction._portal_feedback(form)
        except (UserError, ValidationError, AccessError) as error:
            text = _("You may not report on this instruction.") if isinstance(error, AccessError) else error.args[0]
            return request.render("zugong_info.portal_instruction", self._instruction_values(instruction, text, form))
        return request.redirect(f"/my/instructions/{instruction.id}")
