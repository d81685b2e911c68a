import json
import logging
import re

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, file_open

from ..models.zugong_figures import COUNTS_TOWARD_SQL, TOWARD_MINIMUM_SQL
from ..models.zugong_item import ITEM_STATES, SUBMITTED_STATES
from ..models.zugong_month_total import YEAR_TABLE
from ..tools.views import replace_view

_logger = logging.getLogger(__name__)

CONTRACT_FILE = "zugong_info/report/reporting_contract_v2.json"
ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
# The functions that create large objects, which PostgreSQL lets every role execute.
LARGE_OBJECT_CREATORS = ("pg_catalog.lo_creat(integer)", "pg_catalog.lo_create(oid)",
                         "pg_catalog.lo_from_bytea(oid, bytea)")

# How each view of the contract reads Odoo's tables. The contract file fixes the names,
# order and types of the columns: every column is cast to its contract type, and the
# tests compare the views created here with the file.
# The kept totals of a subject and period (a month or a year), as the contract serves them.
TOTALS_VIEW = """
        SELECT total.company_id::integer AS company_id,
               total.subject::text AS subject,
               total.unit_id::integer AS unit_id,
               total.person_id::integer AS person_id,
               {period},
               total.items::integer AS items_submitted,
               total.adoptions_county::integer AS adoptions_county,
               total.adoptions_city::integer AS adoptions_city,
               total.adoptions_province::integer AS adoptions_province,
               total.adoptions_central::integer AS adoptions_central,
               total.adoptions_other::integer AS adoptions_other,
               total.points::numeric AS points,
               ({toward})::integer AS items_toward_minimum
          FROM {table} total
"""

# What one held minimum (a row of zugong_required_held) requires over its calendar year:
# its months and quarters from January to December, by zugong.required.month's rule.
YEAR_REQUIRED = ("zugong_required_in(held.monthly_min, held.quarterly_min, held.first_month, held.last_month,"
                 " held.year * 12, held.year * 12 + 11)")

