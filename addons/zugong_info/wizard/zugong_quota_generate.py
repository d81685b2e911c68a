import math

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.zugong_quota_figures import QUOTA_FIGURES


class ZugongQuotaGenerate(models.TransientModel):
    """Generates a year's quotas for every unit (or a subtree): from the unit categories,
    or from last year's quotas raised by a percentage (稳中有升). Units that already have
    a quota for the year keep it."""

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

    def _units(self):
        domain = [("company_id", "=", self.company_id.id)]
        if self.scope_unit_id:
            domain.append(("id", "child_of", self.scope_unit_id.id))
        return self.env["zugong.unit"].search(domain)

    def action_generate(self):
        self.ensure_one()
        Quota = self.env["zugong.quota"]
        units = self._units()
        existing = Quota.search([("unit_id", "in", units.ids), ("year", "=", self.year)]).unit_id
        units -= existing
        if self.mode == "category":
            values = [{"unit_id": unit.id, "year": self.year} for unit in units if unit.category_id]
            skipped = len(units) - len(values)
        else:
            previous = {
                quota.unit_id: quota
                for quota in Quota.search([("unit_id", "in", units.ids), ("year", "=", self.year - 1)])
            }
            values = [self._raised(previous[unit]) for unit in units if unit in previous]
            skipped = len(units) - len(values)
        quotas = Quota.create(values)
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

    def _raised(self, quota):
        factor = 1 + self.rise_percent / 100.0
        values = {"unit_id": quota.unit_id.id, "year": self.year}
        for name in QUOTA_FIGURES:
            raised = quota[name] * factor
            values[name] = math.ceil(raised * 100 - 1e-6) / 100 if name == "score_target" else math.ceil(raised - 1e-9)
        values["requirement_ids"] = [
            fields.Command.create({
                "item_type_id": requirement.item_type_id.id, "period": requirement.period,
                "minimum": max(1, math.ceil(requirement.minimum * factor - 1e-9)),
            }) for requirement in quota.requirement_ids
        ]
        return values
