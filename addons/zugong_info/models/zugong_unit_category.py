from odoo import fields, models


class ZugongUnitCategory(models.Model):
    _name = "zugong.unit.category"
    _description = "Unit Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    monthly_min_submissions = fields.Integer(
        string="Monthly Minimum Submissions",
        help="Default number of items a unit of this category must submit each month.",
    )
    note = fields.Text()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the category between companies."
    )
    unit_count = fields.Integer(compute="_compute_unit_count")

    _sql_constraints = [
        (
            "monthly_min_submissions_positive",
            "CHECK (monthly_min_submissions >= 0)",
            "The monthly minimum submissions cannot be negative.",
        ),
    ]

    def _compute_unit_count(self):
        counts = dict(
            self.env["zugong.unit"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.unit_count = counts.get(category, 0)
