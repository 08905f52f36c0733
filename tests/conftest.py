import pytest

from tests.support.data import DATA, make_small_data


@pytest.fixture
def small_data(tmp_path):
    return make_small_data(tmp_path / "data")


@pytest.fixture(scope="session")
def small_reg(tmp_path_factory):
    import registry

    return registry.load(make_small_data(tmp_path_factory.mktemp("small") / "data"))


@pytest.fixture(scope="session")
def real_reg():
    import registry

    return registry.load(DATA)
