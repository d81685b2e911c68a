from odoo import fields, models

from .zugong_rule import OUTCOMES


class ZugongScoreOutcome(models.Model):
    """What befell a unit or a person in a closed period besides points (不达标, 不得评先
    评优, 一票否决), by an outcome rule of the rule set in force, with why. Written by the
    scoring when the period closes, like the period's score lines; changed by no one by
    hand."""

    _name = "zugong.score.outcome"
    _description = "Outcome of a Period"
    _order = "period_id desc, unit_id, id"
    _rec_name = "explanation"

    company_id = fields.Many2one("res.company", required=True, index=True)
    period_id = fields.Many2one("zugong.period", "Period", required=True, index=True, ondelete="cascade")
    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], required=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, index=True, ondelete="restrict")
    person_id = fields.Many2one("res.users", "Person", index=True, ondelete="restrict")
    outcome = fields.Selection(OUTCOMES, required=True)
    rule_id = fields.Many2one("zugong.rule", "Rule", required=True, ondelete="restrict")
    ruleset_id = fields.Many2one("zugong.ruleset", "Rule Set", required=True, ondelete="restrict")
    explanation = fields.Char(required=True)

    _sql_constraints = [
        ("person_subject", "CHECK (subject = 'unit' OR person_id IS NOT NULL)", "A person's outcome names the person."),
    ]

    def init(self):
        # once a period for each rule and unit or person: closing twice cannot double one
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS zugong_score_outcome_uniq
                ON zugong_score_outcome (period_id, rule_id, subject, unit_id, COALESCE(person_id, 0))
        """)
