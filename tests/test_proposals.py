"""Keeping the registry current: `registry import` proposals, --apply, atomicity, and the real reference copies."""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import registry
from registry import proposals, transaction
from registry.importers import us_fara
from tests.support import importer_fixtures as mf
from tests.support import update_fixtures as mu
from tests.support.data import DATA, reference_file

UPDATES = mu.HERE
IMPORTER_FIXTURES = mf.HERE
FEW = (1, 50)
FA, UND, FARA = "ru_minjust_foreign_agents", "ru_minjust_undesirable", "us_fara"
FA_NEWER = UPDATES / "ru_minjust_foreign_agents.newer.xlsx"



def write_fa(path: Path, rows: list[list]) -> Path:
    """An export in the official format, as of the "current" snapshot, with the given rows."""
    return mf.write_foreign_agents(path, rows)


def edit_row(path: Path, key: str, value: str, **changes: str) -> None:
    """Set columns of the row whose `key` column is `value`, keeping the file's CSV dialect."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, records = reader.fieldnames, list(reader)
    (target,) = [r for r in records if r[key] == value]
    target.update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def make_current(target: Path) -> Path:
    """The fictional "current" data beside the real schema and vocabularies."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("datapackage.json", "designation_types.csv", "countries.csv"):
        shutil.copy(DATA / name, target / name)
    for path in (UPDATES / "current").glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def current(tmp_path) -> Path:
    return make_current(tmp_path / "data")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def summary(proposal: proposals.Proposal) -> set[tuple[str, str, str, str, str]]:
    return {(i.kind, i.designation_id, i.outlet_id, i.field, i.proposed) for i in proposal.items}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_fixtures_are_what_update_fixtures_writes(tmp_path):
    """The committed fixtures are the script's output (the xlsx embeds save times, so it is re-parsed)."""
    mu.main(tmp_path)
    fresh = {p.relative_to(tmp_path): p for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(UPDATES): p for p in UPDATES.rglob("*") if p.is_file() and p.suffix != ".py"}
    assert set(fresh) == set(committed)
    for name, path in fresh.items():
        if path.suffix == ".xlsx":
            parse = proposals.SOURCES[FA].parse
            assert parse(path, expected_rows=FEW).equals(parse(committed[name], expected_rows=FEW))
        else:
            assert path.read_bytes() == committed[name].read_bytes(), "rerun python -m tests.support.update_fixtures"


# --- the proposal -------------------------------------------------------------------------------


def test_the_snapshot_the_data_was_curated_from_gives_an_empty_proposal(current):
    proposal = proposals.propose(FA, IMPORTER_FIXTURES / "ru_minjust_foreign_agents.xlsx", current, expected_rows=FEW)
    assert proposal.empty, proposal.text()
    assert "Nothing to do" in proposal.text()


def test_a_newer_export_gives_exactly_its_changes(current):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert summary(proposal) == {
        ("new", "ru-fa-908", "novikova-vera-sergeevna", "", "Новикова Вера Сергеевна"),
        ("new", "ru-fa-909", "proekt-vymysel", "", "Проект «Вымысел»"),
        ("changed", "ru-fa-902", "vymyshlennoe-radio", "end_date", "2025-08-22"),
        ("changed", "ru-fa-902", "vymyshlennoe-radio", "end_reason", "excluded from the registry by the Ministry of Justice"),
        ("changed", "ru-fa-906", "anna-vymyslova", "name_native", "Вымыслова-Новая Анна Петровна «Анна Пример»"),
    }
    assert proposal.counts() == {"new": 2, "confirmed": 0, "changed": 3, "vanished": 0, "unconfirmed": 0, "conflict": 0}
    assert proposal.snapshot.isoformat() == "2025-09-05"
    text = proposal.text()
    assert "2 new · 0 confirmed · 3 changed · 0 vanished · 0 unconfirmed · 0 conflicts" in text
    assert "ru-fa-906 outlet anna-vymyslova name_native" in text


