from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.freeze import changed_sql, create_statement_trigger, updated_rows_sql
from ..tools.views import replace_view


QUARTER_LAST_MONTHS = (3, 6, 9, 12)
MONTH_NUMBERS = "(VALUES {}) AS numbers(number)".format(", ".join(f"({number})" for number in range(1, 13)))
# the columns of month ``number`` of the year {year}
MONTH_OF = ("make_date({year}, number, 1) AS month,"
            " {year} * 12 + number - 1 AS month_index,"
            " number IN (%s) AS quarter_end" % ", ".join(str(month) for month in QUARTER_LAST_MONTHS))

# The rule, written once: a minimum is owed for each month (each quarter) that lies whole
# in the window asked about and whose first day the unit or person is held to it (a
# unit the whole year, a person the dates of their share). Months are counted by their
# index (months since year 0; a quarter starts at an index divisible by 3), so that a
# year, a quarter or any window is computed without listing its months.
PERIODS_OWED_FUNCTION = """
    CREATE OR REPLACE FUNCTION zugong_month_index(day date) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT date_part('year', day)::integer * 12 + date_part('month', day)::integer - 1 $$;
    -- the periods of ``months`` months (1: months, 3: quarters) from window_first's month
    -- to window_last's whose first month is held (first_month to last_month)
    CREATE OR REPLACE FUNCTION zugong_periods_owed(first_month integer, last_month integer, window_first integer,
                                                   window_last integer, months integer) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT greatest(0, least(window_last - months + 1, last_month) / months
                                 - (greatest(window_first, first_month) + months - 1) / months + 1) $$;
    -- the submissions required of one held minimum from month window_first to month
    -- window_last: its months and quarters within them. The functions below call others:
    -- their bodies are bound when created (SQL-standard bodies), not looked up in the
    -- search path of the session calling them (the stats service's has no public schema)
    CREATE OR REPLACE FUNCTION zugong_required_in(monthly_min integer, quarterly_min integer,
                                                  first_month integer, last_month integer,
                                                  window_first integer, window_last integer) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN monthly_min * zugong_periods_owed(first_month, last_month, window_first, window_last, 1)
               + quarterly_min * zugong_periods_owed(first_month, last_month, window_first, window_last, 3);
    -- the same from window_from to window_to: the months and quarters the window holds whole
    CREATE OR REPLACE FUNCTION zugong_required_between(monthly_min integer, quarterly_min integer,
                                                       first_month integer, last_month integer,
                                                       window_from date, window_to date) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN zugong_required_in(monthly_min, quarterly_min, first_month, last_month,
                                  zugong_month_index(window_from - 1) + 1, zugong_month_index(window_to + 1) - 1);
"""

# What each unit and person is held to in a year, and from when to when: a row a unit and
# year (its quota's minimums, else its category's, the whole year) and a row a quota share
# (its minimums, between its dates). Readers compute any window from it with
# zugong_required_between; zugong.required.month lists it month by month.
# HELD_QUERY is the definition; the view HELD_VIEW reads its rows as kept in HELD_TABLE by
# the database's triggers, in the same transaction as the change of a unit, category,
# quota, share or period they come from (see ZugongRequiredMonth._create_held_triggers).
HELD_VIEW = "zugong_required_held"
HELD_TABLE = "zugong_required_held_kept"
HELD_COLUMNS = ("subject", "unit_id", "person_id", "company_id", "quota_id", "line_id", "year", "monthly_min",
                "quarterly_min", "held_from", "held_to", "first_month", "last_month")
