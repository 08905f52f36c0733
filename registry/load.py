"""Loading the registry: read, validate on the way in, and type the tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from registry.errors import RegistryError
from registry.paths import data_dir as resolve_data_dir
from registry.problems import Problem
from registry.schema import Package
from registry.tables import RawTable
from registry.validate import read_and_check

if TYPE_CHECKING:
    from registry.index import QueryIndex


class DataValidationError(RegistryError):
    """The data does not validate; `problems` lists each one (file, row, column, message)."""

    def __init__(self, data_dir: Path, problems: list[Problem]):
        self.data_dir = data_dir
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{data_dir}: {len(problems)} problem(s)\n{shown}{more}")


@dataclass(frozen=True, eq=False)
class Registry:
    """The typed tables of one data directory. Blank cells are missing values; dates are datetime64."""

    data_dir: Path
    package: Package
    tables: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def outlets(self) -> pd.DataFrame:
        return self.tables["outlets"]

    @property
    def designations(self) -> pd.DataFrame:
        return self.tables["designations"]

    @property
    def designation_types(self) -> pd.DataFrame:
        return self.tables["designation_types"]

    @property
    def laws(self) -> pd.DataFrame:
        return self.tables["laws"]

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables["sources"]

    @property
    def countries(self) -> pd.DataFrame:
        return self.tables["countries"]

    @property
    def version(self) -> str:
        return self.package.version

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per designation joined with its outlet (computed once per load)."""
        from registry.query import build_table

        return build_table(self)

    @cached_property
    def index(self) -> QueryIndex:
        """Codes, dates as integers, newest-first order and search keys of `table` (computed once per load)."""
        from registry.index import QueryIndex

        return QueryIndex(self.table)


def _typed(raw: RawTable) -> pd.DataFrame:
    frame = raw.frame.reset_index(drop=True)
    columns: dict[str, pd.Series] = {}
    for f in raw.resource.fields:
        values = frame[f.name].replace("", None)
        if f.type == "date":
            columns[f.name] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
        else:
            columns[f.name] = values.astype("str")
    return pd.DataFrame(columns)


def load(data_dir: str | Path | None = None, today: dt.date | None = None) -> Registry:
    """Load and validate a data directory (default: the packaged data/, or $REGISTRY_DATA).

    Raises DataValidationError listing every problem when the data does not validate.
    """
    path = resolve_data_dir(data_dir)
    package, raw, problems = read_and_check(path, today)
    if problems or package is None:
        raise DataValidationError(path, problems)
    return Registry(path, package, {name: _typed(t) for name, t in raw.items()})
