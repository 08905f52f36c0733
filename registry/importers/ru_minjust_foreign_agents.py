"""Russia, Ministry of Justice: the unified registry of "foreign agents", the ministry's Excel export.

Layout: spreadsheet row 1 the title, row 2 the export timestamp, row 3 the header (21 columns),
entries from row 4. Columns are found by their header text, not their position.

Canonical columns, one row per entry, ordered by ``registry_ref`` as a number:

- ``registry_ref``: the entry number ``№ п/п`` ("492"), stable across snapshots;
- ``name_native``: the full name column, whitespace-normalised (former names stay in it);
- ``legal_basis``: a laws-table code (``LEGAL_BASES``); an unknown basis fails;
- ``start_date`` / ``end_date``: the ministry's decisions to include / exclude (``date``; end None if blank);
- ``domains``: the resources column as ``' | '``-joined URLs/domains (see ``base.split_resources``), or None;
- ``entity_type``: a code from ``ENTITY_TYPES``, None where the registry leaves it blank; unknown fails;
- ``published_date``: publication date of the inclusion decision (``date`` or None);
- ``snapshot``: the export timestamp's date (``date``), the same on every row.

Personal identifiers are never read into the output: the INN, OGRN, SNILS, registration-number,
date-of-birth, members, address and bank columns are in ``SOURCE.ignored``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from registry.entries import Entry, SourceMap, iso, text
from registry.importers.base import (
    ImportFormatError,
    PathLike,
    Publication,
    SourceInfo,
    check_columns,
    check_row_count,
    check_unique,
    clean_text,
    dd_mm_yyyy,
    frame,
    integer_ref,
    join_resources,
    read_xlsx_rows,
)

_PERSONAL = "personal identifier of individuals (DATA_GUIDE: never copied)"
_BANK = "bank details of the entry's special account; not needed, and personal for individuals"

SOURCE = SourceInfo(
    name="ru_minjust_foreign_agents",
    publisher="Ministry of Justice of the Russian Federation",
    title="Реестр иностранных агентов (unified registry of foreign agents)",
    url="https://minjust.gov.ru/ru/documents/7755/",
    official=True,
    format="xlsx",
    expected_rows=(500, 5000),
    columns={
        "№ п/п": "registry_ref",
        "Полное наименование (прежнее наименование (в случае его изменения)) / ФИО «Псевдоним» (при наличии) "
        "(прежние ФИО (в случае их изменения))": "name_native",
        "Основания для включения": "legal_basis",
        "Дата принятия Минюстом России решения о включении в реестр": "start_date",
        "Дата принятия Минюстом России решения об исключении из реестра (при наличии)": "end_date",
        "Доменное имя информационного ресурса (при наличии)": "domains",
        "Тип иностранного агента": "entity_type",
        "Дата опубликования принятого Минюстом России решения о включении в реестр": "published_date",
    },
    ignored={
        "Регистрационный номер": _PERSONAL + " (registration number)",
        "ИНН": _PERSONAL + " (tax number)",
        "ОГРН": _PERSONAL + " (state registration number; entries are named, this is not needed)",
        "СНИЛС": _PERSONAL + " (pension insurance number)",
        "Дата рождения": _PERSONAL + " (date of birth)",
        "Полное наименование или ФИО участников": _PERSONAL + " (names of members, who are not the entry)",
        "Адрес (место нахождения)": _PERSONAL + " (address)",
        "Номер специального счета": _BANK,
        "Наименование и местонахождение уполномоченного банка": _BANK,
        "Банковский идентификационный код уполномоченного банка": _BANK,
        "Номер корреспондентского счета (субсчета) уполномоченного банка (его филиала)": _BANK,
        "Дата открытия специального счета": _BANK,
        "Дата заключения договора банковского счёта": _BANK,
    },
)

# The registry's page links to the ministry's current Excel export (its file name changes with every
# update), so the first .xlsx link of the page is the file.
PUBLICATION = Publication(
    url="https://minjust.gov.ru/ru/pages/reestr-inostryannykh-agentov/",
    suffix=".xlsx",
    content_types=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"),
    link_pattern=r"""href=["']([^"']+?\.xlsx)["']""",
)

CANONICAL_COLUMNS = (
    "registry_ref",
    "name_native",
    "legal_basis",
    "start_date",
    "end_date",
    "domains",
    "entity_type",
    "published_date",
    "snapshot",
)

# Keyed by (article, law number, law date): federal law numbers restart every year, so the date is
# part of a law's identity. The long title that follows the number is not compared.
LEGAL_BASES = {
    ("6", "2124-1", "27.12.1991"): "ru-2124-1-art6",
    ("25.1", "2124-1", "27.12.1991"): "ru-2124-1-art25-1",
    ("7", "255-ФЗ", "14.07.2022"): "ru-255-fz-art7",
    ("9", "255-ФЗ", "14.07.2022"): "ru-255-fz-art9",
    ("32", "7-ФЗ", "12.01.1996"): "ru-7-fz-art32",
    ("2.1", "272-ФЗ", "28.12.2012"): "ru-272-fz-art2-1",
    ("29.1", "82-ФЗ", "19.05.1995"): "ru-82-fz-art29-1",
}
_BASIS = re.compile(
    r"Статья (?P<article>\d+(?:\.\d+)?) (?:Федерального закона|Закона Российской Федерации) "
    r"от (?P<date>\d{2}\.\d{2}\.\d{4}) № ?(?P<law>\d+-(?:ФЗ|1))\b.*"
)

ENTITY_TYPES = {
    "Физические лица": "individual",
    "Юридические лица": "legal_entity",
    "Иные объединения лиц": "association",
    "Общественные объединения, действующие без образования юридического лица": "unregistered_public_association",
    "Иностранные структуры без образования юридического лица": "foreign_structure",
}

_SOURCE_COLUMN = {canonical: source for source, canonical in SOURCE.columns.items()}
_TITLE = "Реестр иностранных агентов"
_HEADER_ROW = 3  # spreadsheet numbering


def parse(path: PathLike, *, expected_rows: tuple[int, int] | None = None) -> pd.DataFrame:
    """The registry export at ``path`` in canonical columns (see the module docstring)."""
    rows = read_xlsx_rows(path)
    if len(rows) < _HEADER_ROW:
        raise ImportFormatError(path, f"{len(rows)} row(s): expected a title, a timestamp and a header row")
    if clean_text(rows[0][0] if rows[0] else None) != _TITLE:
        raise ImportFormatError(path, f"expected the title {_TITLE!r}, found {clean_text(rows[0][0])!r}", row=1)
    snapshot = _snapshot(path, rows[1][0] if rows[1] else None)
    header = [clean_text(cell) for cell in rows[_HEADER_ROW - 1]]
    check_columns(path, [h for h in header if h], SOURCE, row=_HEADER_ROW)
    at = {name: header.index(name) for name in SOURCE.columns}

    records, numbers = [], []
    for number, cells in enumerate(rows[_HEADER_ROW:], start=_HEADER_ROW + 1):
        if all(clean_text(c) == "" for c in cells):
            continue  # exporters leave formatted empty rows at the end
        cell = {col: (cells[i] if i < len(cells) else None) for col, i in at.items()}
        records.append(_entry(path, number, cell, snapshot))
        numbers.append(number)

    check_row_count(path, len(records), expected_rows or SOURCE.expected_rows)
    check_unique(path, [r["registry_ref"] for r in records], numbers, "№ п/п")
    records.sort(key=lambda r: int(r["registry_ref"]))
    return frame(records, CANONICAL_COLUMNS)


def _entry(path: PathLike, row: int, cell: dict[str, Any], snapshot: date) -> dict[str, Any]:
    by = _SOURCE_COLUMN
    name = clean_text(cell[by["name_native"]])
    if not name:
        raise ImportFormatError(path, "the name is blank", row=row, column=by["name_native"])
    return {
        "registry_ref": integer_ref(cell[by["registry_ref"]], path=path, row=row, column=by["registry_ref"]),
        "name_native": name,
        "legal_basis": _legal_basis(path, row, by["legal_basis"], cell[by["legal_basis"]]),
        "start_date": dd_mm_yyyy(cell[by["start_date"]], path=path, row=row, column=by["start_date"], required=True),
        "end_date": dd_mm_yyyy(cell[by["end_date"]], path=path, row=row, column=by["end_date"]),
        "domains": join_resources(cell[by["domains"]]),
        "entity_type": _entity_type(path, row, by["entity_type"], cell[by["entity_type"]]),
        "published_date": dd_mm_yyyy(cell[by["published_date"]], path=path, row=row, column=by["published_date"]),
        "snapshot": snapshot,
    }


def _legal_basis(path: PathLike, row: int, column: str, value: Any) -> str:
    text = clean_text(value)
    match = _BASIS.fullmatch(text)
    code = LEGAL_BASES.get((match["article"], match["law"], match["date"])) if match else None
    if code is None:
        raise ImportFormatError(path, f"unknown legal basis {text!r}", row=row, column=column)
    return code


def _entity_type(path: PathLike, row: int, column: str, value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if text not in ENTITY_TYPES:
        raise ImportFormatError(path, f"unknown type of foreign agent {text!r}; known: {list(ENTITY_TYPES)}", row=row, column=column)
    return ENTITY_TYPES[text]


def _snapshot(path: PathLike, value: Any) -> date:
    """Row 2 holds the export timestamp: an Excel date-time, or text as dd.mm.yyyy[ HH:MM[:SS]]."""
    if isinstance(value, datetime):
        return value.date()
    text = clean_text(value)
    for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ImportFormatError(path, f"expected the export timestamp, found {text!r}", row=2, column="A")


# --- in the registry's terms (registry.entries) -------------------------------------------------

_KIND_BY_ENTITY = {"individual": "journalist", "legal_entity": "company"}


def entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    """Entry N is designation ``ru-fa-N``; a new entry's outlet is a person or company by its type."""
    out = []
    for r in df.itertuples(index=False):
        ref = r.registry_ref
        out.append(
            Entry(
                key=ref,
                registry_ref=ref,
                designation_id=f"ru-fa-{ref}",
                name=r.name_native,
                fields={"legal_basis": r.legal_basis, "start_date": iso(r.start_date), "end_date": iso(r.end_date), "registry_ref": ref},
                outlet_kind=_KIND_BY_ENTITY.get(r.entity_type or "", "outlet"),
                new_outlet={"name_native": r.name_native, "domains": text(r.domains), "source_url": source_url},
                new_designation={"source_url": source_url, "notes": f"Imported from the registry export of {iso(r.snapshot)}; curation pending."},
                describe=f"start {iso(r.start_date)} · {r.legal_basis} · type {r.entity_type or 'blank'}",
            )
        )
    return out


# The registry names the outlet it links to: the data keeps the registry's text exactly (when several
# entries link one outlet, the latest entry's name).
MAP = SourceMap(
    name=SOURCE.name,
    parse=parse,
    source_row={
        "id": "ru-minjust-foreign-agents",
        "jurisdiction": "RU",
        "publisher": SOURCE.publisher,
        "url": "https://minjust.gov.ru/ru/pages/reestr-inostryannykh-agentov/",
        "kind": "official",
    },
    jurisdiction="RU",
    designation="foreign_agent",
    authority="Ministry of Justice of the Russian Federation",
    end_reason="excluded from the registry by the Ministry of Justice",
    owned=("start_date", "end_date", "legal_basis"),
    entries=entries,
    id_prefix="ru-fa-",
)