# A row per record whose change refreshes kept rows (a unit, share, quota, category or
# company), written by the refreshes that depend on it: two transactions whose refreshes
# depend on one record conflict on its row, and the later fails with a serialization error
# (which Odoo answers by running its request again) rather than keep rows computed without
# the other's change. A unit's rows depend on the unit, its category (which units are in
# it, and its minimums) and its company (which units it has, and its years); a share's on
# the share and its quota (whose unit, company and year).
HELD_STAMP_TABLE = "zugong_required_held_stamp"
HELD_QUERY = f"""
    -- the years of quotas or periods, each table grouped on its own so that the planner
    -- expects as many as its statistics say (a union of the raw rows it expects as many
    -- as there are quotas, and plans a province as ten times larger than it is, compiled
    -- before it runs); a period's year is written just after its row (a computed field),
    -- in between it is no year
    WITH years AS (
        SELECT company_id, year FROM (
            SELECT company_id, year FROM zugong_quota GROUP BY company_id, year
             UNION ALL
            SELECT company_id, year FROM zugong_period WHERE year IS NOT NULL GROUP BY company_id, year
        ) company_years
         GROUP BY company_id, year
    )
    SELECT 'unit'::varchar AS subject, unit.id AS unit_id, NULL::integer AS person_id,
           years.company_id, quota.id AS quota_id, NULL::integer AS line_id, years.year,
           COALESCE(quota.monthly_min_submissions, category.monthly_min_submissions, 0) AS monthly_min,
           COALESCE(quota.quarterly_min_submissions, category.quarterly_min_submissions, 0) AS quarterly_min,
           make_date(years.year, 1, 1) AS held_from, make_date(years.year, 12, 31) AS held_to,
           years.year * 12 AS first_month, years.year * 12 + 11 AS last_month
      FROM years
      JOIN zugong_unit unit ON unit.company_id = years.company_id AND unit.active
      LEFT JOIN zugong_quota quota ON quota.unit_id = unit.id AND quota.year = years.year
      LEFT JOIN zugong_unit_category category ON category.id = unit.category_id
     UNION ALL
    SELECT 'person'::varchar, held.unit_id, held.user_id, held.company_id, held.quota_id, held.line_id, held.year,
           held.monthly_min, held.quarterly_min, held.held_from, held.held_to,
           -- the first and the last month whose first day the share covers
           zugong_month_index(held.held_from - 1) + 1, zugong_month_index(held.held_to)
      FROM (SELECT quota.unit_id, line.user_id, quota.company_id, quota.id AS quota_id, line.id AS line_id,
                   quota.year, COALESCE(line.monthly_min_submissions, 0) AS monthly_min,
                   COALESCE(line.quarterly_min_submissions, 0) AS quarterly_min,
                   COALESCE(line.date_from, make_date(quota.year, 1, 1)) AS held_from,
                   COALESCE(line.date_to, make_date(quota.year, 12, 31)) AS held_to
              FROM zugong_quota_line line
              JOIN zugong_quota quota ON quota.id = line.quota_id) held
"""


