from odoo import _, api, fields, models
from odoo.exceptions import UserError


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
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Char(required=True)

    @api.onchange("rule_id")
    def _onchange_rule_id(self):
        if self.rule_id:
            self.points = self.rule_id.points_min or self.rule_id.points_max

    def action_confirm(self):
        self.ensure_one()
        rule = self.rule_id
        if not rule.points_min <= self.points <= rule.points_max:
            raise UserError(_("The rule allows a deduction from %(least)s to %(most)s points.",
                              least=rule.points_min, most=rule.points_max))
        if rule.ruleset_id.year != self.date.year or rule.ruleset_id.company_id != self.item_id.company_id:
            raise UserError(_("The rule belongs to another year or company than the deduction."))
        self.env["zugong.period"]._freeze_check([(self.item_id.company_id, self.date)])
        Line = self.env["zugong.score.line"].sudo()
        values = {
            "company_id": self.item_id.company_id.id, "date": self.date, "rule_id": rule.id,
            "ruleset_id": rule.ruleset_id.id, "kind": rule.kind, "source_model": "zugong.item",
            "source_id": self.item_id.id, "item_id": self.item_id.id, "manual": True,
            "explanation": _("False information in %(reference)s: %(reason)s",
                             reference=self.item_id.reference, reason=self.reason),
        }
        lines = Line.browse()
        if rule._for_units():
            lines |= Line.create([dict(values, subject="unit", unit_id=unit.id, points=-self.points)
                                  for unit in self.item_id.unit_ids])
        if rule._for_people():
            authors = self.item_id.author_ids
            lines |= Line.create([dict(values, subject="person", person_id=author.id,
                                       unit_id=(author.zugong_unit_id or self.item_id.unit_id).id,
                                       points=-round(self.points / len(authors), 2)) for author in authors])
        self.item_id.message_post(body=_("%(points)s points deducted for false information: %(reason)s",
                                         points=self.points, reason=self.reason))
        return {"type": "ir.actions.act_window_close"}
