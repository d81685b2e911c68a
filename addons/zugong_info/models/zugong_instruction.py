from datetime import date, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import event_dates
from .zugong_leader_level import leader_levels

FEEDBACK_FIELDS = {"feedback_date", "feedback_text"}
FEEDBACK_TEXT_MAX = 10_000


class ZugongInstruction(models.Model):
    """A leader's instruction (批示) on an item, and the unit's report on how it was carried
    out. Feedback not given by its due date is overdue."""

    _name = "zugong.instruction"
    _description = "Leader Instruction"
    _inherit = ["zugong.guarded.mixin", "zugong.scored.event.mixin", "mail.thread", "mail.activity.mixin"]
    _scored_fields = ("item_id", "leader_level", "is_main_leader", "date", "publication_id")
    _checked_date_fields = ("feedback_date", "feedback_deadline")
    _order = "date desc, id desc"
    _check_company_auto = True
    # who reported the feedback is the user who wrote it; unit and company follow the item
    _workflow_fields = ("feedback_by_id", "unit_id", "company_id")

    item_id = fields.Many2one(
        "zugong.item", "Item", required=True, index=True, ondelete="restrict", check_company=True
    )
    unit_id = fields.Many2one(related="item_id.unit_id", store=True, index=True, string="Unit")
    unit_ids = fields.Many2many(related="item_id.unit_ids", string="Units")
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    leader_level = fields.Selection(leader_levels, required=True, default="city", tracking=True)
    is_main_leader = fields.Boolean(
        "Main Leader", tracking=True, help="Given by the main leader (主要领导) of that level."
    )
    leader_name = fields.Char("Leader")
    publication_id = fields.Many2one(
        "zugong.publication", "Read In", ondelete="restrict", index="btree_not_null", check_company=True,
        help="The publication in which the leader read the item, where a rule set scores instructions "
             "by it.")
    date = fields.Date(required=True, default=event_dates.department_today, tracking=True)
    text = fields.Text("Instruction", required=True)
    feedback_deadline = fields.Date(
        "Feedback Due", compute="_compute_feedback_deadline", store=True, readonly=False
    )
    feedback_date = fields.Date(tracking=True)
    feedback_text = fields.Text("How It Was Carried Out")
    feedback_by_id = fields.Many2one("res.users", "Reported By", readonly=True)
    state = fields.Selection(
        [("awaiting", "Awaiting Feedback"), ("done", "Feedback Given")],
        compute="_compute_state", store=True, index=True,
    )
    is_overdue = fields.Boolean(
        "Feedback Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    _sql_constraints = [
        ("feedback_after_instruction",
         "CHECK (feedback_date IS NULL OR feedback_date >= date)",
         "Feedback cannot be dated before the instruction."),
        ("date_in_range", f"CHECK {event_dates.range_sql('date')}", event_dates.RANGE_MESSAGE),
        ("feedback_date_in_range", f"CHECK {event_dates.range_sql('feedback_date')}", event_dates.RANGE_MESSAGE),
        ("feedback_deadline_in_range", f"CHECK {event_dates.range_sql('feedback_deadline')}",
         event_dates.RANGE_MESSAGE),
    ]

    @api.constrains("leader_level")
    def _check_leader_level(self):
        self.env["zugong.leader.level"]._check_chosen(self, "leader_level")

    @api.depends("date")
    def _compute_feedback_deadline(self):
        for instruction in self:
            if instruction.date and not instruction.feedback_deadline:
                company = (instruction.item_id.company_id or self.env.company).sudo()
                instruction.feedback_deadline = instruction.date + timedelta(
                    days=company.zugong_instruction_feedback_days)

    @api.depends("feedback_date", "feedback_text")
    def _compute_state(self):
        for instruction in self:
            done = instruction.feedback_date and instruction.feedback_text
            instruction.state = "done" if done else "awaiting"

    @api.depends("state", "feedback_deadline")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for instruction in self:
            instruction.is_overdue = (
                instruction.state == "awaiting"
                and bool(instruction.feedback_deadline)
                and instruction.feedback_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the overdue flag."))
        domain = [
            ("state", "=", "awaiting"),
            ("feedback_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            # the leadership enters instructions; how they were carried out is the units' to say
            if any(vals.get(name) for vals in vals_list for name in FEEDBACK_FIELDS):
                raise AccessError(_("The feedback on an instruction is the unit's to report, "
                                    "once the instruction is entered."))
        # an instruction is on an item its author may read (the leadership: once submitted)
        self.env["zugong.item"].browse({vals["item_id"] for vals in vals_list if vals.get("item_id")}).check_access("read")
        instructions = super().create(vals_list)
        for instruction in instructions:
            # the units' to-dos are the workflow's, whoever entered the instruction
            instruction.sudo()._ask_unit_for_feedback()
        return instructions

    def _rescore(self):
        self.env["zugong.scoring"]._score_instructions(self)

    def unlink(self):
        items = self.item_id
        result = super().unlink()
        # the instructions on the same items: the first, or the best, may have gone
        self.env["zugong.scoring"]._score_instructions(self.sudo().search([("item_id", "in", items.ids)]))
        return result

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            if set(vals) - FEEDBACK_FIELDS:
                raise AccessError(_("Units can only report how an instruction was carried out."))
            if not self.env.user.has_group("zugong_info.group_officer"):
                # the leadership enters instructions: what it entered stays as entered
                raise AccessError(_("An instruction entered is not changed: only its unit reports "
                                    "how it was carried out."))
        result = super().write(vals)
        if FEEDBACK_FIELDS & set(vals):
            # who reported: the user who wrote the feedback, as the workflow records it
            self.sudo().write({"feedback_by_id": self.env.user.id})
        if (FEEDBACK_FIELDS | {"feedback_deadline"}) & set(vals):
            self._rescore()  # the feedback's deduction, if late
        answered = self.filtered(lambda i: i.state == "done")
        if answered:
            # the to-dos are the workflow's: closed for whoever answered (portal users too)
            answered.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Feedback given"))
        return result

    def _portal_feedback(self, form):
        """The unit's report on how the instruction was carried out, from the portal's
        form: the text, and the date (today unless given), or a UserError in the
        officer's words."""
        self.ensure_one()
        text = (form.get("feedback_text") or "").strip()
        if not text:
            raise UserError(_("Describe how the instruction was carried out."))
        if len(text) > FEEDBACK_TEXT_MAX:
            raise UserError(_("The feedback has %(count)s characters: at most %(max)s.",
                              count=len(text), max=FEEDBACK_TEXT_MAX))
        today = self.company_id._zugong_today()
        value = (form.get("feedback_date") or "").strip()
        try:
            day = fields.Date.to_date(value) if value else today
        except ValueError:
            day = None
        if not day:
            raise UserError(_("The date %s is not a date: use the date picker.", value))
        if day > today:
            raise UserError(_("The feedback cannot be dated in the future."))
        if day < self.date:
            raise UserError(_("The feedback cannot be dated before the instruction."))
        self.write({"feedback_text": text, "feedback_date": day})

    @api.model
    def _cron_feedback_overdue(self):
        """Daily: the instructions of this year and last whose feedback was not given by
        its due date, not scored as such yet, are (a deduction where the rule set has one)."""
        self.env.flush_all()
        companies = self.env["res.company"].sudo().search([])
        self.env.cr.execute("""
            SELECT instruction.id FROM zugong_instruction instruction
             WHERE instruction.state = 'awaiting'
               AND instruction.feedback_deadline < (%(today)s::jsonb ->> instruction.company_id::text)::date
               AND instruction.feedback_deadline >= %(since)s
               AND NOT EXISTS (SELECT 1 FROM zugong_score_line line WHERE line.source_model = 'zugong.instruction'
                                  AND line.source_id = instruction.id AND line.kind = 'feedback_deduction')
        """, {"today": companies._zugong_todays(), "since": date(fields.Date.today().year - 1, 1, 1)})
        overdue = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.env["zugong.scoring"]._score_instructions(overdue)
        return overdue

    def _ask_unit_for_feedback(self):
        officers = self.env["zugong.officer"]._current_registrations(self.item_id.unit_ids)
        for officer in officers.values():
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.feedback_deadline,
                user_id=officer.user_id.id,
                summary=_("Report how the instruction on %s was carried out", self.item_id.reference),
            )

    @api.depends("item_id", "leader_level")
    def _compute_display_name(self):
        levels = dict(self._fields["leader_level"]._description_selection(self.env))
        for instruction in self:
            instruction.display_name = _(
                "%(level)s instruction on %(item)s",
                level=levels.get(instruction.leader_level, ""), item=instruction.item_id.reference or "",
            )
