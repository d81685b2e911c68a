import contextlib
import contextvars
import math
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from ..tools.money import plain_figure
from ..tools.periods import months_between, period_end
from .zugong_figures import toward_minimum
from .zugong_item import SUBMITTED_STATES
from .zugong_quota_figures import ADOPTION_LEVEL_FIGURES, QUOTA_FIGURES, RECURRING_FIGURES

# The quotas whose split a change in progress touches, checked once the outermost change
# is done (a quota and its shares are often written in several steps by one call). A
# variable of this code, not a key of the call's context, which a client chooses.
_SPLIT_CHANGE = contextvars.ContextVar("zugong_quota_split_change", default=None)


class ZugongQuota(models.Model):
    """A unit's annual quota (目标任务): minimum submissions per month and quarter, adoption
    targets per publication level and a score target, split among its people."""

    _name = "zugong.quota"
    _description = "Annual Quota"
    _inherit = ["zugong.quota.figures", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, unit_id"
    _check_company_auto = True
    _rec_names_search = ["unit_id"]

    year = fields.Integer(required=True, index=True, default=lambda self: fields.Date.context_today(self).year)
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    unit_parent_path = fields.Char(related="unit_id.parent_path")
    unit_kind = fields.Selection(related="unit_id.kind", store=True, string="Unit Kind")
    requirement_ids = fields.One2many("zugong.quota.requirement", "quota_id", "Minimums by Type", copy=True)
    line_ids = fields.One2many("zugong.quota.line", "quota_id", "Split Among People", copy=True)
    is_split = fields.Boolean("Split", compute="_compute_is_split")
    note = fields.Text()
    may_set_figures = fields.Boolean(compute="_compute_may_set_figures")
    may_split = fields.Boolean(
        compute="_compute_may_set_figures",
        help="The research office, or the head of the unit (or of a unit above it), splits the quota.",
    )
    person_ids = fields.Many2many(
        "res.users", string="People of the Unit", compute="_compute_person_ids",
        help="The people the quota may be split among: the unit's members and its registered officer.",
    )
    subunit_count = fields.Integer("Sub-units", compute="_compute_subunit_count")

    # the unit's own figures are tracked in the chatter (the people's shares are reported
    # there when they change, see _post_split)
    monthly_min_submissions = fields.Integer(tracking=True)
    quarterly_min_submissions = fields.Integer(tracking=True)
    adoption_target_county = fields.Integer(tracking=True)
    adoption_target_city = fields.Integer(tracking=True)
    adoption_target_province = fields.Integer(tracking=True)
    adoption_target_central = fields.Integer(tracking=True)
    score_target = fields.Float(tracking=True)

    _sql_constraints = [
        ("unit_year_uniq", "UNIQUE (unit_id, year)", "The unit already has a quota for this year."),
    ]

    @api.depends("unit_id", "year")
    def _compute_display_name(self):
        for quota in self:
            quota.display_name = _("%(unit)s %(year)s", unit=quota.unit_id.name or "", year=quota.year)

    @api.depends("line_ids")
    def _compute_is_split(self):
        for quota in self:
            quota.is_split = bool(quota.line_ids)

    def _compute_may_set_figures(self):
        user = self.env.user
        research = user.has_group("zugong_info.group_research")
        head = not user.share and user.has_group("zugong_info.group_unit_head")
        for quota in self:
            quota.may_set_figures = research
            quota.may_split = research or (head and bool(quota.unit_id) and quota.unit_id._is_under(user.zugong_unit_ids))

    @api.depends("unit_id")
    def _compute_person_ids(self):
        for quota in self:
            quota.person_ids = quota.unit_id._people()

    def _compute_subunit_count(self):
        for quota in self:
            quota.subunit_count = len(quota.unit_id.sudo().child_ids)

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id.category_id and not self._origin:
            self.update(self.unit_id.category_id._quota_defaults())

    @api.model_create_multi
    def create(self, vals_list):
        Unit = self.env["zugong.unit"]
        for vals in vals_list:
            category = Unit.browse(vals.get("unit_id")).category_id
            for name, value in category._quota_defaults().items():
                vals.setdefault(name, value)
        with self._split_change() as touched:
            quotas = super().create(vals_list)
            quotas._check_year_open()
            touched.update(quotas.ids)
        return quotas

    def write(self, vals):
        """The unit's figures and the people's shares are checked together, once written.
        A unit head, who may not change the quota, saves a change of the split only (see
        ``_write_split``)."""
        if set(vals) == {"line_ids"} and not self.env.su and not self.has_access("write"):
            return self._write_split(vals["line_ids"])
        self._check_year_open()
        with self._split_change() as touched:
            result = super().write(vals)
            if {"line_ids", *QUOTA_FIGURES} & set(vals):
                touched.update(self.ids)
        if "line_ids" in vals:
            self._post_split()
        return result

    def unlink(self):
        self._check_year_open()
        return super().unlink()

    def _check_year_open(self):
        Period = self.env["zugong.period"].sudo()
        for company, year in {(quota.company_id, quota.year) for quota in self}:
            closed = Period.search([
                ("company_id", "=", company.id), ("kind", "=", "year"),
                ("year", "=", year), ("state", "=", "closed"),
            ], limit=1)
            if closed:
                raise UserError(_("%s is closed: its quotas can no longer change.", closed.name))

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate(self, company, year, mode="category", rise_percent=0.0, scope_unit=None):
        """The quotas of ``year`` for every unit of ``company`` (or of the subtree of
        ``scope_unit``) that has none yet: from the unit categories, or from last year's
        quotas (mode ``copy``), each figure raised by ``rise_percent`` (稳中有升), rounded
        up. Returns the quotas created, the units that already had one and the number of
        units skipped (no category, or no quota last year)."""
        if rise_percent < -100:
            raise UserError(_("A fall of more than 100% leaves nothing."))
        domain = [("company_id", "=", company.id)]
        if scope_unit:
            domain.append(("id", "child_of", scope_unit.id))
        units = self.env["zugong.unit"].search(domain)
        existing = self.search([("unit_id", "in", units.ids), ("year", "=", year)]).unit_id
        units -= existing
        factor = 1 + rise_percent / 100.0
        if mode == "category":
            values = [
                dict(_raised_figures(unit.category_id._quota_defaults(), factor), unit_id=unit.id, year=year)
                for unit in units if unit.category_id
            ]
        else:
            previous = {
                quota.unit_id: quota
                for quota in self.search([("unit_id", "in", units.ids), ("year", "=", year - 1)])
            }
            values = [previous[unit]._raised(year, factor) for unit in units if unit in previous]
        quotas = self.create(values)
        return quotas, existing, len(units) - len(values)

    def _raised(self, year, factor):
        """The values of this quota's copy for ``year``, each figure times ``factor``."""
        self.ensure_one()
        values = dict(_raised_figures(self._figures(), factor), unit_id=self.unit_id.id, year=year)
        values["requirement_ids"] = [
            fields.Command.create({
                "item_type_id": requirement.item_type_id.id, "period": requirement.period,
                "minimum": max(1, math.ceil(requirement.minimum * factor - 1e-9)),
            }) for requirement in self.requirement_ids
        ]
        return values

    # ------------------------------------------------------------------ split

    def _check_split(self):
        """A quota that is split must be split exactly: in every month the people's recurring
        minimums add up to the unit's, and over the year their targets add up to the unit's."""
        for quota in self.filtered("line_ids"):
            problems = []
            labels = {name: quota._fields[name].get_description(self.env)["string"] for name in QUOTA_FIGURES}
            for name in RECURRING_FIGURES:
                for month in months_between(date(quota.year, 1, 1), date(quota.year, 12, 1)):
                    total = sum(line[name] for line in quota.line_ids if line._covers(month))
                    if total != quota[name]:
                        problems.append(_(
                            "%(figure)s in %(month)s: the people add up to %(total)s, the unit's is "
                            "%(target)s (difference %(difference)s)",
                            figure=labels[name], month=month.strftime("%Y-%m"), total=total,
                            target=quota[name], difference=total - quota[name],
                        ))
                        break
            for name in set(QUOTA_FIGURES) - set(RECURRING_FIGURES):
                total = sum(quota.line_ids.mapped(name))
                if abs(total - quota[name]) > 0.005:
                    problems.append(_(
                        "%(figure)s: the people add up to %(total)s, the unit's is %(target)s "
                        "(difference %(difference)s)",
                        figure=labels[name], total=round(total, 2), target=quota[name],
                        difference=round(total - quota[name], 2),
                    ))
            if problems:
                raise ValidationError(
                    _("The split of %s does not add up:", quota.display_name) + "\n" + "\n".join(problems)
                )

    def _write_split(self, commands):
        """A unit head's change of the people's shares, as the quota form sends it: each
        command becomes a create, write or unlink of a share by the head (whose record
        rules and the shares' own checks hold: the subtree's quotas, the unit's people),
        and the split is checked once they are all done. The quota's own figures are not
        the head's to change."""
        self.ensure_one()
        self.check_access("read")
        Line = self.env["zugong.quota.line"]
        with self._split_change() as touched:
            touched.add(self.id)
            for command in commands:
                operation = command[0]
                if operation == Command.CREATE:
                    Line.create(dict(command[2], quota_id=self.id))
                elif operation == Command.UPDATE:
                    self._own_line(command[1]).write(command[2])
                elif operation in (Command.DELETE, Command.UNLINK):
                    self._own_line(command[1]).unlink()
                elif operation == Command.LINK:
                    self._own_line(command[1])
                else:
                    raise AccessError(_("The split of a quota changes share by share."))
        self.invalidate_recordset(["line_ids"])
        self._post_split()
        return True

    def _own_line(self, line_id):
        line = self.env["zugong.quota.line"].browse(line_id)
        if not line.exists() or line.quota_id != self:
            raise AccessError(_("This share belongs to another quota."))
        return line

    def _post_split(self):
        """The people's shares as they now are, in the quota's chatter."""
        labels = {name: self._fields[name].get_description(self.env)["string"] for name in QUOTA_FIGURES}
        for quota in self.sudo():
            rows = Markup("").join(
                Markup("<li>%s</li>") % _(
                    "%(person)s: %(figures)s", person=line.user_id.name,
                    figures=", ".join(f"{labels[name]} {plain_figure(line[name])}" for name in QUOTA_FIGURES if line[name]),
                )
                for line in quota.line_ids
            )
            quota.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (_("The split among the people changed:"), rows),
                subtype_xmlid="mail.mt_note",
            )

    def action_open_subunit_targets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Targets of the Sub-units"),
            "res_model": "zugong.quota.subunit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_quota_id": self.id},
        }

    def _set_subunit_targets(self, targets):
        """The targets of the unit's sub-units (a county's townships), set by the unit's
        head or the research office: ``targets`` {sub-unit: {figure: value}}. Each figure
        of the sub-units together stays within the unit's own; the sub-units' quotas are
        created or changed (and tracked in their chatter)."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not user.has_group("zugong_info.group_research"):
            self.check_access("read")
            if user.share or not user.has_group("zugong_info.group_unit_head") \
                    or not self.unit_id._is_under(user.zugong_unit_ids):
                raise AccessError(_("Only the unit's head or the research office sets the targets of its sub-units."))
        self._check_year_open()
        children = self.unit_id.sudo().child_ids
        strangers = [unit for unit in targets if unit not in children]
        if strangers:
            raise UserError(_("%s is not a sub-unit of this unit.", strangers[0].sudo().name))
        Quota = self.sudo()
        existing = {quota.unit_id: quota for quota in Quota.search([("unit_id", "in", children.ids), ("year", "=", self.year)])}
        labels = {name: self._fields[name].get_description(self.env)["string"] for name in QUOTA_FIGURES}
        clean = {}
        for unit, figures in targets.items():
            clean[unit] = {}
            for name in QUOTA_FIGURES:
                value = figures.get(name, 0) or 0
                if value < 0:
                    raise UserError(_("%(figure)s of %(unit)s cannot be negative.", figure=labels[name], unit=unit.name))
                clean[unit][name] = value if name == "score_target" else int(value)
        problems = []
        for name in QUOTA_FIGURES:
            total = sum(clean[unit][name] if unit in clean else existing[unit][name] if unit in existing else 0
                        for unit in children)
            if total > self[name] + 0.005:
                problems.append(_(
                    "%(figure)s: the sub-units add up to %(total)s, more than the unit's %(target)s",
                    figure=labels[name], total=plain_figure(total), target=plain_figure(self[name]),
                ))
        if problems:
            raise UserError(
                _("The targets of the sub-units of %s go beyond the unit's own:", self.unit_id.name)
                + "\n" + "\n".join(problems)
            )
        for unit, figures in clean.items():
            if unit in existing:
                changed = {name: value for name, value in figures.items() if existing[unit][name] != value}
                if changed:
                    existing[unit].write(changed)
            else:
                Quota.create({"unit_id": unit.id, "year": self.year, **figures})
        return True

    def action_split_evenly(self):
        """Split each figure among the unit's people: as evenly as whole numbers allow,
        the first people taking the remainders."""
        for quota in self:
            people = quota.unit_id.member_ids.user_id.sorted("id")
            if not people:
                raise UserError(_("%s has nobody to split the quota among.", quota.unit_id.name))
            shares = [{} for _person in people]
            for name in QUOTA_FIGURES:
                for index, value in enumerate(_even_split(quota[name], len(people), name == "score_target")):
                    shares[index][name] = value
            quota._resplit(
                remove=quota.line_ids,
                create=[{"user_id": person.id, **share} for person, share in zip(people, shares)],
            )
        return True

    def _resplit(self, remove=None, update=None, create=()):
        """Change the split in several steps, checked once they are all done: ``remove``
        shares, ``update`` {share: values}, ``create`` new shares' values."""
        self.ensure_one()
        with self._split_change():
            if remove:
                remove.unlink()
            for line, values in (update or {}).items():
                line.write(values)
            self.env["zugong.quota.line"].create([dict(values, quota_id=self.id) for values in create])
        self.invalidate_recordset(["line_ids"])
        self._post_split()

    @api.model
    @contextlib.contextmanager
    def _split_change(self):
        """A change of quotas or shares: yields the set to which the change adds the ids
        of the quotas it touches; the outermost change checks their splits when it ends
        without error."""
        touched = _SPLIT_CHANGE.get()
        if touched is not None:
            yield touched
            return
        touched = set()
        token = _SPLIT_CHANGE.set(touched)
        try:
            yield touched
        finally:
            _SPLIT_CHANGE.reset(token)
        self.browse(touched).exists()._check_split()

    def _carry_over(self, old_user, new_user, handover_date):
        """An officer handing over mid-year: the old share ends the day before, keeping
        what was achieved of the yearly targets; the successor takes the rest and the
        recurring minimums from the handover date."""
        for quota in self:
            old_lines = quota.line_ids.filtered(
                lambda line: line.user_id == old_user and line._covers(handover_date)
            )
            if not old_lines:
                continue
            old_line = old_lines[0]
            achieved = quota._person_achievements(old_user, date(quota.year, 1, 1), handover_date)
            kept = {
                name: min(old_line[name], achieved.get(name, 0))
                for name in QUOTA_FIGURES if name not in RECURRING_FIGURES
            }
            successor = {name: old_line[name] - kept[name] for name in kept}
            successor.update({name: old_line[name] for name in RECURRING_FIGURES})
            quota._resplit(
                update={old_line: dict(kept, date_to=handover_date - relativedelta(days=1))},
                create=[dict(successor, user_id=new_user.id, date_from=handover_date)],
            )

    def _person_achievements(self, user, date_from, date_to):
        """What ``user`` achieved of the yearly figures between the dates, by figure name."""
        self.ensure_one()
        achieved = self._achievements(self.company_id, self.env["zugong.unit"], user, date_from, date_to)
        return achieved["person"].get(user.id, {})

    # ------------------------------------------------------------------ progress

    @api.model
    def _achievements(self, company, units, people, date_from, date_to):
        """What the units and people achieved between the dates, by quota figure name:
        {'unit': {unit_id: {figure: n}}, 'person': {user_id: {figure: n}}}, read from
        zugong.figures (a joint item counts for each of its units and authors; the
        submissions are those counting towards the minimums)."""
        units = units if units is not None else self.env["zugong.unit"]
        people = people if people is not None else self.env["res.users"]
        result = {"unit": defaultdict(lambda: defaultdict(float)), "person": defaultdict(lambda: defaultdict(float))}
        if not units and not people:
            return result
        achieved = self.env["zugong.figures"]._achieved(company, date_from, date_to, units, people)
        urgent_counted = self.env["zugong.ruleset"]._urgent_counted(company, date_from.year)
        for (subject, subject_id), figures in achieved.items():
            quota_figures = result[subject][subject_id]
            quota_figures["submissions"] = toward_minimum(figures, urgent_counted)
            quota_figures["score_target"] = figures.get("points", 0.0)
            for level, name in ADOPTION_LEVEL_FIGURES.items():
                quota_figures[name] = figures.get(level, 0)
        return result

    @api.model
    def _year_fraction(self, year, today):
        """How much of ``year`` has passed on ``today``, from 0 to 1."""
        if today.year > year:
            return 1.0
        if today.year < year:
            return 0.0
        days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        return ((today - date(year, 1, 1)).days + 1) / days

    def _compute_progress(self):
        today = fields.Date.context_today(self)
        Figures = self.env["zugong.figures"]
        for (company, year), quotas in self._with_prefetched_progress()._group_by_company_year().items():
            start, end = date(year, 1, 1), date(year, 12, 31)
            upto = min(today, end)
            achieved = self._achievements(company, quotas.unit_id, self.env["res.users"], start, upto)["unit"]
            required = Figures._required_of_windows(quotas, start, [end, upto])
            fraction = self._year_fraction(year, today)
            quotas._set_progress({
                quota.id: (achieved.get(quota.unit_id.id, {}), fraction, required[end].get(quota.id, 0),
                           required[upto].get(quota.id, 0) if upto >= start else 0)
                for quota in quotas
            })

    def _met_over_the_year(self):
        """The quotas whose every target was met over their whole year: the submissions
        the year requires, the adoptions of each level and the score."""
        met = self.browse()
        Figures = self.env["zugong.figures"]
        for (company, year), quotas in self._group_by_company_year().items():
            start, end = date(year, 1, 1), date(year, 12, 31)
            achieved = self._achievements(company, quotas.unit_id, self.env["res.users"], start, end)["unit"]
            required = Figures._required_of(quotas, start, end)
            for quota in quotas:
                figures = achieved.get(quota.unit_id.id, {})
                if figures.get("submissions", 0) >= required.get(quota.id, 0) and all(
                    figures.get(name, 0) >= quota[name] - 0.005
                    for name in (*ADOPTION_LEVEL_FIGURES.values(), "score_target")
                ):
                    met |= quota
        return met

    @api.model
    def _demerit_reasons(self, company, year, unit_scores):
        """{unit id: reason} for the units below the year's pass mark or their quota's
        score target (``unit_scores``: {unit id: the year's points}), or with late or
        missed urgent reports in the year."""
        reasons = defaultdict(list)
        ruleset = self.env["zugong.ruleset"]._in_force(company, year)
        pass_mark = ruleset.rule_ids.filtered(lambda r: r.kind == "pass_mark" and r.period_kind == "year")[:1]
        for quota in self.search([("company_id", "=", company.id), ("year", "=", year)]):
            score = unit_scores.get(quota.unit_id.id, 0.0)
            if pass_mark and score < pass_mark.points:
                reasons[quota.unit_id.id].append(_("score %(score)s below the pass mark %(mark)s",
                                                   score=round(score, 2), mark=pass_mark.points))
            elif quota.score_target and score < quota.score_target:
                reasons[quota.unit_id.id].append(_("score %(score)s below the target %(target)s",
                                                   score=round(score, 2), target=quota.score_target))
        urgent = self.env["zugong.item"].search([
            ("company_id", "=", company.id), ("urgent_status", "in", ("late", "missed")),
            ("report_deadline", ">=", company._zugong_day_start(date(year, 1, 1))),
            ("report_deadline", "<", company._zugong_day_start(date(year + 1, 1, 1))),
        ])
        for item in urgent:
            for unit in item.unit_ids:
                reasons[unit.id].append(_("urgent report %s late or missed", item.reference))
        return {unit: "; ".join(texts) for unit, texts in reasons.items()}

    def _search_behind_schedule(self, operator, value):
        return self._search_behind_schedule_of(self, operator, value)

    @api.model
    def _search_behind_schedule_of(self, model, operator, value):
        """Search domain on the (computed) behind-schedule flag of quotas or their shares."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the behind-schedule flag."))
        candidates = model.search([("year", "<=", fields.Date.context_today(self).year)])
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", candidates.filtered("behind_schedule").ids)]

    # ------------------------------------------------------------------ reminders

    @api.model
    def _cron_remind_behind_schedule(self):
        """Monthly: an activity (and its mail) to the officers and unit heads of units
        behind schedule, and to the people behind on their own share."""
        today = fields.Date.context_today(self)
        quotas = self.search([("year", "=", today.year)])
        behind_units = quotas.filtered("behind_schedule")
        officers = self.env["zugong.officer"]._current_registrations(behind_units.unit_id)
        for quota in behind_units:
            recipients = quota.unit_id._heads()
            if quota.unit_id.id in officers:
                recipients |= officers[quota.unit_id.id].user_id
            for user in recipients:
                quota._remind(user)
        lines = quotas.line_ids.filtered(lambda line: line._covers(today))
        for line in lines.filtered("behind_schedule"):
            line.quota_id._remind(line.user_id)
        return behind_units

    def _remind(self, user):
        self.ensure_one()
        self._schedule_once(
            user, _("Behind the %(year)s targets: %(unit)s", year=self.year, unit=self.unit_id.name),
            _("Submitted %(done)s of %(expected)s items expected by now.",
              done=self.ytd_submissions, expected=math.floor(self.expected_submissions)),
        )

    def _schedule_once(self, user, summary, note):
        """A to-do for ``user`` on the quota, unless one with this summary is still open."""
        self.ensure_one()
        if self.sudo().activity_ids.filtered(
            lambda activity: activity.user_id == user and activity.summary == summary
        ):
            return
        self.activity_schedule("mail.mail_activity_data_todo", user_id=user.id, summary=summary, note=note)

    # ------------------------------------------------------------------ mid-period warnings

    @api.model
    def _period_warnings(self, company, day=None):
        """Who to warn before the month of ``day`` (today) closes: the units and the people
        with a share of a quota of that year who are behind their year's targets (the
        quota's progress) or have no submission in the month yet (when their quota asks
        for submissions). A list of dicts: quota, line (a person's share, else empty),
        unit, user (the person, else empty), submitted (in the month), behind, none."""
        day = day or fields.Date.context_today(self)
        month_start = day.replace(day=1)
        quotas = self.sudo().search([("company_id", "=", company.id), ("year", "=", day.year)])
        lines = quotas.line_ids.filtered(lambda line: line._covers(day))
        achieved = self._achievements(company, quotas.unit_id, lines.user_id, month_start, day)
        warnings = []
        for subject, records in (("unit", quotas), ("person", lines)):
            for record in records:
                key = record.unit_id.id if subject == "unit" else record.user_id.id
                submitted = int(achieved[subject].get(key, {}).get("submissions", 0))
                none = not submitted and record.annual_submissions > 0
                if record.behind_schedule or none:
                    warnings.append({
                        "quota": record if subject == "unit" else record.quota_id,
                        "line": self.env["zugong.quota.line"] if subject == "unit" else record,
                        "unit": record.unit_id if subject == "unit" else record.quota_id.unit_id,
                        "user": self.env["res.users"] if subject == "unit" else record.user_id,
                        "submitted": submitted, "behind": record.behind_schedule, "none": none,
                    })
        return warnings

    @api.model
    def _warn(self, warnings, day=None):
        """An activity (and its mail) for each warning: to the heads and the officer of a
        unit, to the person of a share. An open warning of the same summary is not
        repeated. Returns the users warned."""
        day = day or fields.Date.context_today(self)
        units = self.env["zugong.unit"].browse({warning["unit"].id for warning in warnings})
        officers = self.env["zugong.officer"]._current_registrations(units, day)
        month = day.strftime("%Y-%m")
        warned = self.env["res.users"]
        for warning in warnings:
            quota, unit = warning["quota"].with_env(self.env), warning["unit"]
            if warning["user"]:
                recipients = warning["user"]
                who = warning["user"].name
            else:
                recipients = unit._heads()
                if unit.id in officers:
                    recipients |= officers[unit.id].user_id
                who = unit.name
            for user in recipients:
                if warning["behind"]:
                    quota._remind(user)
                if warning["none"]:
                    quota._schedule_once(
                        user, _("No submission yet in %(month)s: %(who)s", month=month, who=who),
                        _("Nothing has been submitted this month: submit before the month closes."),
                    )
            warned |= recipients
        return warned

    @api.model
    def _cron_period_warnings(self):
        """Daily: in each company, the chosen number of days before a month ends, the
        units and people behind or without a submission in the month are warned."""
        today = fields.Date.context_today(self)
        month_end = today + relativedelta(day=31)
        for company in self.env["res.company"].search([("zugong_warning_days", ">", 0)]):
            if (month_end - today).days == company.zugong_warning_days:
                self._warn(self._period_warnings(company, today), today)

    # ------------------------------------------------------------------ the officer's page

    @api.model
    def _portal_progress(self, today=None):
        """The progress the officer's page (/my/zugong) shows the current user, read with
        their own rights, every figure from zugong.figures and each figure read once for
        all the cards:

        - ``targets``: a card for their own share of the year (the one held today, else
          the first) and one for each quota of their units, each with the bars of this
          month's submissions, the year's, the adoptions by level and the score that
          have a target, and the quota's minimums by type;
        - for a unit head, ``people``: a bar of the year's submissions of each person
          holding a share of those quotas today; ``sub_units``: one of each quota of
          their sub-units.

        A bar is a dict: label, achieved, target, percent (0 to 100), done."""
        today = today or fields.Date.context_today(self)
        user = self.env.user
        year_start, month_start = date(today.year, 1, 1), today.replace(day=1)
        month_end = period_end("month", month_start)
        Line, Figures = self.env["zugong.quota.line"], self.env["zugong.figures"]
        own_lines = Line.search([("user_id", "=", user.id), ("year", "=", today.year)])
        own_line = own_lines.filtered(lambda line: line._covers(today))[:1] or own_lines[:1]
        unit_quotas = self.search([("unit_id", "in", user.zugong_unit_ids.ids), ("year", "=", today.year)])
        is_head = user.has_group("zugong_info.group_unit_head")
        head_lines = unit_quotas.line_ids if is_head else Line
        sub_quotas = self.search([("year", "=", today.year), ("unit_id.parent_id", "in", unit_quotas.unit_id.ids)]) \
            if is_head else self.browse()
        # the progress of all the quotas shown computed together, and of all the shares
        (unit_quotas | sub_quotas).mapped("ytd_submissions")
        (own_line | head_lines).mapped("ytd_submissions")
        people = own_line.user_id | head_lines.user_id
        company = user.company_id
        # The progress read above is of the user's today: then a unit's year so far is its
        # quota's progress, and a person's that of a share of theirs held from New Year's
        # Day to today or later (a share's progress counts the person's items, whatever
        # their unit).
        if today == fields.Date.context_today(self):
            year_quotas = unit_quotas
            year_shares = {line.user_id.id: line for line in own_line | head_lines
                           if line._window()[0] == year_start and line._covers(today)}
        else:
            year_quotas, year_shares = self.browse(), {}
        year_achieved = self._achievements(
            company, (unit_quotas - year_quotas).unit_id,
            people.filtered(lambda person: person.id not in year_shares), year_start, today)
        year_achieved["unit"].update({quota.unit_id.id: quota._achieved_so_far() for quota in year_quotas})
        year_achieved["person"].update({person_id: line._achieved_so_far() for person_id, line in year_shares.items()})
        month_achieved = self._achievements(company, unit_quotas.unit_id, people, month_start, month_end)
        month_required = {
            **{("line", line_id): n for line_id, n in Figures._required_of(own_line, month_start, month_end).items()},
            **{("quota", quota_id): n for quota_id, n in Figures._required_of(unit_quotas, month_start, month_end).items()},
        }
        cards = [(_("My targets"), own_line, "line", "person", user.id)] if own_line else []
        cards += [(quota.unit_id.name, quota, "quota", "unit", quota.unit_id.id) for quota in unit_quotas]
        targets = [
            {"title": title, "rows": self._portal_target_bars(
                figures, year_achieved[subject].get(subject_id, {}), month_achieved[subject].get(subject_id, {}),
                month_required.get((kind, figures.id), 0))}
            for title, figures, kind, subject, subject_id in cards
        ]
        result = {"targets": targets, "people": [], "sub_units": []}
        if is_head:
            result["people"] = [
                {"name": line.user_id.name, "behind": line.behind_schedule,
                 "bar": _progress_bar(_("Items this year"),
                                      year_achieved["person"].get(line.user_id.id, {}).get("submissions", 0),
                                      line.annual_submissions)}
                for line in head_lines.filtered(lambda line: line._covers(today))
            ]
            result["sub_units"] = [
                {"quota": quota, "behind": quota.behind_schedule,
                 "bar": _progress_bar(quota.unit_id.name, quota.ytd_submissions, quota.annual_submissions)}
                for quota in sub_quotas
            ]
        return result

    @api.model
    def _portal_target_bars(self, figures, year_achieved, month_achieved, month_required):
        """The bars of one card: ``figures`` a quota or a share, what its unit or person
        achieved over the year and the month (by figure name, see ``_achievements``) and
        the month's required submissions."""
        rows = [
            (_("Items this month"), month_achieved.get("submissions", 0), month_required),
            (_("Items this year"), year_achieved.get("submissions", 0), figures.annual_submissions),
        ]
        labels = {
            "county": _("County adoptions"), "city": _("City adoptions"),
            "province": _("Province adoptions"), "central": _("Central adoptions"),
        }
        for level, name in ADOPTION_LEVEL_FIGURES.items():
            if figures[name]:
                rows.append((labels[level], year_achieved.get(name, 0), figures[name]))
        if figures.score_target:
            rows.append((_("Score"), round(year_achieved.get("score_target", 0), 2), figures.score_target))
        for requirement in figures._name == "zugong.quota" and figures.requirement_ids or ():
            label = _("%(type)s this month", type=requirement.item_type_id.name) if requirement.period == "month" \
                else _("%(type)s this quarter", type=requirement.item_type_id.name)
            rows.append((label, requirement.current_achieved, requirement.minimum))
        return [_progress_bar(*row) for row in rows]

    def action_view_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("zugong_info.zugong_item_action")
        action["domain"] = [
            ("unit_ids", "in", self.unit_id.ids), ("state", "in", list(SUBMITTED_STATES)),
            ("submitted_date", ">=", date(self.year, 1, 1)), ("submitted_date", "<=", date(self.year, 12, 31)),
        ]
        action["context"] = {"search_default_group_month": 1}
        return action


def _raised_figures(figures, factor):
    """Quota figures (by name) times ``factor``, rounded up: whole numbers, and the score
    target to the cent."""
    return {
        name: (math.ceil(value * factor * 100 - 1e-6) / 100 if name == "score_target"
               else math.ceil(value * factor - 1e-9))
        for name, value in figures.items()
    }
def _progress_bar(label, achieved, target):
    """A progress bar of the officer's page: ``achieved`` of ``target``."""
    percent = min(100, round(100.0 * achieved / target)) if target else (100 if achieved else 0)
    return {"label": label, "achieved": achieved, "target": target, "percent": percent,
            "done": bool(target) and achieved >= target}


def _even_split(total, parts, decimals=False):
    """``total`` in ``parts`` as even as possible, the first parts taking the remainder."""
    if decimals:
        share = math.floor(total * 100 / parts) / 100
        values = [share] * parts
        values[0] = round(total - share * (parts - 1), 2)
        return values
    base, remainder = divmod(int(total), parts)
    return [base + (1 if index < remainder else 0) for index in range(parts)]
