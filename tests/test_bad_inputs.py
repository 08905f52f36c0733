"""A catalogue of bad inputs, each with its expected outcome (issue 6).

Every case is one parametrized test with an id. The outcome is either a clear error that names the
file, row and column (or the option / URL parameter), or a safe ignore that still loads, queries and
exports. It extends test_validate.py, test_importers.py and test_dashboard.py, not repeating them.

Cases by category (the count is also checked by test_catalogue_size):

- data files (``DATA_CASES``), 83: columns missing / extra / renamed / repeated, encodings (cp1251,
  UTF-16 LE/BE, Latin-1, doubled byte-order mark), stray and unterminated quotes, blank lines, huge
  fields, CRLF and CR line ends, NUL and control characters, bad and impossible dates, end and
  decision dates out of order, unknown codes, duplicate ids, references to missing rows, parent
  loops, javascript: / data: / vbscript: / protocol-relative / padded / credential-carrying links,
  HTML and script in names and notes (valid: they are text), empty, blank and header-only files,
  a missing table, and a missing or malformed datapackage.json;
- importer inputs (``IMPORTER_CASES``), 22: empty, truncated and non-Excel files, renamed or missing
  columns, a header row moved, ten times the expected rows, unknown legal bases and lookalikes;
- dashboard URL parameters (``URL_CASES``), 22: unknown values, malformed and out-of-range dates,
  reversed ranges, very long and repeated values, script strings, unknown outlets;
  plus one test that markup in names, aliases and notes reaches the page only as text;
- CLI arguments (``CLI_CASES``), 27: the same, plus unwritable outputs (a directory, a missing
  parent, a read-only file, a name too long, a path under /proc), each leaving nothing behind.

Total: 155.
"""

from __future__ import annotations

import concurrent.futures
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import registry
from registry.importers import ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara
from tests.support import importer_fixtures as mf
from tests.support.data import DASHBOARD, make_small_data, shown
from tests.support.importer_fixtures import BASIS, KIND, fixture
from tests.support.importer_fixtures import FEW_ROWS as SMALL

AS_OF = dt.date(2024, 2, 2)

# --- data files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """validate() reports a problem starting with `where` ("file, row N, column C") containing `words`."""

    where: str
    words: str


@dataclass(frozen=True)
class Safe:
    """validate() finds nothing, and the registry loads, answers and exports in every format."""

    rows: int | None = None  # designations as of AS_OF, when the case changes their number
    check: str | None = None  # a text that must come through unchanged to the exports


def cell(file: str, row: int, column: str, value: str):
    def mutate(d: Path) -> None:
        path = d / file
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        rows[row - 1][rows[0].index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)

    return mutate


def text(file: str, old: str, new: str, count: int = 1):
    def mutate(d: Path) -> None:
        path = d / file
        content = path.read_text(encoding="utf-8")
        assert old in content, (file, old)
        path.write_text(content.replace(old, new, count), encoding="utf-8")

    return mutate


def raw(file: str, change):
    def mutate(d: Path) -> None:
        path = d / file
        path.write_bytes(change(path.read_bytes()))

    return mutate


def remove(file: str):
    return lambda d: (d / file).unlink()


def descriptor(change):
    def mutate(d: Path) -> None:
        path = d / "datapackage.json"
        package = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(change(package) or package), encoding="utf-8")

    return mutate


def resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def header_only(file: str):
    return raw(file, lambda b: b.split(b"\n", 1)[0] + b"\n")


def drop_column(file: str, column: str):
    def mutate(d: Path) -> None:
        path = d / file
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        i = rows[0].index(column)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])

    return mutate


def reorder_columns(file: str):
    def mutate(d: Path) -> None:
        path = d / file
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([list(reversed(r)) for r in rows])

    return mutate


D, OUT = "designations.csv", "outlets.csv"
NAME = "North Wind,Северный"  # outlets.csv row 3 (north-wind), name then native name
SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
PARENT_OF_NORTH_WIND = "Severny Veter | Sevvet,outlet,,"

