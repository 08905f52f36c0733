"""Writing what the registry produces (exports, diffs, reports): the one place a file is written for a user.

Rules, the same for every command:

- ``-`` is standard output; a reader that goes away (broken pipe) or a full disk ends with a
  one-line message, never a traceback.
- Otherwise the target is a regular file, written atomically (a temporary file beside it, then a
  rename), with the usual permissions; a read-only file is refused, as opening it would be.
- A directory (or a name ending in ``/``) is refused: name a file.
- A symbolic link, device, FIFO or socket is never replaced. With ``force`` the bytes are written
  into it (through the link, to the device or pipe) instead, as a shell redirection would.
- Nothing is ever written into a protected directory (the data directory), through a link or a
  hard link either: an export must not overwrite a curated table.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from registry.errors import RegistryError

STDOUT = "-"


class OutputError(RegistryError):
    """The output was not written; the message names the target and why."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.relative_to(directory)
    except ValueError:
        return False
    return True


def _check_protected(target: Path, shown: str, protect: Iterable[str | os.PathLike[str]]) -> None:
    real = Path(os.path.realpath(target))
    try:
        st = target.stat()
    except OSError:
        st = None
    for directory in protect:
        d = Path(os.path.realpath(directory))
        if not d.is_dir():
            continue
        if _inside(real, d):
            raise OutputError(f"{shown}: is inside the data directory {directory}; write exports elsewhere")
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
            for entry in d.iterdir():
                try:
                    other = entry.stat()
                except OSError:
                    continue
                if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                    raise OutputError(f"{shown}: is a hard link to {entry}, inside the data directory; write exports elsewhere")


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_stdout(data: bytes) -> None:
    """Write to standard output; a closed pipe or a full disk is an OutputError, not a traceback."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader left (`registry export | head`): send whatever Python flushes at exit to
        # /dev/null, or the interpreter prints its own "Exception ignored" message about the pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise OutputError("standard output: the reader closed the pipe before the end") from None
    except OSError as e:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise OutputError(f"standard output: cannot write: {e.strerror or e}") from None


def write_file(
    target: str | os.PathLike[str],
    data: bytes,
    *,
    protect: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> str:
    """Write `data` to `target` (``-``: standard output) by the rules above; returns where it went."""
    text = os.fspath(target)
    if text == STDOUT:
        write_stdout(data)
        return "standard output"
    shown = text[:200]
    if not text or "\x00" in text:
        raise OutputError(f"{shown!r}: not a file name")
    if text.endswith(("/", os.sep)):
        raise OutputError(f"{shown}: names a directory; name the file to write (e.g. {shown.rstrip('/')}/export.csv)")
    path = Path(text)
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise OutputError(f"{shown}: cannot write: {e.strerror or e}") from None
    _check_protected(path, shown, protect)
    kind = _kind(info.st_mode) if info is not None else None
    if kind == "directory" or (kind == "symbolic link" and path.is_dir()):
        raise OutputError(f"{shown}: is a directory; name a file")
    if kind is not None:
        if not force:
            raise OutputError(f"{shown}: is a {kind}; not replaced (use --force to write into it)")
        try:
            with open(path, "wb") as fh:  # through the link, into the device or pipe: like `>`
                fh.write(data)
        except OSError as e:
            raise OutputError(f"{shown}: cannot write: {e.strerror or e}") from None
        return text
    if not path.parent.is_dir():
        raise OutputError(f"{shown}: cannot write: the directory {str(path.parent)[:200]} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode()
    if info is not None and not mode & 0o222:
        raise OutputError(f"{shown}: cannot write: the file is read-only")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)  # mkstemp creates 0600; the output gets the usual permissions
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        reason = e.strerror or str(e)
        if e.errno == errno.ENAMETOOLONG:
            reason = "the file name is too long"
        raise OutputError(f"{shown}: cannot write: {reason}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return text
