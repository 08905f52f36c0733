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


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium for the browser tests of one module; each test opens its own context.

    Skips without Chromium, but fails under CI (tests.support.browser.require_chromium). Per module,
    not per session: Playwright's sync API keeps an event loop running while it is open, and
    tests/test_capacity.py needs asyncio.run() between the browser modules.
    """
    from tests.support.browser import chromium, require_chromium

    require_chromium()
    with chromium() as b:
        yield b
