from datetime import date

from odoo import fields
from odoo.http import request

from ..tools.money import exact_sum
from .dashboard import ZugongDashboardPortal


class ZugongLedgerPortal(ZugongDashboardPortal):
    """Adds the officer's royalties and bonuses to /my/zugong."""

    def _prepare_zugong_dashboard_values(self):
        values = super()._prepare_zugong_dashboard_values()
        user = request.env.user
        today = fields.Date.context_today(user)
        entries = request.env["zugong.ledger.entry"].search([
            ("user_id", "=", user.id), ("date", ">=", date(today.year, 1, 1)),
            ("state", "in", ("confirmed", "paid", "reversed")),
        ], order="date desc, id desc")
        values.update({
            "zugong_ledger_entries": entries[:15],
            "zugong_ledger_total": exact_sum(
                entries.filtered(lambda e: e.kind in ("royalty", "bonus")).mapped("amount")
            ),
            "zugong_ledger_currency": user.company_id.currency_id,
        })
        return values
