"""Where the data lives: the packaged data/ unless REGISTRY_DATA names another directory."""

import errno
import os
import stat
from pathlib import Path

PACKAGED_DATA = Path(__file__).resolve().parents[1] / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("REGISTRY_DATA")
    return Path(env) if env else PACKAGED_DATA


def read_data_file(directory: str | os.PathLike[str], name: str) -> bytes:
    """The bytes of a file of the data directory: a regular file directly inside it, never through a link.

    A table linked to a system file would otherwise be read and shown to every visitor. Raises
    FileNotFoundError when absent, OSError (with a reason for a reader) when not a regular file.
    """
    path = Path(directory) / name
    if "\x00" in name or Path(name).name != name or name in ("", ".", ".."):
        raise OSError(errno.EINVAL, "not a file name inside the data directory", str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "is a symbolic link; data files must be regular files inside the data directory", str(path)) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "is not a regular file (a device, pipe or directory); data files must be regular files", str(path))
        return fh.read()
