"""Writing several files of a data directory together: validated first, then swapped in atomically.

A table is kept as text rows (``CsvTable``) so that what is not changed is written back byte for
byte. ``write_atomically`` validates the new contents in a temporary copy of the directory, checks
that no one saved a file meanwhile, stages each file beside its original and swaps it in with
``os.replace``; if anything fails, KeyboardInterrupt included, the files already swapped get their
original bytes back, so the directory is as it was.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry.errors import RegistryError
from registry.problems import Problem
from registry.schema import read_package
from registry.validate import validate


class WriteError(RegistryError):
    """The new contents were not written: they would not validate, or a file changed meanwhile."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        super().__init__(message)


@dataclass
class CsvTable:
    """A data CSV as text rows, so that what is not changed is written back byte for byte."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    original: bytes

    @classmethod
    def read(cls, path: Path, header: list[str] | None = None) -> CsvTable:
        if not path.exists():
            if header is None:
                raise FileNotFoundError(path)
            return cls(path, list(header), [], b"")  # a table declared but not yet written
        data = path.read_bytes()
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        rows = [dict(r) for r in reader]
        return cls(path, list(reader.fieldnames or header or []), rows, data)

    def to_bytes(self) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=self.header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")

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


def _restore(path: Path, data: bytes) -> None:
    """Put a file's original bytes back: by a fresh swap where possible, else by writing in place."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".restore", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        path.write_bytes(data)


def write_atomically(data_dir: Path, contents: dict[str, bytes], originals: dict[str, bytes], *, today: dt.date | None = None) -> None:
    """Replace several files of a data directory together, or not at all.

    The new contents must validate in a temporary copy of the directory; each file must still hold
    what was read (another editor may have saved it meanwhile). Files are staged beside the
    originals, then swapped in; if anything fails, those already swapped get their bytes back.
    """
    if not contents:
        return
    problems = _validate_copy(data_dir, contents, today or dt.date.today())
    if problems:
        shown = "\n".join(str(p) for p in problems[:20])
        raise WriteError(f"the updated data would not validate ({len(problems)} problem(s)); data/ is unchanged\n{shown}", problems)
    staged: dict[str, str] = {}
    swapped: list[str] = []
    try:
        for name, data in contents.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=data_dir)
            staged[name] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode(data_dir / name))  # mkstemp's 0600 would hide the file from other readers
        for name in contents:
            target = data_dir / name
            now = target.read_bytes() if target.exists() else b""
            if now != originals.get(name, b""):
                raise WriteError(f"{target} changed while the import ran (someone saved it); data/ is unchanged: re-run the import")
        for name, tmp in staged.items():
            os.replace(tmp, data_dir / name)
            swapped.append(name)
    except BaseException:
        for name in reversed(swapped):
            if originals.get(name):
                _restore(data_dir / name, originals[name])
            else:  # the file did not exist before
                (data_dir / name).unlink(missing_ok=True)
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        raise
