"""Where the data lives and small registries built from the fictional fixture, for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SMALL = ROOT / "tests" / "fixtures" / "small"
REFERENCE = ROOT.parent / "shared" / "reference"
DASHBOARD = ROOT / "dashboard.py"  # the pages (AppTest runs this)
SERVER = ROOT / "serve.py"  # the pages of dashboard.py and the HTTP routes of service.api, as in production


def make_small_data(target: Path) -> Path:
    """The fictional fixture beside the real schema and vocabularies."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("datapackage.json", "designation_types.csv", "countries.csv"):
        shutil.copy(DATA / name, target / name)
    for name in ("outlets.csv", "designations.csv", "laws.csv", "sources.csv", "source_exclusions.csv", "registers.csv", "expected_counts.csv"):
        shutil.copy(SMALL / name, target / name)
    return target


def reference_file(*parts: str) -> Path:
    """A file of ../shared/reference: skipped when absent, but a failure under CI."""
    import pytest

    path = REFERENCE.joinpath(*parts)
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared/reference beside the checkout")
        pytest.skip(f"{path} not present (../shared/reference is only beside the project in the developers' and CI's checkouts)")
    return path


def shown(markdown: str) -> str:
    """The text a reader sees of markdown escaped by ui.safe_text.plain (escaped characters as written)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def open_app(page: str | None = None, timeout: float = 60, **params: str):
    """The dashboard in AppTest with these URL parameters, run once (then switched to `page`)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(DASHBOARD, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at
