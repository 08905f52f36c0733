"""Validation: the real data passes, and each kind of breakage is reported with file, row and column."""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

import registry
from tests.support.data import DATA


def test_real_data_validates():
    assert [str(p) for p in registry.validate(DATA)] == []


def test_fixture_validates(small_data):
    assert registry.validate(small_data) == []


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; `row` as numbered in the file (header = 1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


# (file, row, column, new value, expected file/row/column in the message, words expected in it)
BREAKAGES = {
    "bad date": ("designations.csv", 3, "start_date", "2021-02-30", "designations.csv, row 3, column start_date", "not a date"),
    "not ISO date": ("designations.csv", 3, "start_date", "23.04.2021", "designations.csv, row 3, column start_date", "YYYY-MM-DD"),
    "unknown designation code": ("designations.csv", 4, "designation", "spy", "designations.csv, row 4, column designation", "designation_types.csv"),
    "unknown kind": ("outlets.csv", 2, "kind", "blogger", "outlets.csv, row 2, column kind", "allowed codes"),
    "duplicate id": ("outlets.csv", 3, "id", "ivan-petrov", "outlets.csv, row 3, column id", "not unique (first used in row 2)"),
    "missing outlet": ("designations.csv", 5, "outlet_id", "nobody", "designations.csv, row 5, column outlet_id", "not an id in outlets.csv"),
    "missing parent": ("outlets.csv", 4, "parent_id", "nowhere", "outlets.csv, row 4, column parent_id", "not an id in outlets.csv"),
    "end before start": ("designations.csv", 4, "end_date", "2020-01-01", "designations.csv, row 4, column end_date", "before start_date"),
    "future start": ("designations.csv", 5, "start_date", "2999-01-01", "designations.csv, row 5, column start_date", "in the future"),
    "javascript link": ("designations.csv", 6, "source_url", "javascript:alert(1)", "designations.csv, row 6, column source_url", "http(s)"),
    "data link": ("outlets.csv", 3, "website", "data:text/html,<script>", "outlets.csv, row 3, column website", "http(s)"),
    "required empty": ("designations.csv", 2, "authority", "", "designations.csv, row 2, column authority", "required"),
    "bad country": ("outlets.csv", 3, "country", "Latvia", "outlets.csv, row 3, column country", "pattern"),
    "unknown jurisdiction": ("designations.csv", 2, "jurisdiction", "XX", "designations.csv, row 2, column jurisdiction", "countries.csv"),
    "bad wikidata": ("outlets.csv", 3, "wikidata", "12345", "outlets.csv, row 3, column wikidata", "pattern"),
    "responds to a later one": ("designations.csv", 6, "responds_to", "ru-fa-3", "designations.csv, row 6, column responds_to", "after this designation"),
    "unknown law": ("designations.csv", 3, "legal_basis", "ru-1-fz", "designations.csv, row 3, column legal_basis", "laws.csv"),
    "padded value": ("outlets.csv", 2, "name", " Ivan Petrov", "outlets.csv, row 2, column name", "spaces"),
}


@pytest.mark.parametrize("case", BREAKAGES, ids=list(BREAKAGES))
def test_each_breakage_names_file_row_and_column(small_data, case):
    file, row, column, value, where, words = BREAKAGES[case]
    _edit(small_data / file, row, column, value)
    messages = [str(p) for p in registry.validate(small_data)]
    hits = [m for m in messages if m.startswith(where)]
    assert hits, f"no problem at {where}; got {messages}"
    assert any(words in m for m in hits), hits


def test_missing_column_is_named_at_the_header(small_data):
    path = small_data / "outlets.csv"
    text = path.read_text(encoding="utf-8").replace(",wikidata,", ",wiki,", 1)
    path.write_text(text, encoding="utf-8")
    messages = [str(p) for p in registry.validate(small_data)]
    assert "outlets.csv, row 1, column wikidata: required column missing from the header" in messages
    assert any(m.startswith("outlets.csv, row 1, column wiki:") for m in messages)


def test_empty_and_missing_files(small_data):
    (small_data / "laws.csv").write_text("", encoding="utf-8")
    (small_data / "sources.csv").unlink()
    messages = [str(p) for p in registry.validate(small_data)]
    assert "laws.csv: empty file: expected a header row and data rows" in messages
    assert any(m.startswith("sources.csv: missing") for m in messages)


def test_wrong_encoding_names_the_row(small_data):
    path = small_data / "outlets.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace("Северный".encode(), "Северный".encode("cp1251"))
    path.write_bytes(b"\n".join(lines))
    messages = [str(p) for p in registry.validate(small_data)]
    assert any(m.startswith("outlets.csv, row 4: not valid UTF-8") for m in messages), messages


def test_stray_quote_and_ragged_row(small_data):
    path = small_data / "designations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")
    messages = [str(p) for p in registry.validate(small_data)]
    assert any(re.match(r"designations.csv, row 3: has 17 fields, the header has 16", m) for m in messages), messages


def test_byte_order_mark_and_blank_lines_are_harmless(small_data):
    path = small_data / "outlets.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\n\n", 2).encode())
    assert registry.validate(small_data) == []


def test_load_refuses_invalid_data(small_data):
    _edit(small_data / "designations.csv", 3, "start_date", "soon")
    with pytest.raises(registry.DataValidationError) as err:
        registry.load(small_data)
    assert "designations.csv, row 3, column start_date" in str(err.value)


def test_cli_validate_exit_codes(small_data):
    ok = subprocess.run([sys.executable, "-m", "registry", "validate", "--data", str(small_data)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    _edit(small_data / "outlets.csv", 2, "kind", "blogger")
    _edit(small_data / "designations.csv", 2, "source_url", "ftp://example.org/x")
    bad = subprocess.run([sys.executable, "-m", "registry", "validate", "--data", str(small_data)], capture_output=True, text=True)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert lines == [
        "designations.csv, row 2, column source_url: 'ftp://example.org/x' is not an http(s) link",
        "outlets.csv, row 2, column kind: 'blogger' is not one of the allowed codes: outlet, company, journalist",
    ]