class ZugongRequiredMonth(models.Model):
    """The submissions required of each unit and person, month by month: the one place
    where a quota, a unit's category and the dates of the shares of a handover become a
    requirement. Every reader (quota progress, the portal, scoring, the award wizard, the
    reporting contract) takes its figures from here through zugong.figures.

    - A unit's minimums are its quota's for the year, else its category's.
    - A person's are those of the quota share they hold on the first day of the month (of
      the quarter for the quarterly minimum): after a handover on 1 July the predecessor
      owes January to June and the successor July to December.
    - ``monthly_min`` is due each month; ``quarterly_min`` is the quarter's minimum,
      shown in the quarter's last month, when it falls due.
    The submissions required in a period are the minimums of the months and quarters the
    period contains (zugong.figures._required): a month requires its monthly minimum, a
    quarter three of them and its quarterly minimum, a year twelve and four. Those of a
    period are computed from what each is held to (zugong_required_held) by the one rule
    (zugong_periods_owed), which also gives these months. What each is held to is kept by
    the database's triggers (HELD_TABLE) as its changes happen; ``_check_held`` compares
    it with its recomputation (HELD_QUERY), which it always equals."""

    _name = "zugong.required.month"
    _description = "Required Submissions by Month"
    _auto = False
    _order = "month, unit_id"

    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], readonly=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True)
    person_id = fields.Many2one("res.users", "Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quota_id = fields.Many2one("zugong.quota", "Quota", readonly=True)
    line_id = fields.Many2one("zugong.quota.line", "Share", readonly=True)
    year = fields.Integer(readonly=True)
    month = fields.Date(readonly=True)
    monthly_min = fields.Integer("Monthly Minimum", readonly=True)
    quarterly_min = fields.Integer("Quarterly Minimum", readonly=True,
                                   help="The quarter's minimum, in the quarter's last month.")

    def init(self):
        self.env.cr.execute(PERIODS_OWED_FUNCTION)
        self._create_held_table()
        # replaced in place: the reporting contract's views read both
        replace_view(self.env.cr, SQL.identifier(HELD_VIEW),
                     SQL(f"SELECT {', '.join(HELD_COLUMNS)} FROM {HELD_TABLE}"))
        replace_view(self.env.cr, SQL.identifier(self._table), SQL(f"""
            (
            -- the months and quarters owed, each in its own month (a quarter in its last)
            WITH owed AS (
                SELECT held.*, months.month,
                       zugong_periods_owed(held.first_month, held.last_month, months.month_index,
                                           months.month_index, 1) AS months_owed,
                       CASE WHEN months.quarter_end
                            THEN zugong_periods_owed(held.first_month, held.last_month, months.month_index - 2,
                                                     months.month_index, 3)
                            ELSE 0 END AS quarters_owed
                  FROM {HELD_VIEW} held
                 CROSS JOIN LATERAL (SELECT {MONTH_OF.format(year="held.year")} FROM {MONTH_NUMBERS}) months
            ),
            rows AS (
                SELECT subject, unit_id, person_id, company_id, quota_id, line_id, year, month,
                       monthly_min * months_owed AS monthly_min, quarterly_min * quarters_owed AS quarterly_min
                  FROM owed
                 WHERE months_owed > 0 OR quarters_owed > 0
            )
            -- an id of the row's own columns (no numbering over all rows), so that a
            -- reader's conditions reach the tables below
            SELECT (((CASE WHEN subject = 'unit' THEN unit_id ELSE line_id END)::bigint * 10000 + year) * 12
                    + EXTRACT(month FROM month)::int - 1) * 2 + (subject = 'person')::int AS id,
                   rows.*
              FROM rows
            )
        """))

    # ------------------------------------------------------------------ kept rows

    def _create_held_table(self):
        """The table of HELD_QUERY's rows, its refresh function and triggers, filled anew
        from the records (after an install or an update, which may change the rule)."""
        cr = self.env.cr
        cr.execute(f"""
            CREATE TABLE IF NOT EXISTS {HELD_TABLE} (
                subject varchar, unit_id integer, person_id integer, company_id integer, quota_id integer,
                line_id integer, year integer, monthly_min integer, quarterly_min integer, held_from date,
                held_to date, first_month integer, last_month integer
            );
            CREATE UNIQUE INDEX IF NOT EXISTS {HELD_TABLE}_unit_year_uniq ON {HELD_TABLE} (unit_id, year)
                WHERE subject = 'unit';
            CREATE UNIQUE INDEX IF NOT EXISTS {HELD_TABLE}_line_uniq ON {HELD_TABLE} (line_id)
                WHERE subject = 'person';
            CREATE INDEX IF NOT EXISTS {HELD_TABLE}_company_year_idx ON {HELD_TABLE} (company_id, year, subject);
            CREATE INDEX IF NOT EXISTS {HELD_TABLE}_person_idx ON {HELD_TABLE} (person_id) WHERE subject = 'person';
            CREATE INDEX IF NOT EXISTS {HELD_TABLE}_quota_idx ON {HELD_TABLE} (quota_id);
            CREATE TABLE IF NOT EXISTS {HELD_STAMP_TABLE} (
                kind varchar NOT NULL,
                record_id integer NOT NULL,
                refreshes integer NOT NULL DEFAULT 0,
                PRIMARY KEY (kind, record_id)
            );
        """)
        self._create_held_function()
        self._create_held_triggers()
        cr.execute(f"DELETE FROM {HELD_TABLE}; INSERT INTO {HELD_TABLE} SELECT * FROM ({HELD_QUERY}) held")

    def _create_held_function(self):
        stamps = " UNION ALL ".join(
            f"SELECT '{kind}', unnest({ids})" for kind, ids in (
                ("unit", "unit_ids"), ("line", "line_ids"), ("quota", "quota_ids"), ("category", "category_ids"),
                ("company", "company_ids")))
        self.env.cr.execute(f"""
            -- The kept rows of the units unit_ids and the shares line_ids computed again,
            -- and those of all the units of a company one of whose years (year_companies
            -- and years side by side: the years of its quotas or periods) came or went;
            -- the quotas, categories and companies the change depends on besides them
            -- are stamped (HELD_STAMP_TABLE).
            CREATE OR REPLACE FUNCTION zugong_required_held_refresh(
                unit_ids integer[], line_ids integer[], quota_ids integer[], category_ids integer[],
                company_ids integer[], year_companies integer[], years integer[]) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE
                changed_years integer[];
            BEGIN
                IF cardinality(years) > 0 THEN
                    changed_years := ARRAY(
                        SELECT changed.company_id
                          FROM (SELECT DISTINCT company_id, year FROM unnest(year_companies, years) AS pair(company_id, year)
                                 WHERE company_id IS NOT NULL AND year IS NOT NULL) changed
                         WHERE (EXISTS (SELECT FROM zugong_unit unit
                                         WHERE unit.company_id = changed.company_id AND unit.active)
                                AND (EXISTS (SELECT FROM zugong_quota quota
                                              WHERE quota.company_id = changed.company_id AND quota.year = changed.year)
                                     OR EXISTS (SELECT FROM zugong_period period
                                                 WHERE period.company_id = changed.company_id
                                                   AND period.year = changed.year)))
                               IS DISTINCT FROM EXISTS (SELECT FROM {HELD_TABLE} kept
                                                         WHERE kept.subject = 'unit'
                                                           AND kept.company_id = changed.company_id
                                                           AND kept.year = changed.year));
                    company_ids := company_ids || changed_years;
                    unit_ids := unit_ids || ARRAY(SELECT id FROM zugong_unit WHERE company_id = ANY(changed_years));
                END IF;
                IF cardinality(unit_ids) + cardinality(line_ids) + cardinality(quota_ids)
                        + cardinality(category_ids) + cardinality(company_ids) = 0 THEN
                    RETURN;
                END IF;
                INSERT INTO {HELD_STAMP_TABLE} AS stamp (kind, record_id)
                SELECT DISTINCT kind, record_id FROM ({stamps}) stamped(kind, record_id)
                 WHERE record_id IS NOT NULL
                 ORDER BY kind, record_id
                    ON CONFLICT (kind, record_id) DO UPDATE SET refreshes = stamp.refreshes + 1;
                -- each subject apart, so that each reads its own index
                DELETE FROM {HELD_TABLE} WHERE subject = 'unit' AND unit_id = ANY(unit_ids);
                DELETE FROM {HELD_TABLE} WHERE subject = 'person' AND line_id = ANY(line_ids);
                INSERT INTO {HELD_TABLE}
                SELECT * FROM ({HELD_QUERY}) held WHERE held.subject = 'unit' AND held.unit_id = ANY(unit_ids);
                INSERT INTO {HELD_TABLE}
                SELECT * FROM ({HELD_QUERY}) held WHERE held.subject = 'person' AND held.line_id = ANY(line_ids);
            END
            $$;
        """)

    def _create_held_triggers(self):
        def both(select, columns):
            """``select`` ({r}) of the rows whose ``columns`` an update changed, before and after."""
            return updated_rows_sql(select, changed_sql(columns, "o", "n"))

        unit_columns = ("active", "category_id", "company_id")
        quota_columns = ("unit_id", "year", "company_id", "monthly_min_submissions", "quarterly_min_submissions")
        line_columns = ("quota_id", "user_id", "monthly_min_submissions", "quarterly_min_submissions",
                        "date_from", "date_to")
        category_columns = ("monthly_min_submissions", "quarterly_min_submissions")
        triggers = {
            # (table, operation): the units, shares, quotas, categories and companies, and
            # the companies' years (company_id, year), of the rows
            ("zugong_unit", "insert"): dict(units="SELECT id FROM new_rows",
                                            categories="SELECT category_id FROM new_rows",
                                            companies="SELECT company_id FROM new_rows"),
            ("zugong_unit", "delete"): dict(units="SELECT id FROM old_rows",
                                            categories="SELECT category_id FROM old_rows",
                                            companies="SELECT company_id FROM old_rows"),
            ("zugong_unit", "update"): dict(units=both("{r}.id", unit_columns),
                                            categories=both("{r}.category_id", unit_columns),
                                            companies=both("{r}.company_id", unit_columns)),
            ("zugong_unit_category", "update"): dict(
                units=f"SELECT unit.id FROM zugong_unit unit WHERE unit.category_id IN ({both('{r}.id', category_columns)})",
                categories=both("{r}.id", category_columns)),
            ("zugong_quota", "insert"): dict(units="SELECT unit_id FROM new_rows",
                                             years="SELECT company_id, year FROM new_rows"),
            ("zugong_quota", "delete"): dict(units="SELECT unit_id FROM old_rows",
                                             years="SELECT company_id, year FROM old_rows"),
            ("zugong_quota", "update"): dict(
                units=both("{r}.unit_id", quota_columns),
                lines=f"SELECT line.id FROM zugong_quota_line line WHERE line.quota_id IN ({both('{r}.id', quota_columns)})",
                quotas=both("{r}.id", quota_columns),
                years=both("{r}.company_id, {r}.year", ("company_id", "year"))),
            ("zugong_quota_line", "insert"): dict(lines="SELECT id FROM new_rows", quotas="SELECT quota_id FROM new_rows"),
            ("zugong_quota_line", "delete"): dict(lines="SELECT id FROM old_rows", quotas="SELECT quota_id FROM old_rows"),
            ("zugong_quota_line", "update"): dict(lines=both("{r}.id", line_columns),
                                                  quotas=both("{r}.quota_id", line_columns)),
            ("zugong_period", "insert"): dict(years="SELECT company_id, year FROM new_rows"),
            ("zugong_period", "delete"): dict(years="SELECT company_id, year FROM old_rows"),
            ("zugong_period", "update"): dict(years=both("{r}.company_id, {r}.year", ("company_id", "year"))),
        }
        none = "SELECT NULL::integer WHERE false"
        for (table, operation), ids in triggers.items():
            years = ("SELECT * FROM ({}) pair(company_id, year)".format(
                ids.get("years") or "SELECT NULL::integer, NULL::integer WHERE false"))
            arrays = ", ".join(f"ARRAY({ids.get(name) or none})"
                               for name in ("units", "lines", "quotas", "categories", "companies"))
            create_statement_trigger(
                self.env.cr, table, f"{table}_held_{operation}", operation,
                f"PERFORM zugong_required_held_refresh({arrays},"
                f" ARRAY(SELECT company_id FROM ({years}) pairs ORDER BY company_id, year),"
                f" ARRAY(SELECT year FROM ({years}) pairs ORDER BY company_id, year));",
            )

    @api.model
    def _check_held(self):
        """The differences between the kept rows of what each unit and person is held to
        and their recomputation from the units, categories, quotas, shares and periods, as
        a list of texts (empty when they agree)."""
        self.env.flush_all()
        columns = ", ".join(HELD_COLUMNS)
        self.env.cr.execute(f"""
            SELECT true, * FROM (SELECT {columns} FROM {HELD_TABLE}
                                 EXCEPT ALL SELECT * FROM ({HELD_QUERY}) held) kept_only
             UNION ALL
            SELECT false, * FROM (SELECT * FROM ({HELD_QUERY}) held
                                  EXCEPT ALL SELECT {columns} FROM {HELD_TABLE}) recomputed_only
             ORDER BY 2, 3, 4, 8, 1
        """)
        return [
            (_("kept, not recomputed: %s", dict(zip(HELD_COLUMNS, row))) if kept_only
             else _("recomputed, not kept: %s", dict(zip(HELD_COLUMNS, row))))
            for kept_only, *row in self.env.cr.fetchall()
        ]
