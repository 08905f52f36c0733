"""Validation: every rule the data package declares, plus the cross-table rules of the registry.

Each problem names the file, the row as numbered in the file (header = row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from registry import journal
from registry import registers as registers_rules
from registry.dates import parse_date
from registry.paths import data_dir as resolve_data_dir
from registry.problems import Problem
from registry.schema import Field, Package, SchemaError, read_package
from registry.tables import RawTable, read_tables

# C0 control characters other than tab, line feed and carriage return (and DEL): invisible, never
# meant, and not storable in an XLSX export, so they would break the download of any row holding one.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that do not show but change what a name looks like: zero-width spaces and joiners,
# bidirectional overrides and isolates (U+202E turns "gepj.exe" around), the word joiner, soft
# hyphen, invisible operators, the byte-order mark inside text, and the C1 controls.
INVISIBLE = re.compile(r"[\u0080-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")

# What the code reads from the data package (registry.load / registry.query): a descriptor that
# leaves one of these out would validate and then fail on first use, so it is a problem of its own.
NEEDED = {
    "outlets": {"id": "string", "name": "string", "name_native": "string", "aliases": "string", "kind": "string", "parent_id": "string", "country": "string"},
    "designations": {
        "id": "string", "outlet_id": "string", "jurisdiction": "string", "designation": "string", "legal_basis": "string",
        "start_date": "date", "end_date": "date", "registry_ref": "string", "responds_to": "string",
    },
    "designation_types": {"code": "string", "label": "string"},
    "laws": {"id": "string", "jurisdiction": "string"},
    "sources": {"jurisdiction": "string", "checked": "date"},
    "countries": {"code": "string", "name": "string"},
}  # fmt: skip


def is_http_url(value: str) -> bool:
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    # user:password@ before the host hides where a link goes (https://official.gov@elsewhere.example/).
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return False
    try:
        port = parts.port  # ValueError for a port that is not a number or over 65535
    except ValueError:
        return False
    return port is None or port > 0


def _cell_problems(file: str, row: int, field: Field, value: str) -> Iterator[str]:
    if value == "":
        if field.required:
            yield "required value is empty"
        return
    if value != value.strip():
        yield f"value {value[:80]!r} has leading or trailing spaces"
    if control := CONTROL.search(value):
        yield f"contains the control character U+{ord(control.group()):04X} at position {control.start() + 1}; remove it"
    if field.type == "date" and parse_date(value) is None:
        yield f"{value!r} is not a date in the form YYYY-MM-DD"
    if field.type == "integer" and not re.fullmatch(r"-?[0-9]+", value):
        yield f"{value!r} is not a whole number"
    if field.enum and value not in field.enum:
        yield f"{value!r} is not one of the allowed codes: {', '.join(field.enum)}"
    if field.pattern and not re.fullmatch(field.pattern, value):
        yield f"{value!r} does not match the pattern {field.pattern}"
    if field.is_uri and not is_http_url(value):
        yield f"{value[:80]!r} is not an http(s) link"


def _check_fields(table: RawTable) -> Iterator[Problem]:
    file = table.resource.path
    for field in table.resource.fields:
        if field.name in table.missing:
            continue
        column = table.frame[field.name]
        for row, value in column.items():
            for message in _cell_problems(file, row, field, value):
                yield Problem(file, row, field.name, message)
        if field.unique:
            first_row: dict[str, int] = {}
            for row, value in column[column != ""].items():
                if value in first_row:
                    yield Problem(file, row, field.name, f"{value!r} is not unique (first used in row {first_row[value]})")
                else:
                    first_row[value] = row


def _check_foreign_keys(table: RawTable, tables: dict[str, RawTable]) -> Iterator[Problem]:
    file = table.resource.path
    for fk in table.resource.foreign_keys:
        target = tables.get(fk.resource)
        if target is None or fk.field in table.missing or fk.ref_field in target.missing:
            continue  # the missing table or column is reported on its own
        known = set(target.frame[fk.ref_field])
        column = table.frame[fk.field]
        for row, value in column[(column != "") & ~column.isin(known)].items():
            yield Problem(file, row, fk.field, f"{value!r} is not an {fk.ref_field} in {target.resource.path}")


def _dates(table: RawTable, column: str) -> dict[int, dt.date]:
    if column in table.missing:
        return {}
    return {row: d for row, v in table.frame[column].items() if (d := parse_date(v)) is not None}


def _check_designations(table: RawTable, today: dt.date) -> Iterator[Problem]:
    file = table.resource.path
    starts = _dates(table, "start_date")
    ends = _dates(table, "end_date")
    decisions = _dates(table, "decision_date") if "decision_date" in table.frame else {}
    for row, start in starts.items():
        if start > today:
            yield Problem(file, row, "start_date", f"{start} is in the future (today is {today}); record a measure once it has been taken")
        if row in ends and ends[row] < start:
            yield Problem(file, row, "end_date", f"{ends[row]} is before start_date {start}")
        if row in decisions and decisions[row] > start:
            yield Problem(file, row, "decision_date", f"{decisions[row]} is after start_date {start}: the decision a listing rests on comes before it")
    if "responds_to" in table.missing or "id" in table.missing:
        return
    ids = table.frame["id"]
    start_by_id = {ids[row]: d for row, d in starts.items()}
    for row, target in table.frame["responds_to"].items():
        if not target:
            continue
        if target == ids[row]:
            yield Problem(file, row, "responds_to", "a designation cannot respond to itself")
        elif target in start_by_id and row in starts and start_by_id[target] > starts[row]:
            yield Problem(file, row, "responds_to", f"{target!r} starts on {start_by_id[target]}, after this designation ({starts[row]}): a response must come after what it answers")
    yield from _check_links(table, "responds_to", "responses")


def on_loops(links: dict[str, str]) -> set[str]:
    """The keys whose chain of links (key -> links[key] -> ...) comes back to them: each loop, once.

    Linear in the number of links, without recursion: a 20,000-long parent chain is checked in
    milliseconds, where following every chain from every row took 46 s.
    """
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done
    looped: set[str] = set()
    for start in links:
        if start in state:
            continue
        path: list[str] = []
        node: str | None = start
        while node is not None and node in links and node not in state:
            state[node] = 1
            path.append(node)
            node = links[node] or None
        if node is not None and state.get(node) == 1:  # came back to the path: a loop from `node` on
            looped.update(path[path.index(node) :])
        for n in path:
            state[n] = 2
    return looped


def _check_links(table: RawTable, column: str, what: str) -> Iterator[Problem]:
    """Rows whose `column` (a link to another row's id) leads, step by step, back to the row itself."""
    if column in table.missing or "id" in table.missing:
        return
    ids, targets = table.frame["id"], table.frame[column]
    links = {i: t for i, t in zip(ids, targets) if i and t and i != t}
    looped = on_loops(links)
    for row, oid, target in zip(table.frame.index, ids, targets):
        if oid in looped:
            yield Problem(table.resource.path, row, column, f"{target!r} leads back to {oid!r}: {what} form a loop")


def _check_outlets(table: RawTable) -> Iterator[Problem]:
    file = table.resource.path
    if "parent_id" not in table.missing:
        for row, oid, pid in zip(table.frame.index, table.frame["id"], table.frame["parent_id"]):
            if oid and pid == oid:
                yield Problem(file, row, "parent_id", f"{pid!r} leads back to {oid!r}: parents form a loop")
        yield from _check_links(table, "parent_id", "parents")
    for column in ("name", "name_native", "aliases"):
        if column in table.missing or column not in table.frame:
            continue
        for row, value in table.frame[column].items():
            if hidden := INVISIBLE.search(value):
                yield Problem(
                    file, row, column, f"contains the invisible character U+{ord(hidden.group()):04X} at position {hidden.start() + 1} (it hides or reverses text); remove it"
                )


def check(package: Package, tables: dict[str, RawTable], today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    for table in tables.values():
        problems.extend(_check_fields(table))
        problems.extend(_check_foreign_keys(table, tables))
    if "designations" in tables:
        problems.extend(_check_designations(tables["designations"], today))
    if "outlets" in tables:
        problems.extend(_check_outlets(tables["outlets"]))
    if "registers" in tables and "designations" in tables:
        problems.extend(_check_registers(tables["registers"], tables["designations"]))
    if "registers" in tables and "sources" in tables:
        problems.extend(_check_copy_dates(tables["registers"], tables["sources"]))
    return problems


def _check_copy_dates(registers: RawTable, sources: RawTable) -> Iterator[Problem]:
    """`checked` means a comparison happened: an official source compared only as a copy shows the copy's date."""
    if {"source_id", "copy_date"} & registers.missing or {"id", "checked"} & sources.missing:
        return
    copies = {s: parse_date(d) for s, d in zip(registers.frame["source_id"], registers.frame["copy_date"]) if s and d}
    for row, sid, checked in zip(sources.frame.index, sources.frame["id"], sources.frame["checked"]):
        copy, when = copies.get(sid), parse_date(checked)
        if copy and when and when > copy:
            yield Problem(sources.resource.path, row, "checked", f"{when} is after {copy}, the date of the newest copy compared (registers.csv): `checked` shows the copy's date")


def _check_registers(registers: RawTable, designations: RawTable) -> Iterator[Problem]:
    """Every designation belongs to exactly one register (registry.registers)."""
    if {"id", "jurisdiction", "designations"} & registers.missing or {"jurisdiction", "designation"} & designations.missing:
        return
    r, d = registers.frame, designations.frame
    rules = zip(r.index, r["id"], r["jurisdiction"], r["designations"])
    rows = zip(d.index, d["jurisdiction"], d["designation"])
    paths = {"registers": registers.resource.path, "designations": designations.resource.path}
    for table, row, column, message in registers_rules.check_rules(rules, rows):
        yield Problem(paths[table], row, column, message)


def _check_descriptor(package: Package) -> Iterator[Problem]:
    for name, columns in NEEDED.items():
        if name not in package.resources:
            yield Problem("datapackage.json", None, None, f"does not declare the table {name!r}, which the registry needs")
            continue
        resource = package.resources[name]
        for column, type_ in columns.items():
            if column not in resource.field_names:
                yield Problem("datapackage.json", None, None, f"table {name!r} does not declare the column {column!r}, which the registry needs")
            elif resource.field(column).type != type_:
                yield Problem("datapackage.json", None, None, f"table {name!r}, column {column!r}: type {resource.field(column).type!r}, the registry needs {type_!r}")


def _check_changelog(data_dir: Path) -> Iterator[Problem]:
    """The release notes must read as they are shown (the What changed page reads them)."""
    from registry.changelog import CHANGELOG, ChangelogError, read_changelog

    try:
        read_changelog(Path(data_dir) / CHANGELOG)
    except ChangelogError as e:
        where, _, message = str(e).partition(": ")
        line = re.search(r"line (\d+)", where)
        yield Problem(CHANGELOG, int(line.group(1)) if line else None, None, message)


def read_and_check(data_dir: Path, today: dt.date | None = None) -> tuple[Package | None, dict[str, RawTable], list[Problem]]:
    """The package, its tables as text and every problem; an interrupted apply is undone first."""
    try:
        with journal.reading(data_dir):
            return _read_and_check(data_dir, today)
    except OSError as e:  # the undo of an interrupted apply needs write access
        return None, {}, [Problem(journal.JOURNAL, None, None, journal.readonly_problem(Path(data_dir), e))]


def _read_and_check(data_dir: Path, today: dt.date | None = None) -> tuple[Package | None, dict[str, RawTable], list[Problem]]:
    try:
        package = read_package(data_dir)
    except SchemaError as e:
        return None, {}, [Problem("datapackage.json", None, None, str(e).split(": ", 1)[-1])]
    contract = list(_check_descriptor(package))
    if contract:
        return None, {}, contract
    tables, problems = read_tables(data_dir, package.resources)
    problems.extend(check(package, tables, today))
    problems.extend(_check_changelog(data_dir))
    return package, tables, sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))


def validate(data_dir: str | Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every problem in a data directory; an empty list means it is valid."""
    return read_and_check(resolve_data_dir(data_dir), today)[2]
