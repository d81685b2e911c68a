"""A rule set as the regulation it encodes (考核计分办法), in the GB/T 9704-2012 layout:
its title, then an article for each group of its rules in the words and tables of
published regulations, and the closing article. Drafted from the rules alone, every
sentence from the fields the scoring engine reads, so that the document says what the
engine scores."""

from datetime import datetime, time

from odoo.tools import html2plaintext

from ..tools.money import plain_figure
from ..tools.settings import document_lang
from .document_pdf import render
from .official_document import OfficialDocument
from ..models.zugong_publication import LEVEL_RANK
from .zugong_notice_document import HEADING_NUMBERS



def table_place(level):
    """The place of a publication level in the tables: the highest first, "any" last."""
    return -LEVEL_RANK.get(level, -1)


class RegulationWriter:
    """The articles of one rule set, in the language of the department's documents."""

    def __init__(self, ruleset):
        self.ruleset = ruleset.with_context(lang=document_lang(ruleset.env))
        self.env = self.ruleset.env
        self._ = self.env._
        self.rules = {}
        for rule in self.ruleset.rule_ids.sorted(lambda rule: (rule.sequence, rule.id)):
            self.rules.setdefault(rule.kind, []).append(rule)

    def label(self, rule, field):
        """The label of a selection field's value of ``rule``, or "any" when empty; a
        level with those above it."""
        value = rule[field]
        if not value or value == "any":
            return self._("Any")
        label = dict(rule._fields[field]._description_selection(self.env))[value]
        return self._("%s and above", label) if field == "level" and rule.level_and_above else label

    def length(self, rule):
        if rule.length_min and rule.length_max:
            return self._("%(least)s to %(most)s characters", least=rule.length_min, most=rule.length_max)
        if rule.length_min:
            return self._("%s characters or more", rule.length_min)
        if rule.length_max:
            return self._("Up to %s characters", rule.length_max)
        return self._("Any")

    def scored(self, rule):
        return {"unit": self._("Units"), "person": self._("Officers"),
                "both": self._("Units and officers")}[rule.applies_to]

    def provisions(self, kind, sentence):
        """A provision for each rule of ``kind``: ``sentence(rule)`` and whom it scores."""
        return [sentence(rule) + self.scored_note(rule) for rule in self.rules.get(kind, [])]

    def scored_note(self, rule):
        return {"unit": self._("Scored for the unit."), "person": self._("Scored for the officers."),
                "both": self._("Scored for the unit and the officers.")}[rule.applies_to]

    def articles(self):
        """[(heading, paragraphs, table, numbered)]: ``table`` None or (columns, rows),
        led to by the first paragraph; the other paragraphs are the article's provisions,
        numbered when ``numbered``."""
        articles = [(self._("General provisions"), self.general(), None, False)]
        for heading, write in (
            (self._("Points for adoptions"), self.adoptions),
            (self._("Forwardings"), self.forwardings),
            (self._("Leaders' instructions"), self.instructions),
            (self._("Points for commissions"), self.commissions),
            (self._("Results of the periods"), self.periods),
            (self._("How the score is made up"), self.composition),
            (self._("Deductions"), self.deductions),
            (self._("Adjustments"), self.adjustments),
        ):
            paragraphs, table = write()
            if paragraphs or table:
                articles.append((heading, paragraphs, table, True))
        articles.append((self._("Supplementary provisions"), self.closing(), None, False))
        return articles

    # ------------------------------------------------------------------ the articles

    def general(self):
        _ = self._
        ruleset = self.ruleset
        people = any(rule.applies_to in ("person", "both") for rules in self.rules.values() for rule in rules)
        rank = {
            "all": _("The year's notices rank all the units together."),
            "kind": _("The year's notices rank each unit among the units of its kind."),
            "category": _("The year's notices rank each unit among the units of its category."),
        }[ruleset.rank_within]
        return [
            _("These rules score the information work of %(scope)s in %(year)s.",
              scope=ruleset.company_id.name, year=ruleset.year)
            + (_("Units and their information officers are scored.") if people else _("Units are scored.")),
            _("A year's score adds up the points of its events and of the results of its periods.") + rank,
            _("Urgent reports count towards the minimums of submissions.") if ruleset.urgent_toward_minimum else
            _("The minimums of submissions count ordinary items: urgent reports and their follow-ups do not count "
              "towards them."),
        ]

    def adoptions(self):
        _ = self._
        rules = sorted(self.rules.get("adoption", []),
                       key=lambda rule: (table_place(rule.level or rule.publication_id.level), -rule.points))
        table = None
        paragraphs = []
        if rules:
            paragraphs.append(_("An item adopted by a publication scores, for each adoption, the points of the "
                                "table's row that matches it; where several rows match, the row naming the "
                                "most counts."))
            lengths = any(rule.length_min or rule.length_max for rule in rules)
            columns = [(_("Publication"), 40, "left"), (_("Level"), 16, "center"), (_("Form"), 18, "center"),
                       (_("Item Type"), 22, "center")] + ([(_("Length"), 24, "center")] if lengths else []) + [
                       (_("Scored"), 20, "center"), (_("Points"), 14, "right")]
            table = (columns, [
                [rule.publication_id.name or _("Any"), self.label(rule, "level"), self.label(rule, "form"),
                 rule.item_type_id.name or _("Any"), *([self.length(rule)] if lengths else []), self.scored(rule),
                 _("Upstream points") if rule.points_from == "upstream" else str(plain_figure(rule.points))]
                for rule in rules])
            if any(rule.points_from == "upstream" for rule in rules):
                paragraphs.append(_("Where the table says upstream points, the item scores the points the adopting "
                                    "office's own rules gave it."))
        for rule in self.rules.get("type_multiplier", []):
            if rule.length_min or rule.length_max:
                items = (_("%(type)s items of %(length)s", type=rule.item_type_id.name, length=self.length(rule))
                         if rule.item_type_id else _("Items of %s", self.length(rule)))
                paragraphs.append(
                    _("%(items)s adopted by a %(level)s publication score %(factor)s times the points.", items=items,
                      level=self.label(rule, "level"), factor=plain_figure(rule.factor)) if rule.level else
                    _("%(items)s score %(factor)s times the points.", items=items, factor=plain_figure(rule.factor)))
            elif rule.level:
                paragraphs.append(_("%(type)s items adopted by a %(level)s publication score %(factor)s times the "
                                    "points.", type=rule.item_type_id.name, level=self.label(rule, "level"),
                                    factor=plain_figure(rule.factor)))
            else:
                paragraphs.append(_("%(type)s items score %(factor)s times the points.",
                                    type=rule.item_type_id.name, factor=plain_figure(rule.factor)))
        for rule in self.rules.get("path_multiplier", []):
            if rule.level:
                paragraphs.append(_("An item forwarded and then adopted by a %(level)s publication scores "
                                    "%(factor)s times the points.",
                                    level=self.label(rule, "level"), factor=plain_figure(rule.factor)))
            else:
                paragraphs.append(_("An item forwarded and then adopted scores %(factor)s times the points.",
                                    factor=plain_figure(rule.factor)))
        for rule in self.rules.get("rewrite_share", []):
            paragraphs.append(
                _("An item the research office rewrote in more than half before forwarding it, then adopted by a "
                  "%(level)s publication, scores %(factor)s times the points.",
                  level=self.label(rule, "level"), factor=plain_figure(rule.factor)) if rule.level else
                _("An item the research office rewrote in more than half before forwarding it scores %(factor)s "
                  "times the points of the adoption that follows.", factor=plain_figure(rule.factor)))
        for rule in self.rules.get("multi_adoption", [])[:1]:
            paragraphs.append({
                "accumulate": _("An item adopted several times scores each of its adoptions."),
                "highest": _("An item adopted several times scores only its highest adoption."),
                "once_per_level": _("An item adopted several times scores once for each level, its highest "
                                    "adoption of the level."),
                "top_two_levels": _("An item adopted at several levels scores only its adoptions of its two "
                                    "highest levels."),
            }[rule.multi_mode])
        for rule in self.rules.get("joint", []):
            sentence = {
                "split": _("The points of a joint item are split among its units by their shares."),
                "each": _("Each unit of a joint item scores %(factor)s times the points.",
                          factor=plain_figure(rule.factor)),
                "fixed": _("Each unit of a joint item scores %(points)s points.", points=plain_figure(rule.points)),
            }[rule.joint_mode]
            if rule.main_extra:
                sentence += _("Its main unit scores %(extra)s points more.", extra=plain_figure(rule.main_extra))
            if rule.level:
                sentence = _("Adopted by a %(level)s publication: %(sentence)s",
                             level=self.label(rule, "level"), sentence=sentence)
            paragraphs.append(sentence)
        return paragraphs, table

    def forwardings(self):
        _ = self._
        rules = sorted(self.rules.get("forward", []),
                       key=lambda rule: (table_place(rule.level or rule.publication_id.level), -rule.points))
        if not rules:
            return [], None
        return [_("An item the research office forwards to a higher office scores, for each forwarding, the "
                  "points of the table's row that matches it.")], (
            [(_("Forwarded To"), 50, "left"), (_("Level"), 20, "center"), (_("Scored"), 24, "center"),
             (_("Points"), 16, "right")],
            [[rule.publication_id.name or _("Any"), self.label(rule, "level"), self.scored(rule),
              str(plain_figure(rule.points))]
             for rule in rules])

    def instructions(self):
        _ = self._
        ranks = self.env["zugong.leader.level"]._ranks()
        rules = sorted(self.rules.get("instruction", []),
                       key=lambda rule: (-ranks.get(rule.leader_level, -1), -rule.points))
        paragraphs, table = [], None
        if rules:
            paragraphs.append(_("An item on which a leader gave an instruction scores, for each instruction, the "
                                "points of the table's row that matches it."))
            read_in = any(rule.publication_id for rule in rules)
            table = ([(_("Leader Level"), 30, "center"), (_("Leader"), 30, "center")]
                     + ([(_("Read In"), 40, "left")] if read_in else [])
                     + [(_("Scored"), 30, "center"), (_("Points"), 20, "right")],
                     [[self.label(rule, "leader_level"), self.label(rule, "main_leader"),
                       *([rule.publication_id.name or _("Any")] if read_in else []), self.scored(rule),
                       str(plain_figure(rule.points))] for rule in rules])
            for rule in rules:
                row = _("%(level)s, %(leader)s", level=self.label(rule, "leader_level"),
                        leader=self.label(rule, "main_leader"))
                if rule.instruction_mode == "once_per_item":
                    paragraphs.append(_("Under the row %(row)s, an item scores once however many instructions it "
                                        "has in the year, as its highest instruction.", row=row))
                elif rule.instruction_mode == "diminishing":
                    paragraphs.append(_("Under the row %(row)s, an instruction on an item that already had one in "
                                        "the year scores %(points)s points.",
                                        row=row, points=plain_figure(rule.later_points)))
        paragraphs += self.provisions("feedback_deduction", lambda rule: (
            _("Feedback on an instruction given after its due date: %(points)s points off.",
              points=plain_figure(rule.points))
            if rule.feedback_status == "late" else
            _("Feedback on an instruction not given by its due date: %(points)s points off.",
              points=plain_figure(rule.points))))
        return paragraphs, table

    def commissions(self):
        _ = self._
        paragraphs = self.provisions("commission", lambda rule: (
            _("A commission fulfilled on time scores %(points)s points.", points=plain_figure(rule.points))
            if rule.commission_status == "on_time" else
            _("A commission fulfilled late scores %(points)s points.", points=plain_figure(rule.points))))
        paragraphs += self.provisions("commission_deduction", lambda rule: (
            _("A commission answered late: %(points)s points off.", points=plain_figure(rule.points))
            if rule.commission_status == "late" else
            _("A commission missed: %(points)s points off.", points=plain_figure(rule.points))))
        for rule in self.rules.get("commission_zero", []):
            paragraphs.append(_("A unit that misses %(count)s commissions or more in a year scores nothing "
                                "for the year.", count=rule.missed_count))
        return paragraphs, None

    def periods(self):
        _ = self._
        paragraphs = []
        for kind in ("period_base", "period_shortfall", "adoption_rate", "pass_mark"):
            for rule in self.rules.get(kind, []):
                period = self.label(rule, "period_kind")
                if rule.length_min and rule.item_type_id:
                    minimum = _("%(count)s %(type)s items of %(characters)s characters or more",
                                count=rule.min_submissions, type=rule.item_type_id.name, characters=rule.length_min)
                elif rule.length_min:
                    minimum = _("%(count)s items of %(characters)s characters or more", count=rule.min_submissions,
                                characters=rule.length_min)
                elif rule.item_type_id:
                    minimum = _("%(count)s %(type)s items", count=rule.min_submissions, type=rule.item_type_id.name)
                elif rule.min_submissions:
                    minimum = _("%(count)s items", count=rule.min_submissions)
                else:
                    minimum = _("the minimum of its quota")
                values = {"period": period, "minimum": minimum, "points": plain_figure(rule.points)}
                if kind == "period_base":
                    if rule.min_adoptions:
                        sentence = _("Each %(period)s, submitting %(minimum)s or more and being adopted %(adoptions)s "
                                     "times or more%(level)s scores %(points)s points.",
                                     adoptions=rule.min_adoptions, **values,
                                     level=_(" by %s publications", self.label(rule, "level")) if rule.level else "")
                    else:
                        sentence = _("Each %(period)s, submitting %(minimum)s or more scores %(points)s points.",
                                     **values)
                    if rule.base_share_below:
                        sentence += _("Short of it, the points in proportion to the items submitted.")
                    if rule.points_per_extra:
                        sentence += _("Each item beyond it scores %(each)s points more.",
                                      each=plain_figure(rule.points_per_extra))
                    if rule.yearly_cap:
                        sentence += _("At most %(cap)s points a year.", cap=plain_figure(rule.yearly_cap))
                elif kind == "period_shortfall":
                    sentence = (_("Each %(period)s, every item short of %(minimum)s costs %(points)s points.",
                                  **values) if rule.deduction_mode == "pro_rata" else
                                _("Each %(period)s, submitting fewer than %(minimum)s costs %(points)s points.",
                                  **values))
                elif kind == "adoption_rate":
                    sentence = _("Each %(period)s, an adoption rate of the items submitted below %(rate)s%% "
                                 "costs %(points)s points.", rate=plain_figure(rule.rate_threshold), **values)
                else:
                    sentence = _("The pass mark of the %(period)s is %(points)s points.", **values)
                paragraphs.append(sentence + self.scored_note(rule))
        paragraphs += [(
            _("Each %(period)s, a total below %(points)s points: %(outcome)s.",
              period=self.label(rule, "period_kind"), points=plain_figure(rule.points),
              outcome=self.label(rule, "outcome"))
            if rule.outcome_when == "below_points" else
            _("Each %(period)s, %(events)s %(count)s times or more: %(outcome)s.",
              period=self.label(rule, "period_kind"), events=self.label(rule, "outcome_when"),
              count=rule.event_count, outcome=self.label(rule, "outcome"))) for rule in self.rules.get("outcome", [])]
        return paragraphs, None

    def composition(self):
        _ = self._
        paragraphs = []
        kinds = dict(self.env["zugong.rule"]._fields["kind"]._description_selection(self.env))
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        buckets = {}
        for rules in self.rules.values():
            for rule in rules:
                if rule.bucket and rule.kind != "bucket_limit":
                    buckets.setdefault(rule.bucket, []).append(kinds[rule.kind])
        for bucket, labels in buckets.items():
            paragraphs.append(_("The sub-score %(bucket)s adds up: %(rules)s.", bucket=bucket,
                                rules=separator.join(dict.fromkeys(labels))))
        paragraphs += self.provisions("base_score", lambda rule: _(
            "Each %(period)s starts from a base score of %(points)s points.",
            period=self.label(rule, "period_kind"), points=plain_figure(rule.points)))
        for rule in self.rules.get("bucket_limit", []):
            values = {"period": self.label(rule, "period_kind"), "bucket": rule.bucket}
            sentence = ""
            if rule.bucket_cap:
                sentence += _("Each %(period)s, %(bucket)s gives at most %(cap)s points.",
                              cap=plain_figure(rule.bucket_cap), **values)
            if rule.floor_at_zero:
                sentence += _("Each %(period)s, %(bucket)s does not go below zero: its deductions stop at zero.",
                              **values)
            paragraphs.append(sentence + self.scored_note(rule))
        paragraphs += self.provisions("conversion", lambda rule: (
            _("The total of the %(period)s is converted at %(factor)s times.",
              period=self.label(rule, "period_kind"), factor=plain_figure(rule.factor))
            if rule.conversion_mode == "factor" else
            _("The total of the %(period)s is converted to a scale of %(scale)s points: the highest total scores "
              "%(scale)s, the others in proportion.",
              period=self.label(rule, "period_kind"), scale=plain_figure(rule.points))))
        return paragraphs, None

    def deductions(self):
        _ = self._
        return [
            *self.provisions("urgent", lambda rule: _(
                "Urgent information asked for by the %(level)s office %(event)s: %(points)s points off each time.",
                level=self.label(rule, "level"), event=self.label(rule, "urgent_event"),
                points=plain_figure(rule.points)) if rule.level else _(
                "Urgent information %(event)s: %(points)s points off each time.",
                event=self.label(rule, "urgent_event"), points=plain_figure(rule.points))),
            *self.provisions("late_item", lambda rule: _(
                "%(type)s submitted after the days it is due within: %(points)s points off an item.",
                type=rule.item_type_id.name, points=plain_figure(rule.points)) if rule.item_type_id else _(
                "An item submitted after the days it is due within: %(points)s points off an item.",
                points=plain_figure(rule.points))),
            *self.provisions("false_info", lambda rule: _(
                "False information: from %(least)s to %(most)s points off an item, as the research office decides.",
                least=plain_figure(rule.points_min), most=plain_figure(rule.points_max))),
            *self.provisions("error_notice", lambda rule: (
                _("An error notice of %(kind)s: %(points)s points off.", kind=self.label(rule, "error_kind"),
                  points=plain_figure(rule.points)) if rule.error_kind else
                _("An error notice: %(points)s points off.", points=plain_figure(rule.points)))),
        ], None

    def adjustments(self):
        _ = self._
        return self.provisions("adjustment", lambda rule: _(
            "After review, the research office may add or take away from %(least)s to %(most)s points, with its "
            "reasons.", least=plain_figure(rule.points_min), most=plain_figure(rule.points_max))), None

    def closing(self):
        _ = self._
        ruleset = self.ruleset
        office = ruleset.company_id._zugong_document_settings()["zugong_document_signature"]
        paragraphs = [_("These rules are interpreted by %(office)s and apply to the year %(year)s.",
                        office=office, year=ruleset.year)]
        note = html2plaintext(ruleset.note or "").strip()
        paragraphs += [line.strip() for line in note.splitlines() if line.strip()]
        return paragraphs


