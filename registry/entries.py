"""Official entries in the registry's terms: what an importer declares so that its entries map to rows of data/.

Each importer module (``registry/importers/``) declares, beside ``SOURCE`` and ``parse``, one
``SourceMap``: its row of sources.csv, the measure it records, which designation fields it owns,
how its file becomes ``Entry`` records, how designation rows of data/ are keyed to entries, how a
new entry links to an existing outlet, and whether it owns the linked outlet's native name. The
review machinery (``registry.proposals``) works from that declaration only and never names a source.

The default keying is by number: entry N is designation ``<id_prefix>N``; the default link of a new
entry is an outlet of an earlier entry of the same source with exactly the entry's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from registry.search_keys import CYRILLIC_TO_LATIN  # the search romanisation, reused for provisional Latin names

Row = dict[str, str]


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's identity in the source; source_exclusions.registry_ref
    registry_ref: str
    designation_id: str  # the designation it is (or would be) recorded as
    name: str  # the registry's own name for the entry
    fields: dict[str, str]  # source-owned designation fields, as CSV text
    outlet_kind: str  # for a new outlet
    new_outlet: dict[str, str]  # further columns of a new outlet row
    new_designation: dict[str, str]  # further columns of a new designation row
    describe: str  # one line for the report
    principal: str = ""  # FARA: the foreign principal as filed


@dataclass(frozen=True)
class KeyConflict:
    """A designation row that cannot be keyed to an entry as recorded: a conflict for a curator."""

    row: Row
    entry: str = ""
    field: str = ""
    current: str = ""
    proposed: str = ""
    note: str = ""


Keying = Callable[["SourceMap", list[Row], Mapping[str, Entry]], tuple[dict[str, Row], list[KeyConflict]]]
Linking = Callable[["SourceMap", Entry, list[Row], list[Row], Mapping[str, Row]], tuple[str, str] | None]


def key_by_number(smap: SourceMap, rows: list[Row], entries: Mapping[str, Entry]) -> tuple[dict[str, Row], list[KeyConflict]]:
    """Entry N is designation ``<id_prefix>N``, whose registry_ref must be N."""
    keyed: dict[str, Row] = {}
    conflicts = []
    for r in rows:
        number = r["id"][len(smap.id_prefix) :]
        if r["registry_ref"] != number:
            conflicts.append(KeyConflict(r, number, "registry_ref", r["registry_ref"], number, f"the id names entry {number}"))
        keyed[number] = r
    return keyed, conflicts


def link_by_name(smap: SourceMap, entry: Entry, own_rows: list[Row], outlets: list[Row], keyed: Mapping[str, Row]) -> tuple[str, str] | None:
    """An outlet of an earlier entry of this source with exactly this name (a re-listing?)."""
    designated = {r["outlet_id"] for r in own_rows}
    same_name = [o["id"] for o in outlets if o["name_native"] == entry.name and o["id"] in designated]
    if len(same_name) == 1:
        return same_name[0], "an outlet of an earlier entry has this exact name (re-listing?)"
    return None


@dataclass(frozen=True)
class SourceMap:
    """Everything about one official source that the review machinery needs (see the module docstring)."""

    name: str  # the importer's name (source_exclusions.source)
    parse: Callable[..., pd.DataFrame]  # the importer's parse(path, *, expected_rows=None)
    source_row: Mapping[str, str]  # its row of sources.csv (id, jurisdiction, publisher, url, kind), stamped as checked
    jurisdiction: str
    designation: str
    authority: str
    end_reason: str
    owned: tuple[str, ...]  # source-owned designation fields
    entries: Callable[[pd.DataFrame, str], list[Entry]]  # (parsed file, source_url) -> every entry
    id_prefix: str  # every designation of this source has an id starting with it
    in_scope: Callable[[pd.DataFrame], pd.DataFrame] = field(default=lambda df: df)  # the rows that may become new entries
    key_rows: Keying = key_by_number
    link: Linking = link_by_name
    owns_names: bool = True  # the registry's name of the entry is the linked outlet's name_native
    names_brands: bool = True  # ... also of an outlet of kind "outlet" (else only of a legal entity or person)
    yields_names_to: tuple[str, ...] = ()  # id prefixes of other sources whose entries name the outlet first

    @property
    def source_id(self) -> str:
        return self.source_row["id"]

    @property
    def url(self) -> str:
        return self.source_row["url"]


# --- helpers for the importers' entry builders --------------------------------------------------


def iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def text(value: Any) -> str:
    return "" if value is None else str(value)


def slug(text: str, limit: int = 60) -> str:
    """A URL-safe id from a name: transliterated, lower case, words joined by '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(text).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def transliterate(text: str) -> str:
    """A provisional Latin spelling of a Cyrillic name (the search romanisation, case kept)."""
    out = []
    for ch in text:
        latin = CYRILLIC_TO_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch.isupper() else latin)
    return "".join(out)