def test_report_files(current, tmp_path):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    out = proposals.write_report(proposal, tmp_path / "report")
    assert (out / "report.txt").read_text(encoding="utf-8") == proposal.text()
    frame = pd.read_csv(out / "proposal.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(proposals.PROPOSAL_COLUMNS)
    assert sorted(frame["kind"]) == ["changed", "changed", "changed", "new", "new"]
    assert set(frame["registry_ref"]) == {"902", "906", "908", "909"}


def test_vanished_entries_and_exclusions_are_flagged(current, tmp_path):
    path = write_fa(tmp_path / "fewer.xlsx", [r for r in mf.foreign_agents_rows() if r[0] not in ("903", "899")])
    proposal = proposals.propose(FA, path, current, expected_rows=FEW)
    vanished = {(i.designation_id, i.entry) for i in proposal.items if i.kind == "vanished"}
    assert vanished == {("ru-fa-903", "903"), ("", "899")}
    assert all(i.kind == "vanished" for i in proposal.items)


def test_conflicts_are_shown_not_settled(current):
    edit_row(current / "designations.csv", "id", "ru-fa-904", designation="undesirable")
    with (current / "source_exclusions.csv").open("a", encoding="utf-8") as fh:
        fh.write("ru_minjust_foreign_agents,903,not_media,2025-04-01,\n")
    older = IMPORTER_FIXTURES / "ru_minjust_foreign_agents.xlsx"
    proposal = proposals.propose(FA, older, current, expected_rows=FEW)
    conflicts = {(i.designation_id, i.field) for i in proposal.items if i.kind == "conflict"}
    assert conflicts == {("ru-fa-903", ""), ("ru-fa-904", "designation")}
    assert not [i for i in proposal.items if i.kind != "conflict"]


def test_an_exclusion_date_the_file_no_longer_prints_is_a_conflict(current, tmp_path):
    entries = mf.foreign_agents_rows()
    next(r for r in entries if r[0] == "905")[4] = ""
    path = write_fa(tmp_path / "unexcluded.xlsx", entries)
    proposal = proposals.propose(FA, path, current, expected_rows=FEW)
    assert [(i.kind, i.designation_id, i.field, i.current, i.proposed) for i in proposal.items] == [
        ("conflict", "ru-fa-905", "end_date", "2023-12-01", "")
    ]


def test_a_new_entry_with_an_existing_outlets_exact_name_is_linked_to_it(current, tmp_path):
    relisted = mf.fa_row("910", "Тестовый Пётр Сергеевич", mf.ART9, "29.08.2025", "", "", "Физические лица")
    path = write_fa(tmp_path / "relisted.xlsx", [relisted, *mf.foreign_agents_rows()])
    proposal = proposals.propose(FA, path, current, expected_rows=FEW)
    (item,) = proposal.items
    assert (item.kind, item.designation_id, item.outlet_id) == ("new", "ru-fa-910", "petr-testovy")
    assert "linked to existing outlet petr-testovy" in item.note
    designation, outlet = proposal.new_rows["910"]
    assert outlet is None and designation["outlet_id"] == "petr-testovy"


# --- apply ----------------------------------------------------------------------------------


def test_apply_then_the_same_import_is_a_no_op(current):
    before = {r["id"]: r for r in rows(current / "outlets.csv")}
    modes = {p.name: p.stat().st_mode for p in current.iterdir()}
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    done = proposals.apply(proposal)
    assert {p.name: p.stat().st_mode for p in current.iterdir()} == modes  # same files, same permissions, no leftovers
    assert (done.changed, done.added, done.excluded, done.skipped) == (3, 2, 0, 0)
    assert set(done.files) == {"designations.csv", "outlets.csv", "sources.csv", "registers.csv"}
    assert registry.validate(current) == []
    again = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert again.empty, again.text()

    outlets = {r["id"]: r for r in rows(current / "outlets.csv")}
    new_person = outlets["novikova-vera-sergeevna"]
    assert (new_person["name"], new_person["name_native"], new_person["kind"], new_person["notes"]) == (
        "Novikova Vera Sergeevna",
        "Новикова Вера Сергеевна",
        "journalist",
        proposals.PENDING_NOTE,
    )
    assert outlets["proekt-vymysel"]["kind"] == "outlet"
    assert outlets["anna-vymyslova"]["name_native"] == "Вымыслова-Новая Анна Петровна «Анна Пример»"
    for oid, row in before.items():  # curated fields are never touched
        assert {k: v for k, v in outlets[oid].items() if k != "name_native"} == {k: v for k, v in row.items() if k != "name_native"}
    designations = {r["id"]: r for r in rows(current / "designations.csv")}
    assert designations["ru-fa-902"]["end_date"] == "2025-08-22"
    assert designations["ru-fa-908"]["legal_basis"] == "ru-255-fz-art9"
    assert list(designations) == sorted(designations)  # the file stays in id order
    source = {r["id"]: r for r in rows(current / "sources.csv")}["ru-minjust-foreign-agents"]
    assert source["published"] == "2025-09-05"
    assert source["checked"] == "2025-09-05"  # the copy's date, not the day of the import
    register = {r["id"]: r for r in rows(current / "registers.csv")}["ru-foreign-agents"]
    assert (register["copy_date"], register["complete_to"]) == ("2025-09-05", "2025-09-05")


def test_no_personal_identifier_of_the_file_reaches_the_data(current):
    proposals.apply(proposals.propose(FA, FA_NEWER, current, expected_rows=FEW))
    text = "".join(p.read_text(encoding="utf-8") for p in current.glob("*.csv"))
    for secret in ("000-000-908 08", "08.08.1908", "1908-08-08", "Несуществующая", *mf.PERSONAL_VALUES):
        assert secret not in text


def test_decisions_record_exclusions_and_skips(current, tmp_path):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    reviewed = proposal.frame()
    reviewed.loc[reviewed["entry"] == "908", "decision"] = "skip"
    reviewed.loc[reviewed["entry"] == "909", "decision"] = "not_media"
    path = tmp_path / "proposal.csv"
    reviewed.to_csv(path, index=False)
    decisions = proposals.read_decisions(path, proposal, proposals.exclusion_reasons(registry.load(current).package))
    done = proposals.apply(proposal, decisions)
    assert (done.added, done.excluded, done.skipped) == (0, 1, 1)
    exclusions = rows(current / "source_exclusions.csv")
    assert {"source": FA, "registry_ref": "909", "reason": "not_media"}.items() <= next(
        r for r in exclusions if r["registry_ref"] == "909"
    ).items()
    again = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert [(i.kind, i.entry) for i in again.items] == [("new", "908")]  # skipped: still to decide


def test_decisions_must_name_new_entries_and_known_reasons(current, tmp_path):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    path = tmp_path / "proposal.csv"
    frame = proposal.frame()
    frame.loc[frame["entry"] == "908", "decision"] = "maybe"
    frame.to_csv(path, index=False)
    with pytest.raises(proposals.ReviewError, match="decision 'maybe' is not one of"):
        proposals.read_decisions(path, proposal, ["not_media"])
    frame.loc[frame["entry"] == "908", ["decision", "entry"]] = ["add", "123"]
    frame.to_csv(path, index=False)
    with pytest.raises(proposals.ReviewError, match="entry '123' is not new"):
        proposals.read_decisions(path, proposal, ["not_media"])


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_an_apply_interrupted_between_swaps_leaves_the_data_unchanged(current, monkeypatch, error):
    before = snapshot(current)
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    real_replace = transaction.os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise error("interrupted")
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", flaky_replace)
    with pytest.raises(error):
        proposals.apply(proposal)
    assert len(calls) >= 2  # one file had been swapped in already, and was put back
    assert snapshot(current) == before  # the same bytes, and no staged file left behind


def test_an_apply_whose_disk_keeps_failing_still_puts_the_originals_back(current, monkeypatch):
    before = snapshot(current)
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    real_replace = transaction.os.replace
    calls = []

    def failing_after_first(src, dst):
        calls.append(dst)
        if len(calls) > 1:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", failing_after_first)
    with pytest.raises(OSError):
        proposals.apply(proposal)
    assert snapshot(current) == before


def test_an_apply_interrupted_during_validation_leaves_the_data_unchanged(current, monkeypatch):
    before = snapshot(current)
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction, "validate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        proposals.apply(proposal)
    assert snapshot(current) == before


def test_an_apply_that_would_not_validate_writes_nothing(current):
    laws = current / "laws.csv"
    laws.write_text(
        "".join(line for line in laws.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("ru-255-fz-art9,")),
        encoding="utf-8",
    )
    edit_row(current / "designations.csv", "id", "ru-fa-906", legal_basis="ru-255-fz-art7")  # so that the data still validates
    before = snapshot(current)
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert ("new", "ru-fa-908", "novikova-vera-sergeevna", "", "Новикова Вера Сергеевна") in summary(proposal)  # under Art. 9
    with pytest.raises(proposals.ReviewError, match="would not validate") as err:
        proposals.apply(proposal)
    assert any(p.column == "legal_basis" and "ru-255-fz-art9" in p.message for p in err.value.problems)
    assert snapshot(current) == before


def test_a_curated_correction_is_a_conflict_and_is_kept(current):
    """A recorded date the file contradicts is never overwritten: it may be the curators' correction."""
    edit_row(current / "designations.csv", "id", "ru-fa-903", start_date="2019-12-21")
    edit_row(current / "designations.csv", "id", "ru-fa-906", legal_basis="ru-255-fz-art7")
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    conflicts = {(i.designation_id, i.field, i.current, i.proposed) for i in proposal.items if i.kind == "conflict"}
    assert conflicts == {
        ("ru-fa-903", "start_date", "2019-12-21", "2019-12-20"),
        ("ru-fa-906", "legal_basis", "ru-255-fz-art7", "ru-255-fz-art9"),
    }
    proposals.apply(proposal)
    designations = {r["id"]: r for r in rows(current / "designations.csv")}
    assert designations["ru-fa-903"]["start_date"] == "2019-12-21"
    assert designations["ru-fa-906"]["legal_basis"] == "ru-255-fz-art7"
    again = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert {i.kind for i in again.items} == {"conflict"}  # still shown, week after week, until settled


def test_apply_refuses_when_the_data_changed_under_the_proposal(current):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    path = current / "designations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2017-12-05,,,902", "2017-12-05,2025-08-21,excluded,902"), encoding="utf-8")
    before = snapshot(current)
    with pytest.raises(proposals.ReviewError, match="re-run the import"):
        proposals.apply(proposal)
    assert snapshot(current) == before


