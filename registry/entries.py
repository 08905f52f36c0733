"""Official entries in the registry's terms: how each importer's entries map to designation rows.

How entries and rows are keyed (``Entry.key`` is also ``source_exclusions.registry_ref``):

- foreign-agent registry entry N ↔ designation ``ru-fa-N``; undesirable-list entry N ↔ ``ru-und-N``;
- FARA: a registration is a registrant ↔ foreign-principal relationship, so the key is the
  registration number plus the principal as filed: ``"<number>:<8 hex digits of sha1(principal,
  case-folded)>"``, and ``":<n>"`` for the n-th relationship with the same principal under the same
  number (in the file's order: by registration date). The exclusions file thus carries no names. A
  ``us-fara-*`` designation records its principal in ``notes`` as ``Foreign principal as filed:
  "<principal>" (<COUNTRY>). Registrant registered <date>.``, which is where its key is read from.

Each ``SourceMap`` also says which designation fields the source owns, which rows of a file may
become new entries (FARA: ``us_fara.select_media``), and how a new entry's rows are filled in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pandas as pd

from registry import importers
from registry.search_keys import CYRILLIC_TO_LATIN  # the search romanisation, reused for provisional Latin names


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


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def _text(value) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class SourceMap:
    """How one importer's entries map to rows of data/."""

    module: ModuleType
    source_id: str  # the row of sources.csv stamped as checked
    jurisdiction: str
    designation: str
    authority: str
    end_reason: str
    owned: tuple[str, ...]  # source-owned designation fields
    entries: Callable[[pd.DataFrame, str], list[Entry]]  # (parsed file, source_url) -> every entry
    in_scope: Callable[[pd.DataFrame], pd.DataFrame]  # the rows of the file that may become new entries
    id_prefix: str

    @property
    def name(self) -> str:
        return self.module.SOURCE.name


_KIND_BY_ENTITY = {"individual": "journalist", "legal_entity": "company"}


def _fa_entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    out = []
    for r in df.itertuples(index=False):
        ref = r.registry_ref
        snapshot = _iso(r.snapshot)
        out.append(
            Entry(
                key=ref,
                registry_ref=ref,
                designation_id=f"ru-fa-{ref}",
                name=r.name_native,
                fields={"legal_basis": r.legal_basis, "start_date": _iso(r.start_date), "end_date": _iso(r.end_date), "registry_ref": ref},
                outlet_kind=_KIND_BY_ENTITY.get(r.entity_type or "", "outlet"),
                new_outlet={"name_native": r.name_native, "domains": _text(r.domains), "source_url": source_url},
                new_designation={"source_url": source_url, "notes": f"Imported from the registry export of {snapshot}; curation pending."},
                describe=f"start {_iso(r.start_date)} · {r.legal_basis} · type {r.entity_type or 'blank'}",
            )
        )
    return out


def _und_entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    out = []
    for r in df.itertuples(index=False):
        ref = r.registry_ref
        start = _iso(r.start_date)
        out.append(
            Entry(
                key=ref,
                registry_ref=ref,
                designation_id=f"ru-und-{ref}",
                name=r.name_native,
                fields={
                    "legal_basis": r.legal_basis,
                    "start_date": start,
                    "end_date": _iso(r.end_date),
                    "decision_date": _iso(r.decision_date),
                    "decision_ref": _text(r.decision_ref),
                    "registry_ref": ref,
                },
                outlet_kind="company",
                new_outlet={"name_native": r.name_native, "source_url": source_url},
                new_designation={
                    "source_url": source_url,
                    "notes": f"Listed by Ministry of Justice order No. {r.listing_ref} of {start}; start_date is the listing date, "
                    "decision_date the date of the Prosecutor General's decision.",
                },
                describe=f"listed {start} (order {r.listing_ref}) · Prosecutor General's decision {_iso(r.decision_date)}",
            )
        )
    return out


FARA_PRINCIPAL = re.compile(r'Foreign principal as filed: "(?P<principal>.*)" \((?P<country>.*?)\)\. Registrant registered')
FARA_PAGE = "https://efile.fara.gov/ords/fara/f?p=1381:200:::NO:RP,200:P200_REG_NUMBER:{}"


def fara_key(registration_number: str, principal: str, occurrence: int = 1) -> str:
    """The key of a FARA registrant–principal relationship (see the module docstring)."""
    digest = hashlib.sha1(principal.strip().casefold().encode("utf-8")).hexdigest()[:8]
    return f"{registration_number}:{digest}" + (f":{occurrence}" if occurrence > 1 else "")


def slug(text: str, limit: int = 60) -> str:
    """A URL-safe id from a name: transliterated, lower case, words joined by '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(text).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def fara_pair(registration_number: str, principal: str) -> tuple[str, str]:
    """What makes two FARA rows the same registrant–principal pair (before telling repeats apart)."""
    return registration_number, principal.strip().casefold()


def _fara_keys(df: pd.DataFrame) -> list[str]:
    """Keys in the file's order; the parser sorts by number, registration date, principal."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for ref, principal in zip(df["registry_ref"], df["foreign_principal"], strict=True):
        pair = fara_pair(ref, principal)
        seen[pair] = seen.get(pair, 0) + 1
        keys.append(fara_key(ref, principal, seen[pair]))
    return keys


def _fara_entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    out = []
    for key, r in zip(_fara_keys(df), df.itertuples(index=False), strict=True):
        ref = r.registry_ref
        out.append(
            Entry(
                key=key,
                registry_ref=ref,
                designation_id=f"us-fara-{ref}-{slug(r.registrant_name, 40)}",
                name=r.registrant_name,
                fields={"legal_basis": "us-fara", "start_date": _iso(r.start_date), "end_date": _iso(r.end_date), "registry_ref": ref},
                outlet_kind="company",
                new_outlet={"name_native": "", "source_url": FARA_PAGE.format(ref), "country": "US"},
                new_designation={
                    "source_url": FARA_PAGE.format(ref),
                    "notes": f'Foreign principal as filed: "{r.foreign_principal}" ({r.country or ""}). '
                    f"Registrant registered {_iso(r.registrant_date)}.",
                },
                principal=r.foreign_principal,
                describe=f'principal "{r.foreign_principal}" ({r.country or "?"}) · registered {_iso(r.start_date)}'
                + (f" · terminated {_iso(r.end_date)}" if r.end_date else ""),
            )
        )
    return out


SOURCES: dict[str, SourceMap] = {
    m.name: m
    for m in (
        SourceMap(
            importers.ru_minjust_foreign_agents, "ru-minjust-foreign-agents", "RU", "foreign_agent",
            "Ministry of Justice of the Russian Federation", "excluded from the registry by the Ministry of Justice",
            ("start_date", "end_date", "legal_basis"), _fa_entries, lambda df: df, "ru-fa-",
        ),
        SourceMap(
            importers.ru_minjust_undesirable, "ru-minjust-undesirable", "RU", "undesirable",
            "Prosecutor General's Office of the Russian Federation; listed by the Ministry of Justice",
            "excluded from the list by the Ministry of Justice",
            ("start_date", "end_date", "legal_basis", "decision_date", "decision_ref"), _und_entries, lambda df: df, "ru-und-",
        ),
        SourceMap(
            importers.us_fara, "us-fara-bulk-foreign-principals", "US", "fara_registration",
            "U.S. Department of Justice (FARA Unit)", "registration for this foreign principal terminated",
            ("start_date", "end_date", "legal_basis"), _fara_entries, importers.us_fara.select_media, "us-fara-",
        ),
    )
}  # fmt: skip


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
