"""Importers: fixtures in each official format vs their golden output, failures, and the real reference copies."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pandas as pd
import pytest

import registry.importers as importers
from registry.importers import ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara
from registry.importers.base import SourceInfo, split_resources
from tests.support import importer_fixtures as mf
from tests.support.data import reference_file
from tests.support.importer_fixtures import BASIS, KIND, START, fixture
from tests.support.importer_fixtures import FEW_ROWS as SMALL
from tests.support.importer_fixtures import HERE as FIXTURES


def canonical_csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


# --- the shape ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(importers.SOURCES))
def test_source_record_and_fixture_matches_golden(name):
    module = importers.get(name)
    source = module.SOURCE
    assert isinstance(source, SourceInfo) and source.name == name
    assert source.official and source.publisher and source.url.startswith("https://")
    assert source.expected_rows[0] <= source.expected_rows[1]
    assert set(source.columns.values()) <= set(module.CANONICAL_COLUMNS)
    assert all(reason for reason in source.ignored.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.name = "other"  # type: ignore[misc]

    df = module.parse(fixture(name), expected_rows=SMALL)

    assert tuple(df.columns) == module.CANONICAL_COLUMNS
    assert canonical_csv(df) == (FIXTURES / f"{name}.expected.csv").read_text(encoding="utf-8")
    for value in df.to_numpy().ravel():
        assert value is None or type(value) in (str, date), repr(value)
    assert all(dtype is pd.api.types.pandas_dtype(object) for dtype in df.dtypes)
    assert list(df.index) == list(range(len(df)))


def test_fixtures_are_what_importer_fixtures_writes(tmp_path):
    """The committed json/csv fixtures are the script's output (xlsx embeds save times, so it is re-parsed)."""
    for name, (file_name, write) in mf.FIXTURES.items():
        fresh = write(tmp_path / file_name)
        if fresh.suffix == ".xlsx":
            module = importers.get(name)
            assert canonical_csv(module.parse(fresh, expected_rows=SMALL)) == canonical_csv(
                module.parse(fixture(name), expected_rows=SMALL)
            )
        else:
            assert fresh.read_bytes() == fixture(name).read_bytes(), "rerun python -m tests.support.importer_fixtures"


def test_get_names_the_valid_sources():
    assert importers.get("us_fara") is us_fara
    with pytest.raises(KeyError, match="ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara"):
        importers.get("ru_fara")


def test_personal_identifiers_never_reach_the_output():
    source = ru_minjust_foreign_agents.SOURCE
    for column in ("ИНН", "ОГРН", "СНИЛС", "Дата рождения", "Адрес (место нахождения)", "Регистрационный номер",
                   "Полное наименование или ФИО участников", "Номер специального счета"):  # fmt: skip
        assert column in source.ignored and column not in source.columns

    out = canonical_csv(ru_minjust_foreign_agents.parse(fixture("ru_minjust_foreign_agents"), expected_rows=SMALL))
    written = mf.foreign_agents_rows()
    for value in mf.PERSONAL_VALUES:
        assert any(value in row for row in written), f"{value!r} is not in the fixture, so the test proves nothing"
        assert value not in out
    # Dates of birth would come out as ISO dates.
    assert "1906-06-06" not in out and "1903-03-03" not in out

    fara = canonical_csv(us_fara.parse(fixture("us_fara"), expected_rows=SMALL))
    for address in mf.FARA_ADDRESSES:
        assert address in fixture("us_fara").read_text(encoding="utf-8")
        assert address not in fara


def test_split_resources_cleans_what_the_registry_prints():
    text = (
        "https://t.me/a, ID: - 1001; https://x.example/b https://y.example/c\n"
        "https://www.facebook.com/profile.php?id=1000008 86047662;\r\n"
        '"https://q.example/, https://t.me/d «Instagram»; https://q.example/'
    )
    assert split_resources(text) == [
        "https://t.me/a",
        "https://x.example/b",
        "https://y.example/c",
        "https://www.facebook.com/profile.php?id=100000886047662",
        "https://q.example/",
        "https://t.me/d",
    ]
    assert split_resources("") == [] and split_resources(None) == []


