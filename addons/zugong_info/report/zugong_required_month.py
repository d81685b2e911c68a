from odoo import fields, models, tools


QUARTER_LAST_MONTHS = (3, 6, 9, 12)
MONTH_NUMBERS = "(VALUES {}) AS numbers(number)".format(", ".join(f"({number})" for number in range(1, 13)))
# the columns of month ``number`` of the year {year}
MONTH_OF = ("make_date({year}, number, 1) AS month,"
            " (make_date({year}, number, 1) - interval '2 months')::date AS quarter_start,"
            " number IN (%s) AS quarter_end" % ", ".join(str(month) for month in QUARTER_LAST_MONTHS))


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
    quarter three of them and its quarterly minimum, a year twelve and four."""

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
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
            -- the years of quotas or periods, each table grouped on its own so that the
            -- planner expects as many as its statistics say (a union of the raw rows it
            -- expects as many as there are quotas, and plans a province as ten times
            -- larger than it is, compiled before it runs)
            WITH years AS (
                SELECT company_id, year FROM (
                    SELECT company_id, year FROM zugong_quota GROUP BY company_id, year
                     UNION ALL
                    SELECT company_id, year FROM zugong_period GROUP BY company_id, year
                ) company_years
                 GROUP BY company_id, year
            ),
            -- the twelve months of a year as a list of values, joined where they are
            -- needed: the planner knows there are twelve (it guesses a thousand rows of
            -- generate_series, and plans a query of the months of a few subjects as one
            -- of millions, compiled before it runs)
            months AS (
                SELECT years.company_id, years.year, {MONTH_OF.format(year="years.year")}
                  FROM years, {MONTH_NUMBERS}
            ),
            units AS (
                SELECT 'unit'::varchar AS subject, unit.id AS unit_id, NULL::integer AS person_id,
                       months.company_id, quota.id AS quota_id, NULL::integer AS line_id,
                       months.year, months.month,
                       COALESCE(quota.monthly_min_submissions, category.monthly_min_submissions, 0) AS monthly_min,
                       CASE WHEN months.quarter_end
                            THEN COALESCE(quota.quarterly_min_submissions, category.quarterly_min_submissions, 0)
                            ELSE 0 END AS quarterly_min
                  FROM months
                  JOIN zugong_unit unit ON unit.company_id = months.company_id AND unit.active
                  LEFT JOIN zugong_quota quota ON quota.unit_id = unit.id AND quota.year = months.year
                  LEFT JOIN zugong_unit_category category ON category.id = unit.category_id
            ),
            shares AS (
                SELECT line.id AS line_id, line.user_id, quota.id AS quota_id, quota.unit_id,
                       quota.company_id, quota.year,
                       COALESCE(line.date_from, make_date(quota.year, 1, 1)) AS date_from,
                       COALESCE(line.date_to, make_date(quota.year, 12, 31)) AS date_to,
                       COALESCE(line.monthly_min_submissions, 0) AS monthly,
                       COALESCE(line.quarterly_min_submissions, 0) AS quarterly
                  FROM zugong_quota_line line
                  JOIN zugong_quota quota ON quota.id = line.quota_id
            ),
            people AS (
                -- a month whose first day the share covers, and the quarterly minimum (in the
                -- quarter's last month) of a quarter whose first day it covers
                SELECT 'person'::varchar, shares.unit_id, shares.user_id, shares.company_id,
                       shares.quota_id, shares.line_id, shares.year, months.month,
                       CASE WHEN months.month BETWEEN shares.date_from AND shares.date_to
                            THEN shares.monthly ELSE 0 END,
                       CASE WHEN months.quarter_end AND months.quarter_start BETWEEN shares.date_from AND shares.date_to
                            THEN shares.quarterly ELSE 0 END
                  FROM shares
                 CROSS JOIN LATERAL (SELECT {MONTH_OF.format(year="shares.year")} FROM {MONTH_NUMBERS}) months
                 WHERE months.month BETWEEN shares.date_from AND shares.date_to
                    OR (months.quarter_end AND months.quarter_start BETWEEN shares.date_from AND shares.date_to)
            ),
            rows AS (
                SELECT * FROM units
                 UNION ALL
                SELECT * FROM people
            )
            -- an id of the row's own columns (no numbering over all rows), so that a
            -- reader's conditions reach the tables below
            SELECT (((CASE WHEN subject = 'unit' THEN unit_id ELSE line_id END)::bigint * 10000 + year) * 12
                    + EXTRACT(month FROM month)::int - 1) * 2 + (subject = 'person')::int AS id,
                   rows.*
              FROM rows
            )
        """)
