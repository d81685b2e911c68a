from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import event_dates


class ZugongScoreAdjustment(models.Model):
    """The research office's adjustment of a unit's or a person's score (评审调整), e.g.
    +20 or −20 for the leadership's attention and the organisation of the work: points
    within the range a rule of the year's rule set allows, with the reason. Scored as
    the other events: its line comes and goes with it, and it is frozen with its
    period."""

    _name = "zugong.score.adjustment"
    _description = "Score Adjustment"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin", "mail.thread"]
    _workflow_fields = ("recorded_by_id",)
    _scored_fields = ("unit_id", "person_id", "date", "points", "rule_id", "reason")
    _order = "date desc, id desc"
    _rec_name = "reason"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, index=True, default=event_dates.department_today, tracking=True,
                       help="The period the adjustment counts in.")
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True,
        tracking=True,
    )
    person_id = fields.Many2one(
        "res.users", "Person", index=True, ondelete="restrict", tracking=True,
        help="The member of the unit whose own score is adjusted; empty for the unit's score.",
    )
    rule_id = fields.Many2one(
        "zugong.rule", "Rule", required=True, ondelete="restrict", check_company=True, tracking=True,
        domain="[('kind', '=', 'adjustment'), ('company_id', '=', company_id)]",
        help="The rule of the year's rule set that allows the adjustment and its range.",
    )
    points = fields.Float(digits=(16, 2), required=True, tracking=True,
                          help="Added, or taken away when negative.")
    reason = fields.Char(required=True, tracking=True)
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user, readonly=True
    )
    note = fields.Text()

    _sql_constraints = [
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
        ("points_not_zero", "CHECK (points <> 0)", "An adjustment adds or takes away points: it cannot be zero."),
    ]

    @api.onchange("person_id")
    def _onchange_person_id(self):
        if self.person_id.zugong_unit_id:
            self.unit_id = self.person_id.zugong_unit_id

    def _check_event(self):
        """The rule is an adjustment rule of the rule set in force for the date's year,
        the points lie within its range, and a person adjusted is a member of the unit."""
        Ruleset = self.env["zugong.ruleset"].sudo()
        for adjustment in self:
            rule, day = adjustment.rule_id.sudo(), adjustment.date
            if not rule or not day:
                continue  # required: refused when saved
            if rule.kind != "adjustment" or rule.ruleset_id != Ruleset._in_force(adjustment.company_id, day.year):
                raise ValidationError(_(
                    "Adjustments dated %(date)s follow an adjustment rule of the rule set in force for %(year)s.",
                    date=day, year=day.year))
            if not rule.points_min <= abs(adjustment.points) <= rule.points_max:
                raise ValidationError(_(
                    "The rule allows adjustments from %(least)s to %(most)s points, added or taken away.",
                    least=rule.points_min, most=rule.points_max))
            person = adjustment.person_id
            if person and person.zugong_unit_id != adjustment.unit_id:
                raise ValidationError(_("%(person)s is not a member of %(unit)s.",
                                        person=person.name, unit=adjustment.unit_id.complete_name))

    def _rescore(self):
        self.env["zugong.scoring"]._score_adjustments(self)