def test_a_file_saved_by_someone_else_during_the_apply_is_not_overwritten(current, monkeypatch):
    proposal = proposals.propose(FA, FA_NEWER, current, expected_rows=FEW)
    real = transaction._validate_copy

    def meanwhile(*args, **kwargs):
        problems = real(*args, **kwargs)
        with (current / "outlets.csv").open("a", encoding="utf-8") as fh:
            fh.write("zz-late,Late Entry,,,outlet,,,,,,https://example.org/late,\n")
        return problems

    monkeypatch.setattr(transaction, "_validate_copy", meanwhile)
    with pytest.raises(proposals.ReviewError, match="changed while the import ran"):
        proposals.apply(proposal)
    assert "zz-late" in (current / "outlets.csv").read_text(encoding="utf-8")
    assert "ru-fa-908" not in (current / "designations.csv").read_text(encoding="utf-8")


# --- the other sources -------------------------------------------------------------------------


def test_undesirable_list(current):
    assert proposals.propose(UND, IMPORTER_FIXTURES / "ru_minjust_undesirable.json", current, expected_rows=FEW).empty
    proposal = proposals.propose(UND, UPDATES / "ru_minjust_undesirable.newer.json", current, expected_rows=FEW)
    assert summary(proposal) == {
        (
            "new",
            "ru-und-5",
            "imaginary-news-ltd-voobrazhaemye-novosti-velikobritaniya",
            "",
            "Imaginary News Ltd («Воображаемые новости») (Великобритания)",
        ),
        ("changed", "ru-und-2", "example-media-bv", "end_date", "2025-09-01"),
        ("changed", "ru-und-2", "example-media-bv", "end_reason", "excluded from the list by the Ministry of Justice"),
    }
    proposals.apply(proposal)
    designation = {r["id"]: r for r in rows(current / "designations.csv")}["ru-und-5"]
    assert (designation["decision_date"], designation["decision_ref"], designation["start_date"]) == ("2025-08-21", "9", "2025-09-02")
    assert "order No. 1201-р of 2025-09-02" in designation["notes"]
    assert proposals.propose(UND, UPDATES / "ru_minjust_undesirable.newer.json", current, expected_rows=FEW).empty


