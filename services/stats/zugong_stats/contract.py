"""The reporting contract the service reads: its views, and the check that a database
serves it."""
import functools
import json
import pathlib

CONTRACT_VERSION = "v1"
CONTRACT_FILE = pathlib.Path(__file__).with_name(f"reporting_contract_{CONTRACT_VERSION}.json")


class ContractError(Exception):
    """The database does not serve the reporting contract this service knows."""


@functools.cache
def load_contract():
    return json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))


def contract_relations(contract=None):
    """Every relation the service may read: the version view, then the contract views."""
    contract = contract or load_contract()
    return [contract["version_view"], *contract["views"]]


def check_contract(cursor, contract=None):
    """Raises ContractError unless the database serves this contract version with views
    whose columns match the contract exactly (names, order, types); returns the version."""
    contract = contract or load_contract()
    version_view = contract["version_view"]
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (version_view,))
    if not cursor.fetchone()[0]:
        raise ContractError(
            f"the database serves no reporting contract: the view {version_view} is missing "
            f"(is zugong_info installed and up to date?)")
    cursor.execute(f"SELECT version FROM {version_view}")
    versions = sorted(row[0] for row in cursor.fetchall())
    if contract["version"] not in versions:
        served = ", ".join(versions) or "none"
        raise ContractError(
            f"the database serves reporting contract versions {served}; this service reads "
            f"{contract['version']} only")

    expected = {name: [tuple(column) for column in view["columns"]]
                for name, view in contract["views"].items()}
    found = _relation_columns(cursor, list(expected))
    problems = []
    for name, columns in expected.items():
        if name not in found:
            problems.append(f"view {name} is missing")
        elif found[name] != columns:
            problems.append(f"view {name} has columns {_describe(found[name])}, "
                            f"the contract says {_describe(columns)}")
    if problems:
        raise ContractError(
            f"the database claims reporting contract {contract['version']} but "
            + "; ".join(problems))
    return contract["version"]


def _relation_columns(cursor, names):
    # format_type without the type modifier: numeric(16,2) is still numeric.
    cursor.execute(
        """
        SELECT wanted.name, a.attname, format_type(a.atttypid, NULL)
          FROM unnest(%s::text[]) AS wanted(name)
          JOIN pg_attribute a ON a.attrelid = to_regclass(wanted.name)
         WHERE a.attnum > 0 AND NOT a.attisdropped
         ORDER BY wanted.name, a.attnum
        """,
        (names,),
    )
    columns = {}
    for name, column, type_name in cursor.fetchall():
        columns.setdefault(name, []).append((column, type_name))
    return columns


def _describe(columns):
    return "(" + ", ".join(f"{name} {type_name}" for name, type_name in columns) + ")"


def readonly_role_sql(role="zugong_stats", database="zugong", password=None, contract=None):
    """SQL, to be run by the owner of the views, creating a login role that can read the
    contract's views and nothing else (a view reads its tables with its owner's rights)."""
    contract = contract or load_contract()
    relations = ", ".join(contract_relations(contract))
    password_clause = f" PASSWORD {_literal(password)}" if password else ""
    return f"""\
-- Read-only role of the stats service: SELECT on the reporting contract {contract['version']} views only.
CREATE ROLE {_identifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION{password_clause};
ALTER ROLE {_identifier(role)} SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE {_identifier(database)} TO {_identifier(role)};
GRANT USAGE ON SCHEMA public TO {_identifier(role)};
GRANT SELECT ON {relations} TO {_identifier(role)};
"""


def _identifier(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(value):
    return "'" + value.replace("'", "''") + "'"
