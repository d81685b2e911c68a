from odoo import api, fields, models

from ..tools.event_dates import department_today


class ZugongScoreDeduct(models.TransientModel):
    """The research office deducts points for false information (虚假信息), within the range
    the rule set allows, with its reason."""

    _name = "zugong.score.deduct"
    _description = "Deduct for False Information"

    item_id = fields.Many2one("zugong.item", "Item", required=True)
    rule_id = fields.Many2one(
        "zugong.rule", "Rule", required=True, domain="[('kind', '=', 'false_info'), ('ruleset_id.state', '!=', 'draft')]"
    )
    points = fields.Float(required=True, digits=(16, 2))
    date = fields.Date(required=True, default=department_today)
    reason = fields.Char(required=True)

    @api.onchange("rule_id")
    def _onchange_rule_id(self):
        if self.rule_id:
            self.points = self.rule_id.points_min or self.rule_id.points_max

    def action_confirm(self):
        self.ensure_one()
        self.env["zugong.scoring"]._deduct_for_false_information(
            self.item_id, self.rule_id, self.points, self.date, self.reason)
        return {"type": "ir.actions.act_window_close"}
