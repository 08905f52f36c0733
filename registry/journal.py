"""Replacing several files of a data directory as one step that a crash cannot tear.

The steps of ``replace_all`` (under an exclusive lock on the directory):

1. each new file is staged beside its target (``.<name>.<token>.part``, synced);
2. each existing target gets a backup, a hard link ``.<name>.<token>.orig`` to its current bytes;
3. the journal ``.apply-journal.json`` is written and synced: it lists targets, parts and backups;
4. the parts are renamed over their targets, one by one;
5. the journal is removed (from here on the new files stand), then the backups.

``recover`` (run by every reader, see ``registry.validate.read_and_check``) finishes what a killed
writer left: with a journal, every target is put back from its backup (or removed when it did not
exist), so the directory is as before the apply; without one, stray parts and backups are removed.
A reader holds a shared lock while it reads, so it never sees a directory between steps 4 and 5.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

JOURNAL = ".apply-journal.json"
_STRAY_SUFFIXES = (".part", ".orig", ".restore")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(directory: Path, exclusive: bool) -> Iterator[None]:
    """An flock on the directory itself (no lock file is left behind); shared for readers."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # no such directory: the reader reports that on its own
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def _strays(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.startswith(".") and p.name.endswith(_STRAY_SUFFIXES)]


def needs_recovery(directory: Path) -> bool:
    try:
        return (directory / JOURNAL).exists() or bool(_strays(directory))
    except OSError:
        return False


def _put_back(backup: Path, target: Path) -> None:
    try:
        os.replace(backup, target)
    except OSError:  # a disk that refuses renames may still take a write in place
        target.write_bytes(backup.read_bytes())
        backup.unlink()


def _roll_back(directory: Path, entries: list[dict]) -> None:
    for entry in reversed(entries):
        target = directory / entry["name"]
        if entry.get("backup"):
            backup = directory / entry["backup"]
            if backup.exists():
                _put_back(backup, target)
            # else: already put back by an earlier, interrupted recovery
        elif entry.get("existed") is False:
            target.unlink(missing_ok=True)
    _fsync_dir(directory)


def recover(directory: str | os.PathLike[str]) -> bool:
    """Undo an interrupted replace_all (see the module docstring); True when something was done.

    The caller holds the exclusive lock. Raises OSError when the directory cannot be written.
    """
    directory = Path(directory)
    journal = directory / JOURNAL
    done = False
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError):
            entries = None  # written only in part: the writer died before step 4, nothing was swapped
        if entries:
            _roll_back(directory, entries)
        journal.unlink()
        done = True
    for stray in _strays(directory):
        stray.unlink(missing_ok=True)
        done = True
    if done:
        _fsync_dir(directory)
    return done


@contextlib.contextmanager
def reading(directory: str | os.PathLike[str]) -> Iterator[None]:
    """Read a data directory in a consistent state: recover a crashed apply first, hold a shared lock."""
    directory = Path(directory)
    if needs_recovery(directory):
        with locked(directory, exclusive=True):
            recover(directory)
    with locked(directory, exclusive=False):
        yield


def _write_synced(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, mode)


def replace_all(directory: Path, contents: dict[str, bytes], modes: dict[str, int], *, before_swap=None) -> None:
    """Replace the files named in `contents` together, or not at all (see the module docstring).

    `before_swap()` runs under the lock once everything is staged (a last check: raise to cancel).
    An exception at any step leaves the directory as it was.
    """
    token = secrets.token_hex(4)
    with locked(directory, exclusive=True):
        recover(directory)
        entries: list[dict] = []
        committed = False
        try:
            for name, data in contents.items():
                entry: dict = {"name": name, "part": f".{name}.{token}.part", "backup": None, "existed": (directory / name).exists()}
                entries.append(entry)
                _write_synced(directory / entry["part"], data, modes[name])
            if before_swap is not None:
                before_swap()
            for entry in entries:
                if entry["existed"]:
                    entry["backup"] = f".{entry['name']}.{token}.orig"
                    os.link(directory / entry["name"], directory / entry["backup"])
            _fsync_dir(directory)
            _write_synced(directory / JOURNAL, json.dumps({"version": 1, "files": entries}).encode("utf-8"), 0o644)
            _fsync_dir(directory)
            committed = True
            for entry in entries:
                os.replace(directory / entry["part"], directory / entry["name"])
            _fsync_dir(directory)
            (directory / JOURNAL).unlink()
        except BaseException:
            if committed:
                _roll_back(directory, entries)
                (directory / JOURNAL).unlink(missing_ok=True)
            for entry in entries:
                with contextlib.suppress(OSError):
                    (directory / entry["part"]).unlink(missing_ok=True)
                if entry["backup"]:
                    with contextlib.suppress(OSError):
                        (directory / entry["backup"]).unlink(missing_ok=True)
            raise
        for entry in entries:
            if entry["backup"]:
                with contextlib.suppress(FileNotFoundError):
                    (directory / entry["backup"]).unlink()
        _fsync_dir(directory)


def readonly_problem(directory: Path, error: OSError) -> str:
    """The message when an interrupted apply cannot be undone because the directory is read-only."""
    reason = "permission denied" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else (error.strerror or str(error))
    return f"an interrupted import left {JOURNAL} or staged files, and they cannot be undone ({reason}); run 'registry validate' with write access"