VIEW_QUERIES = {
    # category_sequence comes last: added after the other columns, it left the view to be
    # replaced in place, the read-only role's grant kept.
    "zugong_unit_v2": """
        SELECT unit.id::integer AS unit_id,
               unit.company_id::integer AS company_id,
               unit.parent_id::integer AS parent_id,
               unit.parent_path::text AS parent_path,
               unit.code::text AS code,
               unit.name::text AS name,
               unit.complete_name::text AS path,
               unit.kind::text AS kind,
               unit.category_id::integer AS category_id,
               coalesce(category.name ->> 'zh_CN', category.name ->> 'en_US')::text AS category_name,
               coalesce(unit.active, false)::boolean AS active,
               category.sequence::integer AS category_sequence
          FROM zugong_unit unit
          LEFT JOIN zugong_unit_category category ON category.id = unit.category_id
    """,
    # People are the users with a current unit membership; is_officer: registered as
    # the information officer of some unit today.
    "zugong_person_v2": """
        SELECT member.user_id::integer AS person_id,
               member.company_id::integer AS company_id,
               partner.name::text AS name,
               member.unit_id::integer AS unit_id,
               EXISTS (
                   SELECT 1
                     FROM zugong_officer officer
                    WHERE officer.user_id = member.user_id
                      AND officer.state = 'registered' AND officer.active
                      AND officer.date_from <= CURRENT_DATE
                      AND (officer.date_to IS NULL OR officer.date_to >= CURRENT_DATE)
               )::boolean AS is_officer,
               coalesce(person.active, false)::boolean AS active
          FROM zugong_unit_member member
          JOIN res_users person ON person.id = member.user_id
          JOIN res_partner partner ON partner.id = person.partner_id
         WHERE member.active
    """,
    # One row per item and unit, from the item's unit lines (shares in percent there).
    "zugong_item_v2": f"""
        SELECT item.id::integer AS item_id,
               item.company_id::integer AS company_id,
               unit_line.unit_id::integer AS unit_id,
               round(unit_line.share / 100, 4)::numeric AS unit_share,
               item.reference::text AS reference,
               item.name::text AS title,
               item.type_code::text AS type_code,
               item.state::text AS state,
               item.submitted_date::date AS submitted_on,
               ARRAY(
                   SELECT author.user_id
                     FROM zugong_item_author_rel author
                    WHERE author.item_id = item.id
                    ORDER BY author.user_id
               )::integer[] AS author_ids,
               item.word_count::integer AS word_count,
               coalesce({COUNTS_TOWARD_SQL.format(i="item", type="item_type")}, false)::boolean
                   AS counts_toward_minimum
          FROM zugong_item item
          JOIN zugong_item_unit unit_line ON unit_line.item_id = item.id
          LEFT JOIN zugong_item_type item_type ON item_type.id = item.type_id
    """,
    "zugong_adoption_v2": """
        SELECT adoption.id::integer AS adoption_id,
               adoption.company_id::integer AS company_id,
               adoption.item_id::integer AS item_id,
               adoption.publication_id::integer AS publication_id,
               publication.name::text AS publication_name,
               adoption.level::text AS level,
               adoption.form::text AS form,
               adoption.date::date AS adopted_on
          FROM zugong_adoption adoption
          JOIN zugong_publication publication ON publication.id = adoption.publication_id
    """,
    "zugong_score_line_v2": """
        SELECT line.id::integer AS line_id,
               line.company_id::integer AS company_id,
               line.subject::text AS subject,
               line.unit_id::integer AS unit_id,
               line.person_id::integer AS person_id,
               line.date::date AS line_date,
               line.points::numeric AS points,
               line.kind::text AS rule_kind,
               line.source_model::text AS source_model,
               line.source_id::integer AS source_id
          FROM zugong_score_line line
    """,
    # The units' quotas (person_id NULL), then the people's shares of them.
    "zugong_quota_v2": """
        SELECT quota.id::integer AS quota_id,
               quota.company_id::integer AS company_id,
               quota.year::integer AS year,
               quota.unit_id::integer AS unit_id,
               NULL::integer AS person_id,
               quota.monthly_min_submissions::integer AS monthly_min_submissions,
               quota.quarterly_min_submissions::integer AS quarterly_min_submissions,
               quota.adoption_target_county::integer AS adoption_target_county,
               quota.adoption_target_city::integer AS adoption_target_city,
               quota.adoption_target_province::integer AS adoption_target_province,
               quota.adoption_target_central::integer AS adoption_target_central,
               quota.score_target::numeric AS score_target,
               NULL::date AS date_from,
               NULL::date AS date_to
          FROM zugong_quota quota
         UNION ALL
        SELECT share.quota_id::integer,
               share.company_id::integer,
               share.year::integer,
               share.unit_id::integer,
               share.user_id::integer,
               share.monthly_min_submissions::integer,
               share.quarterly_min_submissions::integer,
               share.adoption_target_county::integer,
               share.adoption_target_city::integer,
               share.adoption_target_province::integer,
               share.adoption_target_central::integer,
               share.score_target::numeric,
               share.date_from::date,
               share.date_to::date
          FROM zugong_quota_line share
    """,
    # The submissions required month by month: zugong.required.month, the one definition.
    "zugong_required_v2": """
        SELECT required.company_id::integer AS company_id,
               required.year::integer AS year,
               required.month::date AS month,
               required.subject::text AS subject,
               required.unit_id::integer AS unit_id,
               required.person_id::integer AS person_id,
               required.monthly_min::integer AS monthly_min,
               required.quarterly_min::integer AS quarterly_min
          FROM zugong_required_month required
    """,
    # The submissions required in each calendar year, by the same rule as the months of
    # zugong_required_v2 (what is owed of what each is held to, zugong_required_between),
    # for those who owe the year a month or a quarter: one row a subject and year.
    "zugong_required_year_v2": f"""
        SELECT held.company_id::integer AS company_id,
               held.year::integer AS year,
               'unit'::text AS subject,
               held.unit_id::integer AS unit_id,
               held.person_id::integer AS person_id,
               ({YEAR_REQUIRED})::integer AS required
          FROM zugong_required_held held
         WHERE held.subject = 'unit'
         UNION ALL
        -- a person's shares of the year (several after a handover back and forth); each
        -- branch names its subject as a constant, so that a reader's condition on the
        -- subject leaves the other branch out
        SELECT held.company_id, held.year, 'person', held.unit_id, held.person_id,
               sum({YEAR_REQUIRED})::integer
          FROM zugong_required_held held
         -- those who owe the year a month (a quarter is owed for its first month held)
         WHERE held.subject = 'person' AND held.first_month <= held.last_month
         GROUP BY held.company_id, held.year, held.unit_id, held.person_id
    """,
    # The states of an item, and whether an item in it counts as submitted.
    "zugong_item_state_v2": "SELECT state::text, counts_as_submitted::boolean FROM (VALUES {}) AS item_state("
                            "state, counts_as_submitted)".format(", ".join(
                                f"('{state}', {str(state in SUBMITTED_STATES).lower()})" for state, _label in ITEM_STATES)),
    # The monthly totals (zugong.month.total), kept in step with the raw records by the
    # database in the same transaction; unit_id and person_id (indexed) are the subject's.
    "zugong_month_total_v2": TOTALS_VIEW.format(
        period="total.month::date AS month", table="zugong_month_total",
        toward=TOWARD_MINIMUM_SQL.format(t="total", year="extract(year FROM total.month)::integer")),
    # The yearly totals: the same figures per unit and person and calendar year, kept by
    # the same statements as the monthly totals (each year's row is the sum of its months).
    "zugong_year_total_v2": TOTALS_VIEW.format(
        period="total.year::integer AS year", table=YEAR_TABLE,
        toward=TOWARD_MINIMUM_SQL.format(t="total", year="total.year")),
    # The pass-mark rules of the rule sets in force; a rule for units and people gives a
    # row for each.
    "zugong_pass_mark_v2": """
        SELECT ruleset.company_id::integer AS company_id,
               ruleset.year::integer AS year,
               rule.period_kind::text AS period_kind,
               subject.name::text AS subject,
               rule.points::numeric AS pass_mark
          FROM zugong_rule rule
          JOIN zugong_ruleset ruleset ON ruleset.id = rule.ruleset_id
          JOIN (VALUES ('unit'), ('person')) AS subject(name)
            ON rule.applies_to IN (subject.name, 'both')
         WHERE rule.kind = 'pass_mark' AND ruleset.state IN ('active', 'locked')
    """,
    # What befell units and people in the closed periods besides points (zugong.score.outcome).
    "zugong_score_outcome_v2": """
        SELECT outcome.id::integer AS outcome_id, outcome.company_id::integer AS company_id,
               period.kind::text AS period_kind, period.date_start::date AS period_start,
               outcome.subject::text AS subject, outcome.unit_id::integer AS unit_id,
               outcome.person_id::integer AS person_id, outcome.outcome::text AS outcome
          FROM zugong_score_outcome outcome
          JOIN zugong_period period ON period.id = outcome.period_id
    """,
}


