"""A database shaped like the reporting contract without Odoo, for tests and benchmarks:
one plain table per contract view (in schema public, named after the view with a
`_data` suffix, as Odoo's tables are) behind a view of the contract's name in the
contract's schema that selects its columns in the contract's order."""
from .contract import load_contract, qualified

# The indexes the notice queries use; the Odoo tables behind the contract views need
# their equivalents (README, "Indexes the notice queries need").
SANDBOX_INDEXES = {
    "zugong_unit_v2": ["unit_id", "parent_path text_pattern_ops"],
    "zugong_person_v2": ["unit_id", "person_id"],
    "zugong_item_v2": ["item_id", "unit_id, submitted_on", "submitted_on"],
    "zugong_adoption_v2": ["item_id", "adopted_on"],
    "zugong_score_line_v2": ["line_date", "unit_id, line_date", "person_id, line_date"],
    "zugong_quota_v2": ["year, unit_id", "year, person_id"],
    "zugong_month_total_v2": ["subject, unit_id, month", "subject, person_id, month"],
    "zugong_year_total_v2": ["subject, unit_id, year", "subject, person_id, year"],
}

# The monthly totals recomputed from the raw rows of the other views, as Odoo's database
# keeps them (zugong.month.total): per unit, the items submitted with the unit among
# theirs (and those of them counting towards the minimums) and those items' adoptions;
# per person, those of the items they wrote (each item once); per unit or person, the
# points of the score lines of that subject.
RECOMPUTED_TOTALS_SQL = """
WITH submitted AS (
    SELECT DISTINCT i.item_id, i.company_id, i.unit_id, i.submitted_on, i.author_ids, i.counts_toward_minimum
      FROM {schema}.zugong_item_v2 i
     WHERE i.submitted_on IS NOT NULL
       AND i.state IN (SELECT state FROM {schema}.zugong_item_state_v2 WHERE counts_as_submitted)
),
item_subject AS (
    SELECT DISTINCT i.item_id, i.company_id, 'unit' AS subject, i.unit_id AS subject_id
      FROM {schema}.zugong_item_v2 i
     UNION
    SELECT DISTINCT i.item_id, i.company_id, 'person', author.person_id
      FROM {schema}.zugong_item_v2 i CROSS JOIN LATERAL unnest(i.author_ids) AS author(person_id)
),
event AS (
    SELECT s.company_id, s.subject, s.subject_id, date_trunc('month', i.submitted_on)::date AS month,
           'items' AS measure, count(*) AS value
      FROM (SELECT DISTINCT item_id, submitted_on FROM submitted) i JOIN item_subject s ON s.item_id = i.item_id
     GROUP BY 1, 2, 3, 4
     UNION ALL
    SELECT s.company_id, s.subject, s.subject_id, date_trunc('month', i.submitted_on)::date, 'toward', count(*)
      FROM (SELECT DISTINCT item_id, submitted_on FROM submitted WHERE counts_toward_minimum) i
      JOIN item_subject s ON s.item_id = i.item_id
     GROUP BY 1, 2, 3, 4
     UNION ALL
    SELECT s.company_id, s.subject, s.subject_id, date_trunc('month', a.adopted_on)::date, a.level, count(*)
      FROM {schema}.zugong_adoption_v2 a JOIN item_subject s ON s.item_id = a.item_id
     GROUP BY 1, 2, 3, 4, 5
     UNION ALL
    SELECT l.company_id, l.subject, CASE WHEN l.subject = 'unit' THEN l.unit_id ELSE l.person_id END,
           date_trunc('month', l.line_date)::date, 'points', sum(l.points)
      FROM {schema}.zugong_score_line_v2 l
     GROUP BY 1, 2, 3, 4
)
SELECT company_id, subject, CASE WHEN subject = 'unit' THEN subject_id END AS unit_id,
       CASE WHEN subject = 'person' THEN subject_id END AS person_id, month,
       coalesce(sum(value) FILTER (WHERE measure = 'items'), 0)::integer AS items_submitted,
       coalesce(sum(value) FILTER (WHERE measure = 'county'), 0)::integer AS adoptions_county,
       coalesce(sum(value) FILTER (WHERE measure = 'city'), 0)::integer AS adoptions_city,
       coalesce(sum(value) FILTER (WHERE measure = 'province'), 0)::integer AS adoptions_province,
       coalesce(sum(value) FILTER (WHERE measure = 'central'), 0)::integer AS adoptions_central,
       coalesce(sum(value) FILTER (WHERE measure = 'other'), 0)::integer AS adoptions_other,
       coalesce(sum(value) FILTER (WHERE measure = 'points'), 0)::numeric AS points,
       coalesce(sum(value) FILTER (WHERE measure = 'toward'), 0)::integer AS items_toward_minimum
  FROM event
 GROUP BY company_id, subject, subject_id, month
"""


