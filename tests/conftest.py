import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


def pytest_configure(config):
    # Starlette suggests its successor HTTP client when its TestClient is imported; httpx
    # is still the one the stats service's tests use.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="session")
def root():
    return ROOT
