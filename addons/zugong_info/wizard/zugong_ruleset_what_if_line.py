from odoo import fields, models


class ZugongRulesetWhatIfLine(models.TransientModel):
    """A unit's or a person's points and rank in a what-if, under the rule set in force
    and under the rule set tried."""

    _name = "zugong.ruleset.what.if.line"
    _description = "What-if Result"
    _order = "rank_tried, rank_in_force, name"

    wizard_id = fields.Many2one("zugong.ruleset.what.if", required=True, ondelete="cascade")
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True)
    person_id = fields.Many2one("res.users", "Person", readonly=True)
    name = fields.Char(readonly=True)
    group = fields.Char("Ranked Among", readonly=True)
    points_in_force = fields.Float("Points in Force", digits=(16, 2), readonly=True)
    rank_in_force = fields.Integer("Rank in Force", readonly=True)
    points_tried = fields.Float("Points Tried", digits=(16, 2), readonly=True)
    rank_tried = fields.Integer("Rank Tried", readonly=True)
    difference = fields.Float(digits=(16, 2), readonly=True)
    rank_change = fields.Integer(readonly=True, help="Places gained (positive) or lost under the rule set tried.")
