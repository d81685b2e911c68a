from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models

from .zugong_item import SUBMITTED_STATES

ADOPTION_LEVELS = ("county", "city", "province", "central", "other")
# Urgent reports (紧急信息) count towards the minimums of submissions only in the years whose
# rule set in force says so (zugong.ruleset.urgent_toward_minimum). The rule is applied
# here twice, in the same words: in Python (toward_minimum) and, for what
# reads the totals in SQL (the quota progress pivot, the reporting contract), as
# TOWARD_MINIMUM_SQL over a total's row {t} of a year {year}, and COUNTS_TOWARD_SQL over an
# item {i} of a type {type}.
URGENT_COUNTED_SQL = ("SELECT company_id, year FROM zugong_ruleset"
                      " WHERE state IN ('active', 'locked') AND urgent_toward_minimum")
TOWARD_MINIMUM_SQL = (f"{{t}}.items - CASE WHEN ({{t}}.company_id, {{year}}) IN ({URGENT_COUNTED_SQL})"
                      " THEN 0 ELSE {t}.items_urgent END")
COUNTS_TOWARD_SQL = (f"(NOT coalesce({{type}}.is_urgent, false) OR ({{i}}.company_id,"
                     f" extract(year FROM {{i}}.submitted_date)::integer) IN ({URGENT_COUNTED_SQL}))")


def toward_minimum(figures, urgent_counted):
    """The items of a subject's ``figures`` (of _submitted or _achieved) counting towards
    its minimums: urgent reports only when ``urgent_counted`` (the rule set says so,
    zugong.ruleset._urgent_counted)."""
    return figures.get("items", 0) - (0 if urgent_counted else figures.get("urgent", 0))