def test_undesirable_names_of_brands_and_foreign_agents_stay_curated(current):
    """The list names a brand linked directly, or an outlet the foreign-agent registry names: no rename proposed."""
    outlets = current / "outlets.csv"
    edit_row(outlets, "id", "example-media-bv", name_native="Пример Медиа")
    proposal = proposals.propose(UND, IMPORTER_FIXTURES / "ru_minjust_undesirable.json", current, expected_rows=FEW)
    assert [(i.kind, i.field) for i in proposal.items] == [("changed", "name_native")]  # a legal entity: the list owns its name
    edit_row(outlets, "id", "example-media-bv", kind="outlet")  # a brand linked directly keeps its curated native name
    assert proposals.propose(UND, IMPORTER_FIXTURES / "ru_minjust_undesirable.json", current, expected_rows=FEW).empty
    edit_row(outlets, "id", "example-media-bv", kind="company")
    edit_row(current / "designations.csv", "id", "ru-fa-905", outlet_id="example-media-bv")  # now named by the foreign-agent registry
    proposal = proposals.propose(UND, IMPORTER_FIXTURES / "ru_minjust_undesirable.json", current, expected_rows=FEW)
    assert not [i for i in proposal.items if i.field == "name_native"]


@pytest.fixture
def fara_scope(monkeypatch):
    """The fictional principals are no real state media: select the broadcasters and press agencies instead."""
    smap = proposals.SOURCES[FARA]
    scope = dataclasses.replace(smap, in_scope=lambda df: df[df["foreign_principal"].str.contains("Broadcasting|Press Agency")])
    monkeypatch.setitem(proposals.SOURCES, FARA, scope)


