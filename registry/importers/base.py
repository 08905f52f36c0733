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

_DATE_FORMATS = {
    "dd.mm.yyyy": (re.compile(r"\d{2}\.\d{2}\.\d{4}"), "%d.%m.%Y"),
    "mm/dd/yyyy": (re.compile(r"\d{2}/\d{2}/\d{4}"), "%m/%d/%Y"),
}


def parse_date(value: Any, *, path: PathLike, row: int, column: str, fmt: str = "dd.mm.yyyy", required: bool = False) -> date | None:
    """A date written as ``fmt`` or stored as an Excel date; blank gives None unless ``required``.

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
    pattern, strp = _DATE_FORMATS[fmt]
    if not pattern.fullmatch(text):
        raise ImportFormatError(path, f"expected a date as {fmt}, found {text!r}", row=row, column=column)
    try:
        return datetime.strptime(text, strp).date()
    except ValueError:
        raise ImportFormatError(path, f"not a real date: {text!r}", row=row, column=column) from None


def dd_mm_yyyy(value: Any, *, path: PathLike, row: int, column: str, required: bool = False) -> date | None:
    """``parse_date`` for the Russian sources' ``dd.mm.yyyy``."""
    return parse_date(value, path=path, row=row, column=column, fmt="dd.mm.yyyy", required=required)


def integer_ref(value: Any, *, path: PathLike, row: int, column: str) -> str:
    """An entry or registration number as a string of digits ("492"), whether stored as text or number."""
    if isinstance(value, bool):
        raise ImportFormatError(path, f"expected a number, found {value!r}", row=row, column=column)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if not text.isdigit():
        raise ImportFormatError(path, f"expected a whole number, found {text!r}", row=row, column=column)
    return str(int(text))


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


def _require_file(path: PathLike) -> Path:
    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(path, "no such file")
    if p.stat().st_size == 0:
        raise ImportFormatError(path, "the file is empty")
    return p


def read_xlsx_rows(path: PathLike) -> list[tuple[Any, ...]]:
    """All rows of the first sheet, as tuples of cell values."""
    import openpyxl  # only the Excel sources need it

    p = _require_file(path)
    try:
        with warnings.catch_warnings():
            # Exports written by other tools lack a default style; openpyxl's warning about it is noise.
            warnings.filterwarnings("ignore", message="Workbook contains no default style", category=UserWarning)
            # Not read_only: that mode trusts the sheet's declared size, which exports get wrong ("A1:A1").
            book = openpyxl.load_workbook(p, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    except Exception as exc:  # openpyxl fails on a bad file with zipfile, KeyError, XML... errors alike
        raise ImportFormatError(path, f"not a readable Excel .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    return rows


def read_json(path: PathLike) -> Any:
    p = _require_file(path)
    try:
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"not UTF-8 text, so not JSON ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # json gives up on very deep nesting, which no published list has
        raise ImportFormatError(path, "not this JSON list: nested too deeply to read") from None


def read_csv_records(path: PathLike) -> list[list[str]]:
    """All records of a CSV file, header included, read with the csv module (quoted new lines allowed)."""
    p = _require_file(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"not UTF-8 text, so not this CSV ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise ImportFormatError(path, "binary content (NUL bytes), not a CSV file")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFormatError(path, f"not readable as CSV: {exc}") from None


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
