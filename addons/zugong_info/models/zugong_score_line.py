from odoo import api, fields, models

from .zugong_rule import RULE_KINDS


class ZugongScoreLine(models.Model):
    """A point awarded or deducted, with its rule, its source event, the unit and (for
    people's scores) the person. Written by the scoring when events happen and when
    periods close; read everywhere, changed by no one by hand."""

    _name = "zugong.score.line"
    _description = "Score Line"
    _order = "date desc, id desc"
    _rec_name = "explanation"

    company_id = fields.Many2one("res.company", required=True)
    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], required=True)
    # indexed with the date (see init)
    unit_id = fields.Many2one("zugong.unit", "Unit", required=True, ondelete="restrict")
    person_id = fields.Many2one("res.users", "Person", ondelete="restrict")
    date = fields.Date(required=True, index=True)
    # found by the unique index of the periods' lines (see init)
    period_id = fields.Many2one("zugong.period", "Closing Period", ondelete="cascade")
    points = fields.Float(digits=(16, 2), required=True)
    rule_id = fields.Many2one("zugong.rule", "Rule", index=True, ondelete="restrict")
    ruleset_id = fields.Many2one("zugong.ruleset", "Rule Set", required=True, index=True, ondelete="restrict")
    kind = fields.Selection(RULE_KINDS, "Rule Kind", required=True)
    source_model = fields.Char()
    source_id = fields.Many2oneReference("Source", model_field="source_model", index=True)
    item_id = fields.Many2one("zugong.item", "Item", index=True, ondelete="set null")
    explanation = fields.Char(required=True)
    manual = fields.Boolean(help="Applied by hand (false information); kept when scores are recomputed.")

    _sql_constraints = [
        ("person_subject", "CHECK (subject = 'unit' OR person_id IS NOT NULL)",
         "A person's score line names the person."),
    ]

    def init(self):
        # One line per source event, rule and beneficiary; one per period, rule and
        # beneficiary: writing the same event or period twice cannot double a point.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS zugong_score_line_event_uniq
                ON zugong_score_line (source_model, source_id, rule_id, subject, unit_id, COALESCE(person_id, 0))
             WHERE period_id IS NULL AND NOT COALESCE(manual, false);
            CREATE UNIQUE INDEX IF NOT EXISTS zugong_score_line_period_uniq
                ON zugong_score_line (period_id, rule_id, subject, unit_id, COALESCE(person_id, 0))
             WHERE period_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS zugong_score_line_unit_date_idx ON zugong_score_line (unit_id, date);
            CREATE INDEX IF NOT EXISTS zugong_score_line_person_date_idx
                ON zugong_score_line (person_id, date) WHERE person_id IS NOT NULL;
        """)
        # Every line written maintains every index: a recompute writes a year's. A unit's
        # and a person's lines are found by the indexes with the date, a source's by its
        # id (and the unique index of the events' lines), a period's by the unique index of
        # the periods' lines; the subject, the source's model and the company alone select
        # too much to be worth one (a company's lines are read by their dates).
        self.env.cr.execute("""
            DROP INDEX IF EXISTS zugong_score_line__company_id_index;
            DROP INDEX IF EXISTS zugong_score_line__period_id_index;
            DROP INDEX IF EXISTS zugong_score_line__subject_index;
            DROP INDEX IF EXISTS zugong_score_line__unit_id_index;
            DROP INDEX IF EXISTS zugong_score_line__person_id_index;
            DROP INDEX IF EXISTS zugong_score_line__source_model_index;
        """)

    @api.model
    def _source_record(self):
        self.ensure_one()
        return self.env[self.source_model].browse(self.source_id) if self.source_model else None
