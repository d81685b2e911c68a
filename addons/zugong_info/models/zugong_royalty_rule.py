from odoo import api, fields, models

from .zugong_adoption_form import adoption_forms
from .zugong_ledger_entry import AMOUNT_LIMIT
from .zugong_publication import PUBLICATION_LEVELS


class ZugongRoyaltyRule(models.Model):
    """The royalty (稿酬) for an adopted item, by the publication's level, the form of the
    adoption and the item's length. The research office sets the rates; finance, who pays
    them, reads them."""

    _name = "zugong.royalty.rule"
    _description = "Royalty Rule"
    _order = "level, sequence, min_words desc, id"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    level = fields.Selection(PUBLICATION_LEVELS, required=True)
    form = fields.Selection(adoption_forms, help="Empty for any form.")
    min_words = fields.Integer("From (words)", default=0)
    max_words = fields.Integer("To (words)", default=0, help="0 for no upper limit.")
    amount = fields.Monetary(required=True)
    split_among_authors = fields.Boolean(
        default=True, help="Joint authors share the amount; otherwise each receives it."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("amount_positive", "CHECK (amount >= 0)", "A royalty cannot be negative."),
        ("amount_range", f"CHECK (amount < {AMOUNT_LIMIT})", "A royalty must be below 1,000,000."),
        ("word_band", "CHECK (min_words >= 0 AND (max_words = 0 OR max_words >= min_words))",
         "The word band must run from a smaller to a larger count."),
    ]

    @api.constrains("form")
    def _check_form(self):
        self.env["zugong.adoption.form"]._check_chosen(self, "form")

    def _matches(self, level, form, words):
        self.ensure_one()
        return (
            self.level == level
            and (not self.form or self.form == form)
            and self.min_words <= words
            and (not self.max_words or words <= self.max_words)
        )

    def _best_for(self, level, form, words):
        """The matching rule naming the form over one that doesn't; the narrowest band."""
        candidates = self.filtered(lambda rule: rule._matches(level, form, words))
        return candidates.sorted(
            lambda rule: (not rule.form, rule.max_words - rule.min_words if rule.max_words else 10**9, rule.sequence)
        )[:1]
