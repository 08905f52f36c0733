"""Keeping the registry current: an official file compared with data/, as a proposal to review, then applied.

``propose(source, file)`` reads the file with the source's importer and compares it with the data
directory. Every item of the proposal is one of:

- ``new``: an entry that is neither in designations.csv nor in source_exclusions.csv (only entries
  that the source's ``in_scope`` picks can be new: for FARA, ``us_fara.select_media``);
- ``changed``: a source-owned field the file fills in: ``end_date`` (with ``end_reason``) when an
  entry is excluded or terminated, or a blank ``start_date``, ``legal_basis``, ``decision_date``,
  ``decision_ref`` (undesirable list); and the registry's own name as the linked outlet's
  ``name_native`` when the entry is renamed, where the source owns that name (below);
- ``confirmed``: a provisional designation (recorded from press or NGO reports) that an entry of the
  file confirms (``registry.provisional``): --apply gives it the entry's id, number, official source
  and source-owned fields, and keeps the press source in its notes;
- ``vanished``: a designation or an exclusion whose entry is no longer in the file (flagged, never deleted);
- ``unconfirmed``: a provisional designation the file does not confirm although it is dated after
  it (flagged for a curator, never deleted);
- ``conflict``: the file and the curated data disagree in a way no import may settle: a recorded
  source-owned value the file contradicts (a correction by the source, or a curated correction:
  an import cannot tell which, so it never overwrites one), a value the file no longer prints
  (history is never deleted), an entry both designated and excluded, a row keyed to an entry but
  recorded as another measure, a row the source cannot key (a FARA row whose principal cannot be read),
  a provisional designation whose entry in the file has another date, or another name.

Everything about a source (its sources.csv row, keying, linking, owned fields and names) is declared
by its importer as a ``registry.entries.SourceMap``; nothing here names a source.

Who owns ``name_native``: a source with ``owns_names`` names the outlet its entry links to (the data
keeps the registry's text exactly; when several entries link one outlet, the latest entry's name),
unless the outlet is a brand (kind ``outlet``) and the source does not ``names_brands``, or an entry
of a source in its ``yields_names_to`` also links it. As declared: the foreign-agent registry names
what it links to; the undesirable list only a legal entity that no foreign-agent entry names; FARA
nothing.

``apply(proposal, ...)`` writes the changed fields, appends new entries (a designation, and an outlet
marked "curation pending" unless an existing outlet is linked), or records them in source_exclusions
when the reviewed proposal says so, stamps the source's ``checked`` date, and writes atomically: the
changed CSVs are validated in a temporary copy of the data directory, staged beside the originals
and swapped in with ``os.replace``; any failure, KeyboardInterrupt included, leaves data/ as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from registry import importers, provisional
from registry.entries import Entry, SourceMap, slug, transliterate
from registry.errors import RegistryError
from registry.importers import MAPS as SOURCES
from registry.output import OutputError, write_file
from registry.paths import data_dir as resolve_data_dir
from registry.problems import Problem
from registry.schema import Package
from registry.transaction import CsvTable, WriteError, write_atomically
from registry.validate import read_and_check

__all__ = [
    "SOURCES",
    "Applied",
    "Item",
    "Proposal",
    "ReviewError",
    "apply",
    "propose",
    "read_decisions",
    "source_map",
    "transliterate",
    "write_report",
]

KINDS = ("new", "confirmed", "changed", "vanished", "unconfirmed", "conflict")
_LABELS = ("new", "confirmed", "changed", "vanished", "unconfirmed", "conflicts")
PROPOSAL_COLUMNS = ("kind", "designation_id", "outlet_id", "registry_ref", "entry", "field", "current", "proposed", "note", "decision")
EXCLUSIONS = "source_exclusions"
REGISTERS = "registers"
PENDING_NOTE = "curation pending: kind, brand link, Latin name"


class ReviewError(RegistryError):
    """The import cannot go on: the data does not validate, a decision is unknown, or an apply failed."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        super().__init__(message)


def source_map(name: str) -> SourceMap:
    importers.get(name)  # the one error message for an unknown name
    return SOURCES[name]


# --- the data, as text ------------------------------------------------------------------------


def _exclusion_sort(row: dict[str, str]) -> tuple:
    number, _, rest = row["registry_ref"].partition(":")
    return (row["source"], int(number) if number.isdigit() else 0, number, rest)


def _by_id(row: dict[str, str]) -> str:
    return row["id"]


