from odoo import api, fields, models

from ..tools.freeze import changed_sql, create_freeze_trigger, create_touch_trigger, parent_in_state_sql
from .zugong_adoption_form import adoption_forms
from .zugong_bulletin import FROZEN_CONSTRAINT, FROZEN_MESSAGE

# The columns of a line that are what the issue published (its company is the issue's,
# frozen with it, and stored again on the line when it is computed).
FROZEN_COLUMNS = ("bulletin_id", "sequence", "item_id", "form", "title")


class ZugongBulletinLine(models.Model):
    """An item of a bulletin issue, in the form it takes there. The lines of a published
    issue are frozen with it, in the database too; the company is the issue's."""

    _name = "zugong.bulletin.line"
    _description = "Bulletin Item"
    _inherit = ["zugong.guarded.mixin"]
    _order = "bulletin_id, sequence, id"
    _workflow_fields = ("company_id",)
    _guarded_parent = "bulletin_id"

    bulletin_id = fields.Many2one("zugong.bulletin", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one(
        "zugong.item", "Item", required=True, index=True, ondelete="restrict",
        domain="[('state', 'in', ('received', 'adopted')), ('company_id', '=', company_id)]",
    )
    form = fields.Selection(adoption_forms, required=True, default="full")
    title = fields.Char(help="The title as printed in the issue; the item's title when empty.")
    company_id = fields.Many2one(related="bulletin_id.company_id", store=True)
    item_unit_ids = fields.Many2many(related="item_id.unit_ids", string="Units")
    item_word_count = fields.Integer(related="item_id.word_count", string="Words")

    _sql_constraints = [
        ("bulletin_item_uniq", "UNIQUE (bulletin_id, item_id)", "An item appears once in an issue."),
    ]

    @api.constrains("form")
    def _check_form(self):
        self.env["zugong.adoption.form"]._check_chosen(self, "form")

    def init(self):
        """The lines of a published issue cannot be added, changed or removed, whatever
        writes them; and a change of a line conflicts with a concurrent publication of its
        issue (which makes the adoptions of the lines it sees) in either order."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"""(TG_OP != 'UPDATE' OR {changed_sql(FROZEN_COLUMNS)})
                AND {parent_in_state_sql("zugong_bulletin", ["OLD.bulletin_id", "NEW.bulletin_id"], "published")}""",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE,
        )
        create_touch_trigger(self.env.cr, self._table, "bulletin_id", "zugong_bulletin")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["zugong.bulletin"].browse(
            [vals["bulletin_id"] for vals in vals_list if vals.get("bulletin_id")]
        )._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.bulletin_id._check_draft()
        if vals.get("bulletin_id"):
            self.env["zugong.bulletin"].browse(vals["bulletin_id"])._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_of_drafts(self):
        self.bulletin_id._check_draft()
