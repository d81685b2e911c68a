"""The reporting contract the service reads: its views, and the check that a database
serves it."""
import functools
import json
import pathlib
import re

import psycopg2.errors

CONTRACT_VERSION = "v2"
CONTRACT_FILE = pathlib.Path(__file__).with_name(f"reporting_contract_{CONTRACT_VERSION}.json")
SIMPLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# The functions that create large objects, which PostgreSQL lets every role execute.
LARGE_OBJECT_CREATORS = ("pg_catalog.lo_creat(integer)", "pg_catalog.lo_create(oid)",
                         "pg_catalog.lo_from_bytea(oid, bytea)")


class ContractError(Exception):
    """The database does not serve the reporting contract this service knows."""


@functools.cache
def load_contract():
    contract = json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
    if not SIMPLE_NAME.fullmatch(contract.get("schema", "")):
        raise ContractError(f"the contract file names no usable schema: {contract.get('schema')!r}")
    return contract


def contract_relations(contract=None):
    """Every relation the service may read: the version view, then the contract views
    (names within the contract's schema)."""
    contract = contract or load_contract()
    return [contract["version_view"], *contract["views"]]


def qualified(name, contract=None):
    """A relation of the contract, qualified with the contract's schema (quoted SQL)."""
    contract = contract or load_contract()
    return f"{quote_identifier(contract['schema'])}.{quote_identifier(name)}"


def check_contract(cursor, contract=None):
    """Raises ContractError unless the database serves this contract version with views
    (in the contract's schema) whose columns match the contract exactly (names, order,
    types); returns the version."""
    contract = contract or load_contract()
    try:
        return _check_contract(cursor, contract)
    except psycopg2.errors.InsufficientPrivilege as error:
        raise ContractError(
            f"the database user may not read the reporting contract's views in schema "
            f"{contract['schema']} ({str(error).strip()}): grant it the read-only role's "
            f"privileges (zugong-stats grant-readonly-sql)") from None


def _check_contract(cursor, contract):
    schema, version_view = contract["schema"], contract["version_view"]
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (qualified(version_view, contract),))
    if not cursor.fetchone()[0]:
        raise ContractError(
            f"the database serves no reporting contract: the view {schema}.{version_view} is missing "
            f"(is zugong_info installed and up to date?)")
    cursor.execute(f"SELECT version FROM {qualified(version_view, contract)}")
    versions = sorted(row[0] for row in cursor.fetchall())
    if contract["version"] not in versions:
        served = ", ".join(versions) or "none"
        raise ContractError(
            f"the database serves reporting contract versions {served}; this service reads "
            f"{contract['version']} only")

    expected = {name: [tuple(column) for column in view["columns"]]
                for name, view in contract["views"].items()}
    found = _relation_columns(cursor, contract, list(expected))
    problems = []
    for name, columns in expected.items():
        if name not in found:
            problems.append(f"view {name} is missing")
        elif found[name] != columns:
            problems.append(f"view {name} has columns {_describe(found[name])}, "
                            f"the contract says {_describe(columns)}")
    if problems:
        raise ContractError(
            f"the database claims reporting contract {contract['version']} but, in schema {schema}, "
            + "; ".join(problems))
    return contract["version"]


def _relation_columns(cursor, contract, names):
    # format_type without the type modifier: numeric(16,2) is still numeric.
    cursor.execute(
        """
        SELECT wanted.name, a.attname, format_type(a.atttypid, NULL)
          FROM unnest(%s::text[]) AS wanted(name)
          JOIN pg_class c ON c.relname = wanted.name
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = %s
          JOIN pg_attribute a ON a.attrelid = c.oid
         WHERE a.attnum > 0 AND NOT a.attisdropped
         ORDER BY wanted.name, a.attnum
        """,
        (names, contract["schema"]),
    )
    columns = {}
    for name, column, type_name in cursor.fetchall():
        columns.setdefault(name, []).append((column, type_name))
    return columns


def _describe(columns):
    return "(" + ", ".join(f"{name} {type_name}" for name, type_name in columns) + ")"


def readonly_role_sql(role="zugong_stats", database="zugong", password=None, contract=None,
                      owner=None, create=True):
    """SQL, to be run by Odoo's database user (the owner of the views and, usually, of the
    database), creating a login role that can read the contract's views and nothing else,
    and create nothing anywhere:

    - USAGE on the contract's schema and SELECT on its views: a view reads its tables
      with its owner's rights, so the role needs no grant on Odoo's tables;
    - read-only by default, which the role could switch off: its privileges, not this
      default, are what keep it from writing;
    - what PostgreSQL (temporary tables, large objects) and Odoo (CREATE in schema
      public, which it grants when it creates a database) give every role (PUBLIC) taken
      back, Odoo's user (``owner``, else whoever runs the SQL) keeping CREATE and
      temporary tables (Odoo makes no large objects). Run by a user who may not revoke
      them, PostgreSQL only warns: the first two need the database's owner or a
      superuser, the large objects' functions a superuser.

    ``create`` False gives the same for an existing role (its attributes set again)."""
    contract = contract or load_contract()
    relations = ", ".join(qualified(name, contract) for name in contract_relations(contract))
    password_clause = f" PASSWORD {_literal(password)}" if password else ""
    role, database = quote_identifier(role), quote_identifier(database)
    owner = quote_identifier(owner) if owner else "CURRENT_USER"
    attributes = f"LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS{password_clause}"
    return f"""\
-- Read-only role of the stats service: SELECT on the reporting contract {contract['version']} views only.
{"CREATE" if create else "ALTER"} ROLE {role} {attributes};
ALTER ROLE {role} SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE {database} TO {role};
GRANT USAGE ON SCHEMA {quote_identifier(contract['schema'])} TO {role};
GRANT SELECT ON {relations} TO {role};
-- Nothing else: what every role (PUBLIC) may create, tables in schema public, temporary
-- tables and large objects, taken back; Odoo's user keeps the first two.
GRANT CREATE ON SCHEMA public TO {owner};
GRANT TEMPORARY ON DATABASE {database} TO {owner};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION {', '.join(LARGE_OBJECT_CREATORS)} FROM PUBLIC;
"""


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(value):
    return "'" + value.replace("'", "''") + "'"
