from datetime import date

from odoo import _, fields, models
from odoo.exceptions import UserError

AWARD_TYPES = [
    ("advanced_unit", "Advanced Unit"),
    ("advanced_person", "Advanced Individual"),
    ("progress", "Progress Award"),
    ("organization", "Organization Award"),
    ("best_item", "Best Item"),
    ("demerit", "Demerit"),
]


def competition_ranks(scores):
    """Standard competition ranking (1, 2, 2, 4) of {key: score}, highest first."""
    ranks, previous, rank = {}, None, 0
    for position, (key, score) in enumerate(sorted(scores.items(), key=lambda pair: -pair[1]), start=1):
        if score != previous:
            rank, previous = position, score
        ranks[key] = rank
    return ranks


class ZugongAwardWizard(models.TransientModel):
    """Year-end awards: proposes the advanced units and individuals (top by score), the
    progress award (largest rise in rank), the organization award (units that met every
    target, best score first) and the best items (highest-scoring); and demerits for
    units below the pass mark or their score target, or with late or missed urgent
    reports. Approving creates the bonus and demerit entries in the ledger."""

    _name = "zugong.award.wizard"
    _description = "Year-end Awards"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_count = fields.Integer("Advanced Units", default=3)
    person_count = fields.Integer("Advanced Individuals", default=5)
    progress_count = fields.Integer("Progress Awards", default=1)
    organization_count = fields.Integer("Organization Awards", default=3)
    item_count = fields.Integer("Best Items", default=5)
    unit_amount = fields.Monetary("Advanced Unit Bonus")
    person_amount = fields.Monetary("Advanced Individual Bonus")
    progress_amount = fields.Monetary("Progress Award Bonus")
    organization_amount = fields.Monetary("Organization Award Bonus")
    item_amount = fields.Monetary("Best Item Bonus")
    demerit_points = fields.Float("Demerit Points", digits=(16, 2))
    proposal_ids = fields.One2many("zugong.award.proposal", "wizard_id", "Proposals")

    def _year_scores(self, year, subject):
        """{unit or person id: the year's points} (zugong.figures)."""
        points = self.env["zugong.figures"]._points(self.company_id, date(year, 1, 1), date(year, 12, 31))
        return {subject_id: total for (line_subject, subject_id), total in points.items() if line_subject == subject}

    def action_propose(self):
        self.ensure_one()
        unit_scores = self._year_scores(self.year, "unit")
        if not unit_scores:
            raise UserError(_("No scores were recorded in %s.", self.year))
        person_scores = self._year_scores(self.year, "person")
        item_scores = self.env["zugong.figures"]._points_by_item(
            self.company_id, date(self.year, 1, 1), date(self.year, 12, 31))
        ranks = competition_ranks(unit_scores)
        previous = competition_ranks(self._year_scores(self.year - 1, "unit"))
        proposals = []

        def propose(award, scores, count, amount, field):
            for key, score in sorted(scores.items(), key=lambda pair: -pair[1])[:count]:
                proposals.append({"award": award, field: key, "score": score, "amount": amount})

        propose("advanced_unit", unit_scores, self.unit_count, self.unit_amount, "unit_id")
        propose("advanced_person", person_scores, self.person_count, self.person_amount, "user_id")
        gains = {unit: previous[unit] - rank for unit, rank in ranks.items() if unit in previous}
        for unit, gain in sorted(gains.items(), key=lambda pair: -pair[1])[:self.progress_count]:
            if gain > 0:
                proposals.append({"award": "progress", "unit_id": unit, "score": unit_scores[unit],
                                  "rank_change": gain, "amount": self.progress_amount})
        met = self._units_meeting_targets()
        propose("organization", {unit: score for unit, score in unit_scores.items() if unit in met},
                self.organization_count, self.organization_amount, "unit_id")
        propose("best_item", item_scores, self.item_count, self.item_amount, "item_id")
        demerits = self.env["zugong.quota"]._demerit_reasons(self.company_id, self.year, unit_scores)
        for unit, reason in demerits.items():
            proposals.append({"award": "demerit", "unit_id": unit, "score": unit_scores.get(unit, 0.0),
                              "reason": reason, "points": self.demerit_points})
        for proposal in proposals:
            proposal.setdefault("rank", ranks.get(proposal.get("unit_id")))
        self.proposal_ids = [fields.Command.clear()] + [fields.Command.create(p) for p in proposals]
        return self._reopen()

    def _units_meeting_targets(self):
        quotas = self.env["zugong.quota"].search([("company_id", "=", self.company_id.id), ("year", "=", self.year)])
        return set(quotas._met_over_the_year().unit_id.ids)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_approve(self):
        self.ensure_one()
        chosen = self.proposal_ids.filtered("selected")
        if not chosen:
            raise UserError(_("Select the proposals to approve."))
        awards = dict(self.env["zugong.award.proposal"]._fields["award"]._description_selection(self.env))
        entries = self.env["zugong.ledger.entry"].create([
            proposal._entry_values(awards[proposal.award], self.year) for proposal in chosen
        ])
        return {
            "type": "ir.actions.act_window",
            "name": _("Year-end Awards %s", self.year),
            "res_model": "zugong.ledger.entry",
            "view_mode": "list,form",
            "domain": [("id", "in", entries.ids)],
        }


class ZugongAwardProposal(models.TransientModel):
    _name = "zugong.award.proposal"
    _description = "Award Proposal"
    _order = "award, rank, id"

    wizard_id = fields.Many2one("zugong.award.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    selected = fields.Boolean(default=True)
    award = fields.Selection(AWARD_TYPES, required=True)
    unit_id = fields.Many2one("zugong.unit", "Unit")
    user_id = fields.Many2one("res.users", "Person")
    item_id = fields.Many2one("zugong.item", "Item")
    score = fields.Float(digits=(16, 2))
    rank = fields.Integer()
    rank_change = fields.Integer("Places Gained")
    amount = fields.Monetary()
    points = fields.Float(digits=(16, 2))
    reason = fields.Char()

    def _entry_values(self, award_label, year):
        self.ensure_one()
        demerit = self.award == "demerit"
        beneficiary = self.user_id or self.unit_id or self.item_id.unit_id
        name = _("%(award)s %(year)s: %(who)s", award=award_label, year=year,
                 who=self.item_id.name if self.item_id else beneficiary.display_name)
        if self.reason:
            name = f"{name} ({self.reason})"
        return {
            "name": name,
            "kind": "demerit" if demerit else "bonus",
            "award": award_label,
            "user_id": self.user_id.id or (self.item_id.author_ids[:1].id if self.item_id else False),
            "unit_id": (self.unit_id or self.item_id.unit_id).id,
            "company_id": self.wizard_id.company_id.id,
            "amount": 0.0 if demerit else self.amount,
            "points": -abs(self.points) if demerit else 0.0,
            "item_id": self.item_id.id,
            "date": fields.Date.context_today(self),
        }
