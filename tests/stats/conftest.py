import pytest

import city
from harness import Databases


@pytest.fixture(scope="session")
def databases():
    created = Databases()
    yield created
    created.drop_all()


@pytest.fixture(scope="session")
def city_db(databases):
    return databases.create(load=city.load)
