"""Where the data lives: the packaged data/ unless REGISTRY_DATA names another directory."""

import os
from pathlib import Path

PACKAGED_DATA = Path(__file__).resolve().parents[1] / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("REGISTRY_DATA")
    return Path(env) if env else PACKAGED_DATA
