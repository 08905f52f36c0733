"""Provisional designations met by a newer official file: which entry confirms each, or why none does.

A provisional designation (``provisional`` = "yes") was recorded from press or NGO reports before an
official copy listed it: no official number, a press source. When an official file of its measure
is read, each provisional row is matched to the file's entries that are not yet recorded:

- the **name** matches when the registry's name of the entry and one of the outlet's names (native
  name, Latin name, aliases) are the same under the registry's search folding (``registry.search_keys.fold``:
  case, accents and Cyrillic/Latin script ignored), or when every word of a name of two words or more
  is a word of the entry's name (a person listed as «Калитин Андрей Викторович» is the outlet
  «Андрей Калитин»);
- the **listing date** matches when the entry's start date is within ``DAYS`` days of the row's.

Outcomes (``Match.outcome``):

- ``confirmed``: one entry matches by the outlet's native name and on the same date;
- ``date_conflict``: one entry matches by name, within ``DAYS`` days but not on the same date;
- ``name_conflict``: one entry matches on the same date, but only by the Latin name or an alias,
  not by the native name recorded (the reports and the register name it differently);
- ``unconfirmed``: no entry (or more than one) matches although the file is dated after the row's
  listing date plus ``DAYS``: for a curator to look at, never deleted. A row listed after the file's
  date (or within ``DAYS`` of it) is left alone: the file cannot confirm it yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from registry.entries import Entry, Row
from registry.search_keys import fold

DAYS = 7
OUTCOMES = ("confirmed", "date_conflict", "name_conflict", "unconfirmed")


@dataclass(frozen=True)
class Match:
    row: Row  # the provisional designation
    outcome: str  # one of OUTCOMES
    entry: Entry | None = None
    matched_name: str = ""  # the outlet's name that matched the entry's
    note: str = ""


def is_provisional(row: Row) -> bool:
    return row.get("provisional", "") == "yes"


def outlet_names(outlet: Row) -> tuple[str, list[str]]:
    """The outlet's native name, and its other names (Latin name, aliases)."""
    others = [outlet.get("name", ""), *outlet.get("aliases", "").split("|")]
    return outlet.get("name_native", "").strip(), [n.strip() for n in others if n.strip()]


def names_match(name: str, entry_name: str) -> bool:
    a, b = fold(name), fold(entry_name)
    if not a or not b:
        return False
    if a == b:
        return True
    words = a.split()
    return len(words) >= 2 and set(words) <= set(b.split())


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def match(rows: Iterable[Row], outlets: Mapping[str, Row], entries: Iterable[Entry], snapshot: dt.date | None) -> list[Match]:
    """Each provisional row with what the file says about it (see the module docstring).

    ``entries`` are the file's entries that no designation records yet. A row the file cannot speak
    to yet (listed after the snapshot less ``DAYS``, or no snapshot date) is left out unless an entry matches.
    """
    entries = list(entries)
    out = []
    for row in rows:
        start = _date(row["start_date"])
        outlet = outlets.get(row["outlet_id"], {})
        native, others = outlet_names(outlet)
        found: list[tuple[Entry, str, bool]] = []  # (entry, name that matched, matched by the native name)
        for e in entries:
            e_start = _date(e.fields.get("start_date", ""))
            if start is None or e_start is None or abs((e_start - start).days) > DAYS:
                continue
            if native and names_match(native, e.name):
                found.append((e, native, True))
            else:
                by = next((n for n in others if names_match(n, e.name)), None)
                if by is not None:
                    found.append((e, by, False))
        if len(found) == 1:
            e, name, by_native = found[0]
            same_day = e.fields.get("start_date") == row["start_date"]
            if not same_day:
                note = f"the official entry {e.registry_ref} is dated {e.fields['start_date']}, the row {row['start_date']}: settle the date, then re-import"
                out.append(Match(row, "date_conflict", e, name, note))
            elif not by_native:
                note = (
                    f"the official entry {e.registry_ref} names it «{e.name}», matched by {name!r}, not by the recorded native name "
                    f"{native!r}: check it is the same entity, then re-import"
                )
                out.append(Match(row, "name_conflict", e, name, note))
            else:
                out.append(Match(row, "confirmed", e, name, f"official entry {e.registry_ref} «{e.name}» of {e.fields['start_date']}"))
            continue
        if snapshot is None or start is None or start > snapshot - dt.timedelta(days=DAYS):
            continue  # the file cannot confirm a listing it may predate
        if found:
            refs = ", ".join(e.registry_ref for e, _, _ in found)
            out.append(Match(row, "unconfirmed", note=f"several official entries could be this one ({refs}): a curator decides"))
        else:
            note = f"not in the official file of {snapshot} (no entry with its name within {DAYS} days of {row['start_date']}): a curator checks the reports"
            out.append(Match(row, "unconfirmed", note=note))
    return out
