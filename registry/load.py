"""Loading the registry: read, validate on the way in, and type the tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from registry import rollup
from registry.errors import RegistryError
from registry.paths import data_dir as resolve_data_dir
from registry.problems import Problem
from registry.schema import Package
from registry.search_keys import fold
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


OUTLET_COLUMNS = {
    "name": "outlet_name",
    "name_native": "outlet_name_native",
    "aliases": "outlet_aliases",
    "kind": "outlet_kind",
    "country": "outlet_country",
    "parent_id": "outlet_parent_id",
}


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
        return build_table(self)

    @cached_property
    def outlet_rows(self) -> pd.DataFrame:
        """The outlets table indexed by id (computed once per load)."""
        return self.outlets.set_index("id", drop=False)

    @cached_property
    def brand_of(self) -> dict[str, str]:
        """Outlet id -> its brand's id (registry.rollup.brands; computed once per load)."""
        return rollup.brands(self.outlets).to_dict()

    @cached_property
    def index(self) -> QueryIndex:
        """Codes, dates as integers, newest-first order and search keys of `table` (computed once per load)."""
        from registry.index import QueryIndex

        return QueryIndex(self.table)


def build_table(reg: Registry) -> pd.DataFrame:
    """One row per designation joined with its outlet; codes as categoricals; a folded search key."""
    outlets = reg.outlets.set_index("id")
    d = reg.designations.rename(columns={"id": "designation_id"})
    joined = d.join(outlets[list(OUTLET_COLUMNS)].rename(columns=OUTLET_COLUMNS), on="outlet_id")
    parent_names = outlets["name"].reindex(joined["outlet_parent_id"]).to_numpy()
    brand_ids = pd.Series(reg.brand_of, dtype="str").reindex(joined["outlet_id"]).to_numpy()
    brand = outlets[["name", "name_native", "aliases"]].reindex(brand_ids)
    joined["brand_id"] = pd.array(brand_ids, dtype="str")
    joined["brand_name"] = pd.array(brand["name"].to_numpy(), dtype="str")
    joined["outlet_label"] = pd.array([rollup.label(n, b) for n, b in zip(joined["outlet_name"], joined["brand_name"])], dtype="str")
    # str.cat rather than agg(" ".join, axis=1): the latter returns a DataFrame when there are no rows.
    parts = [joined[c].fillna("").astype(str) for c in ("outlet_name", "outlet_name_native", "outlet_aliases", "outlet_id", "registry_ref")]
    extra = [pd.Series(parent_names, index=joined.index), *(pd.Series(brand[c].to_numpy(), index=joined.index) for c in brand.columns)]
    search_text = parts[0].str.cat([*parts[1:], *(s.fillna("").astype(str) for s in extra)], sep=" ")
    joined["search_key"] = search_text.map(fold).astype("str")
    for col in ("jurisdiction", "designation", "legal_basis", "outlet_kind", "outlet_country"):
        joined[col] = joined[col].astype("category")
    return joined


def _typed(raw: RawTable) -> pd.DataFrame:
    frame = raw.frame.reset_index(drop=True)
    columns: dict[str, pd.Series] = {}
    for f in raw.resource.fields:
        values = frame[f.name].replace("", None)
        if f.type == "date":
            columns[f.name] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
        elif f.type == "integer":
            columns[f.name] = pd.to_numeric(values).astype("Int64")
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
