import contextlib
import contextvars
import io
import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.money import plain_figure, split_by_weights, split_evenly, to_cent
from ..tools.settings import document_lang
from .zugong_figures import toward_minimum
from .zugong_publication import LEVEL_RANK

LINE_COLUMNS = (
    "company_id", "subject", "unit_id", "person_id", "date", "period_id", "points", "rule_id",
    "ruleset_id", "kind", "source_model", "source_id", "item_id", "explanation", "manual",
    "create_uid", "write_uid", "create_date", "write_date",
)
COPY_BATCH = 50_000
SCORE_LINE_TABLE = "zugong_score_line"
# A what-if (``ZugongScoring._what_if``) or a recompute in progress in this thread: the
# table the engine writes its lines to instead of the score lines, and the rule set it
# scores each (company, year) with instead of the one in force. Set only by them, in the
# process; nothing a client sends reaches it.
_WHAT_IF = contextvars.ContextVar("zugong_what_if", default=None)


# The day an urgent report late or missed counts on (of the item row {r}): its first
# submission, or its deadline in the department's time zone.
URGENT_DAY_SQL = ("CASE WHEN {r}.urgent_status = 'late'"
                  " THEN COALESCE({r}.first_submitted_date, zugong_local_date({r}.company_id, {r}.reported_on))"
                  " ELSE zugong_local_date({r}.company_id, {r}.report_deadline) END")
# The day a unit's answer to a commission counts on: its first submission, or the
# commission's deadline when it missed it.
COMMISSION_DAY_SQL = "CASE WHEN target.status = 'missed' THEN commission.deadline ELSE target.fulfilled_date END"


# the fields of a rule the scoring reads
RULE_FACTS = (
    "id", "sequence", "kind", "applies_to", "points", "points_from", "factor", "publication_id", "level",
    "level_and_above", "form", "item_type_id", "length_min", "length_max",
    "leader_level", "main_leader", "instruction_mode", "later_points", "joint_mode", "main_extra", "multi_mode",
    "period_kind", "min_submissions", "min_adoptions", "points_per_extra", "base_share_below", "yearly_cap",
    "bucket", "bucket_cap", "floor_at_zero", "conversion_mode", "outcome", "outcome_when", "event_count",
    "deduction_mode", "rate_threshold", "urgent_event", "points_min", "points_max", "commission_status",
    "feedback_status", "missed_count", "error_kind",
)


class RuleFacts:
    """A rule as the scoring reads it: its fields read from the record once (a year's
    scoring reads them millions of times), relations as ids, and what the record says
    of whom it scores and of its sign."""

    __slots__ = (*RULE_FACTS, "for_units", "for_people", "sign")

    def __init__(self, rule, values):
        for name in RULE_FACTS:
            setattr(self, name, values[name])
        self.for_units = rule._for_units()
        self.for_people = rule._for_people()
        self.sign = rule._signed(1)

    def signed(self, points):
        """Points as they count: deductions negative."""
        return -abs(points) if self.sign < 0 else points

    def scores(self, subject):
        """Whether the rule scores a ``subject`` ("unit" or "person")."""
        return self.for_units if subject == "unit" else self.for_people


class RuleBook:
    """The rules of one rule set, indexed for scoring many events quickly."""

    def __init__(self, ruleset):
        self.ruleset = ruleset
        self.ruleset_id = ruleset.id
        self.by_kind = defaultdict(list)
        rules = [RuleFacts(rule, values) for rule, values in zip(ruleset.rule_ids, ruleset.rule_ids.read(RULE_FACTS, load=None))]
        for rule in sorted(rules, key=lambda rule: (rule.sequence, rule.id)):
            self.by_kind[rule.kind].append(rule)
        self._adoption_rules = {}
        self.length_tiers = any(rule.length_min or rule.length_max for rule in self.by_kind["adoption"])
        self.length_multipliers = any(rule.length_min or rule.length_max for rule in self.by_kind["type_multiplier"])
        self._type_factors = {}
        self._path_factors = {}
        self._joint_rules = {}
        self.urgent_counted = bool(ruleset.urgent_toward_minimum)
        # the kinds of periods whose scoring reads the lines of their window: limits of
        # sub-scores, conversions, outcomes, the void of a year
        self.kinds_reading_lines = {rule.period_kind for kind in ("bucket_limit", "conversion", "outcome")
                                    for rule in self.by_kind[kind]} | ({"year"} if self.by_kind["commission_zero"] else set())
        multi = self.by_kind["multi_adoption"][:1]
        self.multi_mode = multi[0].multi_mode if multi else "accumulate"
        # whether an item's adoptions are scored against its earlier ones of the year
        self.compares_adoptions = self.multi_mode != "accumulate"

    def adoption_rule(self, publication_id, level, form, type_id, length):
        key = (publication_id, level, form, type_id, length if self.length_tiers else None)
        if key not in self._adoption_rules:
            self._adoption_rules[key] = self._most_specific(
                self.by_kind["adoption"],
                lambda rule: (not rule.publication_id or rule.publication_id == publication_id)
                and _level_matches(rule, level)
                and (not rule.form or rule.form == form)
                and (not rule.item_type_id or rule.item_type_id == type_id)
                and (not rule.length_min or length >= rule.length_min)
                and (not rule.length_max or length <= rule.length_max),
            )
        return self._adoption_rules[key]

    def forward_rule(self, publication_id, level):
        return self._most_specific(
            self.by_kind["forward"],
            lambda rule: (not rule.publication_id or rule.publication_id == publication_id)
            and _level_matches(rule, level),
        )

    def instruction_rule(self, leader_level, is_main, publication_id):
        return self._most_specific(
            self.by_kind["instruction"],
            lambda rule: (not rule.leader_level or rule.leader_level == leader_level)
            and (rule.main_leader in (False, "any") or (rule.main_leader == "main") == bool(is_main))
            and (not rule.publication_id or rule.publication_id == publication_id),
        )

    def joint_rule(self, level):
        """How a joint item's units share an award of an adoption at ``level`` (None for
        other events): the joint rule of that level, else the one naming none."""
        if level not in self._joint_rules:
            self._joint_rules[level] = self._most_specific(
                self.by_kind["joint"], lambda rule: _level_matches(rule, level) if level else not rule.level)
        return self._joint_rules[level]

    def rule(self, kind, rule_id):
        """The rule ``rule_id`` of the kind, if this rule set has it."""
        return next((rule for rule in self.by_kind[kind] if rule.id == rule_id), None)

    def urgent_rule(self, event, asked_level):
        """The deduction for an urgent report ``event`` (late, missed, concealed) asked
        for by an office of ``asked_level`` (None: on the unit's own): the rule of that
        level (or one below it and those above), else the one naming none."""
        return self._most_specific(
            self.by_kind["urgent"], lambda rule: rule.urgent_event == event and _level_matches(rule, asked_level))

    def late_item_rule(self, type_id):
        return self._most_specific(
            self.by_kind["late_item"], lambda rule: not rule.item_type_id or rule.item_type_id == type_id)

    def error_notice_rule(self, error_kind):
        return self._most_specific(
            self.by_kind["error_notice"],
            lambda rule: not rule.error_kind or rule.error_kind == error_kind,
        )

    def first(self, kind, **parameters):
        for rule in self.by_kind[kind]:
            if all(getattr(rule, name) == value for name, value in parameters.items()):
                return rule
        return None

    def type_factor(self, type_id, level, length):
        """The multiplier of an item of a type and ``length`` on an adoption of ``level``:
        those of the multipliers naming its type (or none) and its length (or none), for
        that level or for any."""
        key = (type_id, level, length if self.length_multipliers else None)
        if key not in self._type_factors:
            self._type_factors[key] = Decimal(str(math.prod(
                rule.factor for rule in self.by_kind["type_multiplier"]
                if (not rule.item_type_id or rule.item_type_id == type_id) and _level_matches(rule, level)
                and (not rule.length_min or length >= rule.length_min)
                and (not rule.length_max or length <= rule.length_max))))
        return self._type_factors[key]

    def rewrite_factor(self, level):
        """The unit's share of an adoption at ``level`` that followed a forwarding the
        research office rewrote."""
        return Decimal(str(math.prod(
            rule.factor for rule in self.by_kind["rewrite_share"] if _level_matches(rule, level))))

    def path_factor(self, level):
        if level not in self._path_factors:
            self._path_factors[level] = Decimal(str(math.prod(
                rule.factor for rule in self.by_kind["path_multiplier"] if _level_matches(rule, level))))
        return self._path_factors[level]

    @staticmethod
    def _most_specific(rules, matches):
        """The matching rule that names the most: publication, then form, item type,
        level (one level before a level and those above), length and leader (or kind of
        error); the first in sequence among equals."""
        best, best_weight = None, -1
        for rule in rules:
            if not matches(rule):
                continue
            weight = (64 * bool(rule.publication_id) + 32 * bool(rule.form) + 16 * bool(rule.item_type_id)
                      + (8 if rule.level and not rule.level_and_above else 4 if rule.level else 0)
                      + 2 * bool(rule.length_min or rule.length_max) + bool(rule.leader_level)
                      + bool(rule.main_leader not in (False, "any")) + bool(rule.error_kind))
            if weight > best_weight:
                best, best_weight = rule, weight
        return best


