from odoo import api, fields, models


class ZugongItemUnit(models.Model):
    """A unit of an item with its share: one line for a single-unit item, several for a
    joint item (合报)."""

    _name = "zugong.item.unit"
    _description = "Item Unit"
    _inherit = ["zugong.guarded.mixin"]
    _order = "item_id, sequence, id"
    _guarded_parent = "item_id"

    item_id = fields.Many2one("zugong.item", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, index=True, ondelete="restrict")
    share = fields.Float(
        "Share (%)", digits=(5, 2), default=100.0,
        help="The unit's share of the item in percent; the shares of an item add up to 100.",
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("item_unit_uniq", "UNIQUE (item_id, unit_id)", "A unit appears once on an item."),
        ("share_range", "CHECK (share > 0 AND share <= 100)",
         "A unit's share must be more than 0 and at most 100 percent."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_unfrozen()
        lines._check_joint()
        return lines

    def write(self, vals):
        self._check_unfrozen()
        items_before = self.item_id
        result = super().write(vals)
        self._check_unfrozen()
        if self._joint_checked():
            (items_before | self.item_id)._check_joint_units()
        return result

    def unlink(self):
        self._check_unfrozen()
        items = self.item_id
        result = super().unlink()
        if self._joint_checked():
            # the lead may pass to the next line: it stays a unit of the user's, its joint
            # units stay near it
            items = items.exists()
            items.check_access("write")
            items._check_joint_units()
        return result

    def _joint_checked(self):
        return self.env["zugong.item"]._checks_unit_rules()

    def _check_joint(self):
        """A unit named by a client beside the lead unit is one it may name (see
        zugong.item._check_joint_units)."""
        if self._joint_checked():
            self.item_id._check_joint_units()

    def _check_unfrozen(self):
        """The units of a submitted item are what its figures are computed from."""
        counted = self.item_id.filtered(lambda item: item._counts())
        self.env["zugong.period"]._freeze_check([(item.company_id, item.submitted_date) for item in counted])
