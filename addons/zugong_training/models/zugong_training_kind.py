from odoo import fields, models


class ZugongTrainingKind(models.Model):
    """A kind of training session (以会代训, 集中培训, 专题辅导, 上挂锻炼, 异地学习): data HR
    edits, with the hours a session of the kind credits unless the session says otherwise."""

    _name = "zugong.training.kind"
    _description = "Training Session Kind"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    default_hours = fields.Float(
        "Default Hours", digits=(6, 1),
        help="Hours credited by a session of this kind unless the session sets its own.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the kind between companies."
    )
    session_count = fields.Integer("Sessions", compute="_compute_session_count")

    _sql_constraints = [
        (
            "default_hours_positive",
            "CHECK (default_hours >= 0)",
            "The default hours of a session kind cannot be negative.",
        ),
    ]

    def _compute_session_count(self):
        counts = dict(
            self.env["zugong.training.session"]._read_group(
                [("kind_id", "in", self.ids)], ["kind_id"], ["__count"]
            )
        )
        for kind in self:
            kind.session_count = counts.get(kind, 0)