class ZugongScoring(models.AbstractModel):
    """The scoring engine: turns events (adoptions, forwardings, instructions, urgent
    reports, concealed events, commission results, error notices) and closed periods
    into score lines with the rule set in force for their date. The same code scores one
    event when it happens and a whole year when it is recomputed; either way the lines of
    a source are replaced, never added to, so scoring twice gives the same lines."""

    _name = "zugong.scoring"
    _description = "Scoring Engine"

    # ------------------------------------------------------------------ rule books

    def _books(self):
        cache = {}

        what_if = _WHAT_IF.get()

        def book(company_id, year):
            if (company_id, year) not in cache:
                if what_if and (company_id, year) in what_if["rulesets"]:
                    ruleset = self.env["zugong.ruleset"].sudo().browse(what_if["rulesets"][(company_id, year)])
                else:
                    ruleset = self.env["zugong.ruleset"].sudo()._in_force(
                        self.env["res.company"].browse(company_id), year)
                cache[(company_id, year)] = RuleBook(ruleset) if ruleset else None
            return cache[(company_id, year)]
        return book

    @staticmethod
    def _line_table():
        """The table the lines go to: the score lines, or a what-if's."""
        what_if = _WHAT_IF.get()
        return what_if["table"] if what_if else SCORE_LINE_TABLE

    def _writer(self):
        """Explanations are kept in the language of the department's documents."""
        return self.with_context(lang=document_lang(self.env))

    # ------------------------------------------------------------------ line output

    def _replace_lines(self, source_model, source_ids, lines):
        """Remove the computed lines of these sources and write ``lines`` (tuples in
        LINE_COLUMNS order, without the audit columns)."""
        if source_ids:
            self.env.cr.execute(
                f"DELETE FROM {self._line_table()} WHERE source_model = %s AND source_id = ANY(%s)"
                " AND period_id IS NULL AND NOT COALESCE(manual, false)",
                [source_model, list(source_ids)],
            )
        self._insert_lines(lines)

    def _insert_lines(self, lines):
        # The engine's lines name no user: they are nobody's entry (the event they come from
        # names who recorded it), and each user named is a foreign key checked per line,
        # two of the nine checks that make most of the cost of writing a year's lines.
        now = fields.Datetime.to_string(fields.Datetime.now())
        audit = f"\\N\t\\N\t{now}\t{now}\n"
        batch = []
        for line in lines:
            batch.append(_copy_row(line, audit))
            if len(batch) == COPY_BATCH:
                self._copy(batch)
                batch = []
        if batch:
            self._copy(batch)
        if self._line_table() == SCORE_LINE_TABLE:
            self.env["zugong.score.line"].invalidate_model()

    def _copy(self, rows):
        self.env.cr.copy_expert(f"COPY {self._line_table()} ({', '.join(LINE_COLUMNS)}) FROM STDIN",
                                io.StringIO("".join(rows)))

    def _distribute(self, book, rule, award, source, units, shares, authors, members, explanation, level=None):
        """The lines of an award on an item: to its units (a joint item by the joint rule
        of the adoption's ``level``) and, where the rule says so, to its authors evenly, to
        the cent (the shares of a split add up to the award exactly)."""
        company_id, day, source_model, source_id, item_id = source
        points = rule.signed(award)
        if rule.for_units and units:
            for unit_id, amount in self._unit_amounts(book.joint_rule(level), points, units, shares):
                yield (company_id, "unit", unit_id, None, day, None, amount, rule.id,
                       book.ruleset_id, rule.kind, source_model, source_id, item_id, explanation, False)
        if rule.for_people and authors:
            for author_id, share in zip(authors, split_evenly(points, len(authors))):
                unit_id = members.get(author_id) or units[0]
                yield (company_id, "person", unit_id, author_id, day, None, share, rule.id,
                       book.ruleset_id, rule.kind, source_model, source_id, item_id, explanation, False)

    @staticmethod
    def _unit_amounts(joint, points, units, shares):
        """[(unit id, points)] of a joint item's units under the ``joint`` rule: a fixed
        amount or the points times a factor each, or the points split by the units'
        shares (evenly where none is set); the main unit (the first) with the rule's extra."""
        if len(units) == 1:
            return [(units[0], to_cent(points))]
        if joint and joint.joint_mode == "fixed":
            amounts = [(unit_id, to_cent(math.copysign(joint.points, points))) for unit_id in units]
        elif joint and joint.joint_mode == "each":
            amounts = [(unit_id, to_cent(Decimal(str(points)) * Decimal(str(joint.factor)))) for unit_id in units]
        else:
            total = sum(shares) or len(units)
            weights = [share or total / len(units) for share in shares] if len(shares) == len(units) else [1] * len(units)
            amounts = list(zip(units, split_by_weights(points, weights)))
        if joint and joint.main_extra and points:
            main, amount = amounts[0]
            amounts[0] = (main, to_cent(Decimal(str(amount)) + Decimal(str(math.copysign(joint.main_extra, points)))))
        return amounts

    # ------------------------------------------------------------------ item data

    def _item_context(self, item_ids):
        """Units with their shares and authors of the items, and the units of the authors."""
        if not item_ids:
            return {}, {}
        self.env.cr.execute(
            """
            WITH units AS (
                SELECT item_id, array_agg(unit_id ORDER BY sequence, id) AS unit_ids,
                       array_agg(share ORDER BY sequence, id) AS shares
                  FROM zugong_item_unit WHERE item_id = ANY(%(items)s) GROUP BY item_id
            ), authors AS (
                SELECT item_id, array_agg(user_id ORDER BY user_id) AS user_ids
                  FROM zugong_item_author_rel WHERE item_id = ANY(%(items)s) GROUP BY item_id
            )
            SELECT item.id, units.unit_ids, units.shares, authors.user_ids,
                   item.type_id, item.reference, item.name, item.word_count
              FROM zugong_item item
              LEFT JOIN units ON units.item_id = item.id
              LEFT JOIN authors ON authors.item_id = item.id
             WHERE item.id = ANY(%(items)s)
            """,
            {"items": list(item_ids)},
        )
        items = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        authors = {author for row in items.values() for author in (row[2] or ())}
        return items, self._member_units(authors)

    def _member_units(self, user_ids):
        if not user_ids:
            return {}
        self.env.cr.execute(
            "SELECT user_id, unit_id FROM zugong_unit_member WHERE active AND user_id = ANY(%s)",
            [list(user_ids)],
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------ adoptions

    def _score_items_adoptions(self, items):
        """Rescore every adoption of these items (the highest-only rule compares them)."""
        if not items:
            return
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM zugong_item WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [items.ids]
        )
        self._score_adoptions_where("adoption.item_id = ANY(%s)", [items.ids])

    def _score_adoptions_where(self, condition, params):
        self.env.cr.execute(
            f"""
            SELECT adoption.id, adoption.item_id, adoption.company_id, adoption.publication_id,
                   adoption.level, adoption.form, adoption.date, adoption.forward_id IS NOT NULL,
                   publication.name, adoption.upstream_points, COALESCE(forward.rewritten, false)
              FROM zugong_adoption adoption
              JOIN zugong_publication publication ON publication.id = adoption.publication_id
              LEFT JOIN zugong_item_forward forward ON forward.id = adoption.forward_id
             WHERE {condition}
             ORDER BY adoption.item_id, adoption.date, adoption.id
            """,
            params,
        )
        adoptions = self.env.cr.fetchall()
        items, members = self._item_context({row[1] for row in adoptions})
        lines = self._adoption_lines(adoptions, items, members)
        self._replace_lines("zugong.adoption", [row[0] for row in adoptions], lines)

    def _adoption_lines(self, adoptions, items, members):
        """The lines of ``adoptions`` (rows ordered by item and date), each item's
        adoptions of a year counted as the rule set's several-adoptions rule says: each,
        the highest only (what one adds to the best before it), the highest of each level,
        or those of the item's two highest levels."""
        book_of = self._books()
        best = {}
        levels = defaultdict(set)  # (item, year): levels adopted
        for row in adoptions:
            levels[(row[1], row[6].year)].add(row[4])
        top_levels = {key: set(sorted(adopted, key=LEVEL_RANK.get, reverse=True)[:2]) for key, adopted in levels.items()}
        writer = self._writer()
        forms = self._labels(writer.env, "zugong.adoption", "form")
        explain = writer._adoption_explainer()
        for adoption_id, item_id, company_id, publication_id, level, form, day, forwarded, publication, upstream, \
                rewritten in adoptions:
            book = book_of(company_id, day.year)
            units, shares, authors, type_id, reference, _title, length = items[item_id]
            rule = book and book.adoption_rule(publication_id, level, form, type_id, length or 0)
            if not rule:
                continue
            factor = book.type_factor(type_id, level, length or 0) * (book.path_factor(level) if forwarded else 1)
            if rewritten:
                factor *= book.rewrite_factor(level)
            points = upstream if rule.points_from == "upstream" else rule.points
            value = Decimal(str(points)) * factor
            award = value
            if book.multi_mode == "top_two_levels" and level not in top_levels[(item_id, day.year)]:
                continue
            if book.multi_mode in ("highest", "once_per_level"):
                key = (item_id, book.ruleset_id, level if book.multi_mode == "once_per_level" else None)
                award = max(Decimal(0), value - best.get(key, Decimal(0)))
                best[key] = max(best.get(key, Decimal(0)), value)
            if not award:
                continue
            explanation = explain(reference, publication, forms.get(form, form), points, factor, award)
            yield from self._distribute(
                book, rule, award, (company_id, day, "zugong.adoption", adoption_id, item_id),
                units or [], [float(share) for share in shares or []], authors or [], members, explanation, level,
            )

    def _adoption_explainer(self):
        """explain(reference, publication, form, points, factor, award) of an adoption's
        lines, its sentences translated once for all the adoptions."""
        weighted = _("%(reference)s adopted by %(publication)s (%(form)s): %(points)s points × %(factor)s, "
                     "%(award)s counted")
        plain = _("%(reference)s adopted by %(publication)s (%(form)s): %(points)s points")

        def explain(reference, publication, form, points, factor, award):
            values = {"reference": reference, "publication": publication, "form": form, "points": points}
            if factor != 1 or award != Decimal(str(points)) * factor:
                return weighted % dict(values, factor=round(float(factor), 2), award=to_cent(award))
            return plain % values
        return explain

    # ------------------------------------------------------------------ other events

    def _score_forwards(self, forwards):
        self._score_events(
            "zugong.item.forward", forwards.ids,
            """SELECT event.id, event.item_id, item.company_id, event.date, NULL,
                      event.publication_id, event.level, publication.name
                 FROM zugong_item_forward event
                 JOIN zugong_item item ON item.id = event.item_id
                 JOIN zugong_publication publication ON publication.id = event.publication_id
                WHERE event.id = ANY(%s)""",
            lambda book, row: book.forward_rule(row[5], row[6]),
            lambda env, row, item: env._("%(reference)s forwarded to %(publication)s",
                                         reference=item[4], publication=row[7]),
        )

    @staticmethod
    def _labels(env, model, field):
        """{value: label} of a selection field, in ``env``'s language."""
        return dict(env[model]._fields[field]._description_selection(env))

    def _score_instructions(self, instructions):
        """A leader's instruction: its bonus, dated the instruction, counted among the
        instructions on its item in the year as its rule says (each, the highest only, or
        the first at the rule's points and later ones at other points), so that every
        instruction on the items is scored again; and the unit's feedback on it, given
        late (dated the feedback) or not given by its due date (dated that day, once it
        has passed in the department): the deduction of the feedback rule of that kind,
        as the rule set has."""
        if instructions:
            instructions = instructions.sudo().search([("item_id", "in", instructions.item_id.ids)])

        def rule_of(book, row):
            if row[7] == "instruction":
                return book.instruction_rule(row[5], row[6], row[8])
            return book.first("feedback_deduction", feedback_status=row[7])

        best, counted = {}, defaultdict(int)  # (item, year, rule set): the best so far, how many so far

        def points_of(book, rule, row):
            if row[7] != "instruction":
                return rule.points
            key = (row[1], row[3].year, book.ruleset_id)
            earlier, counted[key] = counted[key], counted[key] + 1
            if rule.instruction_mode == "diminishing" and earlier:
                return rule.later_points
            if rule.instruction_mode == "once_per_item":
                before = best.get(key, 0.0)
                best[key] = max(before, rule.points)
                return max(0.0, rule.points - before)
            return rule.points

        def explain(env, row, item):
            if row[7] == "instruction":
                return env._("Instruction of a %(level)s %(leader)s on %(reference)s",
                             level=self._labels(env, "zugong.instruction", "leader_level").get(row[5], row[5]),
                             leader=env._("main leader") if row[6] else env._("leader"), reference=item[4])
            if row[7] == "late":
                return env._("Feedback on the instruction on %(reference)s given late", reference=item[4])
            return env._("Feedback on the instruction on %(reference)s not given by %(deadline)s",
                         reference=item[4], deadline=row[3])
        self._score_events(
            "zugong.instruction", instructions.ids,
            """WITH event AS (SELECT * FROM zugong_instruction WHERE id = ANY(%s))
               SELECT event.id, event.item_id, event.company_id, event.date, NULL,
                      event.leader_level, event.is_main_leader, 'instruction', event.publication_id
                 FROM event
                UNION ALL
               SELECT event.id, event.item_id, event.company_id,
                      CASE WHEN event.state = 'done' THEN event.feedback_date ELSE event.feedback_deadline END, NULL,
                      event.leader_level, event.is_main_leader,
                      CASE WHEN event.state = 'done' THEN 'late' ELSE 'missed' END, event.publication_id
                 FROM event
                WHERE event.state = 'done' AND event.feedback_date > event.feedback_deadline
                   OR event.state = 'awaiting' AND event.feedback_deadline < (%s::jsonb ->> event.company_id::text)::date
                ORDER BY 2, 4, 1""",
            rule_of, explain, [instructions.company_id._zugong_todays()], points_of,
        )

    def _score_deadlines(self, items):
        """Items against their deadlines: an urgent report reported late (dated its first
        submission) or not reported (dated its deadline), by the level of the office that
        asked for it; an ordinary item submitted after the day it was due (dated its first
        submission), by its type."""
        def rule_of(book, row):
            if row[5] == "due":
                return book.late_item_rule(row[7])
            return book.urgent_rule(row[5], row[6])

        def explain(env, row, item):
            if row[5] == "due":
                return env._("%(reference)s submitted on %(date)s, due on %(due)s",
                             reference=item[4], date=row[3], due=row[8])
            asked = self._labels(env, "zugong.item", "asked_by_level").get(row[6])
            if row[5] == "late":
                sentence = env._("Urgent report %(reference)s reported late", reference=item[4])
            else:
                sentence = env._("Urgent report %(reference)s not reported", reference=item[4])
            return env._("%(sentence)s (asked for by the %(level)s office)", sentence=sentence, level=asked) \
                if asked else sentence
        self._score_events(
            "zugong.item", items.ids,
            f"""SELECT item.id, item.id, item.company_id, {URGENT_DAY_SQL.format(r="item")},
                      NULL, item.urgent_status, item.asked_by_level, item.type_id, NULL::date
                 FROM zugong_item item
                WHERE item.id = ANY(%s) AND item.urgent_status IN ('late', 'missed')
                UNION ALL
               SELECT item.id, item.id, item.company_id, item.first_submitted_date,
                      NULL, 'due', NULL, item.type_id, item.due_date
                 FROM zugong_item item
                WHERE item.id = ANY(%s) AND item.submitted_late""",
            rule_of, explain, [items.ids],
        )

    def _check_lines_unfrozen(self, source_model, source_ids):
        """Refuse a change of the scored lines of these sources dated in a closed period."""
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT DISTINCT company_id, date FROM {self._line_table()}"
            " WHERE source_model = %s AND source_id = ANY(%s) AND period_id IS NULL AND NOT COALESCE(manual, false)",
            [source_model, list(source_ids)],
        )
        Company = self.env["res.company"]
        self.env["zugong.period"]._freeze_check([(Company.browse(company_id), day)
                                                 for company_id, day in self.env.cr.fetchall()])

    def _score_concealments(self, concealments):
        self._score_events(
            "zugong.urgent.concealment", concealments.ids,
            """SELECT event.id, NULL, event.company_id, zugong_local_date(event.company_id, event.event_time),
                      event.unit_id, event.name
                 FROM zugong_urgent_concealment event WHERE event.id = ANY(%s)""",
            lambda book, row: book.urgent_rule("concealed", None),
            lambda env, row, item: env._("Concealed urgent event: %s", row[5]),
        )

    def _score_error_notices(self, notices):
        def explain(env, row, item):
            kind = self._labels(env, "zugong.error.notice", "error_kind").get(row[6], row[6])
            if item:
                return env._("Error notice %(number)s (%(kind)s) on %(reference)s", number=row[5], kind=kind,
                             reference=item[4])
            return env._("Error notice %(number)s (%(kind)s)", number=row[5], kind=kind)
        self._score_events(
            "zugong.error.notice", notices.ids,
            """SELECT event.id, event.item_id, event.company_id, event.date, event.unit_id,
                      event.name, event.error_kind
                 FROM zugong_error_notice event WHERE event.id = ANY(%s)""",
            lambda book, row: book.error_notice_rule(row[6]),
            explain,
        )

    def _score_commission_targets(self, targets):
        """A unit's answer to a commission, on time or late, dated its first submission;
        a commission it missed, dated the deadline: the points of the commission rule of
        that answer and the deduction of the commission deduction rule, as the rule set has."""
        def explain(env, row, item):
            if row[6] == "on_time":
                return env._("Commission answered on time: %s", row[5])
            if row[6] == "late":
                return env._("Commission answered late: %s", row[5])
            return env._("Commission missed: %s", row[5])
        self._score_events(
            "zugong.commission.target", targets.ids,
            f"""SELECT target.id, target.item_id, commission.company_id, {COMMISSION_DAY_SQL},
                      target.unit_id, commission.name, target.status
                 FROM zugong_commission_target target
                 JOIN zugong_commission commission ON commission.id = target.commission_id
                WHERE target.id = ANY(%s) AND target.status IN ('on_time', 'late', 'missed')""",
            lambda book, row: [book.first("commission", commission_status=row[6]),
                               book.first("commission_deduction", commission_status=row[6])],
            explain,
        )

    def _score_adjustments(self, adjustments):
        """The research office's adjustments: each its own points, to the unit or the
        person it names, under its rule while that rule's rule set is the year's."""
        if not adjustments:
            return
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id, company_id, date, unit_id, person_id, rule_id, points, reason
                 FROM zugong_score_adjustment WHERE id = ANY(%s)""",
            [adjustments.ids],
        )
        rows = self.env.cr.fetchall()
        book_of = self._books()
        writer_env = self._writer().env
        lines = []
        for event_id, company_id, day, unit_id, person_id, rule_id, points, reason in rows:
            book = book_of(company_id, day.year)
            rule = book and book.rule("adjustment", rule_id)
            if not rule:
                continue
            lines.append((company_id, "person" if person_id else "unit", unit_id, person_id, day, None,
                          to_cent(points), rule.id, book.ruleset_id, rule.kind, "zugong.score.adjustment",
                          event_id, None, writer_env._("Adjustment by the research office: %s", reason), False))
        self._replace_lines("zugong.score.adjustment", adjustments.ids, lines)

    def _score_events(self, source_model, source_ids, query, rule_of, explain, params=(), points_of=None):
        """Score events other than adoptions. ``query`` returns rows (id, item, company,
        date, unit, ...): the points go to the unit when the row names one, else to the
        item's units, and to the item's authors where the rule says so; ``rule_of(book,
        row)`` gives the rule, or a list of the rules, ``points_of(book, rule, row)`` the
        points the row scores under a rule (the rule's points when not given; read in the
        rows' order), and ``explain(env, row, item)`` the text (``env`` in the documents'
        language; ``item`` the item's context, or None). ``query``'s parameters are the
        ids, then ``params``."""
        if not source_ids:
            return
        self.env.flush_all()
        self.env.cr.execute(query, [list(source_ids), *params])
        rows = self.env.cr.fetchall()
        items, members = self._item_context({row[1] for row in rows if row[1]})
        book_of = self._books()
        writer_env = self._writer().env
        lines = []
        for row in rows:
            event_id, item_id, company_id, day, unit_id = row[:5]
            book = book_of(company_id, day.year) if day else None
            rules = book and rule_of(book, row)
            rules = [rule for rule in (rules if isinstance(rules, list) else [rules]) if rule]
            if not rules:
                continue
            item = items.get(item_id)
            if unit_id:
                units, shares = [unit_id], [100.0]
            else:
                units, shares = item[0] or [], [float(share) for share in item[1] or []]
            explanation = explain(writer_env, row, item)
            for rule in rules:
                award = points_of(book, rule, row) if points_of else rule.points
                if award:
                    lines.extend(self._distribute(
                        book, rule, award, (company_id, day, source_model, event_id, item_id),
                        units, shares, (item[2] or []) if item else [], members, explanation,
                    ))
        self._replace_lines(source_model, source_ids, lines)

    def _deduct_for_false_information(self, item, rule, points, day, reason):
        """The research office's deduction for false information (虚假信息) in ``item``:
        ``points`` within the range the rule allows, dated ``day`` (in an open period),
        taken from each of the item's units and shared among its authors, as the rule says."""
        if not rule.points_min <= points <= rule.points_max:
            raise UserError(_("The rule allows a deduction from %(least)s to %(most)s points.",
                              least=rule.points_min, most=rule.points_max))
        if rule.ruleset_id.year != day.year or rule.ruleset_id.company_id != item.company_id:
            raise UserError(_("The rule belongs to another year or company than the deduction."))
        self.env["zugong.period"]._freeze_check([(item.company_id, day)])
        Line = self.env["zugong.score.line"].sudo()
        values = {
            "company_id": item.company_id.id, "date": day, "rule_id": rule.id,
            "ruleset_id": rule.ruleset_id.id, "kind": rule.kind, "source_model": "zugong.item",
            "source_id": item.id, "item_id": item.id, "manual": True,
            "explanation": _("False information in %(reference)s: %(reason)s", reference=item.reference, reason=reason),
        }
        lines = []
        if rule._for_units():
            lines += [dict(values, subject="unit", unit_id=unit.id, points=-points) for unit in item.unit_ids]
        if rule._for_people():
            authors = item.author_ids
            lines += [dict(values, subject="person", person_id=author.id,
                           unit_id=(author.zugong_unit_id or item.unit_id).id, points=share)
                      for author, share in zip(authors, split_evenly(-points, len(authors)))]
        Line.create(lines)
        item.message_post(body=_("%(points)s points deducted for false information: %(reason)s",
                                 points=points, reason=reason))

    # ------------------------------------------------------------------ periods

    def _score_period(self, period):
        """Write the period-based lines of a closed period (replacing any earlier ones),
        each step reading the lines of the steps before it: the base scores and the
        results measured against the period's figures, then the limits of the sub-scores,
        then (of a year) the void of a year of missed commissions, and last the
        conversion of the totals to another scale."""
        self.env.flush_all()
        self.env.cr.execute(f"DELETE FROM {self._line_table()} WHERE period_id = %s", [period.id])
        book = self._books()(period.company_id.id, period.year)
        if not book:
            return
        what_if = _WHAT_IF.get()
        if what_if and period.id in what_if["caps_only"]:
            self._insert_lines(list(self._period_rule_lines(period, book, caps_only=True)))
            return
        for step in (self._period_rule_lines, self._bucket_limit_lines, self._zero_rule_lines,
                     self._conversion_lines):
            self._insert_lines(list(step(period, book)))
        if not what_if or what_if["outcomes"]:  # a what-if compares points
            self._write_outcomes(period, book)

    def _write_outcomes(self, period, book):
        """The outcomes of the period (replacing any earlier ones): for each outcome rule
        of its kind, the units with so many of the rule's events in the period, or the
        units and people whose total of the period is below the rule's points."""
        Outcome = self.env["zugong.score.outcome"].sudo()
        Outcome.search([("period_id", "=", period.id)]).unlink()
        rules = [rule for rule in book.by_kind["outcome"] if rule.period_kind == period.kind]
        if not rules:
            return
        writer = self._writer()
        sentences = writer._period_sentences()
        outcomes = dict(writer._labels(writer.env, "zugong.rule", "outcome"))
        events = dict(writer._labels(writer.env, "zugong.rule", "outcome_when"))
        values = []
        for rule in rules:
            base = {"company_id": period.company_id.id, "period_id": period.id, "rule_id": rule.id,
                    "ruleset_id": book.ruleset_id, "outcome": rule.outcome}
            if rule.outcome_when == "below_points":
                # every unit and person scored, those without a line at nothing
                totals = {(subject, subject_id): (subject, subject_id, unit_id, 0)
                          for (subject, subject_id), unit_id in self._scored_subjects(period.company_id).items()}
                totals.update({row[:2]: row for row in self._subject_totals(period)})
                for subject, subject_id, unit_id, total in totals.values():
                    if rule.scores(subject) and total < rule.points:
                        values.append(dict(base, subject=subject, unit_id=unit_id,
                                           person_id=subject_id if subject == "person" else False,
                                           explanation=sentences["below"] % {
                                               "total": plain_figure(float(total)), "least": plain_figure(rule.points),
                                               "outcome": outcomes[rule.outcome]}))
                continue
            if not rule.for_units:
                continue
            for unit_id, count in self._event_counts(period, rule.outcome_when).items():
                if count >= rule.event_count:
                    values.append(dict(base, subject="unit", unit_id=unit_id, explanation=sentences["events"] % {
                        "count": count, "events": events[rule.outcome_when], "least": rule.event_count,
                        "outcome": outcomes[rule.outcome]}))
        Outcome.create(values)

    def _event_counts(self, period, event):
        """{unit id: how many events of the kind ``event`` of an outcome rule the unit had
        in the period}, each dated as its deduction is."""
        status = event.removeprefix("commission_").removeprefix("urgent_")
        if event.startswith("commission_"):
            query = f"""
                SELECT target.unit_id, count(*) FROM zugong_commission_target target
                  JOIN zugong_commission commission ON commission.id = target.commission_id
                 WHERE commission.company_id = %(company)s AND target.status = %(status)s
                   AND {COMMISSION_DAY_SQL} BETWEEN %(start)s AND %(end)s GROUP BY 1"""
        elif event.startswith("urgent_"):
            query = f"""
                SELECT link.unit_id, count(*) FROM zugong_item item JOIN zugong_item_unit link ON link.item_id = item.id
                 WHERE item.company_id = %(company)s AND item.urgent_status = %(status)s
                   AND {URGENT_DAY_SQL.format(r="item")} BETWEEN %(start)s AND %(end)s GROUP BY 1"""
        else:  # concealed
            query = """
                SELECT unit_id, count(*) FROM zugong_urgent_concealment
                 WHERE company_id = %(company)s
                   AND zugong_local_date(company_id, event_time) BETWEEN %(start)s AND %(end)s GROUP BY 1"""
        self.env.cr.execute(query, {"company": period.company_id.id, "status": status, "start": period.date_start,
                                    "end": period.date_end})
        return dict(self.env.cr.fetchall())

    def _period_figures(self, period, with_adopted=True, with_adoptions=False, everyone=False, by_type=True):
        """Per subject (('unit', unit_id) or ('person', user_id)) with a requirement in the
        period's year (``everyone``: and every unit below the company's root and every
        member of one, for rules with minimums of their own): the submissions the period
        requires, those made (in all and by item type), (``with_adopted``, else 0) how many
        of them were adopted, and (``with_adoptions``, else none) the adoptions dated in
        the period by level (zugong.figures), with the unit a person's lines go to (the
        items by type only with ``by_type``). Read once for all the rule sets of a what-if."""
        what_if = _WHAT_IF.get()
        key = (period.id, with_adopted, with_adoptions, everyone, by_type)
        if what_if and key in what_if["figures"]:
            return what_if["figures"][key]
        Figures = self.env["zugong.figures"]
        company = period.company_id
        required = Figures._required(company, period.date_start, period.date_end)
        submitted = Figures._submitted(company, period.date_start, period.date_end, by_type=by_type)
        adopted = Figures._adopted_items(company, period.date_start, period.date_end) if with_adopted else {}
        adoptions = Figures._achieved(company, period.date_start, period.date_end) if with_adoptions else {}
        share_units, subjects = self._held_in_year(company, period.year)
        share_units, subjects = dict(share_units), list(subjects)
        if everyone:
            for (subject, subject_id), unit_id in self._scored_subjects(company).items():
                if subject == "person":
                    share_units.setdefault(subject_id, unit_id)
                subjects.append((subject, subject_id))
        figures, nothing = {}, {}
        for subject_key in dict.fromkeys(subjects):
            subject, subject_id = subject_key
            done = submitted.get(subject_key, nothing)
            figures[subject_key] = {
                "unit_id": subject_id if subject == "unit" else share_units[subject_id],
                "minimum": required.get(subject_key, 0),
                "submitted": done.get("items", 0),
                "by_type": done,
                "adopted": adopted.get(subject_key, 0),
                "adoptions": {level: count for level, count in adoptions[subject_key].items() if level in LEVEL_RANK}
                if subject_key in adoptions else nothing,
            }
        if what_if:
            what_if["figures"][key] = figures
        return figures

    def _held_in_year(self, company, year):
        """({person id: the unit of the share held last}, [(subject, id)]) of those held
        to a month of the company's year (a quarter is owed for its first month held),
        read once a year for a what-if's periods."""
        what_if = _WHAT_IF.get()
        key = ("held", company.id, year)
        if what_if and key in what_if["figures"]:
            return what_if["figures"][key]
        self.env.cr.execute(
            "SELECT DISTINCT ON (person_id) person_id, unit_id FROM zugong_required_held"
            " WHERE subject = 'person' AND company_id = %s AND year = %s AND first_month <= last_month"
            " ORDER BY person_id, last_month DESC",
            [company.id, year],
        )
        share_units = dict(self.env.cr.fetchall())
        self.env.cr.execute(
            "SELECT DISTINCT subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END"
            " FROM zugong_required_held WHERE company_id = %s AND year = %s AND first_month <= last_month",
            [company.id, year],
        )
        held = (share_units, self.env.cr.fetchall())
        if what_if:
            what_if["figures"][key] = held
        return held

    def _period_rule_lines(self, period, book, caps_only=False):
        """The base scores of the period and its results measured against its figures
        (``caps_only``: of its rules with a yearly cap only)."""
        rules = [rule for kind in ("base_score", "period_base", "period_shortfall", "adoption_rate")
                 for rule in book.by_kind[kind] if rule.period_kind == period.kind
                 and (rule.yearly_cap or not caps_only)]
        if not rules:
            return
        figures = self._period_figures(period, with_adopted=any(rule.kind == "adoption_rate" for rule in rules),
                                       with_adoptions=any(rule.min_adoptions for rule in rules),
                                       everyone=any(rule.min_submissions or rule.kind == "base_score"
                                                    for rule in rules),
                                       by_type=any(rule.item_type_id for rule in rules))
        already = self._capped_so_far(period, [rule for rule in rules if rule.yearly_cap])
        writer = self._writer()
        sentences = writer._period_sentences()
        type_names = dict(writer.env["zugong.item.type"].browse(
            {rule.item_type_id for rule in rules if rule.item_type_id}).mapped(lambda type_: (type_.id, type_.name)))
        # a base score and a minimum of the rule's own are every unit's below the company's
        # root, and their people's; the root is held only to a quota it is given
        roots = set(self.env["zugong.unit"].sudo().search([
            ("company_id", "=", period.company_id.id), ("parent_id", "=", False)]).ids)
        # the items of a length or more, for the minimums of long items
        long_items = {least: self.env["zugong.figures"]._submitted_long(
            period.company_id, period.date_start, period.date_end, least)
            for least in {rule.length_min for rule in rules if rule.length_min}}
        line = self._period_line(period, book)
        for (subject, subject_id), figure in figures.items():
            for rule in rules:
                if not rule.scores(subject):
                    continue
                if (rule.kind == "base_score" or rule.min_submissions) and figure["unit_id"] in roots:
                    continue
                counted = long_items[rule.length_min].get((subject, subject_id), {}) if rule.length_min else None
                points, explanation = self._period_rule_points(rule, figure, sentences, type_names, counted,
                                                               book.urgent_counted)
                if rule.yearly_cap and points > 0:
                    so_far = already.get((rule.id, subject, subject_id), 0.0)
                    points = max(0.0, min(points, rule.yearly_cap - so_far))
                    if not points:
                        continue
                if not points:
                    continue
                yield line(rule, subject, subject_id, figure["unit_id"], round(points, 2), explanation)

    @staticmethod
    def _period_line(period, book):
        """line(rule, subject, unit or user id, unit id, points, explanation): a line of the
        period's (LINE_COLUMNS order, without the audit columns), the period's own columns
        read once for all its lines."""
        company_id, day, period_id, ruleset_id = period.company_id.id, period._lines_date(), period.id, book.ruleset_id

        def line(rule, subject, subject_id, unit_id, points, explanation):
            return (company_id, subject, unit_id, subject_id if subject == "person" else None, day, period_id, points,
                    rule.id, ruleset_id, rule.kind, "zugong.period", period_id, None, explanation, False)
        return line

    def _period_sentences(self):
        """The explanations of the lines and outcomes of a period, translated once for all
        the subjects."""
        return {
            "base": _("Base score of the period"),
            "met": _("%(submitted)s items submitted, minimum %(minimum)s met"),
            "met_of_type": _("%(submitted)s %(type)s items submitted, minimum %(minimum)s met"),
            "short": _("%(submitted)s items submitted, %(missing)s short of the minimum %(minimum)s"),
            "short_of_type": _("%(submitted)s %(type)s items submitted, %(missing)s short of the minimum %(minimum)s"),
            "met_long": _("%(submitted)s items of %(what)s submitted, minimum %(minimum)s met"),
            "short_long": _("%(submitted)s items of %(what)s submitted, %(missing)s short of the minimum %(minimum)s"),
            "characters": _("%s characters or more"),
            "share": _("%(submitted)s items submitted, short of the minimum %(minimum)s: the base in proportion"),
            "adoptions": _("; %(adoptions)s adoptions, minimum %(least)s met"),
            "extra": _("; %(extra)s items beyond it at %(each)s points each"),
            "rate": _("Adoption rate %(rate)s%% below %(threshold)s%%"),
            "cap": _("%(bucket)s: %(total)s points, brought to its most, %(cap)s"),
            "floor": _("%(bucket)s: %(total)s points, brought back to zero (deductions stop at zero)"),
            "factor": _("%(total)s points × %(factor)s, converted to %(converted)s"),
            "top": _("%(total)s points of the highest %(top)s, converted on a scale of %(scale)s to %(converted)s"),
            "below": _("%(total)s points, below %(least)s: %(outcome)s"),
            "events": _("%(events)s: %(count)s, from %(least)s: %(outcome)s"),
        }

    @staticmethod
    def _period_rule_points(rule, figure, sentences, type_names, counted=None, urgent_counted=False):
        """(signed points, explanation) of a period rule for one unit or person of the
        period's ``figure``: the items it counts are those of the rule's item type, or
        those counting towards the minimums (urgent reports when ``urgent_counted``), of
        ``counted`` (by type, the long items of a rule naming a length) or of the
        figure's."""
        minimum = rule.min_submissions or figure["minimum"]
        by_type = figure["by_type"] if counted is None else counted
        submitted = by_type.get(rule.item_type_id, 0) if rule.item_type_id else toward_minimum(by_type, urgent_counted)
        values = {"submitted": submitted, "minimum": plain_figure(minimum), "type": type_names.get(rule.item_type_id)}
        if rule.length_min:
            met, short = sentences["met_long"], sentences["short_long"]
            values["what"] = (sentences["characters"] % rule.length_min) + (values["type"] or "")
        elif rule.item_type_id:
            met, short = sentences["met_of_type"], sentences["short_of_type"]
        else:
            met, short = sentences["met"], sentences["short"]
        if rule.kind == "base_score":
            return rule.points, sentences["base"]
        if rule.kind == "period_base" and minimum > 0 and (submitted >= minimum or rule.base_share_below and submitted):
            adoptions = sum(count for level, count in figure["adoptions"].items() if _level_matches(rule, level))
            if adoptions < rule.min_adoptions:
                return 0.0, ""
            if submitted < minimum:  # a share of the base
                share = Decimal(str(rule.points)) * Decimal(submitted) / Decimal(str(minimum))
                return to_cent(share), sentences["share"] % values
            explanation = met % values
            if rule.min_adoptions:
                explanation += sentences["adoptions"] % {"adoptions": adoptions, "least": rule.min_adoptions}
            points = rule.points
            extra = math.floor(submitted - minimum + 1e-9)
            if rule.points_per_extra and extra > 0:
                points += rule.points_per_extra * extra
                explanation += sentences["extra"] % {"extra": extra, "each": plain_figure(rule.points_per_extra)}
            return points, explanation
        elif rule.kind == "period_shortfall":
            if submitted < minimum:
                missing = math.ceil(minimum - submitted - 1e-9)
                points = rule.points * missing if rule.deduction_mode == "pro_rata" else rule.points
                return rule.signed(points), short % dict(values, missing=missing)
        elif rule.kind == "adoption_rate" and figure["submitted"]:
            rate = 100.0 * figure["adopted"] / figure["submitted"]
            if rate < rule.rate_threshold:
                return rule.signed(rule.points), sentences["rate"] % {
                    "rate": round(rate, 1), "threshold": plain_figure(rule.rate_threshold)}
        return 0.0, ""

    def _capped_so_far(self, period, rules):
        """Points of capped rules already given in the period's year by other periods."""
        if not rules:
            return {}
        # capped rules are period rules: "period_id IS NOT NULL" says so to the planner, which
        # then reads a temporary table's period lines by its index (_lines_aside)
        self.env.cr.execute(
            f"""
            SELECT rule_id, subject, CASE WHEN subject = 'person' THEN person_id ELSE unit_id END, sum(points)
              FROM {self._line_table()}
             WHERE rule_id = ANY(%s) AND period_id IS NOT NULL AND date BETWEEN %s AND %s AND period_id <> %s
             GROUP BY 1, 2, 3
            """,
            [[rule.id for rule in rules], date(period.year, 1, 1), date(period.year, 12, 31), period.id],
        )
        return {(rule_id, subject, subject_id): points for rule_id, subject, subject_id, points in self.env.cr.fetchall()}

    def _bucket_limit_lines(self, period, book):
        """Each sub-score a limit of the period's kind names, brought within it for each
        unit and person: what its lines of the period give above the cap taken away,
        what they take below zero given back, where the limit stops at zero."""
        sentences = self._writer()._period_sentences()
        line = self._period_line(period, book)
        for limit in book.by_kind["bucket_limit"]:
            if limit.period_kind != period.kind:
                continue
            rule_ids = [rule.id for rules in book.by_kind.values() for rule in rules if rule.bucket == limit.bucket]
            for subject, subject_id, unit_id, total in self._subject_totals(period, rule_ids):
                if not limit.scores(subject):
                    continue
                total = Decimal(str(total))
                if limit.bucket_cap and total > Decimal(str(limit.bucket_cap)):
                    limited, explanation = Decimal(str(limit.bucket_cap)), sentences["cap"]
                elif limit.floor_at_zero and total < 0:
                    limited, explanation = Decimal(0), sentences["floor"]
                else:
                    continue
                explanation %= {"bucket": limit.bucket, "total": plain_figure(float(total)),
                                "cap": plain_figure(limit.bucket_cap)}
                yield line(limit, subject, subject_id, unit_id, to_cent(limited - total), explanation)

    def _conversion_lines(self, period, book):
        """The period's total of each unit and person converted to another scale by the
        conversion of the period's kind: a line of the difference, so that the total
        read is the converted one."""
        rule = next((rule for rule in book.by_kind["conversion"] if rule.period_kind == period.kind), None)
        if not rule:
            return
        totals = [row for row in self._subject_totals(period) if rule.scores(row[0])]
        tops = defaultdict(lambda: Decimal(0))
        for subject, _subject_id, _unit_id, total in totals:
            tops[subject] = max(tops[subject], Decimal(str(total)))
        sentences = self._writer()._period_sentences()
        line = self._period_line(period, book)
        for subject, subject_id, unit_id, total in totals:
            total = Decimal(str(total))
            if rule.conversion_mode == "factor":
                converted = total * Decimal(str(rule.factor))
                explanation = sentences["factor"] % {
                    "total": plain_figure(float(total)), "factor": plain_figure(rule.factor),
                    "converted": to_cent(converted)}
            elif tops[subject] > 0:
                converted = total / tops[subject] * Decimal(str(rule.points))
                explanation = sentences["top"] % {
                    "total": plain_figure(float(total)), "top": plain_figure(float(tops[subject])),
                    "scale": plain_figure(rule.points), "converted": to_cent(converted)}
            else:
                continue
            difference = to_cent(Decimal(str(to_cent(converted))) - total)
            if difference:
                yield line(rule, subject, subject_id, unit_id, difference, explanation)

    def _scored_subjects(self, company):
        """{(subject, unit or user id): unit of its lines} of every active unit below the
        company's root and every member of one (in the unit of their first membership)."""
        self.env.cr.execute(
            "SELECT id FROM zugong_unit WHERE company_id = %s AND active AND parent_id IS NOT NULL", [company.id])
        subjects = {("unit", unit_id): unit_id for unit_id, in self.env.cr.fetchall()}
        self.env.cr.execute(
            "SELECT DISTINCT ON (member.user_id) member.user_id, member.unit_id FROM zugong_unit_member member"
            " JOIN zugong_unit unit ON unit.id = member.unit_id"
            " WHERE member.company_id = %s AND member.active AND unit.active AND unit.parent_id IS NOT NULL"
            " ORDER BY member.user_id, member.id",
            [company.id])
        subjects.update({("person", user_id): unit_id for user_id, unit_id in self.env.cr.fetchall()})
        return subjects

    def _subject_totals(self, period, rule_ids=None):
        """[(subject, unit or user id, unit of its lines, points)]: the lines of the
        company dated in the period (of the rules ``rule_ids`` only, when given), added
        up for each unit and person; a person's with the unit of their latest line."""
        self.env.cr.execute(
            f"""
            SELECT subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END,
                   (array_agg(unit_id ORDER BY date DESC, unit_id))[1], sum(points)
              FROM {self._line_table()}
             WHERE company_id = %s AND date BETWEEN %s AND %s AND (%s OR rule_id = ANY(%s))
             GROUP BY 1, 2
            """,
            [period.company_id.id, period.date_start, period.date_end, rule_ids is None, rule_ids or []],
        )
        return self.env.cr.fetchall()

    def _zero_rule_lines(self, period, book):
        """Units that missed the set number of commissions in the year lose the year's score."""
        rule = book.by_kind["commission_zero"][:1]
        if not rule or period.kind != "year":
            return
        rule = rule[0]
        self.env.cr.execute(
            """
            SELECT target.unit_id, count(*)
              FROM zugong_commission_target target
              JOIN zugong_commission commission ON commission.id = target.commission_id
             WHERE commission.company_id = %s AND target.status = 'missed'
               AND commission.deadline BETWEEN %s AND %s
             GROUP BY target.unit_id HAVING count(*) >= %s
            """,
            [period.company_id.id, period.date_start, period.date_end, rule.missed_count],
        )
        missed = dict(self.env.cr.fetchall())
        if not missed:
            return
        self.env.cr.execute(
            f"""
            SELECT unit_id, sum(points) FROM {self._line_table()}
             WHERE company_id = %s AND subject = 'unit' AND unit_id = ANY(%s) AND date BETWEEN %s AND %s
             GROUP BY unit_id
            """,
            [period.company_id.id, list(missed), period.date_start, period.date_end],
        )
        writer = self._writer()
        line = self._period_line(period, book)
        for unit_id, total in self.env.cr.fetchall():
            if total:
                yield line(rule, "unit", unit_id, unit_id, round(-total, 2), writer._explain_zero(missed[unit_id]))

    def _explain_zero(self, missed):
        return _("%s commissions missed in the year: the year's score is void", missed)

    # ------------------------------------------------------------------ recompute

    @api.model
    def _recompute_year(self, company, year):
        """Rewrite every computed score line of the company's year from its events and
        closed periods. The year is scored into a temporary table (beside the lines
        applied by hand, which stay); then only the lines that differ are deleted from the
        score lines and added to them, so that a recompute changing nothing writes nothing
        and the monthly totals follow only what changed."""
        self.env.flush_all()
        start, end = date(year, 1, 1), date(year, 12, 31)
        cr = self.env.cr
        table = self._lines_aside("zugong_recompute_line")
        columns = ", ".join(LINE_COLUMNS)
        self._copy_recorded(table, company, start, end, "COALESCE(manual, false)")
        with self._scoring_into(table, {}, {}, outcomes=True):
            self._score_window(company, start, end, self.env["zugong.period"].search([
                ("company_id", "=", company.id), ("year", "=", year), ("state", "=", "closed"),
            ]))
        # a line's content as one value, to find the lines of one side missing from the other
        content = ("md5(ROW({r}.company_id, {r}.subject, {r}.unit_id, {r}.person_id, {r}.date, {r}.period_id,"
                   " {r}.points, {r}.rule_id, {r}.ruleset_id, {r}.kind, {r}.source_model, {r}.source_id,"
                   " {r}.item_id, {r}.explanation)::text)")
        computed = "{r}.company_id = %(company)s AND {r}.date BETWEEN %(start)s AND %(end)s" \
                   " AND NOT COALESCE({r}.manual, false)"
        params = {"company": company.id, "start": start, "end": end}
        cr.execute("DROP TABLE IF EXISTS zugong_recompute_old")
        cr.execute(f"""CREATE TEMPORARY TABLE zugong_recompute_old ON COMMIT DROP AS
                       SELECT old.id, {content.format(r="old")} AS content
                         FROM {SCORE_LINE_TABLE} old WHERE {computed.format(r="old")}""", params)
        cr.execute(f"""DELETE FROM {SCORE_LINE_TABLE} WHERE id IN (
                           SELECT old.id FROM zugong_recompute_old old
                            WHERE NOT EXISTS (SELECT 1 FROM {table} new WHERE {computed.format(r="new")}
                                                 AND {content.format(r="new")} = old.content))""", params)
        cr.execute(f"""INSERT INTO {SCORE_LINE_TABLE} ({columns})
                       SELECT {", ".join(f"new.{column}" for column in LINE_COLUMNS)} FROM {table} new
                        WHERE {computed.format(r="new")} AND NOT EXISTS (
                              SELECT 1 FROM zugong_recompute_old old WHERE old.content = {content.format(r="new")})""",
                   params)
        self.env["zugong.score.line"].invalidate_model()

    def _score_window(self, company, start, end, periods, adjustments=True):
        """Score the company's events dated from ``start`` to ``end`` (within one year),
        then ``periods``, the shorter kinds first. Under a rule comparing an item's adoptions
        (the highest only, by level), they are scored with its earlier ones of the year."""
        book = self._books()(company.id, start.year)
        self.env.cr.execute(
            "SELECT DISTINCT item_id FROM zugong_adoption WHERE company_id = %s AND date BETWEEN %s AND %s",
            [company.id, start, end],
        )
        item_ids = [row[0] for row in self.env.cr.fetchall()]
        self._score_adoptions_where(
            "adoption.item_id = ANY(%s) AND adoption.date BETWEEN %s AND %s",
            [item_ids, date(start.year, 1, 1) if book and book.compares_adoptions else start, end],
        )
        dated = [("company_id", "=", company.id), ("date", ">=", start), ("date", "<=", end)]
        self._score_forwards(self.env["zugong.item.forward"].search(dated))
        # an instruction's feedback is dated apart from it
        self._score_instructions(self.env["zugong.instruction"].search([
            ("company_id", "=", company.id), "|", "|",
            "&", ("date", ">=", start), ("date", "<=", end),
            "&", ("feedback_date", ">=", start), ("feedback_date", "<=", end),
            "&", ("feedback_deadline", ">=", start), ("feedback_deadline", "<=", end),
        ]))
        # events of stored times: those of the department's days
        begins, next_begins = company._zugong_day_start(start), company._zugong_day_start(end + timedelta(days=1))
        Item = self.env["zugong.item"]
        self._score_deadlines(Item.search([
            ("company_id", "=", company.id), ("urgent_status", "in", ("late", "missed")),
            ("report_deadline", ">=", begins), ("report_deadline", "<", next_begins),
        ]) | Item.search([
            ("company_id", "=", company.id), ("submitted_late", "=", True),
            ("first_submitted_date", ">=", start), ("first_submitted_date", "<=", end),
        ]))
        self._score_concealments(self.env["zugong.urgent.concealment"].search([
            ("company_id", "=", company.id), ("event_time", ">=", begins), ("event_time", "<", next_begins),
        ]))
        self._score_commission_targets(self.env["zugong.commission.target"].search([
            ("company_id", "=", company.id), "|",
            "&", ("fulfilled_date", ">=", start), ("fulfilled_date", "<=", end),
            "&", ("status", "=", "missed"), "&", ("commission_id.deadline", ">=", start),
            ("commission_id.deadline", "<=", end),
        ]))
        if adjustments:
            self._score_adjustments(self.env["zugong.score.adjustment"].search(dated))
        self._score_error_notices(self.env["zugong.error.notice"].search(dated))
        self._score_periods(periods)

    def _score_periods(self, periods):
        """Score ``periods``, the shorter kinds first (a yearly cap counts what the
        shorter ones gave)."""
        kinds = ["week", "month", "bimonth", "quarter", "halfyear", "year"]
        for period in periods.sorted(lambda period: (kinds.index(period.kind), period.date_start)):
            self._score_period(period)

    # ------------------------------------------------------------------ what-if

    @api.model
    def _what_if(self, period, rulesets):
        """The points of the units and people in ``period`` under each of ``rulesets``
        (of the period's company, of any year), as if the period were closed today:
        {ruleset id: {(subject, unit or user id): points}}. Nothing is written.

        - The rule set in force for the period's year gives the score lines recorded for
          the year up to the period's end (events, closed periods, the research office's
          deductions and adjustments), with the periods of the window not closed yet
          scored by it into a temporary table, dropped with the transaction.
        - Another rule set is scored by the engine into that table for the period's year:
          the events dated in the period (with the earlier adoptions of their items, which
          a rule comparing an item's adoptions compares), the periods whose lines are dated in it and the
          earlier ones of the kinds of its yearly-capped rules whose cap the periods up to
          the window's end may reach (the caps count them), and,
          as recorded, the research office's own deductions and adjustments of the
          period, which are decisions and not computed.
        The figures of each period are read once for all the rule sets."""
        company, start, end = period.company_id, period.date_start, period.date_end
        in_force = self.env["zugong.ruleset"]._in_force(company, period.year)
        periods = self.env["zugong.period"].search([
            ("company_id", "=", company.id), ("year", "=", period.year), ("date_end", "<=", end),
        ])
        self.env.flush_all()
        table = self._lines_aside("zugong_what_if_line")
        figures, result = {}, {}
        for ruleset in rulesets:
            self.env.cr.execute(f"TRUNCATE {table}")
            source = table
            if ruleset == in_force:
                not_closed = periods.filtered(lambda each: each.date_end >= start and each.state != "closed")
                if not_closed:  # scored on the lines recorded that they read
                    self._copy_read_by(table, not_closed, start, end)
                    with self._scoring_into(table, {}, figures):
                        self._score_periods(not_closed)
                else:
                    source = SCORE_LINE_TABLE
            else:
                self._copy_recorded(table, company, start, end, "(COALESCE(manual, false) OR kind = 'adjustment')")
                # a cap binds when the periods of its kind up to the window's end may give more
                capped = {rule.period_kind for rule in ruleset.rule_ids if rule.yearly_cap and rule.period_kind
                          and len(periods.filtered(lambda each: each.kind == rule.period_kind)) * rule.points
                          > rule.yearly_cap}
                scored = periods.filtered(lambda each: each.date_end >= start or each.kind in capped)
                # the periods before the window give only what their yearly caps count, unless
                # a period across the window's start reads their lines
                reading = RuleBook(ruleset.sudo()).kinds_reading_lines
                before = scored.filtered(lambda each: each.date_end < start)
                if any(each.kind in reading for each in scored if each.date_start < start <= each.date_end):
                    before = before.browse()
                with self._scoring_into(table, {(company.id, period.year): ruleset.id}, figures,
                                        caps_only=set(before.ids)):
                    self._score_window(company, start, end, scored, adjustments=False)
            self.env.cr.execute(
                f"""SELECT subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END, sum(points)
                      FROM {source} WHERE company_id = %s AND date BETWEEN %s AND %s GROUP BY 1, 2""",
                [company.id, start, end],
            )
            result[ruleset.id] = {(subject, subject_id): points for subject, subject_id, points in self.env.cr.fetchall()}
        self.env.cr.execute(f"TRUNCATE {table}")
        return result

    def _lines_aside(self, table):
        """``table``, a temporary table of score lines (dropped with the transaction),
        empty, its period lines indexed by rule (what a yearly cap reads, once a period)."""
        self.env.cr.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ON COMMIT DROP AS"
                            f" SELECT {', '.join(LINE_COLUMNS)} FROM {SCORE_LINE_TABLE} WITH NO DATA")
        self.env.cr.execute(f"CREATE INDEX IF NOT EXISTS {table}_period_rule ON {table} (rule_id)"
                            " WHERE period_id IS NOT NULL")
        self.env.cr.execute(f"TRUNCATE {table}")
        return table

    def _copy_read_by(self, table, periods, start, end):
        """Copy into ``table`` the score lines recorded that scoring ``periods`` (of one
        company and year, not closed) with the rule set in force reads, and those dated
        from ``start`` to ``end``: the lines of the windows of the periods whose kind has
        rules reading totals (limits of sub-scores, conversions, outcomes, the void of a
        year), and the year's lines of the rules with a yearly cap (the cap counts them)."""
        company, year = periods.company_id, periods[0].year
        book = self._books()(company.id, year)
        since = min([start] + [each.date_start for each in periods if each.kind in book.kinds_reading_lines])
        capped = [rule.id for rules in book.by_kind.values() for rule in rules if rule.yearly_cap]
        self._copy_recorded(table, company, since, end, "true")
        if capped and since > date(year, 1, 1):
            self._copy_recorded(table, company, date(year, 1, 1), since - timedelta(days=1), "rule_id = ANY(%s)",
                                [capped])

    def _copy_recorded(self, table, company, start, end, condition, params=()):
        """Copy into ``table`` the company's score lines dated from ``start`` to ``end``
        that meet ``condition`` (of the parameters ``params``)."""
        columns = ", ".join(LINE_COLUMNS)
        self.env.cr.execute(
            f"""INSERT INTO {table} ({columns}) SELECT {columns} FROM {SCORE_LINE_TABLE}
                 WHERE company_id = %s AND date BETWEEN %s AND %s AND {condition}""",
            [company.id, start, end, *params],
        )

    @staticmethod
    @contextlib.contextmanager
    def _scoring_into(table, rulesets, figures, outcomes=False, caps_only=()):
        """Within the block, the engine writes to ``table``, scores each (company id,
        year) of ``rulesets`` with the rule set of the id given, keeps the figures of the
        periods it reads in ``figures`` for the next block, writes the periods' outcomes
        only when ``outcomes``, and scores the periods of the ids ``caps_only`` with their
        yearly-capped rules only (what a later period's cap counts)."""
        token = _WHAT_IF.set({"table": table, "rulesets": rulesets, "figures": figures, "outcomes": outcomes,
                              "caps_only": caps_only})
        try:
            yield
        finally:
            _WHAT_IF.reset(token)


