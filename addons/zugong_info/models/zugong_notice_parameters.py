from odoo import api, fields, models

from ..tools.periods import aligned_start_sql, period_end, period_start, previous_start
from .zugong_period import NOTICE_PERIOD_KINDS
from .zugong_unit import UNIT_KINDS

NOTICE_SUBJECTS = [("units", "Units"), ("people", "People")]
RANK_WITHIN = [
    ("all", "All Together"),
    ("kind", "Within Each Kind of Unit"),
    ("category", "Within Each Unit Category"),
]
# The figures the stats service can split equal scores by, in its names.
TIE_BREAKERS = [
    ("items_submitted", "Items Submitted"),
    ("adoptions_total", "Adoptions in All"),
    ("adoptions_central", "Central Adoptions"),
    ("adoptions_province", "Province Adoptions"),
    ("adoptions_city", "City Adoptions"),
    ("adoptions_county", "County Adoptions"),
    ("adoptions_other", "Other Channel Adoptions"),
]
PARAMETER_FIELDS = (
    "period_kind", "period_start", "scope_unit_id", "subject", "unit_kind", "rollup",
    "tie_breaker_1", "tie_breaker_2", "rank_within",
)


class ZugongNoticeParameters(models.AbstractModel):
    """What a ranked notice is asked for: a period, a scope (a unit and its subtree), who
    is ranked and how equal scores are split. Shared by the notices and the form that
    generates them."""

    _name = "zugong.notice.parameters"
    _description = "Notice Parameters"

    period_kind = fields.Selection(NOTICE_PERIOD_KINDS, "Period Kind", required=True, default="month")
    period_start = fields.Date(
        "Period Start", required=True,
        default=lambda self: previous_start("month", period_start("month", fields.Date.context_today(self))),
        help="The first day of the month, two months, quarter, half year or year.",
    )
    period_end = fields.Date("Period End", compute="_compute_period_end", store=True)
    scope_unit_id = fields.Many2one(
        "zugong.unit", "Scope", required=True, index=True, ondelete="restrict",
        help="The notice covers this unit and every unit below it.",
    )
    company_id = fields.Many2one(related="scope_unit_id.company_id", store=True, index=True)
    subject = fields.Selection(NOTICE_SUBJECTS, "Ranking Of", required=True, default="units")
    unit_kind = fields.Selection(
        UNIT_KINDS, "Only Units of Kind", help="Rank only units (or the people of units) of this kind."
    )
    rollup = fields.Boolean(
        "Include Sub-units", help="Each unit's figures include those of the units below it."
    )
    tie_breaker_1 = fields.Selection(
        TIE_BREAKERS, "First Tie-breaker", help="Splits equal scores; without it they share a rank."
    )
    tie_breaker_2 = fields.Selection(TIE_BREAKERS, "Second Tie-breaker")
    rank_within = fields.Selection(
        RANK_WITHIN, "Rank", required=True, default="all",
        help="Rank every unit together, each unit among the units of its kind (counties with "
             "counties, sections with sections), or among the units of its category (the units "
             "without a category among themselves). The scope's own unit is never ranked among the "
             "units it covers.",
    )

    _sql_constraints = [
        ("period_start_aligned", f"CHECK ({aligned_start_sql('period_kind', 'period_start')})",
         "A notice's period starts on the first day of its month, two months, quarter, half "
         "year or year."),
        ("tie_breakers_in_order",
         "CHECK (tie_breaker_2 IS NULL OR (tie_breaker_1 IS NOT NULL AND tie_breaker_2 != tie_breaker_1))",
         "Choose the first tie-breaker before the second, and two different ones."),
        ("rollup_of_units", "CHECK (NOT rollup OR subject = 'units')",
         "Only a ranking of units can include the figures of sub-units."),
        ("rank_within_kinds_of_units", "CHECK (rank_within = 'all' OR subject = 'units')",
         "Only units are ranked within their kind or category: people are ranked all together."),
    ]

    @api.depends("period_kind", "period_start")
    def _compute_period_end(self):
        for record in self:
            if record.period_kind and record.period_start:
                record.period_end = period_end(record.period_kind, record.period_start)
            else:
                record.period_end = False

    @api.onchange("period_kind", "period_start")
    def _onchange_align_period_start(self):
        if self.period_kind and self.period_start:
            self.period_start = period_start(self.period_kind, self.period_start)

    @api.onchange("subject")
    def _onchange_subject(self):
        if self.subject != "units":
            self.rollup = False
            self.rank_within = "all"

    def _parameter_values(self):
        """The parameters as values for another record of the mixin."""
        self.ensure_one()
        return self._convert_to_write({name: self[name] for name in PARAMETER_FIELDS})

    def _stats_query(self):
        """The parameters as the stats service's query string."""
        self.ensure_one()
        query = {
            "period_kind": self.period_kind,
            "start": fields.Date.to_string(self.period_start),
            "scope_unit_id": self.scope_unit_id.id,
            "subject": self.subject,
        }
        if self.unit_kind:
            query["kind"] = self.unit_kind
        if self.rollup:
            query["rollup"] = "true"
        if self.rank_within != "all":
            query["rank_within"] = self.rank_within
        tie_breakers = [name for name in (self.tie_breaker_1, self.tie_breaker_2) if name]
        if tie_breakers:
            query["tie_breakers"] = ",".join(tie_breakers)
        return query
