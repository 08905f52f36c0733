"""What changed in the designations between two versions of the data, like OpenSanctions' delta files.

A side is a data directory, or ``git:REV`` for the data/ of a git revision (``git:REV:DIR`` for
another directory), read with ``git show REV:DIR/<file>`` into a temporary directory. Each change
is a record ``{op, id, field, old, new}`` plus the row's ``outlet_id``, ``jurisdiction`` and
``designation``:

- ``added``: a designation id that is new (``field``, ``old``, ``new`` empty);
- ``relisted``: an added row for an outlet + jurisdiction + designation whose previous row had
  ended by the new row's start (``old`` holds that previous row's id);
- ``ended``: ``end_date`` newly set (and ``end_reason`` set with it): one record per field;
- ``removed``: a designation id that is gone (``field``, ``old``, ``new`` empty);
- ``corrected``: any other change of a field of a designation present on both sides, one record per field.

``--format markdown`` drafts the data/CHANGES.md entry of the newer side (its version and date).

Sides are compared as text, column by column, as the CSV files hold them; neither has to validate
under today's rules (an old release need not).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from registry.errors import RegistryError

OPS = ("added", "relisted", "ended", "removed", "corrected")
REPORT_FORMATS = ("text", "csv", "json", "markdown")
RECORD_FIELDS = ("op", "id", "outlet_id", "jurisdiction", "designation", "field", "old", "new")
_CONTEXT = ("outlet_id", "jurisdiction", "designation")


_SIMPLE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}")


class DiffError(RegistryError):
    """A side cannot be read (no such directory, revision or file)."""


@dataclass(frozen=True)
class Side:
    label: str
    version: str
    created: str
    designations: dict[str, dict[str, str]]  # id -> row, every cell as text
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Delta:
    old: Side
    new: Side
    records: list[dict[str, str | None]]

    def counts(self) -> dict[str, int]:
        found = Counter(r["op"] for r in self.records if r["op"] != "corrected")
        out = {op: found.get(op, 0) for op in OPS}
        out["ended"] = len({r["id"] for r in self.records if r["op"] == "ended"})
        out["corrected"] = len({r["id"] for r in self.records if r["op"] == "corrected"})
        return out

    @property
    def empty(self) -> bool:
        return not self.records


def _read_side(directory: Path, label: str) -> Side:
    descriptor = directory / "datapackage.json"
    try:
        package = _descriptor(descriptor.read_bytes(), f"{label}: {descriptor}")
    except FileNotFoundError:
        raise DiffError(f"{label}: no datapackage.json in {directory}") from None
    except OSError as e:
        raise DiffError(f"{label}: {descriptor} unreadable: {e.strerror or e}") from None
    paths = dict(zip((r.get("name") for r in package.get("resources", [])), _resource_paths(package)))
    path = paths.get("designations", "designations.csv")
    try:
        text = (directory / path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DiffError(f"{label}: no {path} in {directory}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DiffError(f"{label}: {directory / path} unreadable: {e}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = {row["id"]: {k: (v or "") for k, v in row.items() if k is not None} for row in reader if row.get("id")}
    return Side(label, str(package.get("version", "")), str(package.get("created", ""))[:10], rows, tuple(reader.fieldnames or ()))


def _git_show(rev: str, path: str) -> bytes | None:
    try:
        # --end-of-options: whatever the revision says, git reads it as a revision, never as an option.
        result = subprocess.run(["git", "show", "--end-of-options", f"{rev}:{path}"], capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "does not exist" in message or "exists on disk, but not in" in message:
            return None
        raise DiffError(f"git:{rev}: {message or 'git show failed'}")
    return result.stdout


@contextmanager
def materialise(spec: str) -> Iterator[Path]:
    """A directory holding the data of ``spec``: the directory itself, or a git revision's files in a temp dir."""
    if not spec.startswith("git:"):
        path = Path(spec)
        if not path.is_dir():
            raise DiffError(f"{spec}: not a directory (use git:REV for a git revision)")
        yield path
        return
    rev, _, directory = spec[4:].partition(":")
    directory = (directory or "data").strip("/")
    if not rev:
        raise DiffError(f"{spec}: name a revision, e.g. git:HEAD or git:v0.1.0")
    if rev.startswith("-") or any(ch.isspace() or not ch.isprintable() for ch in rev):
        raise DiffError(f"{spec[:80]!r}: not a revision (a revision never starts with '-' nor holds spaces)")
    descriptor = _git_show(rev, f"{directory}/datapackage.json")
    if descriptor is None:
        raise DiffError(f"{spec}: {directory}/datapackage.json is not in revision {rev}")
    with tempfile.TemporaryDirectory(prefix="registry-diff-") as tmp:
        target = Path(tmp)
        (target / "datapackage.json").write_bytes(descriptor)
        for name in _resource_paths(_descriptor(descriptor, f"{spec}: {directory}/datapackage.json")):
            data = _git_show(rev, f"{directory}/{name}")
            if data is not None:
                (target / name).write_bytes(data)
        yield target


