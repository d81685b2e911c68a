from odoo import fields, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_context_values(self):
        """Record rules read the user's units, which follow the dates of the officer
        registrations: the cached domains of the rules last one day."""
        return (*super()._compute_domain_context_values(), fields.Date.context_today(self))
