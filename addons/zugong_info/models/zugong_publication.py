from odoo import fields, models

PUBLICATION_LEVELS = [
    ("county", "County"),
    ("city", "City"),
    ("province", "Province"),
    ("central", "Central"),
    ("other", "Other Channel"),
]
# the levels from the lowest, other channels below a county
LEVEL_RANK = {"other": 0, "county": 1, "city": 2, "province": 3, "central": 4}


class ZugongPublication(models.Model):
    """A publication that adopts items: the department's own bulletin (e.g. 《江州组工信息》)
    or a higher one; websites and other channels have the level "other"."""

    _name = "zugong.publication"
    _description = "Publication"
    _order = "sequence, id"

    name = fields.Char(required=True)
    level = fields.Selection(PUBLICATION_LEVELS, required=True, default="city", index=True)
    issuer = fields.Char(help="Who publishes it, e.g. the provincial organization department.")
    is_own = fields.Boolean("Own Bulletin", help="Issued by this department; its issues are compiled here.")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a publication shared by all companies."
    )
    active = fields.Boolean(default=True)
    bulletin_ids = fields.One2many("zugong.bulletin", "publication_id", "Issues")

    _sql_constraints = [
        ("own_needs_company", "CHECK (NOT is_own OR company_id IS NOT NULL)",
         "An own bulletin belongs to one company."),
    ]
