"""Provisional designations reconciled by `registry import`: the four outcomes, on fictional fixtures.

The newer foreign-agent export of the update fixtures (2025-09-05) lists two new entries dated
29.08.2025: 908 «Новикова Вера Сергеевна» (Art. 9) and 909 «Проект «Вымысел»» (Art. 7). Each case
adds one provisional row, recorded from a (fictional) press report before that export, and its outlet.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest

import registry
from registry import proposals as review
from registry import provisional
from tests.test_proposals import FA, FA_NEWER, FEW, make_current, rows

PRESS = "https://press.example/report"
NOTE = "Reported added on {day}. Provisional: from a press report, not yet matched to the official register; no entry number known."


def add_provisional(data: Path, outlet_id: str, name_native: str, day: str, *, aliases: str = "", kind: str = "journalist") -> str:
    designation_id = f"ru-provisional-fa-{outlet_id}"
    for name, record in (
        ("outlets.csv", {"id": outlet_id, "name": outlet_id.replace("-", " ").title(), "name_native": name_native, "aliases": aliases, "kind": kind, "source_url": PRESS}),
        ("designations.csv", {
            "id": designation_id, "outlet_id": outlet_id, "jurisdiction": "RU", "designation": "foreign_agent", "legal_basis": "ru-255-fz-art7",
            "authority": "Ministry of Justice of the Russian Federation", "start_date": day, "source_url": PRESS,
            "notes": NOTE.format(day=day), "provisional": "yes",
        }),
    ):  # fmt: skip
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header, records = reader.fieldnames, list(reader)
        records.append({c: record.get(c, "") for c in header})
        records.sort(key=lambda r: r["id"])
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    assert registry.validate(data) == []
    return designation_id


@pytest.fixture
def current(tmp_path) -> Path:
    return make_current(tmp_path / "data")


def kinds(proposal, designation_id):
    return [(i.kind, i.field, i.current, i.proposed) for i in proposal.items if i.designation_id == designation_id]


def test_confirmed_gets_the_official_number_and_source_and_keeps_the_press_report(current):
    pid = add_provisional(current, "vera-novikova", "Вера Новикова", "2025-08-29")
    proposal = review.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert kinds(proposal, pid) == [("confirmed", "id", pid, "ru-fa-908")]
    (item,) = [i for i in proposal.items if i.kind == "confirmed"]
    assert "legal_basis 'ru-255-fz-art7' → 'ru-255-fz-art9'" in item.note  # the file's values replace the assumed ones
    assert "908" not in {i.registry_ref for i in proposal.items if i.kind == "new"}  # held by the provisional row, not new
    assert "CONFIRMED" in proposal.text()

    done = review.apply(proposal)
    assert done.confirmed == 1 and registry.validate(current) == []
    designations = {r["id"]: r for r in rows(current / "designations.csv")}
    assert pid not in designations
    row = designations["ru-fa-908"]
    assert (row["outlet_id"], row["registry_ref"], row["legal_basis"], row["start_date"], row["provisional"]) == (
        "vera-novikova", "908", "ru-255-fz-art9", "2025-08-29", "",
    )  # fmt: skip
    assert row["source_url"] != PRESS
    assert f"Reported before the official copy by {PRESS}" in row["notes"] and "entry 908" in row["notes"]
    assert "Provisional:" not in row["notes"]
    again = review.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert not [i for i in again.items if i.registry_ref == "908" and i.kind in ("new", "confirmed", "conflict")]


def test_a_different_date_is_a_conflict_and_nothing_is_applied(current):
    pid = add_provisional(current, "proekt-vymysel-press", "Проект «Вымысел»", "2025-08-27", kind="outlet")
    proposal = review.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert kinds(proposal, pid) == [("conflict", "start_date", "2025-08-27", "2025-08-29")]
    assert "909" not in {i.registry_ref for i in proposal.items if i.kind == "new"}
    before = (current / "designations.csv").read_bytes()
    review.apply(proposal)
    assert {r["id"]: r for r in rows(current / "designations.csv")}[pid]["provisional"] == "yes"
    assert (current / "designations.csv").read_bytes().count(pid.encode()) == before.count(pid.encode())


def test_a_match_only_by_alias_is_a_name_conflict(current):
    pid = add_provisional(current, "vydumka", "Проект «Выдумка»", "2025-08-29", aliases="Проект «Вымысел» | Vymysel", kind="outlet")
    proposal = review.propose(FA, FA_NEWER, current, expected_rows=FEW)
    assert kinds(proposal, pid) == [("conflict", "name_native", "Проект «Выдумка»", "Проект «Вымысел»")]
    review.apply(proposal)
    assert {r["id"]: r for r in rows(current / "designations.csv")}[pid]["provisional"] == "yes"


def test_a_row_the_file_does_not_confirm_is_flagged_never_deleted(current):
    pid = add_provisional(current, "ivan-nebylitsyn", "Иван Небылицын", "2025-08-01")
    later = add_provisional(current, "olga-potom", "Ольга Потом", "2025-09-03")  # too close to the file's date to judge
    proposal = review.propose(FA, FA_NEWER, current, expected_rows=FEW)
    (item,) = [i for i in proposal.items if i.designation_id == pid]
    assert item.kind == "unconfirmed" and "not in the official file of 2025-09-05" in item.note
    assert kinds(proposal, later) == []
    assert "UNCONFIRMED" in proposal.text()
    review.apply(proposal)
    kept = {r["id"]: r for r in rows(current / "designations.csv")}
    assert kept[pid]["provisional"] == kept[later]["provisional"] == "yes"


def test_the_name_rule():
    assert provisional.names_match("Вера Новикова", "Новикова Вера Сергеевна")  # every word of a two-word name
    assert provisional.names_match("Meduza", "Медуза") and provisional.names_match("Proekt Vymysel", "Проект «Вымысел»")
    assert not provisional.names_match("Проект", "Проект «Вымысел»")  # one word is not enough
    assert not provisional.names_match("Вера Новикова", "Новиков Вера")


def test_the_reference_copies_have_no_provisional_row_to_confirm_wrongly(real_reg):
    """Provisional rows of the real data are dated after the reference copies: the copies say nothing of them."""
    table = real_reg.designations
    rows_ = table[table["provisional"].astype(str) == "yes"]
    copies = {"foreign_agent": dt.date(2025, 8, 15), "undesirable": dt.date(2024, 9, 5)}
    for r in rows_.itertuples():
        if r.jurisdiction == "RU" and r.designation in copies:
            assert r.start_date.date() > copies[r.designation] - dt.timedelta(days=provisional.DAYS), r.designation_id