DATA_CASES: dict[str, tuple] = {
    # columns
    "extra-column": (text(D, ",provisional\n", ",provisional,comment\n"), Bad("designations.csv, row 1, column comment", "not declared in datapackage.json")),
    "renamed-column-case": (text(D, ",start_date,", ",Start_Date,"), Bad("designations.csv, row 1, column start_date", "required column missing")),
    "column-removed-with-its-data": (drop_column(D, "end_date"), Bad("designations.csv, row 1, column end_date", "required column missing")),
    "column-twice": (text(OUT, "id,name,", "id,id,"), Bad("outlets.csv, row 1, column id", "column appears twice")),
    "empty-header-cell": (text(OUT, "id,name,", "id,,name,"), Bad("outlets.csv, row 2", "has 12 fields, the header has 13")),
    # Was Safe (validate strips names), but the importers' apply then failed with a KeyError (issue 17):
    "padded-header-names": (text(D, ",start_date,end_date,", ", start_date , end_date ,"), Bad("designations.csv, row 1, column start_date", "has leading or trailing spaces")),
    "columns-in-another-order": (reorder_columns(D), Safe()),
    # encodings and bytes
    "cp1251-whole-file": (raw(OUT, lambda b: b.decode().encode("cp1251")), Bad("outlets.csv, row 2", "not valid UTF-8")),
    "utf16-le-with-bom": (raw(OUT, lambda b: b.decode().encode("utf-16")), Bad("outlets.csv, row 1", "is UTF-16")),
    "utf16-be-with-bom": (raw(D, lambda b: b"\xfe\xff" + b.decode().encode("utf-16-be")), Bad("designations.csv, row 1", "is UTF-16")),
    "latin1-accent": (raw(OUT, lambda b: b.replace(b"Western Radio", "Wéstern Radio".encode("latin-1"))), Bad("outlets.csv, row 7", "not valid UTF-8")),
    "bom-twice": (raw(OUT, lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b), Bad("outlets.csv, row 1, column id", "required column missing")),
    "crlf-line-ends": (raw(D, lambda b: b.replace(b"\n", b"\r\n")), Safe(rows=7)),
    "cr-only-line-ends": (raw(OUT, lambda b: b.replace(b"\n", b"\r")), Safe(rows=7)),
    "nul-byte-in-name": (text(OUT, NAME, "North\x00Wind,Северный"), Bad("outlets.csv, row 3, column name", "control character U+0000")),
    "nul-byte-in-id": (text(OUT, "north-wind,North", "north-wind\x00,North"), Bad("outlets.csv, row 3, column id", "does not match the pattern")),
    "bell-character-in-notes": (cell(D, 5, "notes", "re\x07listed"), Bad("designations.csv, row 5, column notes", "control character U+0007")),
    "escape-sequence-in-authority": (cell(D, 2, "authority", "Council\x1b[31m"), Bad("designations.csv, row 2, column authority", "control character U+001B")),
    "delete-character": (cell(OUT, 2, "aliases", "Ivan\x7fPetrov"), Bad("outlets.csv, row 2, column aliases", "control character U+007F")),
    "tab-and-newline-inside-notes": (cell(D, 5, "notes", "re-listed\twith\nline breaks"), Safe(check="re-listed\twith\nline breaks")),
    # quoting, blank lines, size
    "unterminated-quote": (text(OUT, NAME, '"North Wind,Северный'), Bad("outlets.csv, row 3", "malformed CSV")),
    "text-after-closing-quote": (text(OUT, NAME, '"North" Wind,Северный'), Bad("outlets.csv, row 3", "malformed CSV")),
    "lone-quote-inside-a-value": (text(OUT, NAME, 'North "Wind,Северный'), Safe(check='North "Wind')),
    "blank-line-between-every-row": (raw(D, lambda b: b.replace(b"\n", b"\n\n")), Safe(rows=7)),
    "only-commas-line": (raw(D, lambda b: b + b",,,,,,,,,,,,,,,\n"), Bad("designations.csv, row 9, column id", "required value is empty")),
    "field-of-100001-chars": (cell(D, 5, "notes", "x" * 100_001), Bad("designations.csv, row 5, column notes", "longer than the 100,000 allowed")),
    "field-over-the-csv-module-limit": (cell(OUT, 3, "name", "N" * 150_000), Bad("outlets.csv, row 3, column name", "150,000 characters")),
    "field-of-a-million-chars": (cell(OUT, 4, "notes", "y" * 1_000_000), Bad("outlets.csv, row 4, column notes", "1,000,000 characters")),
    "field-of-100000-chars-is-allowed": (cell(D, 5, "notes", "z" * 100_000), Safe()),
    # dates
    "feb-29-of-a-common-year": (cell(D, 3, "start_date", "2023-02-29"), Bad("designations.csv, row 3, column start_date", "not a date")),
    "year-zero": (cell(D, 3, "start_date", "0000-01-01"), Bad("designations.csv, row 3, column start_date", "not a date")),
    "unpadded-date": (cell(D, 3, "start_date", "2024-1-5"), Bad("designations.csv, row 3, column start_date", "YYYY-MM-DD")),
    "compact-iso-date": (cell(D, 3, "start_date", "20210423"), Bad("designations.csv, row 3, column start_date", "YYYY-MM-DD")),
    "iso-week-date": (cell(D, 4, "end_date", "2023-W45-5"), Bad("designations.csv, row 4, column end_date", "YYYY-MM-DD")),
    "date-with-time": (cell(D, 3, "start_date", "2021-04-23T00:00:00"), Bad("designations.csv, row 3, column start_date", "YYYY-MM-DD")),
    "arabic-indic-digits": (cell(D, 3, "start_date", "٢٠٢١-٠٤-٢٣"), Bad("designations.csv, row 3, column start_date", "YYYY-MM-DD")),
    "month-13-in-decision-date": (cell(D, 7, "decision_date", "2023-13-20"), Bad("designations.csv, row 7, column decision_date", "not a date")),
    "decision-after-listing": (cell(D, 7, "decision_date", "2023-02-20"), Bad("designations.csv, row 7, column decision_date", "after start_date")),
    "end-on-the-start-day-is-allowed": (cell(D, 4, "end_date", "2022-09-02"), Safe(rows=7)),
    "start-in-year-1": (cell(D, 3, "start_date", "0001-01-01"), Safe(rows=7)),
    "end-in-year-9999": (cell(D, 3, "end_date", "9999-12-31"), Safe(rows=7)),
    # codes, ids, references
    "kind-in-capitals": (cell(OUT, 2, "kind", "Journalist"), Bad("outlets.csv, row 2, column kind", "allowed codes")),
    "country-in-lower-case": (cell(OUT, 3, "country", "lv"), Bad("outlets.csv, row 3, column country", "pattern")),
    "unknown-source-kind": (cell("sources.csv", 2, "kind", "blog"), Bad("sources.csv, row 2, column kind", "allowed codes")),
    "duplicate-designation-id": (cell(D, 4, "id", "ru-fa-1"), Bad("designations.csv, row 4, column id", "not unique (first used in row 3)")),
    "duplicate-law-id": (cell("laws.csv", 3, "id", "eu-833-2014"), Bad("laws.csv, row 3, column id", "not unique")),
    "responds-to-a-missing-designation": (cell(D, 5, "responds_to", "ru-fa-999"), Bad("designations.csv, row 5, column responds_to", "not an id in designations.csv")),
    "responds-to-itself": (cell(D, 5, "responds_to", "ru-fa-3"), Bad("designations.csv, row 5, column responds_to", "cannot respond to itself")),
    "outlet-is-its-own-parent": (cell(OUT, 2, "parent_id", "ivan-petrov"), Bad("outlets.csv, row 2, column parent_id", "parents form a loop")),
    "two-outlets-parent-each-other": (text(OUT, PARENT_OF_NORTH_WIND, "Severny Veter | Sevvet,outlet,north-wind-sia,"), Bad("outlets.csv, row 3, column parent_id", "parents form a loop")),
    "three-outlet-parent-loop": (text(OUT, PARENT_OF_NORTH_WIND, "Severny Veter | Sevvet,outlet,ivan-petrov,"), Bad("outlets.csv, row 2, column parent_id", "parents form a loop")),
    # links
    "javascript-link-in-capitals": (cell(D, 2, "source_url", "JavaScript:alert(1)"), Bad("designations.csv, row 2, column source_url", "http(s)")),
    "vbscript-link": (cell(OUT, 3, "website", "vbscript:msgbox(1)"), Bad("outlets.csv, row 3, column website", "http(s)")),
    "data-link-in-source": (cell(OUT, 2, "source_url", "data:text/html;base64,PHNjcmlwdD4="), Bad("outlets.csv, row 2, column source_url", "http(s)")),
    "protocol-relative-link": (cell(D, 2, "source_url", "//evil.example/x"), Bad("designations.csv, row 2, column source_url", "http(s)")),
    "link-padded-with-spaces": (cell("laws.csv", 2, "url", " https://example.org/eu-833 "), Bad("laws.csv, row 2, column url", "leading or trailing spaces")),
    "link-with-a-tab-inside": (cell(D, 2, "source_url", "https://exa\tmple.org/"), Bad("designations.csv, row 2, column source_url", "http(s)")),
    "link-without-a-host": (cell(D, 2, "source_url", "https:///path"), Bad("designations.csv, row 2, column source_url", "http(s)")),
    "link-with-credentials-before-the-host": (cell(OUT, 3, "website", "https://minjust.gov.ru@evil.example/"), Bad("outlets.csv, row 3, column website", "http(s)")),
    # markup is text: it validates, and comes out of every export unchanged
    "script-in-name": (cell(OUT, 3, "name", SCRIPT), Safe(check=SCRIPT)),
    "img-onerror-in-notes": (cell(D, 5, "notes", IMG), Safe(check=IMG)),
    "markdown-link-in-aliases": (cell(OUT, 3, "aliases", "[click](javascript:alert(1))"), Safe(check="[click](javascript:alert(1))")),
    "html-entities-in-authority": (cell(D, 2, "authority", "Council &lt;b&gt; &#x3C;script&#x3E;"), Safe(check="Council &lt;b&gt; &#x3C;script&#x3E;")),
    # empty, header-only and missing files
    "empty-designations": (raw(D, lambda b: b""), Bad("designations.csv", "empty file")),
    "blank-lines-only": (raw(OUT, lambda b: b"\n \n\r\n"), Bad("outlets.csv", "empty file")),
    "header-only-designations": (header_only(D), Safe(rows=0)),
    "header-only-outlets": (header_only(OUT), Bad("designations.csv, row 2, column outlet_id", "not an id in outlets.csv")),
    "header-only-countries": (header_only("countries.csv"), Bad("designations.csv, row 2, column jurisdiction", "not an code in countries.csv")),
    "missing-designations-table": (remove(D), Bad("designations.csv", "missing: the data package declares table 'designations'")),
    "table-is-a-directory": (lambda d: ((d / "laws.csv").unlink(), (d / "laws.csv").mkdir()), Bad("laws.csv", "unreadable")),
    # the descriptor
    "descriptor-missing": (remove("datapackage.json"), Bad("datapackage.json", "missing")),
    "descriptor-truncated": (raw("datapackage.json", lambda b: b[:500]), Bad("datapackage.json", "unreadable")),
    "descriptor-empty": (raw("datapackage.json", lambda b: b""), Bad("datapackage.json", "unreadable")),
    "descriptor-utf16": (raw("datapackage.json", lambda b: b.decode().encode("utf-16")), Bad("datapackage.json", "unreadable")),
    "descriptor-is-a-list": (raw("datapackage.json", lambda b: b"[]"), Bad("datapackage.json", "expected a JSON object")),
    "descriptor-is-null": (raw("datapackage.json", lambda b: b"null"), Bad("datapackage.json", "expected a JSON object")),
    "descriptor-without-resources": (descriptor(lambda p: {**p, "resources": []}), Bad("datapackage.json", "does not declare the table 'outlets'")),
    "descriptor-drops-a-table": (
        descriptor(lambda p: {**p, "resources": [r for r in p["resources"] if r["name"] != "designations"]}),
        Bad("datapackage.json", "does not declare the table 'designations'"),
    ),
    "descriptor-date-declared-as-string": (
        descriptor(lambda p: next(f for f in resource(p, "designations")["schema"]["fields"] if f["name"] == "start_date").update(type="string")),
        Bad("datapackage.json", "column 'start_date': type 'string'"),
    ),
    "descriptor-constraints-not-an-object": (
        descriptor(lambda p: resource(p, "outlets")["schema"]["fields"][0].update(constraints="required")),
        Bad("datapackage.json", "malformed descriptor"),
    ),
    "descriptor-broken-pattern": (
        descriptor(lambda p: resource(p, "outlets")["schema"]["fields"][0]["constraints"].update(pattern="[a-")),
        Bad("datapackage.json", "pattern '[a-' of field 'id'"),
    ),
    "descriptor-path-climbs-out": (
        descriptor(lambda p: resource(p, "outlets").update(path="../../../etc/passwd")),
        Bad("datapackage.json", "must be a file name inside the data directory"),
    ),
    "descriptor-absolute-path": (
        descriptor(lambda p: resource(p, "laws").update(path="/etc/hostname")),
        Bad("datapackage.json", "must be a file name inside the data directory"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(DATA_CASES), ids=list(DATA_CASES))
def test_bad_data_file(tmp_path, case):
    mutate, expected = DATA_CASES[case]
    data = make_small_data(tmp_path / "data")
    mutate(data)
    messages = [str(p) for p in registry.validate(data, today=dt.date(2026, 1, 1))]
    if isinstance(expected, Bad):
        hits = [m for m in messages if m.startswith(expected.where)]
        assert hits, f"no problem at {expected.where!r}; got {messages[:10]}"
        assert any(expected.words in m for m in hits), hits
        with pytest.raises(registry.DataValidationError):
            registry.load(data, today=dt.date(2026, 1, 1))
        return
    assert messages == []
    reg = registry.load(data, today=dt.date(2026, 1, 1))
    rows = registry.select(reg, registry.Filters(as_of=AS_OF))
    if expected.rows is not None:
        assert len(rows) == expected.rows
    registry.in_force_over_time(rows, "month", end=AS_OF)
    for name in ("jurisdictions", "designations", "outlet_countries", "kinds", "status"):
        registry.facet_counts(reg, registry.Filters(as_of=AS_OF), name)
    exports = {fmt: registry.export_bytes(rows, fmt, {"k": "v"}) for fmt in registry.FORMATS}
    if expected.check:
        values = {v for record in json.loads(exports["json"])["designations"] for v in record.values()}
        assert any(isinstance(v, str) and expected.check in v for v in values), expected.check


# --- importers ------------------------------------------------------------------------------------


def _fa_rows_times(n: int):
    base = mf.foreign_agents_rows()
    rows = []
    for k in range(n):
        for row in base:
            copy = list(row)
            copy[0] = str(int(row[0]) + 1000 * k)
            rows.append(copy)
    return rows


def _fa_header_moved_down(t: Path) -> Path:
    import openpyxl

    path = mf.fa_file(t)
    book = openpyxl.load_workbook(path)
    book.active.insert_rows(3)  # a blank row before the header: the header is now row 4
    book.save(path)
    return path


def _fa_without_timestamp_row(t: Path) -> Path:
    import openpyxl

    path = mf.fa_file(t)
    book = openpyxl.load_workbook(path)
    book.active.delete_rows(2)  # the header moves up to row 2
    book.save(path)
    return path


def _empty_workbook(t: Path) -> Path:
    import openpyxl

    path = t / "blank.xlsx"
    openpyxl.Workbook().save(path)
    return path


def _zip_not_xlsx(t: Path) -> Path:
    path = t / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return path


def _und_entries_times(n: int):
    entries = []
    for k in range(n):
        for e in mf.undesirable_entries():
            entries.append({**e, "id": str(int(e["id"]) + 100 * k)})
    return entries


def _fara_times(n: int):
    lines = [line for line in mf.FARA_LINES if line.count('","') == len(mf.FARA_HEADER) - 1]
    out = []
    for k in range(n):
        for line in lines:
            fields = next(csv.reader([line]))
            fields[4] = str(int(fields[4]) + 10_000 * k)
            out.append(",".join(f'"{f}"' for f in fields))
    return out


ART7 = mf.ART7
IMPORTER_CASES: dict[str, tuple] = {
    # (module, write the file, expected_rows, fragments of the message)
    "fa-renamed-column": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file(t, header=[("Тип агента" if h == KIND else h) for h in mf.FA_HEADER]), SMALL,
        ["registry.xlsx", "row 3", KIND, "missing expected column"],
    ),
    "fa-header-row-moved-down": (ru_minjust_foreign_agents, _fa_header_moved_down, SMALL, ["registry.xlsx", "row 3", "missing expected column"]),
    "fa-timestamp-row-missing": (ru_minjust_foreign_agents, _fa_without_timestamp_row, SMALL, ["registry.xlsx", "row 2", "export timestamp"]),
    "fa-ten-times-the-rows": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file(t, rows=_fa_rows_times(10)), (1, 9), ["registry.xlsx", "90 entries read", "outside the expected range 1-9"],
    ),
    "fa-blank-legal-basis": (ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 1, 2, ""), SMALL, ["registry.xlsx", "row 5", BASIS, "unknown legal basis ''"]),
    "fa-unknown-article": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 0, 2, ART7.replace("Статья 7 ", "Статья 99 ")), SMALL,
        ["registry.xlsx", "row 4", BASIS, "unknown legal basis", "Статья 99"],
    ),
    "fa-digit-3-for-cyrillic-ze": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 0, 2, ART7.replace("255-ФЗ", "255-Ф3")), SMALL,
        ["registry.xlsx", "row 4", BASIS, "unknown legal basis"],
    ),
    "fa-latin-c-in-statya": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 0, 2, ART7.replace("Статья", "Cтатья")), SMALL,
        ["registry.xlsx", "row 4", BASIS, "unknown legal basis"],
    ),
    "fa-formula-as-name": (
        ru_minjust_foreign_agents, lambda t: mf.fa_file_with(t, 2, 1, '=HYPERLINK("http://evil.example","x")'), SMALL,
        ["registry.xlsx", "row 6", "the name is blank"],
    ),
    "fa-workbook-without-rows": (ru_minjust_foreign_agents, _empty_workbook, SMALL, ["blank.xlsx", "0 row(s)"]),
    "fa-zip-that-is-not-a-workbook": (ru_minjust_foreign_agents, _zip_not_xlsx, SMALL, ["archive.xlsx", "not a readable Excel .xlsx workbook"]),
    "fa-csv-named-xlsx": (ru_minjust_foreign_agents, lambda t: mf.raw_file(t, "export.xlsx", fixture("us_fara").read_bytes()), SMALL, ["export.xlsx", "not a readable Excel"]),
    "und-ten-times-the-rows": (
        ru_minjust_undesirable, lambda t: mf.write_undesirable(t / "undesirable.json", _und_entries_times(10)), (1, 4),
        ["undesirable.json", "40 entries read", "outside the expected range 1-4"],
    ),
    "und-name-is-null": (
        ru_minjust_undesirable, lambda t: mf.write_undesirable(t / "undesirable.json", [{**e, "fullName": None} if e["id"] == "2" else e for e in mf.undesirable_entries()]), SMALL,
        ["undesirable.json", "row 2", "'fullName'"],
    ),
    "und-deeply-nested": (ru_minjust_undesirable, lambda t: mf.raw_file(t, "deep.json", b"[" * 100_000 + b"]" * 100_000), SMALL, ["deep.json", "nested too deeply"]),
    "und-utf16": (ru_minjust_undesirable, lambda t: mf.raw_file(t, "u16.json", fixture("ru_minjust_undesirable").read_text(encoding="utf-8").encode("utf-16")), SMALL, ["u16.json", "not UTF-8"]),
    "fara-ten-times-the-rows": (us_fara, lambda t: mf.fara_file(t, _fara_times(10)), (1, 3), ["fara.csv", "30 entries read", "outside the expected range 1-3"]),
    "fara-header-only": (us_fara, lambda t: mf.fara_file(t, []), SMALL, ["fara.csv", "0 entries read"]),
    "fara-renamed-column": (
        us_fara, lambda t: mf.fara_file(t, mf.FARA_LINES[:2], [h.replace("Registration_Number", "Registration Number") for h in mf.FARA_HEADER]), SMALL,
        ["fara.csv", "row 1", "'Registration_Number'", "missing expected column"],
    ),
    "fara-title-line-above-the-header": (
        us_fara, lambda t: mf.raw_file(t, "fara.csv", b"FARA bulk export 2023-08-03\n" + fixture("us_fara").read_bytes()), SMALL,
        ["fara.csv", "row 1", "missing expected column"],
    ),
    "fara-nul-bytes": (us_fara, lambda t: mf.raw_file(t, "nul.csv", fixture("us_fara").read_bytes().replace(b"ATLANTIS", b"ATL\x00ANTIS")), SMALL, ["nul.csv", "NUL bytes"]),
    "fara-utf16": (us_fara, lambda t: mf.raw_file(t, "u16.csv", fixture("us_fara").read_text(encoding="utf-8").encode("utf-16")), SMALL, ["u16.csv", "not UTF-8"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(IMPORTER_CASES), ids=list(IMPORTER_CASES))
def test_bad_importer_input(tmp_path, case):
    mf.parse_fails_naming(*IMPORTER_CASES[case], tmp_path)


# --- dashboard URL parameters (AppTest) --------------------------------------------------------------

URL_CASES: dict[str, tuple] = {
    # (query parameters, page, words of the notice; None = accepted without a notice)
    "unknown-kind": ({"kind": ["blogger"]}, None, "Ignored unknown kind value(s) in the link: 'blogger'"),
    "unknown-outlet-country": ({"outlet_country": ["XX", "LV"]}, "explore", "Ignored unknown outlet_country value(s) in the link: 'XX'"),
    "lower-case-jurisdiction": ({"jurisdiction": ["ru"]}, None, "unknown jurisdiction value(s) in the link: 'ru'"),
    "many-unknown-values": ({"jurisdiction": [f"Z{i}" for i in range(300)]}, None, "and 295 more"),
    "very-long-value": ({"designation": ["x" * 100_000]}, "explore", "unknown designation value(s)"),
    "script-in-kind": ({"kind": [IMG]}, None, "Ignored unknown kind"),
    "script-in-status": ({"status": SCRIPT}, None, "Ignored status"),
    "script-in-date": ({"until": SCRIPT}, None, "Ignored until"),
    "compact-date": ({"as_of": "20240105"}, None, "Ignored as_of '20240105': dates are written YYYY-MM-DD"),
    "unpadded-date-is-read-and-told": ({"as_of": "2024-1-5"}, None, "Read as_of '2024-1-5' as 2024-01-05"),
    "slashed-date-is-read-and-told": ({"since": "2022/01/01"}, None, "Read since '2022/01/01' as 2022-01-01"),
    "year-zero": ({"since": "0000-01-01"}, None, "Ignored since"),
    "before-the-earliest-date": ({"as_of": "1900-01-01"}, None, "outside 1938-01-01 to today"),
    "far-future-date": ({"until": "9999-12-31"}, "explore", "outside 1938-01-01 to today"),
    "reversed-range-by-one-day": ({"since": "2023-01-02", "until": "2023-01-01"}, "explore", "range is ignored"),
    "repeated-date": ({"as_of": ["2024-02-02", "2020-01-01"]}, None, "as_of appears 2 times in the link; '2024-02-02' is used"),
    "repeated-status": ({"status": ["in_force", "ended"]}, None, "status appears 2 times in the link"),
    "repeated-search": ({"q": ["north", "petrov"]}, None, "q appears 2 times in the link"),
    "repeated-known-value": ({"jurisdiction": ["RU"] * 50}, "explore", None),
    "search-with-script": ({"q": SCRIPT}, "explore", None),
    "unknown-outlet-with-script": ({"outlet": SCRIPT}, "outlet", "Ignored unknown outlet"),
    "very-long-unknown-outlet": ({"outlet": "o" * 50_000}, "outlet", "Ignored unknown outlet"),
}  # fmt: skip

PAGES = {"explore": "app_pages/explore.py", "outlet": "app_pages/outlet.py"}


@pytest.fixture(scope="module")
def url_data(tmp_path_factory) -> Path:
    return make_small_data(tmp_path_factory.mktemp("url") / "data")


@pytest.mark.parametrize("case", list(URL_CASES), ids=list(URL_CASES))
def test_bad_url_parameter(url_data, monkeypatch, case):
    from streamlit.testing.v1 import AppTest

    params, page, words = URL_CASES[case]
    monkeypatch.setenv("REGISTRY_DATA", str(url_data))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notices = [shown(w.value) for w in at.warning]  # on the page the link opens; the link is then cleaned
    if page:
        at.switch_page(PAGES[page]).run()
        notices += [shown(w.value) for w in at.warning]
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if words is None:
        assert notices == []
    else:
        assert any(words in n for n in notices), notices
    assert all(len(n) < 400 for n in notices), "a notice repeats a long value in full"


def test_markup_in_the_data_reaches_the_page_only_as_text(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    data = make_small_data(tmp_path / "data")
    cell(OUT, 3, "name", SCRIPT)(data)
    cell(OUT, 3, "aliases", "[click](javascript:alert(1)) | **bold**")(data)
    cell(OUT, 3, "notes", IMG)(data)
    cell(OUT, 3, "domains", "<a href=javascript:alert(1)>x</a>")(data)
    assert registry.validate(data) == []
    monkeypatch.setenv("REGISTRY_DATA", str(data))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["outlet"] = "north-wind"
    at.run().switch_page("app_pages/outlet.py").run()
    assert not at.exception
    shown = [at.header[0].value] + [m.value for m in at.markdown] + [p.proto.label for p in at.get("page_link")]
    for value in shown:  # markdown, headers and link labels: every markup character of the data escaped
        assert not re.search(r"(?<!\\)[<>]|(?<!\\)\]\(", value), value
    assert "\\<script\\>" in at.header[0].value
    # Tables are text by construction (a canvas grid): there the values are kept exactly as written.
    cells = {v for frame in (d.value for d in at.dataframe) for v in frame.astype(str).to_numpy().ravel()}
    for value in (IMG, "[click](javascript:alert(1)) | **bold**", "<a href=javascript:alert(1)>x</a>"):
        assert value in cells or any(value in m.replace("\\", "") for m in shown), value


# --- the command line -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    out: Path  # the case's own output directory
    before: dict[str, bytes]  # files of the output directory before the run
    after: dict[str, bytes]


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(directory.iterdir())}


LONG = "x" * 100_000
CLI_CASES: dict[str, tuple] = {
    # (arguments; "{data}" and "{out}" are filled in), expected exit code, words expected on stderr
    "as-of-compact-date": (["export", "--as-of", "20240105"], 2, "--as-of: '20240105' is not a date in the form YYYY-MM-DD"),
    "as-of-iso-week": (["export", "--as-of", "2024-W01-1"], 2, "--as-of"),
    "as-of-unpadded": (["export", "--as-of", "2024-1-5"], 2, "--as-of"),
    "as-of-empty": (["export", "--as-of", ""], 2, "--as-of"),
    "as-of-script": (["export", "--as-of", SCRIPT], 2, "--as-of"),
    "since-year-zero": (["export", "--since", "0000-01-01"], 2, "--since"),
    "until-feb-29-of-a-common-year": (["export", "--until", "2023-02-29"], 2, "--until"),
    "reversed-range-by-one-day": (["export", "--since", "2023-01-02", "--until", "2023-01-01"], 2, "since/until"),
    "empty-jurisdiction": (["export", "--jurisdiction", ""], 2, "--jurisdiction: unknown value(s) ''"),
    "lower-case-country": (["export", "--outlet-country", "lv"], 2, "--outlet-country: unknown value(s) 'lv'"),
    "designation-in-capitals": (["export", "--designation", "FOREIGN_AGENT"], 2, "--designation"),
    "script-as-kind": (["export", "--kind", SCRIPT], 2, "--kind"),
    "very-long-unknown-value": (["export", "--jurisdiction", LONG], 2, "--jurisdiction"),
    "format-in-capitals": (["export", "--format", "XLSX"], 2, "--format"),
    "status-empty": (["export", "--status", ""], 2, "--status"),
    "unknown-option": (["export", "--country", "RU"], 2, "--country"),
    "no-command": ([], 2, "command"),
    "data-dir-missing": (["export", "--data", "/nonexistent/mfr-data"], 2, "--data /nonexistent/mfr-data: not a directory"),
    "data-is-a-file": (["validate", "--data", "/etc/hostname"], 2, "--data /etc/hostname: not a directory"),
    "data-dir-without-descriptor": (["validate", "--data", "{out}"], 1, "1 problem(s) in {out}"),
    "repeated-status-takes-the-last": (["export", "--status", "in_force", "--status", "ended", "--as-of", "2024-02-02", "-o", "{out}/x.csv"], 0, "2 designations written"),
    "very-long-search-finds-nothing": (["export", "--q", LONG, "-o", "{out}/x.csv"], 0, "0 designations written"),
    "output-is-a-directory": (["export", "--output", "{out}"], 2, "--output"),
    "output-parent-missing": (["export", "--output", "{out}/missing/x.csv"], 2, "--output"),
    "output-is-read-only": (["export", "--output", "{out}/read-only.csv"], 2, "--output {out}/read-only.csv: cannot write: the file is read-only"),
    "output-name-too-long": (["export", "--output", "{out}/" + "n" * 300 + ".csv"], 2, "--output"),
    "output-under-proc": (["export", "--format", "xlsx", "--output", "/proc/mfr-export.xlsx"], 2, "--output"),
}  # fmt: skip


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, Run]:
    """Every CLI case at once, each in its own process and output directory (about 1 s each, run in parallel)."""
    base = tmp_path_factory.mktemp("cli")
    data = make_small_data(base / "data")
    jobs = {}
    for case, (args, _, _) in CLI_CASES.items():
        out = base / case
        out.mkdir()
        (out / "read-only.csv").write_bytes(b"keep me\n")
        (out / "read-only.csv").chmod(0o444)
        filled = [a.replace("{out}", str(out)) for a in args]
        if filled and filled[0] in ("export", "validate") and "--data" not in filled:
            filled += ["--data", str(data)]
        jobs[case] = (out, filled)

    def run(case: str) -> Run:
        out, argv = jobs[case]
        before = _snapshot(out)
        result = subprocess.run([sys.executable, "-m", "registry", *argv], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        return Run(result.returncode, result.stderr, out, before, _snapshot(out))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) * 2)) as pool:
        results = dict(zip(jobs, pool.map(run, jobs)))
    yield results
    for out, _ in jobs.values():
        (out / "read-only.csv").chmod(0o644)


