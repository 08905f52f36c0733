"""What every importer shares: the source record, the one error type, and strict little parsers.

Output convention of every importer's ``parse``: a DataFrame of ``object`` columns whose cells are
a Python ``str``, a ``datetime.date`` or ``None`` (blank). Object dtype is deliberate: pandas' ``str``
dtype would turn ``None`` into ``NaN``, and dates would become timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from registry.dates import in_layout, parse_date
from registry.errors import RegistryError

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class SourceInfo:
    """A published source: who publishes it, where, in what shape, and what we take from it."""

    name: str
    publisher: str
    title: str
    url: str
    official: bool
    format: str
    expected_rows: tuple[int, int]
    columns: Mapping[str, str]  # source column -> canonical column
    ignored: Mapping[str, str]  # source column -> why it is not read

    def __post_init__(self) -> None:
        # Read-only views, so that a shared module-level record cannot be edited by a caller.
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "ignored", MappingProxyType(dict(self.ignored)))
        both = set(self.columns) & set(self.ignored)
        if both:
            raise ValueError(f"{self.name}: columns both mapped and ignored: {sorted(both)}")


@dataclass(frozen=True)
class Publication:
    """Where ``registry fetch`` downloads the file this importer reads, and what it must look like.

    ``url`` answers with the file itself or, when ``link_pattern`` is set, with an HTML page whose
    first link matching it (a regular expression with one group: the href) is the file. ``zip_member``:
    the publisher ships the file inside a zip archive under this name. ``content_types``: the media
    types the file may be served as (the zip's, when zipped). ``unavailable``: why there is nothing to
    download (``url`` is then blank).
    """

    url: str
    suffix: str  # of the file the importer reads: ".xlsx", ".csv", ".json"
    content_types: tuple[str, ...] = ()
    link_pattern: str = ""
    zip_member: str = ""
    max_bytes: int = 64 * 1024 * 1024
    unavailable: str = ""


class ImportFormatError(RegistryError):
    """The file is not what the source publishes. The message names the file, and row/column where known.

    Rows are numbered as in the source file: spreadsheet row 1 is the first line; for a JSON list,
    the 1-based index of the object.
    """

    def __init__(self, path: PathLike, message: str, *, row: int | None = None, column: str | None = None):
        self.path = str(path)
        self.row = row
        self.column = column
        self.detail = message
        where = [self.path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


# --- text -------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def clean_text(value: Any) -> str:
    """Whitespace-normalised text ('' for a blank cell). Non-breaking spaces count as spaces."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value).replace("\xa0", " ")).strip()


def text_or_none(value: Any) -> str | None:
    return clean_text(value) or None


# --- dates ------------------------------------------------------------------------------------

def cell_date(value: Any, *, path: PathLike, row: int, column: str, fmt: str = "dd.mm.yyyy", required: bool = False) -> date | None:
    """A cell's date, written in the layout ``fmt`` (registry.dates) or stored as an Excel date; blank gives None unless ``required``.

    Anything else fails: a number (an Excel serial without a date format), a date with a time of
    day, a different layout, or an impossible day such as 31.02.
    """
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ImportFormatError(path, f"expected a date, found a date and time {value!s}", row=row, column=column)
        return value.date()
    if isinstance(value, date):
        return value
    if value is not None and not isinstance(value, str):
        raise ImportFormatError(path, f"expected a date ({fmt}), found {type(value).__name__} {value!r}", row=row, column=column)
    text = clean_text(value)
    if not text:
        if required:
            raise ImportFormatError(path, f"a date ({fmt}) is required, the cell is blank", row=row, column=column)
        return None
    if not in_layout(text, fmt):
        raise ImportFormatError(path, f"expected a date as {fmt}, found {text!r}", row=row, column=column)
    day = parse_date(text, fmt)
    if day is None:
        raise ImportFormatError(path, f"not a real date: {text!r}", row=row, column=column)
    return day


def dd_mm_yyyy(value: Any, *, path: PathLike, row: int, column: str, required: bool = False) -> date | None:
    """``cell_date`` for the Russian sources' ``dd.mm.yyyy``."""
    return cell_date(value, path=path, row=row, column=column, fmt="dd.mm.yyyy", required=required)


def integer_ref(value: Any, *, path: PathLike, row: int, column: str) -> str:
    """An entry or registration number as a string of digits ("492"), whether stored as text or number."""
    if isinstance(value, bool):
        raise ImportFormatError(path, f"expected a number, found {value!r}", row=row, column=column)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    # ASCII digits only, and not too many: str.isdigit() also takes "²" (which int() refuses) and
    # other scripts' digits, and int() refuses over 4,300 digits.
    if not _REF.fullmatch(text):
        raise ImportFormatError(path, f"expected a whole number (up to 15 digits 0-9), found {text[:40]!r}", row=row, column=column)
    return str(int(text))


_REF = re.compile(r"[0-9]{1,15}", re.ASCII)


# --- lists of domains / URLs ------------------------------------------------------------------

# Items are separated by ';' or new lines, sometimes by ', ' or a bare space before the next URL.
_ITEM_SEPARATOR = re.compile(r"[;\r\n]+|,\s*(?=(?:https?://|www\.|t\.me/))|\s+(?=https?://)")
# Telegram channels come with their numeric id ("https://t.me/x, ID: -100123"): an id, not a resource.
_TELEGRAM_ID = re.compile(r"(?:,\s*|\s+)ID\s*:?\s*[-–]?\s*\d[\d\s]*$")
# A label in guillemets after a URL («Instagram») is a remark, not part of the address.
_REMARK = re.compile(r"«[^»]*»")


def split_resources(text: Any) -> list[str]:
    """The URLs/domains of a free-text resources cell, as printed but cleaned, in order, without repeats.

    Cleaning removes what cannot be part of an address: telegram channel ids, remarks in «»,
    stray quotes, and spaces inside a URL (the registry prints "https://youtube.com/ channel/UC..").
    """
    items: list[str] = []
    for raw in _ITEM_SEPARATOR.split(str(text or "").replace("\xa0", " ")):
        item = _REMARK.sub("", _TELEGRAM_ID.sub("", raw.strip()))
        item = _SPACE.sub("", item).strip("\"'«»,;")
        if item and item not in items:
            items.append(item)
    return items


def join_resources(text: Any) -> str | None:
    items = split_resources(text)
    return " | ".join(items) if items else None


# --- files ------------------------------------------------------------------------------------


# Bounds on what an official file may hold, far above the real ones (the largest, FARA's CSV, is
# 2.6 MB with 20 columns; the Minjust workbook 0.2 MB, 5,000 rows at most): a tiny hostile file
# must be refused in seconds and in little memory, not read until the machine gives up.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024  # every member of an .xlsx together, as the archive declares them
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_FIELD_CHARS = 100_000


def _require_file(path: PathLike) -> Path:
    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(path, "no such file")
    size = p.stat().st_size
    if size == 0:
        raise ImportFormatError(path, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise ImportFormatError(path, f"{size:,} bytes: larger than the {MAX_FILE_BYTES:,} any published list needs")
    return p


def _check_zip(path: PathLike, p: Path) -> None:
    """Refuse a zip bomb before anything is unpacked: too many members, or too much once unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFormatError(path, f"not a readable Excel .xlsx workbook (not a zip archive: {exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportFormatError(path, f"not a plausible .xlsx: {len(infos):,} parts in the archive")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ImportFormatError(path, f"unpacks to {unpacked:,} bytes, more than the {MAX_UNZIPPED_BYTES:,} allowed (a zip bomb?)")


def read_xlsx_rows(path: PathLike) -> list[tuple[Any, ...]]:
    """The rows of the first sheet, as tuples of cell values (at most MAX_ROWS rows, MAX_COLUMNS columns)."""
    import openpyxl  # only the Excel sources need it

    p = _require_file(path)
    _check_zip(path, p)
    rows: list[tuple[Any, ...]] = []
    try:
        with warnings.catch_warnings():
            # Exports written by other tools lack a default style; openpyxl's warning about it is noise.
            warnings.filterwarnings("ignore", message="Workbook contains no default style", category=UserWarning)
            # read_only streams the sheet. Its declared size ("A1:A1" in some exports, or the last
            # row of the sheet in a hostile one) is not trusted: the bounds are given explicitly.
            book = openpyxl.load_workbook(p, data_only=True, read_only=True)
        try:
            for cells in book.worksheets[0].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True):
                rows.append(cells)
        finally:
            book.close()
    except Exception as exc:  # openpyxl fails on a bad file with zipfile, KeyError, XML... errors alike
        raise ImportFormatError(path, f"not a readable Excel .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})") from exc
    while rows and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[-1]):
        rows.pop()  # formatted empty rows at the end, and the padding of a sheet whose size is misdeclared
    if len(rows) > MAX_ROWS:
        raise ImportFormatError(path, f"more than {MAX_ROWS:,} rows in the first sheet", row=MAX_ROWS + 1)
    width = max((i + 1 for cells in rows for i, c in enumerate(cells) if c is not None), default=0)
    return [tuple(cells[:width]) for cells in rows]


def _lone_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds a string with a lone surrogate (\\ud800), which no file can store."""
    stack = [value]
    while stack:  # iterative: a deeply nested value must not exhaust the stack here either
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def read_json(path: PathLike) -> Any:
    p = _require_file(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"not UTF-8 text, so not JSON ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # json gives up on very deep nesting, which no published list has
        raise ImportFormatError(path, "not this JSON list: nested too deeply to read") from None
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            if _lone_surrogate(item):
                raise ImportFormatError(path, "a text holds a lone surrogate escape (such as \\ud800), not a character", row=number)
    elif _lone_surrogate(data):
        raise ImportFormatError(path, "a text holds a lone surrogate escape (such as \\ud800), not a character")
    return data


def read_csv_records(path: PathLike) -> list[list[str]]:
    """All records of a CSV file, header included, read with the csv module (quoted new lines allowed).

    A record with more than MAX_COLUMNS fields or a field over MAX_FIELD_CHARS characters is
    refused as it is read, naming its row.
    """
    p = _require_file(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"not UTF-8 text, so not this CSV ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise ImportFormatError(path, "binary content (NUL bytes), not a CSV file")
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    row = 1
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS:
                raise ImportFormatError(path, f"{len(record):,} fields: more than the {MAX_COLUMNS} a record of this list can have", row=row)
            for value in record:
                if len(value) > MAX_FIELD_CHARS:
                    raise ImportFormatError(path, f"a field of {len(value):,} characters, more than the {MAX_FIELD_CHARS:,} allowed", row=row)
            if len(records) > MAX_ROWS:
                raise ImportFormatError(path, f"more than {MAX_ROWS:,} records", row=row)
            records.append(record)
            row = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFormatError(path, f"not readable as CSV: {exc}", row=row) from None
    return records


# --- checks -----------------------------------------------------------------------------------


def check_columns(path: PathLike, found: Iterable[str], source: SourceInfo, *, row: int | None = None) -> None:
    """A missing expected column fails; a column neither mapped nor ignored warns."""
    found = list(found)
    missing = [c for c in [*source.columns, *source.ignored] if c not in found]
    if missing:
        raise ImportFormatError(path, f"missing expected column(s) {missing}; found {found}", row=row, column=missing[0])
    for name in found:
        if name not in source.columns and name not in source.ignored:
            warn_unknown_column(path, source, name)


def warn_unknown_column(path: PathLike, source: SourceInfo, name: str) -> None:
    warnings.warn(f"{path}: unknown column {name!r} in {source.name}: neither mapped nor ignored, not read", stacklevel=4)


def check_row_count(path: PathLike, count: int, expected: tuple[int, int]) -> None:
    low, high = expected
    if not low <= count <= high:
        raise ImportFormatError(path, f"{count} entries read, outside the expected range {low}-{high}")


def check_unique(path: PathLike, refs: Iterable[str], rows: Iterable[int], column: str) -> None:
    seen: dict[str, int] = {}
    for ref, row in zip(refs, rows, strict=True):
        if ref in seen:
            raise ImportFormatError(path, f"entry number {ref!r} repeats row {seen[ref]}", row=row, column=column)
        seen[ref] = row


def frame(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """The canonical frame: object columns in the declared order, a fresh 0..n-1 index."""
    # Built column by column as object Series: inference would turn None into NaN and dates into timestamps.
    return pd.DataFrame({c: pd.Series([r[c] for r in records], dtype=object) for c in columns}, columns=list(columns))
