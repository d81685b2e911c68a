from odoo import api, fields, models


class ZugongUnitMember(models.Model):
    """Who belongs to which unit. Everyone in a unit may contribute items (全员办信息);
    the unit's registered officer is its responsible contact. A person belongs to one
    unit at a time; moving archives the old membership and keeps it as history."""

    _name = "zugong.unit.member"
    _description = "Unit Member"
    _order = "unit_id, id"
    _rec_name = "user_id"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    user_id = fields.Many2one("res.users", "Person", required=True, index=True, ondelete="restrict")
    employee_id = fields.Many2one(
        "hr.employee", "Employee", ondelete="set null", check_company=True,
        help="Link to the HR employee so that training can be tracked.",
    )
    position = fields.Char()
    date_from = fields.Date("Since", default=fields.Date.context_today)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "one_active_unit_per_person",
            "EXCLUDE USING btree (user_id WITH =) WHERE (active)",
            "A person belongs to one unit at a time: archive the current membership first.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()  # record rules depend on the user's units
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"unit_id", "user_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
