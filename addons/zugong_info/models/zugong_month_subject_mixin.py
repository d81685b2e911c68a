from odoo import fields, models


class ZugongMonthSubjectMixin(models.AbstractModel):
    """A row of figures of one unit or person (the subject) in one month of a company,
    kept by the database (see zugong.month.total): read-only for everyone."""

    _name = "zugong.month.subject.mixin"
    _description = "Monthly Figures of a Unit or Person"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], required=True, readonly=True)
    subject_id = fields.Integer("Unit or Person ID", required=True, readonly=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True, index=True, ondelete="set null")
    person_id = fields.Many2one("res.users", "Person", readonly=True, index=True, ondelete="set null")
    month = fields.Date(required=True, readonly=True)
