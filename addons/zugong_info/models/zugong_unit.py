from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

UNIT_KINDS = [
    ("county", "County / District"),
    ("township", "Township / Street"),
    ("section", "Section"),
    ("point", "Direct-report Point"),
    ("other", "Other"),
]


class ZugongUnit(models.Model):
    _name = "zugong.unit"
    _description = "Reporting Unit"
    _parent_store = True
    _parent_name = "parent_id"
    _rec_name = "complete_name"
    _order = "complete_name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=False)
    complete_name = fields.Char(
        "Path", compute="_compute_complete_name", recursive=True, store=True, index="trigram"
    )
    code = fields.Char(required=True, index=True)
    kind = fields.Selection(UNIT_KINDS, string="Unit Kind", required=True, default="other")
    parent_id = fields.Many2one(
        "zugong.unit", "Parent Unit", index=True, ondelete="restrict", check_company=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("zugong.unit", "parent_id", "Sub-units")
    category_id = fields.Many2one("zugong.unit.category", "Category", ondelete="restrict")
    department_id = fields.Many2one(
        "hr.department", "HR Department", ondelete="set null", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    signoff_required = fields.Boolean(
        "Sign-off Required", default=True,
        help="Items of this unit go to its head for sign-off (审签) before the research office.",
    )
    member_ids = fields.One2many("zugong.unit.member", "unit_id", "People")
    member_count = fields.Integer(compute="_compute_member_count")
    officer_ids = fields.One2many("zugong.officer", "unit_id", "Officer Registrations")
    current_officer_id = fields.Many2one(
        "zugong.officer", "Current Officer", compute="_compute_current_officer"
    )
    current_officer_user_id = fields.Many2one(
        "res.users", "Information Officer", compute="_compute_current_officer"
    )
    note = fields.Text()
    payee_id = fields.Many2one(
        "res.users", "Payee of Unit Money", ondelete="restrict", domain="[('company_ids', 'in', company_id)]",
        help="Who receives the unit's own money (advanced unit, progress and organization bonuses) "
             "from finance. Empty: the unit's registered information officer on the payment date.",
    )

    _sql_constraints = [
        ("code_company_uniq", "UNIQUE (company_id, code)",
         "The unit code must be unique within a company."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    @api.depends("complete_name")
    def _compute_display_name(self):
        """A unit is named by its path, set for all the units at once: a list of 2,000
        quotas or a pivot by unit names as many units, and the ORM's assignment one unit
        at a time took most of the time of reading their names."""
        names = [name or False for name in self.mapped("complete_name")]
        self.env.cache.update(self, self._fields["display_name"], names)

    def _compute_member_count(self):
        counts = dict(
            self.env["zugong.unit.member"]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
        )
        for unit in self:
            unit.member_count = counts.get(unit, 0)

    def _compute_current_officer(self):
        officers = self.env["zugong.officer"]._current_registrations(self)
        for unit in self:
            officer = officers.get(unit.id, self.env["zugong.officer"])
            unit.current_officer_id = officer
            unit.current_officer_user_id = officer.user_id

    @api.constrains("payee_id", "company_id")
    def _check_payee_company(self):
        for unit in self:
            if unit.payee_id and unit.company_id not in unit.payee_id.company_ids:
                raise ValidationError(_(
                    "%(person)s has no access to %(company)s, the company of the unit: choose another payee.",
                    person=unit.payee_id.name, company=unit.company_id.name,
                ))

    def _payees(self, day):
        """Who receives the money of each unit paid on ``day``, by unit id: its payee, else
        its registered officer that day (no entry for a unit that has neither)."""
        registrations = self.env["zugong.officer"]._current_registrations(self.filtered(lambda u: not u.payee_id), day)
        payees = {unit.id: unit.payee_id for unit in self if unit.payee_id}
        payees.update({unit_id: registration.user_id for unit_id, registration in registrations.items()})
        return payees

    def _heads(self):
        """Unit heads over these units: heads who belong to them or to their ancestors
        (the research office apart)."""
        members = self.env["zugong.unit.member"].sudo().search([("unit_id", "parent_of", self.ids)])
        head_group = self.env.ref("zugong_info.group_unit_head")
        research_group = self.env.ref("zugong_info.group_research")
        return members.user_id.filtered(
            lambda user: head_group in user.groups_id and research_group not in user.groups_id
            and not user.share
        )

    def _people(self):
        """The people of these units today: their members and their registered officers
        (read whatever the caller may read)."""
        members = self.env["zugong.unit.member"].sudo().search([("unit_id", "in", self.ids)])
        registrations = self.env["zugong.officer"]._current_registrations(self)
        people = members.user_id
        for registration in registrations.values():
            people |= registration.sudo().user_id
        return people.with_env(self.env)

    def _joint_unit_domain(self):
        """The units an item led by this unit may name as joint units (合报): the unit's
        own subtree and its siblings (the other units of the same parent)."""
        self.ensure_one()
        domain = [("id", "child_of", self.id)]
        if self.parent_id:
            domain = ["|", ("parent_id", "=", self.parent_id.id), *domain]
        return ["&", ("company_id", "=", self.company_id.id), *domain]

    def _joint_unit_choices(self):
        """The units an item led by this unit may name besides it, by name (read as
        superuser: an officer reads only their own units)."""
        self.ensure_one()
        return self.sudo().search(self._joint_unit_domain()) - self.sudo()

    def _is_under(self, units):
        """This unit lies in the subtree of ``units``."""
        self.ensure_one()
        return bool(units) and bool(self.sudo().search_count(
            [("id", "=", self.id), ("id", "child_of", units.ids)]
        ))

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "zugong_info.zugong_unit_member_action"
        )
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action

    def action_view_officers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("zugong_info.zugong_officer_action")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id, "active_test": False}
        return action

    def action_open_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Officer Handover"),
            "res_model": "zugong.officer.handover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_unit_id": self.id},
        }
