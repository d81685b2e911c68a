from odoo import _, api, fields, models

from ..tools.freeze import changed_sql, create_statement_trigger, updated_rows_sql
from .zugong_figures import ADOPTION_LEVELS
from .zugong_item import SUBMITTED_STATES

# What an item contributes to the totals, per subject, month, measure and key: submitted,
# it counts once for each of its units and authors in its submission month (by type, and
# among the urgent reports when its type is one: see zugong.figures for the minimums);
# each of its adoptions counts once for each of them in the adoption's month (by its
# publication's level; an adoption's own copies of the level and company are stored
# after its row is inserted, so they are read from where they come from).
ITEM_CONTRIBUTIONS = """
    SELECT item.id AS item_id, item.company_id, rel.subject, rel.subject_id,
           date_trunc('month', item.submitted_date)::date AS month,
           'items'::varchar AS measure, item.type_id::varchar AS key, count(*)::integer AS value
      FROM zugong_item item
      JOIN {subjects} rel ON rel.item_id = item.id
     WHERE item.id = ANY({items}) AND item.submitted_date IS NOT NULL AND item.state IN {submitted}
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     UNION ALL
    SELECT item.id, item.company_id, rel.subject, rel.subject_id, date_trunc('month', item.submitted_date)::date,
           'items_urgent', '', count(*)::integer
      FROM zugong_item item
      JOIN zugong_item_type item_type ON item_type.id = item.type_id AND item_type.is_urgent
      JOIN {subjects} rel ON rel.item_id = item.id
     WHERE item.id = ANY({items}) AND item.submitted_date IS NOT NULL AND item.state IN {submitted}
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     UNION ALL
    SELECT adoption.item_id, item.company_id, rel.subject, rel.subject_id,
           date_trunc('month', adoption.date)::date, 'adoptions', publication.level, count(*)::integer
      FROM zugong_adoption adoption
      JOIN zugong_item item ON item.id = adoption.item_id
      JOIN zugong_publication publication ON publication.id = adoption.publication_id
      JOIN {subjects} rel ON rel.item_id = adoption.item_id
     WHERE adoption.item_id = ANY({items})
     GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
ITEM_SUBJECTS = """(SELECT item_id, 'unit'::varchar AS subject, unit_id AS subject_id FROM zugong_item_unit_ids_rel
                     UNION ALL
                    SELECT item_id, 'person'::varchar, user_id FROM zugong_item_author_rel)"""
# Score lines are their own ledger: each adds its points to its subject's month, by kind.
LINE_CONTRIBUTIONS = """
    SELECT company_id, subject::varchar, CASE WHEN subject = 'unit' THEN unit_id ELSE person_id END AS subject_id,
           date_trunc('month', date)::date AS month, 'points'::varchar AS measure, kind::varchar AS key,
           sum(points)::numeric AS value
      FROM {lines}
     GROUP BY 1, 2, 3, 4, 5, 6
