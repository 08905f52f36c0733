"""Expected counts: the data against published totals; shortfalls shown on Methodology as known gaps."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import registry
from registry import expected
from tests.support.data import DATA

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def test_compare_counts_the_register_laws_and_dates(small_reg):
    result = expected.compare(small_reg).set_index("id")
    assert (result.loc["ru-fa-art6", "expected"], result.loc["ru-fa-art6", "found"], result.loc["ru-fa-art6", "shortfall"]) == (3, 3, 0)
    assert (result.loc["ru-fa-2024", "found"], result.loc["ru-fa-2024", "shortfall"]) == (1, 1)  # ru-fa-3 only
    assert list(expected.gaps(small_reg)["id"]) == ["ru-fa-2024"]
    assert expected.excess(small_reg).empty


def test_more_than_the_published_total_is_an_excess(small_data):
    path = small_data / "expected_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2023-12-31,3,", ",2023-12-31,2,"), encoding="utf-8")
    assert list(expected.excess(registry.load(small_data))["id"]) == ["ru-fa-art6"]


def test_a_count_that_is_not_a_number_is_a_validation_problem(small_data):
    path = small_data / "expected_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2023-12-31,3,", ",2023-12-31,three,"), encoding="utf-8")
    problems = registry.validate(small_data)
    assert {(p.file, p.row, p.column) for p in problems} == {("expected_counts.csv", 2, "expected")}
    assert any("not a whole number" in p.message for p in problems)


def test_the_real_data_never_exceeds_a_published_total_and_its_reference_totals_hold(real_reg):
    assert expected.excess(real_reg).empty, expected.excess(real_reg).to_string()
    result = expected.compare(real_reg).set_index("id")
    # the totals the reference copy of 2025-08-15 gives (shared/reference README): every Mass Media Law entry is in the data
    assert result.loc["ru-fa-mass-media-law-art6-2025-08-15", "shortfall"] == 0
    assert result.loc["ru-fa-mass-media-law-art25-1-2025-08-15", "shortfall"] == 0


def test_the_methodology_page_lists_every_known_gap(monkeypatch, real_reg):
    gaps = expected.gaps(real_reg)
    monkeypatch.setenv("REGISTRY_DATA", str(DATA))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page("app_pages/methodology.py").run()
    assert not at.exception
    shown = next(d.value for d in at.dataframe if "shortfall" in d.value.columns)
    assert list(shown["description"]) == list(gaps["description"])
    assert list(shown["shortfall"]) == list(gaps["shortfall"])