# The yearly totals from monthly ones (in the columns of zugong_month_total_v2): per unit
# or person and year, the sums of its months of the year.
YEARLY_SQL = """
SELECT min(company_id)::integer AS company_id, subject, unit_id, person_id,
       extract(year FROM month)::integer AS year,
       sum(items_submitted)::integer AS items_submitted, sum(adoptions_county)::integer AS adoptions_county,
       sum(adoptions_city)::integer AS adoptions_city, sum(adoptions_province)::integer AS adoptions_province,
       sum(adoptions_central)::integer AS adoptions_central, sum(adoptions_other)::integer AS adoptions_other,
       sum(points)::numeric AS points, sum(items_toward_minimum)::integer AS items_toward_minimum
  FROM ({months}) months
 GROUP BY subject, unit_id, person_id, extract(year FROM month)
"""


def recomputed_totals_sql(contract=None):
    """A query of the monthly totals recomputed from the raw rows, in the columns of
    zugong_month_total_v2."""
    contract = contract or load_contract()
    return RECOMPUTED_TOTALS_SQL.format(schema=contract["schema"])


def recomputed_year_totals_sql(contract=None):
    """A query of the yearly totals recomputed from the raw rows, in the columns of
    zugong_year_total_v2."""
    return YEARLY_SQL.format(months=recomputed_totals_sql(contract))


# The submissions required per year from those required per month (in the columns of
# zugong_required_year_v2): the same figures Odoo's view computes from what each unit and
# person is held to.
REQUIRED_YEARS_SQL = """
SELECT company_id, year, subject, unit_id, person_id, sum(monthly_min + quarterly_min)::integer AS required
  FROM public.zugong_required_v2_data
 GROUP BY company_id, year, subject, unit_id, person_id
"""


def fill_totals_sql(contract=None):
    """SQL replacing what Odoo derives from the rows loaded in the sandbox: the monthly
    and yearly totals, recomputed from the raw rows (what Odoo's triggers keep in step),
    and the submissions required per year, added up from those required per month."""
    months, years = data_table("zugong_month_total_v2"), data_table("zugong_year_total_v2")
    required = data_table("zugong_required_year_v2")
    return (f"DELETE FROM public.{months};\nINSERT INTO public.{months}\n{recomputed_totals_sql(contract)};\n"
            f"DELETE FROM public.{years};\nINSERT INTO public.{years}\n"
            f"{YEARLY_SQL.format(months=f'SELECT * FROM public.{months}')};\n"
            f"DELETE FROM public.{required};\nINSERT INTO public.{required}\n{REQUIRED_YEARS_SQL};\n")


def data_table(view):
    return f"{view}_data"


def sandbox_sql(versions=None, contract=None, indexes=True):
    """DDL creating the tables, the contract views and the version view serving
    versions (the contract's own version by default)."""
    contract = contract or load_contract()
    versions = [contract["version"]] if versions is None else versions
    statements = [f"CREATE SCHEMA {contract['schema']}"]
    for view, spec in contract["views"].items():
        table = data_table(view)
        columns = ", ".join(f"{name} {type_name}" for name, type_name in spec["columns"])
        statements.append(f"CREATE TABLE public.{table} ({columns})")
        for number, index_columns in enumerate(SANDBOX_INDEXES.get(view, []) if indexes else []):
            statements.append(f"CREATE INDEX {table}_{number} ON public.{table} ({index_columns})")
        names = ", ".join(name for name, _type in spec["columns"])
        statements.append(f"CREATE VIEW {qualified(view, contract)} AS SELECT {names} FROM public.{table}")
    served = " UNION ALL ".join(f"SELECT '{version}'::text AS version" for version in versions)
    if not versions:
        served = "SELECT NULL::text AS version WHERE false"
    statements.append(f"CREATE VIEW {qualified(contract['version_view'], contract)} AS {served}")
    return ";\n".join(statements) + ";\n"
