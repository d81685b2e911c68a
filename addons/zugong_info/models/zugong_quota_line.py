from collections import defaultdict
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .zugong_quota_figures import QUOTA_FIGURES


class ZugongQuotaLine(models.Model):
    """A person's share of a unit's quota (分解到人头), for the part of the year the person
    holds it: an officer handing over mid-year ends their share and the successor's begins."""

    _name = "zugong.quota.line"
    _description = "Quota Share"
    _inherit = ["zugong.guarded.mixin", "zugong.quota.figures"]
    _order = "quota_id, date_from, id"

    quota_id = fields.Many2one("zugong.quota", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Person", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(related="quota_id.unit_id", store=True, index=True)
    year = fields.Integer(related="quota_id.year", store=True, index=True)
    company_id = fields.Many2one(related="quota_id.company_id", store=True, index=True)
    date_from = fields.Date("From", help="Empty: from the start of the year.")
    date_to = fields.Date("To", help="Empty: to the end of the year.")

    _sql_constraints = [
        ("date_order", "CHECK (date_to IS NULL OR date_from IS NULL OR date_to >= date_from)",
         "A share cannot end before it starts."),
    ]

    def _window(self):
        self.ensure_one()
        year = self.quota_id.year
        return (self.date_from or date(year, 1, 1), self.date_to or date(year, 12, 31))

    def _covers(self, day):
        """The share is held on ``day``. Recurring minimums of a month belong to whoever
        holds the share on its first day."""
        start, end = self._window()
        return start <= day <= end

    @api.constrains("date_from", "date_to", "quota_id")
    def _check_within_year(self):
        for line in self:
            start, end = line._window()
            if start.year != line.quota_id.year or end.year != line.quota_id.year:
                raise ValidationError(_("A share of the %s quota must stay within that year.", line.quota_id.year))

    @api.model_create_multi
    def create(self, vals_list):
        with self.env["zugong.quota"]._split_change() as touched:
            lines = super().create(vals_list)
            lines.quota_id._check_year_open()
            lines._check_people()
            touched.update(lines.quota_id.ids)
        return lines

    def write(self, vals):
        self.quota_id._check_year_open()
        with self.env["zugong.quota"]._split_change() as touched:
            touched.update(self.quota_id.ids)
            result = super().write(vals)
            self.quota_id._check_year_open()
            if {"user_id", "quota_id"} & set(vals):
                self._check_people()
            touched.update(self.quota_id.ids)
        return result

    def _check_people(self):
        """A unit head splits the unit's quota among the unit's own people (its members
        and its registered officer); the research office, which registers and hands
        over officers, may name anyone."""
        if self.env.su or self.env.user.has_group("zugong_info.group_research"):
            return
        for line in self.sudo():
            if line.user_id not in line.quota_id.unit_id._people().sudo():
                raise UserError(_(
                    "%(person)s is not one of the people of %(unit)s: a unit's quota is split among its own people.",
                    person=line.user_id.name, unit=line.quota_id.unit_id.name,
                ))

    def unlink(self):
        quotas = self.quota_id
        quotas._check_year_open()
        with self.env["zugong.quota"]._split_change() as touched:
            touched.update(quotas.ids)
            return super().unlink()

    @api.depends("quota_id", "user_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = _("%(person)s: %(quota)s", person=line.user_id.name or "",
                                  quota=line.quota_id.display_name or "")

    def _compute_progress(self):
        """A share's progress over the part of the year it is held, for all the shares at
        once: the requirements of each company's year in one reading, the achievements in
        one reading of all the people whose shares have the same window."""
        today = fields.Date.context_today(self)
        Quota, Figures = self.env["zugong.quota"], self.env["zugong.figures"]
        for (company, year), lines in self._with_prefetched_progress()._group_by_company_year().items():
            year_start, year_end = date(year, 1, 1), date(year, 12, 31)
            upto = min(today, year_end)
            required = Figures._required_of_windows(lines, year_start, [year_end, upto])
            annual, due = required[year_end], required[upto]
            by_window = defaultdict(list)
            for line in lines:
                start, end = line._window()
                by_window[(start, min(today, end))].append(line.id)
            for (start, upto), window_ids in by_window.items():
                window_lines = self.browse(window_ids)
                achieved = Quota._achievements(
                    company, self.env["zugong.unit"], window_lines.user_id, start, upto
                )["person"]
                progress = {}
                for line in window_lines:
                    end = line._window()[1]
                    if today < start:
                        fraction = 0.0
                    elif today > end:
                        fraction = 1.0
                    else:
                        fraction = ((today - start).days + 1) / ((end - start).days + 1)
                    progress[line.id] = (achieved.get(line.user_id.id, {}), fraction,
                                         annual.get(line.id, 0), due.get(line.id, 0))
                window_lines._set_progress(progress)

    def _search_behind_schedule(self, operator, value):
        return self.env["zugong.quota"]._search_behind_schedule_of(self, operator, value)
