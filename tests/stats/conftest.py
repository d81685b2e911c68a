import functools

import pytest

import city
from harness import Databases, compute_notice


@pytest.fixture(scope="session")
def databases():
    created = Databases()
    yield created
    created.drop_all()


@pytest.fixture(scope="session")
def city_db(databases):
    return databases.create(load=city.load)


@pytest.fixture(scope="session")
def notice(city_db):
    """notice(**parameters) -> the city's notice (see harness.notice_request)."""
    return functools.partial(compute_notice, city_db)
