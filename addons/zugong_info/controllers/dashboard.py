from datetime import date

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class ZugongDashboardPortal(CustomerPortal):
    """/my/zugong: the page an officer lives in. Other addons add sections by extending
    ``_prepare_zugong_dashboard_values`` and the template's ``zugong_portal_sections``."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "zugong_dashboard_count" in counters:
            values["zugong_dashboard_count"] = 1 if request.env.user.has_group("zugong_info.group_officer") else 0
        return values

    @http.route("/my/zugong", type="http", auth="user", website=True)
    def portal_zugong_dashboard(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_zugong_dashboard_values())
        values["page_name"] = "zugong_dashboard"
        return request.render("zugong_info.portal_zugong_dashboard", values)

    def _prepare_zugong_dashboard_values(self):
        env = request.env
        user = env.user
        today = fields.Date.context_today(user)
        year_start = date(today.year, 1, 1)
        progress = env["zugong.quota"]._portal_progress(today)
        Item = env["zugong.item"]
        own_items = [("author_ids", "in", user.ids)]
        state_labels = dict(Item._fields["state"]._description_selection(env))
        item_counts = {state: count for state, count in Item._read_group(own_items, ["state"], ["__count"])}
        commission_targets = env["zugong.commission.target"].search([
            ("unit_id", "in", user.zugong_unit_ids.ids), ("commission_id.state", "=", "open"),
        ], order="status, id desc", limit=10)
        is_head = user.has_group("zugong_info.group_unit_head")
        return {
            "zugong_is_head": is_head,
            "zugong_commission_type": env.ref("zugong_info.item_type_commission", raise_if_not_found=False),
            "zugong_instructions_due": env["zugong.instruction"].search(
                [("state", "=", "awaiting"), ("item_id.unit_ids", "in", user.zugong_unit_ids.ids)], limit=10,
            ).sorted(lambda instruction: instruction.feedback_deadline or instruction.date),
            **(self._zugong_head_values(progress) if is_head else {}),
            "zugong_today": today,
            "zugong_ruleset": env["zugong.ruleset"]._in_force(user.company_id, today.year),
            "zugong_targets": progress["targets"],
            "zugong_item_states": [(state, label, item_counts.get(state, 0)) for state, label in state_labels.items()],
            "zugong_recent_items": Item.search(own_items, limit=8),
            "zugong_adoptions": env["zugong.adoption"].search(
                [("item_id.author_ids", "in", user.ids), ("date", ">=", year_start)], limit=10
            ),
            "zugong_commission_targets": commission_targets,
            "zugong_people": progress["people"],
        }

    def _zugong_head_values(self, progress):
        """What a unit head watches: the items waiting for their sign-off (with the urgent
        clock), the sub-units behind their targets, and what is due from the subtree."""
        env = request.env
        subtree = [("unit_id", "child_of", env.user.zugong_unit_ids.ids)]
        return {
            "zugong_signoff_items": env["zugong.item"].search([("state", "=", "signoff"), *subtree], order="id"),
            "zugong_sub_units": progress["sub_units"],
            "zugong_due_commissions": env["zugong.commission.target"].search(
                [("status", "=", "open"), ("commission_id.state", "=", "open"), *subtree], limit=20,
            ).sorted(lambda target: target.commission_id.deadline),
            "zugong_due_instructions": env["zugong.instruction"].search(
                [("state", "=", "awaiting"), ("item_id.unit_id", "child_of", env.user.zugong_unit_ids.ids)], limit=20,
            ).sorted(lambda instruction: instruction.feedback_deadline or instruction.date),
        }
