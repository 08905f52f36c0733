"""Registers and currency: every designation in exactly one register, and status past a register's
complete-to date said in plain words on every page (AppTest), in exports and on stderr (test_export)."""

import csv
import datetime as dt
from pathlib import Path

import pytest

import registry
from registry import registers
from tests.support.data import open_app

UND = 'Example "undesirable" list: complete to 2024-01-31 from the official list; later listings from press reports, may be incomplete.'


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_every_designation_belongs_to_exactly_one_register(real_reg, small_reg):
    for reg in (real_reg, small_reg):
        ids = registers.register_ids(reg)
        assert ids.notna().all()
        assert set(ids) <= set(reg.tables["registers"]["id"])
    ids = registers.register_ids(small_reg).set_axis(small_reg.table["designation_id"])
    assert ids["ru-fa-1"] == "ru-foreign-agents" and ids["ru-und-10"] == "ru-undesirable" and ids["us-fara-6485"] == "us-all"


def test_a_designation_without_a_register_is_a_validation_problem(small_data):
    _append(small_data / "designations.csv", "xk-1,north-wind,DE,blocked,eu-833-2014,Someone,2024-01-01,,,,,,https://example.org/x,,,")
    problems = registry.validate(small_data)
    assert [(p.file, p.row, p.column) for p in problems] == [("designations.csv", 9, "jurisdiction")]
    assert "no register in registers.csv covers DE 'blocked'" in problems[0].message


def test_overlapping_registers_are_a_validation_problem(small_data):
    _append(small_data / "registers.csv", "ru-again,RU,undesirable blocked,Again,,,,x,y,")
    _append(small_data / "registers.csv", "eu-again,EU,*,Again,,,,x,y,")
    problems = {(p.file, p.row, p.column): p.message for p in registry.validate(small_data)}
    assert "already in register 'ru-undesirable'" in problems[("registers.csv", 7, "designations")]
    assert "already has a '*' register (eu-all)" in problems[("registers.csv", 8, "designations")]


def test_an_official_source_checked_after_its_copy_is_a_validation_problem(small_data):
    registers_csv = small_data / "registers.csv"
    registers_csv.write_text(
        registers_csv.read_text(encoding="utf-8").replace('registry",,2025-08-15', 'registry",example-registry,2025-08-15'),
        encoding="utf-8",
    )
    path = small_data / "sources.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows[0]["id"] == "example-registry"
    text = path.read_text(encoding="utf-8").replace("official,2025-08-15,2026-11-01", "official,2025-08-15,2025-08-15")
    path.write_text(text, encoding="utf-8")
    assert registry.validate(small_data) == []
    path.write_text(text.replace("official,2025-08-15,2025-08-15", "official,2025-08-15,2026-11-01"), encoding="utf-8")
    problems = registry.validate(small_data)
    assert [(p.file, p.row, p.column) for p in problems] == [("sources.csv", 2, "checked")]
    assert "2025-08-15" in problems[0].message


def test_the_real_official_sources_show_their_copy_dates(real_reg):
    sources = real_reg.sources.set_index("id")
    for r in real_reg.tables["registers"].dropna(subset=["source_id"]).itertuples():
        assert sources.loc[r.source_id, "checked"] == r.copy_date, r.id
    copies = real_reg.tables["registers"].set_index("id")["copy_date"].dt.date.astype(str)
    assert (copies["ru-foreign-agents"], copies["ru-undesirable"], copies["us-fara"]) == ("2025-08-15", "2024-09-05", "2023-08-03")


def test_beyond_coverage_follows_the_date_and_the_filters(small_reg):
    F = registry.Filters
    late = registers.beyond_coverage(small_reg, F(as_of=dt.date(2025, 1, 1)))
    assert [n.register for n in late] == ["ru-undesirable", "us-all", "eu-all"]
    assert late[0].sentence == UND
    assert [n.register for n in registers.beyond_coverage(small_reg, F(as_of=dt.date(2022, 3, 2)))] == []
    assert [n.register for n in registers.beyond_coverage(small_reg, F(as_of=dt.date(2026, 1, 1), jurisdictions=("RU",)))] == [
        "ru-foreign-agents",
        "ru-undesirable",
    ]
    # a filter on a code of a register with no designation still reaches it: an empty answer may be a gap
    other = registers.beyond_coverage(small_reg, F(as_of=dt.date(2020, 1, 1), designations=("extremist",)))
    assert [n.register for n in other] == ["ru-other"]
    assert other[0].sentence.startswith("Example other measures: no date to which it is known to be complete")


@pytest.fixture
def app(small_data, monkeypatch):
    monkeypatch.setenv("REGISTRY_DATA", str(small_data))

    def make(page=None, **params):
        at = open_app(page, **params)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


def _notice(at) -> str:
    found = [i.value for i in at.info if "may miss listings and exclusions" in i.value]
    assert len(found) <= 1
    return found[0] if found else ""


# The notice's text is escaped markdown: compare without the escapes.
def _plain(text: str) -> str:
    return text.replace("\\", "")


@pytest.mark.parametrize(
    "page, params",
    [
        (None, {}),
        ("app_pages/explore.py", {}),
        ("app_pages/outlet.py", {"outlet": "north-wind"}),
        ("app_pages/changes.py", {"changed_since": "2024-01-01", "changed_until": "2025-01-01"}),
    ],
    ids=["overview", "explore", "outlet", "changes"],
)
def test_every_page_that_states_status_says_when_it_is_past_a_register(app, page, params):
    late = _plain(_notice(app(page, as_of="2025-01-01", **params)))
    assert "Status on 2025-01-01 may miss listings and exclusions" in late
    assert UND in late
    assert 'Example "foreign agent" registry' not in late  # complete to 2025-08-15
    early = app(
        page,
        as_of="2022-03-02",
        **{**params, **({"changed_since": "2022-01-01", "changed_until": "2022-03-02"} if page == "app_pages/changes.py" else {})},
    )
    assert _notice(early) == ""


def test_the_notice_is_text_not_markup(app, small_data):
    path = small_data / "registers.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Example EU measures", "**EU** <b>x</b> [l](javascript:alert(1))"), encoding="utf-8"
    )
    at = app(as_of="2025-01-01")
    notice = _notice(at)
    assert "\\*\\*EU\\*\\*" in notice and "\\<b\\>" in notice and "\\[l\\]\\(javascript" in notice
