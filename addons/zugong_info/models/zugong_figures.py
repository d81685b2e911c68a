from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, models

from .zugong_item import SUBMITTED_STATES

ADOPTION_LEVELS = ("county", "city", "province", "central", "other")


class ZugongFigures(models.AbstractModel):
    """The period figures, defined once. Every reader asks here: quota progress and the
    quota pivot, the portal's page, scoring's period rules, the award wizard; the
    reporting contract serves the same definitions to the stats service.

    Figures are per subject, a key ``("unit", unit_id)`` or ``("person", user_id)``, over
    a window of dates (both included):

    - required submissions (``_required``): the minimums of the months and quarters the
      window contains, from zugong.required.month (a quota, else the unit's category;
      for people the share held at the start of each month or quarter);
    - items submitted (``_submitted``): items that count as submitted (state in
      SUBMITTED_STATES) with their submission date in the window, for each of their units
      and each of their authors, in all and by item type, and how many of them were
      adopted at all;
    - adoptions by publication level (``_adoptions``), dated in the window, for each unit
      and author of the item;
    - points (``_points``): the score lines dated in the window."""

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
                           + (f" AND {column} = ANY(%({subject}s)s))" if records is not None else ")"))
            params[f"{subject}s"] = records.ids if records is not None else []
        rows = self._required_rows(
            company, date_from, date_to, "subject, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END",
            " OR ".join(filters) or "false", params,
        )
        return {(subject, subject_id): required for subject, subject_id, required in rows}

    @api.model
    def _required_of(self, records, date_from, date_to):
        """{record id: submissions required in the window} of quotas (their units) or of
        quota shares (the people holding them)."""
        if not records:
            return {}
        column = "quota_id" if records._name == "zugong.quota" else "line_id"
        subject = "unit" if records._name == "zugong.quota" else "person"
        result = {}
        for company in records.company_id:
            rows = self._required_rows(company, date_from, date_to, column,
                                       f"subject = '{subject}' AND {column} = ANY(%(ids)s)", {"ids": records.ids})
            result.update({record_id: required for record_id, required in rows})
        return result

    def _required_rows(self, company, date_from, date_to, group_by, condition, params):
        """The minimums of the months and quarters contained in the window, summed by
        ``group_by``: a month counts when the window holds all of it, a quarterly minimum
        when it holds the whole quarter."""
        first_month = date_from if date_from.day == 1 else date_from + relativedelta(months=1, day=1)
        last_month = (date_to + relativedelta(days=1)).replace(day=1) - relativedelta(months=1)
        if last_month < first_month:
            return []
        self.env.flush_all()
        self.env.cr.execute(
            f"""
            SELECT {group_by},
                   (sum(monthly_min) + coalesce(sum(quarterly_min) FILTER (
                        WHERE month - interval '2 months' >= %(first)s), 0))::integer
              FROM zugong_required_month
             WHERE company_id = %(company)s AND month BETWEEN %(first)s AND %(last)s AND ({condition})
             GROUP BY {group_by}
            """,
            dict(params, company=company.id, first=first_month, last=last_month),
        )
        return self.env.cr.fetchall()

    @api.model
    def _submitted(self, company, date_from, date_to, units=None, people=None):
        """{subject: {"items": n, "adopted": n of them adopted, type_id: n}}."""
        result = defaultdict(lambda: defaultdict(int))
        for subject, relation, column, records in self._relations(units, people):
            self.env.cr.execute(
                f"""
                SELECT rel.{column}, item.type_id, count(*),
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM zugong_adoption adoption
                                                       WHERE adoption.item_id = item.id))
                  FROM zugong_item item
                  JOIN {relation} rel ON rel.item_id = item.id
                 WHERE item.company_id = %s AND item.state = ANY(%s)
                   AND item.submitted_date BETWEEN %s AND %s
                   AND (%s OR rel.{column} = ANY(%s))
                 GROUP BY rel.{column}, item.type_id
                """,
                [company.id, list(SUBMITTED_STATES), date_from, date_to, records is None,
                 records.ids if records is not None else []],
            )
            for subject_id, type_id, count, adopted in self.env.cr.fetchall():
                figures = result[(subject, subject_id)]
                figures["items"] += count
                figures["adopted"] += adopted
                figures[type_id] += count
        return result

    @api.model
    def _adoptions(self, company, date_from, date_to, units=None, people=None):
        """{subject: {level: n}}."""
        result = defaultdict(lambda: defaultdict(int))
        for subject, relation, column, records in self._relations(units, people):
            self.env.cr.execute(
                f"""
                SELECT rel.{column}, adoption.level, count(*)
                  FROM zugong_adoption adoption
                  JOIN {relation} rel ON rel.item_id = adoption.item_id
                 WHERE adoption.company_id = %s AND adoption.date BETWEEN %s AND %s
                   AND (%s OR rel.{column} = ANY(%s))
                 GROUP BY rel.{column}, adoption.level
                """,
                [company.id, date_from, date_to, records is None, records.ids if records is not None else []],
            )
            for subject_id, level, count in self.env.cr.fetchall():
                result[(subject, subject_id)][level] += count
        return result

    @api.model
    def _points(self, company, date_from, date_to, units=None, people=None):
        """{subject: points}."""
        self.env["zugong.score.line"].flush_model()
        result = {}
        for subject, records in self._asked(units, people):
            column = "unit_id" if subject == "unit" else "person_id"
            self.env.cr.execute(
                f"""
                SELECT {column}, sum(points) FROM zugong_score_line
                 WHERE subject = %s AND company_id = %s AND date BETWEEN %s AND %s
                   AND (%s OR {column} = ANY(%s))
                 GROUP BY {column}
                """,
                [subject, company.id, date_from, date_to, records is None, records.ids if records is not None else []],
            )
            for subject_id, points in self.env.cr.fetchall():
                result[(subject, subject_id)] = float(points)
        return result

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
