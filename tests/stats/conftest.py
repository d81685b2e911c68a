import functools

import pytest

import city
from harness import Databases, compute_notice, open_client


@pytest.fixture(scope="session")
def databases():
    created = Databases()
    yield created
    created.drop_all()


@pytest.fixture(scope="session")
def city_db(databases):
    return databases.create(load=city.load)


@pytest.fixture(scope="session")
def client_for():
    return open_client


@pytest.fixture(scope="session")
def city_client(city_db):
    with open_client(city_db) as client:
        yield client


@pytest.fixture(scope="session")
def notice(city_db):
    """notice(**parameters) -> the city's notice (see harness.notice_request)."""
    return functools.partial(compute_notice, city_db)
