from odoo import fields, models

from ..models.zugong_adoption_form import adoption_forms
from ..tools.event_dates import department_today


class ZugongAdoptionRecord(models.TransientModel):
    """Records, from the item itself, its adoption by a higher publication: which
    publication, which issue, in which form and when (see zugong.item._record_adoption)."""

    _name = "zugong.adoption.record"
    _description = "Record an Adoption"

    item_id = fields.Many2one("zugong.item", "Item", required=True, readonly=True)
    company_id = fields.Many2one(related="item_id.company_id")
    publication_id = fields.Many2one(
        "zugong.publication", "Publication", required=True,
        domain="[('is_own', '=', False), '|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    issue_number = fields.Char("Issue Number", required=True, help="e.g. 2026年第12期")
    form = fields.Selection(adoption_forms, required=True, default="full")
    date = fields.Date(required=True, default=department_today)
    upstream_points = fields.Float(
        digits=(16, 2), help="The points the adopting office's own rules give the item (上级计分), where the "
                             "rule set passes them through.",
    )
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.item_id._record_adoption(
            self.publication_id, self.issue_number, self.form, self.date, note=self.note,
            upstream_points=self.upstream_points,
        )
        return {"type": "ir.actions.act_window_close"}
