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
    quarterly_min_submissions = fields.Integer(
        string="Quarterly Minimum Submissions",
        help="Default number of items a unit of this category must submit each quarter, on top "
             "of the monthly minimum.",
    )
    adoption_target_county = fields.Integer("County Adoptions a Year")
    adoption_target_city = fields.Integer("City Adoptions a Year")
    adoption_target_province = fields.Integer("Province Adoptions a Year")
    adoption_target_central = fields.Integer("Central Adoptions a Year")
    score_target = fields.Float("Score Target", digits=(16, 2))
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
        (
            "targets_positive",
            "CHECK (quarterly_min_submissions >= 0 AND adoption_target_county >= 0"
            " AND adoption_target_city >= 0 AND adoption_target_province >= 0"
            " AND adoption_target_central >= 0 AND score_target >= 0)",
            "Quota figures cannot be negative.",
        ),
    ]

    def _quota_defaults(self):
        """The figures a new quota of a unit of this category starts from."""
        if not self:
            return {}
        self.ensure_one()
        return {
            name: self[name] for name in (
                "monthly_min_submissions", "quarterly_min_submissions", "adoption_target_county",
                "adoption_target_city", "adoption_target_province", "adoption_target_central",
                "score_target",
            )
        }

    def _compute_unit_count(self):
        counts = dict(
            self.env["zugong.unit"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.unit_count = counts.get(category, 0)
