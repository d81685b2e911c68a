from odoo import fields, models

from ..tools import event_dates


class ZugongUrgentConcealment(models.Model):
    """An event the unit should have reported urgently, which the research office learnt of
    from elsewhere (瞒报)."""

    _name = "zugong.urgent.concealment"
    _description = "Concealed Urgent Event"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin", "mail.thread"]
    _workflow_fields = ("recorded_by_id",)
    _scored_fields = ("unit_id", "event_time", "item_id")
    _event_date_field = "event_time"
    _checked_date_fields = ("learned_on",)
    _order = "event_time desc, id desc"
    _check_company_auto = True

    name = fields.Char("Event", required=True)
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    event_time = fields.Datetime(required=True)
    learned_on = fields.Date("Learnt On", required=True, default=event_dates.department_today)
    source = fields.Char("Learnt From", help="How the research office learnt of the event.")
    item_id = fields.Many2one(
        "zugong.item", "Late Report", ondelete="set null", check_company=True,
        help="The unit's report, if one came after the event was learnt of elsewhere.",
    )
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user, readonly=True
    )
    note = fields.Text()

    _sql_constraints = [
        ("event_time_in_range", f"CHECK {event_dates.range_sql('event_time')}", event_dates.RANGE_MESSAGE),
        ("learned_on_in_range", f"CHECK {event_dates.range_sql('learned_on')}", event_dates.RANGE_MESSAGE),
    ]

    def _rescore(self):
        self.env["zugong.scoring"]._score_concealments(self)
