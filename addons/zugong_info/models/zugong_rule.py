from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import sql

from ..tools.freeze import create_freeze_trigger
from .zugong_adoption_form import adoption_forms
from .zugong_error_notice import ERROR_KINDS
from .zugong_leader_level import leader_levels
from .zugong_period import PERIOD_KINDS
from .zugong_publication import PUBLICATION_LEVELS
from .zugong_ruleset import LOCKED_CONSTRAINT, LOCKED_IN_USE, LOCKED_MESSAGE

RULE_KINDS = [
    ("adoption", "Points per Adoption"),
    ("forward", "Points per Forwarding"),
    ("type_multiplier", "Multiplier by Item Type"),
    ("path_multiplier", "Multiplier after Forwarding"),
    ("rewrite_share", "Share after the Office's Rewrite"),
    ("instruction", "Leader Instruction Bonus"),
    ("feedback_deduction", "Deduction per Instruction Feedback Late or Missed"),
    ("joint", "Joint Items"),
    ("multi_adoption", "Several Adoptions of One Item"),
    ("period_base", "Base Points for the Minimum"),
    ("base_score", "Base Score of a Period"),
    ("period_shortfall", "Deduction below the Minimum"),
    ("adoption_rate", "Deduction for a Low Adoption Rate"),
    ("pass_mark", "Pass Mark"),
    ("urgent", "Urgent Report Deduction"),
    ("late_item", "Deduction per Item Submitted Late"),
    ("false_info", "False Information Deduction"),
    ("commission", "Points per Fulfilled Commission"),
    ("commission_deduction", "Deduction per Commission Late or Missed"),
    ("commission_zero", "Missed Commissions Void the Year"),
    ("adjustment", "Adjustment by the Research Office"),
    ("error_notice", "Points per Error Notice"),
    ("bucket_limit", "Limits of a Sub-score"),
    ("conversion", "Conversion to Another Scale"),
    ("outcome", "Outcome of a Period"),
]
OUTCOMES = [
    ("not_up_to_standard", "Not Up to Standard"),
    ("no_award", "No Award"),
    ("veto", "One-Vote Veto"),
]
# deductions are entered as positive figures and count negatively
DEDUCTION_KINDS = ("period_shortfall", "adoption_rate", "urgent", "late_item", "false_info", "error_notice", "commission_deduction",
                   "feedback_deduction")
PERIOD_RULE_KINDS = ("period_base", "base_score", "period_shortfall", "adoption_rate", "pass_mark", "bucket_limit",
                     "conversion", "outcome")
REQUIRED_PARAMETERS = {
    "type_multiplier": ("factor",),
    "path_multiplier": ("factor",),
    "rewrite_share": ("factor",),
    "joint": ("joint_mode",),
    "multi_adoption": ("multi_mode",),
    "period_base": ("period_kind",),
    "base_score": ("period_kind",),
    "bucket_limit": ("period_kind", "bucket"),
    "conversion": ("period_kind", "conversion_mode"),
    "outcome": ("period_kind", "outcome", "outcome_when"),
    "period_shortfall": ("period_kind", "deduction_mode"),
    "adoption_rate": ("period_kind", "rate_threshold"),
    "pass_mark": ("period_kind",),
    "urgent": ("urgent_event",),
    "false_info": ("points_max",),
    "commission": ("commission_status",),
    "commission_deduction": ("commission_status",),
    "feedback_deduction": ("feedback_status",),
    "commission_zero": ("missed_count",),
    "adjustment": ("points_max",),
}
# the range of the points the research office enters itself under a rule
POINTS_RANGE_HELP = ("The range of the points entered under the rule: a deduction for false information, "
                     "or an adjustment, added or taken away.")


