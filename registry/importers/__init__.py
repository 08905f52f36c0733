"""Importers of official sources: one module per source, all the same shape (see ``base``).

Each module has ``SOURCE`` (a ``base.SourceInfo``), ``parse(path, *, expected_rows=None)``
returning a DataFrame in that source's canonical columns, without network access, and ``MAP`` (a
``registry.entries.SourceMap``): everything the review machinery needs about the source. The modules
of this package are found, not listed: adding a source is one new module (plus its tests), and the
data rows it declares (its name in the schema's ``source_exclusions.source`` enum, its sources.csv
row and its register), which a test checks agree with the module.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from registry.entries import SourceMap
from registry.errors import RegistryError
from registry.importers.base import ImportFormatError, SourceInfo

SHARED = {"base"}  # the modules here that are not a source


def _discover() -> tuple[ModuleType, ...]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in SHARED and not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in names)


MODULES: tuple[ModuleType, ...] = _discover()
SOURCES: dict[str, ModuleType] = {module.SOURCE.name: module for module in MODULES}
MAPS: dict[str, SourceMap] = {module.SOURCE.name: module.MAP for module in MODULES}


class UnknownSourceError(RegistryError, KeyError):
    """A source name that has no importer."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


def get(name: str) -> ModuleType:
    """The importer module called ``name``."""
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownSourceError(f"no importer called {name!r}; valid names: {', '.join(sorted(SOURCES))}") from None


__all__ = ["MAPS", "MODULES", "SOURCES", "SourceMap", "ImportFormatError", "SourceInfo", "UnknownSourceError", "get"]
