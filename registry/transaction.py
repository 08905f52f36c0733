"""Writing several files of a data directory together: validated first, then swapped in atomically.

A table is kept as text rows (``CsvTable``) so that what is not changed is written back byte for
byte. ``write_atomically`` validates the new contents in a temporary copy of the directory, checks
that no one saved a file meanwhile, stages each file beside its original and swaps it in with
``registry.journal``: if anything fails, KeyboardInterrupt or a kill included, the directory is as
it was (a killed apply is undone by the next reader).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry import journal
from registry.errors import RegistryError
from registry.paths import read_data_file
from registry.problems import Problem
from registry.schema import read_package
from registry.validate import validate


class WriteError(RegistryError):
    """The new contents were not written: they would not validate, or a file changed meanwhile."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        super().__init__(message)


class _Lines:
    """The lines a csv.reader consumes, kept so that each record's exact text is known."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))  # splits at \n, \r\n and \r, endings kept
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line

    def take(self) -> str:
        text, self.taken = "".join(self.taken), []
        return text


@dataclass
class CsvTable:
    """A data CSV as text rows, so that what is not changed is written back byte for byte.

    Each row read keeps its exact text (quoting, line end, blank lines before it); ``to_bytes``
    writes a row that still holds what was read as that text, the byte-order mark and header as they
    were, and only new or changed rows in the file's own line ending. A no-op gives the same bytes.
    """

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    original: bytes
    _raw: dict[int, tuple[dict[str, str], str]] = field(default_factory=dict, repr=False)  # id(row) -> (as read, text)
    _head: str | None = None  # byte-order mark and header line as read
    _tail: str = ""  # blank lines after the last record
    _newline: str = "\n"

    @classmethod
    def read(cls, path: Path, header: list[str] | None = None) -> CsvTable:
        try:
            data = read_data_file(path.parent, path.name)
        except FileNotFoundError:
            if header is None:
                raise
            return cls(path, list(header), [], b"")  # a table declared but not yet written
        text = data.decode("utf-8")
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        lines = _Lines(text[len(bom) :])
        reader = csv.reader(lines)
        names = [h.strip() for h in next(reader, [])]
        head = bom + lines.take()
        rows: list[dict[str, str]] = []
        raw: dict[int, tuple[dict[str, str], str]] = {}
        pending = ""
        for record in reader:
            if not record:  # a blank line: kept with the record after it
                pending += lines.take()
                continue
            row = dict(zip(names, record))
            rows.append(row)
            raw[id(row)] = (dict(row), pending + lines.take())
            pending = ""
        first_end = next((line[len(line.rstrip("\r\n")) :] for line in io.StringIO(text, newline="") if line.endswith(("\n", "\r"))), "\n")
        return cls(path, names or list(header or []), rows, data, raw, head, pending, first_end)

    def _format(self, values: list[str]) -> str:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=self._newline).writerow(values)
        return out.getvalue()

    def to_bytes(self) -> bytes:
        parts = [self._head if self._head is not None else self._format(self.header)]
        for row in self.rows:
            kept = self._raw.get(id(row))
            if parts and not parts[-1].endswith(("\n", "\r")):
                parts.append(self._newline)  # the last line of the file had no line end
            if kept is not None and kept[0] == row:
                parts.append(kept[1])
            else:
                parts.append(self._format([row.get(c, "") for c in self.header]))
        parts.append(self._tail)
        return "".join(parts).encode("utf-8")

    def by(self, column: str) -> dict[str, dict[str, str]]:
        return {r[column]: r for r in self.rows}

    def insert(self, row: dict[str, str], sort_key: Callable[[dict[str, str]], Any]) -> None:
        """Add a row; a file kept in order stays in order, otherwise the row goes at the end."""
        full = {c: row.get(c, "") for c in self.header}
        keys = [sort_key(r) for r in self.rows]
        if keys == sorted(keys):
            at = next((i for i, k in enumerate(keys) if k > sort_key(full)), len(self.rows))
            self.rows.insert(at, full)
        else:
            self.rows.append(full)


def _validate_copy(data_dir: Path, contents: dict[str, bytes], today: dt.date) -> list[Problem]:
    package = read_package(data_dir)
    with tempfile.TemporaryDirectory(prefix="registry-apply-") as tmp:
        copy = Path(tmp)
        shutil.copy2(data_dir / "datapackage.json", copy / "datapackage.json")
        for resource in package.resources.values():
            if (data_dir / resource.path).exists():
                shutil.copy2(data_dir / resource.path, copy / resource.path)
        for name, data in contents.items():
            (copy / name).write_bytes(data)
        return validate(copy, today)


def _mode(path: Path) -> int:
    """The permissions a replacement should have: the original's, or the usual ones for a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(data_dir: Path, contents: dict[str, bytes], originals: dict[str, bytes], *, today: dt.date | None = None) -> None:
    """Replace several files of a data directory together, or not at all.

    The new contents must validate in a temporary copy of the directory; each file must still hold
    what was read (another editor may have saved it meanwhile). The swap itself is
    ``registry.journal.replace_all``: an exception, or a kill at any point, leaves the old files.
    """
    if not contents:
        return
    problems = _validate_copy(data_dir, contents, today or dt.date.today())
    if problems:
        shown = "\n".join(str(p) for p in problems[:20])
        raise WriteError(f"the updated data would not validate ({len(problems)} problem(s)); data/ is unchanged\n{shown}", problems)

    def unchanged() -> None:
        for name in contents:
            try:
                now = read_data_file(data_dir, name)
            except FileNotFoundError:
                now = b""
            if now != originals.get(name, b""):
                raise WriteError(f"{data_dir / name} changed while the import ran (someone saved it); data/ is unchanged: re-run the import")

    journal.replace_all(Path(data_dir), contents, {name: _mode(Path(data_dir) / name) for name in contents}, before_swap=unchanged)