class ZugongRule(models.Model):
    """One scoring rule of a rule set. Every shape of local regulations is expressed by a
    kind and its parameters; no rule holds code."""

    _name = "zugong.rule"
    _description = "Scoring Rule"
    _order = "ruleset_id, kind, sequence, id"

    ruleset_id = fields.Many2one("zugong.ruleset", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ruleset_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Description")
    kind = fields.Selection(RULE_KINDS, "Rule Kind", required=True, default="adoption")
    applies_to = fields.Selection(
        [("unit", "Units"), ("person", "People"), ("both", "Units and People")],
        required=True, default="unit",
    )
    points = fields.Float(
        digits=(16, 2), help="Points awarded, or deducted for the deduction kinds; the pass mark "
                             "for a pass mark; the fixed amount to each unit for joint items; the scale "
                             "of a conversion relative to the highest.",
    )
    factor = fields.Float(digits=(16, 2), default=1.0, help="Multiplier (e.g. 2 for ×2).")
    points_from = fields.Selection(
        [("rule", "The Rule's Points"), ("upstream", "The Adoption's Upstream Points")], "Points From",
        required=True, default="rule",
        help="An adoption scores the rule's points, or the points the adopting office's own rules gave it "
             "(上级计分, recorded with the adoption), passed through with the multipliers.",
    )
    publication_id = fields.Many2one("zugong.publication", "Publication", ondelete="restrict")
    level = fields.Selection(
        PUBLICATION_LEVELS, help="Publication level; empty for any. For an urgent report deduction: the level of "
                                 "the office that asked for the report (empty: any, or the unit's own report).")
    level_and_above = fields.Boolean(
        "And Above", help="The level and the levels above it: province and above is province and central.")
    length_min = fields.Integer("Least Characters", help="The item's length (字数) from which the rule applies; 0 for any.")
    length_max = fields.Integer("Most Characters", help="The item's length (字数) up to which the rule applies; 0 for any.")
    form = fields.Selection(adoption_forms, help="Form of adoption; empty for any.")
    item_type_id = fields.Many2one("zugong.item.type", "Item Type", ondelete="restrict")
    leader_level = fields.Selection(leader_levels)
    main_leader = fields.Selection(
        [("any", "Any Leader"), ("main", "Main Leader"), ("other", "Other Leaders")], default="any"
    )
    instruction_mode = fields.Selection(
        [("each", "Each Instruction"), ("once_per_item", "Once per Item, the Highest"),
         ("diminishing", "Later Instructions on an Item at Other Points")], "Instructions Counted",
        help="How the instructions on one item in a year count: each; only the highest (a later one adds "
             "what it gives beyond the best before it); or the first at the rule's points and each later "
             "one at the points for later instructions. Empty counts each.",
    )
    later_points = fields.Float(
        "Points for Later Instructions", digits=(16, 2),
        help="The points of an instruction on an item that already had one in the year.")
    joint_mode = fields.Selection(
        [("split", "Split by the Units' Shares"), ("each", "Each Unit the Points × Factor"),
         ("fixed", "A Fixed Amount to Each Unit")],
    )
    main_extra = fields.Float(
        "Extra for the Main Unit", digits=(16, 2),
        help="Points the main unit of a joint item (its first) scores on top of its part, for each "
             "award on the item.")
    multi_mode = fields.Selection(
        [("accumulate", "Accumulate"), ("highest", "Count the Highest Only"),
         ("once_per_level", "Once per Level"), ("top_two_levels", "The Two Highest Levels Only")],
        help="How the adoptions of one item in a year count: each; only the highest; the highest "
             "of each publication level; or each of those of the item's two highest levels.",
    )
    period_kind = fields.Selection(PERIOD_KINDS)
    min_submissions = fields.Integer(
        "Minimum Submissions", help="The minimum of the period; 0 to take it from the quotas."
    )
    bucket = fields.Char(
        "Sub-score", help="The sub-score (e.g. 采用得分, 加分, 扣分) the rule's points count in, which a limit of a "
                          "sub-score names; empty for none.")
    bucket_cap = fields.Float(
        "Most of the Sub-score", digits=(16, 2),
        help="The most the sub-score may give in a period: what is above it is taken away; 0 for no cap.")
    floor_at_zero = fields.Boolean(
        "Stops at Zero", help="The sub-score does not go below zero in a period (扣完为止): what its deductions "
                              "take beyond it is given back.")
    conversion_mode = fields.Selection(
        [("factor", "Times a Factor"), ("top", "Relative to the Highest")], "Conversion",
        help="How a period's total becomes the converted score: times the rule's factor, or as a share of the "
             "highest total of the period on a scale of the rule's points (the highest gets them all).")
    outcome = fields.Selection(
        OUTCOMES, help="What befalls a unit (or person) the rule finds in a closed period: not up to the "
                       "standard (不达标), no award (不得评先评优), or a one-vote veto (一票否决).")
    outcome_when = fields.Selection(
        [("commission_missed", "Commissions Missed"), ("commission_late", "Commissions Answered Late"),
         ("urgent_missed", "Urgent Reports Not Reported"), ("urgent_late", "Urgent Reports Late"),
         ("concealed", "Urgent Events Concealed"), ("below_points", "Points Below")], "Outcome When",
        help="What brings the outcome about in the period: so many of these events of the unit, or a total "
             "below the rule's points.")
    event_count = fields.Integer(
        "From How Many", help="The outcome befalls a unit with this many of the events in the period, or more.")
    min_adoptions = fields.Integer(
        "Minimum Adoptions",
        help="Base points also need this many adoptions dated in the period (at the rule's level, or "
             "at any level when it names none); 0 for none.")
    base_share_below = fields.Boolean(
        "A Share below the Minimum",
        help="Short of the minimum, the base points in proportion to the items submitted (3 of 4: three "
             "quarters of them) rather than none.")
    points_per_extra = fields.Float(
        "Points per Extra Item", digits=(16, 2),
        help="Base points added for each item submitted beyond the minimum.")
    yearly_cap = fields.Float(digits=(16, 2), help="Most base points a year; 0 for no cap.")
    deduction_mode = fields.Selection(
        [("fixed", "Fixed"), ("pro_rata", "Per Missing Item")],
    )
    rate_threshold = fields.Float("Adoption Rate Threshold (%)", digits=(5, 2))
    urgent_event = fields.Selection(
        [("late", "Reported Late"), ("missed", "Not Reported"), ("concealed", "Concealed")],
    )
    points_min = fields.Float("Least Points", digits=(16, 2), help=POINTS_RANGE_HELP)
    points_max = fields.Float("Most Points", digits=(16, 2), help=POINTS_RANGE_HELP)
    commission_status = fields.Selection(
        [("on_time", "On Time"), ("late", "Late"), ("missed", "Missed")],
        help="The answer to a commission the rule scores: points for one on time or late, a deduction "
             "for one late or missed.",
    )
    feedback_status = fields.Selection(
        [("late", "Given Late"), ("missed", "Not Given")], "Feedback",
        help="The unit's feedback on a leader's instruction the rule deducts for: given after its due "
             "date, or not given by then.",
    )
    missed_count = fields.Integer("Missed Commissions", help="From this many missed commissions in a year.")
    error_kind = fields.Selection(ERROR_KINDS, "Kind of Error", help="Kind of error of the notice; empty for any.")

    _sql_constraints = [
        ("figures_positive",
         "CHECK (points >= 0 AND factor >= 0 AND yearly_cap >= 0 AND min_submissions >= 0"
         " AND min_adoptions >= 0 AND points_per_extra >= 0 AND later_points >= 0 AND main_extra >= 0"
         " AND bucket_cap >= 0 AND event_count >= 0"
         " AND points_min >= 0 AND points_max >= points_min AND missed_count >= 0"
         " AND rate_threshold >= 0 AND rate_threshold <= 100)",
         "Rule figures cannot be negative (deductions are entered as positive figures), and "
         "the least deduction cannot exceed the most."),
        ("length_range", "CHECK (length_min >= 0 AND length_max >= 0 AND (length_max = 0 OR length_max >= length_min))",
         "An item's length in a rule is a number of characters, the least not above the most."),
    ]

    @api.constrains("kind", *{name for names in REQUIRED_PARAMETERS.values() for name in names})
    def _check_parameters(self):
        for rule in self:
            missing = [name for name in REQUIRED_PARAMETERS.get(rule.kind, ()) if not rule[name]]
            if missing:
                labels = [rule._fields[name].get_description(self.env)["string"] for name in missing]
                kinds = dict(self._fields["kind"]._description_selection(self.env))
                raise ValidationError(_(
                    "A rule of the kind %(kind)s needs: %(parameters)s.",
                    kind=kinds[rule.kind], parameters=", ".join(labels),
                ))

    @api.constrains("kind", "commission_status")
    def _check_commission_status(self):
        for rule in self:
            if rule.kind == "commission" and rule.commission_status == "missed":
                raise ValidationError(_("A missed commission earns nothing: deduct for it with a commission "
                                        "deduction rule."))
            if rule.kind == "commission_deduction" and rule.commission_status == "on_time":
                raise ValidationError(_("A commission answered on time is not deducted for."))

    @api.constrains("kind", "bucket_cap", "floor_at_zero", "conversion_mode", "points")
    def _check_composition(self):
        for rule in self:
            if rule.kind == "bucket_limit" and not rule.bucket_cap and not rule.floor_at_zero:
                raise ValidationError(_("A limit of a sub-score needs a cap, or to stop at zero."))
            if rule.kind == "conversion" and rule.conversion_mode == "top" and not rule.points:
                raise ValidationError(_("A conversion relative to the highest needs the points of its scale."))

    @api.constrains("kind", "outcome_when", "event_count")
    def _check_outcome(self):
        for rule in self:
            if rule.kind == "outcome" and rule.outcome_when != "below_points" and rule.event_count < 1:
                raise ValidationError(_("An outcome brought about by events needs from how many of them."))

    @api.constrains("kind", "item_type_id", "length_min", "length_max")
    def _check_multiplier_names_items(self):
        for rule in self:
            if rule.kind == "type_multiplier" and not (rule.item_type_id or rule.length_min or rule.length_max):
                raise ValidationError(_("A multiplier of items names their type, or their length, or both."))

    @api.constrains("kind", "item_type_id", "min_submissions", "length_min", "length_max")
    def _check_type_minimum(self):
        for rule in self:
            if rule.kind in ("period_base", "period_shortfall") and rule.length_max:
                raise ValidationError(_("A minimum of long items counts items from a length on: give the least "
                                        "characters only."))
            if rule.kind in ("period_base", "period_shortfall") and rule.length_min and not rule.min_submissions:
                raise ValidationError(_("Quotas set no minimum of long items: give the rule's minimum "
                                        "submissions."))
            if rule.kind in ("period_base", "period_shortfall") and rule.item_type_id and not rule.min_submissions:
                raise ValidationError(_("Quotas set no minimum for an item type: give the rule's minimum "
                                        "submissions of %s.", rule.item_type_id.name))

    @api.constrains("kind", "instruction_mode", "later_points")
    def _check_later_points(self):
        for rule in self:
            if rule.kind == "instruction" and rule.instruction_mode != "diminishing" and rule.later_points:
                raise ValidationError(_("Points for later instructions apply when later instructions on an "
                                        "item count at other points."))

    @api.constrains("form", "leader_level")
    def _check_choices(self):
        self.env["zugong.adoption.form"]._check_chosen(self, "form")
        self.env["zugong.leader.level"]._check_chosen(self, "leader_level")

    @api.constrains("kind", "urgent_event", "level")
    def _check_urgent_asked_by(self):
        for rule in self:
            if rule.kind == "urgent" and rule.urgent_event == "concealed" and rule.level:
                raise ValidationError(_("No office asked for a concealed event: a deduction for concealment names "
                                        "no level."))

    @api.constrains("publication_id", "level")
    def _check_publication_level(self):
        for rule in self:
            if rule.publication_id and rule.level and rule.publication_id.level != rule.level:
                raise ValidationError(_("%s is not of the rule's level.", rule.publication_id.name))

    def _auto_init(self):
        # A column with a default comes with its value on the rules already there: Odoo would
        # fill it with an update, which the freeze of a locked rule set's rules (see init)
        # refuses; a column added with its default fires no trigger.
        if sql.table_exists(self.env.cr, self._table):
            self.env.cr.execute("ALTER TABLE zugong_rule ADD COLUMN IF NOT EXISTS points_from varchar DEFAULT 'rule'")
        return super()._auto_init()

    def init(self):
        """The rules of a locked rule set are frozen in the database with it."""
        locked = ("EXISTS (SELECT 1 FROM zugong_ruleset s WHERE s.id = {row}.ruleset_id"
                  f" AND s.state = 'locked' AND {LOCKED_IN_USE.format(set='s')})")
        # the company is the rule set's, stored again on its rules when it is computed
        unchanged = ("(to_jsonb(NEW) - '{write_date,write_uid,company_id}'::text[])"
                     " = (to_jsonb(OLD) - '{write_date,write_uid,company_id}'::text[])")
        create_freeze_trigger(
            self.env.cr, "zugong_rule",
            refused=f"NOT (TG_OP = 'UPDATE' AND {unchanged}) AND ("
                    f"(TG_OP <> 'INSERT' AND {locked.format(row='OLD')})"
                    f" OR (TG_OP <> 'DELETE' AND {locked.format(row='NEW')}))",
            constraint=LOCKED_CONSTRAINT, message=LOCKED_MESSAGE,
        )

    def write(self, vals):
        self._check_unlocked()
        result = super().write(vals)
        self._check_unlocked()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._check_unlocked()
        return rules

    def unlink(self):
        self._check_unlocked()
        return super().unlink()

    def _check_unlocked(self):
        if any(rule.ruleset_id.state == "locked" for rule in self):
            raise ValidationError(_("The rules of a locked rule set cannot change."))

    def _signed(self, points):
        """Points as they count: deductions negative."""
        self.ensure_one()
        return -abs(points) if self.kind in DEDUCTION_KINDS else points

    def _for_units(self):
        return self.applies_to in ("unit", "both")

    def _for_people(self):
        return self.applies_to in ("person", "both")