@dataclass
class DataView:
    data_dir: Path
    package: Package
    tables: dict[str, CsvTable]

    @classmethod
    def read(cls, data_dir: Path, today: dt.date | None = None) -> DataView:
        package, _, problems = read_and_check(data_dir, today)
        if problems or package is None:
            raise ReviewError(f"{data_dir} does not validate ({len(problems)} problem(s)); run 'registry validate' first", problems)
        if EXCLUSIONS not in package.resources:
            raise ReviewError(f"{data_dir}/datapackage.json declares no '{EXCLUSIONS}' resource")
        tables = {
            name: CsvTable.read(data_dir / package.resource(name).path, package.resource(name).field_names)
            for name in ("designations", "outlets", "sources", EXCLUSIONS, *([REGISTERS] if REGISTERS in package.resources else []))
        }
        return cls(data_dir, package, tables)


# --- the proposal -----------------------------------------------------------------------------


NewRows = tuple[dict[str, str], dict[str, str] | None]  # a new designation row, and its new outlet row (None: linked)
Confirmation = tuple[dict[str, str], dict[str, str]]  # a provisional designation row as read, and what it becomes


@dataclass(frozen=True)
class Item:
    kind: str
    designation_id: str = ""
    outlet_id: str = ""
    registry_ref: str = ""
    entry: str = ""
    field: str = ""
    current: str = ""
    proposed: str = ""
    note: str = ""

    @classmethod
    def of(
        cls, kind: str, row: dict[str, str], entry: str = "", field: str = "", current: str = "", proposed: str = "", note: str = ""
    ) -> Item:
        """An item about a designation row of data/."""
        return cls(kind, row["id"], row["outlet_id"], row["registry_ref"], entry, field, current, proposed, note)

    def row(self) -> dict[str, str]:
        return {**{c: getattr(self, c) for c in PROPOSAL_COLUMNS if c != "decision"}, "decision": ""}


@dataclass
class Proposal:
    source: str
    file: Path
    data_dir: Path
    snapshot: dt.date | None
    entries_in_file: int
    items: list[Item]
    new_rows: dict[str, NewRows] = field(repr=False)  # entry key -> rows to add
    version: str = ""
    confirmations: dict[str, Confirmation] = field(default_factory=dict, repr=False)  # provisional designation id -> rows

    @property
    def empty(self) -> bool:
        return not self.items

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for i in self.items if i.kind == kind) for kind in KINDS}

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([i.row() for i in self.items], columns=list(PROPOSAL_COLUMNS))

    def csv_bytes(self) -> bytes:
        return self.frame().to_csv(index=False, lineterminator="\n").encode("utf-8")

    def text(self) -> str:
        c = self.counts()
        lines = [
            f"registry import {self.source} {self.file}",
            f"file snapshot: {self.snapshot or 'not stated'} · {self.entries_in_file} entries read",
            f"data: {self.data_dir} (version {self.version})",
            "",
            "Summary: "
            + " · ".join(f"{n} {label}" for label, n in zip(_LABELS, c.values(), strict=True)),
        ]
        if self.empty:
            lines += ["", "Nothing to do: data/ agrees with the file."]
            return "\n".join(lines) + "\n"
        headings = {
            "new": "NEW: neither in designations.csv nor in source_exclusions.csv (--apply adds them, pending curation)",
            "confirmed": "CONFIRMED: provisional designations the file confirms (--apply gives them the entry's id, number and official source)",
            "changed": "CHANGED: source-owned fields (--apply writes them)",
            "vanished": "VANISHED: in data/ but not in the file (flagged, never deleted)",
            "unconfirmed": "UNCONFIRMED: provisional designations the file does not confirm (for a curator; never deleted)",
            "conflict": "CONFLICTS: for a curator to settle; --apply leaves them alone",
        }
        for kind, heading in headings.items():
            items = [i for i in self.items if i.kind == kind]
            if not items:
                continue
            lines += ["", f"{heading} [{len(items)}]"]
            for i in items:
                ident = i.designation_id or f"{self.source} entry {i.entry}"
                if kind == "new":
                    lines.append(f"  + {ident} → outlet {i.outlet_id}: {i.proposed}")
                    lines.append(f"      {i.note}")
                elif kind == "confirmed":
                    lines.append(f"  = {ident} → {i.proposed} (outlet {i.outlet_id}): {i.note}")
                elif i.field:
                    target = f"outlet {i.outlet_id} " if i.field == "name_native" else ""
                    lines.append(f"  ~ {ident} {target}{i.field}: {i.current!r} → {i.proposed!r}" + (f"  ({i.note})" if i.note else ""))
                else:
                    lines.append(f"  ! {ident}: {i.note}")
        return "\n".join(lines) + "\n"


