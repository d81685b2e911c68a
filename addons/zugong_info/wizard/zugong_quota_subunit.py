from odoo import api, fields, models

from ..models.zugong_quota_figures import QUOTA_FIGURES


class ZugongQuotaSubunit(models.TransientModel):
    """The targets of a unit's sub-units, set by the unit's head within the unit's own
    (zugong.quota._set_subunit_targets checks and writes them)."""

    _name = "zugong.quota.subunit"
    _description = "Targets of the Sub-units"

    quota_id = fields.Many2one("zugong.quota", "Quota", required=True, ondelete="cascade")
    unit_id = fields.Many2one(related="quota_id.unit_id")
    year = fields.Integer(related="quota_id.year")
    monthly_min_submissions = fields.Integer(related="quota_id.monthly_min_submissions", string="Unit's Monthly Minimum")
    quarterly_min_submissions = fields.Integer(related="quota_id.quarterly_min_submissions",
                                               string="Unit's Quarterly Minimum")
    adoption_target_county = fields.Integer(related="quota_id.adoption_target_county", string="Unit's County Adoptions")
    adoption_target_city = fields.Integer(related="quota_id.adoption_target_city", string="Unit's City Adoptions")
    adoption_target_province = fields.Integer(related="quota_id.adoption_target_province",
                                              string="Unit's Province Adoptions")
    adoption_target_central = fields.Integer(related="quota_id.adoption_target_central",
                                             string="Unit's Central Adoptions")
    score_target = fields.Float(related="quota_id.score_target", string="Unit's Score Target")
    line_ids = fields.One2many("zugong.quota.subunit.line", "wizard_id", "Sub-units")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        quota = self.env["zugong.quota"].browse(values.get("quota_id"))
        if quota and "line_ids" in fields_list:
            quota.check_access("read")
            children = quota.unit_id.sudo().child_ids.sorted("complete_name")
            existing = {
                line.unit_id: line for line in self.env["zugong.quota"].sudo().search(
                    [("unit_id", "in", children.ids), ("year", "=", quota.year)]
                )
            }
            values["line_ids"] = [
                fields.Command.create({
                    "unit_id": unit.id,
                    **{name: existing[unit][name] for name in QUOTA_FIGURES if unit in existing},
                })
                for unit in children
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.quota_id._set_subunit_targets({
            line.unit_id: {name: line[name] for name in QUOTA_FIGURES} for line in self.line_ids
        })
        return {"type": "ir.actions.act_window_close"}


class ZugongQuotaSubunitLine(models.TransientModel):
    _name = "zugong.quota.subunit.line"
    _description = "Target of a Sub-unit"

    wizard_id = fields.Many2one("zugong.quota.subunit", required=True, ondelete="cascade")
    unit_id = fields.Many2one("zugong.unit", "Sub-unit", required=True)
    monthly_min_submissions = fields.Integer("Monthly Minimum")
    quarterly_min_submissions = fields.Integer("Quarterly Minimum")
    adoption_target_county = fields.Integer("County Adoptions")
    adoption_target_city = fields.Integer("City Adoptions")
    adoption_target_province = fields.Integer("Province Adoptions")
    adoption_target_central = fields.Integer("Central Adoptions")
    score_target = fields.Float(digits=(16, 2))