def test_fara_relationships_are_keyed_by_number_and_principal(current, fara_scope):
    assert proposals.propose(FARA, IMPORTER_FIXTURES / "us_fara.csv", current, expected_rows=FEW).empty
    proposal = proposals.propose(FARA, UPDATES / "us_fara.newer.csv", current, expected_rows=FEW)
    assert summary(proposal) == {
        ("new", "us-fara-9001-example-communications-llc", "example-communications", "", "Example Communications LLC"),
        ("new", "us-fara-9004-imaginary-media-services-inc", "imaginary-media-services-inc", "", "Imaginary Media Services Inc."),
        ("changed", "us-fara-9001-example-communications", "example-communications", "end_date", "2025-08-31"),
        (
            "changed",
            "us-fara-9001-example-communications",
            "example-communications",
            "end_reason",
            "registration for this foreign principal terminated",
        ),
    }
    linked = next(i for i in proposal.items if i.registry_ref == "9001" and i.kind == "new")
    assert linked.entry == us_fara.fara_key("9001", "Utopian Broadcasting Service")
    assert "same registrant as us-fara-9001-example-communications" in linked.note
    proposals.apply(proposal)
    assert proposals.propose(FARA, UPDATES / "us_fara.newer.csv", current, expected_rows=FEW).empty


def test_fara_key():
    assert us_fara.fara_key("6485", "ANO TV-Novosti") == us_fara.fara_key("6485", " ano tv-novosti ")
    assert re.fullmatch(r"6485:[0-9a-f]{8}", us_fara.fara_key("6485", "ANO TV-Novosti"))
    assert us_fara.fara_key("1676", "X", 2).endswith(":2")


def test_transliteration_gives_a_latin_name():
    assert proposals.transliterate("Новикова Вера «Щука»") == "Novikova Vera «Shchuka»"
    assert proposals.transliterate("The Insider (Латвия)") == "The Insider (Latviya)"


# --- the command line --------------------------------------------------------------------------


def test_cli_import_and_apply(current, tmp_path):
    def run(*extra):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "registry",
                "import",
                FA,
                str(FA_NEWER),
                "--data",
                str(current),
                "--expected-rows",
                "1:50",
                "--report",
                str(tmp_path / "r"),
                *extra,
            ],
            capture_output=True,
            text=True,
        )

    before = snapshot(current)
    shown = run()
    assert shown.returncode == 0, shown.stderr
    assert "2 new · 0 confirmed · 3 changed · 0 vanished · 0 unconfirmed · 0 conflicts" in shown.stdout
    assert (tmp_path / "r" / "proposal.csv").exists() and (tmp_path / "r" / "report.txt").exists()
    assert snapshot(current) == before  # without --apply nothing is written
    applied = run("--apply")
    assert applied.returncode == 0, applied.stderr
    assert "entries added 2" in applied.stderr
    assert "0 new · 0 confirmed · 0 changed · 0 vanished · 0 unconfirmed · 0 conflicts" in run().stdout


def test_cli_import_rejects_a_file_of_another_source(current, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "registry", "import", UND, str(FA_NEWER), "--data", str(current), "--report", str(tmp_path / "r")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "not valid JSON" in result.stderr or "not UTF-8" in result.stderr


# --- the real data ----------------------------------------------------------------------------

REFERENCE_COPIES = [
    (FA, ("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx")),
    (UND, ("ru-minjust-undesirable", "registry-2024-09-05.json")),
    (FARA, ("us-fara", "FARA_All_ForeignPrincipals_2023-08-03.csv")),
]


@pytest.mark.parametrize("source, parts", REFERENCE_COPIES, ids=[s for s, _ in REFERENCE_COPIES])
def test_importing_a_reference_copy_into_the_curated_data_changes_nothing(source, parts):
    """Idempotence, computed (the exclusions and designations are curated while this runs)."""
    proposal = proposals.propose(source, reference_file(*parts), DATA)
    assert proposal.empty, proposal.text()


def test_source_exclusions_are_keyed_once_and_carry_no_names(real_reg):
    exclusions = real_reg.tables["source_exclusions"]
    assert not exclusions.duplicated(["source", "registry_ref"]).any()  # the primary key, which validate does not check yet
    names = set(real_reg.outlets["name_native"].dropna()) | set(real_reg.outlets["name"])
    assert not exclusions["note"].dropna().isin(names).any()
    assert exclusions["note"].dropna().str.len().max() <= 120
