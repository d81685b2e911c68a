import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


@pytest.fixture(scope="session")
def root():
    return ROOT
