"""The reporting contract check (the read-only role: test_security.py)."""
import copy

import pytest

from harness import connect
from zugong_stats.contract import ContractError, check_contract, contract_relations, load_contract
from zugong_stats.sandbox import sandbox_sql


def contract_with(change):
    contract = copy.deepcopy(load_contract())
    change(contract)
    return contract


def retype_submitted_on(contract):
    columns = contract["views"]["zugong_item_v2"]["columns"]
    columns[[name for name, _type in columns].index("submitted_on")][1] = "timestamp"


def drop_word_count(contract):
    columns = contract["views"]["zugong_item_v2"]["columns"]
    columns.pop([name for name, _type in columns].index("word_count"))


def add_column(contract):
    contract["views"]["zugong_unit_v2"]["columns"].append(["sequence", "integer"])


def swap_first_columns(contract):
    columns = contract["views"]["zugong_score_line_v2"]["columns"]
    columns[0], columns[1] = columns[1], columns[0]


def without_view(contract):
    del contract["views"]["zugong_pass_mark_v2"]


def with_precision(contract):
    contract["views"]["zugong_score_line_v2"]["columns"][6][1] = "numeric(16,2)"


REFUSED = [
    ("no version view", sandbox_sql() + "DROP VIEW zugong_reporting.zugong_reporting_contract;",
     "zugong_reporting_contract is missing"),
    ("another version", sandbox_sql(versions=["v3"]), "versions v3; this service reads v2"),
    ("no version at all", sandbox_sql(versions=[]), "versions none"),
    ("a column of another type", sandbox_sql(contract=contract_with(retype_submitted_on)),
     "zugong_item_v2 has columns"),
    ("a column missing", sandbox_sql(contract=contract_with(drop_word_count)), "zugong_item_v2"),
    ("a column too many", sandbox_sql(contract=contract_with(add_column)), "zugong_unit_v2"),
    ("columns in another order", sandbox_sql(contract=contract_with(swap_first_columns)),
     "zugong_score_line_v2"),
    ("a view missing", sandbox_sql(contract=contract_with(without_view)),
     "view zugong_pass_mark_v2 is missing"),
    ("the views in schema public", sandbox_sql() + "".join(
        f"ALTER VIEW zugong_reporting.{name} SET SCHEMA public;" for name in contract_relations()),
     "zugong_reporting.zugong_reporting_contract is missing"),
]


def check(dbname):
    with connect(dbname) as conn, conn.cursor() as cursor:
        return check_contract(cursor)


@pytest.mark.parametrize("contract_sql, reason", [case[1:] for case in REFUSED],
                         ids=[case[0] for case in REFUSED])
def test_a_contract_the_service_does_not_know_is_refused(databases, contract_sql, reason):
    with pytest.raises(ContractError, match=reason):
        check(databases.create(contract_sql=contract_sql))


def test_the_contract_built_from_its_file_is_accepted(city_db):
    assert check(city_db) == "v2"


def test_more_versions_served_besides_v2_are_fine(databases):
    assert check(databases.create(versions=["v2", "v3"])) == "v2"


def test_numeric_with_a_precision_is_still_numeric(databases):
    assert check(databases.create(contract_sql=sandbox_sql(contract=contract_with(with_precision)))) == "v2"
