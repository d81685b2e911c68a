from odoo import api, fields, models, tools
from odoo.osv import expression

from ..models.zugong_figures import TOWARD_MINIMUM_SQL
from ..tools.collector import collection_paused

# a month's items counting towards its minimum
MONTH_TOWARD = TOWARD_MINIMUM_SQL.format(t="total", year="extract(year FROM total.month)::integer")


def _value_keys(rows_dict, group):
    """Each row's value of ``group`` as a dictionary key: a record by its ids (hashing a
    recordset hashes its model's name and a frozenset of its ids)."""
    values = [row[group] for row in rows_dict]
    if values and isinstance(values[0], models.BaseModel):
        return [value._ids for value in values]
    return values


def _read_together(values):
    """``values`` with their records in the superuser's environment, as Odoo reads a
    group's name (so that it does not switch environments for each record), and their
    names read together, from the stored columns they are made of only."""
    records = [value for value in values if isinstance(value, models.BaseModel) and value]
    if not records:
        return values
    together = records[0].browse([record.id for record in records]).sudo()
    name_depends = together.pool.field_depends[together._fields["display_name"]]
    together.fetch([name for name in name_depends if "." not in name and together._fields[name].store])
    together = {record.id: record for record in together}
    return [together[value.id] if isinstance(value, models.BaseModel) and value else value for value in values]


class ZugongQuotaProgress(models.Model):
    """Quota progress by month, for the units' quotas and the people's shares: what was
    required (zugong.required.month) and what was achieved (the monthly totals,
    zugong.month.total, the figures' own definition: the submitted items counting towards
    the minimums). Pivot and graph views group the
    months into quarters and years."""

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

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """A pivot of a province's units by quarter is 8,000 groups: built with the cycle
        collector paused (see tools/collector.py)."""
        with collection_paused():
            return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby,
                                      lazy=lazy)

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """The groups as Odoo formats them, each distinct value of each grouping formatted
        once. Odoo formats every group on its own: for a province's units by quarter,
        8,000 display names, Babel labels of four quarters and domains normalised anew,
        most of the pivot's time. Here Odoo's own formatting runs on one group per
        distinct value, and the rows with that value share its label, range and domain."""
        shared_domain = rows_dict[0]["__domain"] if rows_dict else None
        if (not lazy_groupby or shared_domain in (expression.TRUE_DOMAIN, expression.FALSE_DOMAIN)
                or any(row["__domain"] is not shared_domain for row in rows_dict)
                or any(self._fields[group.split(":")[0].split(".")[0]].type == "properties" for group in lazy_groupby)):
            return super()._read_group_format_result(rows_dict, lazy_groupby)
        row_samples = []  # per grouping, each row's group as Odoo formats it alone
        for group in lazy_groupby:
            keys = _value_keys(rows_dict, group)
            values = {}
            for key, row in zip(keys, rows_dict):
                if key not in values:
                    values[key] = row[group]
            samples = [{group: value, "__domain": []} for value in _read_together(list(values.values()))]
            super()._read_group_format_result(samples, [group])
            by_key = dict(zip(values, samples))
            row_samples.append([by_key[key] for key in keys])
        base = expression.normalize_domain(shared_domain) if shared_domain else []
        # expression.AND of normalised, non-trivial domains: the base's and each grouping's
        conjunctions = ["&"] * (len(lazy_groupby) - (0 if base else 1))
        for row, *samples in zip(rows_dict, *row_samples):
            domain = conjunctions + base
            for group, sample in zip(lazy_groupby, samples):
                row[group] = sample[group]
                if "__range" in sample:
                    row.setdefault("__range", {})[group] = sample["__range"][group]
                domain += sample["__domain"]
            row["__domain"] = domain

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
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
            )
            SELECT (quota_month.quota_id * 100 + EXTRACT(month FROM quota_month.month)::int) * 2 AS id,
                   'unit' AS subject, quota_month.quota_id, NULL::integer AS line_id,
                   quota_month.unit_id, NULL::integer AS person_id, quota_month.company_id,
                   quota_month.year, quota_month.month,
                   quota_month.required AS required_submissions,
                   COALESCE({MONTH_TOWARD}, 0) AS achieved_submissions,
                   GREATEST(quota_month.required - COALESCE({MONTH_TOWARD}, 0), 0) AS submission_gap,
                   COALESCE(total.adoptions_county, 0) AS adoptions_county,
                   COALESCE(total.adoptions_city, 0) AS adoptions_city,
                   COALESCE(total.adoptions_province, 0) AS adoptions_province,
                   COALESCE(total.adoptions_central, 0) AS adoptions_central
              FROM quota_months quota_month
              LEFT JOIN zugong_month_total total
                     ON total.subject = 'unit' AND total.subject_id = quota_month.unit_id
                    AND total.month = quota_month.month
            UNION ALL
            SELECT (line_month.line_id * 100 + EXTRACT(month FROM line_month.month)::int) * 2 + 1,
                   'person', line_month.quota_id, line_month.line_id, line_month.unit_id,
                   line_month.user_id, line_month.company_id, line_month.year, line_month.month,
                   line_month.required,
                   COALESCE({MONTH_TOWARD}, 0),
                   GREATEST(line_month.required - COALESCE({MONTH_TOWARD}, 0), 0),
                   COALESCE(total.adoptions_county, 0), COALESCE(total.adoptions_city, 0),
                   COALESCE(total.adoptions_province, 0), COALESCE(total.adoptions_central, 0)
              FROM line_months line_month
              LEFT JOIN zugong_month_total total
                     ON total.subject = 'person' AND total.subject_id = line_month.user_id
                    AND total.month = line_month.month
            )
        """)
