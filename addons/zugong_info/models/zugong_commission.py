from datetime import date, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import event_dates

# What a commission's figures depend on: its deadline and targets decide which answers
# are on time, late or missed (missed ones count in the year's score).
SCORED_FIELDS = {"deadline", "target_unit_ids", "company_id"}


class ZugongCommission(models.Model):
    """A commission (约稿): the research office asks some units for items on a topic by
    a deadline. Each target unit's fulfilment follows from the items linked to it."""

    _name = "zugong.commission"
    _description = "Commission"
    _inherit = ["zugong.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "deadline desc, id desc"
    _check_company_auto = True
    # opened and closed by its actions; its fulfilment lines follow the target units
    _workflow_fields = ("state", "target_ids")

    name = fields.Char("Topic", required=True, tracking=True)
    description = fields.Html()
    requesting_office = fields.Char(
        help="Who asked for the items, e.g. the department leadership or a section."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    deadline = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        required=True, default="draft", tracking=True,
    )
    target_unit_ids = fields.Many2many(
        "zugong.unit", "zugong_commission_unit_rel", "commission_id", "unit_id", "Target Units",
        check_company=True,
    )
    target_ids = fields.One2many("zugong.commission.target", "commission_id", "Fulfilment")
    item_ids = fields.One2many("zugong.item", "commission_id", "Items")
    fulfilled_count = fields.Integer(compute="_compute_counts")
    missed_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("deadline_in_range", f"CHECK {event_dates.range_sql('deadline')}", event_dates.RANGE_MESSAGE),
    ]

    @api.depends("target_ids.status")
    def _compute_counts(self):
        for commission in self:
            statuses = commission.target_ids.mapped("status")
            commission.fulfilled_count = sum(status in ("on_time", "late") for status in statuses)
            commission.missed_count = statuses.count("missed")

    @api.model_create_multi
    def create(self, vals_list):
        event_dates.check_dates(self, vals_list, ["deadline"])
        commissions = super().create(vals_list)
        commissions._sync_targets()
        return commissions

    def write(self, vals):
        event_dates.check_dates(self, [vals], ["deadline"])
        scored = SCORED_FIELDS & set(vals)
        if scored:
            self._check_unfrozen()
        result = super().write(vals)
        if scored:
            self._check_unfrozen()
        if "target_unit_ids" in vals:
            self._sync_targets()
        return result

    def _check_unfrozen(self):
        """A commission whose deadline lies in a closed period counts in its figures."""
        self.env["zugong.period"]._freeze_check([(commission.company_id, commission.deadline) for commission in self])

    def _sync_targets(self):
        """One fulfilment line per target unit; lines of units no longer targeted go.
        The lines are the workflow's: kept as superuser, after the commission's own
        access checks."""
        Target = self.env["zugong.commission.target"].sudo()
        for commission in self.sudo():
            existing = commission.target_ids
            existing.filtered(lambda t: t.unit_id not in commission.target_unit_ids).unlink()
            missing = commission.target_unit_ids - existing.exists().unit_id
            Target.create([{"commission_id": commission.id, "unit_id": unit.id} for unit in missing])

    def action_open(self):
        self.check_access("write")
        for commission in self:
            if commission.state != "draft":
                raise UserError(_("%s is already open or closed.", commission.name))
            if not commission.target_unit_ids:
                raise UserError(_("Choose the target units of %s before opening it.", commission.name))
        self.sudo().write({"state": "open"})
        for commission in self:
            commission._remind_officers(_("New commission: %s", commission.name))
        return True

    def action_close(self):
        self.check_access("write")
        self.sudo().write({"state": "closed"})
        return True

    def _remind_officers(self, summary):
        officers = self.env["zugong.officer"]._current_registrations(self.target_unit_ids)
        done_units = self.target_ids.filtered(lambda t: t.status in ("on_time", "late")).unit_id
        for unit_id, officer in officers.items():
            if unit_id in done_units.ids:
                continue
            self.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=self.deadline,
                user_id=officer.user_id.id, summary=summary,
            )

    @api.model
    def _cron_commissions(self):
        """Daily: mark missed the targets whose deadline passed (scored: a deduction where
        the rule set has one), and remind the officers of units that haven't answered yet
        a few days before the deadline."""
        today = fields.Date.context_today(self)
        overdue = self.env["zugong.commission.target"].search([
            ("status", "=", "open"), ("commission_id.deadline", "<", today),
        ])
        self.env.add_to_compute(overdue._fields["status"], overdue)
        overdue.flush_recordset(["status"])
        # missed answers not scored yet, of this year's and last year's commissions: those
        # just found, and those a change of the commission found missed before
        self.env.cr.execute("""
            SELECT target.id FROM zugong_commission_target target
              JOIN zugong_commission commission ON commission.id = target.commission_id
             WHERE target.status = 'missed' AND commission.deadline >= %s
               AND NOT EXISTS (SELECT 1 FROM zugong_score_line line WHERE line.source_model = 'zugong.commission.target'
                                  AND line.source_id = target.id)
        """, [date(today.year - 1, 1, 1)])
        self.env["zugong.scoring"]._score_commission_targets(
            self.env["zugong.commission.target"].browse([row[0] for row in self.env.cr.fetchall()]))
        due_soon = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            due_soon |= self.search([
                ("company_id", "=", company.id), ("state", "=", "open"),
                ("deadline", "=", today + timedelta(days=company.zugong_commission_reminder_days)),
            ])
        for commission in due_soon:
            commission._remind_officers(_(
                "Commission due on %(deadline)s: %(topic)s",
                deadline=commission.deadline, topic=commission.name,
            ))
        return overdue
