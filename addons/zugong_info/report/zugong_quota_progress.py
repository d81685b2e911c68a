from odoo import fields, models, tools

from ..models.zugong_item import SUBMITTED_STATES


def achievements(subject, relation, column, states):
    """The CTEs of the items submitted and adopted each month, by unit or by author."""
    return f"""
            {subject}_items AS (
                SELECT rel.{column}, date_trunc('month', item.submitted_date)::date AS month, count(*) AS items
                  FROM zugong_item item
                  JOIN {relation} rel ON rel.item_id = item.id
                 WHERE item.state IN ({states}) AND item.submitted_date IS NOT NULL
                 GROUP BY rel.{column}, date_trunc('month', item.submitted_date)
            ),
            {subject}_adoptions AS (
                SELECT rel.{column}, date_trunc('month', adoption.date)::date AS month,
                       count(*) FILTER (WHERE adoption.level = 'county') AS county,
                       count(*) FILTER (WHERE adoption.level = 'city') AS city,
                       count(*) FILTER (WHERE adoption.level = 'province') AS province,
                       count(*) FILTER (WHERE adoption.level = 'central') AS central
                  FROM zugong_adoption adoption
                  JOIN {relation} rel ON rel.item_id = adoption.item_id
                 GROUP BY rel.{column}, date_trunc('month', adoption.date)
            )"""


class ZugongQuotaProgress(models.Model):
    """Quota progress by month, for the units' quotas and the people's shares: what was
    required and what was achieved. Pivot and graph views group the months into quarters
    and years."""

    _name = "zugong.quota.progress"
    _description = "Quota Progress"
    _auto = False
    _order = "month, unit_id"

    subject = fields.Selection([("unit", "Unit"), ("person", "Person")], readonly=True)
    quota_id = fields.Many2one("zugong.quota", "Quota", readonly=True)
    line_id = fields.Many2one("zugong.quota.line", "Share", readonly=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True)
    person_id = fields.Many2one("res.users", "Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True)
    month = fields.Date(readonly=True)
    required_submissions = fields.Integer(
        "Required", readonly=True,
        help="The monthly minimum, and in a quarter's last month the quarter's minimum on top: "
             "summed over a quarter or a year, the submissions the period requires.",
    )
    achieved_submissions = fields.Integer("Submitted", readonly=True)
    submission_gap = fields.Integer("Missing", readonly=True)
    adoptions_county = fields.Integer("County Adopted", readonly=True)
    adoptions_city = fields.Integer("City Adopted", readonly=True)
    adoptions_province = fields.Integer("Province Adopted", readonly=True)
    adoptions_central = fields.Integer("Central Adopted", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        states = ", ".join(f"'{state}'" for state in SUBMITTED_STATES)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
            WITH quota_months AS (
                SELECT quota.id AS quota_id, quota.company_id, quota.year, quota.unit_id,
                       required.month, required.monthly_min + required.quarterly_min AS required
                  FROM zugong_quota quota
                  JOIN zugong_required_month required
                    ON required.subject = 'unit' AND required.quota_id = quota.id
            ),
            line_months AS (
                SELECT line.id AS line_id, quota.id AS quota_id, quota.company_id, quota.year,
                       quota.unit_id, line.user_id, required.month,
                       required.monthly_min + required.quarterly_min AS required
                  FROM zugong_quota_line line
                  JOIN zugong_quota quota ON quota.id = line.quota_id
                  JOIN zugong_required_month required
                    ON required.subject = 'person' AND required.line_id = line.id
            ),
            {achievements("unit", "zugong_item_unit_ids_rel", "unit_id", states)},
            {achievements("person", "zugong_item_author_rel", "user_id", states)}
            SELECT (quota_month.quota_id * 100 + EXTRACT(month FROM quota_month.month)::int) * 2 AS id,
                   'unit' AS subject, quota_month.quota_id, NULL::integer AS line_id,
                   quota_month.unit_id, NULL::integer AS person_id, quota_month.company_id,
                   quota_month.year, quota_month.month,
                   quota_month.required AS required_submissions,
                   COALESCE(items.items, 0) AS achieved_submissions,
                   GREATEST(quota_month.required - COALESCE(items.items, 0), 0) AS submission_gap,
                   COALESCE(adoptions.county, 0) AS adoptions_county,
                   COALESCE(adoptions.city, 0) AS adoptions_city,
                   COALESCE(adoptions.province, 0) AS adoptions_province,
                   COALESCE(adoptions.central, 0) AS adoptions_central
              FROM quota_months quota_month
              LEFT JOIN unit_items items
                     ON items.unit_id = quota_month.unit_id AND items.month = quota_month.month
              LEFT JOIN unit_adoptions adoptions
                     ON adoptions.unit_id = quota_month.unit_id AND adoptions.month = quota_month.month
            UNION ALL
            SELECT (line_month.line_id * 100 + EXTRACT(month FROM line_month.month)::int) * 2 + 1,
                   'person', line_month.quota_id, line_month.line_id, line_month.unit_id,
                   line_month.user_id, line_month.company_id, line_month.year, line_month.month,
                   line_month.required,
                   COALESCE(items.items, 0),
                   GREATEST(line_month.required - COALESCE(items.items, 0), 0),
                   COALESCE(adoptions.county, 0), COALESCE(adoptions.city, 0),
                   COALESCE(adoptions.province, 0), COALESCE(adoptions.central, 0)
              FROM line_months line_month
              LEFT JOIN person_items items
                     ON items.user_id = line_month.user_id AND items.month = line_month.month
              LEFT JOIN person_adoptions adoptions
                     ON adoptions.user_id = line_month.user_id AND adoptions.month = line_month.month
            )
        """)