def _keyed_designations(smap: SourceMap, designations: CsvTable, entries: dict[str, Entry], items: list[Item]) -> dict[str, dict[str, str]]:
    """The data's rows of this source, by entry key; a row that cannot be keyed is a conflict."""
    rows = [r for r in designations.rows if r["id"].startswith(smap.id_prefix) and not provisional.is_provisional(r)]
    keyed, conflicts = smap.key_rows(smap, rows, entries)
    items.extend(Item.of("conflict", c.row, c.entry, c.field, c.current, c.proposed, c.note) for c in conflicts)
    return keyed


def _name_owner(smap: SourceMap, outlet: dict[str, str], rows_of_outlet: list[dict[str, str]]) -> str | None:
    """The designation id whose registry name is this outlet's name_native, if this source owns it."""
    if not smap.owns_names or (outlet["kind"] == "outlet" and not smap.names_brands):
        return None
    if smap.yields_names_to and any(r["id"].startswith(smap.yields_names_to) for r in rows_of_outlet):
        return None
    own = [r for r in rows_of_outlet if r["id"].startswith(smap.id_prefix)]
    if not own:
        return None
    latest = max(own, key=lambda r: (r["start_date"], int(r["registry_ref"]) if r["registry_ref"].isdigit() else 0))
    return latest["id"]


def _compare(smap: SourceMap, entry: Entry, row: dict[str, str], items: list[Item]) -> None:
    for col, expected in (("jurisdiction", smap.jurisdiction), ("designation", smap.designation)):
        if row[col] != expected:
            items.append(
                Item.of(
                    "conflict", row, entry.key, col, row[col], expected, f"keyed to a {smap.name} entry but recorded as another measure"
                )
            )
            return
    for col in smap.owned:
        current, proposed = row[col], entry.fields[col]
        if current == proposed:
            continue
        if proposed == "":
            note = "the file no longer prints this value; history is never deleted: check the official page"
            items.append(Item.of("conflict", row, entry.key, col, current, "", note))
        elif current != "":
            # A recorded value the file contradicts: a correction by the source, or a curated correction
            # of the source. An import cannot tell which, so it never overwrites one.
            note = "the file and the data disagree (a correction by the source, or a curated one): settle by hand"
            items.append(Item.of("conflict", row, entry.key, col, current, proposed, note))
        else:
            ending = col == "end_date"
            items.append(
                Item.of("changed", row, entry.key, col, current, proposed, "ended in the source" if ending else "filled in by the source")
            )
            if ending and row["end_reason"] == "":
                items.append(Item.of("changed", row, entry.key, "end_reason", "", smap.end_reason, "set with the end date"))


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _new(
    smap: SourceMap, entry: Entry, view: DataView, keyed: dict[str, dict[str, str]], taken_outlets: set[str], taken_ids: set[str]
) -> tuple[Item, NewRows]:
    """The rows a new entry would add, and the proposal item describing them."""
    outlets = view.tables["outlets"].rows
    own_rows = [r for r in view.tables["designations"].rows if r["id"].startswith(smap.id_prefix)]
    linked = smap.link(smap, entry, own_rows, outlets, keyed)
    designation_id = _unique_id(entry.designation_id, taken_ids)
    designation = {
        "id": designation_id,
        "jurisdiction": smap.jurisdiction,
        "designation": smap.designation,
        "authority": smap.authority,
        **entry.fields,
        **entry.new_designation,
    }
    if entry.fields["end_date"]:
        designation["end_reason"] = smap.end_reason
    outlet = None
    if linked:
        designation["outlet_id"] = linked[0]
        note = f"{entry.describe} · linked to existing outlet {linked[0]}: {linked[1]}"
    else:
        latin = transliterate(entry.name)
        base = slug(entry.name) or f"{smap.id_prefix}{entry.registry_ref}-entry"
        outlet_id = _unique_id(base, taken_outlets)
        outlet = {
            "id": outlet_id,
            "name": latin if re.search("[A-Za-z]", latin) else f"Entry {entry.registry_ref}",
            "kind": entry.outlet_kind,
            **entry.new_outlet,
            "notes": PENDING_NOTE,
        }
        designation["outlet_id"] = outlet_id
        note = f"{entry.describe} · new outlet, kind {entry.outlet_kind} ({PENDING_NOTE})"
    item = Item("new", designation_id, designation["outlet_id"], entry.registry_ref, entry.key, "", "", entry.name, note)
    return item, (designation, outlet)


