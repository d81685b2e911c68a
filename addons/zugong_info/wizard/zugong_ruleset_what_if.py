from odoo import Command, api, fields, models


class ZugongRulesetWhatIf(models.TransientModel):
    """What-if (试算): a rule set tried on a past or current period before it is put in
    force or the period closed, its points and ranks side by side with those of the rule
    set in force for the period's year, both as if the period were closed today. Nothing
    of the scores is written (zugong.ruleset._what_if_rows)."""

    _name = "zugong.ruleset.what.if"
    _description = "Try a Rule Set"

    ruleset_id = fields.Many2one("zugong.ruleset", "Rule Set Tried", required=True, readonly=True)
    company_id = fields.Many2one(related="ruleset_id.company_id")
    period_id = fields.Many2one("zugong.period", "Period", required=True, domain="[('company_id', '=', company_id)]",
                                default=lambda self: self._default_period())
    in_force_id = fields.Many2one("zugong.ruleset", "Rule Set in Force", compute="_compute_in_force_id")
    subject = fields.Selection([("units", "Units"), ("people", "People")], required=True, default="units")
    line_ids = fields.One2many("zugong.ruleset.what.if.line", "wizard_id", "Results", readonly=True)
    compared = fields.Boolean(readonly=True)
    total_in_force = fields.Float("Total in Force", digits=(16, 2), compute="_compute_totals")
    total_tried = fields.Float("Total Tried", digits=(16, 2), compute="_compute_totals")

    @api.model
    def _default_period(self):
        """The quarter under way in the company of the rule set tried, else its last one."""
        ruleset = self.env["zugong.ruleset"].browse(self.env.context.get("default_ruleset_id"))
        company = ruleset.exists().company_id or self.env.company
        return self.env["zugong.period"].search([
            ("company_id", "=", company.id), ("kind", "=", "quarter"), ("date_start", "<=", company._zugong_today()),
        ], order="date_start desc", limit=1)

    @api.depends("period_id", "company_id")
    def _compute_in_force_id(self):
        Ruleset = self.env["zugong.ruleset"]
        for wizard in self:
            wizard.in_force_id = wizard.period_id and Ruleset._in_force(wizard.company_id, wizard.period_id.year)

    @api.depends("line_ids.points_in_force", "line_ids.points_tried")
    def _compute_totals(self):
        for wizard in self:
            wizard.total_in_force = sum(wizard.line_ids.mapped("points_in_force"))
            wizard.total_tried = sum(wizard.line_ids.mapped("points_tried"))

    def action_compare(self):
        self.ensure_one()
        rows = self.ruleset_id._what_if_rows(self.period_id, self.subject)
        self.write({"line_ids": [Command.clear(), *(Command.create(row) for row in rows)], "compared": True})
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": self.env._("Try %s", self.ruleset_id.name),
        }
