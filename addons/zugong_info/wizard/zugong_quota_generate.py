from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ZugongQuotaGenerate(models.TransientModel):
    """Generates a year's quotas for every unit (or a subtree): from the unit categories,
    or from last year's quotas, raised by a percentage (稳中有升). Units that already have
    a quota for the year keep it. The rules are zugong.quota._generate's."""

    _name = "zugong.quota.generate"
    _description = "Generate Annual Quotas"
    _check_company_auto = True

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year + 1)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    scope_unit_id = fields.Many2one(
        "zugong.unit", "Within", check_company=True,
        help="Only this unit and the units below it; empty for every unit of the company.",
    )
    mode = fields.Selection(
        [("category", "From Unit Categories"), ("copy", "Copy Last Year's with a Rise")],
        required=True, default="category",
    )
    rise_percent = fields.Float("Rise (%)", default=0.0, help="Each figure rises by this much, rounded up.")

    @api.constrains("rise_percent")
    def _check_rise(self):
        for wizard in self:
            if wizard.rise_percent < -100:
                raise UserError(_("A fall of more than 100% leaves nothing."))

    def action_generate(self):
        self.ensure_one()
        quotas, existing, skipped = self.env["zugong.quota"]._generate(
            self.company_id, self.year, self.mode, self.rise_percent, self.scope_unit_id,
        )
        message = _(
            "%(created)s quotas created for %(year)s; %(kept)s units already had one; %(skipped)s "
            "units were skipped (no category, or no quota last year).",
            created=len(quotas), year=self.year, kept=len(existing), skipped=skipped,
        )
        if not quotas and not existing:
            raise UserError(message)
        return {
            "type": "ir.actions.act_window",
            "name": _("Quotas %s", self.year),
            "res_model": "zugong.quota",
            "view_mode": "list,form",
            "domain": [("id", "in", quotas.ids)],
            "context": {"zugong_generate_message": message},
        }