def _level_matches(rule, level):
    """Whether ``rule`` applies to a publication ``level``: it names none, that one, or
    one below it and those above."""
    return (not rule.level or rule.level == level
            or (rule.level_and_above and LEVEL_RANK.get(level, 0) > LEVEL_RANK[rule.level]))


def _copy_row(line, audit):
    """A line (in LINE_COLUMNS order, without the audit columns) as a row of COPY's text
    format, ``audit`` its audit columns and the row's end. Only the explanation is free
    text; the other columns are numbers, dates and names of the code."""
    (company_id, subject, unit_id, person_id, day, period_id, points, rule_id, ruleset_id, kind,
     source_model, source_id, item_id, explanation, manual) = line
    return (f"{company_id}\t{subject}\t{_copy_null(unit_id)}\t{_copy_null(person_id)}\t{day}\t"
            f"{_copy_null(period_id)}\t{points}\t{_copy_null(rule_id)}\t{_copy_null(ruleset_id)}\t{kind}\t"
            f"{_copy_null(source_model)}\t{_copy_null(source_id)}\t{_copy_null(item_id)}\t{_copy_text(explanation)}\t"
            f"{'t' if manual else 'f'}\t{audit}")


def _copy_null(value):
    return r"\N" if value is None or value is False else value


def _copy_text(value):
    if value is None or value is False:
        return r"\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