@pytest.mark.parametrize("case", list(CLI_CASES), ids=list(CLI_CASES))
def test_bad_cli_argument(cli_runs, case):
    _, code, words = CLI_CASES[case]
    run = cli_runs[case]
    words = words.replace("{out}", str(run.out))
    assert run.returncode == code, run.stderr[-2000:]
    assert words in run.stderr, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert len(run.stderr) < 5000, "the error repeats a long argument in full"
    new = {name: content for name, content in run.after.items() if run.before.get(name) != content}
    if code == 0:
        assert set(new) <= {"x.csv"}
    else:
        assert new == {}, f"left behind: {sorted(new)}"  # no partial file, no temp file, nothing overwritten
    assert not list(Path("/proc").glob("*mfr-export*"))


def test_catalogue_size():
    counts = {"data files": len(DATA_CASES), "importers": len(IMPORTER_CASES), "URL parameters": len(URL_CASES) + 1, "CLI": len(CLI_CASES)}
    assert sum(counts.values()) >= 100, counts
    doc = __doc__ or ""
    assert f"(``DATA_CASES``), {len(DATA_CASES)}:" in doc and f"(``IMPORTER_CASES``), {len(IMPORTER_CASES)}:" in doc
    assert f"(``URL_CASES``), {len(URL_CASES)}:" in doc and f"(``CLI_CASES``), {len(CLI_CASES)}:" in doc
    assert f"Total: {sum(counts.values())}." in doc
