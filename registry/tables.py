"""Reading the data package's CSV files as text, keeping each record's row number in the file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from registry.paths import read_data_file
from registry.problems import Problem
from registry.schema import Resource

MAX_FIELD_CHARS = 100_000
# The csv module refuses fields over 131,072 characters with a bare "field larger than field limit";
# reading up to 16 MB lets an overlong cell be reported with its row and column (MAX_FIELD_CHARS).
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class RawTable:
    """Every cell as text ("" when blank); the index is the row number in the file (header = 1)."""

    resource: Resource
    frame: pd.DataFrame
    missing: frozenset[str] = frozenset()  # declared columns absent from the file (reported once, at the header)


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(_UTF16_MARKS):
        problems.append(Problem(path.name, 1, None, "is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; save the file as UTF-8"))
        return None
    try:
        # A byte-order mark is what Excel writes; it carries no data, so it is accepted and dropped.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = data[: e.start].count(b"\n") + 1
        problems.append(Problem(path.name, row, None, f"not valid UTF-8 (byte {data[e.start]:#04x} at offset {e.start}); save the file as UTF-8"))
        return None


def read_table(data_dir: Path, resource: Resource) -> tuple[RawTable | None, list[Problem]]:
    """Read one resource's CSV. Returns (None, problems) when the file cannot be used at all."""
    path = Path(data_dir) / resource.path
    name = resource.path
    problems: list[Problem] = []
    try:
        data = read_data_file(data_dir, resource.path)
    except FileNotFoundError:
        return None, [Problem(name, None, None, f"missing: the data package declares table '{resource.name}' here")]
    except OSError as e:
        return None, [Problem(name, None, None, f"unreadable: {e.strerror or e}")]
    text = _decode(path, data, problems)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(name, None, None, "empty file: expected a header row and data rows")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    rows: list[int] = []
    header: list[str] | None = None
    line_before = 0
    try:
        for record in reader:
            row = line_before + 1
            line_before = reader.line_num
            if not record or record == [""]:
                continue  # a blank line holds no record; row numbers still count it
            if header is None:
                header = [h.strip() for h in record]
                for padded in (h for h in record if h != h.strip()):
                    # Readers that match names exactly (the importers' apply, other tools) would not find it.
                    problems.append(Problem(name, row, padded.strip(), f"column name {padded!r} has leading or trailing spaces"))
                continue
            if len(record) != len(header):
                problems.append(Problem(name, row, None, f"has {len(record)} fields, the header has {len(header)} (stray quote or comma?)"))
                continue
            for col, value in zip(header, record):
                if len(value) > MAX_FIELD_CHARS:
                    problems.append(Problem(name, row, col, f"value of {len(value):,} characters is longer than the {MAX_FIELD_CHARS:,} allowed"))
            records.append(record)
            rows.append(row)
    except csv.Error as e:
        problems.append(Problem(name, line_before + 1, None, f"malformed CSV: {e}"))
        return None, problems
    if header is None:
        return None, [Problem(name, None, None, "empty file: expected a header row and data rows")]

    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, "column appears twice in the header"))
        seen.add(col)
    missing = [c for c in resource.field_names if c not in header]
    for col in missing:
        problems.append(Problem(name, 1, col, "required column missing from the header"))
    for col in header:
        if col not in resource.field_names and col:
            problems.append(Problem(name, 1, col, "column not declared in datapackage.json (declare it there or remove it)"))
    if len(seen) != len(header):
        return None, problems
    frame = pd.DataFrame(records, columns=header, index=pd.Index(rows, name="row"), dtype=object)
    for col in missing:
        frame[col] = ""
    return RawTable(resource, frame, frozenset(missing)), problems


def read_tables(data_dir: Path, resources: dict[str, Resource]) -> tuple[dict[str, RawTable], list[Problem]]:
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, resource in resources.items():
        table, found = read_table(data_dir, resource)
        problems.extend(found)
        if table is not None:
            tables[name] = table
    return tables, problems