def build(ruleset, for_pdf=False):
    writer = RegulationWriter(ruleset)
    ruleset = writer.ruleset
    created = datetime.combine(ruleset.write_date.date(), time()) if ruleset.write_date else None
    document = OfficialDocument(for_pdf, title=ruleset.name,
                                author=ruleset.company_id._zugong_document_settings()["zugong_document_signature"],
                                created=created)
    document.title(ruleset.name, blank_lines_before=1)
    document.blank_lines(1)
    for number, (heading, paragraphs, table, numbered) in zip(HEADING_NUMBERS, writer.articles()):
        document.text(f"{number}、{heading}")
        if table:  # its first paragraph leads to it
            document.text(paragraphs[0])
            document.table(*table, flowing=True)
            paragraphs = paragraphs[1:]
        if numbered and len(paragraphs) > 1:
            document.numbered_list(paragraphs)
        else:
            for paragraph in paragraphs:
                document.text(paragraph)
    return document


def render_ruleset(ruleset, fmt):
    """The rule set's regulation as (bytes, file name, media type); ``fmt`` is docx or pdf."""
    content, media_type = render(lambda for_pdf: build(ruleset, for_pdf), [], fmt)
    return content, f"{ruleset.name.strip().replace('/', '-')}.{fmt}", media_type