"""
# A total's unit_id and person_id: its subject's id in the column of its kind.
SUBJECT_COLUMNS = "CASE WHEN subject = 'unit' THEN subject_id END, CASE WHEN subject = 'person' THEN subject_id END"
WIDE_COLUMNS = ("items", "items_urgent", *(f"adoptions_{level}" for level in ADOPTION_LEVELS), "points")
# The yearly totals: the same figures per subject and calendar year, the sums of the
# subject's months of the year, kept by the same statements (read by the stats service's
# year notices through the reporting contract; not a model: nothing in Odoo reads them).
YEAR_TABLE = "zugong_year_total"


class ZugongMonthTotal(models.Model):
    """The figures of each unit and person, month by month, kept in step with the events
    in the same transaction by triggers of the database (whatever writes the events):
    items submitted (and how many of them were urgent reports), adoptions by level and
    points. Notices, dashboards and progress read
    these totals rather than aggregating the raw records; ``_check_totals`` compares them
    with a recomputation from the raw records, which they always equal.

    An item's part is kept per item (zugong_item_contribution): any change of the item,
    of its units or authors, or of its adoptions takes back what the item contributed and
    adds what it contributes now. Score lines add their points directly. The breakdowns by
    item type and by rule kind are in zugong.month.total.detail, the same figures per
    calendar year in the table zugong_year_total (YEAR_TABLE), added to by the same
    statements: a year's row always equals the sum of the subject's months of the year."""

    _name = "zugong.month.total"
    _inherit = ["zugong.month.subject.mixin"]
    _description = "Monthly Totals"
    _order = "month, subject, subject_id"
    _year_table = YEAR_TABLE

    items = fields.Integer("Items Submitted", readonly=True, default=0)
    items_urgent = fields.Integer("Urgent Reports Submitted", readonly=True, default=0)
    adoptions_county = fields.Integer("County Adoptions", readonly=True, default=0)
    adoptions_city = fields.Integer("City Adoptions", readonly=True, default=0)
    adoptions_province = fields.Integer("Province Adoptions", readonly=True, default=0)
    adoptions_central = fields.Integer("Central Adoptions", readonly=True, default=0)
    adoptions_other = fields.Integer("Other Channels", readonly=True, default=0)
    points = fields.Float(readonly=True, default=0.0, digits=(16, 2))

    _sql_constraints = [
        ("subject_month_uniq", "UNIQUE (subject, subject_id, month)", "One total per subject and month."),
    ]

    def init(self):
        cr = self.env.cr
        cr.execute("SELECT to_regclass('zugong_item_contribution') IS NULL, to_regclass(%s) IS NULL", [YEAR_TABLE])
        new, new_years = cr.fetchone()
        cr.execute(f"""
            CREATE TABLE IF NOT EXISTS {YEAR_TABLE} (
                company_id integer NOT NULL,
                subject varchar NOT NULL,
                subject_id integer NOT NULL,
                unit_id integer,
                person_id integer,
                year integer NOT NULL,
                {", ".join(f"{column} {'numeric' if column == 'points' else 'integer'} NOT NULL DEFAULT 0"
                           for column in WIDE_COLUMNS)},
                CONSTRAINT {YEAR_TABLE}_subject_year_uniq UNIQUE (subject, subject_id, year)
            );
            CREATE INDEX IF NOT EXISTS {YEAR_TABLE}_company_year_idx ON {YEAR_TABLE} (company_id, year);
            CREATE INDEX IF NOT EXISTS {YEAR_TABLE}_unit_year_idx ON {YEAR_TABLE} (unit_id, year);
            CREATE INDEX IF NOT EXISTS {YEAR_TABLE}_person_year_idx ON {YEAR_TABLE} (person_id, year);
        """)
        cr.execute("""
            CREATE TABLE IF NOT EXISTS zugong_item_contribution (
                item_id integer NOT NULL,
                company_id integer NOT NULL,
                subject varchar NOT NULL,
                subject_id integer NOT NULL,
                month date NOT NULL,
                measure varchar NOT NULL,
                key varchar NOT NULL,
                value integer NOT NULL
            );
            CREATE INDEX IF NOT EXISTS zugong_item_contribution_item_id_idx ON zugong_item_contribution (item_id);
            CREATE INDEX IF NOT EXISTS zugong_month_total_company_month_idx ON zugong_month_total (company_id, month);
        """)
        cr.execute(f"SELECT to_regclass(%s) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM information_schema.columns"
                   f" WHERE table_name = %s AND column_name = 'items_urgent')", [YEAR_TABLE, YEAR_TABLE])
        without_urgent = cr.fetchone()[0]
        if without_urgent:
            cr.execute(f"ALTER TABLE {YEAR_TABLE} ADD COLUMN items_urgent integer NOT NULL DEFAULT 0")
        self._create_functions()
        self._create_triggers()
        if new or without_urgent:
            self._rebuild()
        elif new_years:
            self._fill_years()

    # ------------------------------------------------------------------ database

    def _apply_sql(self, deltas):
        """SQL adding the rows of ``deltas`` (company_id, subject, subject_id, month,
        measure, key, value) to the totals, in a fixed order of rows (so that concurrent
        transactions lock the rows they share in the same order)."""
        sums = ", ".join(
            f"coalesce(sum(value) FILTER (WHERE measure = 'adoptions' AND key = '{column[10:]}'), 0)"
            if column.startswith("adoptions_") else
            f"coalesce(sum(value) FILTER (WHERE measure = '{column}'), 0)"
            for column in WIDE_COLUMNS
        )
        updates = ", ".join(f"{column} = total.{column} + EXCLUDED.{column}" for column in WIDE_COLUMNS)
        return f"""
            delta AS (
                SELECT company_id, subject, subject_id, month, measure, key, sum(value) AS value
                  FROM ({deltas}) changed
                 GROUP BY 1, 2, 3, 4, 5, 6
                HAVING sum(value) <> 0
            ),
            wide AS (
                INSERT INTO zugong_month_total AS total
                       (company_id, subject, subject_id, unit_id, person_id, month, {", ".join(WIDE_COLUMNS)})
                SELECT company_id, subject, subject_id, {SUBJECT_COLUMNS}, month, {sums}
                  FROM delta
                 GROUP BY company_id, subject, subject_id, month
                 ORDER BY subject, subject_id, month
                    ON CONFLICT (subject, subject_id, month) DO UPDATE SET {updates}
            ),
            yearly AS (
                INSERT INTO {YEAR_TABLE} AS total
                       (company_id, subject, subject_id, unit_id, person_id, year, {", ".join(WIDE_COLUMNS)})
                SELECT company_id, subject, subject_id, {SUBJECT_COLUMNS}, year, {sums}
                  FROM (SELECT *, extract(year FROM month)::integer AS year FROM delta) delta
                 GROUP BY company_id, subject, subject_id, year
                 ORDER BY subject, subject_id, year
                    ON CONFLICT (subject, subject_id, year) DO UPDATE SET {updates}
            )
            INSERT INTO zugong_month_total_detail AS total
                   (company_id, subject, subject_id, unit_id, person_id, month, measure, key, value)
            SELECT company_id, subject, subject_id, {SUBJECT_COLUMNS}, month, measure, key, value
              FROM delta
             WHERE measure IN ('items', 'points')
             ORDER BY subject, subject_id, month, measure, key
                ON CONFLICT (subject, subject_id, month, measure, key)
                DO UPDATE SET value = total.value + EXCLUDED.value
        """

    def _create_functions(self):
        submitted = "({})".format(", ".join(f"'{state}'" for state in SUBMITTED_STATES))
        contributions = ITEM_CONTRIBUTIONS.format(subjects=ITEM_SUBJECTS, items="item_ids", submitted=submitted)
        self.env.cr.execute(f"""
            CREATE OR REPLACE FUNCTION zugong_totals_refresh_items(item_ids integer[]) RETURNS void
            LANGUAGE plpgsql AS $$
            BEGIN
                IF item_ids IS NULL OR cardinality(item_ids) = 0 THEN
                    RETURN;
                END IF;
                WITH gone AS (
                    DELETE FROM zugong_item_contribution WHERE item_id = ANY(item_ids)
                    RETURNING company_id, subject, subject_id, month, measure, key, -value AS value
                ),
                fresh AS (
                    INSERT INTO zugong_item_contribution
                    {contributions}
                    RETURNING company_id, subject, subject_id, month, measure, key, value
                ),
                {self._apply_sql("SELECT * FROM gone UNION ALL SELECT * FROM fresh")};
            END
            $$;
        """)

    def _create_triggers(self):
        item_triggers = {
            # table: (the rows' item id, how rows match, the columns whose change counts)
            "zugong_item": ("id", "o.id = n.id", ("state", "submitted_date", "type_id", "company_id")),
            "zugong_item_unit_ids_rel": ("item_id", None, None),
            "zugong_item_author_rel": ("item_id", None, None),
            "zugong_adoption": ("item_id", "o.id = n.id", ("item_id", "date", "publication_id")),
        }
        for table, (column, match, columns) in item_triggers.items():
            changed = (updated_rows_sql(f"{{r}}.{column}", changed_sql(columns, "o", "n"), match) if columns else
                       f"SELECT {column} FROM old_rows UNION SELECT {column} FROM new_rows")
            for operation, ids in (
                ("insert", f"SELECT {column} FROM new_rows"),
                ("delete", f"SELECT {column} FROM old_rows"),
                ("update", changed),
            ):
                create_statement_trigger(
                    self.env.cr, table, f"{table}_totals_{operation}", operation,
                    f"PERFORM zugong_totals_refresh_items(ARRAY(SELECT DISTINCT id FROM ({ids}) changed(id)"
                    " WHERE id IS NOT NULL));",
                )
        # an item type becoming an urgent report's, or no longer one
        create_statement_trigger(
            self.env.cr, "zugong_item_type", "zugong_item_type_totals_update", "update",
            "PERFORM zugong_totals_refresh_items(ARRAY(SELECT item.id FROM zugong_item item"
            " JOIN old_rows o ON o.id = item.type_id JOIN new_rows n ON n.id = o.id"
            " WHERE o.is_urgent IS DISTINCT FROM n.is_urgent));",
        )
        for operation, rows, sign in (("insert", "new_rows", 1), ("delete", "old_rows", -1)):
            deltas = LINE_CONTRIBUTIONS.format(lines=rows).replace("sum(points)", f"{sign} * sum(points)")
            create_statement_trigger(self.env.cr, "zugong_score_line", f"zugong_score_line_totals_{operation}",
                                     operation, f"WITH {self._apply_sql(deltas)};")
        deltas = (LINE_CONTRIBUTIONS.format(lines="new_rows") + " UNION ALL "
                  + LINE_CONTRIBUTIONS.format(lines="old_rows").replace("sum(points)", "-sum(points)"))
        create_statement_trigger(self.env.cr, "zugong_score_line", "zugong_score_line_totals_update", "update",
                                 f"WITH {self._apply_sql(deltas)};")

    # ------------------------------------------------------------------ recomputation

    @api.model
    def _recomputed(self):
        """The totals recomputed from the raw records: {(subject, subject_id, month):
        {column: value}}, the details {(subject, subject_id, month, measure, key): value}
        and the yearly totals {(subject, subject_id, year): {column: value}}."""
        submitted = "({})".format(", ".join(f"'{state}'" for state in SUBMITTED_STATES))
        self.env.flush_all()
        self.env.cr.execute(f"""
            SELECT company_id, subject, subject_id, month, measure, key, value
              FROM ({ITEM_CONTRIBUTIONS.format(subjects=ITEM_SUBJECTS, items="ARRAY(SELECT id FROM zugong_item)",
                                               submitted=submitted)}) items
             UNION ALL
            {LINE_CONTRIBUTIONS.format(lines="zugong_score_line")}
        """)
        wide, detail, yearly = {}, {}, {}
        for _company_id, subject, subject_id, month, measure, key, value in self.env.cr.fetchall():
            column = f"adoptions_{key}" if measure == "adoptions" else measure
            for rows, row_key in ((wide, (subject, subject_id, month)), (yearly, (subject, subject_id, month.year))):
                row = rows.setdefault(row_key, dict.fromkeys(WIDE_COLUMNS, 0))
                row[column] += value
            if measure in ("items", "points"):
                detail[(subject, subject_id, month, measure, key)] = detail.get(
                    (subject, subject_id, month, measure, key), 0) + value
        return wide, detail, yearly

    @api.model
    def _kept(self):
        """The totals as kept, in the shape of ``_recomputed``, zero rows left out."""
        self.env.flush_all()
        kept = []
        for table, period in (("zugong_month_total", "month"), (YEAR_TABLE, "year")):
            self.env.cr.execute(f"SELECT subject, subject_id, {period}, {', '.join(WIDE_COLUMNS)} FROM {table}")
            rows = {}
            for subject, subject_id, when, *values in self.env.cr.fetchall():
                if any(values):
                    rows[(subject, subject_id, when)] = dict(zip(WIDE_COLUMNS, values))
            kept.append(rows)
        self.env.cr.execute("SELECT subject, subject_id, month, measure, key, value FROM zugong_month_total_detail"
                            " WHERE value <> 0")
        detail = {row[:5]: row[5] for row in self.env.cr.fetchall()}
        return kept[0], detail, kept[1]

    @api.model
    def _check_totals(self):
        """The differences between the kept totals (monthly, their details and yearly)
        and a recomputation from the raw records, as a list of texts (empty when they
        agree)."""
        differences = []
        for kept, recomputed in zip(self._kept(), self._recomputed()):
            recomputed = {key: value for key, value in recomputed.items()
                          if (any(value.values()) if isinstance(value, dict) else value)}
            differences += [
                _("%(key)s: kept %(kept)s, recomputed %(recomputed)s", key=key, kept=kept.get(key),
                  recomputed=recomputed.get(key))
                for key in sorted(set(kept) | set(recomputed), key=str) if kept.get(key) != recomputed.get(key)
            ]
        return differences

    @api.model
    def _rebuild(self):
        """Recomputes every total from the raw records (after an install or an update)."""
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM zugong_item_contribution; DELETE FROM zugong_month_total;"
                            f" DELETE FROM zugong_month_total_detail; DELETE FROM {YEAR_TABLE};")
        self.env.cr.execute("SELECT zugong_totals_refresh_items(ARRAY(SELECT id FROM zugong_item))")
        self.env.cr.execute(f"WITH {self._apply_sql(LINE_CONTRIBUTIONS.format(lines='zugong_score_line'))}")
        self.invalidate_model()

    @api.model
    def _fill_years(self):
        """The yearly totals added up from the monthly ones (when the table is new: the
        monthly totals already equal the raw records)."""
        self.env.flush_all()
        self.env.cr.execute(f"""
            INSERT INTO {YEAR_TABLE} (company_id, subject, subject_id, unit_id, person_id, year,
                                      {", ".join(WIDE_COLUMNS)})
            SELECT min(company_id), subject, subject_id, {SUBJECT_COLUMNS}, extract(year FROM month)::integer,
                   {", ".join(f"sum({column})" for column in WIDE_COLUMNS)}
              FROM zugong_month_total
             GROUP BY subject, subject_id, extract(year FROM month)
        """)