def _descriptor(data: bytes, label: str) -> dict:
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise DiffError(f"{label}: unreadable: {str(e)[:200]}") from None
    if not isinstance(package, dict) or not isinstance(package.get("resources", []), list):
        raise DiffError(f"{label}: not a data package descriptor (expected a JSON object with a list of resources)")
    return package


def _resource_paths(package: dict) -> list[str]:
    """The resources' file names; a path that would leave the directory is refused."""
    paths = []
    for resource in package.get("resources", []):
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not _SIMPLE_NAME.fullmatch(path):
            raise DiffError(f"resource path {str(path)[:80]!r}: must be a file name inside the data directory")
        paths.append(path)
    return paths


def _record(
    op: str, row: dict[str, str], field: str | None = None, old: str | None = None, new: str | None = None
) -> dict[str, str | None]:
    return {"op": op, "id": row["id"], **{c: row.get(c, "") for c in _CONTEXT}, "field": field, "old": old, "new": new}


def _previous_ended(row: dict[str, str], rows: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The latest other row of the same outlet, jurisdiction and measure that had ended by this row's start."""
    same = [
        r
        for r in rows.values()
        if r["id"] != row["id"]
        and all(r.get(c, "") == row.get(c, "") for c in _CONTEXT)
        and r.get("start_date", "") <= row.get("start_date", "")
    ]
    if not same:
        return None
    latest = max(same, key=lambda r: (r.get("start_date", ""), r["id"]))
    end = latest.get("end_date", "")
    return latest if end and end <= row.get("start_date", "") else None


def compare(old: Side, new: Side) -> Delta:
    records: list[dict[str, str | None]] = []
    for did in sorted(new.designations.keys() - old.designations.keys()):
        row = new.designations[did]
        previous = _previous_ended(row, new.designations)
        records.append(_record("relisted", row, old=previous["id"]) if previous else _record("added", row))
    for did in sorted(old.designations.keys() & new.designations.keys()):
        before, after = old.designations[did], new.designations[did]
        ending = not before.get("end_date", "") and bool(after.get("end_date", ""))
        for column in [c for c in new.columns if c != "id"] + [c for c in old.columns if c not in new.columns]:
            a, b = before.get(column, ""), after.get(column, "")
            if a == b:
                continue
            op = "ended" if ending and column in ("end_date", "end_reason") else "corrected"
            records.append(_record(op, after, column, a, b))
    for did in sorted(old.designations.keys() - new.designations.keys()):
        records.append(_record("removed", old.designations[did]))
    order = {op: i for i, op in enumerate(OPS)}
    records.sort(key=lambda r: order[str(r["op"])])  # stable: ids stay sorted within each op
    return Delta(old, new, records)


def diff(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> Delta:
    """Compare the designations of two data directories or git revisions (see the module docstring)."""
    with materialise(str(old)) as a, materialise(str(new)) as b:
        return compare(_read_side(a, str(old)), _read_side(b, str(new)))


# --- output -----------------------------------------------------------------------------------

_HEADINGS = {"added": "Added", "relisted": "Re-listed", "ended": "Ended", "removed": "Removed", "corrected": "Corrected"}


def summary(delta: Delta) -> str:
    c = delta.counts()
    return (
        f"{c['added']} added · {c['relisted']} re-listed · {c['ended']} ended · {c['removed']} removed · "
        f"{c['corrected']} corrected ({sum(1 for r in delta.records if r['op'] == 'corrected')} field changes)"
    )


def _side(s: Side) -> str:
    return f"{s.label} (version {s.version or '?'}, {s.created or 'undated'}, {len(s.designations)} designations)"


def text(delta: Delta) -> str:
    lines = [f"designations: {_side(delta.old)} → {_side(delta.new)}", summary(delta)]
    for op, heading in _HEADINGS.items():
        records = [r for r in delta.records if r["op"] == op]
        if not records:
            continue
        lines += ["", f"{heading} [{len({r['id'] for r in records})}]"]
        for r in records:
            what = f"{r['id']} · {r['outlet_id']} · {r['jurisdiction']} {r['designation']}"
            if op in ("added", "removed"):
                side = delta.new if op == "added" else delta.old
                row = side.designations[str(r["id"])]
                span = f"from {row.get('start_date', '')}" + (f" to {row['end_date']}" if row.get("end_date") else "")
                lines.append(f"  {'+' if op == 'added' else '-'} {what} · {span}")
            elif op == "relisted":
                row, previous = delta.new.designations[str(r["id"])], delta.new.designations[str(r["old"])]
                lines.append(
                    f"  + {what} · from {row.get('start_date', '')} · previous row {r['old']} ended {previous.get('end_date', '')}"
                )
            else:
                lines.append(f"  ~ {what} · {r['field']}: {r['old']!r} → {r['new']!r}")
    if delta.empty:
        lines += ["", "No change in the designations."]
    return "\n".join(lines) + "\n"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _by_measure(rows: list[dict[str, str]]) -> str:
    counts = Counter(f"{r.get('jurisdiction', '')} {r.get('designation', '')}" for r in rows)
    return ", ".join(f"{measure} {n}" for measure, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def release_notes(delta: Delta, intro: str = "") -> str:
    """A draft CHANGES.md entry for the newer side: counts of what was added, ended, corrected, removed."""
    new_rows = delta.new.designations
    added = [new_rows[str(r["id"])] for r in delta.records if r["op"] in ("added", "relisted")]
    relisted = sum(1 for r in delta.records if r["op"] == "relisted")
    with_end = sum(1 for row in added if row.get("end_date"))
    ended = [new_rows[i] for i in dict.fromkeys(str(r["id"]) for r in delta.records if r["op"] == "ended")]
    corrected = [r for r in delta.records if r["op"] == "corrected"]
    removed = [delta.old.designations[str(r["id"])] for r in delta.records if r["op"] == "removed"]
    lines = [f"## {delta.new.version or '?'} — {delta.new.created or '?'}", ""]
    if intro:
        lines += [intro, ""]
    lines += ["### Added"]
    if added:
        note = []
        if relisted:
            note.append(f"{relisted} re-listed")
        if with_end:
            note.append(f"{with_end} already ended")
        lines.append(f"- {_n(len(added), 'designation')}" + (f" ({'; '.join(note)})" if note else "") + f": {_by_measure(added)}.")
    else:
        lines.append("- None.")
    lines += ["", "### Ended", f"- {_n(len(ended), 'designation')}: {_by_measure(ended)}." if ended else "- None."]
    lines += ["", "### Corrected"]
    if not corrected:
        lines.append("- None.")
    for r in corrected:
        lines.append(f"- {r['id']} {r['field']}: {r['old'] or '(blank)'} → {r['new'] or '(blank)'}.")
    if removed:
        lines += ["", "### Removed", f"- {_n(len(removed), 'designation')}: {', '.join(row['id'] for row in removed)}."]
    return "\n".join(lines) + "\n"


def render(delta: Delta, fmt: str) -> bytes:
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(REPORT_FORMATS)}")
    if fmt == "text":
        return text(delta).encode("utf-8")
    if fmt == "json":
        return (json.dumps(delta.records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "markdown":
        return release_notes(delta).encode("utf-8")
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in delta.records)
    return out.getvalue().encode("utf-8")
