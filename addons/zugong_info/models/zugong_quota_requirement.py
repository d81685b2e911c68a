from collections import defaultdict

from odoo import api, fields, models

from ..tools.periods import period_end, period_start
from .zugong_item import SUBMITTED_STATES


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
        """Counted with one grouped query per period kind, for all the requirements."""
        today = fields.Date.context_today(self)
        for period, requirements in self._by_period().items():
            start = period_start(period, today)
            self.env.cr.execute(
                """
                SELECT rel.unit_id, item.type_id, count(*)
                  FROM zugong_item item
                  JOIN zugong_item_unit_ids_rel rel ON rel.item_id = item.id
                 WHERE rel.unit_id = ANY(%s) AND item.type_id = ANY(%s) AND item.state = ANY(%s)
                   AND item.submitted_date BETWEEN %s AND %s
                 GROUP BY rel.unit_id, item.type_id
                """,
                [requirements.quota_id.unit_id.ids, requirements.item_type_id.ids, list(SUBMITTED_STATES),
                 start, period_end(period, start)],
            )
            counts = {(unit_id, type_id): count for unit_id, type_id, count in self.env.cr.fetchall()}
            for requirement in requirements:
                requirement.current_achieved = counts.get(
                    (requirement.quota_id.unit_id.id, requirement.item_type_id.id), 0
                )

    def _by_period(self):
        groups = defaultdict(lambda: self.browse())
        for requirement in self:
            groups[requirement.period] |= requirement
        return groups
