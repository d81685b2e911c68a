from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    zugong_member_ids = fields.One2many("zugong.unit.member", "user_id", "Unit Memberships")
    zugong_unit_id = fields.Many2one(
        "zugong.unit", "Unit", compute="_compute_zugong_units", compute_sudo=True
    )
    zugong_unit_ids = fields.Many2many(
        "zugong.unit", string="Units", compute="_compute_zugong_units", compute_sudo=True,
        help="The unit the person belongs to and every unit they are the registered "
             "information officer of today: the scope of the record rules.",
    )

    @api.depends("zugong_member_ids.unit_id", "zugong_member_ids.active")
    @api.depends_context("tz")
    def _compute_zugong_units(self):
        memberships = self.env["zugong.unit.member"].search([("user_id", "in", self.ids)])
        Officer = self.env["zugong.officer"]
        registrations = Officer.search(
            [("user_id", "in", self.ids), *Officer._covering_domain(fields.Date.context_today(self))]
        )
        for user in self:
            member_units = memberships.filtered(lambda m: m.user_id == user).unit_id
            user.zugong_unit_id = member_units[:1]
            user.zugong_unit_ids = member_units | registrations.filtered(
                lambda r: r.user_id == user
            ).unit_id
