from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..documents.zugong_ruleset_document import render_ruleset
from ..tools.freeze import changed_sql, create_freeze_trigger
from ..tools.ranking import competition_ranks
from .zugong_notice_parameters import RANK_WITHIN

LOCKED_CONSTRAINT = "zugong_ruleset_locked_frozen"
LOCKED_MESSAGE = "a locked rule set is frozen"
# PL/pgSQL condition: the rule set {set} is in use by a closed period of its year
LOCKED_IN_USE = ("EXISTS (SELECT 1 FROM zugong_period p WHERE p.company_id = {set}.company_id"
                 " AND p.year = {set}.year AND p.state = 'closed')")


class ZugongRuleset(models.Model):
    """A year's scoring rules (考核计分办法) of a company. Events are scored with the rule
    set active for their date's year; a rule set in use by a closed period is locked."""

    _name = "zugong.ruleset"
    _description = "Scoring Rule Set"
    _inherit = ["zugong.guarded.mixin", "zugong.official.document.mixin", "mail.thread"]
    _order = "year desc, id desc"
    _workflow_fields = ("state",)
    _document_route = "ruleset"

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("locked", "Locked")],
        required=True, default="draft", tracking=True, copy=False,
    )
    rule_ids = fields.One2many("zugong.rule", "ruleset_id", "Rules", copy=True)
    rank_within = fields.Selection(
        RANK_WITHIN, "Rank Units", required=True, default="all", tracking=True,
        help="How the year's notices rank units: all together, each among the units of its kind "
             "(counties with counties, sections with sections), or each among the units of its "
             "category (一类 with 一类). Notices generated for a period of the year, by hand or by "
             "the schedule, start from it; the research office may still choose otherwise for a "
             "notice.",
    )
    urgent_toward_minimum = fields.Boolean(
        "Urgent Reports Count toward Minimums", tracking=True,
        help="Urgent reports (紧急信息) and their follow-ups count towards the minimums of the year (the "
             "quotas' and the rules' own) and their progress only when the rule set says so; otherwise only "
             "ordinary items do. Whatever it says, they are items submitted, adopted and scored as the rules say.",
    )
    note = fields.Html()
    line_count = fields.Integer("Score Lines", compute="_compute_line_count")

    _sql_constraints = [
        ("one_in_force_per_year",
         "EXCLUDE USING btree (company_id WITH =, year WITH =) WHERE (state IN ('active', 'locked'))",
         "The company already has a rule set in force for this year."),
        # Also the constraint under which the database refuses changes of a locked rule
        # set and of its rules (see init).
        ("locked_frozen", "CHECK (state IN ('draft', 'active', 'locked'))",
         "A locked rule set cannot change: copy it to a new year instead."),
    ]

    def init(self):
        """A locked rule set is frozen in the database while a period of its year is
        closed (its rules, and how its notices rank units, are what that period's figures
        come from); so are its rules (see zugong.rule)."""
        in_use = LOCKED_IN_USE
        create_freeze_trigger(
            self.env.cr, self._table,
            refused=f"OLD.state = 'locked' AND {in_use.format(set='OLD')} AND (TG_OP = 'DELETE' OR "
                    f"{changed_sql(('name', 'year', 'company_id', 'state', 'rank_within', 'urgent_toward_minimum'))})",
            constraint=LOCKED_CONSTRAINT, message=LOCKED_MESSAGE, events=("UPDATE", "DELETE"),
        )

    def _compute_line_count(self):
        counts = dict(self.env["zugong.score.line"]._read_group(
            [("ruleset_id", "in", self.ids)], ["ruleset_id"], ["__count"]
        ))
        for ruleset in self:
            ruleset.line_count = counts.get(ruleset, 0)

    @api.model
    def _in_force(self, company, year):
        return self.search([
            ("company_id", "=", company.id), ("year", "=", year), ("state", "in", ("active", "locked")),
        ], limit=1)

    @api.model
    def _urgent_counted(self, company, year):
        """Whether urgent reports count towards the minimums of ``year``: as the rule set
        in force says (zugong.figures applies it, URGENT_COUNTED_SQL in the database).
        Kept until a rule set is created, changed or deleted: every reading of figures
        asks it."""
        return self._urgent_counted_of(company.id, year)

    @api.model
    @tools.ormcache("company_id", "year")
    def _urgent_counted_of(self, company_id, year):
        return bool(self.sudo()._in_force(self.env["res.company"].browse(company_id), year).urgent_toward_minimum)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _urgent_counted_of
        return super().create(vals_list)

    def unlink(self):
        self.env.registry.clear_cache()  # _urgent_counted_of
        return super().unlink()

    @api.model
    def _notice_rank_within(self, company, year):
        """How the notices of a period of ``year`` rank units by default: as the rule set in
        force for the year says, all together without one."""
        return self._in_force(company, year).rank_within or "all"

    def write(self, vals):
        if set(vals) - {"state", "message_main_attachment_id"} and any(r.state == "locked" for r in self):
            raise UserError(_("A locked rule set cannot change: copy it to a new year instead."))
        self.env.registry.clear_cache()  # _urgent_counted_of
        return super().write(vals)

    def action_activate(self):
        for ruleset in self:
            if ruleset.state != "draft":
                raise UserError(_("Only a draft rule set can be put in force."))
            if not ruleset.rule_ids:
                raise UserError(_("%s has no rules.", ruleset.name))
        self.sudo().write({"state": "active"})
        return True

    def action_back_to_draft(self):
        for ruleset in self:
            if ruleset.state != "active":
                raise UserError(_("Only a rule set in force and not locked can go back to draft."))
        self.sudo().write({"state": "draft"})
        return True

    def _copy_to_year(self, year):
        """A draft copy of the rule set and its rules for ``year``; the year in its name is
        changed to the new one (else the year is added)."""
        self.ensure_one()
        if str(self.year) in self.name:
            name = self.name.replace(str(self.year), str(year))
        else:
            name = _("%(name)s (%(year)s)", name=self.name, year=year)
        return self.copy({"year": year, "name": name})

    @api.model
    def _copy_for_year(self, company, year):
        """The rule set of ``year``: the existing one, else a draft copy of the latest
        earlier one (the one in force of its year first). Returns it and whether it was
        copied now."""
        existing = self.search([("company_id", "=", company.id), ("year", "=", year)], limit=1)
        if existing:
            return existing, False
        earlier = self.search([("company_id", "=", company.id), ("year", "<", year)])
        if not earlier:
            return self.browse(), False
        latest_year = max(earlier.mapped("year"))
        of_year = earlier.filtered(lambda ruleset: ruleset.year == latest_year)
        source = of_year.filtered(lambda ruleset: ruleset.state != "draft")[:1] or of_year[:1]
        return source._copy_to_year(year), True

    def action_copy_to_next_year(self):
        self.ensure_one()
        copy = self._copy_to_year(self.year + 1)
        return {
            "type": "ir.actions.act_window",
            "res_model": "zugong.ruleset",
            "res_id": copy.id,
            "view_mode": "form",
        }

    def action_recompute(self):
        """Rewrite every score line of the rule set's year from the events."""
        for ruleset in self:
            if ruleset.state == "draft":
                raise UserError(_("Put %s in force before computing scores with it.", ruleset.name))
            self.env["zugong.scoring"]._recompute_year(ruleset.company_id, ruleset.year)
        return True

    def action_what_if(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "zugong.ruleset.what.if", "view_mode": "form",
            "target": "new", "name": _("Try %s", self.name), "context": {"default_ruleset_id": self.id},
        }

    def _what_if_rows(self, period, subject):
        """A what-if of this rule set on ``period`` (zugong.scoring._what_if): for each
        unit of the company below its root (``subject`` "units"), or each person scored
        (``subject`` "people"), the points and rank under the rule set in force for the
        period's year and under this one, ranked as each rule set ranks units. Values of
        zugong.ruleset.what.if.line."""
        self.ensure_one()
        self.check_access("read")
        period.check_access("read")
        if period.company_id != self.company_id:
            raise UserError(_("Choose a period of %s.", self.company_id.name))
        in_force = self._in_force(period.company_id, period.year)
        points = self.env["zugong.scoring"]._what_if(period, in_force | self)
        in_force_points, tried_points = points.get(in_force.id, {}), points[self.id]
        if subject == "units":
            units = self.env["zugong.unit"].search([("company_id", "=", self.company_id.id), ("parent_id", "!=", False)])
            units |= self.env["zugong.unit"].browse(
                {unit_id for scored in points.values() for kind, unit_id in scored if kind == "unit"})
            records = {("unit", unit.id): unit for unit in units}
        else:
            records = {("person", user.id): user for user in self.env["res.users"].browse(
                {user_id for scored in points.values() for kind, user_id in scored if kind == "person"})}

        def group_of(ruleset):
            if subject == "units" and ruleset.rank_within == "kind":
                return lambda key: records[key].kind
            if subject == "units" and ruleset.rank_within == "category":
                return lambda key: records[key].category_id.id
            return lambda key: None

        in_force_ranks = competition_ranks({key: in_force_points.get(key, 0.0) for key in records},
                                           group_of(in_force)) if in_force else {}
        tried_ranks = competition_ranks({key: tried_points.get(key, 0.0) for key in records}, group_of(self))
        group_labels = self._rank_group_labels(records.values()) if subject == "units" else {}
        rows = []
        for key, record in records.items():
            before, after = in_force_points.get(key, 0.0), tried_points.get(key, 0.0)
            rows.append({
                "unit_id": record.id if key[0] == "unit" else False,
                "person_id": record.id if key[0] == "person" else False,
                "name": record.complete_name if key[0] == "unit" else record.name,
                "group": group_labels.get(record.id, ""),
                "points_in_force": before, "rank_in_force": in_force_ranks.get(key, 0),
                "points_tried": after, "rank_tried": tried_ranks[key],
                "difference": round(after - before, 2),
                "rank_change": in_force_ranks[key] - tried_ranks[key] if in_force else 0,
            })
        return rows

    def _rank_group_labels(self, units):
        """{unit id: what the unit is ranked among under this rule set}."""
        if self.rank_within == "kind":
            kinds = dict(self.env["zugong.unit"]._fields["kind"]._description_selection(self.env))
            return {unit.id: kinds.get(unit.kind, "") for unit in units}
        if self.rank_within == "category":
            return {unit.id: unit.category_id.name or "" for unit in units}
        return {}

    def _render_document(self, fmt):
        """The regulation the rule set encodes (考核计分办法), drafted from its rules."""
        return render_ruleset(self, fmt)

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("zugong_info.zugong_score_line_action")
        action["domain"] = [("ruleset_id", "=", self.id)]
        return action
