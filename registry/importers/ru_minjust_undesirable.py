"""Russia, Ministry of Justice: the list of foreign and international NGOs deemed "undesirable".

The ministry publishes an HTML table; the file read here is a third party's weekly JSON scrape of it:
a list of objects with ``id, fullName, decisionInMinjust, decisionInGenproc, decisionOutMinjust,
decisionOutGenproc, dateIn, dateOut``. Rows in errors are the 1-based index of the object.

Canonical columns, one row per entry, ordered by ``registry_ref`` as a number:

- ``registry_ref``: ``id`` (the list's № п/п, "188");
- ``name_native``: ``fullName``, whitespace-normalised;
- ``start_date``: ``dateIn``, the ministry's listing date (``date``). It must equal the date of the
  ministry's order in ``decisionInMinjust``: when they disagree the import FAILS, naming the row,
  because either could be the typo and a curator has to look at the official page;
- ``end_date``: ``dateOut`` (``date``) or None;
- ``listing_ref``: the ministry's order number from ``decisionInMinjust`` ("799-р");
- ``decision_ref`` / ``decision_date``: the Prosecutor General's decision number ("1", None where the
  list prints only a date) and date, from ``decisionInGenproc``; the decision cannot postdate the listing;
- ``exclusion_ref``: the ministry's exclusion order number from ``decisionOutMinjust``; if only the
  Prosecutor General's side is printed, that decision as printed; None when not excluded;
- ``legal_basis``: always ``ru-272-fz-art3-1``.

Accepted shapes (everything else fails): ministry orders "№ 1076-р от 29.07.2015" (any spacing);
Prosecutor General's decisions "№1 от 28.07.2015", "№ 2 от 26.11.2015", "от 12.05.2023" or a bare
"26.05.2016". All 188 entries of the 2024-09-05 snapshot parse; none has an exclusion.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from registry.entries import Entry, SourceMap, iso, text
from registry.importers.base import (
    ImportFormatError,
    PathLike,
    Publication,
    SourceInfo,
    check_row_count,
    check_unique,
    clean_text,
    dd_mm_yyyy,
    frame,
    integer_ref,
    read_json,
    warn_unknown_column,
)

SOURCE = SourceInfo(
    name="ru_minjust_undesirable",
    publisher="Ministry of Justice of the Russian Federation",
    title="Перечень иностранных и международных неправительственных организаций, деятельность которых "
    "признана нежелательной на территории Российской Федерации",
    url="https://minjust.gov.ru/ru/documents/7756/",
    official=True,
    format="json",
    expected_rows=(100, 2000),
    columns={
        "id": "registry_ref",
        "fullName": "name_native",
        "dateIn": "start_date",
        "dateOut": "end_date",
        "decisionInMinjust": "listing_ref",
        "decisionInGenproc": "decision_ref",  # and decision_date
        "decisionOutMinjust": "exclusion_ref",
        "decisionOutGenproc": "exclusion_ref",  # only when the ministry's side is blank
    },
    ignored={},
)

PUBLICATION = Publication(
    url="",
    suffix=".json",
    unavailable="the ministry publishes this list only as an HTML page; the importer reads a third party's weekly JSON copy "
    "of it, which is not an official publication: download that copy by hand and run `registry import` on it",
)

CANONICAL_COLUMNS = (
    "registry_ref",
    "name_native",
    "start_date",
    "end_date",
    "listing_ref",
    "decision_ref",
    "decision_date",
    "exclusion_ref",
    "legal_basis",
)

LEGAL_BASIS = "ru-272-fz-art3-1"

_ORDER = re.compile(r"№ ?(?P<ref>\d+-р) от (?P<date>\d{2}\.\d{2}\.\d{4})")
_DECISION = re.compile(r"(?:(?:№ ?(?P<ref>\d+) )?от )?(?P<date>\d{2}\.\d{2}\.\d{4})")


def parse(path: PathLike, *, expected_rows: tuple[int, int] | None = None) -> pd.DataFrame:
    """The list at ``path`` in canonical columns (see the module docstring)."""
    data = read_json(path)
    if not isinstance(data, list):
        raise ImportFormatError(path, f"expected a JSON list of entries, found a {type(data).__name__}")
    warned: set[str] = set()
    records = []
    for row, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportFormatError(path, f"expected an object, found {type(item).__name__}", row=row)
        missing = [key for key in SOURCE.columns if key not in item]
        if missing:
            raise ImportFormatError(path, f"missing expected key(s) {missing}", row=row, column=missing[0])
        for key in sorted(item.keys() - SOURCE.columns.keys() - SOURCE.ignored.keys() - warned):
            warn_unknown_column(path, SOURCE, key)  # once per key, not once per entry
            warned.add(key)
        records.append(_entry(path, row, item))
    check_row_count(path, len(records), expected_rows or SOURCE.expected_rows)
    check_unique(path, [r["registry_ref"] for r in records], range(1, len(records) + 1), "id")
    records.sort(key=lambda r: int(r["registry_ref"]))
    return frame(records, CANONICAL_COLUMNS)


def _entry(path: PathLike, row: int, item: dict[str, Any]) -> dict[str, Any]:
    for key in SOURCE.columns:
        if key != "id" and item[key] is not None and not isinstance(item[key], str):
            raise ImportFormatError(path, f"expected text, found {item[key]!r}", row=row, column=key)
    name = clean_text(item["fullName"])
    if not name:
        raise ImportFormatError(path, "the name is blank", row=row, column="fullName")
    start = dd_mm_yyyy(item["dateIn"], path=path, row=row, column="dateIn", required=True)
    end = dd_mm_yyyy(item["dateOut"], path=path, row=row, column="dateOut")
    assert start is not None  # required=True

    listing_ref = _order(path, row, "decisionInMinjust", item["decisionInMinjust"], start, "dateIn")
    decision_ref, decision_date = _decision(path, row, "decisionInGenproc", item["decisionInGenproc"])
    if decision_date > start:
        raise ImportFormatError(
            path, f"the Prosecutor General's decision ({decision_date}) postdates the listing ({start})",
            row=row, column="decisionInGenproc",
        )  # fmt: skip

    exclusion_ref = None
    if clean_text(item["decisionOutMinjust"]):
        if end is None:
            raise ImportFormatError(path, "an exclusion order without an exclusion date", row=row, column="dateOut")
        exclusion_ref = _order(path, row, "decisionOutMinjust", item["decisionOutMinjust"], end, "dateOut")
    if clean_text(item["decisionOutGenproc"]):
        _decision(path, row, "decisionOutGenproc", item["decisionOutGenproc"])  # must parse, like the In side
        exclusion_ref = exclusion_ref or clean_text(item["decisionOutGenproc"])
    if end is not None and exclusion_ref is None:
        raise ImportFormatError(path, "an exclusion date without an exclusion decision", row=row, column="dateOut")

    return {
        "registry_ref": integer_ref(item["id"], path=path, row=row, column="id"),
        "name_native": name,
        "start_date": start,
        "end_date": end,
        "listing_ref": listing_ref,
        "decision_ref": decision_ref,
        "decision_date": decision_date,
        "exclusion_ref": exclusion_ref,
        "legal_basis": LEGAL_BASIS,
    }


def _order(path: PathLike, row: int, column: str, value: str, expected: date, date_column: str) -> str:
    """The ministry's order number; its date must be the entry's own date column."""
    text = clean_text(value)
    match = _ORDER.fullmatch(text)
    if not match:
        raise ImportFormatError(path, f"expected a ministry order like '№ 799-р от 23.07.2021', found {text!r}", row=row, column=column)
    order_date = dd_mm_yyyy(match["date"], path=path, row=row, column=column, required=True)
    if order_date != expected:
        raise ImportFormatError(
            path, f"the order's date {match['date']} disagrees with {date_column} {expected:%d.%m.%Y}",
            row=row, column=column,
        )  # fmt: skip
    return match["ref"]


def _decision(path: PathLike, row: int, column: str, value: str) -> tuple[str | None, date]:
    text = clean_text(value)
    match = _DECISION.fullmatch(text)
    if not match:
        raise ImportFormatError(
            path, f"expected a Prosecutor General's decision like '№ 1 от 28.07.2015' or a date, found {text!r}",
            row=row, column=column,
        )  # fmt: skip
    decided = dd_mm_yyyy(match["date"], path=path, row=row, column=column, required=True)
    assert decided is not None
    return match["ref"], decided


# --- in the registry's terms (registry.entries) -------------------------------------------------


def entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    """Entry N is designation ``ru-und-N``; a new entry's outlet is a company (the list names organisations)."""
    out = []
    for r in df.itertuples(index=False):
        ref = r.registry_ref
        start = iso(r.start_date)
        out.append(
            Entry(
                key=ref,
                registry_ref=ref,
                designation_id=f"ru-und-{ref}",
                name=r.name_native,
                fields={
                    "legal_basis": r.legal_basis,
                    "start_date": start,
                    "end_date": iso(r.end_date),
                    "decision_date": iso(r.decision_date),
                    "decision_ref": text(r.decision_ref),
                    "registry_ref": ref,
                },
                outlet_kind="company",
                new_outlet={"name_native": r.name_native, "source_url": source_url},
                new_designation={
                    "source_url": source_url,
                    "notes": f"Listed by Ministry of Justice order No. {r.listing_ref} of {start}; start_date is the listing date, "
                    "decision_date the date of the Prosecutor General's decision.",
                },
                describe=f"listed {start} (order {r.listing_ref}) · Prosecutor General's decision {iso(r.decision_date)}",
            )
        )
    return out


# The list owns the name only of a legal entity (kind other than "outlet") that no foreign-agent
# entry names; a brand linked directly keeps its curated native name.
MAP = SourceMap(
    name=SOURCE.name,
    parse=parse,
    source_row={"id": "ru-minjust-undesirable", "jurisdiction": "RU", "publisher": SOURCE.publisher, "url": SOURCE.url, "kind": "official"},
    jurisdiction="RU",
    designation="undesirable",
    authority="Prosecutor General's Office of the Russian Federation; listed by the Ministry of Justice",
    end_reason="excluded from the list by the Ministry of Justice",
    owned=("start_date", "end_date", "legal_basis", "decision_date", "decision_ref"),
    entries=entries,
    id_prefix="ru-und-",
    names_brands=False,
    yields_names_to=("ru-fa-",),
)