def test_unknown_columns_warn_and_are_not_read(tmp_path):
    rows = [[*row, "секрет"] for row in mf.foreign_agents_rows()]
    path = mf.write_foreign_agents(tmp_path / "fa.xlsx", rows, [*mf.FA_HEADER, "Новая колонка"])
    with pytest.warns(UserWarning, match="unknown column 'Новая колонка'"):
        df = ru_minjust_foreign_agents.parse(path, expected_rows=SMALL)
    assert "секрет" not in canonical_csv(df)

    entries = [{**entry, "comment": "x"} for entry in mf.undesirable_entries()]
    path = mf.write_undesirable(tmp_path / "und.json", entries)
    with pytest.warns(UserWarning, match="unknown column 'comment'") as caught:
        ru_minjust_undesirable.parse(path, expected_rows=SMALL)
    assert len([w for w in caught if "comment" in str(w.message)]) == 1

    # Rows split by broken quoting cannot be rejoined once the columns differ from the published ones.
    lines = [line + ',"extra"' for line in mf.FARA_LINES if line.count('","') == len(mf.FARA_HEADER) - 1]
    assert len(lines) == 3
    path = mf.write_fara(tmp_path / "fara.csv", lines, [*mf.FARA_HEADER, "Notes"])
    with pytest.warns(UserWarning, match="unknown column 'Notes'"):
        us_fara.parse(path, expected_rows=SMALL)


# --- failures: each message names the file, and the row and column where there is one ------------



