from datetime import date

from odoo import _, fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.zugong_quota_figures import ADOPTION_LEVEL_FIGURES
from ..tools.periods import period_end


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
        year_start, month_start = date(today.year, 1, 1), today.replace(day=1)
        Quota = env["zugong.quota"]
        own_lines = env["zugong.quota.line"].search([("user_id", "=", user.id), ("year", "=", today.year)])
        own_line = own_lines.filtered(lambda line: line._covers(today))[:1] or own_lines[:1]
        unit_quotas = Quota.search([("unit_id", "in", user.zugong_unit_ids.ids), ("year", "=", today.year)])
        company = user.company_id
        people = own_line.user_id
        head_lines = env["zugong.quota.line"]
        if user.has_group("zugong_info.group_unit_head"):
            head_lines = unit_quotas.line_ids
            people |= head_lines.user_id
        year_achieved = Quota._achievements(company, unit_quotas.unit_id, people, year_start, today)
        month_achieved = Quota._achievements(
            company, unit_quotas.unit_id, people, month_start, period_end("month", month_start)
        )
        targets = []
        if own_line:
            targets.append(self._zugong_target_card(
                _("My targets"), own_line, year_achieved["person"].get(user.id, {}),
                month_achieved["person"].get(user.id, {}), today,
            ))
        for quota in unit_quotas:
            targets.append(self._zugong_target_card(
                quota.unit_id.name, quota, year_achieved["unit"].get(quota.unit_id.id, {}),
                month_achieved["unit"].get(quota.unit_id.id, {}), today,
            ))
        Item = env["zugong.item"]
        own_items = [("author_ids", "in", user.ids)]
        state_labels = dict(Item._fields["state"]._description_selection(env))
        item_counts = {state: count for state, count in Item._read_group(own_items, ["state"], ["__count"])}
        commission_targets = env["zugong.commission.target"].search([
            ("unit_id", "in", user.zugong_unit_ids.ids), ("commission_id.state", "=", "open"),
        ], order="status, id desc", limit=10)
        return {
            "zugong_today": today,
            "zugong_targets": targets,
            "zugong_item_states": [(state, label, item_counts.get(state, 0)) for state, label in state_labels.items()],
            "zugong_recent_items": Item.search(own_items, limit=8),
            "zugong_adoptions": env["zugong.adoption"].search(
                [("item_id.author_ids", "in", user.ids), ("date", ">=", year_start)], limit=10
            ),
            "zugong_commission_targets": commission_targets,
            "zugong_people": [
                self._zugong_person_row(line, year_achieved["person"].get(line.user_id.id, {}), today)
                for line in head_lines.filtered(lambda line: line._covers(today))
            ],
        }

    def _zugong_target_card(self, title, figures, year_achieved, month_achieved, today):
        """One block of progress bars: this month's submissions, the year's submissions,
        adoptions by level and score."""
        month_start = today.replace(day=1)
        month_required = request.env["zugong.figures"]._required_of(
            figures, month_start, period_end("month", month_start)).get(figures.id, 0)
        rows = [
            (_("Items this month"), month_achieved.get("submissions", 0), month_required),
            (_("Items this year"), year_achieved.get("submissions", 0), figures.annual_submissions),
        ]
        labels = {
            "county": _("County adoptions"), "city": _("City adoptions"),
            "province": _("Province adoptions"), "central": _("Central adoptions"),
        }
        for level, name in ADOPTION_LEVEL_FIGURES.items():
            if figures[name]:
                rows.append((labels[level], year_achieved.get(name, 0), figures[name]))
        if figures.score_target:
            rows.append((_("Score"), round(year_achieved.get("score_target", 0), 2), figures.score_target))
        for requirement in figures._name == "zugong.quota" and figures.requirement_ids or ():
            label = _("%(type)s this month", type=requirement.item_type_id.name) if requirement.period == "month" \
                else _("%(type)s this quarter", type=requirement.item_type_id.name)
            rows.append((label, requirement.current_achieved, requirement.minimum))
        return {"title": title, "rows": [self._zugong_bar(*row) for row in rows]}

    def _zugong_person_row(self, line, achieved, today):
        return {
            "name": line.user_id.name,
            "bar": self._zugong_bar(_("Items this year"), achieved.get("submissions", 0), line.annual_submissions),
        }

    @staticmethod
    def _zugong_bar(label, achieved, target):
        percent = min(100, round(100.0 * achieved / target)) if target else (100 if achieved else 0)
        return {"label": label, "achieved": achieved, "target": target, "percent": percent,
                "done": bool(target) and achieved >= target}
