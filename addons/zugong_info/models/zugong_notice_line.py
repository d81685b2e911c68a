from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools.freeze import changed_sql, create_freeze_trigger, parent_in_state_sql
from ..tools.settings import document_lang
from .zugong_notice import FROZEN_CONSTRAINT, FROZEN_MESSAGE
from .zugong_unit import UNIT_KINDS

COUNTED_FIGURES = (
    "items_submitted", "items_toward_minimum", "adoptions_central", "adoptions_province", "adoptions_city",
    "adoptions_county", "adoptions_other", "adoptions_total",
)
# The columns of a row that make its content: frozen once its notice is published.
FROZEN_COLUMNS = (
    "notice_id", "sequence", "unit_id", "person_id", "name", "unit_name", "code", "is_officer",
    *COUNTED_FIGURES, "score", "rank", "tied", "previous_rank", "rank_change",
    "submissions_required", "completion_pct", "below_pass_mark", "below_target", "outcomes", "company_id",
    "kind", "category_id", "category_name",
)


class ZugongNoticeLine(models.Model):
    """A row of a notice: a unit, or a person, with the figures and rank the notice gave
    it. The values are stored as the service computed them, so later changes of scores
    leave a notice as it was. Rows are made by generating the notice only: no client adds,
    changes or removes one, not even on a draft."""

    _name = "zugong.notice.line"
    _description = "Notice Row"
    _order = "notice_id, sequence, id"

    notice_id = fields.Many2one("zugong.notice", "Notice", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="notice_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, index=True, ondelete="restrict")
    person_id = fields.Many2one("res.users", "Person", index=True, ondelete="restrict")
    name = fields.Char(required=True, help="The unit's or the person's name when the notice was made.")
    unit_name = fields.Char("Unit Name", help="The person's unit when the notice was made.")
    code = fields.Char("Unit Code")
    kind = fields.Selection(UNIT_KINDS, "Kind", help="The unit's kind when the notice was made (rankings of units).")
    category_id = fields.Many2one(
        "zugong.unit.category", "Unit Category", ondelete="restrict",
        help="The unit's category when the notice was made (rankings of units).",
    )
    category_name = fields.Char(
        "Classification", help="The name of the unit's category when the notice was made; empty for a unit "
                               "without one, which a ranking within categories ranks among the units without one.",
    )
    is_officer = fields.Boolean("Information Officer")
    items_submitted = fields.Integer("Items Submitted")
    items_toward_minimum = fields.Integer(
        "Items Counted", help="The items submitted counting towards the minimums, which the completion compares "
                              "with the submissions required: urgent reports only where the year's rule set counts "
                              "them.")
    adoptions_central = fields.Integer("Central")
    adoptions_province = fields.Integer("Province")
    adoptions_city = fields.Integer("City")
    adoptions_county = fields.Integer("County")
    adoptions_other = fields.Integer("Other Channels")
    adoptions_total = fields.Integer("Adoptions")
    score = fields.Float(digits=(16, 2))
    rank = fields.Integer(help="Equal scores share a rank and the next rank skips (1, 2, 2, 4); "
                               "empty when nothing happened in the period.")
    tied = fields.Boolean(help="The rank is shared.")
    previous_rank = fields.Integer("Previous Rank", help="The rank in the previous period of the same kind.")
    rank_change = fields.Integer("Change", help="Places moved up since the previous period.")
    submissions_required = fields.Float("Required Submissions", digits=(16, 2))
    completion_pct = fields.Float("Completion (%)", digits=(16, 1))
    below_pass_mark = fields.Boolean("Below the Pass Mark")
    below_target = fields.Boolean("Below Target")
    outcomes = fields.Char(help="What befell the unit or the person in the period besides points (不达标, 不得评先评优, "
                                "一票否决), as the rule set's outcome rules found when the period closed.")

    _sql_constraints = [
        ("one_row_per_unit", "EXCLUDE USING btree (notice_id WITH =, unit_id WITH =) WHERE (person_id IS NULL)",
         "A unit has one row in a notice."),
        ("one_row_per_person",
         "EXCLUDE USING btree (notice_id WITH =, person_id WITH =) WHERE (person_id IS NOT NULL)",
         "A person has one row in a notice."),
        ("figures_positive",
         "CHECK (items_submitted >= 0 AND adoptions_central >= 0 AND adoptions_province >= 0"
         " AND adoptions_city >= 0 AND adoptions_county >= 0 AND adoptions_other >= 0"
         " AND adoptions_total >= 0 AND rank >= 0 AND previous_rank >= 0 AND submissions_required >= 0)",
         "The counts, ranks and required submissions of a notice cannot be negative."),
    ]

    def init(self):
        """Rows of a published notice cannot be added, changed or removed, whatever writes
        them. The notice's state is read FOR SHARE: a row change waits for a concurrent
        publication and then fails (as a serialization error, or once the publication is
        seen, as the freeze), and a publication waits for a concurrent row change to
        commit first; no row changes after its notice is published."""
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"""(TG_OP != 'UPDATE' OR {changed_sql(FROZEN_COLUMNS)})
                AND {parent_in_state_sql("zugong_notice", ["OLD.notice_id", "NEW.notice_id"], "published")}""",
            constraint=FROZEN_CONSTRAINT, message=FROZEN_MESSAGE,
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_by_the_service()
        notices = self.env["zugong.notice"].browse([vals["notice_id"] for vals in vals_list if vals.get("notice_id")])
        notices._check_draft(_("changed"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_by_the_service()
        self.notice_id._check_draft(_("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_of_drafts(self):
        self._check_by_the_service()
        self.notice_id._check_draft(_("changed"))

    def _check_by_the_service(self):
        """Rows are the stats service's figures: only the notice's own generation (as
        superuser, after its checks) makes them."""
        if not self.env.su:
            self.check_access("write")
            raise AccessError(_(
                "The rows of a notice are the figures of the stats service: they are not typed, "
                "changed or removed by hand. Generate the notice again instead."
            ))

    @api.model
    def _outcome_words(self, codes):
        """The outcomes of a row (their codes) as the department's documents write them."""
        if not codes:
            return False
        env = self.with_context(lang=document_lang(self.env)).env
        labels = dict(env["zugong.score.outcome"]._fields["outcome"]._description_selection(env))
        return "、".join(labels.get(code, code) for code in codes)

    @api.model
    def _values_from_row(self, row, sequence, subject):
        """A row of the service's JSON notice as the values of a notice line."""
        values = {
            "sequence": sequence,
            "unit_id": row["unit_id"],
            "name": row.get("name") or "",
            "code": row.get("code"),
            "kind": row.get("kind") if row.get("kind") in dict(UNIT_KINDS) else False,
            "category_id": row.get("category_id") if isinstance(row.get("category_id"), int) else False,
            "category_name": row.get("category_name") or False,
            "unit_name": row.get("unit_name"),
            "is_officer": bool(row.get("is_officer")),
            "score": row.get("score") or 0,
            "rank": row.get("rank") or 0,
            "tied": bool(row.get("tied")),
            "previous_rank": row.get("previous_rank") or 0,
            "rank_change": row.get("rank_change") or 0,
            "submissions_required": row.get("submissions_required") or 0,
            "completion_pct": row.get("completion_pct"),
            "below_pass_mark": bool(row.get("below_pass_mark")),
            "below_target": bool(row.get("below_target")),
            "outcomes": self._outcome_words(row.get("outcomes")),
        }
        values.update({name: row.get(name) or 0 for name in COUNTED_FIGURES})
        if subject == "people":
            values["person_id"] = row["person_id"]
        return values
