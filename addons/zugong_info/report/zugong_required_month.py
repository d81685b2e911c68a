from odoo import fields, models
from odoo.tools import SQL

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
HELD_VIEW = "zugong_required_held"
HELD_QUERY = f"""
    -- the years of quotas or periods, each table grouped on its own so that the planner
    -- expects as many as its statistics say (a union of the raw rows it expects as many
    -- as there are quotas, and plans a province as ten times larger than it is, compiled
    -- before it runs)
    WITH years AS (
        SELECT company_id, year FROM (
            SELECT company_id, year FROM zugong_quota GROUP BY company_id, year
             UNION ALL
            SELECT company_id, year FROM zugong_period GROUP BY company_id, year
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
    (zugong_periods_owed), which also gives these months."""

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
        # replaced in place: the reporting contract's views read both
        replace_view(self.env.cr, SQL.identifier(HELD_VIEW), SQL(HELD_QUERY))
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
