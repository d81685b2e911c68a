from odoo import api, fields, models


class ZugongNoticeGenerate(models.TransientModel):
    """The research office picks a period, a scope and what is ranked; the stats service
    computes the notice, which is created as a draft (or not at all when the service
    fails)."""

    _name = "zugong.notice.generate"
    _description = "Generate a Notice"
    _inherit = ["zugong.notice.parameters"]

    # How units are ranked: as the rule set in force of the period's year says, until the
    # user chooses otherwise.
    rank_within = fields.Selection(compute="_compute_rank_within", store=True, readonly=False, precompute=True,
                                   default=None)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "scope_unit_id" in fields_list and not values.get("scope_unit_id"):
            root = self.env["zugong.unit"].search(
                [("parent_id", "=", False), ("company_id", "=", self.env.company.id)], limit=1
            )
            values["scope_unit_id"] = root.id
        return values

    @api.depends("subject", "period_start", "scope_unit_id")
    def _compute_rank_within(self):
        for wizard in self:
            if wizard.subject != "units" or not wizard.period_start:
                wizard.rank_within = "all"  # people are ranked all together
                continue
            company = wizard.scope_unit_id.company_id or self.env.company
            wizard.rank_within = self.env["zugong.ruleset"]._notice_rank_within(company, wizard.period_start.year)

    def action_generate(self):
        self.ensure_one()
        notice = self.env["zugong.notice"]._generate(self._parameter_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "zugong.notice",
            "res_id": notice.id,
            "view_mode": "form",
        }