def propose(
    source: str,
    file: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None = None,
    *,
    expected_rows: tuple[int, int] | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """Compare an official file with a data directory (see the module docstring)."""
    smap = source_map(source)
    path = Path(file)
    view = DataView.read(resolve_data_dir(data_dir), today)
    parsed = smap.parse(path, expected_rows=expected_rows)
    sources = view.tables["sources"].by("id")
    source_url = sources[smap.source_id]["url"] if smap.source_id in sources else smap.url
    entries_list = smap.entries(parsed, source_url)
    entries = {e.key: e for e in entries_list}
    # Keys may depend on the whole file (FARA numbers repeated principals), so the scope is taken by position.
    positions = parsed.index.get_indexer(smap.in_scope(parsed).index)
    in_scope = {entries_list[i].key for i in positions}
    snapshot = parsed["snapshot"].iloc[0] if "snapshot" in parsed.columns and len(parsed) else None

    items: list[Item] = []
    designations = view.tables["designations"]
    keyed = _keyed_designations(smap, designations, entries, items)
    excluded = {r["registry_ref"]: r for r in view.tables[EXCLUSIONS].rows if r["source"] == smap.name}
    outlets = view.tables["outlets"].by("id")
    rows_by_outlet: dict[str, list[dict[str, str]]] = {}
    for r in designations.rows:
        rows_by_outlet.setdefault(r["outlet_id"], []).append(r)

    for key, row in sorted(keyed.items(), key=lambda kv: _exclusion_sort({"source": "", "registry_ref": kv[0]})):
        entry = entries.get(key)
        if entry is None:
            items.append(Item.of("vanished", row, key, note="no such entry in the file"))
            continue
        if key in excluded:
            reason = excluded[key]["reason"]
            items.append(Item.of("conflict", row, key, note=f"also in source_exclusions.csv (reason {reason}): delete that row"))
        _compare(smap, entry, row, items)
        outlet = outlets.get(row["outlet_id"])
        owns_name = outlet is not None and _name_owner(smap, outlet, rows_by_outlet[row["outlet_id"]]) == row["id"]
        if outlet is not None and owns_name and outlet["name_native"] != entry.name:
            items.append(Item.of("changed", row, key, "name_native", outlet["name_native"], entry.name, "renamed in the source"))

    for key in sorted(excluded, key=lambda k: _exclusion_sort({"source": "", "registry_ref": k})):
        if key not in entries:
            note = f"source_exclusions.csv row (reason {excluded[key]['reason']}) names no entry of the file"
            items.append(Item("vanished", registry_ref=key.partition(":")[0], entry=key, note=note))

    taken_outlets = set(outlets)
    taken_ids = {r["id"] for r in designations.rows}
    pending = [r for r in designations.rows if provisional.is_provisional(r) and (r["jurisdiction"], r["designation"]) == (smap.jurisdiction, smap.designation)]
    unrecorded = [e for e in entries.values() if e.key not in keyed and e.key not in excluded]
    confirmations, held = _reconcile(smap, pending, outlets, unrecorded, snapshot, taken_ids, items)

    new_rows = {}
    for entry in entries.values():
        if entry.key in in_scope and entry.key not in keyed and entry.key not in excluded and entry.key not in held:
            item, rows = _new(smap, entry, view, keyed, taken_outlets, taken_ids)
            items.append(item)
            new_rows[entry.key] = rows

    order = {k: i for i, k in enumerate(KINDS)}
    items.sort(key=lambda i: order[i.kind])  # stable: each kind keeps the order it was found in
    return Proposal(smap.name, path, view.data_dir, snapshot, len(parsed), items, new_rows, view.package.version, confirmations)


_PROVISIONAL_SENTENCE = re.compile(r"\s*Provisional:[^.]*\.")


def _reconcile(
    smap: SourceMap,
    pending: list[dict[str, str]],
    outlets: dict[str, dict[str, str]],
    unrecorded: list[Entry],
    snapshot: dt.date | None,
    taken_ids: set[str],
    items: list[Item],
) -> tuple[dict[str, Confirmation], set[str]]:
    """Items for the provisional rows (``registry.provisional``); the confirmations, and the entry keys they hold."""
    confirmations: dict[str, Confirmation] = {}
    held: set[str] = set()
    for m in provisional.match(pending, outlets, unrecorded, snapshot):
        row = m.row
        if m.entry is not None:
            held.add(m.entry.key)  # matched: not a new entry, whatever the outcome
        if m.outcome == "unconfirmed":
            items.append(Item.of("unconfirmed", row, note=m.note))
        elif m.outcome == "date_conflict" and m.entry is not None:
            items.append(Item.of("conflict", row, m.entry.key, "start_date", row["start_date"], m.entry.fields["start_date"], m.note))
        elif m.outcome == "name_conflict" and m.entry is not None:
            items.append(Item.of("conflict", row, m.entry.key, "name_native", outlets.get(row["outlet_id"], {}).get("name_native", ""), m.entry.name, m.note))
        elif m.entry is not None:
            e = m.entry
            new_id = _unique_id(e.designation_id, taken_ids)
            official = e.new_designation.get("source_url") or row["source_url"]
            kept = _PROVISIONAL_SENTENCE.sub("", row["notes"]).strip()
            evidence = f"Reported before the official copy by {row['source_url']}; confirmed by the official copy of {snapshot or 'undated'} (entry {e.registry_ref})."
            became = {**row, **e.fields, "id": new_id, "source_url": official, "provisional": "", "notes": f"{kept} {evidence}".strip()}
            changed = [c for c in e.fields if row.get(c, "") != e.fields[c] and c != "registry_ref"]
            sets = ", ".join(f"{c} {row.get(c, '')!r} → {e.fields[c]!r}" for c in changed)
            note = m.note + (f"; the file sets {sets}" if changed else "")
            items.append(Item("confirmed", row["id"], row["outlet_id"], e.registry_ref, e.key, "id", row["id"], new_id, note))
            confirmations[row["id"]] = (dict(row), became)
    return confirmations, held


def write_report(proposal: Proposal, report_dir: str | os.PathLike[str]) -> Path:
    """report.txt and proposal.csv in report_dir (created if needed)."""
    target = Path(report_dir)
    protect = [proposal.data_dir]
    if Path(os.path.realpath(target)).is_relative_to(os.path.realpath(proposal.data_dir)):
        raise OutputError(f"{target}: is inside the data directory {proposal.data_dir}; write reports elsewhere")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{target}: cannot create the report directory: {e.strerror or e}") from None
    write_file(target / "report.txt", proposal.text().encode("utf-8"), protect=protect)
    write_file(target / "proposal.csv", proposal.csv_bytes(), protect=protect)
    return target


# --- decisions on new entries -----------------------------------------------------------------


def exclusion_reasons(package: Package) -> tuple[str, ...]:
    return package.resource(EXCLUSIONS).field("reason").enum


def read_decisions(path: str | os.PathLike[str], proposal: Proposal, reasons: Iterable[str]) -> dict[str, str]:
    """The `decision` column of a reviewed proposal.csv for its new entries: add (the default), skip, or a reason."""
    allowed = {"", "add", "skip", *reasons}
    rows = _decision_rows(path)
    new = {i.entry for i in proposal.items if i.kind == "new"}
    decisions = {}
    for n, row in rows:
        if row["kind"] != "new":
            continue
        decision = row["decision"].strip()
        if decision not in allowed:
            raise ReviewError(f"{path}, row {n}: decision {decision!r} is not one of {', '.join(sorted(a for a in allowed if a))}")
        if row["entry"] not in new:
            raise ReviewError(f"{path}, row {n}: entry {row['entry'][:40]!r} is not new in this import (a proposal for another file?)")
        decisions[row["entry"]] = decision or "add"
    return decisions


def _decision_rows(path: str | os.PathLike[str]) -> list[tuple[int, dict[str, str]]]:
    """The records of a decisions CSV with their row numbers; any unreadable file is a ReviewError."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise ReviewError(f"{path}: cannot read: {e.strerror or e}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReviewError(f"{path}: is UTF-16, not UTF-8; save it as UTF-8 CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReviewError(f"{path}: not UTF-8 text (byte offset {e.start}); a decisions file is the proposal.csv, edited") from None
    if "\x00" in text:
        raise ReviewError(f"{path}: binary content (NUL bytes), not a CSV file")
    if not text.strip():
        raise ReviewError(f"{path}: empty; expected the proposal.csv with a decision column")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    row = 1
    try:
        for record in reader:
            if header is None:
                header = [h.strip() for h in record]
                missing = {"kind", "entry", "decision"} - set(header)
                if missing:
                    raise ReviewError(f"{path}: missing column(s) {sorted(missing)}")
            elif record:
                if len(record) != len(header):
                    raise ReviewError(f"{path}, row {row}: {len(record)} fields, the header has {len(header)} (stray quote or comma?)")
                out.append((row, dict(zip(header, record))))
            row = reader.line_num + 1
    except csv.Error as e:
        raise ReviewError(f"{path}, row {row}: not readable as CSV: {e}") from None
    return out


# --- apply ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    changed: int
    added: int
    excluded: int
    skipped: int
    files: tuple[str, ...]
    confirmed: int = 0


def apply(proposal: Proposal, decisions: dict[str, str] | None = None, *, today: dt.date | None = None) -> Applied:
    """Write the proposal into its data directory, atomically (see the module docstring)."""
    today = today or dt.date.today()
    decisions = decisions or {}
    view = DataView.read(proposal.data_dir, today)
    smap = source_map(proposal.source)
    reasons = exclusion_reasons(view.package)
    designations, outlets = view.tables["designations"], view.tables["outlets"]
    by_id, outlet_by_id = designations.by("id"), outlets.by("id")

    changed = added = excluded = skipped = 0
    for item in proposal.items:
        if item.kind != "changed":
            continue
        if item.field == "name_native":
            target = outlet_by_id[item.outlet_id]
        else:
            target = by_id[item.designation_id]
        if target[item.field] != item.current:
            raise ReviewError(
                f"{item.designation_id or item.outlet_id} {item.field} is now {target[item.field]!r}, "
                f"not {item.current!r}: re-run the import"
            )
        target[item.field] = item.proposed
        changed += 1

    confirmed = 0
    for item in proposal.items:
        if item.kind != "confirmed":
            continue
        read, became = proposal.confirmations[item.designation_id]
        now = by_id.get(item.designation_id)
        if now is None or now != {c: read.get(c, "") for c in designations.header}:
            raise ReviewError(f"{item.designation_id} changed since the import read it: re-run the import")
        designations.rows.remove(now)
        designations.insert(became, _by_id)
        for r in designations.rows:  # a response to the provisional row now answers the confirmed one
            if r["responds_to"] == item.designation_id:
                r["responds_to"] = became["id"]
        confirmed += 1

    exclusions = view.tables[EXCLUSIONS]
    for item in proposal.items:
        if item.kind != "new":
            continue
        decision = decisions.get(item.entry, "add")
        if decision == "skip":
            skipped += 1
        elif decision in reasons:
            exclusions.insert(
                {
                    "source": proposal.source,
                    "registry_ref": item.entry,
                    "reason": decision,
                    "reviewed": today.isoformat(),
                    "note": f"decided at the import of {proposal.file.name}",
                },
                _exclusion_sort,
            )
            excluded += 1
        elif decision == "add":
            designation, outlet = proposal.new_rows[item.entry]
            designations.insert(designation, _by_id)
            if outlet is not None:
                outlets.insert(outlet, _by_id)
            added += 1
        else:
            raise ReviewError(f"entry {item.entry}: unknown decision {decision!r}")

    # `checked` and the register's copy_date are the date of the copy compared (the file's own snapshot
    # date; today only when the file states none): a copy of August compared in November is August's news.
    copy = (proposal.snapshot or today).isoformat()
    source_row = view.tables["sources"].by("id").get(smap.source_id)
    if source_row is not None:
        if source_row["checked"] < copy:
            source_row["checked"] = copy
        if proposal.snapshot and (not source_row["published"] or source_row["published"] < proposal.snapshot.isoformat()):
            source_row["published"] = proposal.snapshot.isoformat()
    for register in view.tables[REGISTERS].rows if REGISTERS in view.tables else []:
        if register["source_id"] != smap.source_id or register["copy_date"] >= copy:
            continue
        register["copy_date"] = copy
        if skipped == 0 and register["complete_to"] < copy:  # every entry of the copy is decided: complete to it
            register["complete_to"] = copy

    contents = {t.path.name: t.to_bytes() for t in view.tables.values()}
    originals = {t.path.name: t.original for t in view.tables.values()}
    contents = {name: data for name, data in contents.items() if data != originals[name]}
    try:
        write_atomically(view.data_dir, contents, originals, today=today)
    except WriteError as e:
        raise ReviewError(str(e), e.problems) from e
    return Applied(changed, added, excluded, skipped, tuple(sorted(contents)), confirmed)