class ZugongFigures(models.AbstractModel):
    """The period figures, defined once. Every reader asks here: quota progress and the
    quota pivot, the portal's page, scoring's period rules, the award wizard; the
    reporting contract serves the same definitions to the stats service.

    Figures are per subject, a key ``("unit", unit_id)`` or ``("person", user_id)``, over
    a window of dates (both included):

    - required submissions (``_required``): the minimums of the months and quarters the
      window contains, as zugong.required.month defines them (a quota, else the unit's
      category; for people the share held at the start of each month or quarter);
    - items submitted (``_submitted``): items that count as submitted (state in
      SUBMITTED_STATES) with their submission date in the window, for each of their units
      and each of their authors, in all, as urgent reports (``urgent``) and by item type
      (``_adopted_items``: how many of them were adopted at all); those counting towards
      the minimums (``toward_minimum``): all but the urgent reports, unless the rule set
      says they count;
    - adoptions by publication level, dated in the window, for each unit and author of
      the item, with the items and the points (``_achieved``);
    - points (``_points``): the score lines dated in the window.
    Windows of whole months read the monthly totals kept in step with the events
    (zugong.month.total), most of a calendar year from its start (the year to date) the
    yearly totals less the rest of the year; other windows count the same way from the
    records."""

    _name = "zugong.figures"
    _description = "Period Figures"

    @api.model
    def _required(self, company, date_from, date_to, units=None, people=None):
        """{subject: submissions required in the window}, for the subjects asked (all of
        the company's when neither ``units`` nor ``people`` is given)."""
        filters, params = [], {}
        for subject, records in self._asked(units, people):
            column = "unit_id" if subject == "unit" else "person_id"
            filters.append(f"(subject = '{subject}'"
                           + (f" AND {column} = ANY(%({subject}s)s::integer[]))" if records is not None else ")"))
            params[f"{subject}s"] = _id_array(records)
        rows = self._required_rows(
            company, date_from, [date_to], "subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END",
            " OR ".join(filters) or "false", params,
        )
        return {(subject, subject_id): required for subject, subject_id, required in rows}

    @api.model
    def _required_of(self, records, date_from, date_to):
        """{record id: submissions required in the window} of quotas (their units) or of
        quota shares (the people holding them)."""
        return self._required_of_windows(records, date_from, [date_to])[date_to]

    @api.model
    def _required_of_windows(self, records, date_from, ends):
        """{end: {record id: submissions required from ``date_from`` to ``end``}} of quotas
        or quota shares, for several windows of one start read at once (the year and the
        part of it that has ended, for progress)."""
        result = {end: {} for end in ends}
        if not records:
            return result
        subject, column, subject_column = (
            ("unit", "quota_id", "unit_id") if records._name == "zugong.quota" else ("person", "line_id", "person_id"))
        companies = records.company_id
        for company in companies:
            company_records = records if len(companies) == 1 else records.filtered(
                lambda record: record.company_id == company)
            # the subjects' own column as well, which the view's conditions reach first
            subjects = company_records.unit_id if subject == "unit" else company_records.user_id
            rows = self._required_rows(
                company, date_from, ends, column,
                f"subject = '{subject}' AND {column} = ANY(%(ids)s::integer[])"
                f" AND {subject_column} = ANY(%(subjects)s::integer[])",
                {"ids": _id_array(company_records), "subjects": _id_array(subjects)})
            for record_id, *required in rows:
                for end, value in zip(ends, required):
                    result[end][record_id] = value
        return result

    def _required_rows(self, company, date_from, ends, group_by, condition, params):
        """The minimums of the months and quarters contained in each window from
        ``date_from`` to one of ``ends``, summed by ``group_by`` over what the subjects are
        held to during the windows (zugong_required_held, by the rule of
        zugong_required_between): rows (group, required by the first end, by the second...).
        A month counts when the window holds all of it, a quarterly minimum when it holds
        the whole quarter."""
        first_month = date_from if date_from.day == 1 else date_from + relativedelta(months=1, day=1)
        last = max(ends)
        if (last + relativedelta(days=1)).replace(day=1) <= first_month:
            return []
        self.env.flush_all()
        sums = ", ".join(
            f"sum(zugong_required_between(monthly_min, quarterly_min, first_month, last_month, %(first)s, %(end{index})s))"
            "::integer" for index in range(len(ends)))
        self.env.cr.execute(
            f"""
            SELECT {group_by}, {sums}
              FROM zugong_required_held
             WHERE company_id = %(company)s AND year BETWEEN %(first_year)s AND %(last_year)s
               AND held_from <= %(last)s AND held_to >= %(first)s AND ({condition})
             GROUP BY {group_by}
            """,
            dict(params, company=company.id, first=date_from, last=last, first_year=date_from.year,
                 last_year=last.year, **{f"end{index}": end for index, end in enumerate(ends)}),
        )
        return self.env.cr.fetchall()

    @api.model
    def _achieved(self, company, date_from, date_to, units=None, people=None):
        """{subject: {"items": n, level: n, ..., "points": x}}: items submitted, adoptions
        by level and points together (what a quota's progress shows), the whole months
        read in one pass over the monthly totals."""
        return self._sum_by_subject(self._window_parts(
            self._achieved_totals, self._achieved_records, company, date_from, date_to, units, people, years=True))

    def _achieved_totals(self, company, date_from, date_to, units, people, table="zugong_month_total"):
        result = defaultdict(lambda: defaultdict(int))
        sums = ", ".join(["sum(items)", "sum(items_urgent)", *(f"sum(adoptions_{level})" for level in ADOPTION_LEVELS),
                          "sum(points)"])
        for subject, subject_id, items, urgent, *counts, points in self._totals(
                company, date_from, date_to, units, people, table, sums):
            figures = result[(subject, subject_id)]
            figures.update({level: int(count) for level, count in zip(ADOPTION_LEVELS, counts) if count})
            if items:
                figures["items"] = int(items)
            if urgent:
                figures["urgent"] = int(urgent)
            if points:
                figures["points"] = float(points)
        return result

    def _achieved_records(self, company, date_from, date_to, units, people):
        result = defaultdict(lambda: defaultdict(int))
        for key, figures in self._submitted_records(company, date_from, date_to, units, people).items():
            result[key]["items"] = figures["items"]
            if figures["urgent"]:
                result[key]["urgent"] = figures["urgent"]
        for key, levels in self._adoptions_records(company, date_from, date_to, units, people).items():
            result[key].update(levels)
        for key, points in self._points_records(company, date_from, date_to, units, people).items():
            result[key]["points"] = points
        return result

    @api.model
    def _submitted(self, company, date_from, date_to, units=None, people=None, by_type=True):
        """{subject: {"items": n, "urgent": n of urgent reports, type_id: n of the type}}
        (``by_type`` false: the whole months without their counts by type)."""
        return self._sum_by_subject(self._window_parts(
            self._submitted_totals if by_type else self._submitted_counts, self._submitted_records,
            company, date_from, date_to, units, people))

    def _submitted_counts(self, company, date_from, date_to, units, people):
        return {(subject, subject_id): {"items": int(items), "urgent": int(urgent)}
                for subject, subject_id, items, urgent in self._totals(
                    company, date_from, date_to, units, people, "zugong_month_total", "sum(items), sum(items_urgent)")
                if items}

    def _submitted_totals(self, company, date_from, date_to, units, people):
        result = defaultdict(lambda: defaultdict(int))
        urgent_types = self._urgent_types()
        for subject, subject_id, key, value in self._totals(
                company, date_from, date_to, units, people, "zugong_month_total_detail",
                "key, sum(value)", "measure = 'items'", "key"):
            if value:
                self._count_items(result[(subject, subject_id)], int(key), int(value), urgent_types)
        return result

    def _urgent_types(self):
        """The ids of the item types of urgent reports (archived ones too)."""
        return set(self.env["zugong.item.type"].sudo().with_context(active_test=False).search(
            [("is_urgent", "=", True)]).ids)

    @staticmethod
    def _count_items(figures, type_id, count, urgent_types):
        figures["items"] += count
        figures["urgent"] += count if type_id in urgent_types else 0
        figures[type_id] += count

    def _submitted_records(self, company, date_from, date_to, units, people, least_characters=0):
        """As _submitted, from the items themselves (those of ``least_characters`` or more)."""
        result = defaultdict(lambda: defaultdict(int))
        urgent_types = self._urgent_types()
        for subject, relation, column, records in self._relations(units, people):
            self.env.cr.execute(
                f"""
                SELECT rel.{column}, item.type_id, count(*)
                  FROM zugong_item item
                  JOIN {relation} rel ON rel.item_id = item.id
                 WHERE item.company_id = %s AND item.state = ANY(%s)
                   AND item.submitted_date BETWEEN %s AND %s AND COALESCE(item.word_count, 0) >= %s
                   AND (%s OR rel.{column} = ANY(%s::integer[]))
                 GROUP BY rel.{column}, item.type_id
                """,
                [company.id, list(SUBMITTED_STATES), date_from, date_to, least_characters, records is None,
                 _id_array(records)],
            )
            for subject_id, type_id, count in self.env.cr.fetchall():
                self._count_items(result[(subject, subject_id)], type_id, count, urgent_types)
        return result

    @api.model
    def _submitted_long(self, company, date_from, date_to, least_characters):
        """{subject: {"items": n, type_id: n of the type}} of the items of ``least_characters``
        or more (字数) submitted in the window, for every unit and person."""
        return self._submitted_records(company, date_from, date_to, None, None, least_characters)

    @api.model
    def _adopted_items(self, company, date_from, date_to, units=None, people=None):
        """{subject: how many of the items submitted in the window were adopted at all}."""
        result = defaultdict(int)
        for subject, relation, column, records in self._relations(units, people):
            self.env.cr.execute(
                f"""
                SELECT rel.{column}, count(*)
                  FROM zugong_item item
                  JOIN {relation} rel ON rel.item_id = item.id
                 WHERE item.company_id = %s AND item.state = ANY(%s)
                   AND item.submitted_date BETWEEN %s AND %s
                   AND (%s OR rel.{column} = ANY(%s::integer[]))
                   AND EXISTS (SELECT 1 FROM zugong_adoption adoption WHERE adoption.item_id = item.id)
                 GROUP BY rel.{column}
                """,
                [company.id, list(SUBMITTED_STATES), date_from, date_to, records is None,
                 _id_array(records)],
            )
            for subject_id, count in self.env.cr.fetchall():
                result[(subject, subject_id)] = count
        return result

    def _adoptions_records(self, company, date_from, date_to, units, people):
        result = defaultdict(lambda: defaultdict(int))
        for subject, relation, column, records in self._relations(units, people):
            self.env.cr.execute(
                f"""
                SELECT rel.{column}, publication.level, count(*)
                  FROM zugong_adoption adoption
                  JOIN zugong_item item ON item.id = adoption.item_id
                  JOIN zugong_publication publication ON publication.id = adoption.publication_id
                  JOIN {relation} rel ON rel.item_id = adoption.item_id
                 WHERE item.company_id = %s AND adoption.date BETWEEN %s AND %s
                   AND (%s OR rel.{column} = ANY(%s::integer[]))
                 GROUP BY rel.{column}, publication.level
                """,
                [company.id, date_from, date_to, records is None, _id_array(records)],
            )
            for subject_id, level, count in self.env.cr.fetchall():
                result[(subject, subject_id)][level] += count
        return result

    @api.model
    def _points(self, company, date_from, date_to, units=None, people=None):
        """{subject: points}, subjects whose points add up to nothing left out."""
        result = defaultdict(float)
        for sign, part in self._window_parts(self._points_totals, self._points_records, company, date_from,
                                             date_to, units, people, years=True):
            for key, points in part.items():
                result[key] += sign * points
        return {key: round(points, 2) for key, points in result.items() if round(points, 2)}

    def _points_totals(self, company, date_from, date_to, units, people, table="zugong_month_total"):
        return {(subject, subject_id): float(points) for subject, subject_id, points in self._totals(
            company, date_from, date_to, units, people, table, "sum(points)")}

    def _points_records(self, company, date_from, date_to, units, people):
        self.env["zugong.score.line"].flush_model()
        result = {}
        for subject, records in self._asked(units, people):
            column = "unit_id" if subject == "unit" else "person_id"
            self.env.cr.execute(
                f"""
                SELECT {column}, sum(points) FROM zugong_score_line
                 WHERE subject = %s AND company_id = %s AND date BETWEEN %s AND %s
                   AND (%s OR {column} = ANY(%s::integer[]))
                 GROUP BY {column}
                """,
                [subject, company.id, date_from, date_to, records is None, _id_array(records)],
            )
            for subject_id, points in self.env.cr.fetchall():
                result[(subject, subject_id)] = float(points)
        return result

    def _totals(self, company, date_from, date_to, units, people, table, aggregates, condition="true", group=None):
        """Rows (subject, subject_id, *aggregates) of the kept monthly totals of the window's
        months (of the yearly totals of its years), grouped by subject (and
        ``group``)."""
        self.env.flush_all()
        period = "year" if table == self.env["zugong.month.total"]._year_table else "month"
        filters, params = [], {"company": company.id, "first": date_from, "last": date_to}
        if period == "year":
            params.update(first=date_from.year, last=date_to.year)
        for subject, records in self._asked(units, people):
            filters.append(f"(subject = '{subject}'"
                           + (f" AND subject_id = ANY(%({subject}s)s::integer[]))" if records is not None else ")"))
            params[f"{subject}s"] = _id_array(records)
        group_by = "subject, subject_id" + (f", {group}" if group else "")
        self.env.cr.execute(
            f"""
            SELECT subject, subject_id, {aggregates}
              FROM {table}
             WHERE company_id = %(company)s AND {period} BETWEEN %(first)s AND %(last)s
               AND ({" OR ".join(filters) or "false"}) AND ({condition})
             GROUP BY {group_by}
            """,
            params,
        )
        return self.env.cr.fetchall()

    def _window_parts(self, totals, records, company, date_from, date_to, units, people, years=False):
        """A figure over the window, in signed parts [(1 or -1, {subject: figures})]: its
        whole months read by ``totals`` from the kept monthly totals, the days before and
        after them counted by ``records``. With ``years`` (``totals`` reads the yearly
        totals too), a window from the start of a calendar year to a day in its second
        half (the year to date) is the year's totals less the rest of the year."""
        year_end = date(date_from.year, 12, 31)
        if years and date_from == date(date_from.year, 1, 1) and date_to <= year_end \
                and (year_end - date_to) < (date_to - date_from):
            year_table = self.env["zugong.month.total"]._year_table
            parts = [(1, totals(company, date_from, year_end, units, people, table=year_table))]
            if date_to < year_end:
                parts += [(-1, part) for _sign, part in self._window_parts(
                    totals, records, company, date_to + relativedelta(days=1), year_end, units, people)]
            return parts
        return [(1, (totals if whole else records)(company, *window, units, people))
                for window, whole in self._windows(date_from, date_to)]

    @staticmethod
    def _sum_by_subject(parts):
        """{subject: {name: n}} of signed parts of that shape, added up."""
        if len(parts) == 1 and parts[0][0] == 1:  # a window of whole months: its totals as read
            return parts[0][1]
        result = defaultdict(lambda: defaultdict(int))
        for sign, part in parts:
            for key, figures in part.items():
                for name, value in figures.items():
                    result[key][name] += sign * value
        for figures in result.values():  # points less points: no float residue
            if "points" in figures:
                figures["points"] = round(figures["points"], 2)
        return result

    @staticmethod
    def _windows(date_from, date_to):
        """The window in parts, each ((start, end), whole): its whole months, which the
        monthly totals answer, and the days before and after them, counted from the
        records."""
        first = date_from if date_from.day == 1 else date_from + relativedelta(months=1, day=1)
        after = (date_to + relativedelta(days=1)).replace(day=1)
        if first >= after:
            return [((date_from, date_to), False)] if date_from <= date_to else []
        parts = [((first, after - relativedelta(days=1)), True)]
        if date_from < first:
            parts.append(((date_from, first - relativedelta(days=1)), False))
        if after <= date_to:
            parts.append(((after, date_to), False))
        return parts

    @api.model
    def _points_by_item(self, company, date_from, date_to):
        """{item id: points its events brought its units}."""
        self.env["zugong.score.line"].flush_model()
        self.env.cr.execute(
            """
            SELECT item_id, sum(points) FROM zugong_score_line
             WHERE subject = 'unit' AND company_id = %s AND date BETWEEN %s AND %s AND item_id IS NOT NULL
             GROUP BY item_id
            """,
            [company.id, date_from, date_to],
        )
        return {item_id: float(points) for item_id, points in self.env.cr.fetchall()}

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _asked(units, people):
        """The (subject, records) to compute: those given, or every unit and person of the
        company (records None) when neither is given."""
        if units is None and people is None:
            return [("unit", None), ("person", None)]
        return [(subject, records) for subject, records in (("unit", units), ("person", people)) if records]

    def _relations(self, units, people):
        """The (subject, relation table, column, records) to count items along: the item's
        units and its authors."""
        self.env["zugong.item"].flush_model()
        self.env["zugong.adoption"].flush_model()
        tables = {"unit": ("zugong_item_unit_ids_rel", "unit_id"), "person": ("zugong_item_author_rel", "user_id")}
        return [(subject, *tables[subject], records) for subject, records in self._asked(units, people)]


def _id_array(records):
    """The ids of ``records`` (none when None) as one PostgreSQL array literal: a list of
    thousands of ids passed as a Python list becomes that many constants in the query
    text, which PostgreSQL parses and plans one by one (a few milliseconds a query)."""
    return "{%s}" % ",".join(map(str, records.ids if records is not None else []))
