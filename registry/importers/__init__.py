"""Importers of official sources: one module per source, all the same shape (see ``base``).

Each module has ``SOURCE`` (a ``base.SourceInfo``), ``parse(path, *, expected_rows=None)``
returning a DataFrame in that source's canonical columns, without network access, and ``MAP`` (a
``registry.entries.SourceMap``): everything the review machinery needs about the source. Adding a
source is one new module listed in ``MODULES``, its name in the schema's ``source_exclusions.source``
enum and its row in sources.csv (a test checks the three agree).
"""

from __future__ import annotations

from types import ModuleType

from registry.entries import SourceMap
from registry.errors import RegistryError
from registry.importers import ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara
from registry.importers.base import ImportFormatError, SourceInfo

MODULES: tuple[ModuleType, ...] = (ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara)
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
