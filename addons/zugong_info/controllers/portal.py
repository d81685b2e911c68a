from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

ITEMS_PER_PAGE = 20


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

    def _item_form_values(self, item=None, error=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "item": item or request.env["zugong.item"],
            "item_types": request.env["zugong.item.type"].search([]),
            "units": request.env.user.zugong_unit_ids,
            "error": error,
            "form": form or {},
            "page_name": "zugong_item",
        })
        return values

    @http.route("/my/items/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_item_new(self, **form):
        if request.httprequest.method == "GET":
            return request.render("zugong_info.portal_item_form", self._item_form_values())
        try:
            with request.env.cr.savepoint():
                item = request.env["zugong.item"]._portal_create(form)
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
    def portal_item(self, item_id, **kwargs):
        item = self._portal_item(item_id)
        if not item:
            return request.redirect("/my")
        values = self._item_form_values(item=item, error=kwargs.get("error"))
        values["message"] = kwargs.get("message")
        return request.render("zugong_info.portal_item", values)

    @http.route("/my/items/<int:item_id>/save", type="http", auth="user", website=True, methods=["POST"])
    def portal_item_save(self, item_id, **form):
        item = self._portal_item(item_id)
        if not item:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                item._portal_save(form)
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "zugong_info.portal_item",
                self._item_form_values(item=item, error=self._error_text(error), form=form),
            )
        return request.redirect(f"/my/items/{item.id}")
