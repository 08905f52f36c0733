import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SMALL = Path(__file__).parent / "fixtures" / "small"
REFERENCE = ROOT.parent / "shared" / "reference"


def make_small_data(target: Path) -> Path:
    """The fictional fixture beside the real schema and vocabularies."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("datapackage.json", "designation_types.csv", "countries.csv"):
        shutil.copy(DATA / name, target / name)
    for name in ("outlets.csv", "designations.csv", "laws.csv", "sources.csv", "source_exclusions.csv"):
        shutil.copy(SMALL / name, target / name)
    return target


@pytest.fixture
def small_data(tmp_path) -> Path:
    return make_small_data(tmp_path / "data")


@pytest.fixture(scope="session")
def small_reg(tmp_path_factory):
    import registry

    return registry.load(make_small_data(tmp_path_factory.mktemp("small") / "data"))


@pytest.fixture(scope="session")
def real_reg():
    import registry

    return registry.load(DATA)


def reference_file(*parts: str) -> Path:
    """A file of ../shared/reference: skipped when absent, but a failure under CI."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared/reference beside the checkout")
        pytest.skip(f"{path} not present (../shared/reference is only beside the project in the developers' and CI's checkouts)")
    return path


def shown(markdown: str) -> str:
    """The text a reader sees of markdown escaped by ui.text.plain (every escaped character as written)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
