from collections import defaultdict

from odoo import api, fields, models

from ..tools.periods import period_end, period_start


class ZugongQuotaRequirement(models.Model):
    """A minimum of items of one type, e.g. one research item a quarter."""

    _name = "zugong.quota.requirement"
    _description = "Minimum by Item Type"
    _order = "quota_id, item_type_id"

    quota_id = fields.Many2one("zugong.quota", required=True, index=True, ondelete="cascade")
    item_type_id = fields.Many2one("zugong.item.type", "Item Type", required=True, ondelete="restrict")
    period = fields.Selection([("month", "Each Month"), ("quarter", "Each Quarter")], required=True, default="month")
    minimum = fields.Integer(required=True, default=1)
    company_id = fields.Many2one(related="quota_id.company_id", store=True)
    current_achieved = fields.Integer(
        "This Period", compute="_compute_current_achieved",
        help="Items of the type the unit submitted this month or this quarter.",
    )

    _sql_constraints = [
        ("minimum_positive", "CHECK (minimum > 0)", "A minimum by type must be positive."),
        ("type_period_uniq", "UNIQUE (quota_id, item_type_id, period)",
         "This type already has a minimum for this period."),
    ]

    @api.depends_context("tz")
    def _compute_current_achieved(self):
        """Read from zugong.figures (items submitted by type), once per company and period
        kind for all the requirements."""
        today = fields.Date.context_today(self)
        Figures = self.env["zugong.figures"]
        for (company, period), requirements in self._by_company_period().items():
            start = period_start(period, today)
            submitted = Figures._submitted(company, start, period_end(period, start),
                                           units=requirements.quota_id.unit_id)
            for requirement in requirements:
                requirement.current_achieved = submitted.get(("unit", requirement.quota_id.unit_id.id), {}).get(
                    requirement.item_type_id.id, 0)

    def _by_company_period(self):
        groups = defaultdict(lambda: self.browse())
        for requirement in self:
            groups[(requirement.company_id, requirement.period)] |= requirement
        return groups
