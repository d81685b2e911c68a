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
}


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