def load_contract():
    """The reporting contract file of the addon, as a dict."""
    with file_open(CONTRACT_FILE, "rb") as handle:
        return json.load(handle)


def quoted_identifier(name):
    """Any name as an SQL identifier (database names may hold dots and dashes, which
    ``SQL.identifier`` refuses)."""
    return SQL('"%s"' % name.replace('"', '""'))


def contract_relations(contract):
    """The relations the stats service reads: the version view, then the contract views
    (names within the contract's schema)."""
    return [contract["version_view"], *contract["views"]]


def qualified(contract, name):
    """A relation of the contract, qualified with the contract's schema."""
    return SQL.identifier(contract["schema"], name)


class ZugongReportingContract(models.AbstractModel):
    """The reporting contract served to the stats service: the SQL views of the contract
    file and the view naming the contract version, in the contract's own schema. The
    views' columns are fixed by the contract (they have no ``id``), so they are plain
    views created here rather than report models of their own.

    The schema is Odoo's (its database user creates and owns it, with the views) and
    holds nothing else: the stats service's read-only role is given USAGE on it and
    SELECT on its views, and nothing anywhere else."""

    _name = "zugong.reporting.contract"
    _description = "Reporting Contract"

    def init(self):
        contract = load_contract()
        missing = set(contract["views"]) - set(VIEW_QUERIES)
        if missing:
            raise ValueError(f"reporting contract views without a query: {', '.join(sorted(missing))}")
        self.env.cr.execute(SQL("CREATE SCHEMA IF NOT EXISTS %s", SQL.identifier(contract["schema"])))
        for name in contract["views"]:
            replace_view(self.env.cr, qualified(contract, name), SQL(VIEW_QUERIES[name]))
        replace_view(self.env.cr, qualified(contract, contract["version_view"]),
                     SQL("SELECT %s::text AS version", contract["version"]))
        self._drop_public_views(contract)
        self._drop_other_views(contract)

    def _drop_public_views(self, contract):
        """The views of the contract as earlier versions of the addon created them, in
        schema public: the service reads the contract's schema only."""
        cr = self.env.cr
        cr.execute(SQL("""
            SELECT c.relname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'v' AND c.relname IN %s
        """, tuple(contract_relations(contract))))
        for (name,) in cr.fetchall():
            _logger.info("reporting contract view %s moved from schema public to %s", name, contract["schema"])
            cr.execute(SQL("DROP VIEW %s CASCADE", SQL.identifier("public", name)))

    def _drop_other_views(self, contract):
        """The views left in the contract's schema by earlier contract versions: the
        schema holds the views of this version and nothing else."""
        cr = self.env.cr
        cr.execute(SQL("""
            SELECT c.relname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = %s AND c.relkind = 'v' AND c.relname NOT IN %s
        """, contract["schema"], tuple(contract_relations(contract))))
        for (name,) in cr.fetchall():
            _logger.info("reporting contract view %s of an earlier version dropped", name)
            cr.execute(SQL("DROP VIEW %s CASCADE", qualified(contract, name)))

    @api.model
    def _readonly_role_sql(self, role):
        """The statements creating ``role``, a login role that can read the contract's
        views and nothing else, to be run by Odoo's database user (the owner of the views
        and, usually, of the database):

        - USAGE on the contract's schema and SELECT on its views: a view reads its tables
          with its owner's rights, so the role needs no grant on Odoo's tables;
        - read-only by default, which the role could switch off: its privileges, not
          this default, are what keep it from writing;
        - what PostgreSQL (temporary tables, large objects) and Odoo (CREATE in schema
          public, granted when it creates a database) give every role, PUBLIC, taken
          back, Odoo's user keeping CREATE and temporary tables (it makes no large
          objects). Run by a user who may not revoke them, PostgreSQL only warns and they
          stay: the first two need the database's owner or a superuser, the large
          objects' functions a superuser."""
        if not ROLE_NAME.fullmatch(role or ""):
            raise UserError(_(
                "%s is not a usable role name: use lower-case letters, digits and underscores, "
                "starting with a letter.", role or "",
            ))
        contract = load_contract()
        role = SQL.identifier(role)
        database = quoted_identifier(self.env.cr.dbname)
        self.env.cr.execute("SELECT current_user")
        odoo_user = quoted_identifier(self.env.cr.fetchone()[0])
        relations = SQL(", ").join(qualified(contract, name) for name in contract_relations(contract))
        return [
            SQL("CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS", role),
            SQL("ALTER ROLE %s SET default_transaction_read_only = on", role),
            SQL("GRANT CONNECT ON DATABASE %s TO %s", database, role),
            SQL("GRANT USAGE ON SCHEMA %s TO %s", SQL.identifier(contract["schema"]), role),
            SQL("GRANT SELECT ON %s TO %s", relations, role),
            SQL("GRANT CREATE ON SCHEMA public TO %s", odoo_user),
            SQL("GRANT TEMPORARY ON DATABASE %s TO %s", database, odoo_user),
            SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            SQL("REVOKE TEMPORARY ON DATABASE %s FROM PUBLIC", database),
            SQL("REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC", SQL(", ".join(LARGE_OBJECT_CREATORS))),
        ]

    def _drop_views(self):
        """The contract's schema with its views (uninstall), and any views of the
        contract left in schema public."""
        contract = load_contract()
        self.env.cr.execute(SQL("DROP SCHEMA IF EXISTS %s CASCADE", SQL.identifier(contract["schema"])))
        self._drop_public_views(contract)
