"""Importers of official sources: one module per source, all the same shape (see ``base``).

Each module has ``SOURCE`` (a ``base.SourceInfo``) and ``parse(path, *, expected_rows=None)``
returning a DataFrame in that source's canonical columns, without network access.
"""

from __future__ import annotations

from types import ModuleType

from registry.errors import RegistryError
from registry.importers import ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara
from registry.importers.base import ImportFormatError, SourceInfo

SOURCES: dict[str, ModuleType] = {module.SOURCE.name: module for module in (ru_minjust_foreign_agents, ru_minjust_undesirable, us_fara)}


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


__all__ = ["SOURCES", "ImportFormatError", "SourceInfo", "UnknownSourceError", "get"]