FAILURES = {
    # id: (module, write the broken file, expected_rows, [fragments the message must contain])
    "fa-missing-column": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_without(t, BASIS), SMALL,
        ["registry.xlsx", "row 3", BASIS, "missing expected column"],
    ),
    "fa-unknown-legal-basis": (
        ru_minjust_foreign_agents,
        lambda t: mf.fa_file_with(t, 2, 2, "Статья 8 Федерального закона от 14.07.2022 № 255-ФЗ «О контроле»"), SMALL,
        ["registry.xlsx", "row 6", BASIS, "unknown legal basis", "Статья 8"],
    ),
    "fa-same-article-other-law": (
        ru_minjust_foreign_agents,
        lambda t: mf.fa_file_with(t, 0, 2, mf.ART7.replace("14.07.2022", "14.07.2021")), SMALL,
        ["registry.xlsx", "row 4", BASIS, "unknown legal basis"],
    ),
    "fa-unknown-entity-type": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 1, 6, "Иностранные агенты влияния"), SMALL,
        ["registry.xlsx", "row 5", KIND, "unknown type of foreign agent", "Иностранные агенты влияния"],
    ),
    "fa-bad-date-layout": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 3, 3, "2020-01-15"), SMALL,
        ["registry.xlsx", "row 7", START, "expected a date as dd.mm.yyyy", "2020-01-15"],
    ),
    "fa-impossible-date": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 3, 3, "31.02.2020"), SMALL,
        ["registry.xlsx", "row 7", START, "not a real date", "31.02.2020"],
    ),
    "fa-excel-number-not-date": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 3, 3, 43845), SMALL,
        ["registry.xlsx", "row 7", START, "expected a date", "43845"],
    ),
    "fa-blank-start-date": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 4, 3, ""), SMALL,
        ["registry.xlsx", "row 8", START, "required"],
    ),
    "fa-duplicate-entry-number": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 1, 0, "907"), SMALL,
        ["registry.xlsx", "row 5", "№ п/п", "repeats row 4"],
    ),
    "fa-not-a-number": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 1, 0, "9O6"), SMALL,
        ["registry.xlsx", "row 5", "№ п/п", "whole number"],
    ),
    "fa-wrong-title": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file(t, title="Реестр СМИ"), SMALL,
        ["registry.xlsx", "row 1", "expected the title"],
    ),
    "fa-bad-timestamp": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file(t, timestamp="вчера"), SMALL,
        ["registry.xlsx", "row 2", "export timestamp"],
    ),
    "fa-row-count": (
        ru_minjust_foreign_agents, mf.fa_file, None,
        ["registry.xlsx", "9 entries read", "outside the expected range 500-5000"],
    ),
    "fa-empty-file": (
        ru_minjust_foreign_agents, lambda t: mf.raw_file(t, "empty.xlsx", b""), SMALL,
        ["empty.xlsx", "the file is empty"],
    ),
    "fa-truncated": (
        ru_minjust_foreign_agents,
        lambda t: mf.raw_file(t, "cut.xlsx", fixture("ru_minjust_foreign_agents").read_bytes()[:3000]), SMALL,
        ["cut.xlsx", "not a readable Excel .xlsx workbook"],
    ),
    "fa-not-excel": (
        ru_minjust_foreign_agents, lambda t: mf.raw_file(t, "page.xlsx", b"<html><body>Access denied</body></html>"),
        SMALL, ["page.xlsx", "not a readable Excel .xlsx workbook"],
    ),
    "fa-missing-file": (
        ru_minjust_foreign_agents, lambda t: t / "nowhere.xlsx", SMALL, ["nowhere.xlsx", "no such file"],
    ),
    "und-missing-key": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 2, dateIn=None), SMALL,
        ["undesirable.json", "row 3", "'dateIn'", "missing expected key"],
    ),
    "und-bad-date": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 1, dateOut="2023-13-01"), SMALL,
        ["undesirable.json", "row 2", "'dateOut'", "expected a date as dd.mm.yyyy"],
    ),
    "und-dates-disagree": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 2, dateIn="16.03.2024"), SMALL,
        ["undesirable.json", "row 3", "'decisionInMinjust'", "15.03.2024 disagrees with dateIn 16.03.2024"],
    ),
    "und-unparseable-order": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 0, decisionInMinjust="Распоряжение 101 от 10.02.2016"), SMALL,
        ["undesirable.json", "row 1", "'decisionInMinjust'", "expected a ministry order"],
    ),
    "und-two-dates-in-decision": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 0, decisionInGenproc="№ 1 от 01.02.2016, от 02.02.2016"), SMALL,
        ["undesirable.json", "row 1", "'decisionInGenproc'", "Prosecutor General"],
    ),
    "und-decision-after-listing": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 3, decisionInGenproc="№ 4 от 05.04.2018"), SMALL,
        ["undesirable.json", "row 4", "'decisionInGenproc'", "postdates the listing"],
    ),
    "und-exclusion-without-date": (
        ru_minjust_undesirable, lambda t: mf.undesirable_file_with(t, 3, dateOut=""), SMALL,
        ["undesirable.json", "row 4", "'dateOut'", "without an exclusion date"],
    ),
    "und-not-an-object": (
        ru_minjust_undesirable,
        lambda t: mf.write_undesirable(t / "undesirable.json", [*mf.undesirable_entries(), "5"]), SMALL,
        ["undesirable.json", "row 5", "expected an object"],
    ),
    "und-not-a-list": (
        ru_minjust_undesirable, lambda t: mf.raw_file(t, "undesirable.json", json.dumps({"items": []}).encode()), SMALL,
        ["undesirable.json", "expected a JSON list"],
    ),
    "und-row-count": (
        ru_minjust_undesirable, lambda t: mf.write_undesirable(t / "undesirable.json"), None,
        ["undesirable.json", "4 entries read", "outside the expected range 100-2000"],
    ),
    "und-empty-file": (
        ru_minjust_undesirable, lambda t: mf.raw_file(t, "empty.json", b""), SMALL, ["empty.json", "the file is empty"],
    ),
    "und-not-json": (
        ru_minjust_undesirable, lambda t: mf.raw_file(t, "page.json", b"<!DOCTYPE html><html></html>"), SMALL,
        ["page.json", "not valid JSON", "line 1"],
    ),
    "und-truncated-json": (
        ru_minjust_undesirable, lambda t: mf.raw_file(t, "cut.json", fixture("ru_minjust_undesirable").read_bytes()[:200]),
        SMALL, ["cut.json", "not valid JSON"],
    ),
    "und-binary": (
        ru_minjust_undesirable, lambda t: mf.raw_file(t, "x.json", fixture("ru_minjust_foreign_agents").read_bytes()),
        SMALL, ["x.json", "not UTF-8"],
    ),
    "fara-missing-column": (
        us_fara,
        lambda t: mf.fara_file(t, [line.rsplit(",", 1)[0] for line in mf.FARA_LINES[:2]], mf.FARA_HEADER[:-1]), SMALL,
        ["fara.csv", "row 1", "'Zip'", "missing expected column"],
    ),
    "fara-bad-date": (
        us_fara, lambda t: mf.fara_file(t, [mf.FARA_LINES[0], mf.FARA_LINES[1].replace('"01/21/1974"', '"1974-01-21"')]),
        SMALL, ["fara.csv", "row 3", "'Foreign_Principal_Registration_Date'", "expected a date as mm/dd/yyyy"],
    ),
    "fara-bad-number": (
        us_fara, lambda t: mf.fara_file(t, [mf.FARA_LINES[1].replace('"12"', '"12A"')]), SMALL,
        ["fara.csv", "row 2", "'Registration_Number'", "whole number"],
    ),
    "fara-short-row": (
        us_fara, lambda t: mf.fara_file(t, [mf.FARA_LINES[0], '"","Lonely Principal","01/01/2000"']), SMALL,
        ["fara.csv", "row 3", "3 fields where the header has 12"],
    ),
    "fara-unrepairable-row": (
        us_fara, lambda t: mf.fara_file(t, [mf.FARA_LINES[1].replace('"ATLANTIS"', '"ATLANTIS","SEA"').replace(", Jane", '","Jane')]),
        SMALL, ["fara.csv", "row 2", "no single way to rejoin"],
    ),
    "fara-row-count": (
        us_fara, lambda t: mf.fara_file(t, mf.FARA_LINES), None,
        ["fara.csv", "5 entries read", "outside the expected range 10000-60000"],
    ),
    "fara-empty-file": (us_fara, lambda t: mf.raw_file(t, "empty.csv", b""), SMALL, ["empty.csv", "the file is empty"]),
    "fara-not-csv": (
        us_fara, lambda t: mf.raw_file(t, "x.csv", fixture("ru_minjust_foreign_agents").read_bytes()), SMALL,
        ["x.csv", "not UTF-8"],
    ),
    "fara-other-csv": (
        us_fara, lambda t: mf.raw_file(t, "other.csv", b"a,b\n1,2\n"), SMALL, ["other.csv", "missing expected column"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(FAILURES))
def test_broken_input_fails_with_a_message_naming_file_row_and_column(case, tmp_path):
    path, error = mf.parse_fails_naming(*FAILURES[case], tmp_path)
    assert error.path == str(path)


def test_excel_dates_and_text_dates_are_both_read(tmp_path):
    rows = mf.foreign_agents_rows()
    rows[3][3] = date(2020, 1, 15)  # stored as an Excel date instead of text
    df = ru_minjust_foreign_agents.parse(mf.fa_file(tmp_path, rows=rows), expected_rows=SMALL)
    assert canonical_csv(df) == (FIXTURES / "ru_minjust_foreign_agents.expected.csv").read_text(encoding="utf-8")


def test_fara_counts_what_was_read():
    df = us_fara.parse(fixture("us_fara"), expected_rows=SMALL)
    assert df.attrs == {"rows_read": 5, "rows_repaired": 2}


def test_select_media_rule():
    names = {
        "ANO TV-Novosti": "RT",
        "Federal State Unitary Enterprise Rossiya Segodnya International Information Agency": "Rossiya Segodnya / Sputnik",
        "China Daily of Beijing, China": "China Daily",
        "China Global Television Network (CGTN)": "CCTV / CGTN",
        "Xinhua News Agency": "Xinhua",
        "People's Daily Overseas Edition": "People's Daily",
        "Korean Broadcasting System through e-KBS Co., Ltd.": "KBS",
        "BBC Brown, Boveri & Company": None,  # Swiss engineering, not the BBC
        "Nacionalno Trudovoy Soyuz (NTS)": None,  # not "Trud"
        "Sing Tao News Corporation Ltd.": None,  # privately owned
        "Austrian Press & Information Service": None,  # government communications
        "Fuji Bank, Ltd.": None,  # registered by NHK Cosmomedia America: registrants are not searched
    }
    df = pd.DataFrame({"foreign_principal": list(names), "registrant_name": ["NHK Cosmomedia America, Inc."] * len(names)})
    selected = us_fara.select_media(df)
    assert dict(zip(selected["foreign_principal"], selected["media"], strict=True)) == {
        name: label for name, label in names.items() if label
    }
    for label, pattern in us_fara.MEDIA_PATTERNS:
        re.compile(pattern)
        assert label


# --- the real reference copies (../shared/reference) ---------------------------------------------


def test_reference_absent_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        reference_file("no-such-source", "file.xlsx")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have"):
        reference_file("no-such-source", "file.xlsx")


def test_real_foreign_agents_registry():
    df = ru_minjust_foreign_agents.parse(reference_file("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx"))
    assert len(df) == 1050
    assert df["registry_ref"].tolist() == [str(n) for n in range(1, 1051)]
    bases = df["legal_basis"].value_counts().to_dict()
    assert bases["ru-2124-1-art6"] == 175 and bases["ru-2124-1-art25-1"] == 27
    assert df["legal_basis"].isin(["ru-2124-1-art6", "ru-2124-1-art25-1"]).sum() == 202
    assert df["end_date"].notna().sum() == 232
    assert df["entity_type"].isna().sum() == 8
    assert set(df["snapshot"]) == {date(2025, 8, 15)}
    art6 = df[df["legal_basis"] == "ru-2124-1-art6"]["entity_type"]
    assert (art6 == "individual").sum() == 147  # and 28 outlets
    # TV Rain's company excluded on 01.12.2023, the day the channel was re-listed (README of the reference).
    assert (df["end_date"] == date(2023, 12, 1)).any() and (df["start_date"] == date(2023, 12, 1)).any()
    out = canonical_csv(df)
    assert not re.search(r"\b\d{3}-\d{3}-\d{3} \d{2}\b", out), "a SNILS-shaped number reached the output"
    assert "Дата рождения" not in df.columns and "ИНН" not in df.columns


def test_real_undesirable_list():
    df = ru_minjust_undesirable.parse(reference_file("ru-minjust-undesirable", "registry-2024-09-05.json"))
    assert len(df) == 188
    assert df["registry_ref"].tolist() == [str(n) for n in range(1, 189)]
    assert df["end_date"].isna().all() and df["exclusion_ref"].isna().all()
    assert df["decision_ref"].notna().sum() == 7
    assert (df["decision_date"] <= df["start_date"]).all()
    first = df.iloc[0]
    assert (first["listing_ref"], first["decision_ref"], first["start_date"], first["decision_date"]) == (
        "1076-р", "1", date(2015, 7, 29), date(2015, 7, 28),
    )  # fmt: skip


@pytest.fixture(scope="module")
def real_fara() -> pd.DataFrame:
    return us_fara.parse(reference_file("us-fara", "FARA_All_ForeignPrincipals_2023-08-03.csv"))


def test_real_fara_rows_read(real_fara):
    assert real_fara.attrs == {"rows_read": 16947, "rows_repaired": 13}
    assert len(real_fara) == 16947


@pytest.mark.parametrize(
    "ref, registrant, principal, start",
    [
        ("6485", "T&R Productions LLC", "ANO TV-Novosti", date(2017, 11, 10)),
        ("6524", "RIA Global LLC", "Federal State Unitary Enterprise Rossiya Segodnya International Information Agency", date(2018, 2, 16)),
        ("3457", "China Daily Distribution Corporation", "China Daily of Beijing, China", date(1983, 4, 19)),
    ],
)  # fmt: skip
def test_real_fara_media_registrations_are_selected(real_fara, ref, registrant, principal, start):
    media = us_fara.select_media(real_fara)
    hit = media[(media["registry_ref"] == ref) & (media["foreign_principal"] == principal)]
    assert len(hit) == 1
    assert hit.iloc[0]["registrant_name"] == registrant and hit.iloc[0]["start_date"] == start


# --- a source is one module -------------------------------------------------------------------


def test_importers_schema_enum_and_sources_csv_agree():
    """The importer list, source_exclusions.source's enum and sources.csv name the same sources."""
    import csv

    from registry import importers
    from registry.schema import read_package
    from tests.support.data import DATA

    enum = read_package(DATA).resource("source_exclusions").field("source").enum
    assert sorted(importers.MAPS) == sorted(enum) == sorted(m.SOURCE.name for m in importers.MODULES)
    sources = {r["id"]: r for r in csv.DictReader((DATA / "sources.csv").open(encoding="utf-8"))}
    for name, smap in importers.MAPS.items():
        assert smap.name == name and smap.parse is importers.get(name).parse
        row = sources.get(smap.source_id)
        assert row is not None, f"{name}: sources.csv has no row {smap.source_id!r}"
        assert {k: row[k] for k in smap.source_row} == dict(smap.source_row), f"{name}: its sources.csv row differs from what the importer declares"
        assert smap.id_prefix and not any(other.id_prefix.startswith(smap.id_prefix) for other in importers.MAPS.values() if other is not smap)


def test_the_review_machinery_never_names_a_source():
    from registry import importers
    from tests.support.data import ROOT

    names = set(importers.MAPS) | {m.source_id for m in importers.MAPS.values()} | {m.id_prefix for m in importers.MAPS.values()}
    for module in ("registry/proposals.py", "registry/entries.py"):
        code = "\n".join(line for line in (ROOT / module).read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
        body = code.split('"""', 2)[-1]  # the module docstring may describe the sources; the code may not name them
        assert not [n for n in names if n in body], module


def test_importers_are_found_not_listed():
    """Every module of registry/importers but the shared base is a source, named like its file:
    adding a source is one new module, with nothing to register by hand."""
    import pkgutil

    files = sorted(m.name for m in pkgutil.iter_modules(importers.__path__) if m.name not in importers.SHARED)
    assert [m.__name__.rsplit(".", 1)[1] for m in importers.MODULES] == files
    for module in importers.MODULES:
        assert module.SOURCE.name == module.__name__.rsplit(".", 1)[1]
        assert callable(module.parse) and module.MAP.name == module.SOURCE.name
